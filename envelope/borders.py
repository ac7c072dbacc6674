"""Packaged border data (countries and named border segments) behind a small read-only API.

The data files are built by scripts/build_borders.py; see data/borders/PROVENANCE.md.
"""

from __future__ import annotations

import json
import math
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
    """What the CLI accepts: a packaged segment name, else a GeoJSON file."""
    if name_or_path in _segments():
        return _segments()[name_or_path]
    path = Path(name_or_path).expanduser()
    if path.is_file():
        return load_segment_file(path)
    if path.is_dir():
        raise EnvelopeError(f"segment {name_or_path!r} is a folder; give a GeoJSON file inside it")
    known = ", ".join(segment_names())
    raise EnvelopeError(
        f"unknown segment {name_or_path!r} and no such file; known segments: {known}; "
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
        return [g for sub in doc.get("geometries") or [] for g in _geometries(sub, where)]
    if kind in ("Point", "MultiPoint", "Polygon", "MultiPolygon", *_LINE_TYPES):
        return [doc]
    raise EnvelopeError(f"{where}: not GeoJSON (unknown type {kind!r}); give a LineString")


def _check_coords(line: LineString | MultiLineString, where: str) -> None:
    parts = line.geoms if isinstance(line, MultiLineString) else [line]
    for part in parts:
        for x, y, *_ in part.coords:
            if not (math.isfinite(x) and math.isfinite(y)):
                raise EnvelopeError(f"{where}: coordinate ({x}, {y}) is not a number")
            if not (-180 <= x <= 180 and -90 <= y <= 90):
                raise EnvelopeError(
                    f"{where}: coordinate ({x:g}, {y:g}) is outside lon/lat range; "
                    "the file may be in projected coordinates, reproject it to EPSG:4326"
                )


def load_segment_file(path, *, origin: str = "UKR", target: str = "RUS") -> Segment:
    """A user's own border line from GeoJSON; several lines become one MultiLineString."""
    path = Path(path)
    where = str(path)
    if not path.is_file():
        raise EnvelopeError(f"{where}: file not found; give a GeoJSON file or a segment name")
    try:
        text = path.read_text(encoding="utf-8")
        doc = json.loads(text)
    except (OSError, UnicodeDecodeError) as exc:
        raise EnvelopeError(f"{where}: cannot read the file ({exc})") from None
    except json.JSONDecodeError as exc:
        raise EnvelopeError(
            f"{where}: not JSON ({exc.msg} at line {exc.lineno}); give a GeoJSON file"
        ) from None
    geoms = _geometries(doc, where)
    lines_json = [g for g in geoms if g.get("type") in _LINE_TYPES]
    if not lines_json:
        found = ", ".join(sorted({str(g.get("type")) for g in geoms})) or "no geometry"
        raise EnvelopeError(
            f"{where}: no LineString or MultiLineString in the GeoJSON (found {found}); "
            "draw the border as a line"
        )
    lines: list[LineString] = []
    for g in lines_json:
        try:
            geom = shape(g)
        except Exception as exc:  # shapely raises several types for malformed coordinates
            raise EnvelopeError(f"{where}: malformed {g.get('type')} coordinates ({exc})") from None
        lines.extend(geom.geoms if isinstance(geom, MultiLineString) else [geom])
    lines = [ln for ln in lines if not ln.is_empty]
    if not lines:
        raise EnvelopeError(f"{where}: the line geometry is empty; add at least two points")
    merged = MultiLineString(lines)
    _check_coords(merged, where)
    if len({c[:2] for ln in lines for c in ln.coords}) < 2:
        raise EnvelopeError(f"{where}: the line has fewer than 2 distinct points; add more points")
    if len(lines) == 1:
        line: LineString | MultiLineString = lines[0]
    else:
        joined = linemerge(merged)
        line = joined if isinstance(joined, LineString) else merged
    name = path.stem
    if isinstance(doc, dict) and doc.get("type") == "Feature":
        name = (doc.get("properties") or {}).get("name") or name
    elif isinstance(doc, dict) and doc.get("type") == "FeatureCollection":
        names = {
            (f.get("properties") or {}).get("name")
            for f in doc["features"]
            if isinstance(f, dict) and (f.get("geometry") or {}).get("type") in _LINE_TYPES
        }
        names.discard(None)
        if len(names) == 1:
            name = names.pop()
    return Segment(
        name=str(name),
        line=line,
        origin=origin,
        target=target,
        description=f"user segment from {where}",
        source=where,
    )
