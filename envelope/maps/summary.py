"""The summary table and the legend, as rows of text and colours: the numbers all come from
``envelopes.summary_rows``, the words from ``text`` and the theme."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from ..envelopes import EnvelopeSet, summary_rows
from . import theme
from .layers import Layer
from .text import DASH, area_text, range_text, share_text


@dataclass(frozen=True)
class SummaryRow:
    """One row of 'Territory of Russia within reach': claimed, authorized, share (text)."""

    label: str  # the weapon or the range's name
    colour: str | None  # the weapon's chip; None for a bare range
    claimed: str
    claimed_range: str
    authorized: str
    authorized_range: str
    share: str


@dataclass(frozen=True)
class LegendEntry:
    """One line of the legend: its section, what it keys (a look, a weapon, a country) and words."""

    section: str  # "weapons", "reach", "territory" or "targets"
    key: str  # "authorized", "uncertain", "claimed", "band", "range", "segment", a weapon, an ISO
    label: str
    colour: str


SUMMARY_COLUMNS = ("claimed", "authorized", "authorized share of claimed")


def summary(result: EnvelopeSet, layers: Sequence[Layer]) -> tuple[SummaryRow, ...]:
    """Per weapon the target-country area within claimed and authorized reach and the share;
    then one row per bare range."""
    dated = result.scenario is not None and result.as_of is not None
    rows = []
    for row in summary_rows(result):
        ranges = list(row["claimed_ranges_m"])
        has_claim = bool(ranges)
        auth_m = row["authorized_range_m"]
        cells = dict(
            claimed=area_text([row["claimed_km2_min"], row["claimed_km2_max"]])
            if has_claim
            else DASH,
            claimed_range=range_text(ranges) if has_claim else "",
            authorized=area_text([row["authorized_km2"]]) if auth_m is not None else DASH,
            authorized_range=range_text([auth_m]) if auth_m is not None else "",
            share=share_text(row["authorized_share_min"], row["authorized_share_max"])
            if has_claim
            else DASH,
        )
        if auth_m is None and has_claim and dated:
            # the scenario knows of no authorization for it on this date
            cells.update(authorized="none", authorized_range="not authorized", share="0 %")
        rows.append(
            SummaryRow(label=row["weapon"], colour=theme.weapon_colour(row["weapon"]), **cells)
        )
    for g in layers:
        if g.kind == "range":
            rows.append(
                SummaryRow(
                    label=g.label,
                    colour=None,
                    claimed=area_text([e.target_area_km2 for e in g.envelopes]),
                    claimed_range=range_text(g.ranges_m),
                    authorized=DASH,
                    authorized_range="",
                    share=DASH,
                )
            )
    return tuple(rows)


def legend(
    layers: Sequence[Layer],
    countries: Sequence[tuple[str, str, str]],
    target_kinds: Sequence[str],
    with_segment: bool,
) -> tuple[LegendEntry, ...]:
    """Weapons by colour, reach by pattern, territory by fill, targets by shape; ``countries``
    are (iso, role, name), ``layers`` every layer of every state."""
    grey = theme.colour("legend_grey")
    out = [
        LegendEntry("weapons", w, w, theme.weapon_colour(w))
        for w in dict.fromkeys(g.weapon for g in layers if g.weapon)
    ]
    kinds = {g.kind for g in layers}
    reach = []
    if any(g.kind == "authorized" and not g.uncertain for g in layers):
        reach.append("authorized")
    if any(g.uncertain for g in layers):
        reach.append("uncertain")
    if "claimed" in kinds:
        reach.append("claimed")
    if any(g.band and g.kind == "claimed" for g in layers):
        reach.append("band")
    if "range" in kinds:
        reach.append("range")
    if with_segment:
        reach.append("segment")
    out += [LegendEntry("reach", k, theme.legend(k), grey) for k in reach]
    suffix = {"target": " (target)", "origin": " (origin)"}
    out += [
        LegendEntry("territory", iso, f"{name}{suffix.get(role, '')}", theme.country_fill(role))
        for iso, role, name in countries
    ]
    words = theme.targets()["legend"]
    out += [LegendEntry("targets", k, words.get(k, k), "#111111") for k in target_kinds]
    return tuple(out)
