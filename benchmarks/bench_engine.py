"""Accuracy and speed of the geodesic engine on the Kharkiv segment, beside the usual shortcuts.

For each range: the worst boundary error (every vertex and every lon/lat edge midpoint, measured
with envelope.geodesic.distance_to_line, which tests/test_geodesic.py checks against an
independent pyproj.Geod oracle to 1 mm) and the engine's time, next to a UTM buffer
(geopandas estimate_utm_crs + buffer) and a Web Mercator buffer.

Run: python benchmarks/bench_engine.py [--repeat N]
"""

from __future__ import annotations

import argparse
import statistics
import time

import numpy as np
import shapely

from envelope import borders, geodesic
from envelope.units import parse_distance

RANGES = ["24 mi", "50 mi", "185 mi", "200 mi", "300 km", "1000 km"]
SEED = RANGES[:4]


def worst_error(index, geom, range_m: float) -> float:
    worst = 0.0
    for poly in getattr(geom, "geoms", [geom]):
        for ring in [poly.exterior, *poly.interiors]:
            xy = np.asarray(ring.coords)
            for pts in (xy, (xy[:-1] + xy[1:]) / 2):
                d = geodesic.distance_to_line(index, pts[:, 0], pts[:, 1])
                worst = max(worst, float(np.abs(d - range_m).max()))
    return worst


def projected_buffer(line, range_m: float, crs) -> shapely.Geometry:
    import geopandas as gpd

    s = gpd.GeoSeries([line], crs="EPSG:4326")
    crs = s.estimate_utm_crs() if crs == "utm" else crs
    return s.to_crs(crs).buffer(range_m, quad_segs=64).to_crs("EPSG:4326").iloc[0]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--repeat", type=int, default=5, help="timing repeats (median reported)")
    args = ap.parse_args()
    seg = borders.get_segment("kharkiv")
    index = geodesic.line_index(seg.line)
    print(f"segment kharkiv: {seg.length_km:.1f} km, {len(seg.line.coords)} vertices")
    head = ("range", "engine err m", "ms", "verts", "UTM err m", "WebMerc err m")
    print("{:>8} {:>13} {:>7} {:>6} {:>10} {:>14}".format(*head))
    for label in RANGES:
        r = parse_distance(label).metres
        times = []
        for _ in range(args.repeat):
            t = time.perf_counter()
            geom = geodesic.buffer(index, r)
            times.append((time.perf_counter() - t) * 1000)
        utm = worst_error(index, projected_buffer(seg.line, r, "utm"), r)
        merc = worst_error(index, projected_buffer(seg.line, r, "EPSG:3857"), r)
        n = len(shapely.get_coordinates(geom))
        err = worst_error(index, geom, r)
        ms = statistics.median(times)
        print(f"{label:>8} {err:13.3f} {ms:7.1f} {n:6d} {utm:10.1f} {merc:14.1f}")
    times = []
    for _ in range(args.repeat):
        t = time.perf_counter()
        idx = geodesic.line_index(seg.line)
        for label in SEED:
            geodesic.buffer(idx, parse_distance(label).metres)
        times.append((time.perf_counter() - t) * 1000)
    ms = statistics.median(times)
    print(f"four seed ranges together (incl. line preparation): {ms:.0f} ms median")


if __name__ == "__main__":
    main()
