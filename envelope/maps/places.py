"""Reference places every map labels, so a reader can tell where the rings reach without
``--targets``: the regional centres near the segment and the largest cities in view, from the
packaged GeoNames extract (``data/places.json``, CC BY 4.0; ``scripts/build_places.py``)."""

from __future__ import annotations

import functools
import json
import math
from dataclasses import dataclass
from pathlib import Path

_FILE = Path(__file__).resolve().parent / "data" / "places.json"
#: At most this many places are offered; painters drop those whose labels would collide.
MAX_PLACES = 14


@dataclass(frozen=True)
class Place:
    """A labelled reference place, in the order painters try to place them."""

    name: str
    lon: float
    lat: float
    population: int
    country: str  # ISO3
    regional_centre: bool


@functools.cache
def _data() -> dict:
    return json.loads(_FILE.read_text(encoding="utf-8"))


def attribution() -> str:
    return _data()["attribution"]


def reference_places(
    extent: tuple[float, float, float, float], countries: tuple[str, ...]
) -> tuple[Place, ...]:
    """The regional centres and big cities of ``countries`` within the map's extent (padded by
    about 40 km): regional centres nearest the extent's centre first, then by population."""
    minx, miny, maxx, maxy = extent
    cx, cy = (minx + maxx) / 2, (miny + maxy) / 2
    coslat = math.cos(math.radians(cy))
    pad = 0.35
    found = []
    for name, lon, lat, pop, country, centre in _data()["places"]:
        if country not in countries:
            continue
        if not (
            minx - pad / coslat <= lon <= maxx + pad / coslat and miny - pad <= lat <= maxy + pad
        ):
            continue
        found.append(Place(name, lon, lat, int(pop), country, bool(centre)))
    # the biggest cities first, then the regional centres by distance from the centre
    big = sorted(found, key=lambda p: -p.population)[:6]
    rest = sorted(
        (p for p in found if p not in big and p.regional_centre),
        key=lambda p: math.hypot((p.lon - cx) * coslat, p.lat - cy),
    )
    return tuple((big + rest)[:MAX_PLACES])
