"""The project's promises about itself: CI runs the README's test command, the wheel ships its
data, and the CLI starts without the heavy libraries."""

from __future__ import annotations

import importlib.metadata
import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


def _quick_start() -> list[str]:
    text = (ROOT / "README.md").read_text()
    section = text.split("## Quick start", 1)[1].split("\n## ", 1)[0]
    return re.findall(r"```sh\n(.*?)\n```", section, flags=re.S)


def test_readme_quick_start_has_exactly_two_commands():
    commands = _quick_start()
    assert len(commands) == 2
    assert all("\n" not in c for c in commands)
    assert "pytest" in commands[1]


def test_ci_runs_the_readme_test_command_verbatim():
    ci = (ROOT / ".ci" / "run").read_text().splitlines()
    assert _quick_start()[1] in ci


def test_installed_wheel_ships_the_border_data_and_seeds():
    try:
        dist = importlib.metadata.distribution("envelope")
    except importlib.metadata.PackageNotFoundError:
        pytest.skip("envelope is not installed")
    direct = dist.read_text("direct_url.json")
    if direct and json.loads(direct).get("dir_info", {}).get("editable"):
        pytest.skip("editable install: data is read from the source tree")
    files = {str(f) for f in dist.files or ()}
    assert "envelope/_data/borders/countries.geojson" in files
    assert "envelope/_data/borders/segments.geojson" in files
    assert any(f.startswith("envelope/_data/seeds/") and f.endswith(".toml") for f in files)


def test_cli_help_does_not_import_heavy_libraries():
    code = (
        "import sys; from envelope import cli; "
        "heavy = [m for m in ('geopandas', 'folium', 'matplotlib', 'pandas', 'shapely', 'pyproj') "
        "if m in sys.modules]; print(','.join(heavy))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == ""
