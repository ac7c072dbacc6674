"""Style tokens from ``theme.toml``: one place for the colours, opacities, strokes and legend words
every medium uses, so a slide, a browser and Google Earth tell the same story."""

from __future__ import annotations

import functools
import hashlib
from pathlib import Path
from typing import Any

_FILE = Path(__file__).resolve().parent / "theme.toml"


@functools.cache
def theme() -> dict[str, Any]:
    """The parsed theme file (read once)."""
    try:
        import tomllib
    except ModuleNotFoundError:  # pragma: no cover - Python 3.10
        import tomli as tomllib
    return tomllib.loads(_FILE.read_text(encoding="utf-8"))


def weapon_colour(weapon: str | None) -> str:
    """A built-in weapon's fixed colour; a user's weapon gets one from a hash of its name that is
    none of the built-in colours. Never depends on what else is on the map."""
    if not weapon:
        return colour("range")
    t = theme()
    fixed = t["weapons"].get(weapon) or {k.casefold(): v for k, v in t["weapons"].items()}.get(
        weapon.casefold()
    )
    if fixed:
        return fixed
    palette = t["user_weapons"]["palette"]
    digest = hashlib.sha256(weapon.strip().casefold().encode("utf-8")).digest()
    return palette[int.from_bytes(digest[:4], "big") % len(palette)]


def colour(name: str) -> str:
    return theme()["colours"][name]


def country_fill(role: str) -> str:
    return theme()["country_fill"][role]


def look(name: str) -> dict[str, Any]:
    """A look's tokens with defaults filled in (no fill, no edge, solid, opaque, no hatch)."""
    base = {"fill": 0.0, "width": 0.0, "width_pt": 0.0, "dash": "", "dash_pt": "", "hatch": 0.0}
    return {**base, "edge_opacity": 1.0, **theme()["look"][name]}


def segment_style() -> dict[str, float]:
    return dict(theme()["segment"])


def legend(key: str) -> str:
    return theme()["legend"][key]


def targets() -> dict[str, Any]:
    return theme()["targets"]


def country_name_fallbacks() -> dict[str, str]:
    return dict(theme()["countries"])


def kml_colour(hex_rgb: str, opacity: float = 1.0) -> str:
    """'#0072B2', 0.5 -> '7fb27200': KML writes colours as aabbggrr."""
    h = hex_rgb.lstrip("#")
    r, g, b = h[0:2], h[2:4], h[4:6]
    a = max(0, min(255, int(opacity * 255)))
    return f"{a:02x}{b}{g}{r}".lower()
