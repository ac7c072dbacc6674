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

from ..borders import LaunchPoint
from ..envelopes import EnvelopeSet
from . import text, theme
from .credits import FigureCredit, credits
from .labels import RingLabel, country_label_point, point_labels, ring_labels
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
    """What launches come from, as a map shows it: border lines and launch points."""

    name: str
    line: BaseGeometry  # lines and points together (for extents and anchors)
    origin: str
    target: str
    origin_name: str
    target_name: str
    description: str
    source: str
    length_km: float
    lines: BaseGeometry | None = None  # the border lines alone; None for launch points only
    points: tuple[LaunchPoint, ...] = ()
    edges: str = "lonlat"
    standoff_m: float = 0.0


@dataclass(frozen=True)
class LaunchLine:
    """Where launchers stand when they stand back from the border: the exact parallel curve
    ``standoff_m`` behind it, and what the map says of it."""

    geometry: BaseGeometry
    standoff_m: float
    note: str  # 'launchers \u2265 20 km (12.4 mi) behind the border' (launch.standoff_note)

    @property
    def legend(self) -> str:
        return f"Launch line ({self.note})"


@dataclass(frozen=True)
class Country:
    """Basemap territory: its display geometry (clipped to the view), fill and label point."""

    iso: str
    role: str  # "target", "origin" or "other"
    name: str
    geometry: BaseGeometry
    fill: str
    label_at: tuple[float, float] | None  # lon, lat
    label_alt: tuple[float, float] | None = None  # the target's second spot, inside the reach


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
    credits: tuple[FigureCredit, ...] = ()  # who said each figure drawn, and what backs it

    def credit(self, layer_key: str) -> FigureCredit | None:
        return next((c for c in self.credits if c.layer_key == layer_key), None)


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
    launch_lines: tuple[LaunchLine, ...] = ()
    caveats: tuple[str, ...] = ()  # standoff, edges, unreviewed figures: said on every medium

    def layers_at(self, i: int) -> tuple[Layer, ...]:
        """The layers drawn in state ``i``, in draw order."""
        return draw_order((*self.layers, *self.states[i].layers))

    @property
    def state(self) -> MapState:
        return self.states[self.opening]

    @property
    def subtitle_segment(self) -> str:
        seg = self.segment
        pts = [p.name for p in seg.points]
        named = f"launch point{'s' * (len(pts) != 1)} {', '.join(pts)}"
        if seg.lines is None:
            return named
        desc = seg.description or f"border segment {seg.name}"
        if pts:  # the description counts the points; name them instead
            desc = "; ".join(d for d in desc.split("; ") if "launch point" not in d)
            return f"{desc} ({seg.length_km:,.0f} km) and {named}"
        return f"{desc} ({seg.length_km:,.0f} km)"

    def target_places(self) -> tuple[Place, ...]:
        """The reference places drawn on the map that lie in the target country."""
        return tuple(p for p in self.places if p.country == self.segment.target)

    def deltas(self) -> tuple[DeltaRow, ...]:
        """Between each state and the next: authorized area gained, targets newly authorized
        (without targets, the reference places of the target country newly inside)."""
        out: list[DeltaRow] = []
        places = self.target_places()
        for a, b in zip(self.states, self.states[1:], strict=False):
            out += delta(a.result, b.result, (a.story, b.story), places)
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
        lines=seg.line,
        points=tuple(seg.points),
        edges=seg.edges,
        standoff_m=seg.standoff_m,
    )


def _launch_lines(results: Sequence[EnvelopeSet]) -> tuple[LaunchLine, ...]:
    """The distinct launch lines (one per standoff) behind the envelopes of every state."""
    from ..launch import standoff_note

    found: dict[float, LaunchLine] = {}
    for r in results:
        for e in r.envelopes:
            if e.launch_line is None or e.launch_line.is_empty or not e.standoff_m:
                continue
            key = round(e.standoff_m, 3)
            if key not in found:
                found[key] = LaunchLine(e.launch_line, e.standoff_m, standoff_note(e.standoff_m))
    return tuple(found[k] for k in sorted(found))


def _caveats(seg: SegmentInfo, lines: Sequence[LaunchLine], credited) -> tuple[str, ...]:
    """What every medium says beside the map: where launchers stand, how the segment's edges
    run, and which figures rest only on claims nobody has reviewed yet."""
    out = [f"Ranges count from the launch line: {ln.note}." for ln in lines]
    if seg.edges == "geodesic" and seg.lines is not None:
        out.append("The segment's edges are read as geodesics (not straight in lon/lat).")
    drafts = list(dict.fromkeys(c.line for c in credited if c.unreviewed))
    if drafts:
        out.append(
            "Unreviewed (drafted by intake, review pending, not yet checked by a person): "
            + "; ".join(drafts)
            + "."
        )
    return tuple(out)


def _places(places: Sequence[Place], points: Sequence[LaunchPoint]) -> tuple[Place, ...]:
    """Reference places, less those a launch point stands on (it is named already)."""
    near = 0.05  # degrees, about 5 km
    return tuple(
        p
        for p in places
        if not any(
            p.name.casefold() == q.name.casefold()
            or (abs(p.lon - q.lon) < near and abs(p.lat - q.lat) < near)
            for q in points
        )
    )


def _title(seg: SegmentInfo) -> str:
    """From the border, from the launch points by name, or both."""
    pts = [p.name for p in seg.points]
    if seg.lines is None:
        return text.default_title("", pts, lines=False)
    line_names = [n for n in (seg.name.split(" + ")) if n not in pts] or [seg.name]
    name = line_names[0] if len(line_names) == 1 else "+".join(line_names)
    return text.default_title(text.segment_title_name(name, seg.origin_name, seg.target_name), pts)


def _extent(result: EnvelopeSet) -> tuple[float, float, float, float]:
    shapes = [e.display for e in result.envelopes if not e.display.is_empty]
    shapes.append(result.segment.geometry)
    # launch points with room for their names
    shapes += [shapely.Point(p.lon, p.lat).buffer(0.2) for p in result.segment.points]
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
        alt = None  # the target's second spot, inside the reach, for where a panel covers it
        if role == "target":
            alt = country_label_point(shown, extent, None)
            label_at = label_at or alt
        fill = theme.country_fill(role)
        out.append(Country(iso, role, names[iso], shown, fill, label_at, alt))
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
    drawn = draw_order((*shared, *own))
    labels = ring_labels(drawn, result.segment.geometry)
    if result.segment.points and result.segment.line is None:
        labels = point_labels(drawn, result.segment.points)
    return MapState(
        date=date,
        label=date.isoformat() if date else "ranges given by hand",
        basis=d.basis,
        words=d.label,
        uncertain=d.uncertain or any(g.uncertain for g in own),
        as_of_text=as_of,
        layers=own,
        ring_labels=labels,
        summary=_summary(result, shared, memo),
        story=target_story(result, targets, as_of=as_of),
        result=result,
        credits=_credits(drawn, result.scenario, memo),
    )


def _credits(layers: Sequence[Layer], scenario, memo: dict) -> tuple[FigureCredit, ...]:
    """Credits of the layers drawn; a layer several states draw alike is credited once."""
    out = []
    for g in layers:
        key = ("credit", id(g))
        if key not in memo:
            memo[key] = (g, credits([g], scenario))  # holds the layer: ids stay unique
        out += memo[key][1]
    return tuple(out)


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
        claims = list({(c.report_id, c.id): c for e in envelopes for c in e.claims}.values())
        if scenario is not None and claims:
            from ..scenario import origins

            n = len(origins(scenario, claims))
            brief += f", {n} origin{'s' * (n != 1)}"
    else:
        brief = "ranges given by hand"
    kinds = list(dict.fromkeys(k for s in states if s.story for k in s.story.kinds))
    launch_lines = _launch_lines([d.result for d in dated])
    credited = [c for s in states for c in s.credits]
    return MapModel(
        title=title if title is not None else _title(seg),
        segment=seg,
        extent=extent,
        view=view,
        countries=countries,
        places=_places(reference_places(extent, (seg.target, seg.origin)), seg.points),
        layers=shared,
        states=states,
        opening=opening,
        mode=mode,
        legend=legend(
            every,
            [(c.iso, c.role, c.name) for c in countries],
            kinds,
            seg.lines is not None,
            points=bool(seg.points),
            launch_lines=[ln.legend for ln in launch_lines],
            unreviewed=any(c.unreviewed for c in credited),
        ),
        citations=text.citations(scenario, envelopes),
        citations_short=cited,
        sources_brief=brief,
        borders_credit=borders.attribution(),
        places_credit=places_attribution(),
        tolerance_m=max((e.display_tolerance_m for e in envelopes), default=0.0),
        scenario_reports=tuple(ids),
        launch_lines=launch_lines,
        caveats=_caveats(seg, launch_lines, credited),
    )
