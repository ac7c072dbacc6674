"""The one date parser: ISO calendar days from the command line, scenario files and the API."""

from __future__ import annotations

import datetime as dt
import re

from .errors import EnvelopeError

_ISO_DAY = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def parse_date(value: str | dt.date, what: str = "date") -> dt.date:
    """An ISO day (YYYY-MM-DD), a ``date`` or a ``datetime``; ``what`` names the input in errors."""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    text = str(value).strip()
    if not _ISO_DAY.match(text):
        raise EnvelopeError(f"{what}: expected an ISO date YYYY-MM-DD, got {str(value)!r}")
    try:
        return dt.date.fromisoformat(text)
    except ValueError as exc:
        raise EnvelopeError(f"{what}: {exc} ({text!r})") from None
