"""The one format-from-extension rule, shared by every command that writes a file."""

from __future__ import annotations

import os
from collections.abc import Mapping

from .errors import EnvelopeError


def format_for(
    path: str | os.PathLike | None,
    formats: Mapping[str, str],
    *,
    stdout: str | None = None,
    given: str | None = None,
) -> str:
    """The format named by ``given``, else by the file's extension (``formats`` maps ".ext" to a
    format name); ``None`` or "-" (standard output) gives ``stdout``."""
    names = sorted(set(formats.values()))
    if given:
        fmt = given.lower().lstrip(".")
        if fmt not in names:
            raise EnvelopeError(f"unsupported format {given!r}; use one of {', '.join(names)}")
        return fmt
    if path is None or str(path) == "-":
        if stdout is None:
            raise EnvelopeError("this output cannot go to standard output; give a file name")
        return stdout
    ext = os.path.splitext(str(path))[1].lower()
    if ext in formats:
        return formats[ext]
    exts = ", ".join(sorted(formats))
    raise EnvelopeError(
        f"cannot tell the format of {os.path.basename(str(path))!r}; name it {exts}"
    )
