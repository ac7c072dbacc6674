"""A reach result as CSV, JSON, GeoJSON or a readable table (xlsx and GeoParquet: ``sheets``,
``geoparquet``)."""

from __future__ import annotations

import csv
import io
import json
import math

import numpy as np

from ..tables import spreadsheet_safe, terminal_safe
from ..units import METRES_PER_MILE
from .classify import RULE
from .result import Reach

#: Output formats by file extension (see :func:`envelope.formats.format_for`).
FORMATS = {
    ".csv": "csv",
    ".json": "json",
    ".geojson": "geojson",
    ".xlsx": "xlsx",
    ".parquet": "parquet",
}


def _cell(v) -> str:
    if isinstance(v, (bool, np.bool_)):
        return "true" if v else "false"
    if v is None:
        return ""
    return str(safe_text(v))


def safe_text(v):
    """Names and passed-through text: never a formula (OWASP) nor a terminal control."""
    if isinstance(v, str):
        return spreadsheet_safe(terminal_safe(v))
    return v


def to_csv(r: Reach) -> str:
    """CSV with a header: name, set, kind, lon, lat, distances, flags, then passed-through
    columns."""
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    header = None
    for row in r.rows():
        if header is None:
            header = list(row)
            w.writerow(header)
        w.writerow([_cell(v) for v in row.values()])
    if header is None:
        w.writerow(r.header())
    return buf.getvalue()


def _json_safe(v):
    if isinstance(v, float) and not math.isfinite(v):
        return None
    if isinstance(v, np.generic):
        return v.item()
    return v


def to_json(r: Reach) -> str:
    doc = {
        "metadata": r.metadata(),
        "counts": r.counts(),
        "claimed_not_authorized": r.claimed_not_authorized(),
        "targets": [{k: _json_safe(v) for k, v in row.items()} for row in r.rows()],
    }
    indent = 1 if len(r.targets) <= 10_000 else None  # keep big files compact
    return json.dumps(doc, ensure_ascii=False, indent=indent) + "\n"


def to_geojson(r: Reach) -> str:
    """RFC 7946 points; the counts and provenance ride along as foreign members."""
    feats = []
    for row in r.rows():
        props = {k: _json_safe(v) for k, v in row.items() if k not in ("lon", "lat")}
        feats.append(
            {
                "type": "Feature",
                "geometry": {"type": "Point", "coordinates": [row["lon"], row["lat"]]},
                "properties": props,
            }
        )
    doc = {
        "type": "FeatureCollection",
        "metadata": r.metadata(),
        "counts": [{k: v for k, v in c.items() if k != "names"} for c in r.counts()],
        "claimed_not_authorized": r.claimed_not_authorized(),
        "features": feats,
    }
    return json.dumps(doc, ensure_ascii=False) + "\n"


def _names(names: list[str], limit: int) -> str:
    shown = ", ".join(names[:limit])
    return shown + (f", ... (+{len(names) - limit:,} more)" if len(names) > limit else "")


def to_table(r: Reach, *, max_rows: int = 60, max_names: int = 12) -> str:
    """The readable report: targets within reach (nearest first), counts, claimed-not-authorized."""
    cols = r.envelope_columns()
    within = r.within_any()
    order = np.argsort(r.distance_m, kind="stable")
    shown = order[within[order]]
    t = r.targets
    srcs = t.row_sources()
    pop = t.columns.get("population")
    lines = []
    largest = max(r.envelopes, key=lambda e: e.range_m) if r.envelopes else None
    head = f"Targets within reach of segment {r.result.segment.name}"
    if r.result.as_of:
        head += f" as of {r.result.as_of.isoformat()}"
    total = len(t)
    lines.append(f"{head}: {int(within.sum()):,} of {total:,} targets, nearest first")
    for k, (_, e) in enumerate(cols, start=1):
        clip = f", clipped to {e.clipped_to}" if e.clipped_to else ", not clipped"
        lines.append(f"  [{k}] {e.name}  ({e.kind}, {e.range_m / 1000:,.3f} km{clip})")
    header = ["name", "set"] + (["population"] if pop else []) + ["km", "mi"]
    header += [str(k) for k in range(1, len(cols) + 1)]
    body = []
    for i in shown[:max_rows]:
        row = [t.name[i], srcs[i]]
        if pop:
            row.append(f"{pop[i]:,}" if isinstance(pop[i], int) else str(pop[i]))
        row += [f"{r.distance_m[i] / 1000:,.1f}", f"{r.distance_m[i] / METRES_PER_MILE:,.1f}"]
        row += ["x" if r.inside[c][i] else "." for c, _ in cols]
        body.append(row)
    lines.append("")
    if body:
        lines += _aligned(header, body, right={"population", "km", "mi"})
        if len(shown) > max_rows:
            lines.append(f"... {len(shown) - max_rows:,} more within reach (write -o FILE for all)")
    else:
        lines.append("(no target lies inside any envelope)")
    rest = total - len(shown)
    if rest and largest is not None:
        noun = "target lies" if rest == 1 else "targets lie"
        lines.append(f"{rest:,} more {noun} outside every envelope (listed in -o files).")
    lines.append("")
    lines.append("Per envelope:")
    for c in r.counts():
        sets = ", ".join(f"{s} {n:,}" for s, n in c["by_set"].items()) or "none"
        lines.append(f"  {c['envelope']}: {c['count']:,} ({sets})")
    lines.append("")
    lines.append("Authorization (column 'authorization' in -o files):")
    for a in r.authorization_counts():
        if a["count"]:
            lines.append(f"  {a['set']}: {a['authorization']} {a['count']:,}")
    lines.append("")
    lines.append(
        "Claimed but not authorized (inside the largest claimed envelope, outside the "
        "authorized one):"
    )
    cna = r.claimed_not_authorized()
    if not cna:
        lines.append("  (no weapon envelopes)")
    for c in cna:
        auth = c["authorized"] or "nothing authorized"
        names = _names(c["names"], max_names) if c["names"] else "none"
        sets = "".join(f", {s} {n:,}" for s, n in c["by_set"].items())
        lines.append(f"  {c['weapon']} ({c['claimed']} vs {auth}): {c['count']:,}{sets}: {names}")
    lines.append("")
    lines.append("Rule: " + RULE)
    for p in r.targets.provenances():
        lines.append("Source: " + p.text())
    return terminal_safe("\n".join(lines)) + "\n"  # names from files never act on a terminal


def _aligned(header, rows, right=()) -> list[str]:
    widths = [max(len(str(x)) for x in col) for col in zip(header, *rows, strict=True)]

    def fmt(vals):
        return "  ".join(
            (str(v).rjust(w) if h in right else str(v).ljust(w))
            for v, w, h in zip(vals, widths, header, strict=True)
        ).rstrip()

    return [fmt(header), fmt(["-" * w for w in widths]), *(fmt(r) for r in rows)]


def render(r: Reach, fmt: str) -> str | bytes:
    """The report in ``fmt``: text, or bytes for the binary formats (xlsx, parquet)."""
    if fmt == "xlsx":
        from .sheets import to_xlsx

        return to_xlsx(r)
    if fmt == "parquet":
        from .geoparquet import to_geoparquet

        return to_geoparquet(r)
    return {"csv": to_csv, "json": to_json, "geojson": to_geojson, "table": to_table}[fmt](r)
