"""Every output format (GeoParquet too) is byte-identical across runs with different
PYTHONHASHSEED: nothing depends on set or dict-of-hash order, the wall clock, or where the
inputs live."""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SCENARIO = ROOT / "tests" / "fixtures" / "storm_shadow.toml"
PLACES = ROOT / "tests" / "fixtures" / "targets" / "places.csv"
ARGS = [str(SCENARIO), str(PLACES), str(ROOT)]

#: Computes the envelope set once and makes every format with the functions the CLI calls;
#: returns each one's sha256 and which hold a local path. Run in this process and in a child
#: with another hash seed, side by side.
SCRIPT = r"""
import datetime as dt, hashlib, json, sys

def outputs(scenario, places, root):
    import envelope
    from envelope import reach
    from envelope.export.geojson import geojson_text
    from envelope.export.gpkg import gpkg_bytes
    from envelope.export.kml import kml_text
    from envelope.maps.html import render_html
    from envelope.maps.model import build_map_model
    from envelope.maps.static import render_static

    result = envelope.compute_envelope_set(
        "kharkiv", weapons=["HIMARS", "GMLRS-ER"], as_of=dt.date(2024, 6, 15), scenario=scenario
    )
    model = build_map_model(result)
    r = reach.reach(result, [places])
    files = {"map.html": render_html(model).encode()}
    for fmt in ("png", "svg", "pdf"):
        files[f"map.{fmt}"] = render_static(model, fmt, width=480, height=270)
    files["envelopes.geojson"] = geojson_text(result).encode()
    files["envelopes.kml"] = kml_text(result).encode()
    files["envelopes.gpkg"] = gpkg_bytes(result)
    for fmt in ("csv", "xlsx", "parquet"):
        data = reach.render(r, fmt)
        files[f"reach.{fmt}"] = data.encode() if isinstance(data, str) else data
    return {
        "sha256": {k: hashlib.sha256(v).hexdigest() for k, v in sorted(files.items())},
        "paths": sorted(k for k, v in files.items() if root.encode() in v),
    }

if __name__ == "__main__":
    print(json.dumps(outputs(*sys.argv[1:4])))
"""


def start_in_background() -> subprocess.Popen:
    """The child with another hash seed, started when collection ends (tests/conftest.py) so
    it runs beside the rest of the suite; run outside the repository."""
    ours = os.environ.get("PYTHONHASHSEED", "")
    seed = "2" if ours == "1" else "1"  # never this process's seed
    env = {k: v for k, v in os.environ.items() if k != "SOURCE_DATE_EPOCH"}
    env.update(PYTHONHASHSEED=seed, PYTHONPATH=str(ROOT))
    return subprocess.Popen(
        [sys.executable, "-c", SCRIPT, *ARGS],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
        cwd=tempfile.gettempdir(),
    )


def test_every_format_is_byte_identical_across_hash_seeds_and_holds_no_local_path(background):
    child = background
    namespace: dict = {"__name__": "determinism"}
    exec(compile(SCRIPT, "determinism", "exec"), namespace)
    here = namespace["outputs"](*ARGS)  # meanwhile, in this process (its own hash seed)
    out, err = child.communicate(timeout=300)
    assert child.returncode == 0, err
    assert "Warning" not in err, err
    there = json.loads(out.strip().splitlines()[-1])

    names = {f"map.{x}" for x in ("html", "png", "svg", "pdf")}
    names |= {"envelopes.geojson", "envelopes.kml", "envelopes.gpkg"}
    names |= {"reach.csv", "reach.xlsx", "reach.parquet"}
    assert set(here["sha256"]) == names
    assert here["sha256"] == there["sha256"]
    assert len(set(here["sha256"].values())) == len(names)  # none empty, none the same
    assert hashlib.sha256(b"").hexdigest() not in here["sha256"].values()
    assert here["paths"] == [] and there["paths"] == []  # input files named, never their folders
