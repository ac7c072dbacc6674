"""End-to-end CLI times, side by side with a baseline commit, as ratios (issue 9 and 11 targets).

Run: python benchmarks/bench_render.py [--baseline 35f9765] [--repeat 5]

Every figure is the median of N cold runs of ``python -m envelope ...`` in a fresh interpreter
(start-up, imports, geometry, rendering and writing included). The baseline commit is unpacked
from git into a temporary folder and run with the same interpreter; runs of the two alternate,
so load from other work on the machine hits both alike. Ratios below 1 mean faster than baseline.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

#: (label, arguments, target ratio or None). "{out}" is replaced by an output path.
CASES = [
    ("--help", ["--help"], None),
    (
        "render --as-of 2024-06-15 -o x.html",
        ["render", "--as-of", "2024-06-15", "-o", "{out}.html"],
        0.7,
    ),
    (
        "render --as-of 2024-06-15 -o x.png",
        ["render", "--as-of", "2024-06-15", "-o", "{out}.png"],
        0.7,
    ),
    ("export -o x.geojson", ["export", "-o", "{out}.geojson"], 0.75),
    (
        "render --segment ua-ru --as-of 2024-06-15 -o x.html",
        ["render", "--segment", "ua-ru", "--as-of", "2024-06-15", "-o", "{out}.html"],
        0.65,
    ),
    ("render -o x.html (default page)", ["render", "-o", "{out}.html"], 1.0),
]


def unpack(commit: str, into: Path) -> Path:
    """The baseline's files, from git, without touching the work tree."""
    archive = subprocess.run(
        ["git", "-C", str(ROOT), "archive", commit], check=True, capture_output=True
    ).stdout
    into.mkdir(parents=True, exist_ok=True)
    subprocess.run(["tar", "-x", "-C", str(into)], input=archive, check=True)
    return into


def run_once(root: Path, args: list[str], out: Path) -> tuple[float, int]:
    env = dict(os.environ, PYTHONPATH=str(root), PYTHONHASHSEED="0")
    cmd = [sys.executable, "-m", "envelope", *(a.replace("{out}", str(out)) for a in args)]
    t0 = time.perf_counter()
    subprocess.run(cmd, check=True, cwd=root, env=env, stdout=subprocess.DEVNULL)
    elapsed = time.perf_counter() - t0
    written = [a.replace("{out}", str(out)) for a in args if "{out}" in a]
    size = Path(written[0]).stat().st_size if written else 0
    return elapsed, size


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--baseline", default="35f9765")
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--only", default=None, help="run the cases whose label contains this")
    args = parser.parse_args(argv)
    cases = [c for c in CASES if args.only is None or args.only in c[0]]
    print(f"baseline {args.baseline}, {args.repeat} cold runs each, alternating; median seconds")
    print(f"{'case':<52} {'now':>7} {'base':>7} {'ratio':>6} {'target':>7}  size now/base")
    failed = 0
    with tempfile.TemporaryDirectory(prefix="bench-render-") as tmp:
        base = unpack(args.baseline, Path(tmp) / "base")
        for label, cmd, target in cases:
            now_t, base_t, sizes = [], [], (0, 0)
            for i in range(args.repeat):
                t, s_now = run_once(ROOT, cmd, Path(tmp) / f"now{i}")
                now_t.append(t)
                t, s_base = run_once(base, cmd, Path(tmp) / f"base{i}")
                base_t.append(t)
                sizes = (s_now, s_base)
            a, b = statistics.median(now_t), statistics.median(base_t)
            ratio = a / b
            ok = target is None or ratio <= target
            failed += not ok
            size = f"{sizes[0] / 1024:.0f}/{sizes[1] / 1024:.0f} KiB" if sizes[0] else ""
            goal = f"<={target:g}" if target else ""
            print(f"{label:<52} {a:7.3f} {b:7.3f} {ratio:6.2f} {goal:>7}  {size}")
    print("all targets met" if not failed else f"{failed} target(s) missed")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
