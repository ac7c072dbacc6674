"""Static briefing maps (PNG, SVG, PDF): the map model painted with matplotlib, offline and
byte-reproducible. matplotlib is used through the Agg canvas only (never pyplot), so a
notebook's own backend is left alone."""

from __future__ import annotations

import io
import math
import os
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # pragma: no cover
    from matplotlib.figure import Figure

    from ...envelopes import EnvelopeSet
    from ..model import MapModel

__all__ = ["FORMATS", "build_figure", "figure_size", "render_static", "write_static"]

FORMATS = ("png", "svg", "pdf")
#: The layout is designed at 12.8 x 7.2 in and 150 dpi (1920 x 1080 px); other pixel sizes scale
#: the dpi, so a thumbnail is the same picture, smaller.
DESIGN_INCHES = (12.8, 7.2)
DESIGN_DPI = 150.0
# Everything that would otherwise stamp a date, version or random id into the file.
_METADATA = {
    "png": {"Software": None},
    "svg": {"Creator": None, "Date": None, "Format": None, "Type": None},
    "pdf": {"Creator": None, "Producer": None, "CreationDate": None, "ModDate": None},
}
_RC = {
    "font.family": "DejaVu Sans",
    "svg.hashsalt": "envelope",
    "svg.fonttype": "path",
    "pdf.fonttype": 42,
    "pdf.compression": 6,
    "hatch.linewidth": 0.9,
    "path.simplify": False,
    "axes.unicode_minus": True,
}


def format_for(path: str | os.PathLike | None, fmt: str | None = None) -> str:
    """The image format: ``fmt`` if given, else the file's extension (png, svg or pdf)."""
    from ...formats import format_for as rule

    return rule(path, {f".{f}": f for f in FORMATS}, given=fmt, stdout="png")


def figure_size(
    width: int | None = None, height: int | None = None, dpi: float | None = None
) -> tuple[float, float, float]:
    """(width_in, height_in, dpi) for a request in pixels and/or dpi; default 1920 x 1080 px.

    Pixel sizes alone keep the designed layout (text scales with the image); a dpi alone keeps the
    designed inches; both give exactly width/dpi by height/dpi inches.
    """
    from ...errors import EnvelopeError

    for name, v in (("width", width), ("height", height), ("dpi", dpi)):
        if v is not None and not (v > 0 and math.isfinite(v)):
            raise EnvelopeError(f"{name}= must be a positive number, got {v}")
    dw, dh = DESIGN_INCHES
    if width is None and height is None:
        return dw, dh, float(dpi) if dpi is not None else DESIGN_DPI
    if width is None:
        width = int(height * dw / dh + 0.5)
    if height is None:
        height = int(width * dh / dw + 0.5)
    if not (16 <= width <= 20000 and 16 <= height <= 20000):
        raise EnvelopeError(f"image size {width}x{height} px is out of range (16 to 20000 px)")
    if dpi is None:
        dpi = DESIGN_DPI * min(width / (dw * DESIGN_DPI), height / (dh * DESIGN_DPI))
    # a hair over the exact size so that Agg's int() truncation never loses a pixel
    return (width + 1e-4) / dpi, (height + 1e-4) / dpi, float(dpi)


def _model(result, targets, title) -> MapModel:
    from ..model import MapModel, build_map_model

    return (
        result
        if isinstance(result, MapModel)
        else build_map_model(result, targets=targets, title=title)
    )


def build_figure(
    result: EnvelopeSet | MapModel,
    *,
    width: int | None = None,
    height: int | None = None,
    dpi: float | None = None,
    title: str | None = None,
    targets=None,
) -> Figure:
    """The slide as a matplotlib Figure on an Agg canvas (not registered with pyplot)."""
    import matplotlib
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    from .glyphs import fix_figure
    from .multiples import draw_multiples
    from .slide import draw_slide

    model = _model(result, targets, title)
    w, h, d = figure_size(width, height, dpi)
    with matplotlib.rc_context(_RC):
        fig = Figure(figsize=(w, h), dpi=d, facecolor="white")
        FigureCanvasAgg(fig)
        (draw_slide if model.mode == "single" else draw_multiples)(fig, w, h, model)
        fix_figure(fig)
    return fig


def render_static(
    result: EnvelopeSet | MapModel,
    fmt: str = "png",
    *,
    width: int | None = None,
    height: int | None = None,
    dpi: float | None = None,
    title: str | None = None,
    targets=None,
) -> bytes:
    """The map as PNG, SVG or PDF bytes; the same inputs give the same bytes."""
    import matplotlib

    fmt = format_for(None, fmt)
    model = _model(result, targets, title)
    fig = build_figure(model, width=width, height=height, dpi=dpi)
    meta = dict(_METADATA[fmt])
    if fmt in ("svg", "pdf"):
        meta["Title"] = model.title
    buf = io.BytesIO()
    with matplotlib.rc_context(_RC):
        fig.savefig(buf, format=fmt, dpi=fig.dpi, metadata=meta, facecolor="white")
    return buf.getvalue()


def write_static(
    result: EnvelopeSet | MapModel,
    path: str | os.PathLike,
    fmt: str | None = None,
    width: int | None = None,
    height: int | None = None,
    dpi: float | None = None,
    title: str | None = None,
    targets=None,
) -> str:
    """Render and write atomically (``-`` is standard output); returns the format used."""
    from ...export.write import write_atomic

    fmt = format_for(path, fmt)
    data = render_static(
        result, fmt, width=width, height=height, dpi=dpi, title=title, targets=targets
    )
    write_atomic(path, data)
    return fmt
