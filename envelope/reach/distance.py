"""Exact geodesic distances from many points to a segment's line, with one geodesic solution
per point in the common case.

The nearest line segment is chosen by 3-D chord distance (cheap, vectorised); the chord's foot
is moved onto the segment (straight in lon/lat) by one Newton step, and the geodesic from it gives
the distance. Other segments are solved too whenever the chord could rank
them wrongly (see ``_margin``), so the result equals :func:`envelope.geodesic.distance_to_line`
to < 1 mm; the tests compare the two on random and near-line points.
"""

from __future__ import annotations

import numpy as np

from .. import geodesic

_A = geodesic.GEOD.a
_E2 = geodesic.GEOD.es
#: Points handled per block: bounds the (points x candidates) work arrays to a few MB.
BLOCK = 32_768
#: Radii of curvature of WGS84 lie between a(1-e^2) and a^2/b; the chord-to-geodesic ratio
#: 1 + c^2 k^2 / 24 varies with direction and place by at most c^2 * this (see ``_margin``).
_RATIO_SPREAD = (1 / 6_335_439.0**2 - 1 / 6_399_594.0**2) / 24.0


class LineDistance:
    """A line prepared once (chords of its short segments in 3-D) for many distance queries."""

    def __init__(self, index: geodesic.LineIndex, *, workers: int = 1) -> None:
        self.index = index
        self.workers = workers
        xyz = geodesic._ecef(index.lon, index.lat)
        n = len(index.lon)
        nxt = np.minimum(np.arange(n) + 1, n - 1)
        # A launch point (an isolated vertex) is a segment of length 0 from itself to itself.
        step = np.where(index.has_next, 1.0, 0.0)
        self._a = xyz
        self._ab = (xyz[nxt] - xyz) * step[:, None]
        self._ab2 = np.einsum("ij,ij->i", self._ab, self._ab)
        self._dlon = (index.lon[nxt] - index.lon) * step
        self._dlat = (index.lat[nxt] - index.lat) * step
        # Segments leaving and entering each vertex (-1: none).
        self._out = np.where(index.has_next | index.isolated, np.arange(n), -1)
        entering = np.r_[-1, np.arange(n - 1)]
        self._in = np.where(np.r_[False, index.has_next[:-1]], entering, -1)
        # How far a segment (straight in lon/lat) bows away from its 3-D chord, at most: its
        # length squared over 8, times the curvature of such a curve on the ellipsoid
        # (<= (1 + tan(latitude)) / b for the Earth's bend and the lon/lat line's own turn).
        top = np.radians(min(89.0, float(np.abs(index.lat).max()) + 1.0))
        self._sag = index.max_seg**2 / 8.0 * (1.0 + np.tan(top)) / 6_356_752.0

    def __call__(self, lon, lat) -> np.ndarray:
        lon = np.ascontiguousarray(lon, dtype=float)
        lat = np.ascontiguousarray(lat, dtype=float)
        out = np.empty(len(lon))
        blocks = [slice(s, s + BLOCK) for s in range(0, len(lon), BLOCK)]

        def one(b: slice) -> None:
            out[b] = self._block(lon[b], lat[b])

        if self.workers > 1 and len(blocks) > 1:
            from concurrent.futures import ThreadPoolExecutor

            # kd-tree queries, numpy and GeographicLib all release the GIL
            with ThreadPoolExecutor(self.workers) as pool:
                list(pool.map(one, blocks))
        else:
            for b in blocks:
                one(b)
        return out

    def _block(self, lon: np.ndarray, lat: np.ndarray) -> np.ndarray:
        """Distances of one block: candidate vertices by the engine's chord bound, then the
        nearest candidate segment's foot."""
        if len(lon) == 0:
            return np.empty(0)
        p = geodesic._ecef(lon, lat)
        qi, vi = geodesic._candidate_vertices(self.index, lon, lat)
        return self._nearest(p, qi, vi, lon, lat)

    def _nearest(self, p, qi, vi, lon, lat) -> np.ndarray:
        """Distances given (point, candidate vertex) pairs, every point having at least one."""
        # segments leaving and entering each candidate vertex, still grouped by point
        seg = np.column_stack((self._out[vi], self._in[vi])).ravel()
        row = np.repeat(qi, 2)
        keep = seg >= 0
        seg, row = seg[keep], row[keep]
        a, ab, ab2 = self._a[seg], self._ab[seg], self._ab2[seg]
        pr = p[row]
        t = np.einsum("ij,ij->i", pr - a, ab) / np.where(ab2 > 0, ab2, 1.0)
        np.clip(t, 0.0, 1.0, out=t)
        q = a + t[:, None] * ab
        dq = pr - q
        chord = np.sqrt(np.einsum("ij,ij->i", dq, dq))
        starts = np.flatnonzero(np.r_[True, row[1:] != row[:-1]])
        c_best = np.minimum.reduceat(chord, starts)
        at_min = np.flatnonzero(chord == c_best[row])
        best = at_min[np.r_[True, row[at_min][1:] != row[at_min][:-1]]]  # first per point
        s_best = self._solve(seg[best], t[best], p, lon, lat)
        # Rank the rest by chord, scaled by the best's geodesic/chord ratio; solve any that the
        # ratio's spread (with place and direction) could put below the best.
        ratio = np.where(c_best > 0, s_best / np.where(c_best > 0, c_best, 1.0), 1.0)
        dg = q - q[best][row]
        gap = np.sqrt(np.einsum("ij,ij->i", dg, dg))
        margin = self._margin(c_best[row], gap)
        maybe = (chord * ratio[row] - margin < s_best[row]) & (gap > 1e-6)
        if maybe.any():
            w = np.flatnonzero(maybe)
            s = self._solve(seg[w], t[w], p[row[w]], lon[row[w]], lat[row[w]])
            np.minimum.at(s_best, row[w], s)
        return s_best

    def _margin(self, c: np.ndarray, gap: np.ndarray) -> np.ndarray:
        """How far the chord ranking of two feet ``gap`` metres apart can be off, in metres.

        The ratio 1 + c^2 k^2 / 24 changes between the two by at most c^2 * spread * (angle
        between them as seen from the point, and the change of place), both <= gap / c times a
        few; 10x that plus 5 mm covers the higher-order terms at <= 2,000 km. Chords are
        measured to the segments' 3-D chords, which lie up to ``_sag`` from the segments; twice
        that is added.
        """
        return 5e-3 + 10.0 * _RATIO_SPREAD * c * gap * 24.0 + 2.0 * self._sag

    def _solve(self, seg, t, p, lon, lat) -> np.ndarray:
        """Geodesic distance from each point to its foot on a segment (straight in lon/lat):
        the chord's foot ``t``, moved by one Newton step onto the nearest point of the curve."""
        lon0, lat0 = self.index.lon[seg], self.index.lat[seg]
        dlon, dlat = self._dlon[seg], self._dlat[seg]
        lam = np.radians(lon0 + t * dlon)
        phi = np.radians(lat0 + t * dlat)
        sphi, cphi, slam, clam = np.sin(phi), np.cos(phi), np.sin(lam), np.cos(lam)
        w = 1.0 - _E2 * sphi * sphi
        n = _A / np.sqrt(w)
        m = _A * (1.0 - _E2) / (w * np.sqrt(w))
        x = np.column_stack((n * cphi * clam, n * cphi * slam, n * (1.0 - _E2) * sphi))
        # dX/dt along the segment: d/dlambda and d/dphi of the ellipsoid point, times the steps
        dl, dp = np.radians(dlon), np.radians(dlat)
        dx = np.column_stack(
            (
                -n * cphi * slam * dl - m * sphi * clam * dp,
                n * cphi * clam * dl - m * sphi * slam * dp,
                m * cphi * dp,
            )
        )
        den = np.einsum("ij,ij->i", dx, dx)
        step = np.einsum("ij,ij->i", p - x, dx) / np.where(den > 0, den, 1.0)
        t = np.clip(t + step, 0.0, 1.0)
        _, _, d = geodesic.GEOD.inv(lon0 + t * dlon, lat0 + t * dlat, lon, lat)
        return np.asarray(d)
