"""Speed of classifying many user points against the default envelopes (issue: 1M in <= 2 s).

Points are uniform in the bounding box of the largest envelope widened by 1 degree, so about a
third fall inside it: the polygon shortcut and the nesting of rings both get exercised. Also
checks the fast flags against the rule applied to exact distances on a sample.

Run: python benchmarks/bench_reach.py [--points N] [--repeat N]
"""

from __future__ import annotations

import argparse
import statistics
import time

import numpy as np

from envelope.envelopes import compute_envelope_set
from envelope.reach import Classifier


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--points", type=int, default=1_000_000)
    ap.add_argument("--repeat", type=int, default=3, help="timing repeats (median reported)")
    ap.add_argument("--check", type=int, default=50_000, help="sample checked against the rule")
    args = ap.parse_args()

    t = time.perf_counter()
    result = compute_envelope_set()
    t_env = time.perf_counter() - t
    largest = max(result.envelopes, key=lambda e: e.range_m)
    x0, y0, x1, y1 = largest.geometry.bounds
    rng = np.random.default_rng(0)
    lon = rng.uniform(x0 - 1.0, x1 + 1.0, args.points)
    lat = rng.uniform(y0 - 1.0, y1 + 1.0, args.points)
    print(f"default envelopes: {len(result.envelopes)} ({t_env:.2f} s to compute)")
    for e in result.envelopes:
        print(f"  {e.name}: {e.range_m / 1000:.1f} km, clipped to {e.clipped_to}")

    t = time.perf_counter()
    clf = Classifier(result)
    clf.groups()
    clf.country(result.segment.target)
    t_prep = time.perf_counter() - t
    times = []
    for _ in range(args.repeat):
        t = time.perf_counter()
        flags = clf.inside(lon, lat)
        times.append(time.perf_counter() - t)
    med = statistics.median(times)
    print(f"preparation (buffers, prepared polygons, country): {t_prep * 1000:.0f} ms")
    print(f"{args.points:,} points classified: {med:.2f} s median of {args.repeat}")
    for col, m in flags.items():
        print(f"  {col}: {m.mean():.1%} inside")

    n = min(args.check, args.points)
    t = time.perf_counter()
    d = clf.distances(lon[:n], lat[:n])
    t_exact = time.perf_counter() - t
    exact = clf.inside_from_distance(d, lon[:n], lat[:n])
    same = all(np.array_equal(flags[c][:n], exact[c]) for c in flags)
    print(
        f"exact distances for {n:,} points: {t_exact:.2f} s "
        f"({t_exact / n * 1e6:.1f} us/point); fast flags equal the rule: {same}"
    )


if __name__ == "__main__":
    main()
