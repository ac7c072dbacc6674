"""Every output format is byte-identical across runs with different PYTHONHASHSEED: nothing
depends on set or dict-of-hash order, the wall clock, or where the inputs live."""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SCENARIO = ROOT / "tests" / "fixtures" / "storm_shadow.toml"
PLACES = ROOT / "tests" / "fixtures" / "targets" / "places.csv"

#: One process writes every format through the CLI (the envelope set computed once), then
#: prints each file's sha256; run twice with different hash seeds.
SCRIPT = r"""
import hashlib, json, os, sys
from envelope import cli, reach
from envelope.cli import export, maps, options
from envelope.cli import reach as reach_cmd

out, scenario, places = sys.argv[1:4]
common = ["--weapon", "HIMARS", "--weapon", "GMLRS-ER", "--as-of", "2024-06-15",
          "--scenario", scenario]
cached = {}
def once(*a):
    if not cached:
        cached["r"] = options.envelope_set(*a)
    return cached["r"]
for module in (export, maps, reach_cmd):
    module.envelope_set = once
def run(args):
    try:
        cli.main(args)
    except SystemExit as exc:
        assert exc.code == 0, (args, exc.code)
small = ["--width", "480", "--height", "270"]
for ext in ("html", "png", "svg", "pdf"):
    run(["render", *common, *(small if ext != "html" else []), "-o", f"{out}/map.{ext}"])
for ext in ("geojson", "kml", "gpkg"):
    run(["export", *common, "-o", f"{out}/envelopes.{ext}"])
exts = ["csv"] + (["xlsx"] if ".xlsx" in reach.FORMATS else [])
for ext in exts:
    run(["reach", *common, "--targets", places, "--targets", "airfields",
         "-o", f"{out}/reach.{ext}"])
print(json.dumps({name: hashlib.sha256(open(os.path.join(out, name), "rb").read()).hexdigest()
                  for name in sorted(os.listdir(out))}))
"""


def _start(tmp: Path, seed: str) -> subprocess.Popen:
    out = tmp / seed
    out.mkdir()
    env = {k: v for k, v in os.environ.items() if k != "SOURCE_DATE_EPOCH"}
    env.update(PYTHONHASHSEED=seed, PYTHONPATH=str(ROOT))
    return subprocess.Popen(
        [sys.executable, "-c", SCRIPT, str(out), str(SCENARIO), str(PLACES)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
        cwd=tmp,
    )


def _hashes(proc: subprocess.Popen) -> dict[str, str]:
    out, err = proc.communicate(timeout=300)
    assert proc.returncode == 0, err
    assert "Warning" not in err, err
    return json.loads(out.strip().splitlines()[-1])


def test_every_format_is_byte_identical_across_hash_seeds_and_holds_no_local_path(tmp_path):
    runs = [_start(tmp_path, seed) for seed in ("1", "4242")]  # side by side: two cores
    first, second = (_hashes(p) for p in runs)
    expected = {"map.html", "map.png", "map.svg", "map.pdf", "envelopes.geojson"}
    expected |= {"envelopes.kml", "envelopes.gpkg", "reach.csv"}
    assert expected <= set(first)
    assert first == second
    assert len(set(first.values())) == len(first)  # every file written, none empty or shared
    assert hashlib.sha256(b"").hexdigest() not in first.values()
    for path in (tmp_path / "1").iterdir():  # input files are named, never their folders
        assert str(ROOT).encode() not in path.read_bytes(), path.name
