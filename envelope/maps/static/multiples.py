"""The timeline or a comparison on one slide: small multiples of the states (up to four), one
shared legend, one summary table with a row per state and, comparing dates, what changed."""

from __future__ import annotations

from ..model import MapModel
from ..timeline import panels as chosen_states
from .axes import draw_map
from .metrics import plain, text_width, wrap
from .panels import HEADER_IN, MARGIN_IN, Panels

LEGEND_IN = 4.1  # the shared legend's column, right of the table


def _state_title(model: MapModel, i: int) -> str:
    s = model.states[i]
    basis = f"{s.basis}, may be in force" if s.uncertain else s.basis
    return f"{s.label} ({basis})" if basis else s.label


def draw_multiples(fig, w: float, h: float, model: MapModel) -> None:
    p = Panels(fig, w, h, model)
    shown = chosen_states(model)
    footer = p.footer_lines(None)
    footer_h = 0.16 + 0.155 * len(footer)
    first = model.states[shown[0]]
    p.header(first, subtitle=_subtitle(model, shown))
    n = len(shown)
    gap = 0.12
    top = h - HEADER_IN - 0.3
    table_h = (
        0.55
        + 0.3 * len(model.states)
        + (0.35 + 0.4 * len(model.deltas()) if model.mode == "compare" else 0)
    )
    map_h = max(1.6, top - footer_h - table_h - 0.25)
    map_w = (w - 2 * MARGIN_IN - gap * (n - 1)) / n
    for k, i in enumerate(shown):
        x = MARGIN_IN + k * (map_w + gap)
        p.text(x, top + 0.05, _state_title(model, i), fontsize=10, fontweight="bold", va="bottom")
        draw_map(fig, (x, top - map_h, map_w, map_h), (w, h), model, i, furniture=False)
    y = top - map_h - 0.2
    table_w = w - 2 * MARGIN_IN - LEGEND_IN - 0.2
    y = _state_table(p, MARGIN_IN, y, table_w, model)
    if model.mode == "compare":
        _delta_table(p, MARGIN_IN, y - 0.1, table_w, model)
    p.v = 0.8
    p.legend(w - MARGIN_IN - LEGEND_IN, top - map_h - 0.2, None, 0.2, compact=True)
    p.footer(footer, footer_h)


def _subtitle(model: MapModel, shown) -> str:
    n, total = len(shown), len(model.states)
    what = "dates compared" if model.mode == "compare" else "dated states of the timeline"
    part = f"{total} {what}" + (f", the {n} that differ most shown" if n < total else "")
    return f"{part}  \u00b7  {plain(model.subtitle_segment)}"


def _state_table(p: Panels, x: float, y: float, width: float, model: MapModel) -> float:
    """A row per state: its date and basis, then per weapon the authorized reach and share."""
    weapons = [r.label for r in model.states[0].summary if r.colour]
    p.text(
        x,
        y,
        f"Territory of {model.segment.target_name} within authorized reach",
        fontsize=11,
        fontweight="bold",
        va="top",
    )
    y -= 0.55
    titles = [_state_title(model, i) for i in range(len(model.states))]
    first = max(text_width(f"\u25b8 {t}", 8.5) for t in titles) + 0.2
    col_w = (width - first) / max(1, len(weapons))
    cols = [x + first + k * col_w for k in range(len(weapons))]
    heads = [f"{w}\nauthorized (share of claimed)" for w in weapons]
    p.table_header(cols, heads, x, x + width, y)
    y -= 0.1
    for i, s in enumerate(model.states):
        mark = "\u25b8 " if model.mode == "timeline" and i in chosen_states(model) else ""
        p.text(x, y - 0.03, f"{mark}{_state_title(model, i)}", fontsize=8.5, va="top")
        rows = {r.label: r for r in s.summary}
        for cx, wname in zip(cols, weapons, strict=True):
            r = rows.get(wname)
            if r is None:
                continue
            if r.authorized in ("none", "\u2014"):
                cell = "none"
            else:
                cell = f"{r.authorized_range}: {r.authorized} ({r.share})"
            size = 8.5
            while size > 6 and text_width(cell, size) > col_w - 0.1:
                size -= 0.5
            p.text(
                cx,
                y - 0.03,
                cell,
                fontsize=size,
                va="top",
                style="italic" if r.uncertain else "normal",
            )
        y -= 0.3
    return y


def _delta_table(p: Panels, x: float, y: float, width: float, model: MapModel) -> None:
    p.text(x, y, "What changed", fontsize=11, fontweight="bold", va="top")
    y -= 0.3
    for d in model.deltas():
        maybe = " (a zone may be in force)" if d.uncertain else ""
        line = (
            f"{d.before} \u2192 {d.after}, {plain(d.weapon)}: authorized area {d.gained}{maybe}; "
            f"newly authorized: {plain(d.newly)}"
        )
        lines = wrap(line, width, 8.5)[:2]
        p.text(x, y, "\n".join(lines), fontsize=8.5, va="top", linespacing=1.3)
        y -= 0.24 + 0.16 * (len(lines) - 1)
