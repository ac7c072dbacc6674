"""The map model: one typed, frozen description of a map, built once from an EnvelopeSet, that
the HTML page and the static slide only paint. A map holds the layers every date shares (claimed
reach, bare ranges) and one :class:`MapState` per date (authorized reach, labels, summary,
target counts), so a timeline is several states of one model."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

import shapely
from shapely.geometry.base import BaseGeometry

from ..envelopes import EnvelopeSet
from . import text, theme
from .labels import RingLabel, country_label_point, ring_labels
from .layers import Layer, build_layers, draw_order
from .places import Place, reference_places
from .places import attribution as places_attribution
from .story import TargetStory, target_story
from .summary import DeltaRow, LegendEntry, SummaryRow, delta, legend, summary

#: Basemap geometry is simplified to about 330 m (under a pixel at the envelopes' zoom) and
#: islands or lakes under about 15 km² are left out.
BASEMAP_SIMPLIFY_DEG = 0.003
BASEMAP_MIN_AREA_DEG2 = 0.002


@dataclass(frozen=True)
class SegmentInfo:
    """The launch line as a map shows it."""

    name: str
    line: BaseGeometry
    origin: str
    target: str
    origin_name: str
    target_name: str
    description: str
    source: str
    length_km: float


@dataclass(frozen=True)
class Country:
    """Basemap territory: its display geometry (clipped to the view), fill and label point."""

    iso: str
    role: str  # "target", "origin" or "other"
    name: str
    geometry: BaseGeometry
    fill: str
    label_at: tuple[float, float] | None  # lon, lat


@dataclass(frozen=True)
class MapState:
    """What one date shows: its authorized layers, the ring labels, summary and targets."""

    date: dt.date | None
    label: str  # "2024-06-15", as the date control shows it
    basis: str  # "stated", "derived", "inferred", "window" or "" (ranges given by hand)
    words: str  # the timeline's words for the state ("2024-05-30: kharkiv-counterfire starts")
    uncertain: bool
    as_of_text: str  # "as of 2024-11-06 (inferred start of deep-strikes)"
    layers: tuple[Layer, ...]  # this date's own layers (authorized reach)
    ring_labels: tuple[RingLabel, ...]
    summary: tuple[SummaryRow, ...]
    story: TargetStory | None
    result: EnvelopeSet  # the envelopes this state shows, for popups and exports


@dataclass(frozen=True)
class MapModel:
    """Everything a medium needs to draw the map, in lon/lat, words already composed."""

    title: str
    segment: SegmentInfo
    extent: tuple[float, float, float, float]  # envelopes and segment (minx, miny, maxx, maxy)
    view: tuple[float, float, float, float]  # the basemap's box, around the extent
    countries: tuple[Country, ...]
    places: tuple[Place, ...]  # reference places, labelled on every map
    layers: tuple[Layer, ...]  # shared by every state (claimed reach, bare ranges)
    states: tuple[MapState, ...]
    opening: int  # the state shown first
    mode: str  # "single", "timeline" or "compare"
    legend: tuple[LegendEntry, ...]
    citations: tuple[str, ...]  # '000_fc15\u2026 (Connell Media, 2024-06-01)'
    citations_short: tuple[str, ...]  # '000 (Connell Media, 2024-06-01)'
    sources_brief: str  # '5 seed reports', or 'ranges given by hand'
    borders_credit: str
    places_credit: str
    tolerance_m: float
    scenario_reports: tuple[str, ...]

    def layers_at(self, i: int) -> tuple[Layer, ...]:
        """The layers drawn in state ``i``, in draw order."""
        return draw_order((*self.layers, *self.states[i].layers))

    @property
    def state(self) -> MapState:
        return self.states[self.opening]

    @property
    def subtitle_segment(self) -> str:
        desc = self.segment.description or f"border segment {self.segment.name}"
        return f"{desc} ({self.segment.length_km:,.0f} km)"

    def deltas(self) -> tuple[DeltaRow, ...]:
        """Between each state and the next: authorized area gained, targets newly authorized."""
        out: list[DeltaRow] = []
        for a, b in zip(self.states, self.states[1:], strict=False):
            out += delta(a.result, b.result, (a.story, b.story))
        return tuple(out)

    def describe(self) -> str:
        """One line of what the map draws, for the command line."""

        def drawn(i: int) -> str:
            parts = []
            for g in self.layers_at(i):
                maybe = " (may be in force)" if g.uncertain else ""
                rng = text.range_text(g.ranges_m, g.unit)
                parts.append(f"{g.label} {g.kind} {rng}{maybe}" if g.kind != "range" else g.label)
            return "; ".join(parts) or "nothing in range"

        if self.mode == "single":
            when = self.state.as_of_text or "ranges given by hand"
            return f"{self.segment.name}, {when}: {drawn(0)}"
        dates = ", ".join(s.label for s in self.states)
        if self.mode == "compare":
            return f"{self.segment.name}, {len(self.states)} dates compared ({dates})"
        return (
            f"{self.segment.name}, timeline of {len(self.states)} dates ({dates}); opens on "
            f"{self.state.label}: {drawn(self.opening)}"
        )

    @property
    def area_note(self) -> str:
        return (
            "Areas: exact geodesic computation on the WGS84 ellipsoid, clipped to "
            f"{self.segment.target_name}."
        )


def _segment(result: EnvelopeSet, names: dict[str, str]) -> SegmentInfo:
    seg = result.segment
    return SegmentInfo(
        name=seg.name,
        line=seg.geometry,  # lines and launch points (issue 12)
        origin=seg.origin,
        target=seg.target,
        origin_name=names.get(seg.origin, seg.origin),
        target_name=names.get(seg.target, seg.target),
        description=seg.description,
        source=seg.source,
        length_km=seg.length_km,
    )


def _extent(result: EnvelopeSet) -> tuple[float, float, float, float]:
    shapes = [e.display for e in result.envelopes if not e.display.is_empty]
    shapes.append(result.segment.geometry)
    return tuple(float(v) for v in shapely.GeometryCollection(shapes).bounds)


def _view(extent: tuple[float, float, float, float]) -> tuple[float, float, float, float]:
    minx, miny, maxx, maxy = extent
    padx = max(3.0, (maxx - minx) * 0.8)
    pady = max(2.0, (maxy - miny) * 0.8)
    return (minx - padx, max(miny - pady, -85.0), maxx + padx, min(maxy + pady, 85.0))


def _prune(geom: BaseGeometry, min_area: float) -> BaseGeometry:
    """Drop the polygons and holes smaller than ``min_area`` (square degrees)."""
    from shapely.geometry import MultiPolygon, Polygon

    out = []
    for p in shapely.get_parts(geom):
        if p.geom_type != "Polygon" or p.area < min_area:
            continue
        holes = [h for h in p.interiors if Polygon(h).area >= min_area]
        out.append(Polygon(p.exterior, holes))
    return MultiPolygon(out) if out else Polygon()


def _countries(
    seg: SegmentInfo, names: dict[str, str], extent, view, widest: BaseGeometry | None
) -> tuple[Country, ...]:
    from .. import borders

    clear = widest.simplify(0.05).buffer(0.15, 4) if widest is not None else None
    out: list[Country] = []
    for iso, role in ((seg.target, "target"), (seg.origin, "origin"), ("BLR", "other")):
        if any(c.iso == iso for c in out) or iso not in names:
            continue
        shown = _prune(shapely.clip_by_rect(borders.country(iso), *view), BASEMAP_MIN_AREA_DEG2)
        shown = shapely.simplify(shown, BASEMAP_SIMPLIFY_DEG)
        if shown.is_empty:
            continue
        label_at = country_label_point(shown, extent, clear)
        out.append(Country(iso, role, names[iso], shown, theme.country_fill(role), label_at))
    return tuple(out)


@dataclass(frozen=True)
class Dated:
    """One dated state to draw: its envelopes and how its date is known."""

    result: EnvelopeSet
    basis: str = ""  # "stated", "derived", "inferred", "window", "" (ranges given by hand)
    label: str = ""  # the timeline's words for the state
    uncertain: bool = False  # some authorization may or may not be in force that day


def _summary(result: EnvelopeSet, shared: Sequence[Layer], memo: dict):
    """The summary rows; states that draw the same envelopes share them (computed once)."""
    key = ("summary", result.as_of is None) + tuple(
        (id(e.geometry), e.kind, e.weapon, e.authorization_status) for e in result.envelopes
    )
    if key not in memo:
        memo[key] = (result.envelopes, summary(result, shared))  # holds them: ids stay unique
    return memo[key][1]


def _state(d: Dated, shared: Sequence[Layer], targets, memo: dict) -> MapState:
    result = d.result
    own = build_layers(e for e in result.envelopes if e.kind == "authorized")
    as_of = text.as_of_text(result.as_of, result.scenario)
    date = result.as_of
    return MapState(
        date=date,
        label=date.isoformat() if date else "ranges given by hand",
        basis=d.basis,
        words=d.label,
        uncertain=d.uncertain or any(g.uncertain for g in own),
        as_of_text=as_of,
        layers=own,
        ring_labels=ring_labels(draw_order((*shared, *own)), result.segment.geometry),
        summary=_summary(result, shared, memo),
        story=target_story(result, targets, as_of=as_of),
        result=result,
    )


def _basis(result: EnvelopeSet) -> str:
    if result.as_of is None or result.scenario is None:
        return ""
    for entry in result.scenario.timeline:
        if entry.start == result.as_of:
            return entry.start_basis
    return "stated"


def build_map_model(result: EnvelopeSet, *, targets=None, title: str | None = None) -> MapModel:
    """The map of one EnvelopeSet (one date): shared layers plus a single state."""
    return build_dated_model([Dated(result, _basis(result))], targets=targets, title=title)


def _union_extent(results: Sequence[EnvelopeSet]) -> tuple[float, float, float, float]:
    boxes = [_extent(r) for r in results]
    return (
        min(b[0] for b in boxes),
        min(b[1] for b in boxes),
        max(b[2] for b in boxes),
        max(b[3] for b in boxes),
    )


def build_dated_model(
    dated: Sequence[Dated],
    *,
    opening: int = 0,
    mode: str = "single",
    targets=None,
    title: str | None = None,
) -> MapModel:
    """A map of one or several dated states of one segment: the claimed and range layers of the
    first are shared (they do not change with the date); each state adds its authorized reach.
    ``mode``: "single", "timeline" (one page steps through the states) or "compare"."""
    from .. import borders

    base = dated[0].result
    names = text.country_names(borders.country_names())
    seg = _segment(base, names)
    shared = build_layers(e for e in base.envelopes if e.kind != "authorized")
    memo: dict = {}  # ring label anchors, shared between states
    states = tuple(_state(d, shared, targets, memo) for d in dated)
    every = [*shared, *(g for s in states for g in s.layers)]
    extent = _union_extent([d.result for d in dated])
    view = _view(extent)
    widest = max(every, key=lambda g: g.max_range_m).envelopes[-1].display if every else None
    countries = _countries(seg, names, extent, view, widest)
    envelopes = [e for g in every for e in g.envelopes]
    scenario = base.scenario
    cited = text.citations(scenario, envelopes, short=True)
    ids = text.report_ids(envelopes)
    if cited:
        user = scenario is not None and any(
            scenario.reports[r].user for r in ids if r in scenario.reports
        )
        noun = "source" if user else "seed report"
        brief = f"{len(cited)} {noun}{'s' if len(cited) != 1 else ''}"
    else:
        brief = "ranges given by hand"
    kinds = list(dict.fromkeys(k for s in states if s.story for k in s.story.kinds))
    return MapModel(
        title=title
        if title is not None
        else text.default_title(
            text.segment_title_name(seg.name, seg.origin_name, seg.target_name)
        ),
        segment=seg,
        extent=extent,
        view=view,
        countries=countries,
        places=reference_places(extent, (seg.target, seg.origin)),
        layers=shared,
        states=states,
        opening=opening,
        mode=mode,
        legend=legend(every, [(c.iso, c.role, c.name) for c in countries], kinds, True),
        citations=text.citations(scenario, envelopes),
        citations_short=cited,
        sources_brief=brief,
        borders_credit=borders.attribution(),
        places_credit=places_attribution(),
        tolerance_m=max((e.display_tolerance_m for e in envelopes), default=0.0),
        scenario_reports=tuple(ids),
    )
