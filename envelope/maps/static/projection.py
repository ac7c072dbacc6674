"""Lambert azimuthal equal-area on WGS84, centred on the map, so areas compare honestly and
distances are true to a fraction of a percent; and shapely geometry as matplotlib paths."""

from __future__ import annotations

import math

import numpy as np
import shapely


class Projection:
    """Forward and inverse transforms of one map, with pyproj."""

    def __init__(self, lon0: float, lat0: float):
        from pyproj import Geod, Transformer

        self.lon0, self.lat0 = lon0, lat0
        self.proj4 = f"+proj=laea +lat_0={lat0:g} +lon_0={lon0:g} +ellps=WGS84 +units=m +no_defs"
        self.fwd = Transformer.from_crs("EPSG:4326", self.proj4, always_xy=True)
        self.inv = Transformer.from_crs(self.proj4, "EPSG:4326", always_xy=True)
        self.geod = Geod(ellps="WGS84")

    def xy(self, lon, lat):
        return self.fwd.transform(lon, lat)

    def geom(self, g):
        def f(coords):
            x, y = self.fwd.transform(coords[:, 0], coords[:, 1])
            return np.column_stack([x, y])

        return shapely.transform(g, f)

    def max_scale_error(self, box) -> float:
        """Largest departure of the point scale from 1 over the map, in any direction."""
        from pyproj import Proj

        x0, y0, x1, y1 = box
        gx, gy = np.meshgrid(np.linspace(x0, x1, 9), np.linspace(y0, y1, 9))
        lon, lat = self.inv.transform(gx.ravel(), gy.ravel())
        f = Proj(self.proj4).get_factors(lon, lat)
        return float(
            max(
                np.abs(np.asarray(f.meridional_scale) - 1).max(),
                np.abs(np.asarray(f.parallel_scale) - 1).max(),
            )
        )


def window(shapes, box_w: float, box_h: float):
    """Projection and map window: the shapes (lon/lat) padded, at the axes' aspect."""
    hull = shapely.convex_hull(shapely.GeometryCollection(list(shapes)))
    minx, miny, maxx, maxy = hull.bounds
    proj = Projection(round((minx + maxx) / 2, 1), round((miny + maxy) / 2, 1))
    x0, y0, x1, y1 = proj.geom(hull.segmentize(0.25)).bounds
    span = max(x1 - x0, y1 - y0, 200_000.0)
    pad = 0.09 * span
    x0, x1, y0, y1 = x0 - pad, x1 + pad, y0 - pad, y1 + pad
    cx, cy = (x0 + x1) / 2, (y0 + y1) / 2
    w, h = x1 - x0, y1 - y0
    if w / h < box_w / box_h:
        w = h * box_w / box_h
    else:
        h = w * box_h / box_w
    return proj, (cx - w / 2, cy - h / 2, cx + w / 2, cy + h / 2)


def path(geom, *, exteriors: bool = False):
    """A (multi)polygon as one matplotlib Path (holes as their own closed rings; ``exteriors``:
    outer rings only), or a band: ``geom`` given as (outer, inner) is outer minus inner."""
    from matplotlib.path import Path

    verts, codes = [], []
    for poly in shapely.get_parts(geom):
        if poly.geom_type != "Polygon" or poly.is_empty:
            continue
        rings = (poly.exterior,) if exteriors else (poly.exterior, *poly.interiors)
        for ring in rings:
            xy = shapely.get_coordinates(ring)
            if len(xy) < 3:
                continue
            c = np.full(len(xy), Path.LINETO, dtype=Path.code_type)
            c[0], c[-1] = Path.MOVETO, Path.CLOSEPOLY
            verts.append(xy)
            codes.append(c)
    if not verts:
        return None
    return Path(np.concatenate(verts), np.concatenate(codes))


def nice(x: float) -> float:
    """The largest 1, 2, 2.5 or 5 times a power of ten not above ``x``."""
    p = 10 ** math.floor(math.log10(x))
    return max(m * p for m in (1, 2, 2.5, 5) if m * p <= x)
