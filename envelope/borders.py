"""Packaged border data (countries and named border segments) behind a small read-only API.

The data files are built by scripts/build_borders.py; see data/borders/PROVENANCE.md.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from shapely.geometry import LineString, MultiLineString, MultiPolygon, Polygon, shape
from shapely.geometry.base import BaseGeometry
from shapely.ops import linemerge

from envelope.errors import EnvelopeError
from envelope.resources import data_dir

__all__ = [
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


@dataclass(frozen=True)
class Segment:
    """A border line that envelopes are measured from, in lon/lat (EPSG:4326)."""

    name: str
    line: LineString | MultiLineString
    origin: str
    target: str
    description: str
    source: str

    @property
    def length_km(self) -> float:
        """Geodesic length on WGS84, so it matches the envelope distances."""
        from pyproj import Geod

        return Geod(ellps="WGS84").geometry_length(self.line) / 1000.0


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


def resolve_segment(name_or_path: str) -> Segment:
    """What the CLI accepts: a packaged segment name (any case, like weapon names), else a
    GeoJSON file."""
    spec = str(name_or_path)
    known = ", ".join(segment_names())
    if not spec.strip():
        raise EnvelopeError(f"the segment name is empty; give one of {known}, or a GeoJSON file")
    by_name = {name.casefold(): seg for name, seg in _segments().items()}
    if spec.strip().casefold() in by_name:
        return by_name[spec.strip().casefold()]
    path = Path(spec).expanduser()
    if os.path.lexists(path):  # a file, folder, device or link: the reader names what it is
        return load_segment_file(path)
    raise EnvelopeError(
        f"unknown segment {spec!r} and no such file; known segments: {known}; "
        "or give a GeoJSON file path"
    )


def _geometries(doc: object, where: str) -> list[dict]:
    """Geometry objects of a Feature, FeatureCollection or bare geometry."""
    if not isinstance(doc, dict) or not isinstance(doc.get("type"), str):
        raise EnvelopeError(f"{where}: not GeoJSON (no 'type' member); give a GeoJSON LineString")
    kind = doc["type"]
    if kind == "FeatureCollection":
        feats = doc.get("features")
        if not isinstance(feats, list):
            raise EnvelopeError(f"{where}: FeatureCollection without a 'features' list")
        return [g for f in feats for g in _geometries(f, where)]
    if kind == "Feature":
        geom = doc.get("geometry")
        return [] if geom is None else _geometries(geom, where)
    if kind == "GeometryCollection":
        subs = doc.get("geometries")
        if not isinstance(subs, list):
            raise EnvelopeError(f"{where}: GeometryCollection without a 'geometries' list")
        return [g for sub in subs for g in _geometries(sub, where)]
    if kind in ("Point", "MultiPoint", "Polygon", "MultiPolygon", *_LINE_TYPES):
        return [doc]
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


def load_segment_file(path, *, origin: str = "UKR", target: str = "RUS") -> Segment:
    """A user's own border line from GeoJSON; several lines become one MultiLineString."""
    from .readers import read_json, source_name

    path = Path(path)
    where = str(path)
    doc = read_json(path, where, fix="give a GeoJSON file or a segment name")
    geoms = _geometries(doc, where)
    lines_json = [g for g in geoms if g.get("type") in _LINE_TYPES]
    if not lines_json:
        found = ", ".join(sorted({str(g.get("type")) for g in geoms})) or "no geometry"
        raise EnvelopeError(
            f"{where}: no LineString or MultiLineString in the GeoJSON (found {found}); "
            "draw the border as a line"
        )
    lines = [line for g in lines_json for line in _line_parts(g, where)]
    if not lines:
        raise EnvelopeError(f"{where}: the line geometry is empty; add at least two points")
    merged = MultiLineString(lines)
    if len(lines) == 1:
        line: LineString | MultiLineString = lines[0]
    else:
        joined = linemerge(merged)
        line = joined if isinstance(joined, LineString) else merged
    name = path.stem
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
    return Segment(
        name=str(name),
        line=line,
        origin=origin,
        target=target,
        description=f"user segment from {source_name(path)}",
        source=source_name(path),  # the file's name only: outputs never hold a local path
    )


def _props(feature: dict) -> dict:
    props = feature.get("properties")
    return props if isinstance(props, dict) else {}
