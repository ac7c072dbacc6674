"""What lies within reach: flags follow exact distances, counts and lists say what a briefing
says, and the outputs carry both. Synthetic countries keep most tests off the border data."""

from __future__ import annotations

import csv
import functools
import io
import json
from pathlib import Path
from types import SimpleNamespace

import numpy as np
import pytest
import shapely
from hypothesis import given, settings
from hypothesis import strategies as st
from pyproj import Geod
from shapely.geometry import LineString, Polygon

from envelope import geodesic
from envelope.borders import Segment
from envelope.envelopes import Envelope, EnvelopeSet
from envelope.errors import EnvelopeError
from envelope.formats import format_for
from envelope.reach import FORMATS, Classifier, bad_row_lines, map_targets, reach, render
from envelope.targets import TargetSet
from envelope.units import METRES_PER_MILE as MI

GEOD = Geod(ellps="WGS84")
FIX = Path(__file__).parent / "fixtures" / "targets"
LINE = LineString([(35.9, 50.43), (36.2, 50.42), (36.6, 50.27), (37.0, 50.35)])
# Synthetic countries split by the line: "RUS" north of it, "UKR" south, each reaching far out.
_N = [(40.0, 50.35), (40.0, 56.0), (32.0, 56.0), (32.0, 50.43)]
RUS = Polygon([*LINE.coords, *_N])
UKR = Polygon([*LINE.coords, (40.0, 50.35), (40.0, 44.0), (32.0, 44.0), (32.0, 50.43)])
COUNTRIES = {"RUS": RUS, "UKR": UKR}
SEGMENT = Segment(
    name="test", line=LINE, origin="UKR", target="RUS", description="test line", source="test"
)


def make_env(name, range_m, *, kind="range", weapon=None, clip=True):
    ring = geodesic.buffer(LINE, range_m)
    geom = shapely.intersection(ring, RUS) if clip else ring
    return Envelope(
        name=name,
        kind=kind,
        weapon=weapon,
        range_m=range_m,
        segment="test",
        geometry=geom,
        display=geom,
        display_tolerance_m=0.0,
        clipped_to="RUS" if clip else None,
        area_km2=0.0,
        target_area_km2=0.0,
        max_depth_km=0.0,
    )


@pytest.fixture(scope="module")
def envset():
    envs = (
        make_env("W claimed 185 mi", 185 * MI, kind="claimed", weapon="W"),
        make_env("W claimed 200 mi", 200 * MI, kind="claimed", weapon="W"),
        make_env("W authorized 24 mi", 24 * MI, kind="authorized", weapon="W"),
        make_env("V claimed 50 mi", 50 * MI, kind="claimed", weapon="V"),
    )
    return EnvelopeSet(segment=SEGMENT, envelopes=envs)


def user_set(names, lonlat, **columns):
    xy = np.asarray(lonlat, float).reshape(-1, 2)
    return TargetSet(
        source="mine.csv",
        kind="user",
        name=list(names),
        lon=xy[:, 0],
        lat=xy[:, 1],
        columns=columns,
    )


PLACES = {
    "Belgorod": (36.587, 50.596),
    "Shebekino": (36.900, 50.410),
    "Kursk": (36.193, 51.730),
    "Voronezh": (39.184, 51.672),
    "Kharkiv": (36.231, 49.993),
    "Simferopol": (34.100, 44.952),
    "Moscow": (37.617, 55.756),
}


@pytest.fixture(scope="module")
def places(envset):
    t = user_set(PLACES, list(PLACES.values()), note=[f"n{i}" for i in range(len(PLACES))])
    return reach(envset, t, countries=COUNTRIES)


def test_distances_agree_with_an_independent_geod_oracle(places, oracle):
    want = oracle(np.asarray(LINE.coords), places.targets.lon, places.targets.lat)
    assert np.allclose(places.distance_m, want, rtol=1e-6, atol=0.01)


def test_flags_follow_distance_and_country(places):
    d = dict(zip(places.targets.name, places.distance_m, strict=True))
    in_rus = dict(zip(places.targets.name, places.in_target_country, strict=True))
    for col, env in places.envelope_columns():
        for name, flag in zip(places.targets.name, places.inside[col], strict=True):
            assert flag == (d[name] <= env.range_m and in_rus[name]), (col, name)
    row = dict(zip(places.targets.name, places.inside["in:W authorized 24 mi"], strict=True))
    assert row["Belgorod"] and row["Shebekino"] and not row["Kursk"]


def test_kharkiv_and_simferopol_never_count_even_within_range(places):
    d = dict(zip(places.targets.name, places.distance_m, strict=True))
    assert d["Kharkiv"] < 200 * MI  # within range, but in "UKR"
    for name in ("Kharkiv", "Simferopol"):
        i = places.targets.name.index(name)
        assert not places.in_target_country[i]
        assert not any(m[i] for m in places.inside.values())


def test_an_entry_coded_for_russia_inside_ukraines_polygon_never_counts(envset):
    # A built-in-like set: Sevastopol coded RU by the data, and a point coded UA inside "RUS".
    t = user_set(
        ["Sevastopol", "Mislabelled", "Belgorod"], [33.52, 44.6, 36.8, 50.7, 36.587, 50.596]
    )
    t.code_ok, t.coded_for = np.array([True, False, True]), "RUS"
    r = reach(envset, t, countries=COUNTRIES)
    assert r.in_target_country.tolist() == [False, False, True]
    assert r.inside["in:W claimed 200 mi"].tolist() == [False, False, True]
    fast = Classifier(envset, countries=COUNTRIES).inside(
        t.lon, t.lat, code_ok=t.code_ok, coded_for="RUS"
    )
    assert fast["in:W claimed 200 mi"].tolist() == [False, False, True]


def test_claimed_but_not_authorized_is_the_largest_claimed_minus_authorized(places):
    cna = {c["weapon"]: c for c in places.claimed_not_authorized()}
    assert cna["W"]["claimed"] == "W claimed 200 mi"
    assert cna["W"]["authorized"] == "W authorized 24 mi"
    assert cna["W"]["names"] == ["Kursk", "Voronezh"]  # nearest first
    assert cna["V"]["authorized"] is None  # nothing authorized: everything claimed counts
    assert cna["V"]["names"] == ["Shebekino", "Belgorod"]


def test_counts_per_envelope_by_set(places):
    counts = {c["envelope"]: c for c in places.counts()}
    assert counts["W claimed 200 mi"]["count"] == 4
    assert counts["W claimed 200 mi"]["by_set"] == {"mine.csv": 4}
    assert counts["W authorized 24 mi"]["names"] == ["Shebekino", "Belgorod"]


def test_fast_classification_matches_the_rule_on_random_points(envset):
    rng = np.random.default_rng(7)
    n = 20_000
    lon, lat = rng.uniform(31.0, 42.0, n), rng.uniform(47.0, 55.0, n)
    clf = Classifier(envset, countries=COUNTRIES)
    fast = clf.inside(lon, lat)
    exact = clf.inside_from_distance(clf.distances(lon, lat), lon, lat)
    for col in fast:
        assert np.array_equal(fast[col], exact[col]), col
    assert 0.05 < fast["in:W claimed 200 mi"].mean() < 0.6


@functools.cache
def _ring(range_m: float):
    return geodesic.buffer(LINE, range_m).exterior


@pytest.fixture(scope="module")
def classifier(envset):
    return Classifier(envset, countries=COUNTRIES)


@settings(max_examples=25, deadline=None)
@given(
    frac=st.floats(0.0, 1.0),
    offset=st.floats(-3.0, 3.0),
    which=st.sampled_from([0, 1, 2, 3]),
)
def test_points_within_metres_of_the_range_are_flagged_by_their_exact_distance(
    envset, classifier, frac, offset, which
):
    """Inside iff distance <= range, even inside the polygon's 0.5 m boundary tolerance."""
    env = envset.envelopes[which]
    p = _ring(env.range_m).interpolate(frac, normalized=True)
    # Step off the boundary along the meridian by `offset` metres (either way).
    lon, lat, _ = GEOD.fwd(p.x, p.y, 0.0, offset)
    clf = classifier
    x, y = np.array([lon]), np.array([lat])
    d = clf.distances(x, y)
    fast = clf.inside(x, y)[f"in:{env.name}"][0]
    in_rus = shapely.contains_xy(RUS, lon, lat)
    assert fast == bool(d[0] <= env.range_m and in_rus)


def test_unclipped_envelopes_need_no_country(envset):
    env = make_env("300 km", 300_000.0, clip=False)
    es = EnvelopeSet(segment=SEGMENT, envelopes=(env,))
    t = user_set(["Kharkiv", "Moscow"], [PLACES["Kharkiv"], PLACES["Moscow"]])
    r = reach(es, t, countries=COUNTRIES)
    assert r.inside["in:300 km"].tolist() == [True, False]


def test_csv_output_has_distances_flags_and_passed_through_columns(places):
    rows = list(csv.DictReader(io.StringIO(render(places, "csv"))))
    first = rows[0]
    assert list(first)[:8] == [
        "name",
        "set",
        "kind",
        "lon",
        "lat",
        "distance_km",
        "distance_mi",
        "in_RUS",
    ]
    assert "in:W claimed 200 mi" in first and first["note"] == "n0"
    assert first["name"] == "Belgorod" and first["in:W authorized 24 mi"] == "true"
    km = float(first["distance_km"])
    assert float(first["distance_mi"]) == pytest.approx(km * 1000 / MI, abs=1e-3)


def test_json_and_geojson_outputs_carry_counts_rule_and_sources(places):
    doc = json.loads(render(places, "json"))
    assert doc["metadata"]["rule"].startswith("inside = exact geodesic distance")
    assert doc["metadata"]["sources"][0]["source"] == "mine.csv"
    assert len(doc["targets"]) == len(PLACES)
    gj = json.loads(render(places, "geojson"))
    assert gj["type"] == "FeatureCollection"
    feat = gj["features"][0]
    assert feat["geometry"] == {"type": "Point", "coordinates": [36.587, 50.596]}
    assert "distance_km" in feat["properties"]
    assert {c["envelope"] for c in gj["counts"]} >= {"W claimed 200 mi"}


def test_table_reports_targets_counts_and_claimed_not_authorized(places):
    text = render(places, "table")
    assert "Belgorod" in text and "Per envelope:" in text
    assert "W (W claimed 200 mi vs W authorized 24 mi): 2, mine.csv 2: Kursk, Voronezh" in text
    assert "V (V claimed 50 mi vs nothing authorized)" in text
    assert "  mine.csv: authorized 2\n" in text
    assert "Simferopol" not in text.split("Per envelope:")[0]  # outside every envelope


def test_map_targets_are_those_inside_the_largest_envelope_with_labels(envset):
    t = user_set(PLACES, list(PLACES.values()))
    t.kind = "city"
    t.columns = {"population": [345_289, 39_000, 448_733, 1_047_549, 1_421_125, 336_460, 1]}
    r = reach(envset, t, countries=COUNTRIES)
    items = map_targets(r, label_top=2)
    assert [i["name"] for i in items] == ["Shebekino", "Belgorod", "Kursk", "Voronezh"]
    labelled = {i["name"] for i in items if i["label"]}
    assert labelled == {"Voronezh", "Kursk"}
    bel = items[1]
    assert bel["kind"] == "city" and bel["population"] == 345_289
    assert "W authorized 24 mi" in bel["inside"] and bel["distance_km"] > 0


def test_output_format_comes_from_the_extension():
    assert format_for(None, FORMATS, stdout="table") == "table"
    assert format_for("a.CSV", FORMATS) == "csv" and format_for("a.geojson", FORMATS) == "geojson"
    with pytest.raises(EnvelopeError, match="name it .csv, .geojson, .json"):
        format_for("a.txt", FORMATS)


def test_bad_row_lines_give_a_count_and_the_first_lines(envset):
    r = reach(envset, str(FIX / "bad_rows.csv"), countries=COUNTRIES)
    assert r.targets.name == ["Belgorod", "Kursk"]
    assert bad_row_lines(r, limit=2) == [
        "skipped 5 bad rows in bad_rows.csv:",
        "  bad_rows.csv:3: lat 95 is outside -90..90",
        "  bad_rows.csv:4: lat is missing",
        "  ... and 3 more",
    ]


# --- with the real border data (envelope.borders) ------------------------------------------


def _run(argv, capsys):
    from envelope.cli import main

    with pytest.raises(SystemExit) as exit_:
        main(argv)
    out, err = capsys.readouterr()
    return exit_.value.code, out, err


def test_cli_user_csv_distances_match_geod_for_a_geojson_segment(tmp_path, capsys, oracle):
    out = tmp_path / "r.csv"
    argv = [
        "reach",
        "--segment",
        str(FIX / "segment.geojson"),
        "--targets",
        str(FIX / "places.csv"),
        "--range",
        "24mi",
        "--range",
        "200mi",
        "-o",
        str(out),
    ]
    code, _, err = _run(argv, capsys)
    assert code == 0, err
    rows = list(csv.DictReader(out.open()))
    seg = json.loads((FIX / "segment.geojson").read_text())["features"][0]["geometry"]
    lon = np.array([float(r["lon"]) for r in rows])
    lat = np.array([float(r["lat"]) for r in rows])
    want = oracle(np.asarray(seg["coordinates"]), lon, lat) / 1000.0
    got = np.array([float(r["distance_km"]) for r in rows])
    assert np.allclose(got, want, rtol=1e-3)
    in_rus = np.array([r["in_RUS"] == "true" for r in rows])
    names = [r["name"] for r in rows]
    assert not in_rus[names.index("Kharkiv")] and not in_rus[names.index("Simferopol")]
    for rng, col in ((24 * MI, "in:24 mi"), (200 * MI, "in:200 mi")):
        assert np.all(np.abs(want * 1000 - rng) > 1.0)  # no place is too close to call
        flags = np.array([r[col] == "true" for r in rows])
        assert np.array_equal(flags, (want * 1000 <= rng) & in_rus), col
    byname = {r["name"]: r for r in rows}
    assert byname["Belgorod"]["in:24 mi"] == "true"
    assert byname["Kursk"]["in:200 mi"] == "true" and byname["Kursk"]["in:24 mi"] == "false"


def test_cli_bad_rows_are_reported_without_a_traceback(tmp_path, capsys):
    code, out, err = _run(
        ["reach", "--targets", str(FIX / "bad_rows.csv"), "--range", "24mi"], capsys
    )
    assert code == 0, err
    assert "skipped 5 bad rows in bad_rows.csv" in err
    assert "bad_rows.csv:3: lat 95 is outside -90..90" in err
    assert "Traceback" not in err and "Belgorod" in out


def test_cli_missing_coordinate_columns_is_one_line_exit_2(capsys):
    code, _, err = _run(["reach", "--targets", str(FIX / "no_coords.csv")], capsys)
    assert code == 2
    assert err.count("\n") == 1 and "no_coords.csv" in err and "name, y, x" in err


def test_builtin_cities_count_belgorod_but_never_crimea_or_kharkiv(capsys):
    code, out, err = _run(
        ["reach", "--targets", "cities", "--range", "24mi", "--range", "1000km"], capsys
    )
    assert code == 0, err
    head = out.split("Per envelope:")[0]
    assert "Belgorod" in head
    for name in ("Simferopol", "Sevastopol", "Kharkiv"):
        assert f"\n{name} " not in head
    assert "GeoNames" in out and "CC BY 4.0" in out


# --- authorization, spreadsheets, GeoParquet ------------------------------------------------


def test_authorization_states_follow_authorized_envelopes_and_class_exclusions():
    from envelope.reach.authorization import authorization_columns

    def env(kind, excluded=(), status=None):
        return SimpleNamespace(kind=kind, excluded_classes=excluded, authorization_status=status)

    envs = [env("claimed"), env("authorized", ("airfield",)), env("authorized", (), "uncertain")]
    inside = {
        "in:claimed": np.array([1, 1, 1, 1, 1], bool),
        "in:auth": np.array([1, 1, 0, 0, 0], bool),
        "in:maybe": np.array([0, 0, 1, 0, 0], bool),
    }
    kinds = ["city", "airfield", "city", "city", "airfield"]
    cols = authorization_columns(envs, inside, kinds)
    assert cols["authorization"].tolist() == [
        "authorized",
        "in the zone, class excluded",
        "authorized (may be in force)",
        "outside every authorization",
        "outside every authorization",
    ]
    assert cols["authorized"].tolist() == [True, False, True, False, False]
    assert cols["outside_every_authorization"].tolist() == [False, False, False, True, True]


def test_rows_say_whether_each_target_was_authorized(places):
    rows = {r["name"]: r for r in places.rows()}
    assert rows["Belgorod"]["authorized"] and rows["Belgorod"]["authorization"] == "authorized"
    assert rows["Kursk"]["outside_every_authorization"] and not rows["Kursk"]["authorized"]
    assert list(rows["Kursk"])[-4:-1] == [
        "authorized",
        "outside_every_authorization",
        "authorization",
    ]
    counts = {(c["set"], c["authorization"]): c["count"] for c in places.authorization_counts()}
    assert counts[("mine.csv", "authorized")] == 2  # Shebekino, Belgorod (24 mi)
    assert counts[("mine.csv", "outside every authorization")] == len(PLACES) - 2


@pytest.fixture(scope="module")
def hostile(envset):
    t = user_set(
        ['=HYPERLINK("x")', "Belgorod"], [36.9, 50.41, 36.587, 50.596], note=["-12.5", "+x"]
    )
    return reach(envset, t, countries=COUNTRIES)


def test_xlsx_has_rows_counts_and_sources_formula_safe_and_same_bytes(hostile):
    import openpyxl

    data = render(hostile, "xlsx")
    assert data == render(hostile, "xlsx")  # no timestamps
    wb = openpyxl.load_workbook(io.BytesIO(data))
    assert wb.sheetnames == ["rows", "counts", "sources"]
    rows = list(wb["rows"].values)
    assert rows[0][:3] == ("name", "set", "kind") and len(rows) == 3
    note = rows[0].index("note")
    assert rows[1][0] == '\'=HYPERLINK("x")' and rows[2][note] == "'+x"
    assert rows[1][note] == "-12.5"  # a plain number stays as it is
    assert rows[2][rows[0].index("distance_km")] == pytest.approx(
        hostile.distance_m[1] / 1000, abs=1e-4
    )
    counts = {r[0]: r for r in wb["counts"].values}
    assert counts["W authorized 24 mi"][counts["envelope"].index("count")] == 2
    sources = {r[0]: r[1] for r in wb["sources"].values}
    assert sources["rule"].startswith("inside = exact geodesic distance")


def test_geoparquet_has_geo_metadata_reads_back_and_same_bytes(hostile, tmp_path):
    import duckdb
    import geopandas as gpd
    import pyarrow.parquet as pq

    data = render(hostile, "parquet")
    assert data == render(hostile, "parquet")
    meta = pq.read_schema(io.BytesIO(data)).metadata
    geo = json.loads(meta[b"geo"])
    assert geo["primary_column"] == "geometry" and geo["columns"]["geometry"]["encoding"] == "WKB"
    gdf = gpd.read_parquet(io.BytesIO(data))
    assert gdf.geometry.x.tolist() == [36.9, 36.587] and gdf.geometry.y.tolist() == [50.41, 50.596]
    assert gdf["authorization"].tolist() == ["authorized", "authorized"]
    assert gdf["distance_km"].tolist() == pytest.approx(hostile.distance_m / 1000, abs=1e-4)
    path = tmp_path / "r.parquet"
    path.write_bytes(data)
    assert duckdb.sql(f"select count(*) from '{path}'").fetchall() == [(2,)]


# --- the fast paths equal the rule ----------------------------------------------------------


def test_fast_distances_equal_the_engine_to_a_millimetre(envset):
    clf = Classifier(envset, countries=COUNTRIES)
    rng = np.random.default_rng(3)
    n = 1500
    far = rng.uniform((30.0, 46.0), (42.0, 56.0), (n, 2))
    idx = clf.index
    j = rng.integers(0, len(idx.lon) - 1, n)
    t = rng.uniform(0, 1, n)
    off = rng.normal(0, 1, (n, 2)) * rng.choice([1e-6, 1e-4, 1e-2], (n, 1))
    near = np.c_[
        idx.lon[j] + t * (idx.lon[j + 1] - idx.lon[j]),
        idx.lat[j] + t * (idx.lat[j + 1] - idx.lat[j]),
    ]
    pts = np.r_[far, near + off, np.c_[idx.lon[:50], idx.lat[:50]]]
    got = clf.distances(pts[:, 0], pts[:, 1])
    want = geodesic.distance_to_line(idx, pts[:, 0], pts[:, 1])
    assert np.abs(got - want).max() < 1.1e-3
    assert got[-50:].max() < 1e-3  # vertices of the line itself


def test_grid_flags_and_streamed_counts_equal_the_rule(envset):
    from envelope.reach.grid import build_grid, grid_flags
    from envelope.reach.stream import count_chunks

    clf = Classifier(envset, countries=COUNTRIES)
    grid = build_grid(clf)
    rng = np.random.default_rng(11)
    lon, lat = rng.uniform(31.0, 42.0, 40_000), rng.uniform(47.0, 55.0, 40_000)
    flags = grid_flags(clf, grid, lon, lat)
    exact = clf.inside_from_distance(clf.distances(lon, lat), lon, lat)
    for col in flags:
        assert np.array_equal(flags[col], exact[col]), col
    assert 0.05 < flags["in:W claimed 200 mi"].mean() < 0.6
    chunks = [
        user_set([""] * 10_000, np.c_[lon[s : s + 10_000], lat[s : s + 10_000]])
        for s in range(0, 40_000, 10_000)
    ]
    counts = count_chunks(clf, chunks, grid)
    assert counts.targets == 40_000
    assert counts.inside == {c: int(exact[c].sum()) for c in exact}


# --- the command line on the real data -------------------------------------------------------


@pytest.fixture(scope="module")
def big_cities(tmp_path_factory):
    from click.testing import CliRunner

    from envelope.cli import cli

    out = tmp_path_factory.mktemp("reach") / "r.csv"
    argv = ["reach", "--targets", "cities", "--min-population", "100000", "--as-of", "2024-06-15"]
    res = CliRunner().invoke(cli, [*argv, "-o", str(out)])
    assert res.exit_code == 0, res.output
    return list(csv.DictReader(out.open(encoding="utf-8")))


def test_cli_cities_have_region_population_floor_and_authorization(big_cities):
    from envelope.targets.cities import TWIN_KM, name_stem

    rows = big_cities
    assert {"region", "authorization", "authorized", "outside_every_authorization"} <= set(rows[0])
    assert min(int(r["population"]) for r in rows) >= 100_000
    byname = {r["name"]: r for r in rows}
    for city, region in (("Voronezh", "Voronezh"), ("Kursk", "Kursk"), ("Belgorod", "Belgorod")):
        assert byname[city]["region"] == region
    assert byname["Belgorod"]["authorization"] == "authorized"  # HIMARS near the border
    assert byname["Voronezh"]["authorization"] == "outside every authorization"
    stems = {}
    for r in rows:  # no two rows of one stem within the twin distance
        for other in stems.get(name_stem(r["name"]), []):
            d = GEOD.inv(
                float(r["lon"]), float(r["lat"]), float(other["lon"]), float(other["lat"])
            )[2]
            assert d > TWIN_KM * 1000
        stems.setdefault(name_stem(r["name"]), []).append(r)


def test_cli_airbases_have_military_basis(tmp_path):
    from click.testing import CliRunner

    from envelope.cli import cli

    out = tmp_path / "r.csv"
    res = CliRunner().invoke(cli, ["reach", "--targets", "airbases", "-o", str(out)])
    assert res.exit_code == 0, res.output
    rows = list(csv.DictReader(out.open(encoding="utf-8")))
    assert len(rows) >= 5 and all(r["military_basis"] for r in rows)
    assert {r["kind"] for r in rows} == {"airfield"}


def test_state_columns_judge_the_same_targets_against_each_dates_envelopes(places, envset):
    from envelope.reach import state_columns

    before = EnvelopeSet(segment=SEGMENT, envelopes=envset.envelopes[:2])  # claims only
    cols = state_columns(places, [("2024-05-29", before), ("2024-06-15", envset)])
    i = places.targets.name.index("Belgorod")
    assert cols["authorization@2024-05-29"][i] == "outside every authorization"
    assert cols["authorization@2024-06-15"][i] == "authorized"
    assert cols["authorized@2024-06-15"] == places.authorization()["authorized"].tolist()
    assert all(cols["outside_every_authorization@2024-05-29"])


def test_cli_counts_only_streams_a_file_and_prints_counts(tmp_path, capsys):
    from click.testing import CliRunner

    from envelope.cli import cli

    out = tmp_path / "counts.csv"
    argv = ["reach", "--targets", str(FIX / "places.csv"), "--range", "24mi", "--counts-only"]
    res = CliRunner().invoke(cli, [*argv, "-o", str(out)])
    assert res.exit_code == 0, res.output
    rows = list(csv.DictReader(out.open(encoding="utf-8")))
    assert rows == [{"column": "in:24 mi", "count": "3", "of": "8"}]  # Shebekino, Valuyki, Belgorod
    code, _, err = _run([*argv, "-o", str(tmp_path / "c.xlsx")], capsys)
    assert code == 2 and "--counts-only writes a table or a .csv" in err


def test_a_file_written_chunk_by_chunk_equals_the_whole_result(envset, tmp_path):
    import geopandas as gpd

    from envelope.reach import spool

    whole = reach(envset, str(FIX / "bad_rows.csv"), countries=COUNTRIES)
    out = tmp_path / "r.csv"
    clf = Classifier(envset, countries=COUNTRIES)
    bad, first = spool(
        envset, str(FIX / "bad_rows.csv"), str(out), "csv", chunk_rows=2, classifier=clf
    )
    assert out.read_text(encoding="utf-8") == render(whole, "csv")
    assert (
        bad == {"bad_rows.csv": 5} and str(first[0]) == "bad_rows.csv:3: lat 95 is outside -90..90"
    )
    pq_out = tmp_path / "r.parquet"
    spool(envset, str(FIX / "bad_rows.csv"), str(pq_out), "parquet", chunk_rows=2, classifier=clf)
    got = gpd.read_parquet(pq_out)
    want = gpd.read_parquet(io.BytesIO(render(whole, "parquet")))
    assert got.drop(columns="geometry").equals(want.drop(columns="geometry"))
    assert got.geometry.equals(want.geometry)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["r.csv", "r.parquet"]  # no temp left


def test_with_launchers_standing_back_flags_count_from_the_launch_line():
    from envelope.envelopes import compute_envelope_set

    result = compute_envelope_set(segment="kharkiv", ranges=["100km"], standoff_m=20_000.0)
    env = result.envelopes[0]
    assert env.standoff_m == 20_000.0 and env.launch_line is not None
    rng = np.random.default_rng(2)
    lon, lat = rng.uniform(35.5, 39.0, 3000), rng.uniform(49.5, 51.8, 3000)
    r = reach(result, user_set([""] * 3000, np.c_[lon, lat]))
    from_launch = geodesic.distance_to_line(geodesic.line_index(env.launch_line), lon, lat)
    flags = r.inside["in:100 km"]
    assert np.array_equal(flags, (from_launch <= 100_000.0) & r.in_target_country)
    clear = np.abs(from_launch - 100_000.0) > 50.0  # not within the polygon's tolerance
    polygon = shapely.contains_xy(env.geometry, lon, lat)
    assert np.array_equal(flags[clear], polygon[clear]) and flags.any()
    # counted from the segment itself, some of these would be inside: the standoff matters
    assert ((r.distance_m <= 100_000.0) & r.in_target_country & ~flags).any()
