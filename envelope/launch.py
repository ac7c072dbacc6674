"""Launch geometry: where launchers stand (border segments, launch points, a standoff line behind
the border) and which way they fire, gathered into one Segment that the engine measures from."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

import numpy as np
import shapely
from shapely.geometry import LineString, MultiLineString
from shapely.geometry.base import BaseGeometry

from . import borders, geodesic
from .borders import LaunchPoint, Segment
from .errors import EnvelopeError
from .units import format_distance

#: A launch point may sit this far outside its country's polygon (the data's own precision).
POINT_SLACK_DEG = 1e-5


def segment_index(segment: Segment) -> geodesic.LineIndex:
    """The engine's index of everything launchers stand on: lines read as ``segment.edges``
    says, and launch points."""
    return geodesic.line_index(segment.geometry, edges=segment.edges)


def cached_index(segment: Segment, cache: dict | None) -> geodesic.LineIndex:
    """:func:`segment_index`, kept in ``cache`` (the ring cache one computation, or the dates of
    one timeline map, share) so a segment is prepared once."""
    if cache is None:
        return segment_index(segment)
    key = ("index", segment.name, segment.edges, segment.points)
    if key not in cache:
        cache[key] = segment_index(segment)
    return cache[key]


def farthest_m(index: geodesic.LineIndex, lon: np.ndarray, lat: np.ndarray) -> float:
    """The greatest distance of the points from the launch geometry. Points that are vertices of
    it (a clipped country shares the border's vertices) are 0 m away and skipped: right on the
    line the exact search is at its slowest and they can never be the farthest."""
    on_line = np.isin(lon + 1j * lat, index.lon + 1j * index.lat)
    if on_line.all():
        return 0.0
    return float(geodesic.distance_to_line(index, lon[~on_line], lat[~on_line]).max())


def launch_set(segment, origin, target, points, edges, standoff_m, clip: bool) -> Segment:
    """The Segment every envelope of a set is measured from, checked for clipping."""
    seg = resolve(
        segment if segment is not None else (),
        origin=origin,
        target=target,
        points=tuple(points),
        edges=edges,
        standoff_m=standoff_m,
    )
    if clip:
        check_points_in_origin(seg)
    return seg


def measured_from(
    segment: Segment,
    index: geodesic.LineIndex,
    standoff: float,
    range_m: float,
    cache: dict | None,
    tolerance_m: float,
):
    """What the range counts from: the segment itself, or the launch line ``standoff`` behind
    it (computed once per standoff): ``(launch_line or None, index to measure from)``."""
    if not standoff:
        return None, index
    if standoff >= range_m:
        raise EnvelopeError(
            f"standoff {format_distance(standoff)} is not smaller than the range "
            f"{format_distance(range_m)}; launchers that far back reach nothing beyond the border"
        )
    key = ("launch", round(standoff, 6))
    if cache is None or key not in cache:
        line = launch_line(segment, index, standoff, tolerance_m)
        found = (line, geodesic.line_index(line))
        if cache is None:
            return found
        cache[key] = found
    return cache[key]


def standoff_note(standoff_m: float) -> str:
    """What maps and exports say of a standoff: "launchers ≥ 20 km behind the border"."""
    if not standoff_m:
        return ""
    return f"launchers \u2265 {format_distance(standoff_m, first='km')} behind the border"


def fired_from(segment: Segment, weapons: Sequence, *, asked: bool) -> list:
    """The weapons whose launchers stand in the segment's origin (a weapon with no ``operator``
    fires from either side); asking for one from the other side is an error."""
    out = [w for w in weapons if not w.operator or w.operator == segment.origin]
    wrong = [w for w in weapons if w not in out]
    if asked and wrong:
        w = wrong[0]
        raise EnvelopeError(
            f"weapon {w.name} is fired from {w.operator}, not from {segment.origin}; choose "
            f"origin {w.operator} or another weapon"
        )
    if weapons and not out:
        sides = ", ".join(sorted({w.operator for w in wrong}))
        raise EnvelopeError(
            f"no weapon of the scenario is fired from {segment.origin} (they are fired from "
            f"{sides}); give ranges, or a scenario with weapons operated by {segment.origin}"
        )
    return out


def weapon_standoff(segment: Segment, weapon) -> float | None:
    """The standoff a weapon's claimed envelopes use: the set's own (e.g. --standoff) if any,
    else the weapon's cited one; launch points stand where they are."""
    if segment.standoff_m or segment.points or not weapon.standoff_m:
        return None
    return weapon.standoff_m


def weapon_standoff_note(segment: Segment, weapon) -> str:
    """The citation behind a weapon's standoff, for the envelope's note (when it is used)."""
    if weapon_standoff(segment, weapon) is None:
        return ""
    return f"standoff {format_distance(weapon.standoff_m, first='km')} ({weapon.standoff_source})"


def resolve(
    segments: str | Segment | Sequence[str | Segment] = "kharkiv",
    *,
    origin: str | None = None,
    target: str | None = None,
    points: Sequence[LaunchPoint] = (),
    edges: str = "lonlat",
    standoff_m: float = 0.0,
) -> Segment:
    """One launch set from segment names, files or Segments, plus launch points, in the given
    direction (default: each segment's own, UKR into RUS)."""
    specs = [segments] if isinstance(segments, (str, Segment)) else list(segments)
    if edges not in ("lonlat", "geodesic"):
        raise EnvelopeError(f"edges must be 'lonlat' or 'geodesic', not {edges!r}")
    if origin is not None:
        origin = borders._code(origin, "origin country")
    if target is not None:
        target = borders._code(target, "target country")
    parts = []
    for spec in specs:
        if isinstance(spec, Segment):
            spec = replace(
                spec, origin=origin or spec.origin, target=target or spec.target, edges=edges
            )
            parts.append(spec)
        else:
            parts.append(
                borders.resolve_segment(str(spec), origin=origin, target=target, edges=edges)
            )
    if not parts and not points:
        parts = [borders.resolve_segment("kharkiv", origin=origin, target=target, edges=edges)]
    seg = combine(parts, points=points, origin=origin, target=target, edges=edges)
    if seg.origin == seg.target:
        raise EnvelopeError(
            f"origin and target are both {seg.origin}; launchers fire from one country into "
            "another, give two different countries"
        )
    if standoff_m:
        if seg.points:
            raise EnvelopeError(
                "a standoff applies to border lines, not to launch points; draw the points "
                "where the launchers stand instead"
            )
        seg = replace(seg, standoff_m=float(standoff_m))
    return seg


def combine(
    parts: Sequence[Segment],
    *,
    points: Sequence[LaunchPoint] = (),
    origin: str | None = None,
    target: str | None = None,
    edges: str = "lonlat",
) -> Segment:
    """Several segments and points as one launch set: its envelope is the buffer of the union."""
    if len(parts) == 1 and not points:
        return parts[0]
    if not parts:
        origin, target = borders.sides(origin, target, "UKR", "RUS")
    origins = {p.origin for p in parts} | ({origin} if origin else set())
    targets = {p.target for p in parts} | ({target} if target else set())
    if len(origins) > 1 or len(targets) > 1:
        sides = ", ".join(f"{p.name}: {p.origin} into {p.target}" for p in parts)
        raise EnvelopeError(
            f"the segments face different ways ({sides}); give one origin and target for all"
        )
    lines = [ln for p in parts if p.line is not None for ln in shapely.get_parts(p.line)]
    line: LineString | MultiLineString | None = None
    if lines:
        joined = shapely.line_merge(MultiLineString(lines))
        line = joined if isinstance(joined, LineString) else MultiLineString(lines)
    all_points = tuple(pt for p in parts for pt in p.points) + tuple(points)
    names = [p.name for p in parts] + [pt.name for pt in points]
    return Segment(
        name=" + ".join(names),
        line=line,
        origin=origins.pop() if origins else "UKR",
        target=targets.pop() if targets else "RUS",
        description="; ".join(
            [p.description for p in parts] + ([f"{len(points)} launch point(s)"] if points else [])
        ),
        source="; ".join(dict.fromkeys([p.source for p in parts] + (["user"] if points else []))),
        points=all_points,
        edges=edges if edges == "geodesic" else (parts[0].edges if parts else "lonlat"),
        parts=tuple(names),
    )


def parse_point(text: str, number: int | None = None) -> LaunchPoint:
    """``LAT,LON[,NAME]`` (degrees, WGS84) as a launch point; an unnamed one is called
    "point NUMBER" (or "" without a number, for the caller to name)."""
    bits = [b.strip() for b in str(text).split(",", 2)]
    if len(bits) < 2:
        raise EnvelopeError(
            f"launch point {text!r} is not LAT,LON[,NAME]; e.g. '50.6,36.6,Belgorod'"
        )
    try:
        lat, lon = float(bits[0]), float(bits[1])
    except ValueError:
        raise EnvelopeError(
            f"launch point {text!r}: latitude and longitude must be numbers in degrees, "
            "e.g. '50.6,36.6,Belgorod'"
        ) from None
    if not (np.isfinite(lat) and np.isfinite(lon) and -90 <= lat <= 90 and -180 <= lon <= 180):
        raise EnvelopeError(
            f"launch point {text!r}: latitude must lie within -90..90 and longitude within "
            "-180..180 (the order is LAT,LON)"
        )
    name = bits[2] if len(bits) > 2 and bits[2] else (f"point {number}" if number else "")
    return LaunchPoint(name=name, lon=lon, lat=lat)


def check_points_in_origin(segment: Segment) -> None:
    """Clipped envelopes assume launchers in the origin country: a point elsewhere is a typo."""
    if not segment.points:
        return
    land = borders.country(segment.origin)
    for p in segment.points:
        if not shapely.dwithin(land, shapely.Point(p.lon, p.lat), POINT_SLACK_DEG):
            name = borders.country_names().get(segment.origin, segment.origin)
            raise EnvelopeError(
                f"launch point {p.name} ({p.lat:g}, {p.lon:g}) lies outside the origin country "
                f"{segment.origin} ({name}); check its LAT,LON order and the origin, or turn "
                "clipping off (clip=False)"
            )


def exact_buffer(
    segment: Segment, index, distance_m: float, tolerance_m: float, what: str | None = None
) -> BaseGeometry:
    """``geodesic.buffer`` of the segment's lines, a failure worded for the user as
    "cannot draw WHAT from SEGMENT" (``what`` defaults to the distance)."""
    try:
        return geodesic.buffer(index, distance_m, tolerance_m)
    except ValueError as exc:
        what = format_distance(distance_m) if what is None else what
        raise EnvelopeError(f"cannot draw {what} from {segment.name}: {exc}") from None


def launch_line(
    segment: Segment, index: geodesic.LineIndex, standoff_m: float, tolerance_m: float
) -> BaseGeometry:
    """The exact geodesic parallel curve ``standoff_m`` behind the segment's lines, on the origin
    side: the boundary of the exact buffer without its round end caps (launchers stand behind
    the segment, not beside its ends), cut where it leaves the origin country; every vertex lies
    within ``tolerance_m`` of the standoff and each open end on the normal at the line's end."""
    label = format_distance(standoff_m)
    ring = exact_buffer(segment, index, standoff_m, tolerance_m, f"the {label} standoff")
    land = shapely.clip_by_rect(borders.country(segment.origin), *ring.bounds)
    cut = shapely.intersection(ring.boundary, land)
    ends = _line_ends(index, standoff_m)
    out = []
    for ln in shapely.get_parts(shapely.line_merge(_lines(cut))):
        xy = np.asarray(ln.coords)
        x, y, ok = geodesic.to_range(index, xy[:, 0], xy[:, 1], standoff_m, tolerance_m)
        _, flon, flat, _ = geodesic.nearest(index, x, y)
        cap = np.zeros(len(x), bool)
        for elon, elat, _, _ in ends:  # a foot on a line's end: the vertex is on a cap
            _, _, d = geodesic.GEOD.inv(flon, flat, np.full(len(x), elon), np.full(len(x), elat))
            cap |= np.asarray(d) < 1e-3
        keep = ok & ~cap
        for run in np.split(np.arange(len(x)), np.flatnonzero(np.diff(keep.astype(int))) + 1):
            if keep[run[0]]:
                out.append(np.column_stack((x[run], y[run])))
    out = _close_ends(out, ends, land, index, standoff_m, tolerance_m)
    out = [LineString(p) for p in out if len(p) >= 2]
    if not out:
        raise EnvelopeError(
            f"the line {label} behind {segment.name} does not lie in the origin country "
            f"{segment.origin}; check the origin, or give a smaller standoff"
        )
    return out[0] if len(out) == 1 else MultiLineString(out)


def _line_ends(index: geodesic.LineIndex, standoff_m: float) -> list[tuple]:
    """(lon, lat, and the two points ``standoff_m`` out along its normals) of each line end."""
    starts = np.flatnonzero(index.has_next & ~np.r_[False, index.has_next[:-1]])
    stops = np.flatnonzero(~index.has_next & ~index.isolated)
    out = []
    for i, heading in [(i, index.seg_az[i]) for i in starts] + [
        (j, geodesic.GEOD.inv(index.lon[j - 1], index.lat[j - 1], index.lon[j], index.lat[j])[1])
        for j in stops
    ]:
        az = heading if i in starts else heading + 180.0  # direction of travel at the end
        x, y, _ = geodesic.GEOD.fwd(
            [index.lon[i]] * 2, [index.lat[i]] * 2, [az - 90.0, az + 90.0], [standoff_m] * 2
        )
        out.append((float(index.lon[i]), float(index.lat[i]), x, y))
    return out


def _close_ends(runs, ends, land, index, standoff_m: float, tol: float) -> list[np.ndarray]:
    """Finish a run cut at a cap with the exact point on the normal at the line's end, when that
    point is in the origin country, at the standoff (no other part of the line is nearer) and
    the run stops next to it."""
    for _, _, xs, ys in ends:
        for x, y in zip(xs, ys, strict=True):
            if not shapely.contains_xy(land, x, y):
                continue
            if abs(geodesic.distance_to_line(index, [x], [y])[0] - standoff_m) > tol:
                continue
            best = None
            for k, run in enumerate(runs):
                for pos in (0, -1):
                    _, _, d = geodesic.GEOD.inv(run[pos, 0], run[pos, 1], x, y)
                    if d < 2_000.0 and (best is None or d < best[0]):
                        best = (d, k, pos)
            if best is not None and best[0] > 1e-3:
                _, k, pos = best
                pt = np.array([[x, y]])
                runs[k] = np.vstack([pt, runs[k]]) if pos == 0 else np.vstack([runs[k], pt])
    return runs


def _lines(geom: BaseGeometry) -> MultiLineString:
    """The line parts of an intersection (points where it only touches are dropped)."""
    parts = [g for g in shapely.get_parts(geom) if isinstance(g, LineString) and g.length > 0]
    nested = [
        ln for g in shapely.get_parts(geom) if isinstance(g, MultiLineString) for ln in g.geoms
    ]
    return MultiLineString(parts + nested)
