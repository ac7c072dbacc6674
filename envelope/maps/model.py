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
from .story import TargetStory, target_story
from .summary import LegendEntry, SummaryRow, legend, summary

#: Basemap geometry is simplified to about 330 m (under a pixel at the envelopes' zoom) and
#: islands or lakes under about 15 km² are left out.
BASEMAP_SIMPLIFY_DEG = 0.003
BASEMAP_MIN_AREA_DEG2 = 0.002
#: With nothing to show, a view of the region.
DEFAULT_EXTENT = (30.0, 44.0, 42.0, 54.0)


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
    layers: tuple[Layer, ...]  # shared by every state (claimed reach, bare ranges)
    states: tuple[MapState, ...]
    opening: int  # the state shown first
    legend: tuple[LegendEntry, ...]
    citations: tuple[str, ...]  # '000_fc15\u2026 (Connell Media, 2024-06-01)'
    citations_short: tuple[str, ...]  # '000 (Connell Media, 2024-06-01)'
    sources_brief: str  # '5 seed reports', or 'ranges given by hand'
    borders_credit: str
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

    def describe(self) -> str:
        """One line of what the map draws, for the command line."""
        parts = []
        for g in self.layers_at(self.opening):
            maybe = " (may be in force)" if g.uncertain else ""
            parts.append(
                f"{g.label} {g.kind} {text.range_text(g.ranges_m)}{maybe}"
                if g.kind != "range"
                else g.label
            )
        when = self.state.as_of_text or "ranges given by hand"
        dates = f"; {len(self.states)} dates" if len(self.states) > 1 else ""
        return f"{self.segment.name}, {when}{dates}: {'; '.join(parts) or 'nothing in range'}"

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
    padx = max(3.0, (maxx - minx) * 0.6)
    pady = max(2.0, (maxy - miny) * 0.6)
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


def _state(
    result: EnvelopeSet,
    shared: Sequence[Layer],
    *,
    date: dt.date | None,
    basis: str,
    uncertain: bool,
    targets,
) -> MapState:
    own = build_layers((e for e in result.envelopes if e.kind == "authorized"), uncertain)
    as_of = text.as_of_text(result.as_of, result.scenario)
    return MapState(
        date=date,
        label=date.isoformat() if date else "ranges given by hand",
        basis=basis,
        uncertain=uncertain,
        as_of_text=as_of,
        layers=own,
        ring_labels=ring_labels(draw_order((*shared, *own)), result.segment.geometry),
        summary=summary(result, shared),
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
    return build_timeline_model(result, [result], targets=targets, title=title)


def build_timeline_model(
    base: EnvelopeSet,
    results: Sequence[EnvelopeSet],
    *,
    bases: Sequence[str] | None = None,
    uncertain: Sequence[bool] | None = None,
    opening: int = 0,
    targets=None,
    title: str | None = None,
) -> MapModel:
    """A map of several dated states of one segment: the claimed and range layers of ``base``
    are shared; each of ``results`` gives one state's authorized reach."""
    from .. import borders

    names = text.country_names(borders.country_names())
    seg = _segment(base, names)
    shared = build_layers(e for e in base.envelopes if e.kind != "authorized")
    states = tuple(
        _state(
            r,
            shared,
            date=r.as_of,
            basis=bases[i] if bases else _basis(r),
            uncertain=bool(uncertain[i]) if uncertain else False,
            targets=targets,
        )
        for i, r in enumerate(results)
    )
    every = [*shared, *(g for s in states for g in s.layers)]
    extent = _extent(base) if every or base.envelopes else DEFAULT_EXTENT
    for r in results[1:]:
        b = _extent(r)
        extent = (
            min(extent[0], b[0]),
            min(extent[1], b[1]),
            max(extent[2], b[2]),
            max(extent[3], b[3]),
        )
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
        layers=shared,
        states=states,
        opening=opening,
        legend=legend(every, [(c.iso, c.role, c.name) for c in countries], kinds, True),
        citations=text.citations(scenario, envelopes),
        citations_short=cited,
        sources_brief=brief,
        borders_credit=borders.attribution(),
        tolerance_m=max((e.display_tolerance_m for e in envelopes), default=0.0),
        scenario_reports=tuple(ids),
    )
