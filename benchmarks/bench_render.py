"""End-to-end time of ``envelope render`` (a fresh interpreter each run, import included) and of
``envelope --help``, plus the size of the map it writes.

Run: python benchmarks/bench_render.py [--repeat N] [-- extra render args, e.g. --tiles osm]

Each figure is the median of N runs of ``python -m envelope ...`` in a subprocess, so it counts
interpreter start-up, imports, the geodesic computation, rendering and writing the file, the way
a user experiences it. ``--in-process`` also times ``render_html`` alone (envelopes computed once).
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


def timed(cmd: list[str], repeat: int) -> list[float]:
    env = dict(os.environ, PYTHONPATH=str(ROOT) + os.pathsep + os.environ.get("PYTHONPATH", ""))
    out = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        subprocess.run(cmd, check=True, cwd=ROOT, env=env, stdout=subprocess.DEVNULL)
        out.append(time.perf_counter() - t0)
    return out


def show(label: str, times: list[float]) -> None:
    print(
        f"{label:<34} median {statistics.median(times):7.3f} s"
        f"   min {min(times):7.3f} s   max {max(times):7.3f} s   (n={len(times)})"
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--in-process", action="store_true", help="also time render_html alone")
    parser.add_argument("extra", nargs="*", help="extra arguments for 'envelope render'")
    args = parser.parse_args(argv)
    py = sys.executable

    show("envelope --help", timed([py, "-m", "envelope", "--help"], args.repeat))
    with tempfile.TemporaryDirectory(prefix="bench-render-") as tmp:
        out = Path(tmp) / "map.html"
        cmd = [py, "-m", "envelope", "render", "-o", str(out), *args.extra]
        show("envelope render " + " ".join(args.extra), timed(cmd, args.repeat))
        size = out.stat().st_size
        print(f"{'map size':<34} {size:,} bytes ({size / 1024:.0f} KiB)")

    if args.in_process:
        sys.path.insert(0, str(ROOT))
        from envelope.envelopes import compute_envelope_set
        from envelope.render.html import render_html

        t0 = time.perf_counter()
        result = compute_envelope_set(segment="kharkiv")
        print(f"{'compute_envelope_set (in process)':<34} {time.perf_counter() - t0:7.3f} s")
        times = []
        for _ in range(args.repeat):
            t0 = time.perf_counter()
            render_html(result)
            times.append(time.perf_counter() - t0)
        show("render_html (in process)", times)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
