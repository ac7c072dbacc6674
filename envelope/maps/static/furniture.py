"""The map's furniture: graticule with hemisphere labels that never touch, a geodesic scale bar,
a north arrow at its own position and the projection note."""

from __future__ import annotations

import math

import numpy as np

from ...units import METRES_PER_MILE, format_number
from ..text import lat_text, lon_text
from .metrics import text_width
from .projection import nice

#: Graticule steps in degrees, finest first; the finest whose labels keep apart is drawn.
GRATICULE_STEPS = (1.0, 2.0, 5.0, 10.0, 15.0, 30.0, 45.0, 90.0)
GRATICULE_PT = 7.0


def halo(width: float = 3.0, colour: str = "white"):
    from matplotlib import patheffects

    return [patheffects.withStroke(linewidth=width, foreground=colour)]


def furniture_text(ax, x: float, y: float, text: str, size: float, halo_width: float, **kw):
    """A line of the map's furniture (scale, north, projection): haloed, above the map."""
    return ax.text(x, y, text, fontsize=size, zorder=10, path_effects=halo(halo_width), **kw)


def dot(x: float, y: float, size: float, face: str, edge: str, edge_width: float, **kw):
    """One marker at (x, y): the map's launch points and places and the legends' keys."""
    from matplotlib.lines import Line2D

    kw.setdefault("marker", "o")
    return Line2D(
        [x],
        [y],
        markersize=size,
        markerfacecolor=face,
        markeredgecolor=edge,
        markeredgewidth=edge_width,
        linestyle="none",
        **kw,
    )


def lonlat_window(proj, ext, margin: float = 1.0):
    """The lon/lat box holding the map window (edges sampled), plus a margin in degrees."""
    x0, y0, x1, y1 = ext
    t = np.linspace(0, 1, 25)
    xs = np.concatenate(
        [x0 + (x1 - x0) * t, np.full_like(t, x1), x0 + (x1 - x0) * t, np.full_like(t, x0)]
    )
    ys = np.concatenate(
        [np.full_like(t, y0), y0 + (y1 - y0) * t, np.full_like(t, y1), y0 + (y1 - y0) * t]
    )
    lon, lat = proj.inv.transform(xs, ys)
    return (min(lon) - margin, min(lat) - margin, max(lon) + margin, max(lat) + margin)


def graticule_labels(proj, ext, step: float):
    """Meridians where they cross the top edge, parallels where they cross the left edge, as
    ``(lons, lats)`` lists of ``(degrees, xs, ys, edge position or None)``."""
    lon_a, lat_a, lon_b, lat_b = lonlat_window(proj, ext, margin=0.0)
    x0, y0, x1, y1 = ext
    lats = np.linspace(lat_a - 1, lat_b + 1, 80)
    lons_out = []
    for lon in np.arange(math.floor(lon_a / step) * step, lon_b + step, step):
        x, y = proj.xy(np.full_like(lats, lon), lats)
        xb = float(np.interp(y1, y, x))
        ok = x0 + 0.05 * (x1 - x0) < xb < x1 - 0.1 * (x1 - x0)
        lons_out.append((float(lon), x, y, xb if ok else None))
    lons = np.linspace(lon_a - 1, lon_b + 1, 80)
    lats_out = []
    for lat in np.arange(math.floor(lat_a / step) * step, lat_b + step, step):
        x, y = proj.xy(lons, np.full_like(lons, lat))
        yb = float(np.interp(x0, x, y))
        ok = y0 + 0.2 * (y1 - y0) < yb < y1 - 0.05 * (y1 - y0)
        lats_out.append((float(lat), x, y, yb if ok else None))
    return lons_out, lats_out


def graticule_step(proj, ext, ax_w_in: float) -> float:
    """The finest step whose labels, measured in the real font, keep at least a small gap."""
    x0, y0, x1, y1 = ext
    per_in = ax_w_in / (x1 - x0)
    line_h = GRATICULE_PT * 1.25 / 72
    pad = 0.12
    for step in GRATICULE_STEPS:
        lons, lats = graticule_labels(proj, ext, step)
        tops = sorted(
            ((xb - x0) * per_in, text_width(lon_text(lon), GRATICULE_PT))
            for lon, _x, _y, xb in lons
            if xb is not None
        )
        apart = all(
            b[0] - a[0] >= (a[1] + b[1]) / 2 + pad for a, b in zip(tops, tops[1:], strict=False)
        )
        lefts = sorted((yb - y0) * per_in for _lat, _x, _y, yb in lats if yb is not None)
        apart = apart and all(b - a >= line_h + pad for a, b in zip(lefts, lefts[1:], strict=False))
        if apart:
            return step
    return GRATICULE_STEPS[-1]


def graticule(ax, proj, ext, ax_w_in: float) -> float:
    from matplotlib.lines import Line2D

    step = graticule_step(proj, ext, ax_w_in)
    x0, y0, x1, y1 = ext
    lons, lats = graticule_labels(proj, ext, step)
    kw = dict(color="#7d8a96", lw=0.45, alpha=0.55, zorder=1.5)
    label = dict(fontsize=GRATICULE_PT, color="#5d6a75", zorder=6, path_effects=halo(2))
    for lon, x, y, xb in lons:
        ax.add_artist(Line2D(x, y, **kw))
        if xb is not None:
            ax.text(xb, y1 - 0.006 * (y1 - y0), lon_text(lon), ha="center", va="top", **label)
    for lat, x, y, yb in lats:
        ax.add_artist(Line2D(x, y, **kw))
        if yb is not None:
            ax.text(x0 + 0.004 * (x1 - x0), yb, lat_text(lat), ha="left", va="bottom", **label)
    return step


def scale_bar(ax, proj, ext) -> None:
    """A km bar over a mi bar, their lengths measured geodesically along the central latitude,
    then projected (so they hold for the middle of the map)."""
    from matplotlib.patches import Rectangle

    x0, y0, x1, y1 = ext
    w, h = x1 - x0, y1 - y0
    lat_c = proj.inv.transform((x0 + x1) / 2, (y0 + y1) / 2)[1]
    lon_c = proj.lon0
    bx, by = x0 + 0.035 * w, y0 + 0.1 * h
    bh = 0.011 * h
    for unit, metres, up in (("km", 1000.0, True), ("mi", METRES_PER_MILE, False)):
        units = nice(0.22 * w / metres)
        lon_e, lat_e, _ = proj.geod.fwd(lon_c, lat_c, 90.0, units * metres)
        xa, ya = proj.xy(lon_c, lat_c)
        xb, yb = proj.xy(lon_e, lat_e)
        length = math.hypot(xb - xa, yb - ya)
        lead = units / 10 ** math.floor(math.log10(units))
        n = 4 if lead in (1, 2) else 5
        y = by if up else by - 1.9 * bh
        for i in range(n):
            ax.add_artist(
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
            text = format_number(units * i / n, 2) + (f" {unit}" if i == n else "")
            furniture_text(
                ax,
                bx + i * length / n,
                y + (bh * 1.6 if up else -bh * 0.6),
                text,
                7.5,
                2.2,
                ha="center",
                va="bottom" if up else "top",
            )
    note = f"scale true along {lat_text(lat_c, '.1f')} (geodesic)"
    furniture_text(ax, bx, by - bh * 5.0, note, 6.8, 2, color="#444444", ha="left", va="top")


def north_arrow(ax, proj, ext) -> None:
    """Arrow towards true north at its own position (meridians converge in this projection)."""
    x0, y0, x1, y1 = ext
    w, h = x1 - x0, y1 - y0
    px, py = x0 + 0.955 * w, y0 + 0.83 * h
    lon, lat = proj.inv.transform(px, py)
    qx, qy = proj.xy(lon, lat + 0.05)
    ang = math.atan2(qy - py, qx - px)
    length = 0.075 * h
    tx, ty = px + length * math.cos(ang), py + length * math.sin(ang)
    ax.annotate(
        "",
        xy=(tx, ty),
        xytext=(px, py),
        arrowprops=dict(arrowstyle="-|>,head_length=0.9,head_width=0.45", color="#222222", lw=1.8),
        zorder=10,
    )
    furniture_text(
        ax, tx, ty + 0.012 * h, "N", 12, 2.5, fontweight="bold", ha="center", va="bottom"
    )


def projection_note(ax, proj, ext) -> None:
    err = proj.max_scale_error(ext)
    note = (
        f"Lambert azimuthal equal-area, centre {lat_text(proj.lat0)} {lon_text(proj.lon0)}, "
        f"WGS84: areas true; distances within {max(err * 100, 0.1):.1f} % on this map"
    )
    x0, y0, x1, y1 = ext
    x, y = x1 - 0.008 * (x1 - x0), y0 + 0.012 * (y1 - y0)
    furniture_text(ax, x, y, note, 7, 2.2, color="#333333", ha="right", va="bottom")
