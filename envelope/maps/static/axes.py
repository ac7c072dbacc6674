"""The slide's map axes: territory, envelope layers in the model's draw order, the segment,
target markers and ring labels, all projected; no limits are ever recomputed from the data."""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import shapely

from .. import theme
from ..model import MapModel, MapState
from .furniture import dot, graticule, halo, lonlat_window, north_arrow, projection_note, scale_bar
from .metrics import plain, text_width
from .projection import Projection, path, window

MAX_TARGET_LABELS = 40  # more points than this are drawn unnamed


@dataclass
class MapAxes:
    """One map panel: its axes, projection and window, and the label boxes taken so far."""

    ax: object
    proj: Projection
    ext: tuple[float, float, float, float]
    width_in: float
    taken: list = field(default_factory=list)

    @property
    def per_in(self) -> float:
        return (self.ext[2] - self.ext[0]) / self.width_in


def _dash(text: str):
    return (0, tuple(float(v) for v in text.split())) if text else "solid"


def _add(ax, geom, *, exteriors: bool = False, **kw) -> None:
    from matplotlib.patches import PathPatch

    p = path(geom, exteriors=exteriors)
    if p is not None:
        ax.add_artist(PathPatch(p, **kw))  # add_artist: no data-limit update over the vertices


def draw_map(fig, box_in, fig_in, model: MapModel, i: int, *, furniture: bool = True) -> MapAxes:
    """Draw state ``i`` of ``model`` into a new axes at ``box_in`` (x, y, w, h inches)."""
    x, y, bw, bh = box_in
    fw, fh = fig_in
    ax = fig.add_axes((x / fw, y / fh, bw / fw, bh / fh))
    state = model.states[i]
    shapes = [e.display for g in model.layers_at(i) for e in g.envelopes]
    proj, ext = window([*shapes, model.segment.line], bw, bh)
    ax.set_xlim(ext[0], ext[2])
    ax.set_ylim(ext[1], ext[3])
    ax.set_autoscale_on(False)
    ax.set_aspect("equal", adjustable="box")
    ax.set_xticks([])
    ax.set_yticks([])
    ax.set_facecolor(theme.colour("sea"))
    for s in ax.spines.values():
        s.set_color("#9a9a9a")
        s.set_linewidth(0.8)
    m = MapAxes(ax, proj, ext, bw)
    _countries(m, model, 13 if furniture else 9)
    if furniture:
        graticule(ax, proj, ext, bw)
    _envelopes(m, model, i)
    _segment(m, model)
    _targets(m, state)
    _ring_labels(m, state, 9.5 if furniture else 7.5)
    _places(m, model, 8.0 if furniture else 6.8)
    if furniture:
        scale_bar(ax, proj, ext)
        north_arrow(ax, proj, ext)
        projection_note(ax, proj, ext)
    return m


def _countries(m: MapAxes, model: MapModel, size: float) -> None:
    win = lonlat_window(m.proj, m.ext)
    drawn = []
    for c in model.countries:
        shown = shapely.clip_by_rect(c.geometry, *win)
        if shown.is_empty:
            continue
        pgeom = m.proj.geom(shown)
        edge = theme.colour("country_edge")
        _add(m.ax, pgeom, facecolor=c.fill, edgecolor=edge, lw=0.8, zorder=1)
        drawn.append(pgeom)
        if c.label_at is None:
            continue
        px, py = m.proj.xy(*c.label_at)
        x0, y0, x1, y1 = m.ext
        if not (x0 + 0.06 * (x1 - x0) < px < x1 - 0.06 * (x1 - x0)):
            continue
        if not (y0 + 0.1 * (y1 - y0) < py < y1 - 0.1 * (y1 - y0)):
            continue
        t = m.ax.text(
            px,
            py,
            "\u2009".join(c.name.upper()),
            fontsize=size,
            color="#8a8273",
            fontweight="bold",
            ha="center",
            va="center",
            zorder=6,
            path_effects=halo(3),
        )
        from shapely.geometry import box

        w = text_width(t.get_text(), size) * 1.05 * m.per_in
        hh = size * 1.3 / 72 * m.per_in
        m.taken.append(box(px - w / 2, py - hh / 2, px + w / 2, py + hh / 2))
    # borders again above the envelope fills, so the frontier stays readable
    for pgeom in drawn:
        above = theme.colour("country_edge_above")
        _add(m.ax, pgeom, facecolor="none", edgecolor=above, lw=0.7, zorder=4.5, alpha=0.8)


def _envelopes(m: MapAxes, model: MapModel, i: int) -> None:
    from matplotlib.colors import to_rgba

    z = 2.0
    for g in model.layers_at(i):
        for k, s in enumerate(g.shapes):
            look, zorder = s.look, z + 0.01 * k
            if look.width == 0:
                # a fill (outer minus inner where the shape has a hole), hatched or not
                geom = m.proj.geom(s.band if s.inner is not None else s.geometry)
                hatched = look.hatch > 0
                _add(
                    m.ax,
                    geom,
                    facecolor=to_rgba(look.colour, look.fill),
                    edgecolor=to_rgba(look.colour, look.hatch) if hatched else "none",
                    lw=0,
                    hatch="////" if hatched else None,
                    zorder=zorder,
                )
            else:
                _add(
                    m.ax,
                    m.proj.geom(s.geometry),
                    exteriors=True,
                    facecolor="none",
                    edgecolor=to_rgba(look.colour, look.edge_opacity),
                    lw=look.width_pt,
                    linestyle=_dash(look.dash_pt),
                    zorder=zorder,
                )
        z += 0.1


def _segment(m: MapAxes, model: MapModel) -> None:
    """The border lines, the launch lines behind them (dashed) and the launch points, named."""
    from matplotlib.lines import Line2D
    from shapely.geometry import box

    for ln in model.launch_lines:
        for part in shapely.get_parts(m.proj.geom(ln.geometry)):
            xy = shapely.get_coordinates(part)
            m.ax.add_artist(
                Line2D(xy[:, 0], xy[:, 1], color="#111111", lw=1.4, ls=(0, (4, 2.5)), zorder=8)
            )
    for p in model.segment.points:
        px, py = m.proj.xy(p.lon, p.lat)
        m.ax.add_artist(dot(px, py, 8, "#111111", "white", 1.8, zorder=8.2))
        _name(m, p.name, px, py, (0, 8), 9.5, 2.8, zorder=8.3, ha="center", va="bottom")
        w = text_width(p.name, 9.5) * m.per_in
        h = 0.2 * m.per_in
        m.taken.append(box(px - w / 2, py - 0.06 * m.per_in, px + w / 2, py + h))
    if model.segment.lines is None:
        return
    seg = theme.segment_style()
    p = m.proj.geom(model.segment.lines)
    for line in shapely.get_parts(p):
        xy = shapely.get_coordinates(line)
        for colour, lw, z in (
            (theme.colour("segment_halo"), seg["halo_pt"], 8),
            (theme.colour("segment"), seg["width_pt"], 8.1),
        ):
            m.ax.add_artist(
                Line2D(xy[:, 0], xy[:, 1], color=colour, lw=lw, solid_capstyle="round", zorder=z)
            )


def _targets(m: MapAxes, state: MapState) -> None:
    """A circle per city, a triangle per airfield, a diamond per point of the user's own (as on
    the HTML map); the largest cities named."""
    story = state.story
    if story is None or not story.markers:
        return
    from shapely.geometry import box

    markers = story.markers
    many = len(markers) > MAX_TARGET_LABELS
    x, y = m.proj.xy(np.array([t["lon"] for t in markers]), np.array([t["lat"] for t in markers]))
    kinds = [t["kind"] for t in markers]
    shapes = theme.targets()["marker"]
    for kind in dict.fromkeys(kinds):
        rows = [i for i, k in enumerate(kinds) if k == kind]
        user = kind == "user"
        m.ax.scatter(
            x[rows],
            y[rows],
            s=(22 if many else 34) * (0.8 if user else 1.0),
            marker=shapes.get(kind, "o"),
            c="#111111" if user else "white",
            edgecolors="white" if user else "#111111",
            linewidths=0.8 if user else 1.1,
            zorder=9,
        )
    per_in = m.per_in
    named: set[str] = set()
    for t, px, py in zip(markers, x, y, strict=True):
        if not t["label"] or t["name"].casefold() in named:
            continue
        named.add(t["name"].casefold())
        w = (0.1 + len(t["name"]) * 0.6 * 8.5 / 72) * per_in
        m.taken.append(box(px - 0.05 * per_in, py - 0.08 * per_in, px + w, py + 0.08 * per_in))
        _name(m, t["name"], px, py, (6, 0), 8.5, 2.5, zorder=9, va="center")


def _name(m: MapAxes, name: str, px: float, py: float, offset, size, halo_width, **kw) -> None:
    """A bold name set off a marker by ``offset`` points (launch points, target places)."""
    m.ax.annotate(
        plain(name),
        (px, py),
        xytext=offset,
        textcoords="offset points",
        fontsize=size,
        fontweight="bold",
        path_effects=halo(halo_width),
        **kw,
    )


def _ring_labels(m: MapAxes, state: MapState, size: float) -> None:
    """Each ring's label at the first of its anchors where it fits the frame and overlaps no
    label placed before, just outside the ring."""
    from shapely.geometry import box

    frame = box(*m.ext)
    for r in state.ring_labels:
        spot = None
        # the full words first; on a small map, just who and how far if they do not fit
        for label in dict.fromkeys([plain(r.text), plain(r.short or r.text)]):
            spot = _ring_spot(m, r, label, size, frame)
            if spot is not None:
                break
        if spot is None:
            continue
        cx, cy, bb = spot
        m.taken.append(bb)
        m.ax.text(
            cx,
            cy,
            label,
            fontsize=size,
            fontweight="bold",
            color=r.colour,
            ha="center",
            va="center",
            zorder=7,
            path_effects=halo(3.2),
        )


def _places(m: MapAxes, model: MapModel, size: float) -> None:
    """Reference places: a dot each, and its name on the first side (east, west, north, south)
    where it overlaps no label drawn before and stays in the frame."""
    from shapely.geometry import box

    x0, y0, x1, y1 = m.ext
    per_in = m.per_in
    frame = box(x0, y0, x1, y1)
    h = size * 1.3 / 72 * per_in
    gap = 0.05 * per_in
    for p in model.places:
        px, py = m.proj.xy(p.lon, p.lat)
        spot = box(px - gap, py - gap, px + gap, py + gap)
        if not frame.contains(spot) or any(spot.intersects(t) for t in m.taken):
            continue
        w = text_width(p.name, size) * per_in
        for ha, va, cx, cy in (
            ("left", "center", px + gap, py),
            ("right", "center", px - gap, py),
            ("center", "bottom", px, py + gap),
            ("center", "top", px, py - gap),
        ):
            left = cx if ha == "left" else cx - w if ha == "right" else cx - w / 2
            bottom = cy - h / 2 if va == "center" else cy if va == "bottom" else cy - h
            bb = box(left, bottom, left + w, bottom + h)
            if frame.contains(bb) and not any(bb.intersects(t) for t in m.taken):
                m.taken.append(bb)
                m.ax.add_artist(dot(px, py, 3.2, "white", "#333333", 0.8, zorder=8.5))
                m.ax.text(
                    cx,
                    cy,
                    plain(p.name),
                    fontsize=size,
                    color="#333333",
                    ha=ha,
                    va=va,
                    zorder=8.6,
                    path_effects=halo(2.2),
                )
                break


def _ring_spot(m: MapAxes, r, label: str, size: float, frame):
    """Where ``label`` goes: outside the ring at the first free anchor, else just inside."""
    from shapely.geometry import box

    per_in = m.per_in
    w = (text_width(label, size) * 1.08 + 0.1) * per_in
    h = 0.2 * per_in * size / 9.5
    pad = 0.03 * per_in
    flip = {"n": "s", "s": "n", "e": "w", "w": "e"}
    for a, side in [(a, a.side) for a in r.anchors] + [(a, flip[a.side]) for a in r.anchors]:
        px, py = m.proj.xy(a.lon, a.lat)
        if side in ("n", "s"):
            cx, cy = px, py + (h / 2 + pad) * (1 if side == "n" else -1)
        else:
            cx, cy = px + (w / 2 + pad) * (1 if side == "e" else -1), py
        bb = box(cx - w / 2, cy - h / 2, cx + w / 2, cy + h / 2)
        if frame.contains(bb) and not any(bb.intersects(t) for t in m.taken):
            return cx, cy, bb
    return None
