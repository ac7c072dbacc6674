"""One briefing slide: header, the map, the legend and summary panel, the footer."""

from __future__ import annotations

from ..model import MapModel
from .axes import draw_map
from .glyphs import CAVEAT, lacks_glyphs
from .metrics import plain, wrap
from .panels import HEADER_IN, MARGIN_IN, PANEL_IN, SUMMARY_HEAD_IN, Panels


def _panel_scale(model: MapModel, p: Panels, top: float, footer_h: float) -> float:
    """Squeeze the panel's line spacing (never its type size) when many weapons or countries
    would push it into the footer."""
    state = model.state
    entries = model.legend
    n_reach = sum(e.section == "reach" for e in entries)
    n_w = sum(e.section == "weapons" for e in entries)
    n_c = sum(e.section == "territory" for e in entries)
    n_rows = len(state.summary)
    room = top - footer_h - 0.1 - SUMMARY_HEAD_IN
    if state.story is not None:
        legend = 0.42 + 0.2 + n_reach * 0.235 + (0.535 if n_c else 0)
        targets = 0.3 + 0.24 + 0.38 + 0.1 + 0.24 * len(state.story.weapons)
        needed = legend + 0.2 + 0.34 + n_rows * 0.46 + targets
        lines = sum(len(b) for b in p.briefs(state.story))
        room -= 0.13 * lines + 0.06 * len(state.story.weapons) + 0.2
        return min(1.0, max(0.5, room / needed))
    legend = 0.42 + 0.4 + n_reach * 0.235
    legend += (0.25 + n_w * 0.235) if n_w else 0
    legend += (0.25 + n_c * 0.235) if n_c else 0
    needed = legend + 0.34 + n_rows * 0.46 + 0.5
    return min(1.0, max(0.5, room / needed))


def draw_slide(fig, w: float, h: float, model: MapModel) -> None:
    """The slide of the model's opening state."""
    state = model.state
    p = Panels(fig, w, h, model)
    footer = p.footer_lines(state.story)
    if lacks_glyphs(model):
        footer += wrap(CAVEAT, w - 2 * MARGIN_IN, 7.5)
    footer_h = 0.16 + 0.155 * len(footer)
    p.header(state)
    box = (MARGIN_IN, footer_h, w - PANEL_IN - 2 * MARGIN_IN, h - HEADER_IN - footer_h)
    draw_map(fig, box, (w, h), model, model.opening)
    x, top = w - PANEL_IN - MARGIN_IN * 0.5, h - HEADER_IN
    p.v = _panel_scale(model, p, top, footer_h)
    y = p.legend(x, top - 0.12 * p.v, state.story, 0.235 * p.v)
    y = p.summary(x, y - 0.2 * p.v, state)
    if state.story is not None:
        p.targets(x, y - 0.12 * p.v, state.story)
    else:
        p.text(
            x,
            y - 0.02,
            "\n".join(wrap(plain(p.area_note()), PANEL_IN - 0.2, 7.5)),
            fontsize=7.5,
            color="#555555",
            va="top",
            linespacing=1.35,
        )
    p.footer(footer, footer_h)
