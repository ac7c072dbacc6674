"""The page's words as escaped HTML: tooltips and popups of the layers and the segment, and the
floating panels (title, summary, legend, targets), all read off the map model."""

from __future__ import annotations

import math

from ...scenario import Claim
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
        f"{esc(g.label)} \u2014 {esc(g.kind)} {esc(range_text(g.ranges_m))}"
    )


def tooltip(g: Layer) -> str:
    head = g.label if g.kind == "range" else f"{g.label} \u00b7 {g.kind} reach"
    band = " (band of reported claims)" if g.band else ""
    maybe = " (may be in force)" if g.uncertain else ""
    return (
        f"<b>{esc(head)}</b>{esc(maybe)}<br>{esc(range_both(g.ranges_m))}{band}"
        '<br><span class="envm-dim">click for area and sources</span>'
    )


def _cite(scenario, report_id: str) -> str:
    note = report_note(scenario, report_id)
    rid = f"<code>{esc(report_id)}</code>"
    return f"{rid} ({esc(note)})" if note else rid


def _claim_line(c: Claim) -> str:
    label = c.distance.label if c.distance is not None else c.display
    return f"{c.qualifier} {label}".strip()


def _speaker(c: Claim) -> str:
    if c.speaker_role:
        return c.speaker_role
    return "" if c.speaker in ("", "report") else c.speaker.replace("_", " ")


def popup(model: MapModel, state: MapState, g: Layer) -> str:
    """Range, area, depth, targets inside and every claim with its own report."""
    envs, scenario = g.envelopes, state.result.scenario
    title = g.label if g.kind == "range" else f"{g.label} \u2014 {g.kind} reach"
    rows = [("Range", "<br>".join(esc(range_both([e.range_m])) for e in envs))]
    head = f"Territory of {esc(model.segment.target_name)} within reach"
    if len(envs) == 1:
        rows.append((head, f"{envs[0].target_area_km2:,.0f} km²"))
    else:
        rows.append(
            (
                head,
                "<br>".join(
                    f"{esc(range_text([e.range_m]))}: {e.target_area_km2:,.0f} km²" for e in envs
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
                    f"{esc(range_text([e.range_m]))}: {esc(story.envelope_phrase(e))}" for e in envs
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
        if _speaker(c):
            line += f"; {esc(_speaker(c))}"
        if c.summary:
            line += f'<div class="envm-q">{esc(c.summary)}</div>'
        items.append(f"<li>{line}</li>")
    if not items:
        for rid in dict.fromkeys(s for e in envs for s in e.sources):
            items.append(f"<li>{_cite(scenario, rid)}</li>")
    rows.append(("Sources", f"<ul>{''.join(items)}</ul>" if items else "none recorded"))
    notes = list(dict.fromkeys(e.note for e in envs if e.note))
    if g.uncertain:
        notes.insert(
            0, "This authorization may be in force on this date: the reports leave it open."
        )
    body = "".join(f"<tr><th>{h}</th><td>{v}</td></tr>" for h, v in rows)
    note_html = "".join(f'<p class="envm-note">{esc(n)}</p>' for n in notes)
    return f'<div class="envm-pop"><h4>{esc(title)}</h4><table>{body}</table>{note_html}</div>'


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
        + (f"<tr><th>Source</th><td>{esc(s.source)}</td></tr>" if s.source else "")
        + "</table></div>"
    )
    return f"<b>Border segment: {esc(s.name)}</b><br>{s.length_km:,.0f} km", pop


def subtitle(model: MapModel, state: MapState) -> str:
    first = state.as_of_text or "ranges given by hand"
    if state.uncertain:
        first += " \u2014 an authorization may be in force"
    return f"{esc(first)} \u00b7 {esc(model.subtitle_segment)}"


def title_html(model: MapModel) -> str:
    return (
        f'<div class="envm-title">{esc(model.title)}</div>'
        f'<div class="envm-sub">{subtitle(model, model.state)}</div>'
    )


def summary_html(model: MapModel, state: MapState) -> str:
    rows = []
    for r in state.summary:
        chip = f'<span class="envm-chip" style="background:{r.colour}"></span>' if r.colour else ""
        rows.append(
            f"<tr><th>{chip}{esc(r.label)}</th>"
            f"<td>{esc(r.claimed)}<small>{esc(r.claimed_range)}</small></td>"
            f"<td>{esc(r.authorized)}<small>{esc(r.authorized_range)}</small></td>"
            f"<td>{esc(r.share)}</td></tr>"
        )
    cited = model.citations_short
    src = f"{model.sources_brief}: {'; '.join(cited)}" if cited else model.sources_brief
    return (
        f'<div class="envm-h">Territory of {esc(model.segment.target_name)} within reach</div>'
        '<table class="envm-sum"><thead><tr><th></th><th>claimed</th><th>authorized</th>'
        "<th>authorized share<br>of claimed</th></tr></thead>"
        f"<tbody>{''.join(rows)}</tbody></table>"
        f'<div class="envm-foot">Ranges and sources: {esc(src)}. Borders: packaged data'
        f" ({esc(model.borders_credit)}). {esc(model.area_note)}"
        f"<br><b>display ≤ {model.tolerance_m:g} m; analysis exact</b></div>"
    )


_SWATCH = {
    "authorized": '<rect x="1" y="1" width="24" height="12" fill="#555" fill-opacity=".5" '
    'stroke="#555" stroke-width="2"/>',
    "uncertain": '<rect x="1" y="1" width="24" height="12" fill="#555" fill-opacity=".3" '
    'stroke="#555" stroke-width="2" stroke-dasharray="2 3"/>',
    "claimed": '<rect x="1" y="1" width="24" height="12" fill="#555" fill-opacity=".13" '
    'stroke="#555" stroke-width="2" stroke-dasharray="5 3"/>',
    "band": '<rect x="1" y="1" width="24" height="12" class="envm-hatch-legend" stroke="#555" '
    'stroke-width="1"/>',
    "range": '<rect x="1" y="1" width="24" height="12" fill="none" stroke="#222" '
    'stroke-width="2" stroke-dasharray="1 3"/>',
    "segment": '<line x1="1" y1="7" x2="25" y2="7" stroke="#fff" stroke-width="8"/>'
    '<line x1="1" y1="7" x2="25" y2="7" stroke="#111" stroke-width="4"/>',
}


def legend_html(model: MapModel) -> str:
    from .. import theme

    out = ['<div class="envm-h">Legend</div>']
    section = None
    for e in model.legend:
        if e.section != section:
            section = e.section
            out.append(f'<div class="envm-sec">{esc(theme.legend(section))}</div>')
        if e.section == "weapons":
            key = f'<span class="envm-chip" style="background:{e.colour}"></span>'
        elif e.section == "reach":
            key = f'<svg width="26" height="14">{_SWATCH[e.key]}</svg>'
        elif e.section == "territory":
            key = f'<span class="envm-chip envm-country" style="background:{e.colour}"></span>'
        else:
            key = f'<span class="envm-mk-key">{TARGET_SHAPES.get(e.key, _CIRCLE)}</span>'
        out.append(f'<div class="envm-li">{key}{esc(e.label)}</div>')
    return "".join(out)


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
