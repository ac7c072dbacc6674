"""Validation of scenario files and report records: one line ``FILE: KEY: PROBLEM`` per error."""

from __future__ import annotations

import datetime as dt

import pytest

from envelope.errors import EnvelopeError
from envelope.scenario import Authorization, WeaponProfile, load_report, load_scenario
from tests.helpers import FIXTURES, R003, ROOT


@pytest.mark.parametrize(
    ("fixture", "expected"),
    [
        ("bad_malformed.toml", "bad_malformed.toml: line 3: invalid TOML"),
        ("bad_missing_key.toml", "bad_missing_key.toml: timeline[0].start: missing required key"),
        ("bad_unit.toml", "bad_unit.toml: weapons[0].claims[0].unit: unknown distance unit"),
        ("bad_negative_range.toml", "bad_negative_range.toml: weapons[2].range: distance must be"),
        (
            "bad_value.toml",
            'bad_value.toml: weapons[0].claims[1].value: expected a positive number, got "far"',
        ),
        ("bad_unknown_key.toml", "bad_unknown_key.toml: weapons[0].rnage: unknown key"),
        ("bad_date.toml", "bad_date.toml: timeline[0].start: expected an ISO date"),
    ],
)
def test_bad_fixtures(fixture, expected):
    with pytest.raises(EnvelopeError) as err:
        load_scenario(FIXTURES / fixture)
    message = str(err.value)
    assert expected in message
    assert "\n" not in message


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            '[[weapons]]\nname = "X"\nclaims = ["009#nope"]\n',
            "weapons[0].claims[0]: unknown report",
        ),
        (
            '[[weapons]]\nname = "X"\nclaims = ["000#atacms-rnage"]\n',
            "did you mean 'atacms-range'?",
        ),
        (
            '[[weapons]]\nname = "X"\nclaims = ["000#atacms-range"]\n',
            "is about 'ATACMS', not 'X'",
        ),
        ('[[weapons]]\nname = "X"\nclaims = ["002#depth-24mi"]\n', "not weapon_range"),
        ('[[weapons]]\nname = "X"\n', "weapons[0]: a weapon needs 'claims' or a 'range'"),
        ('[[weapons]]\nname = "X"\naliases = ["GMLRS"]\nrange = "1 km"\n', "clashes"),
        ('[[weapons]]\nname = "X"\nrange = 250\n', 'expected a distance such as "250 km"'),
        ('[[weapons]]\nname = "X"\nrange = "250"\n', "has no unit"),
        (
            '[[timeline]]\nid = "t"\nstart = 2024-01-01\nstart_basis = "guess"\nweapons = ["*"]\n'
            'segments = ["*"]\nsummary = "s"\n',
            "timeline[0].start_basis: expected one of stated, derived, inferred",
        ),
        (
            '[[timeline]]\nid = "t"\nstart = 2024-01-01T10:00:00\nstart_basis = "stated"\n'
            'weapons = ["*"]\nsegments = ["*"]\nsummary = "s"\n',
            "timeline[0].start: expected an ISO date",
        ),
        (
            '[[timeline]]\nid = "t"\nstart = 2024-01-01\nstart_basis = "stated"\n'
            'weapons = ["Storm Shadw"]\nsegments = ["*"]\nsummary = "s"\n',
            "timeline[0].weapons[0]: unknown weapon 'Storm Shadw'",
        ),
        (
            '[[timeline]]\nid = "t"\nstart = 2024-01-01\nstart_basis = "stated"\n'
            'weapons = ["*"]\nsegments = ["*"]\ndepth = "30 mi"\nclaims = ["002#depth-24mi"]\n'
            'summary = "s"\n',
            "timeline[0].depth: 30 mi matches none of the cited authorized_depth claims (24 mi)",
        ),
        ("schema = 2\n", "schema: unsupported schema 2"),
        ('base = "other"\n', "base: expected one of packaged, none"),
        ('[[reports]]\nid = "000_fc1554105e1b3917"\n', "reports[0].id: report"),
        (
            '[[reports]]\nid = "mine"\ndate = "May 2024"\n',
            'reports[0].date: expected an ISO date YYYY-MM-DD, got "May 2024"',
        ),
        (
            '[[reports]]\nid = "mine"\n[[reports.claims]]\nid = "c"\nmeasure = "speed"\n',
            "reports[0].claims[0].measure: expected one of weapon_range",
        ),
        (
            '[[reports]]\nid = "mine"\n[[reports.claims]]\nid = "c"\nmeasure = "count"\n'
            'subject = "s"\nspeaker = "report"\nsummary = "s"\nvalue = 3\nstatus = "allowed"\n',
            "reports[0].claims[0].status: unknown key",
        ),
    ],
)
def test_validation_messages(tmp_path, text, expected):
    path = tmp_path / "scenario.toml"
    path.write_text(text)
    with pytest.raises(EnvelopeError) as err:
        load_scenario(path)
    message = str(err.value)
    assert message.startswith(f"{path}: ")
    assert expected in message
    assert "\n" not in message


def test_missing_file(tmp_path):
    with pytest.raises(EnvelopeError, match="no such file"):
        load_scenario(tmp_path / "absent.toml")


def test_report_record_stem_must_match(tmp_path):
    source = ROOT / "seeds" / f"{R003}.toml"
    copy = tmp_path / "renamed.toml"
    copy.write_bytes(source.read_bytes())
    with pytest.raises(EnvelopeError, match="renamed.toml: id: .* must equal the file name stem"):
        load_report(copy)


def test_model_is_frozen(scenario):
    with pytest.raises(AttributeError):
        scenario.timeline[0].start = dt.date(2020, 1, 1)  # type: ignore[misc]
    assert isinstance(scenario.weapons[0], WeaponProfile)
    assert isinstance(scenario.timeline[0], Authorization)
