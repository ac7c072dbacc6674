"""The packaged border data and the small API over it."""

from __future__ import annotations

import json
import re

import numpy as np
import pytest
import shapely
from shapely.geometry import LineString, MultiLineString, Point

from envelope import borders
from envelope.errors import EnvelopeError
from envelope.resources import data_dir

# Where Natural Earth's oblast boundaries meet the UA-RU border (lon, lat); see PROVENANCE.md.
SUMY_KHARKIV_TRIPOINT = (35.69, 50.35)
KHARKIV_LUHANSK_TRIPOINT = (38.02, 49.92)


@pytest.mark.parametrize(
    ("city", "lon", "lat", "iso3"),
    [
        ("Simferopol", 34.10, 44.95, "UKR"),
        ("Sevastopol", 33.52, 44.60, "UKR"),
        ("Kharkiv", 36.23, 49.99, "UKR"),
        ("Donetsk", 37.80, 48.00, "UKR"),
        ("Belgorod", 36.59, 50.60, "RUS"),
    ],
)
def test_city_is_in_exactly_its_internationally_recognized_country(city, lon, lat, iso3):
    inside = [k for k in borders.country_names() if borders.country(k).contains(Point(lon, lat))]
    assert inside == [iso3], city


def test_countries_do_not_overlap():
    ukr, rus, blr = (borders.country(k) for k in ("UKR", "RUS", "BLR"))
    assert ukr.intersection(rus).area == 0
    assert ukr.intersection(blr).area == 0
    assert rus.intersection(blr).area == 0


def test_kharkiv_segment_is_one_line_of_plausible_length():
    seg = borders.get_segment("kharkiv")
    assert isinstance(seg.line, LineString)
    assert (seg.origin, seg.target) == ("UKR", "RUS")
    assert 230 <= seg.length_km <= 330


def test_kharkiv_segment_runs_from_sumy_tripoint_to_luhansk_tripoint():
    coords = borders.get_segment("kharkiv").line.coords
    ends = {tuple(round(v, 2) for v in coords[0]), tuple(round(v, 2) for v in coords[-1])}
    start, end = Point(coords[0]), Point(coords[-1])
    assert start.distance(Point(SUMY_KHARKIV_TRIPOINT)) < 0.05, ends
    assert end.distance(Point(KHARKIV_LUHANSK_TRIPOINT)) < 0.05, ends


def _distance_to_boundary(points, polygon):
    """Each point's distance to the polygon's boundary: the least over the boundary's edges,
    found with an STRtree (the same value as shapely.distance to the whole boundary, without
    measuring every point against all ~45,000 vertices of Russia)."""
    parts = [shapely.get_coordinates(ring) for ring in shapely.get_parts(polygon.boundary)]
    edges = shapely.linestrings(np.concatenate([np.stack([c[:-1], c[1:]], 1) for c in parts]))
    (which, _), d = shapely.STRtree(edges).query_nearest(points, return_distance=True)
    out = np.full(len(points), np.inf)
    np.minimum.at(out, which, d)
    return out


@pytest.mark.parametrize("name", ["kharkiv", "sumy", "ua-ru"])
def test_segment_vertices_lie_on_both_ukraine_and_russia(name):
    pts = shapely.points(borders.get_segment(name).line.coords)
    for iso3 in ("UKR", "RUS"):
        assert _distance_to_boundary(pts, borders.country(iso3)).max() < 1e-9


def test_ua_ru_is_the_whole_land_border_and_contains_kharkiv_and_sumy():
    uaru = borders.get_segment("ua-ru")
    assert isinstance(uaru.line, LineString)
    assert 1900 <= uaru.length_km <= 2150
    start, end = uaru.line.coords[0], uaru.line.coords[-1]
    assert Point(start).distance(borders.country("BLR")) < 1e-9  # Belarus tripoint
    assert end[1] < 47.2 and end[0] > 38  # Sea of Azov coast near the Mius estuary
    vertices = set(uaru.line.coords)
    for name in ("kharkiv", "sumy"):
        assert set(borders.get_segment(name).line.coords) <= vertices


def test_sumy_segment_is_one_line_north_of_kharkiv():
    sumy = borders.get_segment("sumy")
    assert isinstance(sumy.line, LineString)
    assert 450 <= sumy.length_km <= 650
    assert sumy.line.coords[-1] == borders.get_segment("kharkiv").line.coords[0]


def test_segment_names_and_unknown_segment_message():
    assert borders.segment_names() == ["kharkiv", "sumy", "ua-ru"]
    with pytest.raises(EnvelopeError, match="known segments: kharkiv, sumy, ua-ru"):
        borders.get_segment("crimea")


def test_unknown_country_is_an_envelope_error():
    with pytest.raises(EnvelopeError, match="known countries"):
        borders.country("XYZ")
    assert borders.country_names() == {"UKR": "Ukraine", "RUS": "Russia", "BLR": "Belarus"}


def test_coordinates_have_at_most_five_decimals():
    pattern = re.compile(r"-?\d+\.\d{6,}")
    for fname in ("countries.geojson", "segments.geojson"):
        assert not pattern.search((data_dir("borders") / fname).read_text()), fname


def test_exteriors_are_counter_clockwise():
    for iso3 in borders.country_names():
        for poly in shapely.get_parts(borders.country(iso3)):
            assert poly.exterior.is_ccw


def test_border_data_is_under_3_5_mb():
    """GeoJSON (readable, diffable) plus its WKB copy (what the package reads, ~1.3 MB)."""
    total = sum(p.stat().st_size for p in data_dir("borders").iterdir() if p.is_file())
    assert total < 3_500_000


@pytest.mark.parametrize("stem", ["countries", "segments"])
def test_wkb_copies_hold_exactly_the_geojson_geometries_and_their_recorded_hash(stem):
    import hashlib

    folder = data_dir("borders")
    data = (folder / f"{stem}.wkb").read_bytes()
    copy = borders.provenance()["binary_copies"][f"{stem}.wkb"]
    assert hashlib.sha256(data).hexdigest() == copy["sha256"]
    doc = json.loads((folder / f"{stem}.geojson").read_text(encoding="utf-8"))
    wkb_geoms = shapely.from_wkb(data).geoms
    assert [f["properties"] for f in doc["features"]] == copy["properties"]
    for feat, geom in zip(doc["features"], wkb_geoms, strict=True):
        expected = shapely.geometry.shape(feat["geometry"])
        assert geom.geom_type == expected.geom_type
        same = shapely.get_coordinates(geom) == shapely.get_coordinates(expected)
        assert same.all()  # bit for bit, not approximately


def test_provenance_names_sources_and_attribution():
    prov = borders.provenance()
    assert {s["data_license"] for s in prov["sources"]} == {"ODbL-1.0", "public domain"}
    assert all(len(s["tarball_sha256"]) == 64 for s in prov["sources"])
    assert "OpenStreetMap contributors" in borders.attribution()
    assert "ODbL" in borders.attribution()


# user segment files

LINE = {"type": "LineString", "coordinates": [[36.0, 50.0], [36.5, 50.2], [37.0, 50.1]]}


def _write(tmp_path, name, obj):
    path = tmp_path / name
    path.write_text(obj if isinstance(obj, str) else json.dumps(obj))
    return path


def test_load_segment_file_accepts_a_feature_and_uses_its_name(tmp_path):
    feat = {"type": "Feature", "properties": {"name": "front"}, "geometry": LINE}
    seg = borders.load_segment_file(_write(tmp_path, "f.geojson", feat))
    assert seg.name == "front"
    assert isinstance(seg.line, LineString)
    assert (seg.origin, seg.target) == ("UKR", "RUS")
    assert seg.source.endswith("f.geojson")
    assert 70 < seg.length_km < 90


def test_load_segment_file_accepts_a_bare_geometry_named_after_the_file(tmp_path):
    seg = borders.load_segment_file(_write(tmp_path, "myline.json", LINE), origin="RUS")
    assert seg.name == "myline"
    assert seg.origin == "RUS"


def test_load_segment_file_joins_a_collection_of_lines_into_a_multilinestring(tmp_path):
    other = {"type": "LineString", "coordinates": [[38.0, 49.0], [38.5, 49.2]]}
    fc = {
        "type": "FeatureCollection",
        "features": [
            {"type": "Feature", "properties": {}, "geometry": LINE},
            {"type": "Feature", "properties": {}, "geometry": other},
        ],
    }
    seg = borders.load_segment_file(_write(tmp_path, "two.geojson", fc))
    assert isinstance(seg.line, MultiLineString)
    assert len(seg.line.geoms) == 2


def test_a_point_file_is_a_launch_set_of_points_only(tmp_path):
    path = _write(tmp_path, "site.geojson", {"type": "Point", "coordinates": [36.6, 50.6]})
    seg = borders.load_segment_file(path, origin="RUS")
    assert seg.line is None and seg.points == (borders.LaunchPoint("point 1", 36.6, 50.6),)
    assert (seg.origin, seg.target) == ("RUS", "UKR")  # naming one side turns the default
    assert seg.geometry.geom_type == "MultiPoint" and seg.length_km == 0.0


def test_resolve_segment_takes_names_then_paths(tmp_path):
    assert borders.resolve_segment("kharkiv") is borders.get_segment("kharkiv")
    path = _write(tmp_path, "mine.geojson", LINE)
    assert borders.resolve_segment(str(path)).name == "mine"
    with pytest.raises(EnvelopeError, match="known segments"):
        borders.resolve_segment(str(tmp_path / "missing.geojson"))


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("{not json", "not JSON"),
        ({"foo": 1}, "not GeoJSON"),
        ({"type": "Polygon", "coordinates": [[[36, 50], [37, 50], [37, 51], [36, 50]]]}, "Point"),
        ({"type": "Point", "coordinates": [36, 95]}, "outside lon/lat range"),
        ({"type": "FeatureCollection", "features": []}, "no LineString"),
        (
            {"type": "LineString", "coordinates": [[3_500_000, 6_400_000], [3_600_000, 6_500_000]]},
            "projected coordinates",
        ),
        ({"type": "LineString", "coordinates": []}, "empty"),
        ({"type": "LineString", "coordinates": [[36, 50], [36, 50]]}, "this one has 1"),
    ],
)
def test_load_segment_file_rejects_bad_input_naming_the_file(tmp_path, content, message):
    path = _write(tmp_path, "bad.geojson", content)
    with pytest.raises(EnvelopeError, match=message) as err:
        borders.load_segment_file(path)
    assert str(path) in str(err.value)
    assert "\n" not in str(err.value)


def test_load_segment_file_reports_a_missing_file(tmp_path):
    path = tmp_path / "nope.geojson"
    with pytest.raises(EnvelopeError, match="no such file; give a GeoJSON file") as err:
        borders.load_segment_file(path)
    assert str(path) in str(err.value)


def test_importing_borders_does_not_import_geopandas():
    import subprocess
    import sys

    code = "import sys, envelope.borders; print('geopandas' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"
