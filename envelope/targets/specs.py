"""One ``--targets`` value (a built-in set's name or a file) to target sets, chunk by chunk."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator

import numpy as np

from .builtin import load_airfields, load_cities
from .csvfile import iter_csv
from .geojson import is_geojson, load_geojson
from .model import CHUNK_ROWS, REGION_M, TargetSet, concat


def iter_targets(
    spec: str,
    segment,
    *,
    chunk_rows: int = CHUNK_ROWS,
    progress: Callable[[int], None] | None = None,
    region_m: float = REGION_M,
) -> Iterator[TargetSet]:
    """Chunks of one ``--targets`` value: "cities", "airfields", a .csv or a .geojson file."""
    key = spec.strip().lower()
    if key == "cities":
        yield load_cities(segment, region_m=region_m)
    elif key == "airfields":
        yield load_airfields(segment, region_m=region_m)
    elif is_geojson(spec):
        yield load_geojson(spec)
    else:
        yield from iter_csv(spec, chunk_rows=chunk_rows, progress=progress)


def load_targets(spec: str, segment=None, **kwargs) -> TargetSet:
    """A whole target set in memory (the API's convenience over :func:`iter_targets`)."""
    chunks = list(iter_targets(spec, segment, **kwargs))
    if not chunks:  # a CSV with a header only
        return TargetSet(
            source=os.path.basename(spec), kind="user", name=[], lon=np.empty(0), lat=np.empty(0)
        )
    return concat(chunks)
