"""Target sets to count inside envelopes: built-in cities and airfields, or the user's own points.

``model`` holds the column store and provenance, ``builtin`` the packaged sets, ``csvfile`` and
``geojson`` the user's files, ``specs`` turns a ``--targets`` value into sets.
"""

from __future__ import annotations

from .builtin import BUILTIN, MIN_CITY_POPULATION, iso2, load_airfields, load_cities
from .csvfile import iter_csv
from .geojson import is_geojson, load_geojson
from .model import CHUNK_ROWS, MAX_BAD_KEPT, REGION_M, BadRow, Provenance, TargetSet, concat
from .specs import iter_targets, load_targets

__all__ = [
    "BUILTIN",
    "CHUNK_ROWS",
    "MAX_BAD_KEPT",
    "MIN_CITY_POPULATION",
    "REGION_M",
    "BadRow",
    "Provenance",
    "TargetSet",
    "concat",
    "is_geojson",
    "iso2",
    "iter_csv",
    "iter_targets",
    "load_airfields",
    "load_cities",
    "load_geojson",
    "load_targets",
]
