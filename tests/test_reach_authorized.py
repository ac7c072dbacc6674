"""Reach decides "authorized" by each zone's own launch segments (issue 10): with the whole
border drawn in June 2024, the Kharkiv 24-mi zone covers places near Kharkiv oblast only."""

from __future__ import annotations

import numpy as np
import pytest

from envelope.targets import TargetSet
from tests.helpers import MI

# name: (lon, lat). Gukovo and Donetsk (Rostov oblast) lie within 4 km of the ua-ru border but
# about 300 km from its Kharkiv stretch; Belgorod, Shebekino and Valuyki face Kharkiv oblast.
PLACES = {
    "Belgorod": (36.58091, 50.60343),
    "Shebekino": (36.92537, 50.41342),
    "Valuyki": (38.11674, 50.19661),
    "Gukovo": (39.93048, 48.05133),
    "Donetsk (Rostov)": (39.95229, 48.33711),
    "Staryy Oskol": (37.84613, 51.3025),
}


@pytest.fixture(scope="module")
def uaru_reach(uaru_june):
    from envelope import compute_reach

    result = uaru_june  # the whole border drawn, 2024-06-15 (tests/conftest.py)
    lon, lat = (np.array(v) for v in zip(*PLACES.values(), strict=True))
    points = TargetSet(source="test", kind="user", name=list(PLACES), lon=lon, lat=lat)
    return compute_reach(result, [points])


def test_authorized_follows_the_kharkiv_zone_not_the_drawn_border(uaru_reach, kharkiv, oracle):
    from shapely import get_coordinates

    lon, lat = (np.array(v) for v in zip(*PLACES.values(), strict=True))
    to_kharkiv = oracle(get_coordinates(kharkiv.line), lon, lat)
    expected = to_kharkiv <= 24 * MI
    assert expected.tolist() == [True, True, True, False, False, False]
    assert uaru_reach.authorization()["authorized"].tolist() == expected.tolist()


def test_places_near_the_drawn_border_stay_claimed_but_not_authorized(uaru_reach):
    (himars,) = [r for r in uaru_reach.claimed_not_authorized() if r["weapon"] == "HIMARS"]
    assert {"Gukovo", "Donetsk (Rostov)"} <= set(himars["names"])
    assert "Belgorod" not in himars["names"]
