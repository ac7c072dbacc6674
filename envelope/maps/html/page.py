"""The map model as one self-contained HTML page (or an embeddable fragment): the model becomes
JSON, ``map.js`` paints it with the vendored Leaflet. Deterministic: ids derive from a hash of
the content, coordinates are rounded to about 1 m, nothing depends on time or randomness."""

from __future__ import annotations

import functools
import hashlib
from pathlib import Path
from typing import Any

from .. import theme
from ..layers import Layer, Shape
from ..model import MapModel
from . import panels
from .encode import COORD_DIGITS, encode, esc, js

_HERE = Path(__file__).resolve().parent
_VENDOR = _HERE / "vendor"
LEAFLET_VERSION = "1.9.4"
# Subresource integrity of the unmodified dist files (as published on leafletjs.com), for cdn.
_CDN = {
    "js": (
        f"https://unpkg.com/leaflet@{LEAFLET_VERSION}/dist/leaflet.js",
        "sha256-20nQCchB9co0qIjJZRGuk2/Z9VM+kNiyxNV1lvTlZBo=",
    ),
    "css": (
        f"https://unpkg.com/leaflet@{LEAFLET_VERSION}/dist/leaflet.css",
        "sha256-p4NxAoJBhIIN+hmNHrzRCf9tD/miZyoHS5obTRR9BMY=",
    ),
}
#: Names accepted by ``tiles``: "none" (default) draws the packaged country polygons and makes no
#: requests; the others are xyzservices names ("osm" is OpenStreetMap.Mapnik).
TILE_CHOICES = (
    "none",
    "osm",
    "CartoDB.Positron",
    "CartoDB.Voyager",
    "OpenTopoMap",
    "Esri.WorldImagery",
)
_TILE_ALIASES = {"osm": "OpenStreetMap.Mapnik", "openstreetmap": "OpenStreetMap.Mapnik"}


@functools.cache
def asset(name: str) -> str:
    """A packaged file (map.js, map.css, vendored Leaflet), checked safe to inline."""
    path = _VENDOR / name if name.startswith("leaflet") else _HERE / name
    text = path.read_text(encoding="utf-8")
    if "</style" in text.lower() or "</script" in text.lower():  # pragma: no cover
        raise RuntimeError(f"{name} cannot be inlined safely")
    return text


def tile_provider(tiles: str):
    """The xyzservices provider of a tile name; an unknown name is a parameter error."""
    import xyzservices.providers as providers

    from ...errors import EnvelopeError

    try:
        return providers.query_name(_TILE_ALIASES.get(tiles.lower(), tiles))
    except ValueError:
        raise EnvelopeError(
            f"unknown tile provider {tiles!r} (tiles=); use one of {', '.join(TILE_CHOICES)} "
            "or any xyzservices name"
        ) from None


class _Geoms:
    """Every geometry encoded once; features refer to it by index."""

    def __init__(self) -> None:
        self.items: list[list] = []
        self._ids: dict[int, tuple[object, int | None]] = {}

    def id(self, geom) -> int | None:
        key = id(geom)
        if key not in self._ids:
            enc = encode(geom)
            self._ids[key] = (geom, None if enc is None else len(self.items))
            if enc is not None:
                self.items.append(enc)
        return self._ids[key][1]


class _Hatches:
    """SVG hatch patterns, one per (colour, fill, line opacity), used through a CSS class."""

    def __init__(self, prefix: str) -> None:
        self.prefix = prefix
        self.items: dict[tuple[str, float, float], int] = {}

    def cls(self, colour: str, fill: float, hatch: float) -> str:
        key = (colour, round(fill, 3), round(hatch, 3))
        if key not in self.items:
            self.items[key] = len(self.items)
        return f"envm-hatch-{self.items[key]}"

    def defs(self) -> str:
        out = []
        for (col, fill, hatch), k in self.items.items():
            out.append(
                f'<pattern id="{self.prefix}-h{k}" patternUnits="userSpaceOnUse" width="7" '
                'height="7" patternTransform="rotate(45)">'
                f'<rect width="7" height="7" fill="{col}" fill-opacity="{fill:g}"/>'
                f'<line x1="1.5" y1="0" x2="1.5" y2="7" stroke="{col}" stroke-width="2.2" '
                f'stroke-opacity="{hatch:g}"/></pattern>'
            )
        return (
            '<svg width="0" height="0" style="position:absolute;width:0;height:0" '
            f'aria-hidden="true"><defs>{"".join(out)}</defs></svg>'
        )

    def css(self, root: str) -> str:
        return "\n".join(
            f"#{root} .envm-hatch-{k}{{fill:url(#{self.prefix}-h{k});fill-opacity:1}}"
            for k in self.items.values()
        )


def _feature(geoms: _Geoms, hatches: _Hatches, s: Shape, cls: str) -> dict | None:
    look = s.look
    ids = [geoms.id(s.geometry)] + ([geoms.id(s.inner)] if s.inner is not None else [])
    if look.width > 0:
        style: dict[str, Any] = {
            "color": look.colour,
            "weight": look.width,
            "opacity": look.edge_opacity,
            "fill": False,
        }
        if look.dash:
            style["dashArray"] = look.dash
        if look.name == "range_edge":
            style["lineCap"] = "round"
    elif look.hatch > 0:  # hatched by CSS; a band is outer XOR inner (even-odd fill)
        style = {"stroke": False}
        cls = f"{cls} {hatches.cls(look.colour, look.fill, look.hatch)}"
    else:
        style = {"stroke": False, "fillColor": look.colour, "fillOpacity": look.fill}
    if any(i is None for i in ids):
        return None
    return {"g": ids, "style": style, "cls": cls, "outline": look.width > 0}


def _points(story) -> dict | None:
    """Target markers as compact rows: [lat, lon, name, kind index, what it is, distance,
    [indices of the envelopes holding it], label?]; every string HTML-escaped."""
    if story is None or not story.markers:
        return None
    from ...units import format_distance

    rings: list[str] = []
    ring_index: dict[str, int] = {}
    for e in story.reach.envelopes:
        if e.name not in ring_index:
            ring_index[e.name] = len(rings)
            rings.append(esc(e.name))
    order = theme.targets()["order"]
    kinds = list(order) + [k for k in story.kinds if k not in order]
    points, labelled = [], set()
    for m in story.markers:
        what = {"city": "city", "airfield": "airfield", "user": f"your point ({m['set']})"}.get(
            m["kind"], m["kind"]
        )
        if m.get("population"):
            what += f", pop. {m['population']:,}"
        dist = format_distance(m["distance_km"] * 1000.0, first="km") + " from the segment"
        label = bool(m["label"]) and m["name"].casefold() not in labelled
        if label:
            labelled.add(m["name"].casefold())
        points.append(
            [
                round(m["lat"], COORD_DIGITS),
                round(m["lon"], COORD_DIGITS),
                esc(m["name"]),
                kinds.index(m["kind"]),
                esc(what),
                dist,
                [ring_index[n] for n in m["inside"] if n in ring_index],
                1 if label else 0,
            ]
        )
    shown, within = len(points), story.within
    name = f"Targets within reach ({within:,})"
    if shown < within:
        name = f"Targets within reach ({shown:,} of {within:,} shown)"
    return {
        "points": points,
        "rings": rings,
        "kinds": kinds,
        "shapes": panels.TARGET_SHAPES,
        "name": esc(name),
    }


def page_data(model: MapModel, tiles: str | None, hatches: _Hatches) -> dict:
    """The JSON the page's script paints."""
    geoms = _Geoms()
    layers: list[Layer] = []
    index: dict[tuple, int] = {}
    states = []
    shared = {id(g) for g in model.layers}
    for i, state in enumerate(model.states):
        ids = []
        for g in model.layers_at(i):
            # a layer that several states draw alike is written once
            key = (g.key, *(id(x.geometry) for x in g.shapes), *(id(x.inner) for x in g.shapes))
            if key not in index:
                index[key] = len(layers)
                layers.append(g)
            ids.append(index[key])
        states.append((state, ids))
    layer_data = []
    for li, g in enumerate(layers):
        st = next(s for s, ids in states if li in ids)
        feats = [_feature(geoms, hatches, s, f"envm-path {g.css_class}") for s in g.shapes]
        layer_data.append(
            {
                "name": panels.layer_name(g),
                "shared": id(g) in shared,
                "features": [f for f in feats if f],
                "tip": panels.tooltip(g, st.credit(g.key)),
                "pop": panels.popup(model, st, g),
            }
        )
    countries = [
        {"g": geoms.id(c.geometry), "fill": c.fill}
        for c in model.countries
        if not c.geometry.is_empty
    ]
    labels = [
        [
            c.label_at[1],
            c.label_at[0],
            esc(c.name),
            "envm-country-label",
            [c.label_alt[1], c.label_alt[0]] if c.label_alt else None,
        ]
        for c in model.countries
        if c.label_at
    ]
    tip, pop = panels.segment_tip(model)
    seg = theme.segment_style()
    minx, miny, maxx, maxy = model.extent
    vminx, vminy, vmaxx, vmaxy = model.view
    tiles_data = None
    credits = [esc(model.borders_credit), esc(model.places_credit)]
    if tiles:
        p = tile_provider(tiles)
        tiles_data = {
            "url": p.build_url(),
            "name": esc(p.name),
            "options": {"attribution": p.html_attribution, "maxZoom": p.get("max_zoom", 18)},
        }
    data = {
        "geoms": geoms.items,
        "center": [round((miny + maxy) / 2, 4), round((minx + maxx) / 2, 4)],
        "countryEdge": theme.colour("country_edge"),
        "countries": countries,
        "layers": layer_data,
        "points": [
            [
                round(p.lat, COORD_DIGITS),
                round(p.lon, COORD_DIGITS),
                esc(p.name),
                panels.point_tip(model, i),
            ]
            for i, p in enumerate(model.segment.points)
        ],
        "launchLines": [
            {"g": geoms.id(ln.geometry), "tip": panels.launch_line_tip(ln)}
            for ln in model.launch_lines
        ],
        "segment": None
        if model.segment.lines is None
        else {
            "g": geoms.id(model.segment.lines),
            "tip": tip,
            "pop": pop,
            "colour": theme.colour("segment"),
            "halo": theme.colour("segment_halo"),
            "width": seg["width"],
            "haloWidth": seg["halo"],
        },
        "labels": labels,
        "places": [[p.lat, p.lon, esc(p.name)] for p in model.places],
        "states": [_state(model, s, ids) for s, ids in states],
        "opening": model.opening,
        "mode": model.mode,
        "panels": {
            "title": panels.title_html(model),
            "compare": panels.compare_html(model) if model.mode == "compare" else "",
        },
        "targets": _points(model.state.story),
        "bounds": [[round(miny, 4), round(minx, 4)], [round(maxy, 4), round(maxx, 4)]],
        "clip": [[round(vminy, 4), round(vminx, 4)], [round(vmaxy, 4), round(vmaxx, 4)]],
        "tiles": tiles_data,
    }
    story = model.state.story
    if story is not None:
        credits += [esc(c) for c in story.credits]
    data["attribution"] = " | ".join([*credits, f"claims: {esc(model.sources_brief)}"])
    data["panels"]["legend"] = panels.legend_html(model, hatches)
    return data


def _state(model: MapModel, state, ids: list[int]) -> dict:
    labels = [
        [
            [[a.lat, a.lon, a.side] for a in rl.anchors],
            f'<span style="color:{rl.colour}">{esc(rl.text)}</span>',
        ]
        for rl in state.ring_labels
    ]
    return {
        "label": esc(state.label),
        "basis": esc(state.basis),
        "words": panels.state_words(state),
        "uncertain": state.uncertain,
        "layers": ids,
        "labels": labels,
        "subtitle": panels.subtitle(model, state),
        "summary": panels.summary_html(model, state),
        "targets": panels.targets_html(state.story),
    }


def _leaflet(cdn: bool) -> str:
    if cdn:
        (js_url, js_sri), (css_url, css_sri) = _CDN["js"], _CDN["css"]
        return (
            f'<link rel="stylesheet" href="{css_url}" integrity="{css_sri}" crossorigin="">\n'
            f'<script src="{js_url}" integrity="{js_sri}" crossorigin=""></script>'
        )
    return f"<style>{asset('leaflet.css')}</style>\n<script>{asset('leaflet.js')}</script>"


def render_page(
    model: MapModel,
    *,
    tiles: str | None = None,
    cdn: bool = False,
    fragment: bool = False,
    id_prefix: str | None = None,
    height: str | None = None,
) -> str:
    """The page (or with ``fragment`` one <div> with its styles and scripts)."""
    hatches = _Hatches("")
    payload = js(page_data(model, tiles, hatches))
    digest = hashlib.sha256(f"{payload}|{cdn}|{fragment}|{height}".encode()).hexdigest()
    prefix = id_prefix or f"e{digest[:10]}"
    if not prefix.replace("_", "").isalnum() or not prefix[0].isalpha():
        raise ValueError(
            f"id_prefix must be letters, digits and _, starting with a letter: {prefix!r}"
        )
    hatches.prefix = prefix
    root = f"map_{prefix}"
    sea = "transparent" if tiles else theme.colour("sea")
    size = "width:100%;height:100%" if not fragment else f"width:100%;height:{height or '600px'}"
    if height and not fragment:
        size = f"width:100%;height:{height}"
    position = "absolute" if not fragment else "relative"
    css = (
        f"#{root}{{position:{position};{size};left:0;top:0;--envm-sea:{sea}}}\n"
        + asset("map.css")
        + hatches.css(root)
    )
    timeline = (
        f'window.envelopeTimeline = window.envelopeTimeline || window.envelopeMaps["{root}"];\n'
        if model.mode == "timeline"
        else ""
    )
    paint = "envelopeCompare" if model.mode == "compare" else "envelopeMap"
    cls = "envm-compare envelope-map" if model.mode == "compare" else "envm-root envelope-map"
    body = (
        f'<div class="{cls}" id="{root}"></div>\n'
        f"{hatches.defs()}\n"
        f"<script>\n{asset('map.js')}\n</script>\n"
        f"<script>\nwindow.envelopeMaps = window.envelopeMaps || {{}};\n"
        f'window.envelopeMaps["{root}"] = {paint}("{root}", {payload});\n{timeline}'
        "</script>\n"
    )
    head = f"{_leaflet(cdn)}\n<style>\n{css}\n</style>\n"
    if fragment:
        return f'<div class="envelope-map-fragment" id="{root}_frag">\n{head}{body}</div>\n'
    return (
        '<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1.0">\n'
        f"<title>{esc(model.title)}</title>\n"
        "<style>html,body{width:100%;height:100%;margin:0;padding:0}</style>\n"
        f"{head}</head>\n<body>\n{body}</body>\n</html>\n"
    )
