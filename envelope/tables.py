"""The one table printer: rows of dicts as an aligned text table, JSON or CSV, with untrusted
text neutralised for its consumer (control characters for terminals, formula prefixes for
spreadsheets)."""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Mapping, Sequence
from typing import Any

from .errors import EnvelopeError

_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
#: OWASP CSV injection: cells starting with these are read as formulas by spreadsheets.
_FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
_PLAIN_NUMBER = re.compile(r"[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?")


def terminal_safe(text: str) -> str:
    """Show control characters (ESC, BEL, ...) as escapes so they never act on a terminal."""
    return _CONTROL.sub(lambda m: repr(m.group())[1:-1], text)


def spreadsheet_safe(value: Any) -> Any:
    """Prefix text a spreadsheet would run as a formula with an apostrophe (OWASP rule);
    numbers, and text that is a plain number such as "-12.5", pass through unchanged."""
    if (
        isinstance(value, str)
        and value.startswith(_FORMULA_PREFIXES)
        and not _PLAIN_NUMBER.fullmatch(value)
    ):
        return "'" + value
    return value


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float):
        return f"{value:g}"
    if isinstance(value, (list, tuple)):
        return ", ".join(_cell(v) for v in value)
    return terminal_safe(str(value))


def format_table(rows: Sequence[Mapping[str, Any]], columns: Sequence[str] | None = None) -> str:
    """Rows as a plain fixed-width text table (no trailing spaces), safe for a terminal."""
    if not rows:
        return ""
    columns = list(columns or rows[0].keys())
    cells = [[_cell(row.get(col)) for col in columns] for row in rows]
    widths = [max(len(col), *(len(r[i]) for r in cells)) for i, col in enumerate(columns)]
    lines = [columns, ["-" * w for w in widths], *cells]
    return "\n".join(
        "  ".join(v.ljust(w) for v, w in zip(line, widths, strict=True)).rstrip() for line in lines
    )


def _csv_cell(value: Any) -> Any:
    """A CSV cell safe for a spreadsheet and, on standard output, for a terminal."""
    if value is None:
        return ""
    if isinstance(value, str):
        return spreadsheet_safe(terminal_safe(value))
    return value


def format_csv(rows: Sequence[Mapping[str, Any]], columns: Sequence[str] | None = None) -> str:
    """Rows as CSV with a header, formula-safe for spreadsheets."""
    out = io.StringIO()
    if rows:
        columns = list(columns or rows[0].keys())
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow([_csv_cell(c) for c in columns])
        for row in rows:
            writer.writerow([_csv_cell(row.get(c)) for c in columns])
    return out.getvalue()


def format_rows(rows: Sequence[Mapping[str, Any]], fmt: str = "table") -> str:
    """Rows as ``table``, ``json`` (an array of objects) or ``csv`` (with a header)."""
    if fmt == "table":
        return format_table(rows)
    if fmt == "json":
        return json.dumps(list(rows), indent=2, ensure_ascii=False, default=str)
    if fmt == "csv":
        return format_csv(rows).rstrip("\n")
    raise EnvelopeError(f"unknown format {fmt!r}; use table, json or csv")
