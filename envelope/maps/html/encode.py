"""Text and geometry made safe and small for a page: HTML escaping, JSON for inside <script>, and
geometries as Google encoded polylines (about 4 bytes a vertex instead of about 20)."""

from __future__ import annotations

import html as _html
import json
import re
from typing import Any

import numpy as np
import shapely
from shapely.geometry.base import BaseGeometry

COORD_DIGITS = 5  # 1e-5 degrees is at most 1.1 m
_JINJA_OPEN = re.compile(r"\{(?=[{%#])")


def esc(value: Any) -> str:
    """HTML-escape any value (quotes too, so it is safe in attributes); braces become entities so
    that no template engine a page passes through (Jupyter, branca) ever evaluates user text."""
    text = _html.escape("" if value is None else str(value), quote=True)
    return text.replace("{", "&#123;").replace("}", "&#125;")


def js(value: Any) -> str:
    """JSON for inside <script>: no character can close the script or open a comment."""
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"), allow_nan=False)
    # JSON's own "{" is only ever followed by '"' or "}", so a "{" before "{", "%" or "#" lies in
    # a string, where \u007b means the same: no template delimiter can appear in the output.
    text = _JINJA_OPEN.sub(r"\\u007b", text)
    return (
        text.replace("&", "\\u0026")
        .replace("<", "\\u003c")
        .replace(">", "\\u003e")
        .replace("\u2028", "\\u2028")
        .replace("\u2029", "\\u2029")
    )


def encode_ring(coords) -> str:
    """Lon/lat vertices as an encoded polyline (precision 1e-5 degrees); consecutive repeats
    after rounding are dropped."""
    ints = np.round(np.asarray(coords, dtype=float)[:, 1::-1] * 10**COORD_DIGITS).astype(np.int64)
    if len(ints) > 1:
        keep = np.ones(len(ints), dtype=bool)
        keep[1:] = np.any(ints[1:] != ints[:-1], axis=1)
        ints = ints[keep]
    deltas = np.diff(ints, axis=0, prepend=np.zeros((1, 2), dtype=np.int64)).ravel().tolist()
    out = []
    for v in deltas:
        v = ~(v << 1) if v < 0 else v << 1
        while v >= 0x20:
            out.append(chr((0x20 | (v & 0x1F)) + 63))
            v >>= 5
        out.append(chr(v + 63))
    return "".join(out)


def encode(geom: BaseGeometry) -> list[list[str]] | None:
    """A polygonal or linear geometry as parts, each a list of encoded rings (a polygon: exterior
    first, then holes; a line: itself). Leaflet fills all rings of a polygon with the even-odd
    rule, so a band is simply the rings of its outer envelope plus those of its inner one."""
    if geom.is_empty:
        return None
    parts = []
    for part in shapely.get_parts(geom):
        if part.geom_type == "Polygon":
            rings = []
            for ring in (part.exterior, *part.interiors):
                coords = shapely.get_coordinates(ring)[:-1]  # Leaflet closes rings itself
                if len(coords) >= 3:
                    rings.append(encode_ring(coords))
            if rings and len(shapely.get_coordinates(part.exterior)) >= 4:
                parts.append(rings)
        elif part.geom_type in ("LineString", "LinearRing"):
            parts.append([encode_ring(shapely.get_coordinates(part))])
        elif part.geom_type in ("MultiPolygon", "MultiLineString", "GeometryCollection"):
            sub = encode(part)
            parts += sub or []
    return parts or None
