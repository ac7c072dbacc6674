"""The scenario as flat, JSON-ready rows for the claims, weapons, timeline and conflicts tables
(printed by ``envelope.tables.format_rows``)."""

from __future__ import annotations

from ..units import format_distance
from .conflicts import conflicts
from .model import Scenario, short_id, short_ref

CLAIM_COLUMNS = (
    "report_id",
    "outlet",
    "date",
    "claim",
    "measure",
    "subject",
    "value",
    "unit",
    "qualifier",
    "speaker",
    "paragraph",
    "metres",
    "display",
)


def claims_table(scenario: Scenario) -> list[dict]:
    """One JSON-ready row per claim (dates as ISO strings, metres ``None`` for non-distances)."""
    rows = []
    for c in scenario.claims:
        report = scenario.reports[c.report_id]
        metres = c.metres
        rows.append(
            {
                "report_id": c.report_id,
                "outlet": report.outlet,
                "date": report.date.isoformat() if report.date else "",
                "claim": c.id,
                "measure": c.measure,
                "subject": c.subject,
                "value": c.value,
                "unit": c.unit,
                "qualifier": c.qualifier,
                "speaker": c.speaker,
                "paragraph": c.paragraph,
                "metres": None if metres is None else round(metres, 6),
                "display": c.display,
            }
        )
    return rows


def weapons_table(scenario: Scenario) -> list[dict]:
    """One row per weapon profile: its band and the claims behind it."""
    return [
        {
            "weapon": w.name,
            "aliases": ", ".join(w.aliases),
            "supplier": w.supplier,
            "min_m": round(w.min_m, 6),
            "max_m": round(w.max_m, 6),
            "band": w.band_label,
            "claims": ", ".join(short_ref(c) for c in w.claims),
            "sources": ", ".join(short_id(s) for s in w.sources),
        }
        for w in scenario.weapons
    ]


def timeline_table(scenario: Scenario) -> list[dict]:
    """One row per timeline entry, oldest first."""
    rows = []
    for e in scenario.timeline:
        weapons = ", ".join(e.weapons)
        if e.excluded:
            weapons += " except " + ", ".join(e.excluded)
        rows.append(
            {
                "id": e.id,
                "start": e.start.isoformat(),
                "start_basis": e.start_basis,
                "allowed": e.allowed,
                "weapons": weapons,
                "segments": ", ".join(e.segments),
                "depth_m": None if e.depth_m is None else round(e.depth_m, 6),
                "depth": "full reach" if e.depth_m is None else format_distance(e.depth_m),
                "sources": ", ".join(short_id(s) for s in e.sources),
                "dissent": ", ".join(short_ref(c) for c in e.dissent),
                "summary": e.summary,
            }
        )
    return rows


def conflicts_table(scenario: Scenario) -> list[dict]:
    """One row per conflict."""
    return [
        {
            "kind": k.kind,
            "topic": k.topic,
            "sources": ", ".join(short_id(s) for s in k.sources),
            "summary": k.summary,
            "claims": ", ".join(short_ref(c) for c in k.claims),
        }
        for k in conflicts(scenario)
    ]
