"""The interactive map: the map model painted with Leaflet as one self-contained, offline page.

Leaflet is vendored (``vendor/VENDOR.md``) and inlined with the page's own ``map.js`` and
``map.css``; no CDN asset is referenced unless ``cdn=True``. folium is not needed to write a
page; ``build_map`` wraps the page in a folium/branca figure for Jupyter.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from .page import TILE_CHOICES, tile_provider

if TYPE_CHECKING:  # pragma: no cover
    import branca.element

    from ...envelopes import EnvelopeSet
    from ..model import MapModel

__all__ = ["TILE_CHOICES", "build_map", "render_html", "tile_provider"]


def render_html(
    result: EnvelopeSet | MapModel,
    *,
    title: str | None = None,
    tiles: str | None = None,
    cdn: bool = False,
    fragment: bool = False,
    targets=None,
    id_prefix: str | None = None,
    height: str | None = None,
) -> str:
    """The map as HTML text: a whole page, or with ``fragment=True`` one ``<div>`` holding its
    styles and scripts, to paste into another page. The same inputs give the same bytes.

    ``tiles``: None/"none" (offline) or a name from :data:`TILE_CHOICES`/xyzservices;
    ``cdn``: link Leaflet from unpkg (with SRI) instead of inlining it; ``targets``: points of
    interest ((name, lon, lat) tuples, mappings, a TargetSet or a Reach); ``id_prefix``: stem
    for element ids (default: a hash of the content); ``height``: CSS height of the map.
    """
    from ..model import MapModel, build_map_model
    from .page import render_page

    if tiles is not None and tiles.lower() == "none":
        tiles = None
    model = (
        result
        if isinstance(result, MapModel)
        else build_map_model(result, targets=targets, title=title)
    )
    return render_page(
        model, tiles=tiles, cdn=cdn, fragment=fragment, id_prefix=id_prefix, height=height
    )


def build_map(
    result: EnvelopeSet | MapModel, *, height: str = "600px", **options
) -> branca.element.Figure:
    """The map as a folium (branca) Figure: it displays inline in Jupyter, ``.save(path)``
    writes the page. Options as for :func:`render_html`."""
    from branca.element import Element, Figure

    class _Page(Element):
        def __init__(self, text: str):
            super().__init__()
            self.text = text

        def render(self, **kwargs) -> str:
            return self.text

    fig = Figure(height=height)
    fig.html.add_child(_Page(render_html(result, fragment=True, height="100%", **options)))
    return fig
