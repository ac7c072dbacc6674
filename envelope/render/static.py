"""Static briefing maps (PNG, SVG, PDF) drawn with matplotlib, offline and byte-reproducible.

Same content and encoding as the HTML map (``style.py``): territory from the packaged borders,
the launch segment, claimed bands hatched, authorized reach solid. Coordinates are projected here
with pyproj into a Lambert azimuthal equal-area projection centred on the map, so areas compare
honestly and distances are true to a fraction of a percent; the corner note states it.

matplotlib is imported inside functions only and always through the Agg canvas (never pyplot),
so ``import envelope`` stays light and a notebook's own backend is left alone.
"""

from __future__ import annotations

import io
import math
import os
from collections.abc import Mapping
from typing import TYPE_CHECKING

from . import style

if TYPE_CHECKING:  # pragma: no cover
    from matplotlib.figure import Figure

    from ..envelopes import EnvelopeSet

FORMATS = ("png", "svg", "pdf")
DEFAULT_WIDTH, DEFAULT_HEIGHT = 1920, 1080
#: The layout is designed at 12.8 x 7.2 in and 150 dpi (1920 x 1080 px); other pixel sizes scale
#: the dpi, so a thumbnail is the same picture, smaller.
DESIGN_INCHES = (12.8, 7.2)
DESIGN_DPI = 150.0
MAX_TARGET_LABELS = 40  # more points than this are drawn unnamed
FONT = "DejaVu Sans"  # shipped with matplotlib: the same glyphs, hence bytes, on every machine

_PANEL_IN = 4.25  # right-hand panel width
_HEADER_IN = 0.92
_MARGIN_IN = 0.22
_SUMMARY_HEAD_IN = 0.4  # three lines of 8.5 pt column heads
# Everything that would otherwise stamp a date, version or random id into the file.
_METADATA = {
    "png": {"Software": None},
    "svg": {"Creator": None, "Date": None, "Format": None, "Type": None},
    "pdf": {"Creator": None, "Producer": None, "CreationDate": None, "ModDate": None},
}
_RC = {
    "font.family": FONT,
    "svg.hashsalt": "envelope",
    "svg.fonttype": "path",
    "pdf.fonttype": 42,
    "pdf.compression": 6,
    "hatch.linewidth": 0.9,
    "path.simplify": False,
    "axes.unicode_minus": True,
}


# --------------------------------------------------------------------------------------------
# public API


def format_for(path: str | os.PathLike, fmt: str | None = None) -> str:
    """The output format: ``fmt`` if given, else the file's extension (png, svg or pdf)."""
    from ..errors import EnvelopeError

    if fmt:
        f = fmt.lower().lstrip(".")
        if f not in FORMATS:
            raise EnvelopeError(f"unsupported format {fmt!r}; use png, svg or pdf")
        return f
    ext = os.path.splitext(str(path))[1].lower().lstrip(".")
    if ext in FORMATS:
        return ext
    raise EnvelopeError(
        f"cannot tell the image format of {str(path)!r}; name it .png, .svg or .pdf "
        "or give --format"
    )


def figure_size(
    width: int | None = None, height: int | None = None, dpi: float | None = None
) -> tuple[float, float, float]:
    """(width_in, height_in, dpi) for a request in pixels and/or dpi; default 1920 x 1080 px.

    Pixel sizes alone keep the designed layout (text scales with the image); a dpi alone keeps the
    designed inches (more dpi, more pixels); both give exactly width/dpi by height/dpi inches.
    """
    from ..errors import EnvelopeError

    for name, v in (("width", width), ("height", height), ("dpi", dpi)):
        if v is not None and not (v > 0 and math.isfinite(v)):
            raise EnvelopeError(f"--{name} must be a positive number, got {v}")
    dw, dh = DESIGN_INCHES
    if width is None and height is None:
        if dpi is None:
            return dw, dh, DESIGN_DPI
        return dw, dh, float(dpi)
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


def build_figure(
    result: EnvelopeSet,
    *,
    width: int | None = None,
    height: int | None = None,
    dpi: float | None = None,
    title: str | None = None,
    targets=None,
) -> Figure:
    """The slide as a matplotlib Figure on an Agg canvas (not registered with pyplot)."""
    import matplotlib

    w_in, h_in, d = figure_size(width, height, dpi)
    with matplotlib.rc_context(_RC):
        return _Slide(result, w_in, h_in, d, title, targets).draw()


def render_static(
    result: EnvelopeSet,
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

    fmt = format_for("", fmt)
    fig = build_figure(result, width=width, height=height, dpi=dpi, title=title, targets=targets)
    meta = dict(_METADATA[fmt])
    if fmt in ("svg", "pdf"):
        meta["Title"] = _title_text(result, title)
    buf = io.BytesIO()
    with matplotlib.rc_context(_RC):
        fig.savefig(buf, format=fmt, dpi=fig.dpi, metadata=meta, facecolor="white")
    return buf.getvalue()


def write_static(
    result: EnvelopeSet,
    path: str | os.PathLike,
    fmt: str | None = None,
    width: int | None = None,
    height: int | None = None,
    dpi: float | None = None,
    title: str | None = None,
    targets=None,
) -> str:
    """Render and write atomically (``-`` is standard output); returns the format used."""
    from ..export.write import write_atomic

    fmt = format_for(path, fmt)
    data = render_static(
        result, fmt, width=width, height=height, dpi=dpi, title=title, targets=targets
    )
    write_atomic(path, data)
    return fmt


# --------------------------------------------------------------------------------------------
# inputs (tolerant of what the other modules provide, like html.py)


def _borders():
    try:
        from .. import borders
    except ImportError:  # draw without territory rather than not at all
        return None
    return borders


def _country_names() -> dict[str, str]:
    names = dict(style.FALLBACK_NAMES)
    b = _borders()
    if b is not None and hasattr(b, "country_names"):
        try:
            found = b.country_names()
        except Exception:  # noqa: BLE001 - names are decoration only
            found = None
        if isinstance(found, Mapping):
            names.update({str(k): str(v) for k, v in found.items()})
    return names


def _title_text(result, title: str | None) -> str:
    if title is not None:
        return str(title)
    return style.default_title(result, _country_names())


def _plain(text: str) -> str:
    """User text shown literally: a "$" would otherwise start matplotlib's mathtext."""
    return str(text).replace("$", r"\$")


def _num(x: float, digits: int = 1) -> str:
    text = f"{x:,.{digits}f}"
    return text[: -digits - 1] if digits and text.endswith("." + "0" * digits) else text


def _span(values, digits: int = 1) -> str:
    vals = sorted(set(values))
    lo, hi = _num(vals[0], digits), _num(vals[-1], digits)
    return lo if lo == hi else f"{lo}\u2013{hi}"


def _range_label(ranges_m, *, km: bool = True) -> str:
    mi = _span([r / style.MI for r in ranges_m])
    return f"{mi} mi ({_span([r / 1000 for r in ranges_m])} km)" if km else f"{mi} mi"


def _area(env) -> float:
    value = getattr(env, "target_area_km2", None)
    return float(value if value is not None else env.area_km2)


def _source_lines(result, envelopes) -> list[str]:
    """'000_fc15… (Outlet, 2024-06-01)' for every report behind the shown envelopes."""
    return style.report_citations(result, envelopes)


# --------------------------------------------------------------------------------------------
# geometry helpers


def _wrap(text: str, width_in: float, size_pt: float) -> list[str]:
    """Greedy word wrap measured with the real font, so lines fill but never overflow."""
    from matplotlib.font_manager import FontProperties
    from matplotlib.textpath import TextToPath

    measure = TextToPath()
    prop = FontProperties(family=FONT, size=size_pt)

    def fits(s: str) -> bool:
        return measure.get_text_width_height_descent(s, prop, ismath=False)[0] / 72 <= width_in

    lines, line = [], ""
    for word in text.split():
        trial = f"{line} {word}" if line else word
        if fits(trial) or not line:
            line = trial
        else:
            lines.append(line)
            line = word
    return lines + ([line] if line else [])


def _text_width(text: str, size_pt: float) -> float:
    """Width in inches of ``text`` in the slide's font."""
    from matplotlib.font_manager import FontProperties
    from matplotlib.textpath import TextToPath

    prop = FontProperties(family=FONT, size=size_pt)
    return TextToPath().get_text_width_height_descent(text, prop, ismath=False)[0] / 72


def _nice(x: float) -> float:
    """The largest 1, 2, 2.5 or 5 times a power of ten not above ``x``."""
    p = 10 ** math.floor(math.log10(x))
    return max(m * p for m in (1, 2, 2.5, 5) if m * p <= x)


def _path(geom):
    """A shapely (Multi)Polygon as one matplotlib Path (holes as their own closed rings)."""
    import numpy as np
    from matplotlib.path import Path

    verts, codes = [], []
    for poly in getattr(geom, "geoms", [geom]):
        if poly.geom_type != "Polygon" or poly.is_empty:
            continue
        for ring in (poly.exterior, *poly.interiors):
            xy = np.asarray(ring.coords)[:, :2]
            if len(xy) < 3:
                continue
            c = np.full(len(xy), Path.LINETO, dtype=Path.code_type)
            c[0], c[-1] = Path.MOVETO, Path.CLOSEPOLY
            verts.append(xy)
            codes.append(c)
    if not verts:
        return None
    return Path(np.concatenate(verts), np.concatenate(codes))


def _polygons(geom):
    if geom is None or geom.is_empty:
        return []
    if geom.geom_type == "Polygon":
        return [geom]
    return [p for g in getattr(geom, "geoms", []) for p in _polygons(g)]


def shapely_union(geoms):
    import shapely

    return shapely.union_all([g for g in geoms if g is not None])


def _areal(geom):
    import shapely

    parts = _polygons(geom)
    return shapely.union_all(parts) if parts else None


class _Projection:
    """Lambert azimuthal equal-area on WGS84, centred on the map."""

    def __init__(self, lon0: float, lat0: float):
        from pyproj import Geod, Transformer

        self.lon0, self.lat0 = lon0, lat0
        self.proj4 = f"+proj=laea +lat_0={lat0:g} +lon_0={lon0:g} +ellps=WGS84 +units=m +no_defs"
        self.fwd = Transformer.from_crs("EPSG:4326", self.proj4, always_xy=True)
        self.inv = Transformer.from_crs(self.proj4, "EPSG:4326", always_xy=True)
        self.geod = Geod(ellps="WGS84")

    def xy(self, lon, lat):
        return self.fwd.transform(lon, lat)

    def geom(self, g):
        import numpy as np
        import shapely

        def f(coords):
            x, y = self.fwd.transform(coords[:, 0], coords[:, 1])
            return np.column_stack([x, y])

        return shapely.transform(g, f)

    def max_scale_error(self, box) -> float:
        """Largest departure of the point scale from 1 over the map, in any direction."""
        import numpy as np
        from pyproj import Proj

        x0, y0, x1, y1 = box
        gx, gy = np.meshgrid(np.linspace(x0, x1, 9), np.linspace(y0, y1, 9))
        lon, lat = self.inv.transform(gx.ravel(), gy.ravel())
        f = Proj(self.proj4).get_factors(lon, lat)
        return float(
            max(
                np.abs(np.asarray(f.meridional_scale) - 1).max(),
                np.abs(np.asarray(f.parallel_scale) - 1).max(),
            )
        )


# --------------------------------------------------------------------------------------------
# the slide


class _Slide:
    """Lays out and draws one briefing slide; all positions are in inches from the bottom left."""

    def __init__(self, result, w_in, h_in, dpi, title, targets):
        self.result = result
        self.w, self.h, self.dpi = w_in, h_in, dpi
        self.title = _title_text(result, title)
        # what lies within reach, classified by envelope.reach (never here), on our borders
        self.story = style.target_story(result, targets, borders=_borders())
        self.names = _country_names()
        seg = result.segment
        self.seg_line = getattr(seg, "line", None)
        self.seg_name = str(getattr(seg, "name", "") or "border segment")
        self.origin = str(getattr(seg, "origin", "") or "UKR")
        self.target = str(
            getattr(seg, "target", "")
            or next((e.clipped_to for e in result.envelopes if e.clipped_to), None)
            or "RUS"
        )
        self.envelopes = [
            e for e in result.envelopes if e.display is not None and not e.display.is_empty
        ]
        self.groups = style.group_envelopes(self.envelopes)
        self.weapons = list(dict.fromkeys(g["weapon"] for g in self.groups if g["weapon"]))
        self.colour = style.weapon_colours(self.weapons)
        for g in self.groups:
            g["colour"] = (
                self.colour.get(g["weapon"], style.RANGE_COLOUR)
                if g["kind"] != "range"
                else style.RANGE_COLOUR
            )
            g["band"] = len({e.range_m for e in g["envs"]}) > 1

    # --- figure scaffolding ---------------------------------------------------------------

    def draw(self):
        from matplotlib.backends.backend_agg import FigureCanvasAgg
        from matplotlib.figure import Figure

        fig = Figure(figsize=(self.w, self.h), dpi=self.dpi, facecolor="white")
        FigureCanvasAgg(fig)
        self.fig = fig
        self.sources = _source_lines(self.result, self.envelopes)
        footer = self._footer_lines()
        self.footer_h = 0.16 + 0.155 * len(footer)
        map_box = (
            _MARGIN_IN,
            self.footer_h,
            self.w - _PANEL_IN - 2 * _MARGIN_IN,
            self.h - _HEADER_IN - self.footer_h,
        )
        self._header()
        self._map(map_box)
        self._panel(self.w - _PANEL_IN - _MARGIN_IN * 0.5, self.h - _HEADER_IN)
        self._footer(footer)
        return fig

    def _table_header(self, xs, heads, x0, x1, y, tr) -> None:
        """Bold grey column heads over a hairline: both side-panel tables share this look."""
        from matplotlib.lines import Line2D

        for cx, h in zip(xs, heads, strict=True):
            self.text(
                cx,
                y,
                h,
                fontsize=8.5,
                color="#555555",
                fontweight="bold",
                va="bottom",
                linespacing=1.1,
            )
        self.fig.add_artist(Line2D([x0, x1], [y - 0.05] * 2, transform=tr, color="#cccccc", lw=0.8))

    def text(self, x, y, s, **kw):
        kw.setdefault("transform", self.fig.dpi_scale_trans)
        kw.setdefault("color", "#1b1b1b")
        return self.fig.text(x, y, s, **kw)

    def _header(self):
        self.text(_MARGIN_IN, self.h - 0.22, self.title, fontsize=19, fontweight="bold", va="top")
        bits = [style.as_of_text(self.result) if self.result.as_of else "ranges given by hand"]
        if self.seg_line is not None:
            desc = str(getattr(self.result.segment, "description", "") or "")
            desc = desc or f"border segment {self.seg_name}"
            bits.append(f"{_plain(desc)} ({self._seg_km():,.0f} km)")
        bits.append(
            f"{self.names.get(self.origin, self.origin)} \u2192 "
            f"{self.names.get(self.target, self.target)}"
        )
        sub = "  \u00b7  ".join(bits)
        size = 11.5  # smaller, down to 8.5 pt, rather than run past the slide's edge
        while size > 8.5 and _text_width(sub, size) > self.w - 2 * _MARGIN_IN:
            size -= 0.5
        self.text(
            _MARGIN_IN,
            self.h - 0.62,
            sub,
            fontsize=size,
            color="#4a4a4a",
            va="top",
        )
        from matplotlib.lines import Line2D

        self.fig.add_artist(
            Line2D(
                [_MARGIN_IN, self.w - _MARGIN_IN],
                [self.h - _HEADER_IN + 0.04] * 2,
                transform=self.fig.dpi_scale_trans,
                color="#c8c8c8",
                lw=0.8,
            )
        )

    def _seg_km(self) -> float:
        km = getattr(self.result.segment, "length_km", None)
        if isinstance(km, (int, float)):
            return float(km)
        from pyproj import Geod

        return Geod(ellps="WGS84").geometry_length(self.seg_line) / 1000.0

    # --- the map ---------------------------------------------------------------------------

    def _extent(self, box_w, box_h):
        """Projection and map window: the envelopes and segment, padded, at the axes' aspect."""
        import shapely

        shapes = [e.display for e in self.envelopes]
        if self.seg_line is not None:
            shapes.append(self.seg_line)
        if shapes:
            minx, miny, maxx, maxy = shapely.GeometryCollection(shapes).bounds
        else:
            minx, miny, maxx, maxy = 30.0, 46.0, 42.0, 54.0
        lon0 = round((minx + maxx) / 2, 1)
        lat0 = round((miny + maxy) / 2, 1)
        proj = _Projection(lon0, lat0)
        pshapes = [proj.geom(s) for s in shapes] or [proj.geom(shapely.box(minx, miny, maxx, maxy))]
        x0, y0, x1, y1 = shapely.GeometryCollection(pshapes).bounds
        span = max(x1 - x0, y1 - y0, 200_000.0)
        pad = 0.09 * span
        x0, x1, y0, y1 = x0 - pad, x1 + pad, y0 - pad, y1 + pad
        cx, cy = (x0 + x1) / 2, (y0 + y1) / 2
        w, h = x1 - x0, y1 - y0
        if w / h < box_w / box_h:
            w = h * box_w / box_h
        else:
            h = w * box_h / box_w
        return proj, (cx - w / 2, cy - h / 2, cx + w / 2, cy + h / 2)

    def _map(self, box):
        x, y, bw, bh = box
        self.ax_w_in = bw
        fig = self.fig
        ax = fig.add_axes((x / self.w, y / self.h, bw / self.w, bh / self.h))
        self.ax = ax
        proj, ext = self._extent(bw, bh)
        self.proj, self.ext = proj, ext
        ax.set_xlim(ext[0], ext[2])
        ax.set_ylim(ext[1], ext[3])
        ax.set_aspect("equal", adjustable="box")
        ax.set_xticks([])
        ax.set_yticks([])
        ax.set_facecolor(style.SEA)
        for s in ax.spines.values():
            s.set_color("#9a9a9a")
            s.set_linewidth(0.8)
        self._countries()
        self._graticule()
        self._envelopes()
        self._segment()
        self._targets()
        self._ring_labels()
        self._scale_bar()
        self._north_arrow()
        self._projection_note()

    def _lonlat_window(self, margin: float = 1.0):
        """The lon/lat box holding the map window (edges sampled), plus a margin in degrees."""
        import numpy as np

        x0, y0, x1, y1 = self.ext
        t = np.linspace(0, 1, 25)
        xs = np.concatenate(
            [x0 + (x1 - x0) * t, np.full_like(t, x1), x0 + (x1 - x0) * t, np.full_like(t, x0)]
        )
        ys = np.concatenate(
            [np.full_like(t, y0), y0 + (y1 - y0) * t, np.full_like(t, y1), y0 + (y1 - y0) * t]
        )
        lon, lat = self.proj.inv.transform(xs, ys)
        return (min(lon) - margin, min(lat) - margin, max(lon) + margin, max(lat) + margin)

    def _halo(self, width=3.0, colour="white"):
        from matplotlib import patheffects

        return [patheffects.withStroke(linewidth=width, foreground=colour)]

    def _countries(self):
        import shapely
        from matplotlib.patches import PathPatch

        b = _borders()
        self.countries = []
        if b is None or not hasattr(b, "country"):
            return
        window = self._lonlat_window()
        reach = (
            _areal(shapely.union_all([e.display for e in self.envelopes]))
            if self.envelopes
            else None
        )
        for iso, role in ((self.target, "target"), (self.origin, "origin"), ("BLR", "other")):
            if any(c[0] == iso for c in self.countries):
                continue
            try:
                geom = b.country(iso)
            except Exception:  # noqa: BLE001 - a missing country is just not drawn
                continue
            shown = shapely.simplify(shapely.clip_by_rect(geom, *window), 0.002)
            if shown.is_empty:
                continue
            pgeom = self.proj.geom(shown)
            path = _path(pgeom)
            if path is None:
                continue
            self.ax.add_patch(
                PathPatch(
                    path,
                    facecolor=style.COUNTRY_FILL[role],
                    edgecolor=style.COUNTRY_EDGE,
                    lw=0.8,
                    zorder=1,
                )
            )
            self.countries.append((iso, role, pgeom))
            self._country_label(iso, role, pgeom, reach)
        # borders again above the envelope fills, so the frontier stays readable
        for _iso, _role, pgeom in self.countries:
            path = _path(pgeom)
            self.ax.add_patch(
                PathPatch(
                    path, facecolor="none", edgecolor="#6f6f6f", lw=0.7, zorder=4.5, alpha=0.8
                )
            )

    def _country_label(self, iso, role, pgeom, reach):
        import shapely

        x0, y0, x1, y1 = self.ext
        inset = shapely.box(
            x0 + 0.06 * (x1 - x0), y0 + 0.1 * (y1 - y0), x1 - 0.06 * (x1 - x0), y1 - 0.1 * (y1 - y0)
        )
        visible = _polygons(pgeom.intersection(inset))
        if not visible:
            return
        piece = max(visible, key=lambda p: p.area)
        if reach is not None and role == "target":
            spare = _polygons(piece.difference(self.proj.geom(reach).buffer(25_000)))
            if spare:
                piece = max(spare, key=lambda p: p.area)
        if piece.area < 0.02 * (x1 - x0) * (y1 - y0):
            return
        pt = piece.representative_point()
        name = "\u2009".join(self.names.get(iso, iso).upper())
        self.ax.text(
            pt.x,
            pt.y,
            name,
            fontsize=13,
            color="#8a8273",
            fontweight="bold",
            ha="center",
            va="center",
            zorder=6,
            path_effects=self._halo(3),
        )

    #: Graticule steps in degrees, finest first; the finest whose labels keep apart is drawn.
    GRATICULE_STEPS = (1.0, 2.0, 5.0, 10.0, 15.0, 30.0, 45.0, 90.0)
    _GRATICULE_PT = 7.0

    def _graticule_labels(self, step: float):
        """Where ``step``'s labels go: meridians where they cross the top edge, parallels where
        they cross the left edge, as ``(lons, lats)`` lists of ``(degrees, xs, ys, edge)``."""
        import numpy as np

        lon_a, lat_a, lon_b, lat_b = self._lonlat_window(margin=0.0)
        x0, y0, x1, y1 = self.ext
        lats = np.linspace(lat_a - 1, lat_b + 1, 80)
        lons_out = []
        for lon in np.arange(math.floor(lon_a / step) * step, lon_b + step, step):
            x, y = self.proj.xy(np.full_like(lats, lon), lats)
            xb = float(np.interp(y1, y, x))
            ok = x0 + 0.05 * (x1 - x0) < xb < x1 - 0.1 * (x1 - x0)
            lons_out.append((float(lon), x, y, xb if ok else None))
        lons = np.linspace(lon_a - 1, lon_b + 1, 80)
        lats_out = []
        for lat in np.arange(math.floor(lat_a / step) * step, lat_b + step, step):
            x, y = self.proj.xy(lons, np.full_like(lons, lat))
            yb = float(np.interp(x0, x, y))
            ok = y0 + 0.2 * (y1 - y0) < yb < y1 - 0.05 * (y1 - y0)
            lats_out.append((float(lat), x, y, yb if ok else None))
        return lons_out, lats_out

    def _graticule_step(self) -> float:
        """The finest step whose labels, measured in the real font, keep at least a small gap:
        meridian labels along the top edge, parallel labels up the left edge."""
        x0, y0, x1, y1 = self.ext
        per_in = self.ax_w_in / (x1 - x0)  # the axes keep the window's aspect
        line_h = self._GRATICULE_PT * 1.25 / 72
        pad = 0.12

        for step in self.GRATICULE_STEPS:
            lons, lats = self._graticule_labels(step)
            tops = sorted(
                ((xb - x0) * per_in, _text_width(style.lon_text(lon), self._GRATICULE_PT))
                for lon, _x, _y, xb in lons
                if xb is not None
            )
            apart = all(
                b[0] - a[0] >= (a[1] + b[1]) / 2 + pad for a, b in zip(tops, tops[1:], strict=False)
            )
            lefts = sorted((yb - y0) * per_in for _lat, _x, _y, yb in lats if yb is not None)
            apart = apart and all(
                b - a >= line_h + pad for a, b in zip(lefts, lefts[1:], strict=False)
            )
            if apart:
                return step
        return self.GRATICULE_STEPS[-1]

    def _graticule(self):
        step = self._graticule_step()
        self.graticule_step = step
        kw = dict(color="#7d8a96", lw=0.45, alpha=0.55, zorder=1.5)
        x0, y0, x1, y1 = self.ext
        lons, lats = self._graticule_labels(step)
        label = dict(
            fontsize=self._GRATICULE_PT, color="#5d6a75", zorder=6, path_effects=self._halo(2)
        )
        for lon, x, y, xb in lons:
            self.ax.plot(x, y, **kw)
            if xb is not None:
                self.ax.text(
                    xb, y1 - 0.006 * (y1 - y0), style.lon_text(lon), ha="center", va="top", **label
                )
        for lat, x, y, yb in lats:
            self.ax.plot(x, y, **kw)
            if yb is not None:
                self.ax.text(
                    x0 + 0.004 * (x1 - x0), yb, style.lat_text(lat), ha="left", va="bottom", **label
                )

    def _envelopes(self):
        import shapely
        from matplotlib.colors import to_rgba
        from matplotlib.patches import PathPatch

        ax = self.ax
        dashed = (0, (6, 3.5))
        order = sorted(
            range(len(self.groups)),
            key=lambda i: (
                -self.groups[i]["envs"][-1].range_m,
                self.groups[i]["kind"] != "claimed",
                i,
            ),
        )
        z = 2.0
        for gi in order:
            g = self.groups[gi]
            col, envs = g["colour"], g["envs"]
            pe = [self.proj.geom(e.display) for e in envs]

            def patch(geom, zorder, **kw):
                path = _path(geom)
                if path is not None:
                    ax.add_patch(PathPatch(path, zorder=zorder, **kw))

            if g["kind"] == "authorized":
                patch(
                    pe[0],
                    z,
                    facecolor=to_rgba(col, style.FILL_ALPHA["authorized"]),
                    edgecolor=col,
                    lw=1.8,
                )
                if g["band"]:
                    patch(pe[-1], z + 0.02, facecolor="none", edgecolor=col, lw=1.8)
            elif g["kind"] == "claimed":
                patch(
                    pe[0],
                    z,
                    facecolor=to_rgba(col, style.FILL_ALPHA["claimed"]),
                    edgecolor=col,
                    lw=1.7,
                    linestyle=dashed,
                )
                if g["band"]:
                    band = _areal(shapely.difference(pe[-1], pe[0]))
                    if band is not None:
                        patch(
                            band,
                            z + 0.01,
                            facecolor=to_rgba(col, 0.10),
                            edgecolor=to_rgba(col, 0.75),
                            lw=0,
                            hatch="////",
                        )
                    for mid in pe[1:-1]:
                        patch(
                            mid,
                            z + 0.02,
                            facecolor="none",
                            edgecolor=col,
                            lw=0.9,
                            linestyle=(0, (1.5, 2.5)),
                        )
                    patch(
                        pe[-1], z + 0.03, facecolor="none", edgecolor=col, lw=1.7, linestyle=dashed
                    )
            else:
                for p in pe:
                    patch(
                        p,
                        z,
                        facecolor=to_rgba(col, style.FILL_ALPHA["range"]),
                        edgecolor=col,
                        lw=1.5,
                        linestyle=(0, (1, 2.5)),
                    )
            z += 0.1
            g["ring"] = pe[-1]

    def _rays(self):
        """The segment's midpoint and unit normals into the target, fanned out by up to 60°."""
        seg = self.proj.geom(self.seg_line)
        mid = seg.interpolate(0.5, normalized=True)
        (ax0, ay0), (ax1, ay1) = seg.coords[0], seg.coords[-1]
        nx, ny = -(ay1 - ay0), ax1 - ax0
        norm = math.hypot(nx, ny) or 1.0
        nx, ny = nx / norm, ny / norm
        if self.envelopes:
            c = shapely_union([g["ring"] for g in self.groups]).centroid
            if (c.x - mid.x) * nx + (c.y - mid.y) * ny < 0:
                nx, ny = -nx, -ny
        out = []
        for deg in (0, 18, -18, 36, -36, 54, -54):
            a = math.radians(deg)
            out.append((nx * math.cos(a) - ny * math.sin(a), nx * math.sin(a) + ny * math.cos(a)))
        return mid, out

    def _ring_labels(self):
        """One label per distinct ring (``style.ring_labels``: a weapon's coinciding claimed and
        authorized rings, or weapons sharing a ring, share it), on the first ray from the segment
        where it overlaps no label placed before, just outside the ray's outermost crossing of the
        ring (as on the HTML map)."""
        from shapely.geometry import LineString, box

        if self.seg_line is None:
            return
        mid, rays = self._rays()
        x0, y0, x1, y1 = self.ext
        per_in = (x1 - x0) / self.ax_w_in  # data units per inch
        frame = box(x0, y0, x1, y1)
        taken = [box(*t.bounds) for t in getattr(self, "_label_boxes", [])]
        for r in style.ring_labels(self.groups):
            gs = r["groups"]
            label = _plain(r["text"])
            colours = {g["colour"] for g in gs}
            colour = gs[0]["colour"] if len(colours) == 1 else "#333333"
            ring = max(gs, key=lambda g: g["envs"][-1].range_m)["ring"]
            w = (_text_width(label, 9.5) * 1.08 + 0.1) * per_in
            h = 0.2 * per_in
            spot = None
            for dx, dy in rays:
                ray = LineString([(mid.x, mid.y), (mid.x + dx * 5e6, mid.y + dy * 5e6)])
                hit = ring.boundary.intersection(ray)
                pts = [p for p in getattr(hit, "geoms", [hit]) if p.geom_type == "Point"]
                pts = [p for p in pts if not p.is_empty]
                if not pts:
                    continue
                p = max(pts, key=lambda q: (q.x - mid.x) ** 2 + (q.y - mid.y) ** 2)
                # just outside the ring, so that its outline never runs through the text
                pad = 0.03 * per_in
                if abs(dy) >= abs(dx):
                    cx, cy = p.x, p.y + math.copysign(h / 2 + pad, dy)
                else:
                    cx, cy = p.x + math.copysign(w / 2 + pad, dx), p.y
                bb = box(cx - w / 2, cy - h / 2, cx + w / 2, cy + h / 2)
                if frame.contains(bb) and not any(bb.intersects(t) for t in taken):
                    spot = (cx, cy, bb)
                    break
                if spot is None and frame.contains(bb):
                    spot = (cx, cy, None)  # fallback: the first ray inside the map
            if spot is None:
                continue
            x, y, bb = spot
            taken.append(bb or box(x - w / 2, y - h / 2, x + w / 2, y + h / 2))
            self.ax.text(
                x,
                y,
                label,
                fontsize=9.5,
                fontweight="bold",
                color=colour,
                ha="center",
                va="center",
                zorder=7,
                path_effects=self._halo(3.2),
            )

    def _segment(self):
        if self.seg_line is None or self.seg_line.is_empty:
            return
        p = self.proj.geom(self.seg_line)
        for line in getattr(p, "geoms", [p]):
            xs, ys = line.xy
            self.ax.plot(xs, ys, color="white", lw=6.5, solid_capstyle="round", zorder=8)
            self.ax.plot(xs, ys, color="#111111", lw=3.2, solid_capstyle="round", zorder=8.1)

    def _targets(self):
        """Targets within the largest envelope: a circle per city, a triangle per airfield, a
        diamond per point of the user's own (as on the HTML map); the largest cities named."""
        if self.story is None or not self.story.markers:
            return
        import numpy as np
        from shapely.geometry import box

        markers = self.story.markers
        many = len(markers) > MAX_TARGET_LABELS
        x, y = self.proj.xy(
            np.array([m["lon"] for m in markers]), np.array([m["lat"] for m in markers])
        )
        kinds = [m["kind"] for m in markers]
        for kind in dict.fromkeys(kinds):
            rows = [i for i, k in enumerate(kinds) if k == kind]
            user = kind == "user"
            size = 22 if many else 34
            self.ax.scatter(
                x[rows],
                y[rows],
                s=size * (0.8 if kind == "user" else 1.0),
                marker=style.TARGET_MARKERS.get(kind, "o"),
                c="#111111" if user else "white",
                edgecolors="white" if user else "#111111",
                linewidths=0.8 if user else 1.1,
                zorder=9,
            )
        per_in = (self.ext[2] - self.ext[0]) / self.ax_w_in
        self._label_boxes = []
        named: set[str] = set()
        for m, px, py in zip(markers, x, y, strict=True):
            if not m["label"] or m["name"].casefold() in named:
                continue
            named.add(m["name"].casefold())
            name = _plain(m["name"])
            w = (0.1 + len(m["name"]) * 0.6 * 8.5 / 72) * per_in
            self._label_boxes.append(
                box(px - 0.05 * per_in, py - 0.08 * per_in, px + w, py + 0.08 * per_in)
            )
            self.ax.annotate(
                name,
                (px, py),
                xytext=(6, 0),
                textcoords="offset points",
                fontsize=8.5,
                fontweight="bold",
                va="center",
                zorder=9,
                path_effects=self._halo(2.5),
            )

    def _scale_bar(self):
        """A km bar over a mi bar, their lengths measured geodesically along the central
        latitude, then projected (so they hold for the middle of the map)."""
        from matplotlib.patches import Rectangle

        x0, y0, x1, y1 = self.ext
        w, h = x1 - x0, y1 - y0
        lat_c = self.proj.inv.transform((x0 + x1) / 2, (y0 + y1) / 2)[1]
        lon_c = self.proj.lon0
        bx, by = x0 + 0.035 * w, y0 + 0.1 * h
        bh = 0.011 * h
        ax = self.ax
        for unit, metres, up in (("km", 1000.0, True), ("mi", style.MI, False)):
            units = _nice(0.22 * w / metres)
            lon_e, lat_e, _ = self.proj.geod.fwd(lon_c, lat_c, 90.0, units * metres)
            xa, ya = self.proj.xy(lon_c, lat_c)
            xb, yb = self.proj.xy(lon_e, lat_e)
            length = math.hypot(xb - xa, yb - ya)
            lead = units / 10 ** math.floor(math.log10(units))
            n = 4 if lead in (1, 2) else 5
            y = by if up else by - 1.9 * bh
            for i in range(n):
                ax.add_patch(
                    Rectangle(
                        (bx + i * length / n, y),
                        length / n,
                        bh,
                        facecolor="#222222" if (i + up) % 2 else "white",
                        edgecolor="#222222",
                        lw=0.7,
                        zorder=10,
                    )
                )
            for i in (0, n // 2, n):
                label = _num(units * i / n, 2) + (f" {unit}" if i == n else "")
                ax.text(
                    bx + i * length / n,
                    y + (bh * 1.6 if up else -bh * 0.6),
                    label,
                    fontsize=7.5,
                    ha="center",
                    va="bottom" if up else "top",
                    zorder=10,
                    path_effects=self._halo(2.2),
                )
        ax.text(
            bx,
            by - bh * 5.0,
            f"scale true along {style.lat_text(lat_c, '.1f')} (geodesic)",
            fontsize=6.8,
            color="#444444",
            ha="left",
            va="top",
            zorder=10,
            path_effects=self._halo(2),
        )

    def _north_arrow(self):
        """Arrow towards true north at its own position (meridians converge in this projection)."""
        x0, y0, x1, y1 = self.ext
        w, h = x1 - x0, y1 - y0
        px, py = x0 + 0.955 * w, y0 + 0.83 * h
        lon, lat = self.proj.inv.transform(px, py)
        qx, qy = self.proj.xy(lon, lat + 0.05)
        ang = math.atan2(qy - py, qx - px)
        length = 0.075 * h
        tx, ty = px + length * math.cos(ang), py + length * math.sin(ang)
        self.ax.annotate(
            "",
            xy=(tx, ty),
            xytext=(px, py),
            arrowprops=dict(
                arrowstyle="-|>,head_length=0.9,head_width=0.45", color="#222222", lw=1.8
            ),
            zorder=10,
        )
        self.ax.text(
            tx,
            ty + 0.012 * h,
            "N",
            fontsize=12,
            fontweight="bold",
            ha="center",
            va="bottom",
            zorder=10,
            path_effects=self._halo(2.5),
        )

    def _projection_note(self):
        err = self.proj.max_scale_error(self.ext)
        note = (
            f"Lambert azimuthal equal-area, centre {style.lat_text(self.proj.lat0)} "
            f"{style.lon_text(self.proj.lon0)}, "
            f"WGS84: areas true; distances within {max(err * 100, 0.1):.1f} % on this map"
        )
        x0, y0, x1, y1 = self.ext
        self.ax.text(
            x1 - 0.008 * (x1 - x0),
            y0 + 0.012 * (y1 - y0),
            note,
            fontsize=7,
            color="#333333",
            ha="right",
            va="bottom",
            zorder=10,
            path_effects=self._halo(2.2),
        )

    # --- panel and footer ------------------------------------------------------------------

    def _panel_scale(self, top) -> float:
        """Squeeze the panel's line spacing (never its type size) when many weapons or
        countries would push it into the footer."""
        kinds = {g["kind"] for g in self.groups}
        n_reach = len(kinds & {"authorized", "claimed", "range"}) + (self.seg_line is not None)
        n_reach += any(g["band"] and g["kind"] == "claimed" for g in self.groups)
        n_w, n_c = len(self.weapons), len(self.countries)
        n_rows = n_w + sum(g["kind"] == "range" for g in self.groups)
        # the summary table's three-line column heads do not squeeze
        room = top - self.footer_h - 0.1 - _SUMMARY_HEAD_IN
        if self.story is not None:
            # with targets the weapon key is left to the tables (each row has its chip), the
            # territory key takes one line, the area note moves to the footer
            legend = 0.42 + 0.2 + n_reach * 0.235 + (0.535 if n_c else 0)
            targets = 0.3 + 0.24 + 0.38 + 0.1 + 0.24 * len(self.story.weapons)
            needed = legend + 0.2 + 0.34 + n_rows * 0.46 + targets
            room -= self._brief_height()
            return min(1.0, max(0.5, room / needed))
        legend = 0.42 + 0.4 + n_reach * 0.235
        legend += (0.25 + n_w * 0.235) if n_w else 0
        legend += (0.25 + n_c * 0.235) if n_c else 0
        needed = legend + 0.34 + n_rows * 0.46 + 0.5
        return min(1.0, max(0.5, room / needed))

    def _panel(self, x, top):
        from matplotlib.lines import Line2D
        from matplotlib.patches import Rectangle

        tr = self.fig.dpi_scale_trans
        v = self._panel_scale(top)
        self.v = v
        y = top - 0.12 * v
        lh = 0.235 * v

        def head(s):
            nonlocal y
            self.text(x, y, s, fontsize=12.5, fontweight="bold", va="top")
            y -= 0.3 * v

        def sec(s):
            nonlocal y
            self.text(x, y, s.upper(), fontsize=8, color="#666666", va="top")
            y -= 0.2 * v

        def swatch(**kw):
            self.fig.add_artist(Rectangle((x + 0.02, y - 0.16), 0.36, 0.15, transform=tr, **kw))

        def item(s):
            nonlocal y
            self.text(x + 0.5, y - 0.085, s, fontsize=9.5, va="center")
            y -= lh

        head("Legend")
        if self.weapons and self.story is None:
            sec(style.LEGEND["weapons"])
            for w in self.weapons:
                swatch(facecolor=self.colour[w], edgecolor="none")
                item(w)
            y -= 0.05 * v
        kinds = {g["kind"] for g in self.groups}
        sec(style.LEGEND["reach"])
        grey = "#555555"
        if "authorized" in kinds:
            swatch(facecolor=(0.333, 0.333, 0.333, 0.5), edgecolor=grey, lw=1.6)
            item(style.LEGEND["authorized"])
        if "claimed" in kinds:
            swatch(
                facecolor=(0.333, 0.333, 0.333, 0.13),
                edgecolor=grey,
                lw=1.5,
                linestyle=(0, (4, 2.5)),
            )
            item(style.LEGEND["claimed"])
        if any(g["band"] and g["kind"] == "claimed" for g in self.groups):
            swatch(
                facecolor=(0.333, 0.333, 0.333, 0.1),
                edgecolor=(0.333, 0.333, 0.333, 0.75),
                lw=0,
                hatch="////",
            )
            item(style.LEGEND["band"])
        if "range" in kinds:
            swatch(facecolor="none", edgecolor="#222222", lw=1.5, linestyle=(0, (1, 2)))
            item(style.LEGEND["range"])
        if self.seg_line is not None:
            yy = y - 0.085
            for col, lw in (("white", 6.5), ("#111111", 3.2)):
                self.fig.add_artist(
                    Line2D(
                        [x + 0.04, x + 0.36],
                        [yy, yy],
                        transform=tr,
                        color=col,
                        lw=lw,
                        solid_capstyle="round",
                    )
                )
            item(style.LEGEND["segment"])
        if self.countries and self.story is not None:  # one line
            y -= 0.05 * v
            sec(style.LEGEND["territory"])
            x0 = x
            for iso, role, _ in self.countries:
                self.fig.add_artist(
                    Rectangle(
                        (x0 + 0.02, y - 0.16),
                        0.3,
                        0.15,
                        transform=tr,
                        facecolor=style.COUNTRY_FILL[role],
                        edgecolor="#999999",
                        lw=0.8,
                    )
                )
                extra = {"target": " (target)", "origin": " (origin)"}.get(role, "")
                label = f"{self.names.get(iso, iso)}{extra}"
                self.text(x0 + 0.4, y - 0.085, label, fontsize=9.5, va="center")
                x0 += 0.55 + _text_width(label, 9.5)
            y -= lh
        elif self.countries:
            y -= 0.05 * v
            sec(style.LEGEND["territory"])
            for iso, role, _ in self.countries:
                swatch(facecolor=style.COUNTRY_FILL[role], edgecolor="#999999", lw=0.8)
                extra = {"target": " (target)", "origin": " (origin)"}.get(role, "")
                item(f"{self.names.get(iso, iso)}{extra}")
        y -= 0.2 * v
        self._summary(x, y)

    def _summary(self, x, y):

        tr = self.fig.dpi_scale_trans
        target = self.names.get(self.target, self.target)
        self.text(
            x, y, f"Territory of {target} within reach", fontsize=12.5, fontweight="bold", va="top"
        )
        heads = ("claimed", "authorized", "authorized\nshare of\nclaimed")
        y -= 0.24 * self.v + _SUMMARY_HEAD_IN
        rows = [
            (
                c["weapon"],
                self.colour.get(c["weapon"]),
                (c["claimed"], c["claimed_range"]),
                (c["authorized"], c["authorized_range"]),
                c["share"],
            )
            for c in style.summary_cells(self.result)
        ]
        for g in self.groups:
            if g["kind"] == "range":
                areas = [_area(e) for e in g["envs"]]
                ranges = [e.range_m for e in g["envs"]]
                rows.append(
                    (g["label"], None, (style.area_text(areas), _range_label(ranges, km=False)))
                    + (("\u2014", ""), "\u2014")
                )
        # columns as wide as their widest cell, the leftover room shared out between them; the
        # text shrinks only if even that does not fit the panel
        size, sub = 9.5, 7.5

        def need(scale):
            name_w = max((_text_width(r[0], size * scale) * 1.08 + 0.2 for r in rows), default=0)
            widths = [name_w]
            for k, head in enumerate(heads):
                cells = [
                    max(_text_width(r[2 + k][0], size * scale), _text_width(r[2 + k][1], sub))
                    if k < 2
                    else _text_width(r[4], size * scale)
                    for r in rows
                ]
                heads_w = [_text_width(h, 8.5) * 1.08 for h in head.split("\n")]
                widths.append(max(cells + heads_w))
            return widths

        room = _PANEL_IN - 0.15
        scale = 1.0
        widths = need(scale)
        while sum(widths) + 0.1 * len(heads) > room and scale > 0.7:
            scale -= 0.05
            widths = need(scale)
        gap = max(0.1, (room - sum(widths)) / len(heads))
        cols = [x]
        for wd in widths[:-1]:
            cols.append(cols[-1] + wd + gap)
        self._table_header(cols[1:], heads, x, x + room, y, tr)
        y -= 0.1 * self.v
        from matplotlib.patches import Rectangle

        fs = size * scale
        for name, col, (c1, c1s), (c2, c2s), share in rows:
            if col:
                self.fig.add_artist(
                    Rectangle(
                        (x, y - 0.17), 0.13, 0.13, transform=tr, facecolor=col, edgecolor="none"
                    )
                )
            self.text(
                x + (0.2 if col else 0), y - 0.03, name, fontsize=fs, fontweight="bold", va="top"
            )
            for cx, (main, small) in ((cols[1], (c1, c1s)), (cols[2], (c2, c2s))):
                self.text(cx, y - 0.03, main, fontsize=fs, va="top")
                self.text(cx, y - 0.22, small, fontsize=sub, color="#666666", va="top")
            self.text(cols[3], y - 0.03, share, fontsize=fs, va="top")
            y -= 0.46 * self.v
        if self.story is not None:
            self._target_summary(x, y - 0.12 * self.v)
            return
        note = self._area_note()
        self.text(
            x,
            y - 0.02,
            "\n".join(_wrap(note, _PANEL_IN - 0.2, 7.5)),
            fontsize=7.5,
            color="#555555",
            va="top",
            linespacing=1.35,
        )

    def _area_note(self) -> str:
        tol = max((e.display_tolerance_m for e in self.envelopes), default=0.0)
        return (
            "Areas: exact geodesic computation on the WGS84 ellipsoid, clipped to "
            f"{self.names.get(self.target, self.target)}. Outlines drawn within {tol:g} m of the "
            "exact envelopes; every figure is from the exact geometry."
        )

    def _briefs(self) -> list[list[str]]:
        """The briefing sentences, wrapped to the panel."""
        return [_wrap(_plain(w.sentence), _PANEL_IN - 0.35, 7.8) for w in self.story.weapons]

    def _brief_height(self) -> float:
        lines = sum(len(b) for b in self._briefs())
        return 0.13 * lines + 0.06 * len(self.story.weapons) + 0.2

    def _target_summary(self, x, y):
        """Per weapon: targets within claimed reach (band), authorized, claimed not authorized;
        then the briefing sentences, as the HTML map's targets panel."""
        from matplotlib.lines import Line2D
        from matplotlib.patches import Rectangle

        st, v, tr = self.story, self.v, self.fig.dpi_scale_trans
        self.text(x, y, "Targets within reach", fontsize=12.5, fontweight="bold", va="top")
        self.text(
            x + _PANEL_IN - 0.15,
            y - 0.03,
            f"{st.within:,} of {st.total:,} targets",
            fontsize=9,
            color="#555555",
            va="top",
            ha="right",
        )
        y -= 0.3 * v
        # the marker key on one line
        kx = x
        for kind in st.kinds:
            user = kind == "user"
            self.fig.add_artist(
                Line2D(
                    [kx + 0.07],
                    [y - 0.07],
                    transform=tr,
                    marker=style.TARGET_MARKERS.get(kind, "o"),
                    markersize=5.5 if not user else 5,
                    markerfacecolor="#111111" if user else "white",
                    markeredgecolor="white" if user else "#111111",
                    markeredgewidth=0.8 if user else 1.1,
                    linestyle="none",
                )
            )
            label = style.TARGET_LEGEND.get(kind, kind)
            self.text(kx + 0.18, y - 0.07, label, fontsize=8.5, va="center")
            kx += 0.4 + _text_width(label, 8.5)
        y -= 0.62 * v
        cols = (x, x + 0.98, x + 2.0, x + 2.95)
        heads = ("claimed", "authorized", "claimed, not\nauthorized")
        self._table_header(cols[1:], heads, x, x + _PANEL_IN - 0.15, y, tr)
        y -= 0.1 * v
        for w in st.weapons:
            col = self.colour.get(w.weapon, style.RANGE_COLOUR)
            self.fig.add_artist(
                Rectangle((x, y - 0.17), 0.13, 0.13, transform=tr, facecolor=col, edgecolor="none")
            )
            size = 9.5 if len(w.weapon) <= 7 else max(6.5, 9.5 * 7 / len(w.weapon))
            self.text(x + 0.2, y - 0.03, w.weapon, fontsize=size, fontweight="bold", va="top")
            cells = (
                st.band([n for _, n, _ in w.claimed]),
                st.band([n for _, n, _ in w.authorized]) if w.authorized else "none",
                f"{w.not_authorized:,}",
            )
            for cx, text in zip(cols[1:], cells, strict=True):
                self.text(cx, y - 0.03, text, fontsize=9.5, va="top")
            y -= 0.24 * v
        y -= 0.04
        for brief in self._briefs():
            self.text(x, y, "\u2022", fontsize=7.8, va="top")
            self.text(x + 0.13, y, "\n".join(brief), fontsize=7.8, va="top", linespacing=1.3)
            y -= 0.13 * len(brief) + 0.06
        if st.note:
            self.text(x, y, f"Map: {st.note}.", fontsize=7.5, color="#555555", va="top")

    def _footer_lines(self) -> list[str]:
        width = self.w - 2 * _MARGIN_IN
        src = "; ".join(self.sources) if self.sources else "ranges given by hand"
        lines = _wrap(f"Sources: {src}.", width, 7.5)
        b = _borders()
        attribution = ""
        if b is not None and hasattr(b, "attribution"):
            try:
                attribution = str(b.attribution())
            except Exception:  # noqa: BLE001
                attribution = ""
        tail = "Distances: geodesic on WGS84 (GeographicLib via pyproj), boundaries within 0.5 m."
        if attribution:
            tail = f"Borders: {attribution.removeprefix('Borders: ')}. " + tail
        if self.story is not None:
            given = ", ".join(dict.fromkeys(self.story.reach.targets.row_sources()))
            credits = "; ".join(self.story.credits)
            tail += (
                f" {self._area_note()} Targets ({_plain(given)}): inside = geodesic distance to "
                "the segment within range, in the target country"
                + (f"; {_plain(credits)}." if credits else ".")
            )
        return lines + _wrap(tail, width, 7.5)

    def _footer(self, lines):
        from matplotlib.lines import Line2D

        self.fig.add_artist(
            Line2D(
                [_MARGIN_IN, self.w - _MARGIN_IN],
                [self.footer_h - 0.06] * 2,
                transform=self.fig.dpi_scale_trans,
                color="#c8c8c8",
                lw=0.8,
            )
        )
        self.text(
            _MARGIN_IN,
            self.footer_h - 0.12,
            "\n".join(lines),
            fontsize=7.5,
            color="#444444",
            va="top",
            linespacing=1.45,
        )
