"""Where the words go: one label per distinct ring with its candidate anchor points, and a label
point for each country, worked out once in lon/lat so every medium places them alike."""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

import shapely
from shapely.geometry import LineString, Point
from shapely.geometry.base import BaseGeometry

from . import theme
from .credits import unreviewed_words
from .layers import Layer
from .text import range_label, range_text

#: Ray directions (degrees off the segment's inward normal) tried for a ring label, best first.
FAN_DEG = (0, 18, -18, 36, -36, 54, -54)


@dataclass(frozen=True)
class Anchor:
    """A point on a ring's boundary and the side the label sits on, outside the ring."""

    lon: float
    lat: float
    side: str  # "n", "s", "e" or "w"


@dataclass(frozen=True)
class RingLabel:
    """'ATACMS claimed 185\u2013200 mi', drawn just outside its ring at the first free anchor."""

    text: str
    colour: str
    range_m: float
    layer_keys: tuple[str, ...]
    anchors: tuple[Anchor, ...]
    short: str = ""  # for small maps: who and the ring's range, 'ATACMS 200 mi'


def ring_texts(layers: Sequence[Layer]) -> list[tuple[str, str, float, tuple[Layer, ...]]]:
    """One text per distinct outer ring, ascending by range: layers whose widest rings coincide
    share a label ("HIMARS: claimed and authorized 50 mi"; "ATACMS: claimed 185\u2013200 mi,
    authorized to 200 mi"); weapons with the same reach are named together."""
    rings: dict[float, list[Layer]] = {}
    for g in layers:
        rings.setdefault(round(g.max_range_m, 3), []).append(g)
    out = []
    for key in sorted(rings):
        gs = rings[key]
        said: dict[str, dict[str, tuple[float, ...]]] = {}
        units: dict[str, str] = {}
        drafts: dict[str, list[str]] = {}  # figures resting only on pending claims
        for g in gs:
            said.setdefault(g.label, {})["uncertain" if g.uncertain else g.kind] = g.ranges_m
            units.setdefault(g.label, g.unit)
            words = unreviewed_words(g)
            if words:
                drafts.setdefault(g.label, []).append(
                    "unreviewed" if words == "all" else f"{words} unreviewed"
                )
        phrases: dict[str, list[str]] = {}
        for who, kinds in said.items():
            u = units[who]
            c, a, m = kinds.get("claimed"), kinds.get("authorized"), kinds.get("uncertain")
            if "range" in kinds:
                # a bare range is named by what the user typed ("300 km"): say it once
                other = "km" if u == "mi" else "mi"
                phrase = f" ({range_text(kinds['range'], other, 0)})"
            elif c and a and not m and sorted(set(c)) == sorted(set(a)):
                phrase = f": claimed and authorized {range_label(a, u)}"
            elif c and (a or m):
                phrase = f": claimed {range_label(c, u)}"
                phrase += f", authorized to {range_label(a, u)}" if a else ""
                phrase += f", may be authorized to {range_label(m, u)}" if m else ""
            elif m and not a:
                phrase = f" may be authorized to {range_label(m, u)}"
            else:
                kind, ranges = next(iter(kinds.items()))
                phrase = f" {kind} {range_label(ranges, u)}"
            if who in drafts:
                phrase += f" ({'; '.join(dict.fromkeys(drafts[who]))})"
            phrases.setdefault(phrase, []).append(who)
        text = "; ".join(f"{', '.join(who)}{phrase}" for phrase, who in phrases.items())
        colours = {g.colour for g in gs}
        colour = gs[0].colour if len(colours) == 1 else theme.colour("shared_label")
        out.append((text, colour, gs[0].max_range_m, tuple(gs)))
    return out


def midpoint(line: BaseGeometry) -> Point:
    """The point halfway along the segment's line(s); the centre of launch points alone."""
    if "LineString" in line.geom_type:
        return shapely.line_interpolate_point(line, 0.5, normalized=True)
    lines = [g for g in shapely.get_parts(line) if "LineString" in g.geom_type]
    if not lines:
        return line.centroid
    return shapely.line_interpolate_point(lines[0], 0.5, normalized=True)


def inward(line: BaseGeometry, widest: BaseGeometry | None) -> tuple[float, float]:
    """Unit normal (locally scaled lon/lat) to the segment's chord, towards the envelopes."""
    xy = shapely.get_coordinates(line)
    (x0, y0), (x1, y1) = xy[0], xy[-1]
    mid = midpoint(line)
    coslat = math.cos(math.radians(mid.y))
    vx, vy = (x1 - x0) * coslat, y1 - y0
    norm = math.hypot(vx, vy)
    nx, ny = (-vy / norm, vx / norm) if norm else (0.0, 1.0)  # one launch point: any normal
    if widest is not None and not widest.is_empty:
        c = widest.centroid
        if ((c.x - mid.x) * coslat) * nx + (c.y - mid.y) * ny < 0:
            nx, ny = -nx, -ny
    return nx, ny


def anchors(
    ring: BaseGeometry, line: BaseGeometry, normal: tuple[float, float]
) -> tuple[Anchor, ...]:
    """The ring's farthest crossing of each ray of the fan from the segment's midpoint."""
    mid = midpoint(line)
    coslat = math.cos(math.radians(mid.y))
    boundary = ring.boundary
    out = []
    for deg in FAN_DEG:
        a = math.radians(deg)
        dx = normal[0] * math.cos(a) - normal[1] * math.sin(a)
        dy = normal[0] * math.sin(a) + normal[1] * math.cos(a)
        ray = LineString([(mid.x, mid.y), (mid.x + dx * 40 / coslat, mid.y + dy * 40)])
        hit = boundary.intersection(ray)
        pts = [p for p in shapely.get_parts(hit) if p.geom_type == "Point"]
        if not pts:
            continue
        p = max(pts, key=lambda q: ((q.x - mid.x) * coslat) ** 2 + (q.y - mid.y) ** 2)
        side = ("n" if dy >= 0 else "s") if abs(dy) >= abs(dx) else ("e" if dx > 0 else "w")
        out.append(Anchor(round(p.x, 4), round(p.y, 4), side))
    return tuple(out)


def ring_labels(
    layers: Sequence[Layer], line: BaseGeometry, memo: dict | None = None
) -> tuple[RingLabel, ...]:
    """Labels for the rings of ``layers`` (all layers of one state), ascending by range;
    ``memo`` keeps the anchors of rings that several states share."""
    if not layers:
        return ()
    memo = {} if memo is None else memo
    widest = max(layers, key=lambda g: g.max_range_m).envelopes[-1].display
    normal = inward(line, widest)
    out = []
    for text, colour, range_m, gs in ring_texts(layers):
        ring = max(gs, key=lambda g: g.max_range_m).envelopes[-1].display
        key = (id(ring), normal)
        if key not in memo:
            memo[key] = (ring, anchors(ring, line, normal))  # the ring is held: ids stay unique
        found = memo[key][1]
        if found:
            names = ", ".join(dict.fromkeys(g.label for g in gs))
            outer = max(gs, key=lambda g: g.max_range_m)
            short = (
                names if outer.kind == "range" else f"{names} {range_text([range_m], outer.unit)}"
            )
            keys = tuple(g.key for g in gs)
            out.append(RingLabel(text, colour, range_m, keys, found, short))
    return tuple(out)


def country_label_point(
    shown: BaseGeometry,
    extent: tuple[float, float, float, float],
    clear: BaseGeometry | None,
    min_share: float = 0.02,
) -> tuple[float, float] | None:
    """The visual centre of the country's largest piece in view, clear of the envelopes; None
    when it is barely in view (the legend names it)."""
    from shapely.ops import polylabel

    view = shapely.box(*extent).buffer(0.2)
    near = shapely.intersection(shown, view)
    if clear is not None:
        near = shapely.difference(near, clear)
    parts = [p for p in shapely.get_parts(near) if p.geom_type == "Polygon"]
    parts = [p for p in parts if p.area > min_share * view.area]
    if not parts:
        return None
    p = polylabel(max(parts, key=lambda q: q.area), tolerance=0.02)
    return round(p.x, 3), round(p.y, 3)


def point_labels(layers: Sequence[Layer], points: Sequence) -> tuple[RingLabel, ...]:
    """Ring labels for launch points alone: each point's rings are labelled from that point,
    named ('Kharkiv \u00b7 ATACMS claimed 185\u2013200 mi'), on rays away from the other points."""
    if not layers or not points:
        return ()
    widest = max(layers, key=lambda g: g.max_range_m).envelopes[-1].display
    cx = sum(p.lon for p in points) / len(points)
    cy = sum(p.lat for p in points) / len(points)
    out = []
    for p in points:
        at = Point(p.lon, p.lat)
        coslat = math.cos(math.radians(p.lat))
        dx, dy = (p.lon - cx) * coslat, p.lat - cy
        norm = math.hypot(dx, dy)
        if norm <= 1e-9:  # one point: towards the middle of what it reaches
            c = widest.centroid
            dx, dy = (c.x - p.lon) * coslat, c.y - p.lat
            norm = math.hypot(dx, dy)
        normal = (dx / norm, dy / norm) if norm > 1e-9 else (0.0, 1.0)
        for text, colour, range_m, gs in ring_texts(layers):
            ring = max(gs, key=lambda g: g.max_range_m).envelopes[-1].display
            found = anchors(ring, at, normal)
            if not found:
                continue
            names = ", ".join(dict.fromkeys(g.label for g in gs))
            outer = max(gs, key=lambda g: g.max_range_m)
            short = range_text([range_m], outer.unit)
            short = f"{p.name} \u00b7 {names if outer.kind == 'range' else f'{names} {short}'}"
            keys = tuple(g.key for g in gs)
            out.append(RingLabel(f"{p.name} \u00b7 {text}", colour, range_m, keys, found, short))
    return tuple(out)
