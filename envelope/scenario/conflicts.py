"""Where the claims disagree: ranges, place distances, depths, permissions and dates, each kept
with every side's claims (disagreement is data, never averaged away)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from ..units import format_distance, format_number
from .model import (
    STATUSES,
    Claim,
    Conflict,
    Scenario,
    distinct_values,
    refs_label,
    same_value,
    short_id,
)
from .sources import backing


def conflicts(scenario: Scenario) -> list[Conflict]:
    """Every point on which claims disagree.

    * ``range``: a weapon's range claims differ (e.g. ATACMS 185 / 190 / 200 mi);
    * ``distance``: a place's distance to the same reference differs (Kharkiv–border 12 mi / 30 km);
    * ``depth``: authorized depths in force in the same timeline period differ;
    * ``authorization``: "allowed" vs "prohibited" for the same subject in the same timeline
      period (a claim's period is the timeline entry in force on its ``as_of`` date, else on its
      report's date; claims with neither are left out);
    * ``date``: incompatible dates for the same event.

    Distances within a relative 1e-6 are the same value.
    """
    found: list[Conflict] = []
    claims = scenario.claims

    by_weapon: dict[str, list[Claim]] = {}
    for c in claims:
        if c.measure == "weapon_range":
            by_weapon.setdefault(_weapon_key(scenario, c.subject), []).append(c)
    for name, group in by_weapon.items():
        if len(distinct_values(c.metres for c in group)) > 1:
            found.append(
                Conflict(
                    f"{name} range",
                    tuple(group),
                    f"{_values_summary(scenario, group)}; kept as a band, not averaged",
                    "range",
                )
            )

    by_place: dict[tuple[str, str], list[Claim]] = {}
    for c in claims:
        if c.measure == "place_distance":
            key = (c.subject.casefold(), c.reference.casefold())
            by_place.setdefault(key, []).append(c)
    for group in by_place.values():
        if len(distinct_values(c.metres for c in group)) > 1:
            ref = f" to {group[0].reference}" if group[0].reference else ""
            found.append(
                Conflict(
                    f"{group[0].subject} distance{ref}",
                    tuple(group),
                    _values_summary(scenario, group),
                    "distance",
                )
            )

    by_period: dict[tuple[str, str], list[Claim]] = {}
    for c in claims:
        if c.measure in ("authorized_depth", "authorization"):
            period = _period(scenario, c)
            if period is not None:
                by_period.setdefault((c.measure, period), []).append(c)
    for (measure, period), group in by_period.items():
        if measure != "authorized_depth" or len(distinct_values(c.metres for c in group)) < 2:
            continue
        found.append(
            Conflict(
                f"authorized depth ({period})",
                tuple(group),
                _values_summary(scenario, group),
                "depth",
            )
        )
    for (measure, period), group in by_period.items():
        if measure != "authorization":
            continue
        by_subject: dict[str, list[Claim]] = {}
        for c in group:
            by_subject.setdefault(_weapon_key(scenario, c.subject), []).append(c)
        for subject, sub in by_subject.items():
            statuses = {c.status for c in sub}
            if len(statuses) > 1:
                parts = []
                for s in STATUSES:
                    side = [c for c in sub if c.status == s]
                    if side:
                        parts.append(f"{s}: {refs_label(side)} ({backing(scenario, side)})")
                found.append(
                    Conflict(
                        f"{subject} authorized ({period})",
                        tuple(sub),
                        "; ".join(parts),
                        "authorization",
                    )
                )

    by_event: dict[str, list[Claim]] = {}
    for c in claims:
        if c.measure == "event_date" and c.date is not None:
            by_event.setdefault(c.subject.casefold(), []).append(c)
    for group in by_event.values():
        if not _dates_compatible(group):
            labels: dict[str, list[Claim]] = {}
            for c in group:
                labels.setdefault(c.date_label, []).append(c)
            found.append(
                Conflict(
                    f"{group[0].subject}: date",
                    tuple(group),
                    " vs ".join(f"{k} ({refs_label(v)})" for k, v in labels.items()),
                    "date",
                )
            )
    return found


def _values_summary(scenario: Scenario, group: Sequence[Claim]) -> str:
    """ "about 185 mi (297.7 km) (000, 002; 2 reports, 2 origins) vs ...", smallest first."""
    parts = []
    for value in distinct_values(c.metres for c in group):
        same = [c for c in group if same_value(c.metres, value)]
        labels = sorted({_as_written(c) for c in same})
        sources = ", ".join(sorted({short_id(c.report_id) for c in same}))
        parts.append(f"{' / '.join(labels)} ({sources}; {backing(scenario, same)})")
    return " vs ".join(parts)


def _as_written(claim: Claim) -> str:
    """ "about 185 mi (297.7 km)": the claim as written, then in the other unit."""
    d = claim.distance
    if d.unit in ("mi", "km"):
        text = format_distance(d.metres, first=d.unit)
    else:
        text = f"{d.label} ({format_number(d.km)} km)"
    return f"{claim.qualifier} {text}".strip()


def _dates_compatible(group: Sequence[Claim]) -> bool:
    """True if one day could satisfy every claim (month/year claims contain their days)."""
    lo, hi = dt.date.min, dt.date.max
    for c in group:
        start, end = _date_span(c.date, c.date_precision)
        lo, hi = max(lo, start), min(hi, end)
    return lo <= hi


def _date_span(date: dt.date, precision: str) -> tuple[dt.date, dt.date]:
    if precision == "year":
        return dt.date(date.year, 1, 1), dt.date(date.year, 12, 31)
    if precision == "month":
        nxt = dt.date(date.year + (date.month == 12), date.month % 12 + 1, 1)
        return dt.date(date.year, date.month, 1), nxt - dt.timedelta(days=1)
    return date, date


def _weapon_key(scenario: Scenario, subject: str) -> str:
    """A subject's weapon name if it names one (so aliases group together), else the subject."""
    for weapon in scenario.weapons:
        if weapon.matches(subject):
            return weapon.name
    return subject


def _period(scenario: Scenario, claim: Claim) -> str | None:
    """The timeline period a claim speaks for: the id of the latest entry started by then, among
    the entries of the claim's weapon's supplier (Germany's policy is no period of ATACMS')."""
    when = claim.as_of or scenario.reports[claim.report_id].date
    if when is None:
        return None
    weapon = next((w for w in scenario.weapons if w.matches(claim.subject)), None)
    current = None
    for entry in scenario.timeline:
        if weapon is not None and entry.supplier.casefold() != weapon.supplier.casefold():
            continue
        if entry.earliest <= when:
            current = entry
    if current is None:
        first = scenario.timeline[0].start_label if scenario.timeline else "any entry"
        return f"before {first}"
    return f"{current.id}, from {current.start_label}"
