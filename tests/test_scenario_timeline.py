"""Weapon profiles, the authorization timeline and the as-of logic, packaged and user scenarios."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from envelope.dates import parse_date
from envelope.errors import EnvelopeError
from envelope.scenario import (
    IN_FORCE,
    NOT_IN_FORCE,
    UNCERTAIN,
    authorization_status,
    claims_table,
    find_weapon,
    latest_date,
    load_scenario,
    standing_authorizations,
    timeline_states,
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
    assert ids == ["kharkiv-counterfire", "germany-kharkiv", "deep-strikes"]
    kharkiv, germany, deep = scenario.timeline
    assert (kharkiv.start, kharkiv.start_basis) == (dt.date(2024, 5, 30), "derived")
    assert kharkiv.excluded == ("ATACMS",) and kharkiv.segments == ("kharkiv",)
    assert (kharkiv.origin, kharkiv.target) == ("UKR", "RUS")
    assert kharkiv.depth_m == pytest.approx(24 * MI)
    assert {c.ref for c in kharkiv.dissent} == {f"{R000}#atacms-allowed", f"{R000}#atacms-depth"}
    assert {R002, R003, R004} <= set(kharkiv.sources)
    assert kharkiv.excluded_classes == ("airfield", "oil_facility")
    assert {c.ref for c in kharkiv.class_claims} == {
        f"{R003}#aircraft-on-ground-prohibited",
        f"{R004}#oil-drone-strikes-not-approved",
    }
    # Germany's parallel step: another supplier, a window between the US decision and 000's date
    assert germany.supplier == "Germany" and germany.start is None
    assert (germany.not_before, germany.not_after) == (dt.date(2024, 5, 30), dt.date(2024, 6, 1))
    assert germany.sources == (R000, R002)
    # deep strikes: known only from the undated 001, so a window, not a day
    assert deep.start is None and deep.windowed and deep.start_basis == "inferred"
    assert (deep.not_before, deep.not_after) == (dt.date(2024, 11, 6), dt.date(2025, 1, 19))
    assert "President-elect" in deep.start_note and "within days" in deep.start_note
    assert f"{R001}#first-strikes-expected" in {c.ref for c in deep.claims}
    assert deep.depth_m is None and deep.anywhere and deep.sources == (R001,)
    for entry in scenario.timeline:
        assert entry.start_note and entry.summary


@pytest.mark.parametrize(
    ("day", "status"),
    [
        ("2024-11-05", NOT_IN_FORCE),
        ("2024-11-06", UNCERTAIN),
        ("2024-12-01", UNCERTAIN),
        ("2025-01-19", UNCERTAIN),
        ("2025-01-20", IN_FORCE),
    ],
)
def test_a_window_is_three_valued(scenario, day, status):
    deep = scenario.timeline[-1]
    assert deep.status_on(dt.date.fromisoformat(day)) == status


@pytest.mark.parametrize(
    ("weapon", "day", "expected"),
    [
        ("HIMARS", "2024-05-01", []),
        ("ATACMS", "2024-05-01", []),
        ("HIMARS", "2024-05-29", []),
        ("HIMARS", "2024-05-30", [("kharkiv-counterfire", IN_FORCE, 24 * MI)]),
        ("HIMARS", "2024-06-15", [("kharkiv-counterfire", IN_FORCE, 24 * MI)]),
        ("ATACMS", "2024-06-15", []),
        ("ATACMS", "2024-12-01", [("deep-strikes", UNCERTAIN, 200 * MI)]),
        ("ATACMS", "2025-02-01", [("deep-strikes", IN_FORCE, 200 * MI)]),
        (
            "HIMARS",
            "2024-12-01",
            [("kharkiv-counterfire", IN_FORCE, 24 * MI), ("deep-strikes", UNCERTAIN, 50 * MI)],
        ),
    ],
)
def test_standing_authorizations(scenario, weapon, day, expected):
    got = standing_authorizations(scenario, weapon, dt.date.fromisoformat(day))
    assert [(s.entry.id, s.status) for s in got] == [(e, st) for e, st, _ in expected]
    assert [s.range_m for s in got] == pytest.approx([m for _, _, m in expected])


def test_authorization_status(scenario):
    assert authorization_status(scenario, "ATACMS", "2024-06-15") == NOT_IN_FORCE
    assert authorization_status(scenario, "ATACMS", "2024-12-01") == UNCERTAIN
    assert authorization_status(scenario, "ATACMS", "2025-02-01") == IN_FORCE
    assert authorization_status(scenario, "HIMARS", "2024-12-01") == IN_FORCE


def test_latest_date_is_after_every_window(scenario):
    # the default as-of no longer presents 001's earliest day as a certain start
    assert latest_date(scenario) == dt.date(2025, 1, 20)
    assert authorization_status(scenario, "ATACMS", latest_date(scenario)) == IN_FORCE


def test_timeline_states(scenario):
    states = timeline_states(scenario)
    assert [(s.date.isoformat(), s.basis, s.uncertain) for s in states] == [
        ("2024-05-29", "derived", False),
        ("2024-05-30", "derived", False),  # Germany's window: no German weapon is drawn
        ("2024-06-02", "inferred", False),
        ("2024-11-06", "window", True),
        ("2025-01-20", "inferred", False),
    ]
    assert states[0].entries == () and "no authorization" in states[0].label
    assert ("kharkiv-counterfire", IN_FORCE) in states[1].entries
    assert ("germany-kharkiv", UNCERTAIN) in states[1].entries
    assert dict(states[3].entries)["deep-strikes"] == UNCERTAIN
    assert dict(states[4].entries)["deep-strikes"] == IN_FORCE
    assert "deep-strikes" in states[3].label and "2025-01-19" in states[3].label


@settings(max_examples=60, deadline=None)
@given(
    day=st.dates(min_value=dt.date(2022, 1, 1), max_value=dt.date(2025, 12, 31)),
    weapon=st.sampled_from(["ATACMS", "HIMARS", "gmlrs"]),
)
def test_standing_never_exceeds_reach_and_respects_dates(scenario, day, weapon):
    profile = find_weapon(scenario, weapon)
    for s in standing_authorizations(scenario, weapon, day):
        assert s.entry.earliest <= day and s.entry.allowed and s.entry.covers_weapon(profile)
        assert 0 < s.range_m <= profile.max_m
        assert (s.status == UNCERTAIN) == (s.entry.windowed and day <= s.entry.latest)


def test_as_of_strings_are_parsed_and_named_as_a_parameter(scenario):
    assert standing_authorizations(scenario, "HIMARS", "2024-06-15")[0].status == IN_FORCE
    for bad in ("15/06/2024", "20240615", "2024-02-30"):
        with pytest.raises(EnvelopeError, match="^as_of: "):
            standing_authorizations(scenario, "HIMARS", bad)
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
    assert standing_authorizations(scenario, "Storm Shadow", dt.date(2024, 6, 15)) == ()
    (storm_late,) = standing_authorizations(scenario, "Storm Shadow", dt.date(2024, 12, 1))
    assert (storm_late.entry.id, storm_late.status) == ("storm-shadow-all", IN_FORCE)
    assert storm_late.range_m == pytest.approx(250_000)
    (june,) = standing_authorizations(scenario, "GMLRS-ER", dt.date(2024, 6, 15))
    assert june.range_m == pytest.approx(24 * MI)
    assert scenario.source.endswith("storm_shadow.toml")


def test_a_user_weapon_without_a_supplier_is_not_covered_by_us_policy(tmp_path):
    path = tmp_path / "w.toml"
    path.write_text('schema = 1\n[[weapons]]\nname = "Mystery"\nrange = "100 km"\n')
    scenario = load_scenario(path)
    assert standing_authorizations(scenario, "Mystery", dt.date(2025, 6, 1)) == ()
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
    (feb,) = standing_authorizations(scenario, "ATACMS", dt.date(2024, 2, 1))
    assert (feb.entry.id, feb.range_m) == ("t", pytest.approx(100_000))
    # "u" revokes launches from kharkiv only: "anywhere" still stands when drawn from sumy
    april = dt.date(2024, 4, 1)
    assert standing_authorizations(scenario, "ATACMS", april, drawn="kharkiv") == ()
    assert standing_authorizations(scenario, "ATACMS", april, drawn="sumy")[0].entry.id == "t"


def test_a_german_weapon_makes_germanys_window_an_uncertain_state(tmp_path):
    path = tmp_path / "german.toml"
    path.write_text('schema = 1\n[[weapons]]\nname = "G"\nsupplier = "Germany"\nrange = "70 km"\n')
    user = load_scenario(path)
    states = {s.date.isoformat(): s for s in timeline_states(user)}
    assert (states["2024-05-30"].basis, states["2024-05-30"].uncertain) == ("window", True)
    (g,) = standing_authorizations(user, "G", "2024-05-31")
    assert (g.entry.id, g.status, g.range_m) == ("germany-kharkiv", UNCERTAIN, 70_000)
    assert standing_authorizations(user, "G", "2024-06-02")[0].status == IN_FORCE


def test_compute_envelope_set_takes_an_iso_string_and_exports_it(scenario):
    from envelope import compute_envelope_set
    from envelope.export.geojson import geojson_text

    result = compute_envelope_set(
        "kharkiv", ranges=["24mi"], weapons=["HIMARS"], as_of="2024-06-15"
    )
    assert result.as_of == dt.date(2024, 6, 15)
    assert '"as_of": "2024-06-15"' in geojson_text(result)
    with pytest.raises(EnvelopeError, match="as_of"):
        compute_envelope_set("kharkiv", ranges=["24mi"], as_of="15/06/2024", scenario=scenario)
