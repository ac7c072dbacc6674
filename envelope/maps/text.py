"""Words and numbers shown on every map (titles, ranges, areas, shares, dates, citations), so the
HTML page and the slide say exactly the same thing."""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Iterable, Mapping, Sequence
from typing import TYPE_CHECKING

from ..units import METRES_PER, format_number, sig_figures

if TYPE_CHECKING:  # pragma: no cover
    from ..envelopes import Envelope
    from ..scenario import Scenario

DASH = "\u2014"


def span(values: Iterable[float], digits: int = 1) -> str:
    """'185' or, for several values, '185\u2013200'."""
    vals = sorted(set(values))
    lo, hi = format_number(vals[0], digits), format_number(vals[-1], digits)
    return lo if lo == hi else f"{lo}\u2013{hi}"


def range_text(ranges_m: Sequence[float], unit: str = "mi", digits: int = 1) -> str:
    """'50 mi', a band '185\u2013200 mi', in the unit given ('250 km')."""
    return f"{span([r / METRES_PER[unit] for r in ranges_m], digits)} {unit}"


def range_label(ranges_m: Sequence[float], unit: str = "mi") -> str:
    """A ring's range as its source gave it first, the other unit rounded: '250 km (155 mi)',
    '185\u2013200 mi (298\u2013322 km)'."""
    other = "km" if unit == "mi" else "mi"
    return f"{range_text(ranges_m, unit)} ({range_text(ranges_m, other, 0)})"


def range_both(ranges_m: Sequence[float], unit: str = "mi") -> str:
    """'185\u2013200 mi (297.7\u2013321.9 km)': the unit given first, then the other."""
    other = "km" if unit == "mi" else "mi"
    return f"{range_text(ranges_m, unit)} ({range_text(ranges_m, other)})"


def area_text(values: Iterable[float]) -> str:
    """'23,500 km\u00b2', or for a band '192,000\u2013225,000 km\u00b2'."""
    vals = list(values)
    a, b = sig_figures(min(vals)), sig_figures(max(vals))
    return f"{a} km\u00b2" if a == b else f"{a}\u2013{b} km\u00b2"


def _percent(share: float) -> str:
    """A share as whole percents, never rounded up to a full 100 % nor down to 0 %."""
    pct = 100.0 * share
    if pct >= 100.0 - 1e-9:
        return "100"
    if pct <= 1e-9:
        return "0"
    if pct < 1.0:
        return "<1" if pct < 0.1 else f"{pct:.1f}"
    return f"{min(math.floor(pct + 0.5), 99):d}"


def share_text(lo: float, hi: float) -> str:
    """The authorized share of the claimed area: '100 %', '37\u201344 %', or a dash."""
    if not (math.isfinite(lo) and math.isfinite(hi)):
        return DASH
    a, b = _percent(min(lo, hi)), _percent(max(lo, hi))
    return f"{a} %" if a == b else f"{a}\u2013{b} %"


def lat_text(lat: float, fmt: str = "g") -> str:
    """A latitude with its hemisphere: '34°S', '49.8°N', '0°'."""
    text = format(abs(lat), fmt)
    if float(text) == 0:
        return f"{text}°"
    return f"{text}°{'N' if lat > 0 else 'S'}"


def lon_text(lon: float, fmt: str = "g") -> str:
    """A longitude with its hemisphere: '58°W', '35.6°E', '0°', '180°'."""
    lon = (lon + 180.0) % 360.0 - 180.0 if abs(lon) > 180 else lon
    text = format(abs(lon), fmt)
    if float(text) in (0, 180):
        return f"{text}°"
    return f"{text}°{'E' if lon > 0 else 'W'}"


def segment_title_name(name: str, origin: str, target: str) -> str:
    """'Kharkiv' for ``kharkiv``; a name that is not one word ('ua-ru', a file's) as the border
    it lies on, 'Ukraine\u2013Russia' (``origin`` and ``target`` are country names)."""
    if name.isalpha():
        return name[:1].upper() + name[1:]
    return f"{origin}\u2013{target}"


def default_title(segment_title: str, points: Sequence[str] = (), lines: bool = True) -> str:
    """From the border, from launch points by name ('from Kharkiv and Sumy'), or from both."""
    head = "Claimed vs authorized strike reach from "
    named = ", ".join(points[:3]) + (f" and {len(points) - 3} more" if len(points) > 3 else "")
    if points and len(points) in (2, 3):
        named = ", ".join(points[:-1]) + " and " + points[-1]
    if not lines:
        return head + (named or "launch points")
    border = f"the {segment_title} border"
    return head + border + (f" and from {named}" if points else "")


def as_of_text(as_of: dt.date | None, scenario: Scenario | None) -> str:
    """'as of 2024-06-15', or with a date the reports do not state, 'as of 2024-11-06 (inferred
    start of deep-strikes)'. Empty without a date."""
    if as_of is None:
        return ""
    notes: list[str] = []
    for entry in scenario.timeline if scenario is not None else ():
        if entry.start != as_of or entry.start_basis == "stated":
            continue
        basis = entry.start_basis
        note = f"{basis} start of {entry.id}" if basis else f"start of {entry.id}, date not stated"
        if note not in notes:
            notes.append(note)
    return f"as of {as_of.isoformat()}" + (f" ({'; '.join(notes)})" if notes else "")


def report_ids(envelopes: Iterable[Envelope]) -> list[str]:
    """The ids of the reports behind ``envelopes`` (their claims and sources), sorted."""
    envs = list(envelopes)
    return sorted(
        {str(c.report_id) for e in envs for c in e.claims}
        | {str(s) for e in envs for s in e.sources}
    )


def report_note(scenario: Scenario | None, report_id: str) -> str:
    """'Connell Media, 2024-06-01'; an unstated date as such: '2024-11-06, date inferred'.
    Whom a report cites is never its note: each figure is credited to its own speaker
    (``maps.credits``). Empty for an unknown report."""
    rep = scenario.reports.get(report_id) if scenario is not None else None
    if rep is None:
        return ""
    bits = []
    if rep.outlet:
        bits.append(rep.outlet)
    if rep.date:
        bits.append(str(rep.date))
        if rep.date_basis and rep.date_basis != "stated":
            bits.append(f"date {rep.date_basis}")
    return ", ".join(bits)


def citations(
    scenario: Scenario | None, envelopes: Iterable[Envelope], *, short: bool = False
) -> tuple[str, ...]:
    """'000_fc15\u2026 (Connell Media, 2024-06-01)' for every report behind ``envelopes``
    (``short``: by the numeric prefix)."""
    envs = list(envelopes)
    # a report whose claims here are all drafts (``review = "pending"``) is marked unreviewed
    checked = {c.report_id for e in envs for c in e.claims if c.review != "pending"}
    drafts = {c.report_id for e in envs for c in e.claims if c.review == "pending"} - checked
    out = []
    for rid in report_ids(envs):
        rep = scenario.reports.get(rid) if scenario is not None else None
        shown = rep.short_id if (short and rep is not None) else rid
        note = report_note(scenario, rid)
        if rid in drafts:
            note = f"{note}, unreviewed" if note else "unreviewed"
        out.append(f"{shown} ({note})" if note else shown)
    return tuple(out)


def country_names(found: Mapping[str, str]) -> dict[str, str]:
    from .theme import country_name_fallbacks

    return {**country_name_fallbacks(), **{str(k): str(v) for k, v in found.items()}}
