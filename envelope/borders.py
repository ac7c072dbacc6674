"""Packaged border data (countries and named border segments) behind a small read-only API.

The data files are built by scripts/build_borders.py; see data/borders/PROVENANCE.md.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass, replace
from functools import lru_cache
from pathlib import Path
from typing import Literal

from shapely.geometry import (
    GeometryCollection,
    LineString,
    MultiLineString,
    MultiPoint,
    MultiPolygon,
    Point,
    Polygon,
    shape,
)
from shapely.geometry.base import BaseGeometry
from shapely.ops import linemerge

from envelope.errors import EnvelopeError
from envelope.resources import data_dir

__all__ = [
    "LaunchPoint",
    "Segment",
    "attribution",
    "country",
    "country_names",
    "get_segment",
    "load_segment_file",
    "provenance",
    "resolve_segment",
    "segment_names",
]

_LINE_TYPES = ("LineString", "MultiLineString")
_POINT_TYPES = ("Point", "MultiPoint")


@dataclass(frozen=True)
class LaunchPoint:
    """A launch site (an airbase, a battery): envelopes around it are geodesic circles."""

    name: str
    lon: float
    lat: float


@dataclass(frozen=True)
class Segment:
    """What envelopes are measured from, in lon/lat (EPSG:4326): border lines and launch points,
    launchers standing in ``origin``, envelopes clipped to ``target``.

    ``line`` holds the lines (None when there are only points; ``geometry`` always has
    everything); ``edges`` says how its edges run; ``standoff_m`` puts the launchers that far
    behind the lines.
    """

    name: str
    line: LineString | MultiLineString | None
    origin: str
    target: str
    description: str
    source: str
    points: tuple[LaunchPoint, ...] = ()
    edges: Literal["lonlat", "geodesic"] = "lonlat"
    standoff_m: float = 0.0
    parts: tuple[str, ...] = ()  # names of the segments joined into this one, if several

    @property
    def length_km(self) -> float:
        """Geodesic length of the lines on WGS84, so it matches the envelope distances."""
        from pyproj import Geod

        return 0.0 if self.line is None else Geod(ellps="WGS84").geometry_length(self.line) / 1e3

    @property
    def geometry(self) -> BaseGeometry:
        """Lines and launch points together: what the engine measures from and maps draw."""
        pts = [Point(p.lon, p.lat) for p in self.points]
        if self.line is None:
            return MultiPoint(pts)
        if not pts:
            return self.line
        return GeometryCollection([self.line, MultiPoint(pts)])


def _read_json(path: Path) -> dict:
    with open(path, encoding="utf-8") as f:
        return json.load(f)


def _features(stem: str) -> list[tuple[dict, BaseGeometry]]:
    """(properties, geometry) of a packaged file, read from its WKB copy (about 2 ms; the
    GeoJSON takes about 150 ms), which scripts/build_borders.py writes beside the GeoJSON."""
    import shapely

    copy = provenance().get("binary_copies", {}).get(f"{stem}.wkb")
    path = data_dir("borders") / f"{stem}.wkb"
    if copy is not None and path.is_file():
        geoms = shapely.from_wkb(path.read_bytes()).geoms
        return list(zip(copy["properties"], geoms, strict=True))
    doc = _read_json(data_dir("borders") / f"{stem}.geojson")
    return [(f["properties"], shape(f["geometry"])) for f in doc["features"]]


@lru_cache(maxsize=1)
def _segments() -> dict[str, Segment]:
    out = {}
    for p, geom in _features("segments"):
        out[p["name"]] = Segment(
            name=p["name"],
            line=geom,
            origin=p["origin"],
            target=p["target"],
            description=p["description"],
            source=p["source"],
        )
    return out


@lru_cache(maxsize=1)
def _countries() -> dict[str, tuple[str, Polygon | MultiPolygon]]:
    return {p["iso3"]: (p["name"], geom) for p, geom in _features("countries")}


def segment_names() -> list[str]:
    """Names accepted by get_segment, in file order."""
    return list(_segments())


def get_segment(name: str) -> Segment:
    """A packaged segment by name; the error lists the alternatives."""
    try:
        return _segments()[name]
    except KeyError:
        known = ", ".join(segment_names())
        raise EnvelopeError(
            f"unknown segment {name!r}; known segments: {known}; or give a GeoJSON file path"
        ) from None


def country(iso3: str) -> Polygon | MultiPolygon:
    """Country land polygon (lon/lat, clipped to 20-60E, 40-62N), for clipping envelopes."""
    try:
        return _countries()[iso3.upper()][1]
    except KeyError:
        known = ", ".join(_countries())
        raise EnvelopeError(f"unknown country {iso3!r}; known countries: {known}") from None


def country_names() -> dict[str, str]:
    """ISO3 code -> English name of the packaged countries."""
    return {k: v[0] for k, v in _countries().items()}


@lru_cache(maxsize=1)
def provenance() -> dict:
    """Sources, hashes and processing steps, for reports that must cite the data."""
    return _read_json(data_dir("borders") / "provenance.json")


def data_box() -> tuple[float, float, float, float]:
    """(west, south, east, north) of the packaged country polygons: beyond it they stop."""
    return tuple(float(v) for v in provenance()["processing"]["clip_box_lon_lat"])


def attribution() -> str:
    """The credit line the ODbL requires on every map that shows the borders."""
    return provenance()["attribution"]


def resolve_segment(
    name_or_path: str,
    *,
    origin: str | None = None,
    target: str | None = None,
    edges: Literal["lonlat", "geodesic"] = "lonlat",
) -> Segment:
    """What the CLI accepts: a packaged segment name (any case, like weapon names), else a
    GeoJSON file. ``origin`` and ``target`` turn a packaged segment round; a file's own
    ``origin``/``target`` properties must agree with them."""
    spec = str(name_or_path)
    known = ", ".join(segment_names())
    if not spec.strip():
        raise EnvelopeError(f"the segment name is empty; give one of {known}, or a GeoJSON file")
    by_name = {name.casefold(): seg for name, seg in _segments().items()}
    if spec.strip().casefold() in by_name:
        seg = by_name[spec.strip().casefold()]
        o, t = sides(origin, target, seg.origin, seg.target)
        same = (o, t, edges) == (seg.origin, seg.target, seg.edges)
        return seg if same else replace(seg, origin=o, target=t, edges=edges)
    path = Path(spec).expanduser()
    if os.path.lexists(path):  # a file, folder, device or link: the reader names what it is
        return load_segment_file(path, origin=origin, target=target, edges=edges)
    raise EnvelopeError(
        f"unknown segment {spec!r} and no such file; known segments: {known}; "
        "or give a GeoJSON file path"
    )


def sides(origin, target, default_origin: str, default_target: str) -> tuple[str, str]:
    """The direction asked for, else the default; naming only the default target as origin
    (or the reverse) turns the default round: ``origin="RUS"`` alone fires into UKR."""
    o = _code(origin, "origin country") if origin is not None else default_origin
    t = _code(target, "target country") if target is not None else default_target
    if o == t and origin is not None and target is None:
        t = default_origin
    elif o == t and target is not None and origin is None:
        o = default_target
    return o, t


def _code(iso3: object, what: str = "country") -> str:
    """A packaged country's ISO3 code, upper-cased; anything else is refused with the list."""
    code = str(iso3).strip().upper() if isinstance(iso3, str) else ""
    if code not in _countries():
        known = ", ".join(_countries())
        raise EnvelopeError(f"unknown {what} code {iso3!r}; packaged countries: {known}")
    return code


def _features_of(doc: object, where: str, props: dict | None = None) -> list[tuple[dict, dict]]:
    """(geometry, properties) of a Feature, FeatureCollection or bare geometry."""
    if not isinstance(doc, dict) or not isinstance(doc.get("type"), str):
        raise EnvelopeError(f"{where}: not GeoJSON (no 'type' member); give a GeoJSON LineString")
    kind = doc["type"]
    if kind == "FeatureCollection":
        feats = doc.get("features")
        if not isinstance(feats, list):
            raise EnvelopeError(f"{where}: FeatureCollection without a 'features' list")
        return [g for f in feats for g in _features_of(f, where)]
    if kind == "Feature":
        geom = doc.get("geometry")
        p = doc.get("properties")
        return [] if geom is None else _features_of(geom, where, p if isinstance(p, dict) else {})
    if kind == "GeometryCollection":
        subs = doc.get("geometries")
        if not isinstance(subs, list):
            raise EnvelopeError(f"{where}: GeometryCollection without a 'geometries' list")
        return [g for sub in subs for g in _features_of(sub, where, props)]
    if kind in ("Polygon", "MultiPolygon", *_LINE_TYPES, *_POINT_TYPES):
        return [(doc, props or {})]
    raise EnvelopeError(f"{where}: not GeoJSON (unknown type {kind!r}); give a LineString")


def _line_parts(geom: dict, where: str) -> list[LineString]:
    """The lines of a LineString or MultiLineString, every position checked by the strict
    reader (numbers only, finite, lon/lat) before shapely sees it."""
    from .readers import positions

    coords = geom.get("coordinates")
    parts = [coords] if geom["type"] == "LineString" else coords
    if not isinstance(parts, list):
        raise EnvelopeError(f"{where}: {geom['type']} coordinates are not a list; fix the file")
    lines = []
    for part in parts:
        if isinstance(part, list) and not part:
            continue  # an empty line: skipped, as GeoJSON allows
        lines.append(LineString(positions(part, where, min_points=2)))
    return lines


def _point_parts(geom: dict, where: str) -> list[tuple[float, float]]:
    """The positions of a Point or MultiPoint, checked like a line's."""
    from .readers import position, positions

    coords = geom.get("coordinates")
    if geom["type"] == "Point":
        return [] if coords == [] else [position(coords, where)]
    return positions(coords, where)


def _side(items: list[tuple[dict, dict]], key: str, where: str) -> str | None:
    """The file's own origin or target: one packaged country code, or None if it gives none."""
    found = {p[key] for _, p in items if p.get(key) is not None}
    if len(found) > 1:
        shown = ", ".join(sorted(map(str, found)))
        raise EnvelopeError(f"{where}: features disagree on {key} ({shown}); give one {key}")
    return _code(found.pop(), f"{key} country") if found else None


def _direction(items, where: str, origin, target) -> tuple[str, str]:
    """The file's direction, the caller's, or UKR into RUS; a disagreement is an error."""
    in_file = {key: _side(items, key, where) for key in ("origin", "target")}
    for key, given in (("origin", origin), ("target", target)):
        given = _code(given, f"{key} country") if given is not None else None
        if in_file[key] and given and in_file[key] != given:
            raise EnvelopeError(
                f"{where}: the file gives {key} {in_file[key]}, but {key}={given!r} was asked; "
                "change the file's property or drop the option"
            )
    return sides(origin or in_file["origin"], target or in_file["target"], "UKR", "RUS")


def _points(items, where: str) -> tuple[LaunchPoint, ...]:
    out: list[LaunchPoint] = []
    for g, p in items:
        members = _point_parts(g, where)
        name = p.get("name") if isinstance(p.get("name"), str) and p.get("name") else None
        for i, (lon, lat) in enumerate(members, 1):
            if name is None:
                label = f"point {len(out) + 1}"
            else:
                label = name if len(members) == 1 else f"{name} {i}"
            out.append(LaunchPoint(label, float(lon), float(lat)))
    return tuple(out)


def load_segment_file(
    path,
    *,
    origin: str | None = None,
    target: str | None = None,
    edges: Literal["lonlat", "geodesic"] = "lonlat",
) -> Segment:
    """A user's own launch geometry from GeoJSON: border lines (several become one
    MultiLineString) and launch points (Point/MultiPoint), with an optional ``origin`` and
    ``target`` property each; by default launchers stand in UKR and envelopes enter RUS."""
    from .readers import read_json, source_name

    path = Path(path)
    where = str(path)
    doc = read_json(path, where, fix="give a GeoJSON file or a segment name")
    items = _features_of(doc, where)
    lines_json = [(g, p) for g, p in items if g.get("type") in _LINE_TYPES]
    points_json = [(g, p) for g, p in items if g.get("type") in _POINT_TYPES]
    if not lines_json and not points_json:
        found = ", ".join(sorted({str(g.get("type")) for g, _ in items})) or "no geometry"
        raise EnvelopeError(
            f"{where}: no LineString, MultiLineString, Point or MultiPoint in the GeoJSON "
            f"(found {found}); draw the border as a line or launch sites as points"
        )
    lines = [line for g, _ in lines_json for line in _line_parts(g, where)]
    points = _points(points_json, where)
    if not lines and not points:
        what = "line" if lines_json else "point"
        raise EnvelopeError(f"{where}: the {what} geometry is empty; add at least two points")
    line: LineString | MultiLineString | None = None
    if len(lines) == 1:
        line = lines[0]
    elif lines:
        joined = linemerge(MultiLineString(lines))
        line = joined if isinstance(joined, LineString) else MultiLineString(lines)
    origin, target = _direction(items, where, origin, target)
    return Segment(
        name=_file_name(doc, path),
        line=line,
        origin=origin,
        target=target,
        description=f"user segment from {source_name(path)}",
        source=source_name(path),  # the file's name only: outputs never hold a local path
        points=points,
        edges=edges,
    )


def _file_name(doc: object, path: Path) -> str:
    """The Feature's name, the one name its line features share, else the file's stem."""
    name = path.stem
    if not isinstance(doc, dict):
        return name
    if doc.get("type") == "Feature" and isinstance(_props(doc).get("name"), str):
        name = _props(doc)["name"] or name
    elif doc.get("type") == "FeatureCollection":
        names = {
            _props(f).get("name")
            for f in doc["features"]
            if isinstance(f, dict)
            and isinstance(f.get("geometry"), dict)
            and f["geometry"].get("type") in _LINE_TYPES
        }
        names = {n for n in names if isinstance(n, str) and n}
        if len(names) == 1:
            name = names.pop()
    return name


def _props(feature: dict) -> dict:
    props = feature.get("properties")
    return props if isinstance(props, dict) else {}
