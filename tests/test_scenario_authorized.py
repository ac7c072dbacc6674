"""Authorization as geography (issue 10): zones from their own launch segments, dated with
windows, exported with their status; checked through the CLI a user runs."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from pyproj import Geod
from shapely.geometry import Point, shape

from envelope.cli import main
from tests.helpers import MI, R001, R003, REPORTS

GEOD = Geod(ellps="WGS84")
BELGOROD = (36.587, 50.596)  # about 30 km from the Kharkiv stretch of the border
KURSK = (36.193, 51.730)  # opposite Sumy, far from Kharkiv oblast


def run(argv, capsys):
    with pytest.raises(SystemExit) as exit_:
        main(argv)
    out, err = capsys.readouterr()
    assert exit_.value.code == 0, err
    return out


def _export(args, tmp_path_factory) -> list[dict]:
    path = tmp_path_factory.mktemp("export") / "x.geojson"
    with pytest.raises(SystemExit) as exit_:
        main(["export", *args, "-o", str(path)])
    assert exit_.value.code == 0
    return json.loads(Path(path).read_text())["features"]


def _features(result, weapon=None) -> list[dict]:
    """The GeoJSON features `envelope export` writes for a computed set (the same writer),
    only those of ``weapon`` if given."""
    from envelope.export.geojson import geojson_text

    feats = json.loads(geojson_text(result))["features"]
    return [f for f in feats if weapon is None or f["properties"]["weapon"] == weapon]


@pytest.fixture(scope="module")
def uaru_june_features(uaru_june):
    """The acceptance case: the whole border drawn, mid-June 2024 (computed once per session)."""
    return _features(uaru_june)


@pytest.fixture(scope="module")
def atacms(tmp_path_factory, june, december):
    """ATACMS from Kharkiv on three days: June and December from the shared all-weapon sets,
    February 2025 through the command line a user runs."""
    return {
        "2024-06-15": _features(june, "ATACMS"),
        "2024-12-01": _features(december, "ATACMS"),
        "2025-02-01": _export(["--weapon", "ATACMS", "--as-of", "2025-02-01"], tmp_path_factory),
    }


def _authorized(features):
    return [f for f in features if f["properties"]["kind"] == "authorized"]


def test_kharkiv_zone_is_authorized_when_the_whole_border_is_drawn(
    uaru_june_features, kharkiv, oracle
):
    (feat,) = _authorized(uaru_june_features)
    props = feat["properties"]
    assert props["weapon"] == "HIMARS" and props["authorization_status"] == "in_force"
    assert props["segment"] == "kharkiv" and props["range_m"] == pytest.approx(24 * MI)
    assert 9_000 <= props["target_area_km2"] <= 11_000
    # independent area: pyproj's geodesic polygon area of the exported geometry
    area = abs(GEOD.geometry_area_perimeter(shape(feat["geometry"]))[0]) / 1e6
    assert area == pytest.approx(props["target_area_km2"], rel=1e-3)
    assert area == pytest.approx(9_970, rel=0.01)
    assert props["excluded_classes"] == ["airfield", "oil_facility"]
    assert "launches from kharkiv" in props["note"] and "ua-ru" in props["note"]
    # Belgorod is inside exactly when its true distance to the Kharkiv stretch is within 24 mi
    geom = shape(feat["geometry"])
    d = oracle(list(kharkiv.line.coords), BELGOROD[0], BELGOROD[1])[0]
    assert geom.contains(Point(BELGOROD)) == (d <= 24 * MI)
    assert geom.contains(Point(BELGOROD)) and not geom.contains(Point(KURSK))


def test_no_atacms_is_authorized_in_june_on_any_segment(uaru_june_features, atacms):
    assert not [f for f in _authorized(uaru_june_features) if f["properties"]["weapon"] == "ATACMS"]
    assert not _authorized(atacms["2024-06-15"])


@pytest.mark.parametrize(
    ("day", "status"), [("2024-12-01", "uncertain"), ("2025-02-01", "in_force")]
)
def test_atacms_status_follows_001s_window(atacms, day, status):
    (feat,) = _authorized(atacms[day])
    props = feat["properties"]
    assert props["authorization_status"] == status
    assert props["range_m"] == pytest.approx(200 * MI)
    assert set(props["sources"]) == {R001, R003}  # the permission (001), the range used (003)
    assert ("may be authorized" in props["name"]) == (status == "uncertain")
    for f in atacms[day]:
        if f["properties"]["kind"] == "claimed":
            assert f["properties"]["authorization_status"] is None


def test_a_zone_away_from_the_drawn_segment_is_drawn_and_counted():
    from envelope.envelopes import compute_envelope_set, summary_rows

    result = compute_envelope_set("sumy", weapons=["HIMARS"], as_of="2024-06-15")
    (auth,) = [e for e in result.envelopes if e.kind == "authorized"]
    assert auth.launch == ("kharkiv",) and auth.segment == "kharkiv"
    assert auth.target_area_km2 == pytest.approx(9_968, rel=0.01)
    (row,) = summary_rows(result)
    assert row["authorization_status"] == "in_force"
    assert "off the drawn border sumy" in row["authorized_from"]
    # the share is the true intersection, well below the 24/50 mi ratio of nested rings
    claimed = next(e for e in result.envelopes if e.kind == "claimed")
    both = shape(auth.geometry.__geo_interface__).intersection(claimed.geometry)
    expected = abs(GEOD.geometry_area_perimeter(both)[0]) / 1e6 / claimed.target_area_km2
    assert row["authorized_share_min"] == pytest.approx(expected, rel=1e-2)
    assert 0 < row["authorized_share_min"] < auth.target_area_km2 / claimed.target_area_km2


def test_summary_never_shows_an_uncertain_zone_as_certain(december):
    from envelope.envelopes import summary_rows

    result = december
    rows = {r["weapon"]: r for r in summary_rows(result)}
    atacms, himars = rows["ATACMS"], rows["HIMARS"]
    assert atacms["authorization_status"] == "uncertain"
    assert atacms["authorized_km2"] == 0 and atacms["authorized_range_m"] is None
    assert atacms["uncertain_range_m"] == pytest.approx(200 * MI)
    assert atacms["uncertain_share_min"] == pytest.approx(1.0)
    # HIMARS: the Kharkiv 24 mi zone is certain, the full 50 mi only may be authorized
    assert himars["authorized_range_m"] == pytest.approx(24 * MI)
    assert himars["uncertain_range_m"] == pytest.approx(50 * MI)
    for env in result.envelopes:
        if env.kind == "authorized":
            assert ("may be" in env.name) == (env.authorization_status == "uncertain")


def test_default_as_of_is_past_every_window():
    from envelope.envelopes import compute_envelope_set

    result = compute_envelope_set("kharkiv", weapons=["ATACMS"])
    assert result.as_of.isoformat() == "2025-01-20"
    (auth,) = [e for e in result.envelopes if e.kind == "authorized"]
    assert auth.authorization_status == "in_force"


def test_timeline_table_words_a_window_as_a_window(capsys):
    rows = json.loads(run(["timeline", "--format", "json", "--as-of", "2024-12-01"], capsys))
    deep = next(r for r in rows if r["id"] == "deep-strikes")
    assert (deep["start"], deep["start_basis"]) == ("2024-11-06..2025-01-19", "window")
    assert (deep["not_before"], deep["not_after"]) == ("2024-11-06", "2025-01-19")
    assert "President-elect" in deep["reasoning"] and deep["status"] == "may be in force"
    assert {r["supplier"] for r in rows} == {"US", "Germany"}
    table = run(["timeline", "--as-of", "2024-12-01"], capsys)
    assert "may be in force" in table and "2024-11-06..2025-01-19" in table


def test_claims_json_holds_the_new_claims_with_their_reports(capsys):
    rows = json.loads(run(["claims", "--format", "json"], capsys))
    by_ref = {f"{r['report_id']}#{r['claim']}": r for r in rows}
    for ref in (
        f"{R003}#aircraft-on-ground-prohibited",
        f"{R003}#may-permission-targets",
        f"{R003}#officials-count",
        f"{R001}#first-strikes-expected",
        "002_ab43d460eba5533d#aircraft-over-russia-allowed",
        "002_ab43d460eba5533d#germany-allowed",
        "000_fc1554105e1b3917#germany-allowed",
        "004_50c9bfd4bcbe887b#oil-drone-strikes-not-approved",
    ):
        assert ref in by_ref, ref
        assert by_ref[ref]["report_id"] in REPORTS and by_ref[ref]["paragraph"] >= 1
    rng = by_ref["002_ab43d460eba5533d#atacms-range"]
    assert rng["credit"] == "the report itself" and rng["speaker_type"] == "report"


def test_sources_command_counts_origins(capsys):
    rows = json.loads(run(["sources", "--format", "json"], capsys))
    shared = next(r for r in rows if r["origin"] == "us-official-counterfire-statement")
    assert shared["reports"] == "000, 002, 003, 004" and shared["n_reports"] == 4
    assert "002#atacms-prohibited-fox" in shared["claims"]
    assert sum(r["n_claims"] for r in rows) == len(
        json.loads(run(["claims", "--format", "json"], capsys))
    )
    assert "origin" in run(["sources"], capsys).splitlines()[0]


def test_kml_and_geopackage_carry_the_status(tmp_path):
    import pyogrio

    for suffix in (".kml", ".gpkg"):
        path = tmp_path / f"x{suffix}"
        with pytest.raises(SystemExit) as exit_:
            main(["export", "--weapon", "ATACMS", "--as-of", "2024-12-01", "-o", str(path)])
        assert exit_.value.code == 0
        if suffix == ".kml":
            text = " ".join(path.read_text(encoding="utf-8").split())
            assert text.count('<Data name="authorization_status"> <value>uncertain</value>') == 1
        else:
            df = pyogrio.read_dataframe(path, layer="envelopes")
            statuses = dict(
                zip(df["kind"] + ":" + df["name"], df["authorization_status"], strict=True)
            )
            assert statuses["authorized:ATACMS may be authorized 200 mi (321.9 km)"] == "uncertain"
            assert all(v is None or v != v for k, v in statuses.items() if k.startswith("claimed"))
