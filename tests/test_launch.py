"""Launch geometry (issue 12): direction, launch points, standoff, geodesic edges, several
segments, each against the independent oracle of conftest.py or known places."""

from __future__ import annotations

import json

import numpy as np
import pytest
import shapely
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from shapely.geometry import LineString, MultiPoint, Point

from envelope import borders, geodesic, launch
from envelope.borders import LaunchPoint
from envelope.cli import main
from envelope.envelopes import compute_envelope_set
from envelope.errors import EnvelopeError
from tests.oracle import GEOD, boundary_samples, true_distance, true_distance_to_parts

TOL = 0.5
PLACES = {  # lon, lat (GeoNames)
    "Kharkiv": (36.2304, 49.9935),
    "Vovchansk": (36.9411, 50.2908),
    "Chuhuiv": (36.6881, 49.8356),
    "Kupiansk": (37.6167, 49.7064),
    "Belgorod": (36.5873, 50.5997),
    "Izium": (37.2561, 49.2128),
    "Lozova": (36.2706, 48.8894),
}


def _run(args, capsys):
    with pytest.raises(SystemExit) as exc:
        main(args)
    return exc.value.code, capsys.readouterr()


def _export(tmp_path, capsys, *args):
    out = tmp_path / "x.geojson"
    code, io = _run(["export", *args, "-o", str(out)], capsys)
    assert code == 0, io.err
    return json.loads(out.read_text())


# --- direction -----------------------------------------------------------------------------


@pytest.fixture(scope="module")
def reverse_kharkiv():
    return compute_envelope_set("kharkiv", ranges=["70km"], origin="RUS", target="UKR")


def test_kharkiv_from_russia_is_clipped_to_ukraine_and_reaches_the_right_places(
    reverse_kharkiv,
):
    env = reverse_kharkiv.envelopes[0]
    assert (reverse_kharkiv.segment.origin, reverse_kharkiv.segment.target) == ("RUS", "UKR")
    assert env.clipped_to == "UKR"
    inside = {k for k, xy in PLACES.items() if env.geometry.contains(Point(xy))}
    assert inside == {"Kharkiv", "Vovchansk", "Chuhuiv", "Kupiansk"}
    # clipped to Ukraine: nothing of it lies in Russia
    assert env.geometry.intersection(borders.country("RUS")).area < 1e-9
    assert env.target_area_km2 == pytest.approx(env.area_km2)
    assert env.max_depth_km == pytest.approx(70.0)


def test_the_cli_reverse_export_names_its_direction(tmp_path, capsys):
    doc = _export(
        tmp_path,
        capsys,
        "--segment",
        "kharkiv",
        "--from",
        "RUS",
        "--into",
        "UKR",
        "--range",
        "70km",
    )
    (feat,) = doc["features"]
    props = feat["properties"]
    assert (props["origin"], props["target"], props["clipped_to"]) == ("RUS", "UKR", "UKR")
    assert props["edges"] == "lonlat"
    geom = shapely.geometry.shape(feat["geometry"])
    assert geom.contains(Point(PLACES["Kharkiv"])) and not geom.contains(Point(PLACES["Belgorod"]))


def test_a_files_origin_and_target_are_honoured_and_a_conflict_is_an_error(tmp_path):
    path = tmp_path / "rev.geojson"
    coords = [list(c) for c in borders.get_segment("kharkiv").line.coords[::40]]
    path.write_text(
        json.dumps(
            {
                "type": "Feature",
                "properties": {"origin": "RUS", "target": "UKR"},
                "geometry": {"type": "LineString", "coordinates": coords},
            }
        )
    )
    seg = borders.load_segment_file(path)
    assert (seg.origin, seg.target) == ("RUS", "UKR")
    assert launch.resolve(str(path), origin="RUS").origin == "RUS"
    with pytest.raises(EnvelopeError, match="the file gives origin RUS"):
        launch.resolve(str(path), origin="UKR", target="RUS")


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (["--from", "XYZ"], "unknown country code 'XYZ'"),
        (["--from", "UKR", "--into", "UKR"], "both UKR"),
        (["--standoff", "70km"], "not smaller than the range"),
        (["--from-point", "50.6,36.6,Belgorod"], "outside the origin country UKR"),
        (["--from-point", "95,36.6"], "latitude must lie within"),
        (["--from-point", "50.6;36.6"], "not LAT,LON"),
        (["--from-point", "50.6,36.6", "--standoff", "5km"], "not to launch points"),
    ],
)
def test_bad_launch_input_is_one_line_and_exit_2(tmp_path, capsys, args, words):
    code, io = _run(["export", *args, "--range", "70km", "-o", str(tmp_path / "x.geojson")], capsys)
    assert code == 2
    assert words in io.err and len(io.err.strip().splitlines()) == 1
    assert not (tmp_path / "x.geojson").exists()


# --- launch points -------------------------------------------------------------------------

BELGOROD = LaunchPoint("Belgorod", 36.5873, 50.5997)
VORONEZH = LaunchPoint("Voronezh", 39.2, 51.67)


@pytest.mark.parametrize("range_m", [300_000.0, 1_000_000.0])
def test_rings_around_launch_points_lie_within_half_a_metre_of_the_range(range_m):
    result = compute_envelope_set(
        (), ranges=[f"{range_m}m"], points=[BELGOROD, VORONEZH], origin="RUS", clip=False
    )
    env = result.envelopes[0]
    assert env.geometry.is_valid
    pts = boundary_samples(env.geometry, 40, seed=int(range_m))
    parts = [np.array([[p.lon, p.lat]]) for p in (BELGOROD, VORONEZH)]
    err = np.abs(true_distance_to_parts(parts, pts[:, 0], pts[:, 1]) - range_m)
    assert err.max() < TOL
    assert result.segment.points == (BELGOROD, VORONEZH)
    # the output's own edges read as geodesics hold the bound too (edges are short)
    ring = np.asarray(env.geometry.exterior.coords)
    edge = np.random.default_rng(4).choice(len(ring) - 1, 40, replace=False)
    a, b = ring[edge], ring[edge + 1]
    az, _, length = GEOD.inv(a[:, 0], a[:, 1], b[:, 0], b[:, 1])
    mx, my, _ = GEOD.fwd(a[:, 0], a[:, 1], az, np.asarray(length) / 2)
    err = np.abs(true_distance_to_parts(parts, mx, my) - range_m)
    assert err.max() < TOL


def test_a_file_mixing_lines_points_and_multipoints_gives_named_points_and_exact_rings(
    tmp_path, capsys
):
    line = [[37.0, 50.2], [37.3, 50.25]]
    path = tmp_path / "mixed.geojson"
    path.write_text(
        json.dumps(
            {
                "type": "FeatureCollection",
                "features": [
                    {
                        "type": "Feature",
                        "properties": {"name": "airbase"},
                        "geometry": {"type": "Point", "coordinates": [36.5873, 50.5997]},
                    },
                    {
                        "type": "Feature",
                        "properties": {"name": "battery"},
                        "geometry": {"type": "MultiPoint", "coordinates": [[38, 51], [39, 51.5]]},
                    },
                    {
                        "type": "Feature",
                        "properties": {},
                        "geometry": {"type": "LineString", "coordinates": line},
                    },
                ],
            }
        )
    )
    seg = borders.load_segment_file(path, origin="RUS", target="UKR")
    assert [p.name for p in seg.points] == ["airbase", "battery 1", "battery 2"]
    doc = _export(
        tmp_path, capsys, "--segment", str(path), "--from", "RUS", "--into", "UKR",
        "--range", "300km", "--no-clip",
    )  # fmt: skip
    props = doc["features"][0]["properties"]
    assert props["launch_points"] == ["airbase", "battery 1", "battery 2"]
    geom = shapely.geometry.shape(doc["features"][0]["geometry"])
    pts = boundary_samples(geom, 20)
    parts = [np.array([[p.lon, p.lat]]) for p in seg.points] + [np.array(line)]
    err = np.abs(true_distance_to_parts(parts, pts[:, 0], pts[:, 1]) - 300_000)
    assert err.max() < TOL + 0.02  # + rounding to 7 decimals in the file


def test_from_point_on_the_command_line_gives_an_exact_ring_and_a_claim_band_a_donut(
    tmp_path, capsys
):
    doc = _export(
        tmp_path, capsys, "--from-point", "50.5997,36.5873,Belgorod", "--from", "RUS",
        "--into", "UKR", "--range", "300km", "--range", "100km", "--no-clip",
    )  # fmt: skip
    outer, inner = (shapely.geometry.shape(f["geometry"]) for f in doc["features"])
    pts = boundary_samples(outer, 30)
    err = np.abs(true_distance([[36.5873, 50.5997]], pts[:, 0], pts[:, 1]) - 300_000)
    assert err.max() < TOL + 0.02
    donut = outer.difference(inner)  # what a band between two claimed ranges looks like
    assert len(donut.interiors) == 1 and not donut.contains(Point(36.5873, 50.5997))


# --- standoff ------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def standoff_case(tmp_path_factory):
    coords = np.asarray(borders.get_segment("kharkiv").line.coords)[::40]
    coords = np.vstack([coords, borders.get_segment("kharkiv").line.coords[-1]])
    path = tmp_path_factory.mktemp("so") / "line.geojson"
    path.write_text(json.dumps({"type": "LineString", "coordinates": coords.tolist()}))
    result = compute_envelope_set(str(path), ranges=["70km"], standoff_m=20_000.0, clip=False)
    return coords, result


def test_the_launch_line_lies_at_the_standoff_on_the_origin_side(standoff_case):
    coords, result = standoff_case
    env = result.envelopes[0]
    xy = shapely.get_coordinates(env.launch_line)
    rng = np.random.default_rng(1)
    pick = xy[rng.choice(len(xy), 40, replace=False)]
    ends = xy[[0, -1]]
    for pts in (pick, ends):
        err = np.abs(true_distance(coords, pts[:, 0], pts[:, 1]) - 20_000.0)
        assert err.max() < TOL
    ukr = borders.country("UKR")
    assert shapely.contains_xy(ukr, xy[:, 0], xy[:, 1]).mean() > 0.99  # origin side (cuts: mm)
    assert env.standoff_m == 20_000.0


def test_the_standoff_envelope_lies_at_the_range_from_the_launch_line(standoff_case):
    _, result = standoff_case
    env = result.envelopes[0]
    pts = boundary_samples(env.geometry, 12, seed=5)
    parts = [np.asarray(g.coords) for g in shapely.get_parts(env.launch_line)]
    err = np.abs(true_distance_to_parts(parts, pts[:, 0], pts[:, 1]) - 70_000.0)
    assert err.max() < TOL
    # straight out from the middle of the line, launchers 20 km back reach ~50 km past it
    # (not 70: the line has corners, so allow a few km either way)
    line = standoff_case[0]
    mid = len(line) // 2
    az = GEOD.inv(*line[mid - 1], *line[mid + 1])[0] + 90.0
    if not borders.country("RUS").contains(Point(GEOD.fwd(*line[mid], az, 10_000)[:2])):
        az += 180.0
    for metres, inside in ((45_000, True), (55_000, False)):
        probe = Point(GEOD.fwd(*line[mid], az, metres)[:2])
        assert env.geometry.contains(probe) is inside


def test_the_export_holds_the_launch_line_as_its_own_feature(tmp_path, capsys):
    doc = _export(tmp_path, capsys, "--standoff", "20km", "--range", "70km")
    kinds = [f["properties"]["kind"] for f in doc["features"]]
    assert kinds == ["range", "launch_line"]
    line = doc["features"][1]
    assert line["properties"]["standoff_m"] == 20_000.0
    xy = shapely.get_coordinates(shapely.geometry.shape(line["geometry"]))[::50]
    seg = borders.get_segment("kharkiv")
    err = np.abs(true_distance(np.asarray(seg.line.coords), xy[:, 0], xy[:, 1]) - 20_000.0)
    assert err.max() < TOL + 0.02


def test_kml_and_geopackage_carry_the_launch_line_too(standoff_case, tmp_path):
    import pyogrio

    from envelope.export.gpkg import gpkg_bytes
    from envelope.export.kml import kml_text

    _, result = standoff_case
    kml = kml_text(result)
    assert '<Data name="kind">' in kml and "<value>launch_line</value>" in kml
    path = tmp_path / "x.gpkg"
    path.write_bytes(gpkg_bytes(result))
    layers = dict(pyogrio.list_layers(path))
    assert layers["launch_line"] == "MultiLineString"
    frame = pyogrio.read_dataframe(path, layer="launch_line")
    assert list(frame["standoff_m"]) == [20_000.0] and list(frame["kind"]) == ["launch_line"]


# --- geodesic edges ------------------------------------------------------------------------

SPARSE_70N = LineString([(20.0, 70.0), (26.0, 70.6), (31.0, 69.8)])
ZIGZAG = LineString([(30.0, 45.0), (30.5, 45.6), (31.0, 45.0), (31.5, 45.6)])


@pytest.mark.parametrize(("line", "range_m"), [(SPARSE_70N, 50_000.0), (ZIGZAG, 20_000.0)])
def test_geodesic_edges_meet_half_a_metre_against_geodesic_edges(line, range_m):
    poly = geodesic.buffer(geodesic.line_index(line, edges="geodesic"), range_m, 0.49)
    pts = boundary_samples(poly, 25, seed=2)
    coords = np.asarray(line.coords)
    err = np.abs(true_distance(coords, pts[:, 0], pts[:, 1], edges="geodesic") - range_m)
    assert err.max() < TOL
    # the two readings differ by far more than the tolerance (so the test can fail)
    lonlat = np.abs(true_distance(coords, pts[:, 0], pts[:, 1]) - range_m)
    assert lonlat.max() > 50


def test_edges_flag_reaches_the_engine_and_the_export(tmp_path, capsys):
    path = tmp_path / "arctic.geojson"
    path.write_text(json.dumps({"type": "LineString", "coordinates": list(SPARSE_70N.coords)}))
    doc = _export(
        tmp_path, capsys, "--segment", str(path), "--edges", "geodesic", "--range", "30km",
        "--no-clip",
    )  # fmt: skip
    assert doc["features"][0]["properties"]["edges"] == "geodesic"
    geom = shapely.geometry.shape(doc["features"][0]["geometry"])
    pts = boundary_samples(geom, 10)
    err = true_distance(np.asarray(SPARSE_70N.coords), pts[:, 0], pts[:, 1], edges="geodesic")
    assert np.abs(err - 30_000).max() < TOL + 0.02


# --- several segments ----------------------------------------------------------------------


def test_kharkiv_and_sumy_together_cover_clearly_more_than_either_alone():
    both = compute_envelope_set(["kharkiv", "sumy"], ranges=["100km"]).envelopes[0]
    one = [compute_envelope_set(s, ranges=["100km"]).envelopes[0] for s in ("kharkiv", "sumy")]
    assert both.area_km2 > 1.2 * max(e.area_km2 for e in one)
    assert both.area_km2 <= sum(e.area_km2 for e in one) + 1.0
    for e in one:  # the buffer of the union holds each (to the 0.5 m boundary tolerance)
        sliver = e.geometry.difference(both.geometry).area  # <= boundary length x 1 m
        assert sliver < e.geometry.length * (1.0 / 111_000)
    # one buffer of the union: the boundary lies at the range from the nearer segment
    segs = [np.asarray(borders.get_segment(s).line.coords) for s in ("kharkiv", "sumy")]
    ring = np.asarray(both.geometry.exterior.coords)[::25]
    edge = borders.country("RUS").boundary
    shapely.prepare(edge)
    far = ring[~shapely.dwithin(edge, shapely.points(ring), 1e-4)]  # not cut by the border
    pts = far[:: max(1, len(far) // 10)]
    err = np.abs(true_distance_to_parts(segs, pts[:, 0], pts[:, 1]) - 100_000)
    assert err.max() < TOL


# --- properties on random launch sets ------------------------------------------------------


@st.composite
def launch_sets(draw):
    lon0, lat0 = draw(st.floats(-60, 60)), draw(st.floats(-50, 50))
    pts = [
        (lon0 + draw(st.floats(-0.5, 0.5)), lat0 + draw(st.floats(-0.5, 0.5)))
        for _ in range(draw(st.integers(1, 3)))
    ]
    steps = [(draw(st.floats(-1, 1)), draw(st.floats(-1, 1))) for _ in range(2)]
    line = [(lon0, lat0)]
    for dx, dy in steps:
        line.append((line[-1][0] + dx, line[-1][1] + dy))
    if LineString(line).length < 1e-3:
        line[-1] = (lon0 + 0.3, lat0)
    return pts, line


@settings(
    max_examples=6, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow]
)
@given(
    case=launch_sets(), r_km=st.floats(2.0, 300.0), edges=st.sampled_from(["lonlat", "geodesic"])
)
def test_points_and_lines_together_give_a_boundary_at_the_range(case, r_km, edges):
    pts, line = case
    geom = shapely.GeometryCollection([LineString(line), MultiPoint(pts)])
    poly = geodesic.buffer(geodesic.line_index(geom, edges=edges), r_km * 1000, 0.49)
    assert poly.is_valid and poly.contains(LineString(line))
    sample = boundary_samples(poly, 6, seed=3)
    parts = [np.array([p]) for p in pts] + [np.asarray(line)]
    err = np.abs(true_distance_to_parts(parts, sample[:, 0], sample[:, 1], edges) - r_km * 1000)
    assert err.max() < TOL


# --- weapons of either side ----------------------------------------------------------------

SIDES = """schema = 1
title = "Both sides"
base = "packaged"

[[reports]]
id = "notes"
title = "Hypothetical notes"
date = 2024-05-20
date_basis = "stated"

[[weapons]]
name = "Glide bomb"
operator = "RUS"
claims = [{ value = 70, unit = "km", qualifier = "up to", report = "notes" }]

[[weapons]]
name = "Rocket"
operator = "UKR"
range = "40 km"
standoff = "10 km"
standoff_source = "notes"
"""


@pytest.fixture(scope="module")
def sides_scenario(tmp_path_factory):
    path = tmp_path_factory.mktemp("sides") / "sides.toml"
    path.write_text(SIDES)
    return str(path)


def test_weapons_belong_to_a_side_and_the_direction_picks_them(sides_scenario):
    rus = compute_envelope_set(
        "kharkiv", weapons=["Glide bomb"], origin="RUS", scenario=sides_scenario
    )
    (env,) = rus.envelopes
    assert env.clipped_to == "UKR" and env.geometry.contains(Point(PLACES["Kharkiv"]))
    with pytest.raises(EnvelopeError, match="fired from RUS, not from UKR"):
        compute_envelope_set("kharkiv", weapons=["Glide bomb"], scenario=sides_scenario)


def test_a_weapons_cited_standoff_moves_its_launchers_back(sides_scenario):
    result = compute_envelope_set("kharkiv", weapons=["Rocket"], scenario=sides_scenario)
    (env,) = [e for e in result.envelopes if e.kind == "claimed"]
    assert env.standoff_m == 10_000.0 and env.launch_line is not None
    assert "standoff 10 km (6.2 mi) (notes)" in env.note
    # 40 km from launchers 10 km back: ~30 km into Russia, not 40
    plain = compute_envelope_set("kharkiv", ranges=["40km"]).envelopes[0]
    assert env.target_area_km2 < 0.85 * plain.target_area_km2


def test_a_standoff_without_its_source_is_refused(tmp_path):
    path = tmp_path / "bad.toml"
    path.write_text(SIDES.replace('standoff_source = "notes"\n', ""))
    with pytest.raises(EnvelopeError, match="standoff_source"):
        compute_envelope_set("kharkiv", weapons=["Rocket"], scenario=str(path))


def test_reach_measures_from_launch_points_and_counts_the_target_countrys_cities():
    from envelope.reach import reach

    result = compute_envelope_set((), ranges=["100km"], points=[BELGOROD], origin="RUS")
    r = reach(result, "cities")
    n = len(r.distance_m)
    _, _, d = GEOD.inv(
        np.full(n, BELGOROD.lon), np.full(n, BELGOROD.lat), r.targets.lon, r.targets.lat
    )
    np.testing.assert_allclose(r.distance_m, d, atol=1e-3)
    names = {
        nm for nm, hit in zip(r.targets.name, r.inside[next(iter(r.inside))], strict=True) if hit
    }
    assert "Kharkiv" in names and "Belgorod" not in names  # cities of Ukraine, the target
