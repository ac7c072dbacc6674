"""What lies within reach: targets classified against every envelope, counted, and written out.

The rule, everywhere: a target is inside an envelope iff its exact geodesic distance to the
segment is <= the range and, for an envelope clipped to a country, it lies in that country's
polygon (built-in sets also need their own country code to agree). ``classify`` applies it,
``compute`` runs it over target sets, ``result`` counts, ``write`` and ``markers`` present.
"""

from __future__ import annotations

from .classify import MARGIN_M, RULE, Classifier
from .compute import bad_row_lines, reach
from .markers import map_targets
from .result import Reach
from .spool import can_spool, spool
from .states import state_columns, with_state_columns
from .stream import Counts, count_inside
from .write import FORMATS, render, to_csv, to_geojson, to_json, to_table

#: The public API's name for :func:`reach` (``envelope.reach`` itself names this package).
compute_reach = reach

__all__ = [
    "FORMATS",
    "MARGIN_M",
    "RULE",
    "Classifier",
    "Counts",
    "Reach",
    "bad_row_lines",
    "can_spool",
    "compute_reach",
    "count_inside",
    "map_targets",
    "reach",
    "render",
    "spool",
    "state_columns",
    "to_csv",
    "to_geojson",
    "to_json",
    "to_table",
    "with_state_columns",
]
