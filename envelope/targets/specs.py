"""One ``--targets`` value (a built-in set's name or a file) to target sets, chunk by chunk."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator

import numpy as np

from ..errors import EnvelopeError
from .airbases import load_airbases
from .builtin import load_airfields
from .cities import MIN_CITY_POPULATION, load_cities
from .csvfile import iter_csv
from .geojson import is_geojson, load_geojson
from .model import CHUNK_ROWS, REGION_M, TargetSet, concat
from .parquet import is_parquet, iter_parquet


def iter_targets(
    spec: str,
    segment,
    *,
    chunk_rows: int = CHUNK_ROWS,
    progress: Callable[[int], None] | None = None,
    region_m: float = REGION_M,
    min_population: int = MIN_CITY_POPULATION,
) -> Iterator[TargetSet]:
    """Chunks of one ``--targets`` value: "cities", "airfields", "airbases", a .csv, .geojson
    or .parquet file (files stream in chunks or row groups; ``min_population`` is for cities)."""
    key = spec.strip().lower()
    if key == "cities":
        yield load_cities(segment, region_m=region_m, min_population=min_population)
    elif key == "airfields":
        yield load_airfields(segment, region_m=region_m)
    elif key == "airbases":
        yield load_airbases(segment, region_m=region_m)
    elif is_geojson(spec):
        yield from _usable([load_geojson(spec)], spec)
    elif is_parquet(spec):
        yield from _usable(iter_parquet(spec, chunk_rows=chunk_rows, progress=progress), spec)
    else:
        yield from _usable(iter_csv(spec, chunk_rows=chunk_rows, progress=progress), spec)


def _usable(chunks, spec: str) -> Iterator[TargetSet]:
    """Pass chunks through; a file with no usable row at all is an error, not a zero count
    (partly bad files keep skip-and-report)."""
    good = bad = 0
    first = None
    for chunk in chunks:
        good += len(chunk)
        bad += chunk.bad_count
        first = first or next(iter(chunk.bad_rows), None)
        yield chunk
    if not good:
        name = os.path.basename(spec)
        if bad:
            raise EnvelopeError(
                f"{name}: no usable row ({bad:,} bad, first {first}); fix the rows or the columns"
            )
        raise EnvelopeError(f"{name}: no rows to read; add rows of name, lat, lon")


def load_targets(spec: str, segment=None, **kwargs) -> TargetSet:
    """A whole target set in memory (the API's convenience over :func:`iter_targets`)."""
    chunks = list(iter_targets(spec, segment, **kwargs))
    if not chunks:  # a CSV with a header only
        return TargetSet(
            source=os.path.basename(spec), kind="user", name=[], lon=np.empty(0), lat=np.empty(0)
        )
    return concat(chunks)
