"""Characters the slide's font lacks (emoji, scripts beyond DejaVu Sans): drawn as a white
square instead of a matplotlib "Glyph missing" warning, and said once in the footer. The font
stays the one matplotlib ships, so the same inputs give the same bytes on every machine."""

from __future__ import annotations

import dataclasses
import functools
from collections.abc import Iterator

from .metrics import FONT

PLACEHOLDER = "\u25a1"  # WHITE SQUARE, in DejaVu Sans
CAVEAT = (
    f"Characters the slide's font ({FONT}) lacks are shown as {PLACEHOLDER}; "
    "the HTML map shows them."
)
_KEEP = frozenset("\n\r\t")


@functools.cache
def _charmap() -> frozenset[int]:
    from matplotlib import font_manager, ft2font

    path = font_manager.findfont(font_manager.FontProperties(family=FONT))
    return frozenset(ft2font.FT2Font(path).get_charmap())


def drawable(text: str) -> str:
    """``text`` with every character the font cannot draw replaced by the placeholder."""
    cmap = _charmap()
    if all(ord(c) in cmap or c in _KEEP for c in text):
        return text
    return "".join(c if ord(c) in cmap or c in _KEEP else PLACEHOLDER for c in text)


def lacks_glyphs(model) -> bool:
    """Whether any text of the map model has a character the font cannot draw."""
    return any(drawable(t) != t for t in _texts(model))


def _texts(node, depth: int = 0) -> Iterator[str]:
    """The strings of a map model (not the envelope set behind it, nor geometries)."""
    if isinstance(node, str):
        yield node
    elif depth > 8:
        return
    elif dataclasses.is_dataclass(node) and not isinstance(node, type):
        for f in dataclasses.fields(node):
            if f.name not in ("result", "reach", "line", "geometry", "display"):
                yield from _texts(getattr(node, f.name), depth + 1)
    elif isinstance(node, (tuple, list)):
        for item in node:
            yield from _texts(item, depth + 1)
    elif isinstance(node, dict):
        for key, value in node.items():
            yield from _texts(key, depth + 1)
            yield from _texts(value, depth + 1)


def fix_figure(fig) -> None:
    """The safety net: every text artist of the figure made drawable before it is saved."""
    from matplotlib.text import Text

    for artist in fig.findobj(Text):
        text = artist.get_text()
        if text and drawable(text) != text:
            artist.set_text(drawable(text))
