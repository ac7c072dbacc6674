"""Speed and memory of `envelope reach` on many points (issue 14).

1. Counts: N points (default 100M) made in chunks, flagged as `envelope reach --counts-only`
   flags them (grid look-up, the exact rule near boundaries) and counted; wall time and the
   process's peak memory (RSS).
2. Exact distances per second through `Classifier.distances` (what `reach()` runs for every
   target), checked against the engine's `geodesic.distance_to_line`.
3. `reach()` end to end on a target set, as the CLI runs it.
Points are uniform in the bounding box of the largest envelope widened by 1 degree.

Run: python benchmarks/bench_reach.py [--points N] [--chunk N] [--distances N]
"""

from __future__ import annotations

import argparse
import resource
import time

import numpy as np

from envelope import geodesic
from envelope.envelopes import compute_envelope_set
from envelope.reach import Classifier, reach
from envelope.reach.distance import LineDistance
from envelope.reach.grid import build_grid, grid_flags
from envelope.reach.stream import count_chunks
from envelope.targets import TargetSet


def _points(box, n, rng):
    x0, y0, x1, y1 = box
    return rng.uniform(x0 - 1.0, x1 + 1.0, n), rng.uniform(y0 - 1.0, y1 + 1.0, n)


def _set(lon, lat) -> TargetSet:
    return TargetSet(source="synthetic", kind="user", name=[""] * len(lon), lon=lon, lat=lat)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument(
        "--points", type=int, default=100_000_000, help="points counted (step 1; 0 skips it)"
    )
    ap.add_argument("--chunk", type=int, default=2_000_000, help="points per chunk")
    ap.add_argument("--distances", type=int, default=400_000, help="points for step 2")
    ap.add_argument("--check", type=int, default=50_000, help="sample checked against the rule")
    args = ap.parse_args()

    result = compute_envelope_set()
    box = max(result.envelopes, key=lambda e: e.range_m).geometry.bounds
    print(f"default envelopes: {len(result.envelopes)}, segment {result.segment.name}")
    clf = Classifier(result)

    t = time.perf_counter()
    grid = build_grid(clf)
    clf.country(result.segment.target)
    print(f"grid {grid.codes.shape} built in {time.perf_counter() - t:.2f} s")

    rng = np.random.default_rng(0)
    lon, lat = _points(box, args.check, rng)
    flags = grid_flags(clf, grid, lon, lat)
    exact = clf.inside_from_distance(clf.distances(lon, lat), lon, lat)
    same = all(np.array_equal(flags[c], exact[c]) for c in flags)
    print(f"grid flags equal the rule on {args.check:,} points: {same}")

    def chunks():
        left = args.points
        while left > 0:
            n = min(args.chunk, left)
            left -= n
            yield _set(*_points(box, n, rng))

    if args.points:
        t = time.perf_counter()
        counts = count_chunks(clf, chunks(), grid)
        wall = time.perf_counter() - t
        peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        print(
            f"{counts.targets:,} points made and counted in {wall:.1f} s "
            f"({counts.targets / wall / 1e6:.2f} M/s); peak RSS {peak_mb:,.0f} MB"
        )
        for c in counts.rows():
            print(f"  {c['column']}: {c['count']:,}")

    lon, lat = _points(box, args.distances, rng)

    def rate(f) -> tuple[float, float]:
        """Points per second of wall time and per second of this process's CPU time."""
        wall, cpu = time.perf_counter(), time.process_time()
        f()
        return (
            args.distances / (time.perf_counter() - wall),
            args.distances / (time.process_time() - cpu),
        )

    d = clf.distances(lon, lat)
    both = rate(lambda: clf.distances(lon, lat))
    one = LineDistance(clf.index, workers=1)
    single = rate(lambda: one(lon, lat))
    block = 32_768  # the engine in the same blocks, as it runs best

    def engine():
        for s in range(0, args.distances, block):
            geodesic.distance_to_line(clf.index, lon[s : s + block], lat[s : s + block])

    ref = rate(engine)
    n = min(args.check, args.distances)
    worst = float(np.abs(d[:n] - geodesic.distance_to_line(clf.index, lon[:n], lat[:n])).max())
    print(f"exact distances on {args.distances:,} points (wall /s, CPU /s):")
    threads = clf.line_distance.workers
    print(f"  Classifier.distances, {threads} threads: {both[0]:,.0f}, {both[1]:,.0f}")
    print(f"  the same, one thread: {single[0]:,.0f}, {single[1]:,.0f}")
    print(f"  geodesic.distance_to_line (the engine): {ref[0]:,.0f}, {ref[1]:,.0f}")
    print(f"  largest difference from the engine on {n:,} points: {worst * 1000:.2f} mm")

    t = time.perf_counter()
    reach(result, _set(lon[:200_000], lat[:200_000]), classifier=clf)
    print(f"reach() on 200,000 targets: {200_000 / (time.perf_counter() - t):,.0f}/s")


if __name__ == "__main__":
    main()
