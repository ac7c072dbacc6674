"""User targets from Parquet or GeoParquet, read one record batch at a time so that memory
holds one chunk, never the file: point geometry (WKB, per the ``geo`` metadata) or lat/lon
columns; bad coordinates are skipped and reported like bad CSV rows."""

from __future__ import annotations

import json
import os
from collections.abc import Callable, Iterator

import numpy as np

from ..errors import EnvelopeError
from ..readers import check_input
from .csvfile import TARGETS_FIX
from .model import CHUNK_ROWS, MAX_BAD_KEPT, BadRow, Provenance, TargetSet

_LAT = ("lat", "latitude")
_LON = ("lon", "lng", "long", "longitude")


def is_parquet(path: str) -> bool:
    return os.path.splitext(str(path))[1].lower() in (".parquet", ".geoparquet")


def _geometry_column(pf) -> str | None:
    meta = pf.schema_arrow.metadata or {}
    if b"geo" not in meta:
        return None
    try:
        geo = json.loads(meta[b"geo"])
    except ValueError:
        return None  # unreadable "geo" metadata: read lat/lon columns, if any
    column = geo.get("primary_column") if isinstance(geo, dict) else None
    return column if isinstance(column, str) and column in pf.schema_arrow.names else None


def _unreadable(label: str, exc: Exception) -> EnvelopeError:
    first = (str(exc).strip().splitlines() or [type(exc).__name__])[0]
    return EnvelopeError(f"{label}: not a readable Parquet file ({first}); give a .parquet file")


def _check_numeric(pf, label: str, *columns: str) -> None:
    """lat/lon columns hold numbers: booleans and text are not coordinates."""
    import pyarrow as pa

    for name in columns:
        kind = pf.schema_arrow.field(name).type
        if not (pa.types.is_integer(kind) or pa.types.is_floating(kind)):
            raise EnvelopeError(
                f"{label}: column {name!r} holds {kind}, not numbers; write coordinates as numbers"
            )


def _column(names: list[str], wanted: tuple[str, ...]) -> str | None:
    return next((n for n in names if n.lower() in wanted), None)


def iter_parquet(
    path: str | os.PathLike,
    *,
    chunk_rows: int = CHUNK_ROWS,
    progress: Callable[[int], None] | None = None,
) -> Iterator[TargetSet]:
    """Chunks of at most ``chunk_rows`` rows; extra columns pass through."""
    import pyarrow.parquet as pq

    label, short = str(path), os.path.basename(str(path))
    check_input(path, label, fix=TARGETS_FIX)  # a regular file: not a folder, device or FIFO
    try:
        pf = pq.ParquetFile(path)
        names = pf.schema_arrow.names
        geom = _geometry_column(pf)
    except (OSError, ValueError, TypeError, AttributeError) as exc:  # ArrowInvalid is a ValueError
        raise _unreadable(label, exc) from None
    ilat, ilon = _column(names, _LAT), _column(names, _LON)
    if geom is None and (ilat is None or ilon is None):
        raise EnvelopeError(
            f"{label} has neither GeoParquet point geometry nor lat/lon columns; found "
            f"columns: {', '.join(names)}"
        )
    if geom is None:
        _check_numeric(pf, label, ilat, ilon)
    iname = _column(names, ("name",))
    extra = [n for n in names if n not in (geom, iname) and (geom or n not in (ilat, ilon))]
    prov = Provenance(source=short, description=f"user file {short}", license="user-supplied")
    first = 1
    batches = pf.iter_batches(batch_size=chunk_rows)
    while True:
        try:
            batch = next(batches, None)
        except (OSError, ValueError) as exc:  # a corrupt page part-way through
            raise _unreadable(label, exc) from None
        if batch is None:
            return
        yield _chunk(batch, first, short, prov, geom, ilat, ilon, iname, extra)
        first += batch.num_rows
        if progress is not None:
            progress(batch.nbytes)


def _chunk(batch, first, short, prov, geom, ilat, ilon, iname, extra) -> TargetSet:
    import shapely

    n = batch.num_rows
    if geom is not None:
        try:
            points = shapely.from_wkb(batch.column(geom).to_numpy(zero_copy_only=False))
        except (shapely.errors.GEOSException, TypeError, ValueError) as exc:
            raise EnvelopeError(f"{short}: geometry column {geom!r} is not WKB ({exc})") from None
        xy = shapely.get_coordinates(points, include_z=False)
        if len(xy) != n or not np.all(shapely.get_type_id(points) == 0):
            raise EnvelopeError(f"{short}: geometry column {geom!r} holds more than points")
        lon, lat = xy[:, 0], xy[:, 1]
    else:
        lat = batch.column(ilat).to_numpy(zero_copy_only=False).astype(float)
        lon = batch.column(ilon).to_numpy(zero_copy_only=False).astype(float)
    ok = np.isfinite(lon) & np.isfinite(lat) & (np.abs(lat) <= 90.0) & (np.abs(lon) <= 180.0)
    bad = np.flatnonzero(~ok)
    rows = np.flatnonzero(ok)
    if iname is not None:
        names = [str(v) if v is not None else "" for v in batch.column(iname).to_pylist()]
    else:
        names = [""] * n
    names = [names[i] or f"{short}:row {first + i}" for i in rows]
    cols = {c: batch.column(c).take(rows).to_pylist() for c in extra} if len(bad) else None
    if cols is None:
        cols = {c: batch.column(c).to_pylist() for c in extra}
    return TargetSet(
        source=short,
        kind="user",
        name=names,
        lon=np.ascontiguousarray(lon[rows]),
        lat=np.ascontiguousarray(lat[rows]),
        columns=cols,
        provenance=prov,
        bad_rows=[
            BadRow(short, f"row {first + i}", "lon/lat missing, not finite or out of range")
            for i in bad[:MAX_BAD_KEPT]
        ],
        bad_count=len(bad),
        rows_read=n,
    )
