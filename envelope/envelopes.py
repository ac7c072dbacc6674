"""Scenario -> envelopes: the claimed and authorized reach of each weapon from a border segment,
clipped to the target country, with the stats a briefing quotes (area, greatest depth)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Literal

import shapely
from shapely.geometry.base import BaseGeometry

from . import geodesic, launch
from .errors import EnvelopeError
from .units import Distance, format_distance, parse_distance

if TYPE_CHECKING:  # pragma: no cover
    from .borders import Segment
    from .scenario import Scenario

#: What an envelope shows: a claimed range, an authorized one, or a bare range given by hand.
EnvelopeKind = Literal["claimed", "authorized", "range"]

#: Display geometries deviate from the exact ones by at most this (geodesic.display_geometry).
DISPLAY_TOLERANCE_M = 50.0
#: The exact boundary's vertices and edge midpoints lie within this of the stated range; with
#: the 1 cm of rounding in exported files (7 decimals), files stay within 0.5 m.
EXACT_TOLERANCE_M = 0.49


@dataclass(frozen=True)
class Envelope:
    """One ring: the region within ``range_m`` of the segment, as exact and display geometry.

    ``geometry`` is exact (boundary within 0.5 m of range_m); ``display`` is simplified for maps,
    deviating from it by at most ``display_tolerance_m``.
    """

    name: str
    kind: EnvelopeKind
    weapon: str | None
    range_m: float
    segment: str
    geometry: BaseGeometry
    display: BaseGeometry
    display_tolerance_m: float
    clipped_to: str | None
    area_km2: float  # of ``geometry`` as output (clipped or not)
    target_area_km2: float  # of target-country territory within range
    max_depth_km: float  # farthest point of target-country territory within range
    sources: tuple[str, ...] = ()  # report ids behind this exact range
    note: str = ""
    claims: tuple = field(default=(), compare=False)  # scenario.Claim records behind the weapon
    unit: str = "mi"  # the unit the source gave first ("mi" or "km"), for labels
    # Authorized envelopes only (issue 10): whether the zone certainly stands on the date or may
    # ("uncertain": an authorization inside its date window), the target classes it leaves out
    # (cited by its claims), and the segments it is measured from (the drawn one if empty).
    authorization_status: Literal["in_force", "uncertain"] | None = None
    excluded_classes: tuple[str, ...] = ()
    launch: tuple[str, ...] = ()
    # Launch geometry (issue 12): launchers stand ``standoff_m`` behind the segment, on the
    # exact parallel curve ``launch_line`` (None without a standoff); the range counts from it.
    standoff_m: float = 0.0
    launch_line: BaseGeometry | None = field(default=None, compare=False)

    @property
    def range_label(self) -> str:
        return format_distance(self.range_m)


@dataclass(frozen=True)
class EnvelopeSet:
    """Everything one map or export shows: the segment, its envelopes and the date they hold for."""

    segment: Segment
    envelopes: tuple[Envelope, ...]
    as_of: dt.date | None = None  # None when ranges were given by hand
    scenario: Scenario | None = None  # the scenario behind the envelopes, if any

    def weapons(self) -> list[str]:
        return list(dict.fromkeys(e.weapon for e in self.envelopes if e.weapon))


def _target_stats(
    index: geodesic.LineIndex,
    ring: BaseGeometry,
    target: BaseGeometry,
    range_m: float,
    border: geodesic.LineIndex | None = None,
) -> tuple[BaseGeometry, float, float]:
    """Target-country territory within the ring, its area and its greatest depth (km) from the
    segment (``border``, when launchers stand behind it, else ``index``)."""
    local = shapely.clip_by_rect(target, *ring.bounds)
    inside = shapely.intersection(ring, local)
    if inside.is_empty:
        return inside, 0.0, 0.0
    area = geodesic.geodesic_area_km2(inside)
    # Depth is the range itself wherever the exact boundary enters the target country;
    # otherwise the farthest vertex of the clipped territory decides.
    boundary = shapely.get_coordinates(ring.boundary)
    if border is None and shapely.contains_xy(local, boundary[:, 0], boundary[:, 1]).any():
        return inside, area, range_m / 1000.0
    xy = shapely.get_coordinates(inside)
    return inside, area, launch.farthest_m(border or index, xy[:, 0], xy[:, 1]) / 1000.0


@dataclass(frozen=True)
class _Ring:
    geometry: BaseGeometry
    display: BaseGeometry
    area_km2: float
    target_area_km2: float
    max_depth_km: float
    caveat: str = ""
    standoff_m: float = 0.0
    launch_line: BaseGeometry | None = None


def _ring(
    segment, range_m: float, clip: bool, index, cache: dict | None, standoff_m: float | None = None
) -> _Ring:
    """The geometry and stats of one range; ``cache`` lets a claimed and an authorized envelope
    at the same range share one computation."""
    from . import borders

    standoff = segment.standoff_m if standoff_m is None else standoff_m
    key = (round(range_m, 6), clip, round(standoff, 6))
    if cache is not None and key in cache:
        return cache[key]
    line, source = launch.measured_from(segment, index, standoff, range_m, cache, EXACT_TOLERANCE_M)
    exact = launch.exact_buffer(segment, source, range_m, EXACT_TOLERANCE_M)
    target = borders.country(segment.target)
    cut = _cut_by_data_box(exact.bounds, target.bounds, borders.data_box())
    if clip and not exact.intersects(shapely.box(*borders.data_box())):
        raise EnvelopeError(
            f"{format_distance(range_m)} from {segment.name} does not reach {segment.target}; "
            "use clip=False for a segment elsewhere"
        )
    if cut and clip:
        # The country polygon is cut off by the data box there: clipping past it would be wrong.
        raise EnvelopeError(
            f"{format_distance(range_m)} from {segment.name} reaches past the {cut} edge of the "
            f"packaged {segment.target} data (box {borders.data_box()}); use a shorter range "
            "or clip=False"
        )
    border = index if standoff else None
    inside, target_area, depth = _target_stats(source, exact, target, range_m, border)
    if clip and inside.is_empty:
        raise EnvelopeError(
            f"{format_distance(range_m)} from {segment.name} does not reach {segment.target}; "
            "use clip=False for a segment elsewhere"
        )
    geometry = _polygonal(inside) if clip else exact
    ring = _Ring(
        geometry=geometry,
        display=geodesic.display_geometry(geometry, DISPLAY_TOLERANCE_M),
        area_km2=geodesic.geodesic_area_km2(geometry),
        target_area_km2=target_area,
        max_depth_km=depth,
        caveat=f"target-country figures stop at the {cut} edge of the packaged data" if cut else "",
        standoff_m=standoff,
        launch_line=line,
    )
    if cache is not None:
        cache[key] = ring
    return ring


def refuse_early(segment, ranges_m: Sequence[float], clip: bool) -> None:
    """Refuse before the exact geometry what it would refuse after minutes on a long line: a
    range the engine cannot draw, and (clipped) one crossing an edge of the packaged data.

    Geodesics shot due W, S, E and N from every vertex end inside the envelope, so an edge they
    cross is crossed by the exact envelope too: no range is refused that would have passed.
    """
    import numpy as np

    from . import borders

    for r in ranges_m:
        if not geodesic.MIN_RANGE_M <= r <= geodesic.MAX_RANGE_M:
            raise EnvelopeError(
                f"range {format_distance(r)} is outside what the engine supports; "
                "give 1 km to 2,000 km"
            )
    box = borders.data_box()
    if segment.standoff_m:
        return  # launchers behind the line: the exact path decides
    if not clip or not ranges_m or not shapely.box(*box).intersects(segment.geometry):
        return  # a line outside the data: the exact path says it does not reach the target
    target = borders.country(segment.target).bounds
    xy = shapely.get_coordinates(segment.geometry)
    n = len(xy)

    def cut_at(r: float) -> str:
        lon, lat, _ = geodesic.GEOD.fwd(
            np.repeat(xy[:, 0], 4),
            np.repeat(xy[:, 1], 4),
            np.tile([270.0, 180.0, 90.0, 0.0], n),
            np.full(4 * n, r),
        )
        return _cut_by_data_box((min(lon), min(lat), max(lon), max(lat)), target, box)

    # A longer range reaches at least as far in every direction: when the longest crosses no
    # edge none does (one batch of geodesics, not one per range).
    if not cut_at(max(ranges_m)):
        return
    for r in sorted(set(ranges_m)):
        cut = cut_at(r)
        if cut:
            raise EnvelopeError(
                f"{format_distance(r)} from {segment.name} reaches past the {cut} edge of the "
                f"packaged {segment.target} data (box {box}); use a shorter range or clip=False"
            )


def _cut_by_data_box(ring_bounds, country_bounds, box) -> str:
    """The box edge, if any, that both cuts the country polygon and is crossed by the ring."""
    edges = (("west", 0, -1), ("south", 1, -1), ("east", 2, 1), ("north", 3, 1))
    for name, i, sign in edges:
        country_touches = abs(country_bounds[i] - box[i]) < 1e-6
        ring_crosses = sign * (ring_bounds[i] - box[i]) > 0
        if country_touches and ring_crosses:
            return name
    return ""


def make_envelope(
    segment,
    range_m: float,
    *,
    name: str,
    kind: str = "range",
    weapon: str | None = None,
    clip: bool = True,
    sources: Sequence[str] = (),
    claims: Sequence = (),
    note: str = "",
    index: geodesic.LineIndex | None = None,
    cache: dict | None = None,
    unit: str = "mi",
    standoff_m: float | None = None,
) -> Envelope:
    """The exact envelope of ``segment`` at ``range_m``, clipped to its target country or not."""
    ring = _ring(
        segment, range_m, clip, index or launch.cached_index(segment, cache), cache, standoff_m
    )
    return Envelope(
        name=name,
        kind=kind,
        weapon=weapon,
        range_m=float(range_m),
        segment=segment.name,
        geometry=ring.geometry,
        display=ring.display,
        display_tolerance_m=DISPLAY_TOLERANCE_M,
        clipped_to=segment.target if clip else None,
        area_km2=ring.area_km2,
        target_area_km2=ring.target_area_km2,
        max_depth_km=ring.max_depth_km,
        sources=tuple(sources),
        note="; ".join(n for n in (note, ring.caveat, launch.standoff_note(ring.standoff_m)) if n),
        claims=tuple(claims),
        unit=unit,
        standoff_m=ring.standoff_m,
        launch_line=ring.launch_line,
    )


def _polygonal(geom: BaseGeometry) -> BaseGeometry:
    """Keep only the areal part of an intersection (drop stray lines and points on the border)."""
    if geom.geom_type in ("Polygon", "MultiPolygon"):
        return geom
    parts = [g for g in shapely.get_parts(geom) if g.geom_type in ("Polygon", "MultiPolygon")]
    return shapely.union_all(parts) if parts else shapely.MultiPolygon()


def range_envelopes(
    segment, ranges: Iterable[Distance | str], *, clip: bool = True
) -> tuple[Envelope, ...]:
    """Envelopes at hand-given ranges; each is traced to the user's input, not to a report."""
    distances = [r if isinstance(r, Distance) else parse_distance(r) for r in ranges]
    for d in distances:
        _check_range(d)
    refuse_early(segment, [d.metres for d in distances], clip)
    cache: dict = {}
    index = launch.cached_index(segment, cache)
    out = []
    for d in distances:
        out.append(
            make_envelope(
                segment,
                d.metres,
                name=d.label,
                clip=clip,
                index=index,
                cache=cache,
                note="range given by the user",
                unit=d.unit,
            )
        )
    return tuple(out)


def _check_range(d: Distance) -> None:
    if not (geodesic.MIN_RANGE_M <= d.metres <= geodesic.MAX_RANGE_M):
        raise EnvelopeError(
            f"range {d.label} is outside what the engine supports; give 1 km to 2,000 km"
        )


def weapon_envelopes(
    segment,
    scenario,
    weapon_names: Sequence[str] | None,
    as_of: dt.date,
    *,
    clip: bool = True,
    cache: dict | None = None,
) -> tuple[Envelope, ...]:
    """Each weapon's claimed envelopes at the edges of its band, and its authorized envelope.
    ``cache`` lets several dates of one segment share their rings (a timeline map)."""
    from . import scenario as cl
    from .authorization import authorized_envelopes

    found = [cl.find_weapon(scenario, n) for n in weapon_names] if weapon_names else []
    weapons = list({w.name: w for w in found}.values()) if found else list(scenario.weapons)
    weapons = launch.fired_from(segment, weapons, asked=bool(found))
    refuse_early(segment, [edge for w in weapons for edge in _band_edges(w)], clip)
    cache = {} if cache is None else cache
    index = launch.cached_index(segment, cache)
    out: list[Envelope] = []
    for w in weapons:
        for edge in _band_edges(w):
            srcs = tuple(
                dict.fromkeys(c.report_id for c in w.claims if _same(c.distance.metres, edge))
            )
            out.append(
                make_envelope(
                    segment,
                    edge,
                    name=f"{w.name} claimed {_label(w, edge)}",
                    kind="claimed",
                    weapon=w.name,
                    clip=clip,
                    sources=srcs,
                    claims=w.claims,
                    note="; ".join(
                        n for n in (_band_note(w), launch.weapon_standoff_note(segment, w)) if n
                    ),
                    index=index,
                    cache=cache,
                    unit=_edge_unit(w, edge),
                    standoff_m=launch.weapon_standoff(segment, w),
                )
            )
        out.extend(
            authorized_envelopes(segment, scenario, w, as_of, clip=clip, index=index, cache=cache)
        )
    return tuple(out)


def _band_edges(weapon) -> list[float]:
    edges = weapon.edges
    return [edges[0], edges[-1]] if len(edges) > 1 else list(edges)


def _same(a: float, b: float) -> bool:
    return abs(a - b) < 1e-6


def _label(weapon, metres: float) -> str:
    for c in weapon.claims:
        if c.distance and _same(c.distance.metres, metres):
            return c.distance.label
    return format_distance(metres)


def _edge_unit(weapon, metres: float) -> str:
    """The unit the first claim at this band edge gave."""
    for c in weapon.claims:
        if c.distance and _same(c.distance.metres, metres):
            return c.unit
    return "mi"


def _band_note(weapon) -> str:
    return "; ".join(f"{c.distance.label} ({c.report_id})" for c in weapon.claims if c.distance)


def compute_envelope_set(
    segment="kharkiv",
    weapons: Sequence[str] | None = None,
    ranges: Sequence[str | Distance] | None = None,
    as_of: dt.date | str | None = None,
    clip: bool = True,
    scenario=None,
    *,
    origin: str | None = None,
    target: str | None = None,
    points: Sequence = (),
    edges: str = "lonlat",
    standoff_m: float = 0.0,
    cache: dict | None = None,
) -> EnvelopeSet:
    """The library's front door: what ``envelope export`` and ``envelope render`` draw.

    With no weapons and no ranges, every weapon of the scenario (the packaged seed reports unless
    ``scenario`` is given) is shown as of ``as_of`` (default: the scenario's latest date).
    ``segment`` may be a name, a GeoJSON path, a Segment or several of them (one launch set);
    ``points`` adds launch points, ``origin``/``target`` set the direction (see launch.resolve).
    ``cache`` (a dict kept between calls for one segment) shares rings between dates.
    ``as_of`` may be a date or an ISO string; ``scenario`` a Scenario or a scenario file path.
    """
    from .dates import parse_date
    from .scenario import Scenario, latest_date, load_scenario

    if as_of is not None:
        as_of = parse_date(as_of, "as_of")
    seg = launch.launch_set(segment, origin, target, points, edges, standoff_m, clip)
    envelopes: list[Envelope] = []
    if ranges:
        envelopes += range_envelopes(seg, ranges, clip=clip)
    scen = None
    if weapons or not ranges:
        scen = scenario if isinstance(scenario, Scenario) else load_scenario(scenario)
        as_of = as_of or latest_date(scen)
        envelopes += weapon_envelopes(seg, scen, weapons, as_of, clip=clip, cache=cache)
    return EnvelopeSet(segment=seg, envelopes=tuple(envelopes), as_of=as_of, scenario=scen)


def summary_rows(result: EnvelopeSet) -> list[dict]:
    """Per weapon: target-country area within claimed reach (a band where reports disagree),
    within authorized reach, and the authorized share of the claimed area.

    The share is area(authorized ∩ claimed) / area(claimed), never above 100 %. ``authorized_*``
    describe the zone certainly in force; where an authorization may or may not stand that day,
    ``uncertain_*`` describe the zone that may be authorized and ``authorization_status`` is
    "uncertain" (never shown as certain).
    """
    rows = []
    for w in result.weapons():
        claimed = [e for e in result.envelopes if e.weapon == w and e.kind == "claimed"]
        auth = [e for e in result.envelopes if e.weapon == w and e.kind == "authorized"]
        certain = next((e for e in auth if e.authorization_status != "uncertain"), None)
        maybe = next((e for e in auth if e.authorization_status == "uncertain"), None)
        lo = min((e.target_area_km2 for e in claimed), default=0.0)
        hi = max((e.target_area_km2 for e in claimed), default=0.0)
        wide = max(claimed, key=lambda e: e.target_area_km2, default=None)
        narrow = min(claimed, key=lambda e: e.target_area_km2, default=None)
        row = {
            "weapon": w,
            "claimed_km2_min": lo,
            "claimed_km2_max": hi,
            "claimed_ranges_m": [e.range_m for e in claimed],
            "authorization_status": "in_force"
            if certain
            else "uncertain"
            if maybe
            else "not_in_force",
            "excluded_classes": list((certain or maybe).excluded_classes) if auth else [],
            "authorized_from": "; ".join(
                n for e in auth for n in e.note.split("; ") if n.startswith("launches from")
            ),
        }
        for prefix, env in (("authorized", certain), ("uncertain", maybe)):
            a = env.target_area_km2 if env else 0.0
            row[f"{prefix}_km2"] = a
            row[f"{prefix}_range_m"] = env.range_m if env else None
            # the band's wide edge gives the smallest share, its narrow edge the largest
            row[f"{prefix}_share_min"] = _share(env, wide) if hi else float("nan")
            row[f"{prefix}_share_max"] = _share(env, narrow) if lo else float("nan")
        rows.append(row)
    return rows


def _share(auth: Envelope | None, claimed: Envelope | None) -> float:
    """area(auth ∩ claimed) / area(claimed), of target-country territory. Rings from the same
    launch line are nested, so the smaller area is the intersection; zones launched from other
    segments are intersected exactly."""
    if auth is None or claimed is None or not claimed.target_area_km2:
        return 0.0
    if not auth.launch or auth.launch == (claimed.segment,):
        return min(auth.target_area_km2, claimed.target_area_km2) / claimed.target_area_km2
    # clipping the (often far larger) claimed ring to the zone's box first leaves the result
    # the same and the intersection several times cheaper
    near = shapely.clip_by_rect(claimed.geometry, *auth.geometry.bounds)
    both = shapely.intersection(auth.geometry, near)
    return min(geodesic.geodesic_area_km2(both) / claimed.target_area_km2, 1.0)
