"""The command line as a user meets it: real files in, real GeoJSON out, one-line errors."""

from __future__ import annotations

import json
import subprocess
import sys
import warnings
from pathlib import Path

import numpy as np
import pytest
from shapely.geometry import Point, shape

from envelope.cli import main
from tests.helpers import MI
from tests.oracle import true_distance

# (lon, lat) of towns, for inside/outside checks against the 24 mi envelope from Kharkiv oblast
SHEBEKINO = (36.900, 50.410)
VALUYKI = (38.100, 50.211)
NOVY_OSKOL = (37.870, 50.763)
KHARKIV = (36.231, 49.993)
SIMFEROPOL = (34.100, 44.952)
BELGOROD = (36.587, 50.596)


def run(argv, capsys):
    """Run the CLI in-process; return (exit status, stdout, stderr)."""
    with pytest.raises(SystemExit) as exit_:
        main(argv)
    out, err = capsys.readouterr()
    return exit_.value.code, out, err


def features(path):
    return json.loads(Path(path).read_text())["features"]


def test_24mi_envelope_is_in_russia_and_holds_shebekino_and_valuyki_not_novy_oskol(
    tmp_path, capsys
):
    out = tmp_path / "k.geojson"
    code, _, err = run(["export", "--range", "24mi", "-o", str(out)], capsys)
    assert code == 0, err
    (feat,) = features(out)
    props = feat["properties"]
    assert props["clipped_to"] == "RUS"
    assert props["range_m"] == pytest.approx(24 * MI)
    geom = shape(feat["geometry"])
    for town in (SHEBEKINO, VALUYKI, BELGOROD):
        assert geom.contains(Point(town)), town
    for town in (NOVY_OSKOL, KHARKIV, SIMFEROPOL):
        assert not geom.contains(Point(town)), town
    assert 0 < props["area_km2"] == props["target_area_km2"]
    assert props["max_depth_km"] == pytest.approx(24 * MI / 1000, abs=1e-3)


def test_inside_and_outside_follow_independent_distances(tmp_path, capsys, kharkiv):
    """The towns above sit where they do because of their geodesic distance to the segment."""
    coords = np.asarray(kharkiv.line.coords)
    towns = np.array([SHEBEKINO, VALUYKI, NOVY_OSKOL])
    d = true_distance(coords, towns[:, 0], towns[:, 1])
    assert d[0] < 24 * MI and d[1] < 24 * MI and d[2] > 24 * MI


def test_user_line_at_300km_without_clipping_meets_the_1m_bound(tmp_path, capsys):
    line = {"type": "LineString", "coordinates": [[10.0, 45.0], [12.5, 46.2], [14.0, 45.1]]}
    seg = tmp_path / "line.geojson"
    seg.write_text(json.dumps({"type": "Feature", "properties": {}, "geometry": line}))
    out = tmp_path / "o.geojson"
    code, _, err = run(
        ["export", "--segment", str(seg), "--range", "300km", "--no-clip", "-o", str(out)], capsys
    )
    assert code == 0, err
    (feat,) = features(out)
    assert feat["properties"]["clipped_to"] is None
    ring = np.asarray(feat["geometry"]["coordinates"][0])
    pick = np.r_[ring[::97], (ring[:-1:89] + ring[1::89]) / 2]
    err_m = np.abs(true_distance(line["coordinates"], pick[:, 0], pick[:, 1]) - 300_000)
    assert err_m.max() < 1.0


def test_geojson_goes_to_stdout_without_output(capsys):
    code, out, _ = run(["export", "--range", "10 km"], capsys)
    assert code == 0
    fc = json.loads(out)
    assert fc["type"] == "FeatureCollection" and len(fc["features"]) == 1


def test_exteriors_are_counter_clockwise(tmp_path, capsys):
    from shapely.geometry.polygon import LinearRing

    code, out, _ = run(["export", "--range", "50 mi", "--range", "185mi"], capsys)
    assert code == 0
    for feat in json.loads(out)["features"]:
        polys = feat["geometry"]["coordinates"]
        if feat["geometry"]["type"] == "Polygon":
            polys = [polys]
        for poly in polys:
            assert LinearRing(poly[0]).is_ccw


@pytest.mark.parametrize(
    ("args", "needle"),
    [
        (["--range", "-5km"], "positive"),
        (["--range", "5parsecs"], "parsecs"),
        (["--segment", "nosuch"], "unknown segment 'nosuch'"),
        (["--segment", "{notgeojson}"], "notgeojson.txt"),
        (["--range", "3000 km"], "1 km to 2,000 km"),
        (["--weapon", "NOSUCH"], "known weapons"),
        (["--as-of", "June"], "YYYY-MM-DD"),
    ],
)
def test_bad_input_prints_one_line_exits_2_and_writes_nothing(tmp_path, capsys, args, needle):
    """In-process like tests/test_bad_input.py (warnings fail the case); the real
    `python -m envelope` process is checked once below."""
    bad = tmp_path / "notgeojson.txt"
    bad.write_text("this is not json\n")
    out = tmp_path / "out.geojson"
    args = [a.replace("{notgeojson}", str(bad)) for a in args]
    with warnings.catch_warnings():
        warnings.simplefilter("error", RuntimeWarning)
        warnings.simplefilter("error", UserWarning)
        code, _, err = run(["export", *args, "-o", str(out)], capsys)
    assert code == 2
    lines = err.strip().splitlines()
    assert len(lines) == 1, err
    assert needle in lines[0]
    assert "Traceback" not in err
    assert list(tmp_path.iterdir()) == [bad]


def test_bad_input_in_a_real_process_is_one_line_exit_2_and_writes_nothing(tmp_path):
    out = tmp_path / "out.geojson"
    proc = subprocess.run(
        [sys.executable, "-m", "envelope", "export", "--segment", "nosuch", "-o", str(out)],
        capture_output=True,
        text=True,
    )
    assert proc.returncode == 2
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1, proc.stderr
    assert "unknown segment 'nosuch'" in lines[0]
    assert "Traceback" not in proc.stderr
    assert list(tmp_path.iterdir()) == []


def test_unknown_output_folder_is_a_clear_error(tmp_path, capsys):
    code, _, err = run(
        ["export", "--range", "5km", "-o", str(tmp_path / "no" / "x.geojson")], capsys
    )
    assert code == 2
    assert "does not exist" in err and len(err.strip().splitlines()) == 1


def test_segments_lists_kharkiv_with_its_length(capsys):
    code, out, _ = run(["segments"], capsys)
    assert code == 0
    row = next(line for line in out.splitlines() if line.startswith("kharkiv"))
    km = float(row.split()[1].replace(",", ""))
    assert 230 <= km <= 330


def test_atacms_in_june_2024_is_claimed_at_185_and_200_mi_but_not_authorized(capsys):
    code, out, err = run(["export", "--weapon", "atacms", "--as-of", "2024-06-15"], capsys)
    assert code == 0, err
    props = [f["properties"] for f in json.loads(out)["features"]]
    claimed = sorted(p["range_m"] for p in props if p["kind"] == "claimed")
    assert claimed == pytest.approx([185 * MI, 200 * MI])
    assert not [p for p in props if p["kind"] == "authorized"]
    assert {p["weapon"] for p in props} == {"ATACMS"}
    by_range = {round(p["range_m"]): p["sources"] for p in props}
    assert by_range[round(185 * MI)] == ["000_fc1554105e1b3917", "002_ab43d460eba5533d"]
    assert by_range[round(200 * MI)] == ["003_b8a8a2db74cde041"]


def test_atacms_is_authorized_from_november_2024(capsys):
    code, out, err = run(["export", "--weapon", "ATACMS", "--as-of", "2024-12-01"], capsys)
    assert code == 0, err
    auth = [f for f in json.loads(out)["features"] if f["properties"]["kind"] == "authorized"]
    assert len(auth) == 1
    # the authorization (001) and the report whose range it reaches to (003: 200 mi)
    assert auth[0]["properties"]["sources"] == ["001_8ba813095ef1139b", "003_b8a8a2db74cde041"]


def test_himars_authorized_depth_in_june_2024_is_24_mi(capsys):
    code, out, err = run(["export", "--weapon", "himars", "--as-of", "2024-06-15"], capsys)
    assert code == 0, err
    props = {f["properties"]["kind"]: f["properties"] for f in json.loads(out)["features"]}
    assert props["claimed"]["range_m"] == pytest.approx(50 * MI)
    assert props["authorized"]["range_m"] == pytest.approx(24 * MI)
    assert props["authorized"]["target_area_km2"] < props["claimed"]["target_area_km2"]


def test_unknown_weapon_lists_the_known_ones(capsys):
    code, _, err = run(["export", "--weapon", "NOSUCH"], capsys)
    assert code == 2
    assert "ATACMS" in err and "HIMARS" in err


@pytest.mark.parametrize(
    ("fixture", "needle"),
    [("bad_unit.toml", "weapons[0]"), ("bad_malformed.toml", "line")],
)
def test_malformed_scenario_names_the_file_and_the_key(capsys, fixture, needle):
    path = Path(__file__).parent / "fixtures" / fixture
    if not path.exists():
        pytest.skip(f"fixture {fixture} missing")
    code, _, err = run(["export", "--scenario", str(path)], capsys)
    assert code == 2
    assert fixture in err and needle in err
    assert len(err.strip().splitlines()) == 1


@pytest.mark.parametrize(
    ("argv", "needle"),
    [
        (["render", "--tiles", "nosuch", "-o", "{tmp}/m.html"], "unknown tile provider 'nosuch'"),
        (["render", "-o", "{tmp}/missing/m.png"], "does not exist"),
        (["render", "-o", "{tmp}/m.docx"], "cannot tell the format"),
        (["reach", "--targets", "cites"], "give 'cities', 'airfields'"),
        (["export", "--segment", "{tmp}"], "is a folder"),
        (["export", "--segment", "{far}", "--range", "50km"], "does not reach RUS"),
        (["export", "--range", "1300km"], "packaged RUS data"),
    ],
)
def test_more_bad_input_is_one_line_and_exit_2(tmp_path, capsys, argv, needle):
    far = tmp_path / "far.geojson"
    far.write_text('{"type": "LineString", "coordinates": [[2.0, 48.0], [3.0, 48.5]]}')
    argv = [a.replace("{tmp}", str(tmp_path)).replace("{far}", str(far)) for a in argv]
    code, _, err = run(argv, capsys)
    assert code == 2
    assert len(err.strip().splitlines()) == 1 and needle in err
    assert sorted(p.name for p in tmp_path.iterdir()) == ["far.geojson"]


def test_render_says_on_stdout_what_it_wrote_and_nothing_on_stderr(tmp_path, capsys):
    out_file = tmp_path / "june.html"
    code, out, err = run(["render", "--as-of", "2024-06-15", "-o", str(out_file)], capsys)
    assert code == 0 and err == ""
    assert out.startswith(f"wrote {out_file}: kharkiv") and out.count("\n") == 1
    assert "HIMARS authorized 24 mi" in out and out_file.stat().st_size > 100_000
