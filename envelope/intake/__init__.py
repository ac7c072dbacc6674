"""Claim intake: draft claim records from a new report's text, for a person to confirm.

``intake_file`` reads a plain-text article and returns a :class:`Draft`; ``draft_toml`` writes it
as a user scenario (seeds schema) whose claims are all ``review = "pending"``. Rules only: no
model, no network, the same text always gives the same draft.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from pathlib import Path

from ..errors import EnvelopeError
from .draft import Profile, claims_json, draft_toml, report_id_for, summary_line
from .extract import Draft, intake_text
from .gazetteer import load_gazetteer
from .overlap import load_fingerprints
from .overlap import summary_line as overlap_line
from .text import read_article

_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.\-]*$")

__all__ = [
    "Draft",
    "Known",
    "Profile",
    "claims_json",
    "draft_toml",
    "intake_file",
    "intake_text",
    "overlap_line",
    "packaged_knowledge",
    "packaged_profiles",
    "summary_line",
]


@dataclass(frozen=True)
class Known:
    """What intake compares a new report with: the packaged weapon profiles, each known
    report's outlet and attributions, and the statement origins its claims name by paragraph."""

    profiles: tuple[Profile, ...]
    outlets: dict[str, tuple[str, ...]]
    origins: dict[tuple[str, int], tuple[str, ...]]


def packaged_profiles() -> tuple[tuple[Profile, ...], dict[str, tuple[str, ...]]]:
    """The packaged weapon profiles and each known report's outlet and attributions."""
    known = packaged_knowledge()
    return known.profiles, known.outlets


def packaged_knowledge() -> Known:
    """Everything intake takes from the packaged scenario (see :class:`Known`)."""
    from ..scenario import load_scenario

    scenario = load_scenario()
    profiles = tuple(
        Profile(w.name, w.aliases, w.supplier, tuple(c.ref for c in w.claims), w.note)
        for w in scenario.weapons
    )
    outlets = {
        rid: tuple(x for x in (r.outlet, *r.attributions) if x)
        for rid, r in scenario.reports.items()
    }
    origins: dict[tuple[str, int], tuple[str, ...]] = {}
    for c in scenario.claims:
        if c.origin:
            key = (c.report_id, c.paragraph)
            origins[key] = tuple(sorted({*origins.get(key, ()), c.origin}))
    return Known(profiles, outlets, origins)


def intake_file(
    path: str | Path,
    *,
    report_id: str | None = None,
    outlet: str = "",
    date: dt.date | None = None,
) -> tuple[Draft, tuple[Profile, ...]]:
    """Read an article and draft its claims against the packaged scenario."""
    text = read_article(path)
    base = packaged_knowledge()
    profiles, outlets = base.profiles, base.outlets
    stem = "intake" if str(path) == "-" else Path(path).stem
    rid = report_id or report_id_for(stem, tuple(outlets))
    if not _ID.match(rid):
        raise EnvelopeError(f"report id {rid!r}: use letters, digits, '_', '-', '.'")
    if rid in outlets:
        raise EnvelopeError(f"report id {rid!r} is a packaged report's; choose another id")
    gaz = load_gazetteer((p.name, p.aliases, p.supplier) for p in profiles)
    known = load_fingerprints()
    draft = intake_text(
        text,
        report_id=rid,
        source="standard input" if str(path) == "-" else Path(path).name,
        outlet=outlet,
        date=date,
        gazetteer=gaz,
        known=known,
        known_outlets=outlets,
        known_origins=base.origins,
    )
    return draft, profiles
