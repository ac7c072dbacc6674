"""An independent distance oracle (pyproj.Geod and a bounded 1-D search), so tests never grade
the engine with itself."""

from __future__ import annotations

import numpy as np
from pyproj import Geod
from scipy.optimize import minimize_scalar

GEOD = Geod(ellps="WGS84")


def _edge_point(a, b, t, edges):
    """The point at fraction t along edge a-b: straight in lon/lat, or along the geodesic."""
    if edges == "lonlat":
        return a[..., 0] + t * (b[..., 0] - a[..., 0]), a[..., 1] + t * (b[..., 1] - a[..., 1])
    az, _, length = GEOD.inv(a[..., 0], a[..., 1], b[..., 0], b[..., 1])
    x, y, _ = GEOD.fwd(a[..., 0], a[..., 1], az, np.asarray(length) * t)
    return np.asarray(x), np.asarray(y)


def true_distance(coords, lon, lat, edges="lonlat") -> np.ndarray:
    """Distance from points to a polyline whose edges are straight in lon/lat (RFC 7946) or,
    with ``edges="geodesic"``, geodesics; a single coordinate is a point.

    Independent of the engine: sample every edge coarsely with pyproj.Geod, then minimise the
    exact geodesic distance along the 8 best edges with a bounded 1-D search.
    """
    coords = np.asarray(coords, float).reshape(-1, 2)
    lon, lat = np.atleast_1d(lon).astype(float), np.atleast_1d(lat).astype(float)
    if len(coords) == 1:
        n = len(lon)
        return np.asarray(GEOD.inv(np.full(n, coords[0, 0]), np.full(n, coords[0, 1]), lon, lat)[2])
    a, b = coords[:-1], coords[1:]
    ts = np.linspace(0.0, 1.0, 9)
    px, py = _edge_point(
        np.repeat(a[:, None, :], len(ts), axis=1),
        np.repeat(b[:, None, :], len(ts), axis=1),
        ts[None],
        edges,
    )
    out = []
    for x, y in zip(lon, lat, strict=True):
        _, _, d = GEOD.inv(np.full(px.size, x), np.full(px.size, y), px.ravel(), py.ravel())
        best = np.asarray(d).reshape(px.shape).min(axis=1)
        values = []
        for i in np.argsort(best)[:8]:

            def f(t, i=i, x=x, y=y):
                ex, ey = _edge_point(a[i], b[i], t, edges)
                return GEOD.inv(x, y, float(ex), float(ey))[2]

            r = minimize_scalar(f, bounds=(0.0, 1.0), method="bounded", options={"xatol": 1e-10})
            values.append(min(r.fun, f(0.0), f(1.0)))
        out.append(min(values))
    return np.array(out)


def true_distance_to_parts(parts, lon, lat, edges="lonlat") -> np.ndarray:
    """Distance to the nearest of several polylines and points (each an array of lon/lat)."""
    return np.min([true_distance(c, lon, lat, edges) for c in parts], axis=0)


def rings(geom):
    """Every exterior and interior ring of a polygonal geometry, as lon/lat arrays."""
    for poly in getattr(geom, "geoms", [geom]):
        yield np.asarray(poly.exterior.coords)
        yield from (np.asarray(h.coords) for h in poly.interiors)


def boundary_samples(geom, n, seed=0):
    """n boundary vertices and n lon/lat edge midpoints, spread over every ring."""
    verts = np.vstack([r[:-1] for r in rings(geom)])
    mids = np.vstack([(r[:-1] + r[1:]) / 2 for r in rings(geom)])
    rng = np.random.default_rng(seed)
    pick = lambda a: a[rng.choice(len(a), min(n, len(a)), replace=False)]  # noqa: E731
    return np.vstack([pick(verts), pick(mids)])
