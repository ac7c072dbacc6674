"""Envelopes -> layers: one per (weapon, kind of reach), each a list of shapes with their looks,
in the order every medium draws them (widest ring first, so every ring stays clickable)."""

from __future__ import annotations

import functools
from collections.abc import Iterable
from dataclasses import dataclass

from shapely.geometry.base import BaseGeometry

from ..envelopes import Envelope, EnvelopeKind
from . import theme


@dataclass(frozen=True)
class Look:
    """How one shape is painted, from the theme: a fill, an edge or a hatched band."""

    name: str  # the theme's look, e.g. "claimed_edge"
    colour: str
    fill: float  # fill opacity, 0 for none
    width: float  # edge width, CSS px (0: no edge)
    width_pt: float  # edge width on the slide, points
    dash: str  # SVG dash lengths, "" solid
    dash_pt: str  # the slide's dash lengths in points
    edge_opacity: float
    hatch: float  # opacity of hatch lines, 0 for none

    @classmethod
    def of(cls, name: str, colour: str) -> Look:
        t = theme.look(name)
        return cls(
            name=name,
            colour=colour,
            fill=float(t["fill"]),
            width=float(t["width"]),
            width_pt=float(t["width_pt"]),
            dash=str(t["dash"]),
            dash_pt=str(t["dash_pt"]),
            edge_opacity=float(t["edge_opacity"]),
            hatch=float(t["hatch"]),
        )


@dataclass(frozen=True)
class Shape:
    """A display geometry (lon/lat) painted with one look; a band is ``geometry`` minus
    ``inner``. Edges are drawn along exterior rings only."""

    geometry: BaseGeometry
    look: Look
    inner: BaseGeometry | None = None

    @functools.cached_property
    def band(self) -> BaseGeometry:
        """The band as one areal geometry (outer minus inner), for media without even-odd fill."""
        import shapely

        if self.inner is None:
            return self.geometry
        parts = [
            p
            for p in shapely.get_parts(shapely.difference(self.geometry, self.inner))
            if p.geom_type == "Polygon"
        ]
        return shapely.MultiPolygon(parts)


@dataclass(frozen=True)
class Layer:
    """One weapon's claimed or authorized reach (or a bare range): its envelopes ascending by
    range and the shapes that draw them, in order."""

    key: str  # stable and unique on the map, e.g. "ATACMS/claimed"
    label: str  # the weapon, or the range's name
    weapon: str | None
    kind: EnvelopeKind
    colour: str
    envelopes: tuple[Envelope, ...]
    shapes: tuple[Shape, ...]
    uncertain: bool = False  # an authorization that may be in force

    @property
    def ranges_m(self) -> tuple[float, ...]:
        return tuple(e.range_m for e in self.envelopes)

    @property
    def unit(self) -> str:
        """The unit the source gave first, for labels."""
        return self.envelopes[0].unit

    @property
    def band(self) -> bool:
        """Several reports, several ranges: the spread between them is a band."""
        return len(set(self.ranges_m)) > 1

    @property
    def css_class(self) -> str:
        return f"envelope-{self.kind}"

    @property
    def max_range_m(self) -> float:
        return self.envelopes[-1].range_m


def _fill(geom: BaseGeometry, look: Look, inner: BaseGeometry | None) -> list[Shape]:
    return [Shape(geom, look, inner=inner)] if look.fill > 0 or look.hatch > 0 else []


def _shapes(
    kind: EnvelopeKind,
    envs: tuple[Envelope, ...],
    col: str,
    uncertain: bool,
    under: BaseGeometry | None,
) -> tuple[Shape, ...]:
    """``under``: the narrower authorized zones drawn beside this one, left out of its fill so
    that fills never stack (a stacked fill is a colour the legend does not have)."""
    lo, hi = envs[0], envs[-1]
    band = len({e.range_m for e in envs}) > 1
    out: list[Shape] = []
    if kind == "authorized":
        prefix = "uncertain" if uncertain else "authorized"
        out += _fill(lo.display, Look.of(f"{prefix}_fill", col), under)
        if band:
            out.append(Shape(hi.display, Look.of("band", col), inner=lo.display))
        out += [Shape(e.display, Look.of(f"{prefix}_edge", col)) for e in envs]
    elif kind == "claimed":
        out += _fill(lo.display, Look.of("claimed_fill", col), None)
        if band:
            out.append(Shape(hi.display, Look.of("band", col), inner=lo.display))
            out += [Shape(m.display, Look.of("claimed_mid", col)) for m in envs[1:-1]]
        out.append(Shape(lo.display, Look.of("claimed_edge", col)))
        if band:
            out.append(Shape(hi.display, Look.of("claimed_edge", col)))
    else:
        for e in envs:
            out += _fill(e.display, Look.of("range_fill", col), None)
            out.append(Shape(e.display, Look.of("range_edge", col)))
    return tuple(out)


def build_layers(envelopes: Iterable[Envelope]) -> tuple[Layer, ...]:
    """One layer per (weapon, kind of reach, certainty), ranges ascending, in draw order:
    widest first, claimed before authorized at the same width."""
    import shapely

    groups: dict[tuple[str, str, bool], list[Envelope]] = {}
    for env in envelopes:
        if env.display.is_empty:
            continue
        label = env.name if env.kind == "range" or not env.weapon else env.weapon
        uncertain = env.kind == "authorized" and env.authorization_status == "uncertain"
        groups.setdefault((label, env.kind, uncertain), []).append(env)
    found = {k: tuple(sorted(v, key=lambda e: (e.range_m, e.name))) for k, v in groups.items()}
    layers = []
    for (label, kind, uncertain), envs in found.items():
        weapon = envs[0].weapon if kind != "range" else None
        col = theme.weapon_colour(weapon) if kind != "range" else theme.colour("range")
        under = None
        if kind == "authorized":
            narrower = [
                other[0].display
                for (lab, k, u), other in found.items()
                if k == "authorized"
                and (lab, u) != (label, uncertain)
                and other[0].range_m < envs[0].range_m
            ]
            under = (
                (narrower[0] if len(narrower) == 1 else shapely.union_all(narrower))
                if narrower
                else None
            )
        layers.append(
            Layer(
                key=f"{label}/{kind}" + ("/uncertain" if uncertain else ""),
                label=label,
                weapon=weapon,
                kind=kind,
                colour=col,
                envelopes=envs,
                shapes=_shapes(kind, envs, col, uncertain, under),
                uncertain=uncertain,
            )
        )
    return draw_order(layers)


def draw_order(layers: Iterable[Layer]) -> tuple[Layer, ...]:
    """Widest ring first, claimed before authorized at the same range (stable otherwise)."""
    return tuple(sorted(layers, key=lambda g: (-g.max_range_m, g.kind != "claimed")))
