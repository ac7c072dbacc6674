"""Text measured in the slide's font, so lines fill but never overflow and labels never touch."""

from __future__ import annotations

import functools

FONT = "DejaVu Sans"  # shipped with matplotlib: the same glyphs, hence bytes, on every machine


@functools.cache
def _measure():
    from matplotlib.textpath import TextToPath

    return TextToPath()


@functools.cache
def _prop(size_pt: float):
    from matplotlib.font_manager import FontProperties

    return FontProperties(family=FONT, size=size_pt)


@functools.lru_cache(maxsize=4096)
def text_width(text: str, size_pt: float) -> float:
    """Width in inches of ``text`` in the slide's font."""
    return _measure().get_text_width_height_descent(text, _prop(size_pt), ismath=False)[0] / 72


def wrap(text: str, width_in: float, size_pt: float) -> list[str]:
    """Greedy word wrap measured with the real font: a line is measured whole only when the
    sum of its words' widths comes near the limit (kerning across a space is tiny)."""
    space = text_width("a a", size_pt) - text_width("aa", size_pt)
    lines, line, approx = [], "", 0.0
    for word in text.split():
        w = text_width(word, size_pt)
        trial = f"{line} {word}" if line else word
        guess = approx + space + w if line else w
        fits = guess <= 0.97 * width_in or (
            guess <= 1.03 * width_in and text_width(trial, size_pt) <= width_in
        )
        if fits or not line:
            line, approx = trial, guess
        else:
            lines.append(line)
            line, approx = word, w
    return lines + ([line] if line else [])


def plain(text: str) -> str:
    """User text shown literally: a "$" would otherwise start matplotlib's mathtext, and a
    character the font lacks would warn (see ``glyphs``)."""
    from .glyphs import drawable

    return drawable(str(text)).replace("$", r"\$")
