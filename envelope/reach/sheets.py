"""A reach result as an Excel workbook (sheets rows, counts, sources), formula-safe and with the
same bytes for the same inputs: fixed document dates and zip entry times."""

from __future__ import annotations

import datetime as dt
import io
import json
import zipfile

from ..errors import EnvelopeError
from .result import Reach

#: Excel's row limit less the header row.
MAX_ROWS = 1_048_575
#: Document and zip dates when the result has no as-of date (zip times start in 1980).
FIXED_DATE = dt.datetime(1980, 1, 1)


def _value(v):
    from .write import safe_text

    if v is None or isinstance(v, (bool, int, float)):
        return v
    if hasattr(v, "item"):  # numpy scalars
        return v.item()
    return safe_text(str(v))


def _sheet(wb, title: str, rows: list[dict], header: list[str] | None = None) -> None:
    ws = wb.create_sheet(title)
    header = header or (list(rows[0]) if rows else [])
    ws.append([_value(h) for h in header])
    for row in rows:
        ws.append([_value(row.get(h)) for h in header])


def _count_rows(r: Reach) -> list[dict]:
    out = []
    for c in r.counts():
        by_set = ", ".join(f"{s} {n:,}" for s, n in c["by_set"].items())
        out.append(
            {k: v for k, v in c.items() if k not in ("names", "by_set")} | {"by_set": by_set}
        )
    out += [
        {"envelope": "(authorization state)", "column": a["authorization"], "kind": a["set"]}
        | {"count": a["count"]}
        for a in r.authorization_counts()
    ]
    return out


def _source_rows(r: Reach) -> list[dict]:
    meta = r.metadata()
    rows = [{"what": "rule", "value": meta["rule"]}]
    rows.append({"what": "distances", "value": meta["distances"]})
    rows.append({"what": "segment", "value": meta["segment"]})
    rows.append({"what": "as_of", "value": meta["as_of"] or ""})
    for p in r.targets.provenances():
        rows.append({"what": f"source: {p.source}", "value": p.text()})
    for e in meta["envelopes"]:
        rows.append({"what": f"envelope: {e['column']}", "value": json.dumps(e, sort_keys=True)})
    rows.append({"what": "bad rows", "value": str(meta["bad_rows"]["count"])})
    return rows


def _normalise_zip(data: bytes, when: dt.datetime) -> bytes:
    """Rewrite the archive with one fixed time on every entry, in the same order."""
    out = io.BytesIO()
    stamp = (max(when.year, 1980), when.month, when.day, 0, 0, 0)
    with zipfile.ZipFile(io.BytesIO(data)) as zin, zipfile.ZipFile(out, "w") as zout:
        for info in zin.infolist():
            entry = zipfile.ZipInfo(info.filename, date_time=stamp)
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.external_attr = 0o644 << 16
            zout.writestr(entry, zin.read(info.filename))
    return out.getvalue()


def to_xlsx(r: Reach) -> bytes:
    """The workbook's bytes: one row per target, counts per envelope and state, and sources."""
    from openpyxl import Workbook
    from openpyxl.writer.excel import ExcelWriter

    if len(r.targets) > MAX_ROWS:
        raise EnvelopeError(
            f"{len(r.targets):,} targets do not fit one Excel sheet ({MAX_ROWS:,} rows); "
            "write .csv or .parquet instead"
        )
    when = dt.datetime.combine(r.result.as_of, dt.time()) if r.result.as_of else FIXED_DATE
    wb = Workbook()
    wb.remove(wb.active)
    _sheet(wb, "rows", list(r.rows()), r.header())
    _sheet(wb, "counts", _count_rows(r))
    _sheet(wb, "sources", _source_rows(r))
    wb.properties.creator = "envelope reach"
    wb.properties.created = when
    wb.properties.modified = when
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as archive:
        ExcelWriter(wb, archive).save()
    return _normalise_zip(buf.getvalue(), when)
