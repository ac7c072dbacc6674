"""Safe reading of every input file: regular files only, size limits, BOMs, JSON depth, TOML,
and strict coordinates. Each failure is an EnvelopeError of one line naming the file and fix.

Policy: inputs must be regular files (a device such as /dev/zero, a FIFO or a folder is named
as such, never "no such file"); UTF-8 with or without a byte-order mark (RFC 8259 allows
parsers to ignore it); JSON without NaN/Infinity and at most ``MAX_JSON_DEPTH`` levels deep;
coordinates are JSON numbers, never booleans or strings.
"""

from __future__ import annotations

import json
import math
import os
import re
import stat
from pathlib import Path
from typing import IO, Any

from .errors import EnvelopeError, file_kind, os_error

MIB = 1024 * 1024
#: Size limits by kind of input: far above any real border line or scenario, far below memory.
LIMITS = {"json": 256 * MIB, "toml": 8 * MIB, "csv": None}
#: GeoJSON is at most 5 levels deep in coordinates, plus a few for collections and properties.
MAX_JSON_DEPTH = 64
BOM = "\ufeff"
_UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")


def source_name(path: str | os.PathLike) -> str:
    """How an output names an input file: its file name only, never a local path."""
    return Path(str(path)).name or str(path)


def check_input(
    path: str | os.PathLike, where: str | None = None, *, fix: str = "check the path"
) -> os.stat_result:
    """The input must exist and be a regular file; returns its stat. ``fix`` ends the line
    for a missing file."""
    where = str(path) if where is None else where
    if not str(path).strip() or not where.strip():
        raise EnvelopeError("the input file name is empty; give a file path")
    try:
        st = os.stat(path)
    except FileNotFoundError:
        raise EnvelopeError(f"{where}: no such file; {fix}") from None
    except OSError as exc:
        raise os_error(where, exc, "read") from None
    if stat.S_ISDIR(st.st_mode):
        raise EnvelopeError(f"{where}: is a folder, not a file; give a file inside it")
    if not stat.S_ISREG(st.st_mode):
        raise EnvelopeError(
            f"{where}: is {file_kind(st.st_mode)}, not a regular file; save the data to a file "
            "and give its path"
        )
    return st


def read_bytes(
    path: str | os.PathLike, where: str | None = None, *, limit: int | None, **fix: str
) -> bytes:
    """The whole file, if it is a regular file of at most ``limit`` bytes."""
    where = str(path) if where is None else where
    st = check_input(path, where, **fix)
    if limit is not None and st.st_size > limit:
        raise EnvelopeError(
            f"{where}: is {st.st_size / MIB:,.1f} MiB, over the {limit / MIB:,.0f} MiB limit "
            "for this kind of file; give a smaller file"
        )
    try:
        with open(path, "rb") as fh:
            data = fh.read() if limit is None else fh.read(limit + 1)
    except OSError as exc:
        raise os_error(where, exc, "read") from None
    if limit is not None and len(data) > limit:
        raise EnvelopeError(
            f"{where}: is over the {limit / MIB:,.0f} MiB limit; give a smaller file"
        )
    return data


def decode_text(data: bytes, where: str) -> str:
    """UTF-8 text with any byte-order mark removed; UTF-16 and other encodings are named."""
    if data.startswith(_UTF16_BOMS):
        raise EnvelopeError(f"{where}: is UTF-16 text; save it as UTF-8")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise EnvelopeError(
            f"{where}: line {line}: not UTF-8 text (byte 0x{data[exc.start]:02x}); save it as UTF-8"
        ) from None
    return text[1:] if text.startswith(BOM) else text


def read_text(
    path: str | os.PathLike, where: str | None = None, *, kind: str = "json", **fix: str
) -> str:
    """A regular UTF-8 text file within the size limit of its kind, without its BOM."""
    where = str(path) if where is None else where
    return decode_text(read_bytes(path, where, limit=LIMITS.get(kind), **fix), where)


def open_text(path: str | os.PathLike, where: str | None = None, **fix: str) -> IO[str]:
    """A streamed text file (large CSVs): checked to be a regular file; BOM skipped."""
    where = str(path) if where is None else where
    check_input(path, where, **fix)
    try:
        return open(path, encoding="utf-8-sig", newline="")  # noqa: SIM115 - caller closes
    except OSError as exc:
        raise os_error(where, exc, "read") from None


# --------------------------------------------------------------------------------------------
# JSON


def _no_constant(name: str):
    raise ValueError(f"{name} is not a number JSON allows")


def parse_json(text: str, where: str) -> Any:
    """JSON text (RFC 8259): BOM accepted, NaN/Infinity refused, depth at most MAX_JSON_DEPTH."""
    if text.startswith(BOM):
        text = text[1:]
    try:
        doc = json.loads(text, parse_constant=_no_constant)
    except json.JSONDecodeError as exc:
        raise EnvelopeError(
            f"{where}: not JSON ({exc.msg} at line {exc.lineno}, column {exc.colno}); "
            "give a valid JSON file"
        ) from None
    except RecursionError:
        raise _too_deep(where) from None
    except ValueError as exc:  # NaN, Infinity, or a number Python cannot hold
        raise EnvelopeError(f"{where}: {exc}; write coordinates as plain numbers") from None
    if _depth_over(doc, MAX_JSON_DEPTH):
        raise _too_deep(where)
    return doc


def read_json(path: str | os.PathLike, where: str | None = None, **fix: str) -> Any:
    """A JSON file, read safely (see ``read_text`` and ``parse_json``)."""
    where = str(path) if where is None else where
    return parse_json(read_text(path, where, kind="json", **fix), where)


def _too_deep(where: str) -> EnvelopeError:
    return EnvelopeError(
        f"{where}: JSON nested more than {MAX_JSON_DEPTH} levels deep; GeoJSON needs far fewer, "
        "check the file"
    )


def _depth_over(doc: Any, limit: int) -> bool:
    """Iteratively (no recursion), whether containers nest deeper than ``limit``."""
    stack = [(doc, 1)]
    while stack:
        node, depth = stack.pop()
        if depth > limit:
            return True
        if isinstance(node, dict):
            children: Any = node.values()
        elif isinstance(node, list):
            if node and isinstance(node[0], (int, float)):
                continue  # a coordinate position: numbers only
            children = node
        else:
            continue
        stack.extend((c, depth + 1) for c in children if isinstance(c, (dict, list)))
    return False


# --------------------------------------------------------------------------------------------
# TOML

_TOML_POS = re.compile(r"\s*\(at line (\d+), column (\d+)\)")


def parse_toml(text: str, where: str) -> dict:
    """TOML text: BOM accepted; a syntax error names its line and column."""
    try:
        import tomllib
    except ModuleNotFoundError:  # pragma: no cover - Python 3.10
        import tomli as tomllib  # type: ignore[no-redef]

    if text.startswith(BOM):
        text = text[1:]
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        message = str(exc)
        pos = _TOML_POS.search(message)
        bare = _TOML_POS.sub("", message).strip()
        if pos:
            raise EnvelopeError(
                f"{where}: line {pos.group(1)}: invalid TOML: {bare} (column {pos.group(2)})"
            ) from None
        raise EnvelopeError(f"{where}: invalid TOML: {bare}") from None
    except RecursionError:
        raise EnvelopeError(f"{where}: TOML nested too deeply; check the file") from None


def read_toml(path: str | os.PathLike, where: str | None = None) -> dict:
    """A TOML file, read safely."""
    where = str(path) if where is None else where
    return parse_toml(read_text(path, where, kind="toml"), where)


# --------------------------------------------------------------------------------------------
# values


def number(value: Any, where: str, what: str = "value") -> float:
    """A finite number: not a boolean, not text, not NaN or infinite."""
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise EnvelopeError(f"{where}: {what} {_show(value)} is not a number; write a plain number")
    try:
        out = float(value)
    except OverflowError:
        out = math.inf
    if not math.isfinite(out):
        raise EnvelopeError(f"{where}: {what} {_show(value)} is not a finite number")
    return out


def position(value: Any, where: str) -> tuple[float, float]:
    """A GeoJSON position [lon, lat(, z)] of real numbers within lon/lat bounds."""
    if not isinstance(value, (list, tuple)) or not 2 <= len(value) <= 4:
        raise EnvelopeError(
            f"{where}: position {_show(value)} is not [lon, lat]; write each point as two numbers"
        )
    lon = number(value[0], where, "longitude")
    lat = number(value[1], where, "latitude")
    if not (-180 <= lon <= 180 and -90 <= lat <= 90):
        raise EnvelopeError(
            f"{where}: coordinate ({lon:g}, {lat:g}) is outside lon/lat range; "
            "the file may be in projected coordinates, reproject it to EPSG:4326"
        )
    return lon, lat


def positions(value: Any, where: str, *, min_points: int = 1) -> list[tuple[float, float]]:
    """A list of positions; lines need ``min_points=2`` distinct points."""
    if not isinstance(value, (list, tuple)):
        raise EnvelopeError(f"{where}: coordinates {_show(value)} are not a list of positions")
    out = [position(v, where) for v in value]
    if len(set(out)) < min_points:
        raise EnvelopeError(
            f"{where}: a line needs at least {min_points} distinct points, this one has "
            f"{len(set(out))}; add more points"
        )
    return out


def _show(value: Any) -> str:
    text = json.dumps(value, ensure_ascii=False, default=str) if value is not None else "null"
    return text if len(text) <= 40 else text[:37] + "..."
