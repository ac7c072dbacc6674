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
    uncertain: bool = False  # the authorization may or may not be in force


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
    unit = {e.weapon: e.unit for e in reversed(result.envelopes) if e.weapon}
    rows = []
    for row in summary_rows(result):
        ranges = list(row["claimed_ranges_m"])
        has_claim = bool(ranges)
        u = unit[row["weapon"]]
        # a zone that may be in force is shown as such, never as certain
        maybe = row["authorization_status"] == "uncertain"
        key = "uncertain" if maybe else "authorized"
        auth_m = row[f"{key}_range_m"]
        share = share_text(row[f"{key}_share_min"], row[f"{key}_share_max"]) if has_claim else DASH
        cells = dict(
            claimed=area_text([row["claimed_km2_min"], row["claimed_km2_max"]])
            if has_claim
            else DASH,
            claimed_range=range_text(ranges, u) if has_claim else "",
            authorized=area_text([row[f"{key}_km2"]]) if auth_m is not None else DASH,
            authorized_range=range_text([auth_m], u) if auth_m is not None else "",
            share=share,
            uncertain=maybe,
        )
        if maybe:
            cells.update(
                authorized_range=f"{cells['authorized_range']}, may be in force",
                share=f"{share} if so" if share != DASH else share,
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
                    claimed_range=range_text(g.ranges_m, "km" if g.unit == "mi" else "mi", 0),
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
    *,
    points: bool = False,
    launch_lines: Sequence[str] = (),
    unreviewed: bool = False,
) -> tuple[LegendEntry, ...]:
    """Weapons by colour, reach by pattern, territory by fill, targets by shape; ``countries``
    are (iso, role, name), ``layers`` every layer of every state; ``with_segment`` when border
    lines are drawn, ``points`` when launch points are, ``launch_lines`` their legend words."""
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
    if points:
        reach.append("point")
    if unreviewed:
        reach.append("unreviewed")
    out += [LegendEntry("reach", k, theme.legend(k), grey) for k in reach]
    out += [LegendEntry("reach", "launch_line", words, "#111111") for words in launch_lines]
    suffix = {"target": " (target)", "origin": " (origin)"}
    out += [
        LegendEntry("territory", iso, f"{name}{suffix.get(role, '')}", theme.country_fill(role))
        for iso, role, name in countries
    ]
    words = theme.targets()["legend"]
    out += [LegendEntry("targets", k, words.get(k, k), "#111111") for k in target_kinds]
    return tuple(out)


@dataclass(frozen=True)
class DeltaRow:
    """What changed for one weapon between two dates: authorized area gained, targets newly
    inside its authorized zone."""

    weapon: str
    colour: str
    before: str  # the earlier date
    after: str
    gained: str  # '+9,970 km²', '0 km²', or a loss '\u22129,970 km²'
    newly: str  # 'Belgorod, Kursk and 3 more'; without targets, of the reference places
    uncertain: bool  # a zone at either date may or may not be in force


def _names(names: Sequence[str]) -> str:
    shown = ", ".join(names[:3])
    return shown + (f" and {len(names) - 3:,} more" if len(names) > 3 else "")


def places_inside(result: EnvelopeSet, places: Sequence) -> dict[str, list[str]]:
    """Per weapon, the reference places inside its authorized zone (exact geometry)."""
    import shapely

    out: dict[str, list[str]] = {}
    if not places:
        return out
    pts = shapely.points([(p.lon, p.lat) for p in places])
    for e in result.envelopes:
        if e.kind != "authorized" or not e.weapon or e.geometry.is_empty:
            continue
        inside = shapely.contains(e.geometry, pts) | shapely.touches(e.geometry, pts)
        names = out.setdefault(e.weapon, [])
        names += [
            p.name for p, ok in zip(places, inside, strict=True) if ok and p.name not in names
        ]
    return out


def delta(
    before: EnvelopeSet, after: EnvelopeSet, stories=(None, None), places: Sequence = ()
) -> tuple[DeltaRow, ...]:
    """Per weapon, the change in authorized area (target-country territory, certain zones only;
    a zone that may be in force is flagged) and the targets newly authorized; without targets,
    the reference ``places`` (the map's, in the target country) newly inside, said as such."""
    from ..units import sig_figures

    a = {r["weapon"]: r for r in summary_rows(before)}
    b = {r["weapon"]: r for r in summary_rows(after)}
    story_a, story_b = stories
    names_a = {w.weapon: set(w.authorized_names) for w in (story_a.weapons if story_a else ())}
    names_b = {w.weapon: w.authorized_names for w in (story_b.weapons if story_b else ())}
    out = []
    for w in dict.fromkeys([*a, *b]):
        ka, kb = a.get(w, {}).get("authorized_km2", 0.0), b.get(w, {}).get("authorized_km2", 0.0)
        d = kb - ka
        sign = "+" if d > 0 else "\u2212"
        gained = "0 km\u00b2" if abs(d) < 0.5 else f"{sign}{sig_figures(abs(d))} km\u00b2"
        if story_b is None and places:
            was, now = places_inside(before, places), places_inside(after, places)
            new = [n for n in now.get(w, []) if n not in was.get(w, [])]
            of = f"of {len(places):,} reference places"
            newly = f"{len(new):,} {of}: {_names(new)}" if new else f"none {of}"
        elif story_b is None:
            newly = DASH
        else:
            new = [n for n in names_b.get(w, []) if n not in names_a.get(w, set())]
            shown = new[:3]
            newly = ", ".join(shown) + (f" and {len(new) - 3:,} more" if len(new) > 3 else "")
            newly = newly or "none"
        maybe = any(r.get(w, {}).get("authorization_status") == "uncertain" for r in (a, b))
        out.append(
            DeltaRow(
                weapon=w,
                colour=theme.weapon_colour(w),
                before=before.as_of.isoformat() if before.as_of else "",
                after=after.as_of.isoformat() if after.as_of else "",
                gained=gained,
                newly=newly,
                uncertain=maybe,
            )
        )
    return tuple(out)
