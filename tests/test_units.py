"""Distances as users write them, and as the tool prints them."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from envelope.errors import EnvelopeError
from envelope.units import format_distance, parse_distance


@pytest.mark.parametrize(
    ("text", "metres"),
    [
        ("185mi", 297_728.64),
        ("24 mi", 38_624.256),
        ("300 km", 300_000.0),
        ("160nmi", 296_320.0),
        ("38.6km", 38_600.0),
        ("1500 m", 1_500.0),
        ("  200 MI ", 321_868.8),
        ("12 miles", 19_312.128),
    ],
)
def test_parses_statute_miles_km_metres_and_nautical_miles(text, metres):
    assert parse_distance(text).metres == pytest.approx(metres, abs=1e-9)


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("-5km", "positive"),
        ("0 km", "positive"),
        ("inf km", "positive"),
        ("nan mi", "positive"),
        ("5parsecs", "unknown distance unit 'parsecs'"),
        ("185", "no unit"),
        ("", "cannot read"),
        ("far", "cannot read"),
        ("1,000 km", "cannot read"),
    ],
)
def test_rejects_missing_or_unknown_units_and_non_positive_values(text, problem):
    with pytest.raises(EnvelopeError, match=problem):
        parse_distance(text)


def test_formats_every_distance_in_both_miles_and_kilometres():
    assert format_distance(297_728.64) == "185 mi (297.7 km)"
    assert format_distance(30_000) == "18.6 mi (30 km)"
    assert format_distance(1_609_344) == "1,000 mi (1,609.3 km)"


def test_label_keeps_what_the_user_wrote():
    assert parse_distance("160nmi").label == "160 nmi"


@given(st.floats(0.001, 1e7, allow_nan=False), st.sampled_from(["m", "km", "mi", "nmi"]))
def test_round_trips_through_text(value, unit):
    d = parse_distance(f"{value!r}{unit}")
    assert d.value == value
    assert d.unit == unit
