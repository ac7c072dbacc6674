"""The engine against an independent oracle (pyproj.Geod + 1-D minimisation): boundary at the
range to 1 m, on real and awkward lines, plus properties on random lines."""

from __future__ import annotations

import numpy as np
import pytest
import shapely
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from shapely.geometry import LineString, MultiLineString, Point

from envelope import geodesic
from tests.oracle import GEOD, boundary_samples, rings, true_distance

MI = 1609.344


def _oracle_coords(line):
    parts = line.geoms if isinstance(line, MultiLineString) else [line]
    return [np.asarray(p.coords) for p in parts]


def _oracle(line, pts):
    return np.min([true_distance(c, pts[:, 0], pts[:, 1]) for c in _oracle_coords(line)], axis=0)


ZIGZAG = LineString([(30.0, 50.0), (30.2, 50.3), (30.4, 50.0), (30.6, 50.3), (30.61, 50.0)])
LINES = {
    "arctic-70N": LineString([(20.0, 70.0), (25.0, 70.5), (31.0, 69.8)]),
    "equator": LineString([(-1.0, 0.0), (0.0, 0.3), (1.5, -0.2)]),
    "very-short-100m": LineString([(36.0, 50.0), (36.0014, 50.0)]),
    "zigzag-sharp": ZIGZAG,
    "c-shape-with-hole": LineString(
        [(30.0, 50.0), (30.3, 50.0), (30.3, 50.2), (30.0, 50.2), (30.02, 50.03)]
    ),
    "two-parts": MultiLineString([[(35.0, 50.0), (35.5, 50.2)], [(36.0, 50.5), (36.3, 50.1)]]),
}
CASES = [
    ("arctic-70N", 50 * MI),
    ("arctic-70N", 1_000_000),
    ("equator", 300_000),
    ("very-short-100m", 1_000),
    ("very-short-100m", 2_000_000),
    ("zigzag-sharp", 5_000),
    ("zigzag-sharp", 24 * MI),
    ("two-parts", 40_000),
    ("c-shape-with-hole", 2_000),
]


@pytest.mark.parametrize(("name", "range_m"), CASES, ids=[f"{n}-{r / 1000:g}km" for n, r in CASES])
def test_boundary_vertices_and_midpoints_lie_within_1m_of_range(name, range_m):
    line = LINES[name]
    poly = geodesic.buffer(line, range_m)
    assert poly.is_valid
    pts = boundary_samples(poly, 25)
    err = np.abs(_oracle(line, pts) - range_m)
    assert err.max() < 1.0, f"worst boundary error {err.max():.3f} m"


def test_every_vertex_and_midpoint_of_the_kharkiv_envelope_is_exact(kharkiv):
    """All of them, by the engine's distance (itself checked against the oracle below)."""
    for range_m in (24 * MI, 200 * MI):
        poly = geodesic.buffer(kharkiv.line, range_m)
        for ring in rings(poly):
            for pts in (ring, (ring[:-1] + ring[1:]) / 2):
                d = geodesic.distance_to_line(kharkiv.line, pts[:, 0], pts[:, 1])
                assert np.abs(d - range_m).max() < 1.0
        pts = boundary_samples(poly, 15, seed=int(range_m))
        assert np.abs(_oracle(kharkiv.line, pts) - range_m).max() < 1.0


def test_a_nearly_closed_line_leaves_a_hole_beyond_the_range():
    poly = geodesic.buffer(LINES["c-shape-with-hole"], 2_000)
    assert len(poly.interiors) == 1
    centre = Point(30.15, 50.1)  # ~11 km from every side
    assert not poly.contains(centre)
    assert poly.contains(Point(30.15, 50.01))  # ~1.1 km from the southern side


def test_distance_to_line_matches_the_oracle_to_a_millimetre(kharkiv):
    rng = np.random.default_rng(7)
    lon, lat = rng.uniform(33, 41, 30), rng.uniform(47, 53, 30)
    engine = geodesic.distance_to_line(kharkiv.line, lon, lat)
    truth = _oracle(kharkiv.line, np.column_stack((lon, lat)))
    assert np.abs(engine - truth).max() < 1e-3


@pytest.mark.parametrize("name", ["kharkiv", "two-parts"])
def test_chord_candidates_are_exactly_the_brute_force_set(kharkiv, name):
    """The ball tree returns every vertex within the search radius of the nearest chord, no
    more and no less, for points near and far (compared with all pairs)."""
    index = geodesic.line_index(kharkiv.line if name == "kharkiv" else LINES[name])
    rng = np.random.default_rng(3)
    lon, lat = rng.uniform(30, 42, 400), rng.uniform(46, 54, 400)
    near = rng.choice(len(index.lon), 50)  # some right beside the line
    lon[:50] = index.lon[near] + rng.normal(0, 0.002, 50)
    lat[:50] = index.lat[near] + rng.normal(0, 0.002, 50)
    qi, vi = geodesic._candidate_vertices(index, lon, lat)
    q, v = geodesic._ecef(lon, lat), geodesic._ecef(index.lon, index.lat)
    chord = np.linalg.norm(q[:, None, :] - v[None], axis=2)
    c0 = chord.min(axis=1)
    rel = 0.05 * (c0 / 6.335e6) ** 2 / 24.0
    limit = c0 * (1 + rel) + 2 * index.max_seg**2 / (8 * np.maximum(c0 - index.max_seg, 1)) + 1e-3
    expected = set(zip(*np.nonzero(chord <= limit[:, None]), strict=True))
    assert set(zip(qi.tolist(), vi.tolist(), strict=True)) == expected


def test_distance_to_a_point_line_is_the_inverse_geodesic():
    line = LineString([(36.0, 50.0), (36.0, 50.0 + 1e-9)])
    d = geodesic.distance_to_line(line, [37.0, 30.0], [51.0, 40.0])
    _, _, expected = GEOD.inv([36.0, 36.0], [50.0, 50.0], [37.0, 30.0], [51.0, 40.0])
    np.testing.assert_allclose(d, expected, atol=1e-3)


def test_long_straight_edges_are_read_as_straight_in_lon_lat():
    """A 10-degree edge along 60N: its lon/lat midpoint is on the line, the geodesic's is not."""
    line = LineString([(20.0, 60.0), (30.0, 60.0)])
    assert geodesic.distance_to_line(line, [25.0], [60.0])[0] < 1e-3
    # the geodesic between the ends bulges ~10.5 km north of the parallel at 25E
    _, lat_mid, _ = GEOD.fwd(
        20.0, 60.0, GEOD.inv(20, 60, 30, 60)[0], GEOD.inv(20, 60, 30, 60)[2] / 2
    )
    assert lat_mid > 60.09
    assert geodesic.distance_to_line(line, [25.0], [lat_mid])[0] > 10_000


def test_ranges_outside_1km_to_2000km_are_refused():
    with pytest.raises(ValueError, match="between 1 km and 2,000 km"):
        geodesic.buffer(ZIGZAG, 999.0)
    with pytest.raises(ValueError, match="between 1 km and 2,000 km"):
        geodesic.buffer(ZIGZAG, 2_000_001.0)


def test_envelopes_reaching_a_pole_or_the_antimeridian_are_refused():
    with pytest.raises(ValueError, match="pole"):
        geodesic.buffer(LineString([(20.0, 85.0), (30.0, 85.0)]), 600_000)
    with pytest.raises(ValueError, match="antimeridian"):
        geodesic.buffer(LineString([(175.0, 60.0), (178.0, 60.0)]), 300_000)


def test_display_geometry_stays_within_its_stated_deviation(kharkiv):
    exact = geodesic.buffer(kharkiv.line, 50 * MI)
    shown = geodesic.display_geometry(exact, 50.0)
    assert len(shapely.get_coordinates(shown)) < len(shapely.get_coordinates(exact)) / 3
    # every exact vertex is within 50 m of the display outline, measured on the ellipsoid
    verts = shapely.get_coordinates(exact)[::7]
    near = shapely.get_coordinates(
        shapely.shortest_line(shapely.points(verts), shown.boundary)
    ).reshape(-1, 2, 2)
    _, _, d = GEOD.inv(near[:, 0, 0], near[:, 0, 1], near[:, 1, 0], near[:, 1, 1])
    assert d.max() <= 50.0


def test_geodesic_area_of_a_small_disc_matches_pi_r_squared():
    poly = geodesic.buffer(LineString([(36.0, 50.0), (36.0, 50.0 + 1e-9)]), 10_000)
    assert geodesic.geodesic_area_km2(poly) == pytest.approx(np.pi * 10.0**2, rel=1e-4)


# --- properties on random lines ----------------------------------------------------------

coords = st.tuples(st.floats(-140, 140), st.floats(-60, 60))


@st.composite
def lines(draw):
    lon0, lat0 = draw(coords)
    n = draw(st.integers(2, 5))
    steps = draw(
        st.lists(
            st.tuples(st.floats(-0.5, 0.5), st.floats(-0.5, 0.5)), min_size=n - 1, max_size=n - 1
        )
    )
    pts = [(lon0, lat0)]
    for dx, dy in steps:
        pts.append((pts[-1][0] + dx, pts[-1][1] + dy))
    line = LineString(pts)
    if line.length < 1e-4:
        line = LineString([pts[0], (pts[0][0] + 0.01, pts[0][1])])
    return line


@settings(
    max_examples=12,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.too_slow],
)
@given(line=lines(), r_km=st.floats(1.0, 400.0), grow=st.floats(1.1, 3.0))
@example(  # a self-crossing line: its envelope has a hole that rays from the line can miss
    line=LineString([(0, 0), (0, 0.287), (-0.218, 0.002), (0.15, -0.45)]), r_km=10.0, grow=1.5
)
def test_envelope_contains_the_line_grows_with_range_and_its_boundary_lies_at_range(
    line, r_km, grow
):
    small = geodesic.buffer(line, r_km * 1000)
    large = geodesic.buffer(line, min(r_km * 1000 * grow, 2_000_000))
    assert small.contains(line)
    # growth: the smaller envelope lies inside the larger (up to the 0.5 m boundary tolerance)
    assert small.difference(large).area <= 1e-9 * small.area
    pts = boundary_samples(small, 6, seed=1)
    err = np.abs(_oracle(line, pts) - r_km * 1000)
    assert err.max() < 1.0
    # a point 5 % beyond the range, straight out from the line's start, is outside
    lon, lat, _ = GEOD.fwd(*line.coords[0], 0.0, r_km * 1000 * 1.05)
    far = Point(lon, lat)
    if geodesic.distance_to_line(line, [lon], [lat])[0] > r_km * 1000 * 1.01:
        assert not small.contains(far)


@pytest.mark.parametrize("shell_ccw", [True, False])
@pytest.mark.parametrize("hole_ccw", [True, False])
def test_geodesic_area_subtracts_holes_whichever_way_the_rings_run(shell_ccw, hole_ccw):
    """Independent: each ring's area from Geod.polygon_area_perimeter, hole taken away."""
    shell = [(30.0, 50.0), (31.5, 50.0), (31.5, 51.0), (30.0, 51.0)]
    hole = [(30.2, 50.2), (31.2, 50.2), (31.2, 50.8), (30.2, 50.8)]
    poly = shapely.Polygon(shell if shell_ccw else shell[::-1], [hole if hole_ccw else hole[::-1]])

    def ring_km2(ring):
        lon, lat = zip(*ring, strict=True)
        return abs(GEOD.polygon_area_perimeter(lon, lat)[0]) / 1e6

    expected = ring_km2(shell) - ring_km2(hole)
    assert 6_500 < expected < 7_500  # 1.5 x 1 degree minus 1 x 0.6 degree at 50N
    assert geodesic.geodesic_area_km2(poly) == pytest.approx(expected, rel=1e-9)
    multi = shapely.MultiPolygon([poly])
    assert geodesic.geodesic_area_km2(multi) == pytest.approx(expected, rel=1e-9)
