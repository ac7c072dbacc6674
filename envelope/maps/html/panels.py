"""The page's words as escaped HTML: tooltips and popups of the layers and the segment, and the
floating panels (title, summary, legend, targets), all read off the map model."""

from __future__ import annotations

import math

from ...scenario import Claim
from ..credits import FigureCredit
from ..layers import Layer
from ..model import MapModel, MapState
from ..story import TargetStory, band_phrase, count_phrase
from ..text import range_both, range_text, report_note
from .encode import esc

#: Marker shapes of the kinds of target (the slide draws the same shapes).
TARGET_SHAPES = {
    "airfield": '<svg width="13" height="13" viewBox="0 0 13 13"><path d="M6.5 1.2 12 11.3H1z" '
    'fill="#fff" stroke="#111" stroke-width="1.5" stroke-linejoin="round"/></svg>',
    "user": '<svg width="13" height="13" viewBox="0 0 13 13"><path d="M6.5 1 12 6.5 6.5 12 1 6.5z" '
    'fill="#111" stroke="#fff" stroke-width="1.2"/></svg>',
}
_CIRCLE = (
    '<svg width="13" height="13" viewBox="0 0 13 13"><circle cx="6.5" cy="6.5" r="4.5" '
    'fill="#fff" stroke="#111" stroke-width="1.5"/></svg>'
)


def layer_name(g: Layer) -> str:
    """The layer control's line: a swatch in the layer's pattern, then its words."""
    return (
        f'<span class="envm-sw envm-sw-{g.kind}" style="--c:{g.colour}"></span>'
        f"{esc(g.label)} \u2014 {esc(g.kind)}{' (may be in force)' if g.uncertain else ''} "
        f"{esc(range_text(g.ranges_m, g.unit))}"
    )


def tooltip(g: Layer, credit: FigureCredit | None = None) -> str:
    head = g.label if g.kind == "range" else f"{g.label} \u00b7 {g.kind} reach"
    band = " (band of reported claims)" if g.band else ""
    maybe = " (may be in force)" if g.uncertain else ""
    backed = ""
    if credit is not None:
        backed = f"<br>{esc(credit.backing)}"
        if credit.unreviewed:
            which = "" if credit.unreviewed == "all" else f" ({credit.unreviewed})"
            backed += f' \u00b7 <b class="envm-draft">unreviewed{esc(which)}</b>'
    return (
        f"<b>{esc(head)}</b>{esc(maybe)}<br>{esc(range_both(g.ranges_m, g.unit))}{band}{backed}"
        '<br><span class="envm-dim">click for area and sources</span>'
    )


def _cite(scenario, report_id: str) -> str:
    note = report_note(scenario, report_id)
    rid = f"<code>{esc(report_id)}</code>"
    return f"{rid} ({esc(note)})" if note else rid


def _claim_line(c: Claim) -> str:
    label = c.distance.label if c.distance is not None else c.display
    pending = " (unreviewed)" if c.review == "pending" else ""  # an intake draft, not checked
    return f"{c.qualifier} {label}{pending}".strip()


def popup(model: MapModel, state: MapState, g: Layer) -> str:
    """Range, area, depth, targets inside and every claim with its own report."""
    envs, scenario = g.envelopes, state.result.scenario
    title = g.label if g.kind == "range" else f"{g.label} \u2014 {g.kind} reach"
    rows = [("Range", "<br>".join(esc(range_both([e.range_m], e.unit)) for e in envs))]
    head = f"Territory of {esc(model.segment.target_name)} within reach"
    if len(envs) == 1:
        rows.append((head, f"{envs[0].target_area_km2:,.0f} km²"))
    else:
        rows.append(
            (
                head,
                "<br>".join(
                    f"{esc(range_text([e.range_m], e.unit))}: {e.target_area_km2:,.0f} km²"
                    for e in envs
                ),
            )
        )
    depth = max(e.max_depth_km for e in envs)
    if depth and math.isfinite(depth):
        rows.append(("Greatest depth", f"{depth:,.1f} km"))
    story = state.story
    if story is not None:
        rows.append(
            (
                "Targets",
                esc(story.envelope_phrase(envs[0]))
                if len(envs) == 1
                else "<br>".join(
                    f"{esc(range_text([e.range_m], e.unit))}: {esc(story.envelope_phrase(e))}"
                    for e in envs
                ),
            )
        )
    seen, items = set(), []
    claims = sorted(
        (c for e in envs for c in e.claims),
        key=lambda c: (c.distance.metres if c.distance else 0.0, c.report_id),
    )
    for c in claims:
        key = (c.report_id, c.id, _claim_line(c))
        if key in seen:
            continue
        seen.add(key)
        line = f"<b>{esc(_claim_line(c))}</b> \u2014 {_cite(scenario, c.report_id)}"
        line += f"; {esc(c.credit)}"  # the claim's own speaker, not the report's first source
        if c.summary:
            line += f'<div class="envm-q">{esc(c.summary)}</div>'
        items.append(f"<li>{line}</li>")
    if not items:
        for rid in dict.fromkeys(s for e in envs for s in e.sources):
            items.append(f"<li>{_cite(scenario, rid)}</li>")
    rows.append(("Sources", f"<ul>{''.join(items)}</ul>" if items else "none recorded"))
    credit = state.credit(g.key)
    if credit is not None:
        rows.insert(len(rows) - 1, ("Backed by", esc(credit.backing)))
    notes = list(dict.fromkeys(e.note for e in envs if e.note))
    if credit is not None and credit.unreviewed:
        which = "This figure" if credit.unreviewed == "all" else credit.unreviewed
        notes.insert(
            0,
            f"Unreviewed: {which} rests only on draft claims (review pending) that nobody has "
            "checked against the report yet.",
        )
    if g.uncertain:
        notes.insert(
            0, "This authorization may be in force on this date: the reports leave it open."
        )
    body = "".join(f"<tr><th>{h}</th><td>{v}</td></tr>" for h, v in rows)
    note_html = "".join(f'<p class="envm-note">{esc(n)}</p>' for n in notes)
    return f'<div class="envm-pop"><h4>{esc(title)}</h4><table>{body}</table>{note_html}</div>'


def point_tip(model: MapModel, i: int) -> str:
    """A launch point's tooltip: its name, position and whence the rings count."""
    from ..text import lat_text, lon_text

    p = model.segment.points[i]
    return (
        f"<b>Launch point: {esc(p.name)}</b><br>{lat_text(p.lat, '.3f')} {lon_text(p.lon, '.3f')}"
        f"<br>rings: geodesic circles around it, towards {esc(model.segment.target_name)}"
    )


def launch_line_tip(line) -> str:
    return (
        f"<b>Launch line</b><br>{esc(line.note)}<br>"
        '<span class="envm-dim">ranges count from this line</span>'
    )


def segment_tip(model: MapModel) -> tuple[str, str]:
    """The segment's tooltip and popup."""
    s = model.segment
    pop = (
        f'<div class="envm-pop"><h4>Border segment: {esc(s.name)}</h4>'
        + (f"<p>{esc(s.description)}</p>" if s.description else "")
        + "<table>"
        + f"<tr><th>From</th><td>{esc(s.origin_name)}</td></tr>"
        + f"<tr><th>Towards</th><td>{esc(s.target_name)}</td></tr>"
        + f"<tr><th>Length</th><td>{s.length_km:,.1f} km (geodesic)</td></tr>"
        + (
            f"<tr><th>Launchers</th><td>{esc(model.launch_lines[0].note)}</td></tr>"
            if model.launch_lines
            else ""
        )
        + (f"<tr><th>Source</th><td>{esc(s.source)}</td></tr>" if s.source else "")
        + "</table></div>"
    )
    return f"<b>Border segment: {esc(s.name)}</b><br>{s.length_km:,.0f} km", pop


def subtitle(model: MapModel, state: MapState) -> str:
    first = state.as_of_text or "ranges given by hand"
    if state.uncertain:
        first += " \u2014 an authorization may be in force"
    s = model.segment
    return (
        f"{esc(first)} \u00b7 {esc(model.subtitle_segment)} \u00b7 "
        f"{esc(s.origin_name)} \u2192 {esc(s.target_name)}"
    )


def state_words(state: MapState) -> str:
    """What changes on the state's date, as the timeline says it."""
    return esc(state.words.split(": ", 1)[-1]) if state.words else ""


def title_html(model: MapModel) -> str:
    return (
        f'<div class="envm-title">{esc(model.title)}</div>'
        f'<div class="envm-sub">{subtitle(model, model.state)}</div>'
    )


def summary_html(model: MapModel, state: MapState) -> str:
    rows = []
    for r in state.summary:
        chip = f'<span class="envm-chip" style="background:{r.colour}"></span>' if r.colour else ""
        maybe = ' class="envm-maybe"' if r.uncertain else ""
        rows.append(
            f"<tr{maybe}><th>{chip}{esc(r.label)}</th>"
            f"<td>{esc(r.claimed)}<small>{esc(r.claimed_range)}</small></td>"
            f"<td>{esc(r.authorized)}<small>{esc(r.authorized_range)}</small></td>"
            f"<td>{esc(r.share)}</td></tr>"
        )
    cited = model.citations_short
    src = f"{model.sources_brief}: {'; '.join(cited)}" if cited else model.sources_brief
    who = "".join(f"<li>{esc(c.line)}</li>" for c in state.credits)
    figures = (
        f'<details class="envm-who"><summary>Who said each figure</summary><ul>{who}</ul></details>'
        if who
        else ""
    )
    caveats = "".join(f'<p class="envm-caveat">{esc(c)}</p>' for c in model.caveats)
    return (
        '<details open><summary class="envm-h">Territory of '
        f"{esc(model.segment.target_name)} within reach</summary>"
        '<table class="envm-sum"><thead><tr><th></th><th>claimed</th><th>authorized</th>'
        "<th>authorized share<br>of claimed</th></tr></thead>"
        f"<tbody>{''.join(rows)}</tbody></table>"
        f"{caveats}"
        f'<div class="envm-foot">Ranges and sources: {esc(src)}.{figures} Borders: packaged data'
        f" ({esc(model.borders_credit)}). {esc(model.places_credit)}. {esc(model.area_note)}"
        f"<br><b>display ≤ {model.tolerance_m:g} m; analysis exact</b></div></details>"
    )


def _rect(fill: str, opacity: float, edge: str, dash: str = "", cls: str = "") -> str:
    """A legend swatch drawn over the target country's fill, as the map draws it."""
    from .. import theme

    ground = theme.country_fill("target")
    style = f'class="{cls}"' if cls else f'fill="{fill}" fill-opacity="{opacity:g}"'
    dashed = f' stroke-dasharray="{dash}"' if dash else ""
    return (
        f'<svg width="26" height="14"><rect x="1" y="1" width="24" height="12" fill="{ground}"/>'
        f'<rect x="1" y="1" width="24" height="12" {style} stroke="{edge}" stroke-width="2"'
        f"{dashed}/></svg>"
    )


def _swatch(kind: str, colour: str, hatches) -> str:
    from .. import theme

    look = theme.look
    if kind == "authorized":
        return _rect(colour, look("authorized_fill")["fill"], colour)
    if kind == "uncertain":
        u = look("uncertain_fill")
        return _rect(colour, 0, colour, "2 3", hatches.cls(colour, u["fill"], u["hatch"]))
    if kind == "claimed":
        return _rect("none", 0, colour, "5 3")
    if kind == "band":
        b = look("band")
        return _rect(colour, 0, colour, "5 3", hatches.cls(colour, b["fill"], b["hatch"]))
    if kind == "range":
        return _rect("none", 0, colour, "1 3")
    if kind == "point":
        return (
            '<svg width="26" height="14"><circle cx="13" cy="7" r="4.5" fill="#111" '
            'stroke="#fff" stroke-width="2"/></svg>'
        )
    if kind == "launch_line":
        return (
            '<svg width="26" height="14"><line x1="1" y1="7" x2="25" y2="7" stroke="#111" '
            'stroke-width="2.2" stroke-dasharray="5 3"/></svg>'
        )
    if kind == "unreviewed":
        return '<span class="envm-draft-key">?</span>'
    return (
        '<svg width="26" height="14"><line x1="1" y1="7" x2="25" y2="7" stroke="#fff" '
        'stroke-width="8"/><line x1="1" y1="7" x2="25" y2="7" stroke="#111" stroke-width="4"/>'
        "</svg>"
    )


def legend_html(model: MapModel, hatches) -> str:
    """Weapons with their own colours in each pattern they take on the map (so a colour in the
    legend is a colour on the map), the patterns explained, territory, targets."""
    from .. import theme

    drawn: dict[str, list[str]] = {}
    for g in [*model.layers, *(g for s in model.states for g in s.layers)]:
        if g.weapon:
            kind = "uncertain" if g.uncertain else g.kind
            drawn.setdefault(g.weapon, [])
            if kind not in drawn[g.weapon]:
                drawn[g.weapon].append(kind)
    out = ['<details open><summary class="envm-h">Legend</summary>']
    section = None
    for e in model.legend:
        if e.section != section:
            section = e.section
            out.append(f'<div class="envm-sec">{esc(theme.legend(section))}</div>')
        if e.section == "weapons":
            order = ("claimed", "authorized", "uncertain")
            kinds = [k for k in order if k in drawn.get(e.key, [])]
            key = "".join(_swatch(k, e.colour, hatches) for k in kinds)
        elif e.section == "reach":
            key = _swatch(e.key, e.colour, hatches)
        elif e.section == "territory":
            key = f'<span class="envm-chip envm-country" style="background:{e.colour}"></span>'
        else:
            key = f'<span class="envm-mk-key">{TARGET_SHAPES.get(e.key, _CIRCLE)}</span>'
        out.append(f'<div class="envm-li">{key}{esc(e.label)}</div>')
    return "".join(out) + "</details>"


def targets_html(story: TargetStory | None) -> str:
    """Per weapon, targets within claimed, authorized, and claimed but not authorized reach,
    then the briefing sentences, in a <details> a reader can fold away."""
    if story is None:
        return ""
    from .. import theme

    kinds = story.kinds
    rows = []
    for w in story.weapons:
        cells = []
        for entries in (w.claimed, w.authorized):
            if entries:
                why = esc(band_phrase(entries, kinds))
                cells.append(f'<span title="{why}">{story.band([n for _, n, _ in entries])}</span>')
            else:
                cells.append("none" if entries is w.authorized else "\u2014")
        why = esc(count_phrase(w.not_authorized_by_kind, kinds))
        cells.append(f'<span title="{why}">{w.not_authorized:,}</span>')
        chip = theme.weapon_colour(w.weapon)
        rows.append(
            f'<tr><th><span class="envm-chip" style="background:{chip}"></span>{esc(w.weapon)}</th>'
            + "".join(f"<td>{c}</td>" for c in cells)
            + "</tr>"
        )
    brief = "".join(f"<li>{esc(w.sentence)}</li>" for w in story.weapons)
    given = ", ".join(dict.fromkeys(story.reach.targets.row_sources()))
    drawn = f"The map is {esc(story.note)}." if story.note else "All are on the map."
    return (
        '<details open><summary class="envm-h">Targets within reach '
        f'<span class="envm-dim">{story.within:,} of {story.total:,}</span></summary>'
        '<table class="envm-sum envm-tsum"><thead><tr><th></th><th>claimed</th>'
        "<th>authorized</th><th>claimed, not<br>authorized</th></tr></thead>"
        f"<tbody>{''.join(rows)}</tbody></table>"
        f'<ul class="envm-brief">{brief}</ul>'
        f'<div class="envm-foot">{story.within:,} of {story.total:,} targets ({esc(given)}) lie '
        f"within the largest envelope. {drawn} Inside: geodesic distance to the segment within "
        "range, in the target country. Click a ring or a marker for details.</div></details>"
    )


def compare_html(model: MapModel) -> str:
    """The compare page's head: title, the dates, and what changed between them."""
    rows = []
    for d in model.deltas():
        chip = f'<span class="envm-chip" style="background:{d.colour}"></span>'
        maybe = ' class="envm-maybe"' if d.uncertain else ""
        rows.append(
            f"<tr{maybe}><td>{esc(d.before)} \u2192 {esc(d.after)}</td>"
            f"<th>{chip}{esc(d.weapon)}</th><td>{esc(d.gained)}</td><td>{esc(d.newly)}</td></tr>"
        )
    dates = " \u00b7 ".join(esc(s.label) for s in model.states)
    return (
        f'<div class="envm-title">{esc(model.title)}</div>'
        f'<div class="envm-sub">{dates} \u00b7 {esc(model.subtitle_segment)}</div>'
        '<table class="envm-sum envm-delta"><thead><tr><th>dates</th><th></th>'
        "<th>authorized area gained</th><th>targets newly authorized</th></tr></thead>"
        f"<tbody>{''.join(rows)}</tbody></table>"
    )
