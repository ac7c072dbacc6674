"""Where packaged data lives: inside the wheel, or at the repository root in a source checkout."""

from __future__ import annotations

from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent
_CANDIDATES = {
    "borders": (_PACKAGE / "_data" / "borders", _PACKAGE.parent / "data" / "borders"),
    "seeds": (_PACKAGE / "_data" / "seeds", _PACKAGE.parent / "seeds"),
    "targets": (_PACKAGE / "_data" / "targets", _PACKAGE.parent / "data" / "targets"),
}


def data_dir(kind: str) -> Path:
    """Return the directory of a packaged data kind ("borders" or "seeds")."""
    for candidate in _CANDIDATES[kind]:
        if candidate.is_dir():
            return candidate
    raise FileNotFoundError(f"packaged {kind} data is missing; reinstall envelope")
