"""Intake's rule patterns are package data (``patterns.toml``), like the gazetteer, so the rules
read as code and the regular expressions as one reviewable table."""

from __future__ import annotations

import re
from pathlib import Path

try:  # Python 3.11+
    import tomllib
except ModuleNotFoundError:  # pragma: no cover - Python 3.10
    import tomli as tomllib  # type: ignore[no-redef]

DATA_FILE = Path(__file__).with_name("patterns.toml")
_FLAGS = {
    "IGNORECASE": re.IGNORECASE,
    "VERBOSE": re.VERBOSE,
    "MULTILINE": re.MULTILINE,
    "DOTALL": re.DOTALL,
}
_TABLES = tomllib.loads(DATA_FILE.read_text(encoding="utf-8"))


def pattern(name: str) -> re.Pattern[str]:
    """The compiled regex ``name`` ("module.rule"), e.g. ``pattern("rules.strike")``."""
    module, rule = name.split(".")
    entry = _TABLES[module][rule]
    regex = entry["regex"]
    flags = 0
    for flag in entry["flags"]:
        flags |= _FLAGS[flag]
    return re.compile(regex if isinstance(regex, str) else "".join(regex), flags)
