"""Per-target rows of a target file too large to hold, written chunk by chunk as CSV or
GeoParquet into a temporary file beside the output and renamed over it at the end (all or
nothing: :func:`envelope.export.write.replacing`)."""

from __future__ import annotations

import os
from collections.abc import Callable

from ..export.write import check_writable, in_place, replacing
from .classify import Classifier


def can_spool(output: str | None, fmt: str, specs: list[str]) -> bool:
    """One user file written to a regular file as CSV or GeoParquet streams chunk by chunk."""
    if output is None or output == "-" or fmt not in ("csv", "parquet") or len(specs) != 1:
        return False
    spec = specs[0]
    user_file = spec.strip().lower() not in ("cities", "airfields", "airbases")
    return user_file and not spec.lower().endswith((".json", ".geojson")) and not in_place(output)


def spool(
    result,
    spec: str,
    output: str,
    fmt: str,
    *,
    chunk_rows: int = 100_000,
    progress: Callable[[int], None] | None = None,
    classifier: Classifier | None = None,
) -> tuple[dict[str, int], list]:
    """Write every target of ``spec`` with its distance, flags and authorization columns;
    returns the bad-row counts per source and the first bad rows. Memory holds one chunk."""
    from ..targets import iter_targets
    from .compute import reach
    from .write import to_csv

    clf = classifier or Classifier(result)
    bad: dict[str, int] = {}
    first: list = []
    writer = None
    check_writable(output)
    with replacing(output) as tmp, open(tmp, "wb") as fh:
        for chunk in iter_targets(spec, result.segment, chunk_rows=chunk_rows, progress=progress):
            r = reach(result, chunk, classifier=clf)
            if chunk.bad_count:
                bad[chunk.source] = bad.get(chunk.source, 0) + chunk.bad_count
                first += chunk.bad_rows[: max(0, 5 - len(first))]
            if fmt == "csv":
                text = to_csv(r)
                if writer is not None:  # the header once
                    text = text.split("\n", 1)[1]
                fh.write(text.encode("utf-8"))
                writer = True
            else:
                writer = _parquet_chunk(r, fh, writer, output)
        if writer not in (None, True):
            writer.close()
    return bad, first


def _parquet_chunk(r, fh, writer, output):
    import pyarrow.parquet as pq

    from ..errors import EnvelopeError
    from .geoparquet import table

    t = table(r, bbox=False)
    if writer is None:
        writer = pq.ParquetWriter(fh, t.schema, compression="zstd")
    try:
        writer.write_table(t.cast(writer.schema))
    except (ValueError, TypeError) as exc:
        raise EnvelopeError(
            f"cannot write {os.path.basename(output)}: a column changes type between chunks "
            f"({exc}); write .csv instead"
        ) from None
    return writer
