"""User CSVs of name, lat, lon, read in chunks so that a million rows never sit in memory as
dicts; bad rows are skipped and reported with their line numbers, never fatal."""

from __future__ import annotations

import csv
import math
import os
from collections.abc import Callable, Iterator, Sequence

import numpy as np

from ..errors import EnvelopeError
from ..readers import open_text
from .model import CHUNK_ROWS, MAX_BAD_KEPT, BadRow, Provenance, TargetSet

#: The end of the line for a --targets value that is no file.
TARGETS_FIX = "give 'cities', 'airfields', or a .csv or .geojson file"
_LAT_NAMES = ("lat", "latitude")
_LON_NAMES = ("lon", "lng", "long", "longitude")


def finite(text, what: str, lo: float, hi: float) -> tuple[float | None, str | None]:
    """Parse one coordinate; (value, None) or (None, the reason it was rejected)."""
    if text is None or (isinstance(text, str) and not text.strip()):
        return None, f"{what} is missing"
    try:
        v = float(text)
    except (TypeError, ValueError):
        return None, f"{what} {str(text).strip()!r} is not a number"
    if not math.isfinite(v):
        return None, f"{what} {str(text).strip()} is not a finite number"
    if not lo <= v <= hi:
        return None, f"{what} {str(text).strip()} is outside {lo:g}..{hi:g}"
    return v, None


def _pick(header: list[str], names: Sequence[str], path: str, what: str) -> int | None:
    found = [i for i, h in enumerate(header) if h.strip().lower() in names]
    if len(found) > 1:
        cols = ", ".join(header[i] for i in found)
        raise EnvelopeError(f"{path}: several {what} columns ({cols}); keep one")
    return found[0] if found else None


def _delimiter(first_line: str) -> str:
    if "," in first_line:
        return ","
    for d in (";", "\t", "|"):
        if d in first_line:
            return d
    return ","


class _Counted:
    """Line iterator that reports how many bytes were read, for a progress bar."""

    STEP = 1 << 20  # report every ~1 MB: a progress bar redraw per line would cost more

    def __init__(self, fh, progress: Callable[[int], None] | None) -> None:
        self._fh, self._progress, self._pending = fh, progress, 0

    def __iter__(self):
        return self

    def __next__(self) -> str:
        try:
            line = next(self._fh)
        except StopIteration:
            self._flush()
            raise
        if self._progress is not None:
            self._pending += len(line)
            if self._pending >= self.STEP:
                self._flush()
        return line

    def _flush(self) -> None:
        if self._progress is not None and self._pending:
            self._progress(self._pending)
            self._pending = 0


def iter_csv(
    path: str | os.PathLike,
    *,
    chunk_rows: int = CHUNK_ROWS,
    progress: Callable[[int], None] | None = None,
) -> Iterator[TargetSet]:
    """Read a CSV of name, lat, lon (any case; also latitude/longitude) in chunks of rows.

    Extra columns pass through. Bad rows are skipped and listed in each chunk's ``bad_rows``;
    a file without lat/lon columns is an EnvelopeError naming the columns it has.
    """
    label = str(path)
    short = os.path.basename(label)
    fh = open_text(path, label, fix=TARGETS_FIX)  # a regular file, BOM skipped; closed below
    try:
        try:
            first = fh.readline()
        except UnicodeDecodeError as exc:
            raise EnvelopeError(f"{label} is not UTF-8 text ({exc.reason})") from exc
        if not first.strip():
            raise EnvelopeError(f"{label} is empty; expected a header with name, lat, lon")
        if progress is not None:
            progress(len(first))
        delim = _delimiter(first)
        header = next(csv.reader([first], delimiter=delim))
        ilat = _pick(header, _LAT_NAMES, label, "latitude")
        ilon = _pick(header, _LON_NAMES, label, "longitude")
        if ilat is None or ilon is None:
            missing = " and ".join(w for w, i in (("lat", ilat), ("lon", ilon)) if i is None)
            raise EnvelopeError(
                f"{label} has no {missing} column; found columns: "
                f"{', '.join(h.strip() for h in header) or '(none)'} "
                "(expected name, lat, lon; latitude/longitude also work)"
            )
        iname = _pick(header, ("name",), label, "name")
        extra = [i for i in range(len(header)) if i not in (ilat, ilon, iname)]
        extra_names = [header[i].strip() or f"column_{i + 1}" for i in extra]
        reader = csv.reader(_Counted(fh, progress), delimiter=delim)
        width = len(header)
        yield from _csv_chunks(
            reader, short, label, chunk_rows, ilat, ilon, iname, extra, extra_names, width
        )
    except UnicodeDecodeError as exc:
        raise EnvelopeError(f"{label} is not UTF-8 text ({exc.reason})") from exc
    except csv.Error as exc:
        raise EnvelopeError(f"{label}: unreadable CSV ({exc})") from exc
    finally:
        fh.close()


def _csv_chunks(reader, short, label, chunk_rows, ilat, ilon, iname, extra, extra_names, width):
    prov = Provenance(source=short, description=f"user file {short}", license="user-supplied")
    while True:
        lines: list[int] = []
        rows: list[list[str]] = []
        for row in reader:
            if not row or (len(row) == 1 and not row[0].strip()):
                continue  # blank line
            rows.append(row)
            lines.append(reader.line_num + 1)  # + the header line, read before the reader
            if len(rows) >= chunk_rows:
                break
        if not rows:
            return
        yield _parse_rows(rows, lines, short, prov, ilat, ilon, iname, extra, extra_names, width)
        if len(rows) < chunk_rows:
            return


def _parse_rows(rows, lines, short, prov, ilat, ilon, iname, extra, extra_names, width):
    """Vectorised parse of one chunk; only a chunk with a bad value is parsed row by row."""
    if all(len(r) >= width for r in rows):
        try:
            lat = np.array([r[ilat] for r in rows], dtype=float)
            lon = np.array([r[ilon] for r in rows], dtype=float)
            ok = (
                np.isfinite(lat) & np.isfinite(lon) & (np.abs(lat) <= 90.0) & (np.abs(lon) <= 180.0)
            )
        except ValueError:
            ok = None
        if ok is not None and ok.all():
            return TargetSet(
                source=short,
                kind="user",
                name=[
                    (r[iname].strip() if iname is not None else "") or f"{short}:{n}"
                    for r, n in zip(rows, lines, strict=True)
                ],
                lon=lon,
                lat=lat,
                columns={c: [r[i] for r in rows] for c, i in zip(extra_names, extra, strict=True)},
                provenance=prov,
                rows_read=len(rows),
            )
    good_lat, good_lon, keep, bad = [], [], [], []
    bad_count = 0
    for k, (r, n) in enumerate(zip(rows, lines, strict=True)):
        y, why_lat = finite(r[ilat] if ilat < len(r) else None, "lat", -90.0, 90.0)
        x, why_lon = finite(r[ilon] if ilon < len(r) else None, "lon", -180.0, 180.0)
        why = "; ".join(w for w in (why_lat, why_lon) if w)
        if why:
            bad_count += 1
            if len(bad) < MAX_BAD_KEPT:
                bad.append(BadRow(short, str(n), why))
            continue
        good_lat.append(y)
        good_lon.append(x)
        keep.append(k)
    kept = [rows[k] for k in keep]
    return TargetSet(
        source=short,
        kind="user",
        name=[
            ((r[iname].strip() if iname is not None and iname < len(r) else "") or f"{short}:{n}")
            for r, n in zip(kept, [lines[k] for k in keep], strict=True)
        ],
        lon=np.array(good_lon, float),
        lat=np.array(good_lat, float),
        columns={
            c: [r[i] if i < len(r) else "" for r in kept]
            for c, i in zip(extra_names, extra, strict=True)
        },
        provenance=prov,
        bad_rows=bad,
        bad_count=bad_count,
        rows_read=len(rows),
    )
