"""The scenario as flat, JSON-ready rows for the claims, weapons, timeline and conflicts tables
(printed by ``envelope.tables.format_rows``)."""

from __future__ import annotations

import datetime as dt

from ..units import format_distance
from .conflicts import conflicts
from .model import UNCERTAIN, Claim, Scenario, short_id, short_ref
from .sources import backing, origin_key

#: How a table words a claim no person has checked yet (``review = "pending"``).
UNREVIEWED = "unreviewed"

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
    "speaker_type",
    "credit",
    "origin",
    "paragraph",
    "metres",
    "display",
    "review",
)


def _display(claim: Claim) -> str:
    text = claim.display
    return f"{text} [{UNREVIEWED}]" if claim.review == "pending" else text


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
                "speaker_type": c.kind_of_speaker,
                "credit": c.credit,
                "origin": origin_key(c)[1],
                "paragraph": c.paragraph,
                "metres": None if metres is None else round(metres, 6),
                "display": _display(c),
                "review": c.review,
                "target_classes": ", ".join(c.target_classes),
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
            "backing": backing(scenario, w.claims),
            "unreviewed": ", ".join(short_ref(c) for c in w.claims if c.review == "pending"),
        }
        for w in scenario.weapons
    ]


def timeline_table(scenario: Scenario, as_of: dt.date | None = None) -> list[dict]:
    """One row per timeline entry, oldest first: its start (a day, or a window with its
    reasoning), where launches may come from and into which country, how deep, and on whose
    word. With ``as_of``, also its status that day (in force, not in force, or "may be in
    force" inside its window)."""
    rows = []
    for e in scenario.timeline:
        weapons = ", ".join(e.weapons)
        if e.excluded:
            weapons += " except " + ", ".join(e.excluded)
        row = {
            "id": e.id,
            "supplier": e.supplier,
            "start": e.start_label,
            "start_basis": "window" if e.windowed else e.start_basis,
            "not_before": e.earliest.isoformat(),
            "not_after": e.latest.isoformat(),
            "reasoning": e.start_note,
            "allowed": e.allowed,
            "weapons": weapons,
            "launch_from": "anywhere" if e.anywhere else ", ".join(e.segments),
            "into": e.target,
            "depth_m": None if e.depth_m is None else round(e.depth_m, 6),
            "depth": "full reach" if e.depth_m is None else format_distance(e.depth_m),
            "excluded_classes": ", ".join(e.excluded_classes),
            "sources": ", ".join(short_id(s) for s in e.sources),
            "backing": backing(scenario, e.claims),
            "dissent": ", ".join(short_ref(c) for c in e.dissent),
            "summary": e.summary,
        }
        if as_of is not None:
            status = e.status_on(as_of)
            row["status"] = "may be in force" if status == UNCERTAIN else status.replace("_", " ")
        rows.append(row)
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
