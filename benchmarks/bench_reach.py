"""Speed of `envelope reach` on many user points: the path the CLI runs (`envelope.reach.reach`
on a target set: exact distance for every point, then the flags from the rule).

Points are uniform in the bounding box of the largest envelope widened by 1 degree, so about a
third fall inside it.

Run: python benchmarks/bench_reach.py [--points N] [--repeat N]
"""

from __future__ import annotations

import argparse
import statistics
import time

import numpy as np

from envelope.envelopes import compute_envelope_set
from envelope.reach import Classifier, reach
from envelope.targets import TargetSet


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--points", type=int, default=200_000)
    ap.add_argument("--repeat", type=int, default=3, help="timing repeats (median reported)")
    args = ap.parse_args()

    t = time.perf_counter()
    result = compute_envelope_set()
    t_env = time.perf_counter() - t
    largest = max(result.envelopes, key=lambda e: e.range_m)
    x0, y0, x1, y1 = largest.geometry.bounds
    rng = np.random.default_rng(0)
    n = args.points
    points = TargetSet(
        source="synthetic",
        kind="user",
        name=[""] * n,
        lon=rng.uniform(x0 - 1.0, x1 + 1.0, n),
        lat=rng.uniform(y0 - 1.0, y1 + 1.0, n),
    )
    print(f"default envelopes: {len(result.envelopes)} ({t_env:.2f} s to compute)")
    clf = Classifier(result)
    times = []
    for _ in range(args.repeat):
        t = time.perf_counter()
        r = reach(result, points, classifier=clf)
        times.append(time.perf_counter() - t)
    med = statistics.median(times)
    print(f"{n:,} points through reach(): {med:.2f} s median of {args.repeat} ({n / med:,.0f}/s)")
    for col, m in r.inside.items():
        print(f"  {col}: {m.mean():.1%} inside")


if __name__ == "__main__":
    main()
