"""Renderers for an :class:`~envelope.envelopes.EnvelopeSet`.

``envelope.render.html`` draws the interactive, self-contained Leaflet map. Nothing heavy is
imported here: folium loads only when a map is actually built, so ``envelope --help`` stays fast.
"""

from __future__ import annotations

__all__ = ["TILE_CHOICES", "build_map", "render_html"]


def __getattr__(name: str):
    if name in __all__:
        from . import html

        return getattr(html, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
