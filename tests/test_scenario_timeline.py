"""Weapon profiles, the authorization timeline and the as-of logic, packaged and user scenarios."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from envelope.dates import parse_date
from envelope.errors import EnvelopeError
from envelope.scenario import (
    authorization_as_of,
    authorized_range_m,
    claims_table,
    find_weapon,
    latest_date,
    load_scenario,
)
from tests.helpers import (
    FIXTURES,
    MI,
    R000,
    R001,
    R002,
    R003,
    R004,
)


@pytest.fixture(scope="module")
def scenario():
    return load_scenario()


def test_weapon_profiles(scenario):
    atacms = find_weapon(scenario, "atacms")
    assert atacms.sources == (R000, R001, R002, R003)
    assert len(atacms.claims) == 4
    assert atacms.edges == pytest.approx((185 * MI, 190 * MI, 200 * MI))
    assert (atacms.min_m, atacms.max_m) == pytest.approx((297_728.64, 321_868.8))
    himars = find_weapon(scenario, "HIMARS")
    assert himars.max_m == himars.min_m == pytest.approx(80_467.2)
    assert himars.sources == (R001,)


def test_find_weapon_aliases_and_unknown(scenario):
    assert find_weapon(scenario, "gmlrs").name == "HIMARS"
    assert find_weapon(scenario, " Army Tactical Missile System ").name == "ATACMS"
    with pytest.raises(EnvelopeError) as err:
        find_weapon(scenario, "NOSUCH")
    assert str(err.value) == "unknown weapon 'NOSUCH'; known weapons: ATACMS, HIMARS"


# --- timeline ------------------------------------------------------------------------------


def test_timeline_entries(scenario):
    ids = [e.id for e in scenario.timeline]
    assert ids == ["kharkiv-counterfire", "deep-strikes"]
    kharkiv, deep = scenario.timeline
    assert (kharkiv.start, kharkiv.start_basis) == (dt.date(2024, 5, 30), "derived")
    assert kharkiv.excluded == ("ATACMS",) and kharkiv.segments == ("kharkiv",)
    assert kharkiv.depth_m == pytest.approx(24 * MI)
    assert {c.ref for c in kharkiv.dissent} == {f"{R000}#atacms-allowed", f"{R000}#atacms-depth"}
    assert {R002, R003, R004} <= set(kharkiv.sources)
    assert (deep.start, deep.start_basis, deep.depth_m) == (dt.date(2024, 11, 6), "inferred", None)
    assert deep.segments == ("*",) and deep.sources == (R001,)
    for entry in scenario.timeline:
        assert entry.start_note and entry.summary


@pytest.mark.parametrize(
    ("weapon", "day", "entry", "metres"),
    [
        ("HIMARS", "2024-05-01", None, None),
        ("ATACMS", "2024-05-01", None, None),
        ("HIMARS", "2024-05-29", None, None),
        ("HIMARS", "2024-05-30", "kharkiv-counterfire", 24 * MI),
        ("HIMARS", "2024-06-15", "kharkiv-counterfire", 24 * MI),
        ("ATACMS", "2024-06-15", None, None),
        ("ATACMS", "2024-12-01", "deep-strikes", 200 * MI),
        ("HIMARS", "2024-12-01", "deep-strikes", 50 * MI),
    ],
)
def test_authorization_as_of(scenario, weapon, day, entry, metres):
    when = dt.date.fromisoformat(day)
    found = authorization_as_of(scenario, weapon, when)
    assert (found.id if found else None) == entry
    got = authorized_range_m(scenario, weapon, when, "kharkiv")
    assert got == (None if metres is None else pytest.approx(metres))


def test_segments(scenario):
    june = dt.date(2024, 6, 15)
    assert authorization_as_of(scenario, "HIMARS", june, "belgorod") is None
    assert authorization_as_of(scenario, "HIMARS", june, "Kharkiv") is not None
    dec = dt.date(2024, 12, 1)
    assert authorization_as_of(scenario, "ATACMS", dec, "belgorod").id == "deep-strikes"


def test_latest_date(scenario):
    assert latest_date(scenario) == dt.date(2024, 11, 6)


@settings(max_examples=60, deadline=None)
@given(
    day=st.dates(min_value=dt.date(2022, 1, 1), max_value=dt.date(2025, 12, 31)),
    weapon=st.sampled_from(["ATACMS", "HIMARS", "gmlrs"]),
    segment=st.sampled_from(["kharkiv", "belgorod", "*"]),
)
def test_authorized_range_never_exceeds_reach(day, weapon, segment):
    scenario = load_scenario()
    profile = find_weapon(scenario, weapon)
    entry = authorization_as_of(scenario, weapon, day, segment)
    reach = authorized_range_m(scenario, weapon, day, segment)
    assert (entry is None) == (reach is None)
    if entry is not None:
        assert entry.start <= day and entry.allowed and entry.covers_weapon(profile)
        assert 0 < reach <= profile.max_m


def test_as_of_strings_are_parsed_and_named_as_a_parameter(scenario):
    assert authorization_as_of(scenario, "HIMARS", "2024-06-15").id == "kharkiv-counterfire"
    for bad in ("15/06/2024", "20240615", "2024-02-30"):
        with pytest.raises(EnvelopeError, match="^as_of: "):
            authorization_as_of(scenario, "HIMARS", bad)
    assert parse_date("2024-06-15") == dt.date(2024, 6, 15)


def test_user_scenario_storm_shadow():
    scenario = load_scenario(FIXTURES / "storm_shadow.toml")
    assert [w.name for w in scenario.weapons] == ["ATACMS", "HIMARS", "Storm Shadow", "GMLRS-ER"]
    storm = find_weapon(scenario, "scalp-eg")
    assert storm.max_m == pytest.approx(250_000) and storm.supplier == "UK"
    assert storm.sources == ("user",) and scenario.reports["user"].user
    gmlrs_er = find_weapon(scenario, "GMLRS-ER")
    assert gmlrs_er.max_m == pytest.approx(150_000) and gmlrs_er.sources == ("briefing-notes",)
    # "*" entries cover US-supplied weapons only; Storm Shadow has its own entry.
    assert authorization_as_of(scenario, "Storm Shadow", dt.date(2024, 6, 15)) is None
    late = dt.date(2024, 12, 1)
    assert authorized_range_m(scenario, "Storm Shadow", late, "kharkiv") == pytest.approx(250_000)
    assert authorized_range_m(scenario, "GMLRS-ER", dt.date(2024, 6, 15)) == pytest.approx(24 * MI)
    assert authorized_range_m(scenario, "ATACMS", late) == pytest.approx(200 * MI)
    assert scenario.source.endswith("storm_shadow.toml")


def test_a_user_weapon_without_a_supplier_is_not_covered_by_us_policy(tmp_path):
    path = tmp_path / "w.toml"
    path.write_text('schema = 1\n[[weapons]]\nname = "Mystery"\nrange = "100 km"\n')
    scenario = load_scenario(path)
    assert authorization_as_of(scenario, "Mystery", dt.date(2024, 12, 1)) is None
    (row,) = [
        r for r in claims_table(scenario) if r["report_id"] == "user"
    ]  # no date: still listed
    assert (row["date"], row["claim"], row["metres"]) == ("", "mystery-range", 100_000)


def test_user_scenario_base_none_and_replacement(tmp_path):
    path = tmp_path / "own.toml"
    path.write_text(
        'schema = 1\nbase = "none"\n'
        '[[weapons]]\nname = "ATACMS"\nsupplier = "US"\nclaims = ["000#atacms-range"]\n'
        '[[timeline]]\nid = "t"\nstart = 2024-01-01\nstart_basis = "stated"\n'
        'weapons = ["atacms"]\nsegments = ["*"]\ndepth = "100 km"\nsummary = "s"\n'
        '[[timeline]]\nid = "u"\nstart = "2024-03-01"\nstart_basis = "stated"\nallowed = false\n'
        'weapons = ["*"]\nsegments = ["kharkiv"]\nsummary = "revoked"\n'
    )
    scenario = load_scenario(path)
    assert [w.name for w in scenario.weapons] == ["ATACMS"]
    assert find_weapon(scenario, "ATACMS").max_m == pytest.approx(185 * MI)
    assert authorized_range_m(scenario, "ATACMS", dt.date(2024, 2, 1)) == pytest.approx(100_000)
    assert authorization_as_of(scenario, "ATACMS", dt.date(2024, 4, 1), "kharkiv") is None
    assert authorization_as_of(scenario, "ATACMS", dt.date(2024, 4, 1), "sumy").id == "t"
