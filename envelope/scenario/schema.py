"""Scenario-file validation: the allowed keys of each table and the checks of single values,
each failure one line ``FILE: KEY: PROBLEM`` (schema in seeds/README.md)."""

from __future__ import annotations

import datetime as dt
import difflib
import json
import math
import re
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any, NoReturn

from ..dates import parse_date
from ..errors import EnvelopeError
from ..units import Distance
from .model import REVIEWS, SCHEMA_VERSION, SPEAKER_TYPES

_ISO_PARTIAL = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")
_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.\-]*$")

REPORT_KEYS = {
    "id": True,
    "title": False,
    "outlet": False,
    "outlet_note": False,
    "byline": False,
    "attributions": False,
    "date": True,
    "date_basis": True,
    "date_note": False,
    "date_latest": False,
    "claims": False,
}
CLAIM_COMMON = {
    "id": True,
    "measure": True,
    "subject": True,
    "speaker": True,
    "speaker_role": False,
    "paragraph": False,
    "quote": False,
    "summary": True,
    "note": False,
    "speaker_type": False,
    "affiliation": False,
    "via": False,
    "origin": False,
    "review": False,
}
_AS_OF = {"as_of": False, "as_of_basis": False, "as_of_note": False}
CLAIM_BY_MEASURE = {
    "weapon_range": {"value": True, "unit": True, "qualifier": False},
    "place_distance": {"value": True, "unit": True, "qualifier": False, "reference": False},
    "authorized_depth": {"value": True, "unit": True, "qualifier": False, "scope": False, **_AS_OF},
    "count": {"value": True, "unit": False, "qualifier": False},
    "event_date": {"date": False, "relative": False, "date_basis": False, "qualifier": False},
    "authorization": {
        "status": True,
        "scope": False,
        "target_classes": False,
        "qualifier": False,
        **_AS_OF,
    },
}
SCENARIO_KEYS = {
    "schema": False,
    "title": False,
    "note": False,
    "base": False,
    "reports": False,
    "weapons": False,
    "timeline": False,
}
WEAPON_KEYS = {
    "name": True,
    "aliases": False,
    "supplier": False,
    "claims": False,
    "range": False,
    "note": False,
    "operator": False,  # the country its launchers stand in (issue 12)
    "standoff": False,
    "standoff_source": False,
}
INLINE_CLAIM_KEYS = {
    "id": False,
    "value": True,
    "unit": True,
    "qualifier": False,
    "report": False,
    "speaker": False,
    "speaker_role": False,
    "speaker_type": False,
    "affiliation": False,
    "via": False,
    "origin": False,
    "review": False,
    "paragraph": False,
    "quote": False,
    "summary": False,
    "note": False,
}
TIMELINE_KEYS = {
    "id": True,
    "start": False,
    "not_before": False,
    "not_after": False,
    "start_basis": True,
    "start_note": False,
    "allowed": False,
    "supplier": False,
    "weapons": True,
    "excluded": False,
    "depth": False,
    "segments": True,
    "origin": False,
    "target": False,
    "excluded_classes": False,
    "class_claims": False,
    "claims": False,
    "dissent": False,
    "summary": True,
}


class Ctx:
    """Error reporting for one file: every message is ``FILE: KEY: PROBLEM`` on one line."""

    def __init__(self, file: str) -> None:
        self.file = file

    @property
    def name(self) -> str:
        """The file's name alone, for text that ends up in outputs: never a local path."""
        return Path(self.file).name or self.file

    def fail(self, where: str, problem: str) -> NoReturn:
        where = where.lstrip(".")
        raise EnvelopeError(
            f"{self.file}: {where}: {problem}" if where else f"{self.file}: {problem}"
        )


def read_toml(path: Path, label: str) -> dict:
    """A scenario or report file, read safely (``envelope.readers``): regular files only, a
    byte-order mark accepted, syntax errors with their line."""
    from ..readers import read_toml as read

    return read(path, label)


def check_keys(ctx: Ctx, table: Any, where: str, spec: Mapping[str, bool]) -> dict:
    if not isinstance(table, dict):
        ctx.fail(where, f"expected a table, got {show(table)}")
    for key in table:
        if key not in spec:
            close = difflib.get_close_matches(key, list(spec), n=1)
            hint = f"did you mean {close[0]!r}?" if close else "expected one of " + ", ".join(spec)
            ctx.fail(f"{where}.{key}", f"unknown key; {hint}")
    for key, required in spec.items():
        if required and key not in table:
            ctx.fail(f"{where}.{key}", "missing required key")
    return table


def get_str(ctx: Ctx, table: dict, key: str, where: str, default: str = "", *, empty=True) -> str:
    if key not in table:
        return default
    value = table[key]
    if not isinstance(value, str):
        ctx.fail(f"{where}.{key}", f"expected a string, got {show(value)}")
    if not empty and not value.strip():
        ctx.fail(f"{where}.{key}", "must not be empty")
    return value


def get_choice(ctx: Ctx, table: dict, key: str, where: str, choices: Sequence[str], default=None):
    if key not in table:
        return default
    value = get_str(ctx, table, key, where)
    if value not in choices:
        ctx.fail(f"{where}.{key}", f"expected one of {', '.join(choices)}, got {show(value)}")
    return value


def get_id(ctx: Ctx, table: dict, key: str, where: str) -> str:
    value = get_str(ctx, table, key, where, empty=False)
    if not _ID.match(value):
        ctx.fail(f"{where}.{key}", f"ids use letters, digits, '_', '-', '.'; got {show(value)}")
    return value


def get_str_list(ctx: Ctx, table: dict, key: str, where: str) -> tuple[str, ...]:
    if key not in table:
        return ()
    value = table[key]
    if not isinstance(value, list):
        ctx.fail(f"{where}.{key}", f"expected an array of strings, got {show(value)}")
    for i, item in enumerate(value):
        if not isinstance(item, str) or not item.strip():
            ctx.fail(f"{where}.{key}[{i}]", f"expected a non-empty string, got {show(item)}")
    return tuple(value)


def positive(ctx: Ctx, value: Any, where: str) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        ctx.fail(where, f"expected a positive number, got {show(value)}")
    if not math.isfinite(value) or value <= 0:
        ctx.fail(where, f"expected a positive number, got {show(value)}")
    return float(value)


def distance_unit(ctx: Ctx, value: Any, where: str) -> str:
    if not isinstance(value, str):
        ctx.fail(where, f"expected a distance unit (mi, km, m, nmi), got {show(value)}")
    try:
        return Distance.of(1.0, value).unit
    except EnvelopeError as exc:
        ctx.fail(where, str(exc))


def get_day(ctx: Ctx, value: Any, where: str) -> dt.date:
    """A full ISO date: a TOML date literal or a "YYYY-MM-DD" string (``envelope.dates``)."""
    if isinstance(value, dt.datetime) or not isinstance(value, (dt.date, str)):
        ctx.fail(where, f"expected an ISO date YYYY-MM-DD, got {show(value)}")
    try:
        return parse_date(value, where)
    except EnvelopeError as exc:
        problem = str(exc).split(": ", 1)[1]
        if problem.startswith("expected"):
            ctx.fail(where, f"expected an ISO date YYYY-MM-DD, got {show(value)}")
        ctx.fail(where, f"{problem.rsplit(' (', 1)[0]}: {show(value)}")


def partial_date(ctx: Ctx, value: Any, where: str) -> tuple[dt.date, str]:
    """An ISO date at day, month ("2024-03") or year ("2022") precision."""
    if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        return value, "day"
    match = _ISO_PARTIAL.match(value.strip()) if isinstance(value, str) else None
    if match is None:
        ctx.fail(where, f"expected an ISO date YYYY-MM-DD, YYYY-MM or YYYY, got {show(value)}")
    year, month, day = match.groups()
    try:
        return dt.date(int(year), int(month or 1), int(day or 1)), (
            "day" if day else "month" if month else "year"
        )
    except ValueError as exc:
        ctx.fail(where, f"{exc}: {show(value)}")


def get_paragraph(ctx: Ctx, table: dict, where: str) -> int:
    value = table.get("paragraph", 0)
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        ctx.fail(
            f"{where}.paragraph", f"expected a paragraph number (1, 2, ...), got {show(value)}"
        )
    return value


def array_of_tables(ctx: Ctx, doc: dict, key: str, where: str) -> list:
    value = doc.get(key, [])
    if not isinstance(value, list):
        ctx.fail(f"{where}.{key}", f"expected an array of tables ([[{key}]]), got {show(value)}")
    return value


def check_schema(ctx: Ctx, doc: dict) -> None:
    version = doc.get("schema", SCHEMA_VERSION)
    if version != SCHEMA_VERSION or isinstance(version, bool):
        ctx.fail("schema", f"unsupported schema {show(version)}; this version reads schema 1")


def ref_list(ctx: Ctx, table: dict, key: str, where: str) -> list:
    value = table.get(key, [])
    if not isinstance(value, list):
        ctx.fail(
            f"{where}.{key}", f"expected an array of 'REPORT#CLAIM' strings, got {show(value)}"
        )
    return value


def show(value: Any) -> str:
    """A value as an error message shows it: strings in double quotes, like TOML."""
    if isinstance(value, str):
        return json.dumps(value, ensure_ascii=False)
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dt.datetime):
        return f"the date-time {value.isoformat()}"
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, dict):
        return "a table"
    if isinstance(value, list):
        return "an array"
    return str(value)


def speaker_fields(ctx: Ctx, table: dict, where: str) -> dict[str, str]:
    """The keys every claim shares about who said it and whether a person has checked it."""
    return {
        "speaker_role": get_str(ctx, table, "speaker_role", where),
        "speaker_type": get_choice(ctx, table, "speaker_type", where, SPEAKER_TYPES, ""),
        "affiliation": get_str(ctx, table, "affiliation", where),
        "via": get_str(ctx, table, "via", where),
        "origin": get_str(ctx, table, "origin", where),
        "review": get_choice(ctx, table, "review", where, REVIEWS, "confirmed"),
    }


def distance_text(ctx: Ctx, value: Any, where: str, example: str) -> Distance:
    """A distance string such as "24 mi" (``example`` shows one in the error)."""
    from ..units import parse_distance

    if not isinstance(value, str):
        ctx.fail(where, f"expected a distance such as {json.dumps(example)}, got {show(value)}")
    try:
        return parse_distance(value)
    except EnvelopeError as exc:
        ctx.fail(where, str(exc))
