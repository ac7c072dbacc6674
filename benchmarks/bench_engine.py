"""Accuracy and speed of the geodesic engine on the Kharkiv segment, beside the usual shortcuts.

For each range: the worst boundary error (every vertex and every lon/lat edge midpoint, measured
with envelope.geodesic.distance_to_line, which tests/test_geodesic.py checks against an
independent pyproj.Geod oracle to 1 mm) and the engine's time, next to a UTM buffer
(geopandas estimate_utm_crs + buffer) and a Web Mercator buffer.

Then the launch geometry of issue 12: rings around a launch point (a point ring should cost
no more than a line buffer), a 20 km standoff (launch line, then the envelope from it) and the
geodesic reading of a sparse line's edges, each with its worst error.

Run: python benchmarks/bench_engine.py [--repeat N] [--launch-only]
"""

from __future__ import annotations

import argparse
import statistics
import time

import numpy as np
import shapely

from envelope import borders, geodesic, launch
from envelope.envelopes import EXACT_TOLERANCE_M
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
    ap.add_argument("--launch-only", action="store_true", help="only the launch geometry table")
    args = ap.parse_args()
    if not args.launch_only:
        line_table(args.repeat)
    launch_table(args.repeat)


def _median_ms(fn, repeat: int):
    times, out = [], None
    for _ in range(repeat):
        t = time.perf_counter()
        out = fn()
        times.append((time.perf_counter() - t) * 1000)
    return statistics.median(times), out


def _point_error(lon: float, lat: float, geom, range_m: float) -> float:
    """Worst vertex and midpoint error of a ring around one point, by pyproj.Geod directly."""
    worst = 0.0
    for poly in getattr(geom, "geoms", [geom]):
        xy = np.asarray(poly.exterior.coords)
        for pts in (xy, (xy[:-1] + xy[1:]) / 2):
            n = len(pts)
            _, _, d = geodesic.GEOD.inv(np.full(n, lon), np.full(n, lat), pts[:, 0], pts[:, 1])
            worst = max(worst, float(np.abs(np.asarray(d) - range_m).max()))
    return worst


def launch_table(repeat: int) -> None:
    """Points, standoff and geodesic edges: time (incl. preparation) and worst error."""
    seg = borders.get_segment("kharkiv")
    print("\nlaunch geometry (time includes preparing the geometry)")
    print("{:<44} {:>8} {:>9} {:>7}".format("case", "ms", "err m", "verts"))
    rows = []
    for label in ("300 km", "1000 km"):
        r = parse_distance(label).metres
        ms, geom = _median_ms(
            lambda r=r: geodesic.buffer(geodesic.line_index(shapely.Point(36.59, 50.6)), r), repeat
        )
        rows.append((f"point ring {label}", ms, _point_error(36.59, 50.6, geom, r), geom))
        ms, geom = _median_ms(lambda r=r: geodesic.buffer(geodesic.line_index(seg.line), r), repeat)
        err = worst_error(geodesic.line_index(seg.line), geom, r)
        rows.append((f"kharkiv line buffer {label} (for comparison)", ms, err, geom))
    index = geodesic.line_index(seg.line)

    def standoff():
        line = launch.launch_line(seg, index, 20_000.0, EXACT_TOLERANCE_M)
        return line, geodesic.buffer(geodesic.line_index(line), 70_000.0, EXACT_TOLERANCE_M)

    ms, (line, geom) = _median_ms(standoff, repeat)
    xy = shapely.get_coordinates(line)
    line_err = float(np.abs(geodesic.distance_to_line(index, xy[:, 0], xy[:, 1]) - 20e3).max())
    rows.append(("standoff 20 km: launch line vertices", ms, line_err, line))
    rows.append(("standoff 20 km: 70 km envelope from it", ms, 0.0, geom))
    err = worst_error(geodesic.line_index(line), geom, 70_000.0)
    rows[-1] = (rows[-1][0], ms, err, geom)
    sparse = shapely.LineString([(20.0, 70.0), (26.0, 70.6), (31.0, 69.8)])
    for edges in ("lonlat", "geodesic"):
        idx = geodesic.line_index(sparse, edges=edges)
        ms, geom = _median_ms(lambda idx=idx: geodesic.buffer(idx, 50_000.0), repeat)
        rows.append(
            (f"sparse 70N line, {edges} edges, 50 km", ms, worst_error(idx, geom, 5e4), geom)
        )
    for name, ms, err, geom in rows:
        n = len(shapely.get_coordinates(geom))
        print(f"{name:<44} {ms:8.1f} {err:9.3f} {n:7d}")


def line_table(repeat: int) -> None:
    """The Kharkiv segment at the seed ranges, beside projected buffers."""
    seg = borders.get_segment("kharkiv")
    index = geodesic.line_index(seg.line)
    print(f"segment kharkiv: {seg.length_km:.1f} km, {len(seg.line.coords)} vertices")
    head = ("range", "engine err m", "ms", "verts", "UTM err m", "WebMerc err m")
    print("{:>8} {:>13} {:>7} {:>6} {:>10} {:>14}".format(*head))
    for label in RANGES:
        r = parse_distance(label).metres
        times = []
        for _ in range(repeat):
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
    for _ in range(repeat):
        t = time.perf_counter()
        idx = geodesic.line_index(seg.line)
        for label in SEED:
            geodesic.buffer(idx, parse_distance(label).metres)
        times.append((time.perf_counter() - t) * 1000)
    ms = statistics.median(times)
    print(f"four seed ranges together (incl. line preparation): {ms:.0f} ms median")


if __name__ == "__main__":
    main()
