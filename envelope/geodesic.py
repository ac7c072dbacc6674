"""Exact geodesic buffers of lines on the WGS84 ellipsoid, and distances from points to lines.

A projected buffer is only a first guess: every boundary vertex is then moved along the geodesic
from its nearest point on the line to exactly the range, and edges are split until each edge's
lon/lat midpoint (RFC 7946 reads edges as straight in lon/lat) also lies within tolerance.
Distances come from GeographicLib (``pyproj.Geod``), so the result is exact to the tolerance
(0.5 m by default), not to a projection's distortion.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

import numpy as np
import shapely
from pyproj import Geod
from shapely.geometry.base import BaseGeometry

from . import chordsearch

#: How the edges of input lines run: straight in lon/lat (RFC 7946) or along geodesics.
EdgeReading = Literal["lonlat", "geodesic"]
GEOD = Geod(ellps="WGS84")
_A = GEOD.a
_E2 = GEOD.es
_RHO = 6_371_008.8  # mean radius; only locates feet on short segments (error there is 2nd order)
#: Segments of the line are cut to at most this length so that a straight lon/lat edge and the
#: geodesic between its ends differ by < 1 mm, and so that feet are found on short segments.
MAX_SEGMENT_M = 200.0
#: Metres per degree of latitude at the poles, the most a degree spans anywhere: a lon/lat
#: tolerance of ``m / METRES_PER_DEGREE_MAX`` degrees never moves a point more than ``m`` metres.
METRES_PER_DEGREE_MAX = 111_700.0
MIN_RANGE_M = 1_000.0
MAX_RANGE_M = 2_000_000.0


@dataclass(frozen=True)
class LineIndex:
    """Launch geometry prepared for repeated exact distance queries: dense vertices (points are
    parts of one vertex) and a 3-D tree over them."""

    lon: np.ndarray
    lat: np.ndarray
    seg_start: np.ndarray  # indices i such that (i, i + 1) is a segment of one part
    seg_az: np.ndarray  # forward azimuth of each vertex's outgoing segment (nan at part ends)
    seg_len: np.ndarray  # geodesic length of that segment (0 at part ends)
    has_next: np.ndarray  # vertex i starts a segment
    tree: chordsearch.ChordTree
    max_seg: float
    line: BaseGeometry  # the original geometry, for the projected first guess
    centre: tuple[float, float]  # lon/lat centre of the first guess's projection
    isolated: np.ndarray  # vertex i is a launch point (a part of one vertex)
    edges: EdgeReading = "lonlat"


def _parts(geom: BaseGeometry) -> list[np.ndarray]:
    """Coordinate arrays of every line and point in ``geom``; a point is a one-vertex part."""
    parts = _coords(geom)
    if not parts:
        raise ValueError("the launch geometry is empty")
    return parts


def _coords(geom: BaseGeometry) -> list[np.ndarray]:
    if isinstance(geom, (shapely.LineString, shapely.Point)):
        return [] if geom.is_empty else [np.asarray(geom.coords, dtype=float)[:, :2]]
    if isinstance(geom, (shapely.MultiLineString, shapely.MultiPoint, shapely.GeometryCollection)):
        return [p for g in geom.geoms for p in _coords(g)]
    raise TypeError(f"expected lines or points, got {geom.geom_type}")


def _ecef(lon: np.ndarray, lat: np.ndarray) -> np.ndarray:
    lam, phi = np.radians(lon), np.radians(lat)
    sphi = np.sin(phi)
    n = _A / np.sqrt(1.0 - _E2 * sphi * sphi)
    return np.column_stack(
        (n * np.cos(phi) * np.cos(lam), n * np.cos(phi) * np.sin(lam), n * (1 - _E2) * sphi)
    )


def densify(
    coords: np.ndarray, max_segment_m: float = MAX_SEGMENT_M, edges: EdgeReading = "lonlat"
) -> np.ndarray:
    """Split edges so none is longer than ``max_segment_m`` on the ellipsoid. ``edges`` says
    how an edge runs: straight in lon/lat (RFC 7946) or along the geodesic between its ends."""
    lon, lat = coords[:, 0], coords[:, 1]
    if len(coords) < 2:
        return coords.copy()
    az, _, length = GEOD.inv(lon[:-1], lat[:-1], lon[1:], lat[1:])
    pieces = np.maximum(1, np.ceil(np.asarray(length) / max_segment_m).astype(int))
    if edges == "geodesic":
        edge = np.repeat(np.arange(len(pieces)), pieces)
        frac = (np.arange(pieces.sum()) - np.repeat(np.cumsum(pieces) - pieces, pieces)) / (
            np.repeat(pieces, pieces)
        )
        x, y, _ = GEOD.fwd(lon[edge], lat[edge], np.asarray(az)[edge], length[edge] * frac)
        first = frac == 0  # keep the given vertices bit for bit
        x, y = np.where(first, lon[edge], x), np.where(first, lat[edge], y)
        return np.vstack([np.column_stack((x, y)), coords[-1:]])
    edge = np.repeat(np.arange(len(pieces)), pieces)
    k = np.repeat(pieces, pieces)
    t = ((np.arange(pieces.sum()) - np.repeat(np.cumsum(pieces) - pieces, pieces)) / k)[:, None]
    out = coords[edge] + t * (coords[edge + 1] - coords[edge])
    return np.vstack([out, coords[-1:]])


def line_index(
    line: BaseGeometry, max_segment_m: float = MAX_SEGMENT_M, edges: EdgeReading = "lonlat"
) -> LineIndex:
    """Prepare launch geometry (lines and points, lon/lat) for :func:`distance_to_line`; build
    it once per geometry. ``edges`` says how the lines' edges run (see :func:`densify`)."""
    if edges not in ("lonlat", "geodesic"):
        raise ValueError(f"edges must be 'lonlat' or 'geodesic', got {edges!r}")
    dense = [densify(p, max_segment_m, edges) for p in _parts(line)]
    coords = np.vstack(dense)
    has_next = np.concatenate([np.r_[np.ones(len(p) - 1, bool), False] for p in dense])
    isolated = np.concatenate([np.full(len(p), len(p) == 1) for p in dense])
    lon, lat = coords[:, 0].copy(), coords[:, 1].copy()
    nxt = np.minimum(np.arange(len(lon)) + 1, len(lon) - 1)
    az, _, length = GEOD.inv(lon, lat, lon[nxt], lat[nxt])
    az = np.where(has_next, az, np.nan)
    length = np.where(has_next, length, 0.0)
    if edges == "geodesic":  # the first guess follows the geodesics too
        line = shapely.GeometryCollection(
            [shapely.LineString(p) if len(p) > 1 else shapely.Point(p[0]) for p in dense]
        )
    return LineIndex(
        lon=lon,
        lat=lat,
        seg_start=np.flatnonzero(has_next),
        seg_az=np.asarray(az),
        seg_len=np.asarray(length),
        has_next=has_next,
        tree=chordsearch.build(_ecef(lon, lat)),
        max_seg=float(length.max()) if len(length) else 0.0,
        line=line,
        centre=(float(line.centroid.x), float(line.centroid.y)),
        isolated=isolated,
        edges=edges,
    )


def nearest(index: LineIndex, lon, lat) -> tuple[np.ndarray, ...]:
    """Exact geodesic distance from each point to the line, the foot on the line, and the
    azimuth at the foot towards the point: ``(distance_m, foot_lon, foot_lat, azimuth)``."""
    lon = np.atleast_1d(np.asarray(lon, dtype=float))
    lat = np.atleast_1d(np.asarray(lat, dtype=float))
    if len(lon) == 0:
        return tuple(np.zeros(0) for _ in range(4))
    qi, vi = _candidate_vertices(index, lon, lat)
    # Candidate segments: the one leaving and the one entering each candidate vertex.
    # A launch point is its own "segment" of length 0 (its foot is the point).
    iso = index.isolated[vi]
    seg = np.concatenate([vi[index.has_next[vi]], vi[vi > 0] - 1, vi[iso]])
    seg_q = np.concatenate([qi[index.has_next[vi]], qi[vi > 0], qi[iso]])
    keep = index.has_next[seg] | index.isolated[seg]
    seg, seg_q = seg[keep], seg_q[keep]
    key = np.unique(seg_q.astype(np.int64) * len(index.lon) + seg)
    seg_q, seg = key // len(index.lon), key % len(index.lon)
    d, flon, flat, faz = _foot_on_segment(index, seg, lon[seg_q], lat[seg_q])
    order = np.lexsort((d, seg_q))
    first = order[np.r_[True, seg_q[order][1:] != seg_q[order][:-1]]]
    return d[first], flon[first], flat[first], faz[first]


def _candidate_vertices(index: LineIndex, lon, lat) -> tuple[np.ndarray, np.ndarray]:
    """Every line vertex that can neighbour the true foot: a superset found by 3-D chord length.

    A chord never exceeds the geodesic, and chord/geodesic varies with direction by at most
    ~3 % of its second-order term, so a margin of that size plus the segment length term keeps
    the true nearest segment among the candidates (checked against brute force in the tests).
    """
    max_seg = index.max_seg

    def limit(upper: np.ndarray, lower: np.ndarray) -> np.ndarray:
        rel = 0.05 * (upper / 6.335e6) ** 2 / 24.0
        seg_term = 2.0 * max_seg**2 / (8.0 * np.maximum(lower - max_seg, 1.0))
        return upper * (1.0 + rel) + seg_term + 1e-3

    qi, vi = chordsearch.candidates(index.tree, _ecef(lon, lat), limit)
    return qi.astype(np.int64), vi.astype(np.int64)


def _foot_on_segment(index: LineIndex, seg, lon, lat):
    """Distance from points to short geodesic segments: a spherical foot estimate, then exact.

    The foot is placed on the true segment, so the distance is an upper bound that exceeds the
    minimum by ~dx^2/(2d) for a foot error dx; with segments <= 200 m that is below 1 mm.
    """
    alon, alat = index.lon[seg], index.lat[seg]
    az_aq, _, s = GEOD.inv(alon, alat, lon, lat)
    length = index.seg_len[seg]
    theta = np.radians(np.asarray(az_aq) - index.seg_az[seg])
    along = _RHO * np.arctan(np.tan(np.minimum(np.asarray(s) / _RHO, 1.5)) * np.cos(theta))
    t = np.where(length > 0, np.clip(np.nan_to_num(along), 0.0, length), 0.0)  # points: 0
    flon, flat, _ = GEOD.fwd(alon, alat, np.nan_to_num(index.seg_az[seg]), t)
    faz, _, d = GEOD.inv(flon, flat, lon, lat)
    return np.asarray(d), np.asarray(flon), np.asarray(flat), np.asarray(faz)


def distance_to_line(line: BaseGeometry | LineIndex, lon, lat) -> np.ndarray:
    """Geodesic distance in metres from each lon/lat point to ``line`` (exact to < 1 mm)."""
    index = line if isinstance(line, LineIndex) else line_index(line)
    return nearest(index, lon, lat)[0]


def _to_range(index: LineIndex, lon, lat, range_m: float, tol: float):
    """Move points onto the iso-distance curve along the geodesic ray from each one's foot.

    Returns ``(lon, lat, ok)``; ``ok`` is False where no crossing was found near the point (a
    ray that misses a small hole, say), so the caller drops it instead of keeping a stray vertex.
    """
    d, flon, flat, faz = nearest(index, lon, lat)
    out_lon, out_lat, _ = GEOD.fwd(flon, flat, faz, np.full(len(d), range_m))
    out_lon, out_lat = np.asarray(out_lon), np.asarray(out_lat)
    ok = np.ones(len(d), bool)
    inside = d < range_m - tol
    if inside.any():
        # Nearer than the range: beyond the point the ray may pass closer to another part of
        # the line, so solve dist(ray(t)) = range, keeping a bracket once one is found.
        rows = np.flatnonzero(inside)
        lo_t, lo_f = d[rows].copy(), d[rows] - range_m
        hi_t = np.full(len(rows), np.inf)
        t = np.full(len(rows), range_m)
        done = np.zeros(len(rows), bool)
        converged = np.zeros(len(rows), bool)
        limit = range_m + 0.05 * range_m + 100.0  # a guess is never off by more than this
        x, y, f = np.zeros(len(rows)), np.zeros(len(rows)), np.zeros(len(rows))
        for _ in range(50):
            # only rows still open are recomputed; finished rows keep their last values
            o = np.flatnonzero(~done)
            if len(o) == 0:
                break
            x[o], y[o], _ = GEOD.fwd(flon[rows[o]], flat[rows[o]], faz[rows[o]], t[o])
            f[o] = distance_to_line(index, x[o], y[o]) - range_m
            hit = ~done & (np.abs(f) <= tol / 4)
            out_lon[rows[hit]], out_lat[rows[hit]] = x[hit], y[hit]
            done |= hit
            converged |= hit
            if done.all():
                break
            below = f < 0
            hi_t = np.where(~below, np.minimum(hi_t, t), hi_t)
            lo_f = np.where(below & (t > lo_t), f, lo_f)
            lo_t = np.where(below, np.maximum(lo_t, t), lo_t)
            # step out by the shortfall until bracketed, then bisect
            t = np.where(np.isfinite(hi_t), (lo_t + hi_t) / 2, lo_t - lo_f)
            done |= t > limit
        ok[rows] = converged
    return out_lon, out_lat, ok


def to_range(index: LineIndex, lon, lat, range_m: float, tolerance_m: float = 0.5):
    """Move points onto the curve at ``range_m`` from the launch geometry, each along the
    geodesic from its foot: ``(lon, lat, ok)``, ``ok`` False where no crossing was found."""
    lon = np.atleast_1d(np.asarray(lon, dtype=float))
    lat = np.atleast_1d(np.asarray(lat, dtype=float))
    return _to_range(index, lon, lat, range_m, tolerance_m)


def _aeqd_forward(xy: np.ndarray, centre: tuple[float, float]) -> np.ndarray:
    """Spherical azimuthal equidistant projection: a first guess only, so a sphere suffices."""
    lam0, phi0 = np.radians(centre)
    lam, phi = np.radians(xy[:, 0]), np.radians(xy[:, 1])
    dlam = lam - lam0
    h = np.sin((phi - phi0) / 2) ** 2 + np.cos(phi0) * np.cos(phi) * np.sin(dlam / 2) ** 2
    c = 2 * np.arcsin(np.sqrt(np.clip(h, 0, 1)))
    az = np.arctan2(
        np.sin(dlam) * np.cos(phi),
        np.cos(phi0) * np.sin(phi) - np.sin(phi0) * np.cos(phi) * np.cos(dlam),
    )
    return np.column_stack((_RHO * c * np.sin(az), _RHO * c * np.cos(az)))


def _aeqd_inverse(xy: np.ndarray, centre: tuple[float, float]) -> np.ndarray:
    lam0, phi0 = np.radians(centre)
    c = np.hypot(xy[:, 0], xy[:, 1]) / _RHO
    az = np.arctan2(xy[:, 0], xy[:, 1])
    phi = np.arcsin(np.sin(phi0) * np.cos(c) + np.cos(phi0) * np.sin(c) * np.cos(az))
    lam = lam0 + np.arctan2(
        np.sin(az) * np.sin(c) * np.cos(phi0), np.cos(c) - np.sin(phi0) * np.sin(phi)
    )
    return np.column_stack((np.degrees(lam), np.degrees(phi)))


def _first_guess(index: LineIndex, range_m: float, tol: float) -> BaseGeometry:
    """A buffer in an azimuthal equidistant projection: close (within ~1 % of the range), cheap,
    and with vertices spaced so that most edges already pass the midpoint test once snapped."""
    projected = shapely.transform(index.line, lambda xy: _aeqd_forward(xy, index.centre))
    # Detail finer than 1 % of the range only shifts the guess; snapping restores it exactly.
    guess = projected.simplify(range_m * 0.01).buffer(range_m, quad_segs=16)
    # A chord of length L sags L^2 / (8 R) below an arc of radius R: aim for 3/4 of tol.
    guess = shapely.segmentize(guess, max(np.sqrt(6.0 * range_m * tol), 10.0))
    return shapely.transform(guess, lambda xy: _aeqd_inverse(xy, index.centre))


def _exact_ring(index: LineIndex, ring: np.ndarray, range_m: float, tol: float) -> np.ndarray:
    """Snap a closed ring's vertices to the range, then split edges whose midpoints stray."""
    pts = ring[:-1]
    x, y, ok = _to_range(index, pts[:, 0], pts[:, 1], range_m, tol)
    pts = np.column_stack((x, y))[ok]
    check = np.ones(len(pts), bool)  # edge i runs from pts[i] to pts[i + 1] (cyclic)
    for _ in range(60):
        nxt = np.roll(pts, -1, axis=0)
        edges = np.flatnonzero(check)
        if len(edges) == 0 or len(pts) < 3:
            break
        mid = (pts[edges] + nxt[edges]) / 2.0
        d = distance_to_line(index, mid[:, 0], mid[:, 1])
        bad = edges[np.abs(d - range_m) > tol]
        if len(bad) == 0:
            break
        mid_bad = (pts[bad] + nxt[bad]) / 2.0
        mx, my, ok = _to_range(index, mid_bad[:, 0], mid_bad[:, 1], range_m, tol)
        bad, new = bad[ok], np.column_stack((mx, my))[ok]
        pts = np.insert(pts, bad + 1, new, axis=0)
        new_check = np.zeros(len(pts), bool)
        pos = bad + np.arange(len(bad))  # where the split edges' first halves now start
        new_check[pos] = True
        new_check[pos + 1] = True
        check = new_check
    keep = np.r_[True, np.any(np.abs(np.diff(pts, axis=0)) > 1e-9, axis=1)]
    pts = pts[keep]
    return np.vstack([pts, pts[:1]]) if len(pts) >= 3 else np.empty((0, 2))


def buffer(
    line: BaseGeometry | LineIndex, range_m: float, tolerance_m: float = 0.5
) -> BaseGeometry:
    """The region within ``range_m`` of ``line`` on WGS84, in lon/lat.

    Every vertex and every edge midpoint of the result lies within ``tolerance_m`` of true
    geodesic distance ``range_m`` from the line. Ranges from 1 km to 2,000 km. Pass a
    :class:`LineIndex` to reuse one line's preparation across several ranges.
    """
    if not (MIN_RANGE_M <= range_m <= MAX_RANGE_M):
        raise ValueError(f"range must be between 1 km and 2,000 km, got {range_m:g} m")
    index = line if isinstance(line, LineIndex) else line_index(line)
    _check_representable(index, range_m)
    polygons = []
    for poly in shapely.get_parts(_first_guess(index, range_m, tolerance_m)):
        shell = _exact_ring(index, np.asarray(poly.exterior.coords), range_m, tolerance_m)
        holes = [
            _exact_ring(index, np.asarray(h.coords), range_m, tolerance_m) for h in poly.interiors
        ]
        if len(shell) < 4:
            continue
        polygons.append(shapely.Polygon(shell, [h for h in holes if len(h) >= 4]))
    result = shapely.make_valid(shapely.MultiPolygon(polygons), method="structure")
    # Snapping can fold a few vertices at sharp concave corners into slivers of < 1 m^2;
    # they are artefacts, not territory, so they are dropped.
    min_area = (tolerance_m / METRES_PER_DEGREE_MAX) ** 2
    parts = [
        p
        for p in shapely.get_parts(shapely.get_parts(result))
        if isinstance(p, shapely.Polygon) and p.area > min_area
    ]
    return _orient(shapely.MultiPolygon(parts) if len(parts) > 1 else parts[0])


def _check_representable(index: LineIndex, range_m: float) -> None:
    """Lon/lat polygons cannot hold a pole or cross the antimeridian: refuse, do not mislead."""
    reach_deg = range_m / 110_000.0 + 0.5
    if np.abs(index.lat).max() + reach_deg >= 90.0:
        raise ValueError("this envelope would reach a pole, which lon/lat polygons cannot hold")
    lon, lat = index.lon, index.lat
    x, _, _ = GEOD.fwd(lon, lat, np.full(len(lon), 90.0), np.full(len(lon), range_m))
    x2, _, _ = GEOD.fwd(lon, lat, np.full(len(lon), 270.0), np.full(len(lon), range_m))
    east = np.where(np.asarray(x) < lon, np.asarray(x) + 360.0, x)
    west = np.where(np.asarray(x2) > lon, np.asarray(x2) - 360.0, x2)
    if east.max() >= 180.0 or west.min() <= -180.0:
        raise ValueError("this envelope would cross the antimeridian (180 degrees), not supported")


def _orient(geom: BaseGeometry) -> BaseGeometry:
    parts = [g for g in shapely.get_parts(geom) if isinstance(g, shapely.Polygon)]
    oriented = [shapely.geometry.polygon.orient(p, 1.0) for p in parts]
    return oriented[0] if len(oriented) == 1 else shapely.MultiPolygon(oriented)


def display_geometry(geom: BaseGeometry, max_deviation_m: float = 50.0) -> BaseGeometry:
    """A lighter copy for drawing: no point moves more than ``max_deviation_m`` metres.

    Simplifying in degrees with tolerance m / 111,700 is safe because no degree of latitude or
    longitude spans more than 111.7 km anywhere on WGS84.
    """
    if geom.is_empty:
        return geom
    return geom.simplify(max_deviation_m / METRES_PER_DEGREE_MAX, preserve_topology=True)


def geodesic_area_km2(geom: BaseGeometry) -> float:
    """Area on the ellipsoid (GeographicLib), in km^2, whichever way the rings run: shells are
    made counter-clockwise and holes clockwise first, so holes always subtract."""
    if geom.is_empty:
        return 0.0
    area, _ = GEOD.geometry_area_perimeter(_orient(geom))
    return abs(area) / 1e6
