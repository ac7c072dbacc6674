"""Where the reports disagree, and the scenario's tables."""

from __future__ import annotations

import csv
import io
import json

import pytest

from envelope.errors import EnvelopeError
from envelope.scenario import (
    claims_table,
    conflicts,
    conflicts_table,
    timeline_table,
    weapons_table,
)
from envelope.tables import format_rows, format_table
from tests.helpers import (
    R000,
    R001,
    R002,
    R003,
    R004,
)


def test_conflicts(scenario):
    found = {k.kind: k for k in conflicts(scenario) if k.kind != "date"}
    atacms = found["range"]
    assert atacms.topic == "ATACMS range"
    assert atacms.sources == (R000, R001, R002, R003)
    assert {c.value for c in atacms.claims} == {185, 190, 200}

    authorized = found["authorization"]
    # the period is the US counter-fire policy: ATACMS is US-supplied, not under Germany's entry
    assert authorized.topic == "ATACMS authorized (kharkiv-counterfire, from 2024-05-30)"
    allowed = {c.report_id for c in authorized.claims if c.status == "allowed"}
    prohibited = {c.report_id for c in authorized.claims if c.status == "prohibited"}
    assert allowed == {R000}
    assert {R002, R003, R004} <= prohibited

    kharkiv = found["distance"]
    assert kharkiv.topic.startswith("Kharkiv")
    assert {(c.value, c.unit) for c in kharkiv.claims} == {(12, "mi"), (30, "km")}
    assert "12 mi" in kharkiv.summary and "30 km" in kharkiv.summary


def test_no_false_conflicts(scenario):
    topics = [k.topic for k in conflicts(scenario)]
    assert not any(t.startswith("US weapons authorized") for t in topics)
    assert not any(t.startswith("authorized depth") for t in topics)
    assert not any("HIMARS" in t for t in topics)


# --- rows and formatting -------------------------------------------------------------------


def test_claims_table(scenario):
    rows = claims_table(scenario)
    assert len(rows) == len(scenario.claims)
    row = next(r for r in rows if r["report_id"] == R000 and r["claim"] == "atacms-range")
    assert row["outlet"] == "Connell Media" and row["date"] == "2024-06-01"
    assert row["metres"] == pytest.approx(297_728.64)
    assert row["display"] == "185 mi (297.7 km)"
    assert row["paragraph"] == 5
    assert json.loads(format_rows(rows, "json")) == json.loads(json.dumps(rows))
    parsed = list(csv.DictReader(io.StringIO(format_rows(rows, "csv"))))
    assert len(parsed) == len(rows) and parsed[0]["report_id"] == rows[0]["report_id"]
    table = format_table(rows)
    assert table.splitlines()[0].startswith("report_id")
    assert all(line == line.rstrip() for line in table.splitlines())
    with pytest.raises(EnvelopeError):
        format_rows(rows, "xml")


def test_other_tables(scenario):
    assert [r["weapon"] for r in weapons_table(scenario)] == ["ATACMS", "HIMARS"]
    assert weapons_table(scenario)[0]["band"] == "185–200 mi (297.7–321.9 km)"
    rows = timeline_table(scenario)
    assert rows[0]["weapons"] == "* except ATACMS" and rows[1]["depth"] == "full reach"
    assert {r["kind"] for r in conflicts_table(scenario)} >= {"range", "distance", "authorization"}
