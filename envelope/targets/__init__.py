"""Target sets to count inside envelopes: built-in cities and airfields, or the user's own points.

``model`` holds the column store and provenance; ``cities``, ``airbases`` and ``builtin`` the
packaged sets (``regions`` labels them); ``csvfile`` and
``geojson`` the user's files, ``specs`` turns a ``--targets`` value into sets.
"""

from __future__ import annotations

from .airbases import load_airbases, military_basis
from .builtin import BUILTIN, iso2, load_airfields
from .cities import MIN_CITY_POPULATION, TWIN_RULE, load_cities, merge_twins
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
    "TWIN_RULE",
    "BadRow",
    "Provenance",
    "TargetSet",
    "concat",
    "is_geojson",
    "iso2",
    "iter_csv",
    "iter_targets",
    "load_airbases",
    "load_airfields",
    "load_cities",
    "load_geojson",
    "load_targets",
    "merge_twins",
    "military_basis",
]
