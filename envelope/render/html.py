"""The interactive map: claimed vs authorized reach as a self-contained Leaflet page.

The default page needs no network at all: Leaflet (vendored, see ``vendor/VENDOR.md``) and every
style are inlined, the basemap is the packaged country polygons, and no folium/CDN assets
(jQuery, Bootstrap, Font Awesome ...) are referenced. The output is deterministic: element ids
derive from a hash of the content, coordinates are rounded to 5 decimals (about 1 m) and nothing
depends on time, randomness or hash seeds.

Encoding: hue = weapon (Okabe-Ito palette, colour-blind safe); pattern = kind of reach, so the
two kinds differ without colour too: *authorized* reach is a solid, opaque fill with a solid
edge; *claimed* reach is a light fill with a dashed edge, and where the reports disagree the band
between the lowest and highest claim is hatched, its inner edge drawn as well.

Every user-supplied string (title, segment name, weapon names, report metadata) is HTML-escaped
before it reaches the page and JSON-encoded with ``<``, ``>`` and ``&`` as ``\\u`` escapes inside
scripts, so nothing in the inputs can open a tag or end a script.

folium and shapely are imported inside functions only: importing this module is cheap, so the
CLI can read :data:`TILE_CHOICES` without slowing ``envelope --help``.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import html as _html
import json
import math
import re
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

from . import style

if TYPE_CHECKING:  # pragma: no cover
    import folium

    from ..envelopes import EnvelopeSet

#: Names accepted by ``envelope render --tiles``. "none" (the default) draws the packaged country
#: polygons and makes no requests; the others are xyzservices provider names ("osm" is short for
#: OpenStreetMap.Mapnik) and load tiles from the network. Any other xyzservices name also works.
TILE_CHOICES = (
    "none",
    "osm",
    "CartoDB.Positron",
    "CartoDB.Voyager",
    "OpenTopoMap",
    "Esri.WorldImagery",
)
_TILE_ALIASES = {"osm": "OpenStreetMap.Mapnik", "openstreetmap": "OpenStreetMap.Mapnik"}

LEAFLET_VERSION = "1.9.4"
_VENDOR = Path(__file__).resolve().parent / "vendor"
# Subresource integrity of the unmodified dist files (as published on leafletjs.com), for --cdn.
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

#: Okabe & Ito (2008) colour-blind-safe palette, in the order weapons are assigned colours.
PALETTE = ("#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9")
_RANGE_COLOUR = "#222222"  # a bare --range with no weapon
_SEA = "#d5e1ea"
_COUNTRY_FILL = {"target": "#f4efe6", "origin": "#ffffff", "other": "#e9e9e6"}
_FALLBACK_NAMES = {"RUS": "Russia", "UKR": "Ukraine", "BLR": "Belarus"}

COORD_DIGITS = 5  # 1e-5 degrees is at most 1.1 m
BASEMAP_SIMPLIFY_DEG = 0.003  # about 330 m: under a pixel at the zoom that shows the envelopes
BASEMAP_MIN_AREA_DEG2 = 0.002  # basemap islands and lakes under about 15 km² are left out
_MI = 1609.344
_JINJA_OPEN = re.compile(r"\{(?=[{%#])")


# --------------------------------------------------------------------------------------------
# small helpers: escaping, numbers, geometry to GeoJSON
# --------------------------------------------------------------------------------------------


def _e(value: Any) -> str:
    """HTML-escape any value (quotes too, so it is safe in attributes). Braces become entities
    as well: branca re-reads rendered macros as Jinja templates, so "{{" in user text must never
    reach it (it would be evaluated)."""
    text = _html.escape("" if value is None else str(value), quote=True)
    return text.replace("{", "&#123;").replace("}", "&#125;")


def _js(value: Any) -> str:
    """JSON for inside <script>: no character can close the script or open a comment."""
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"), allow_nan=False)
    # JSON's own "{" is only ever followed by '"' or "}", so a "{" before "{", "%" or "#" lies in
    # a string, where \u007b means the same: no Jinja delimiter can appear in the output.
    text = _JINJA_OPEN.sub(r"\\u007b", text)
    return (
        text.replace("&", "\\u0026")
        .replace("<", "\\u003c")
        .replace(">", "\\u003e")
        .replace("\u2028", "\\u2028")
        .replace("\u2029", "\\u2029")
    )


def _num(x: float, digits: int = 1) -> str:
    text = f"{x:,.{digits}f}"
    if digits and text.endswith("." + "0" * digits):
        text = text[: -digits - 1]
    return text


def _span(values: Iterable[float], digits: int = 1) -> str:
    vals = sorted(set(values))
    lo, hi = _num(vals[0], digits), _num(vals[-1], digits)
    return lo if lo == hi else f"{lo}\u2013{hi}"


def _range_label(ranges_m: list[float], *, km: bool = True) -> str:
    """ "185 mi (297.7 km)" or, for a band, "185–200 mi (297.7–321.9 km)"."""
    mi = _span([r / _MI for r in ranges_m])
    if not km:
        return f"{mi} mi"
    return f"{mi} mi ({_span([r / 1000.0 for r in ranges_m])} km)"


def _encode_ring(coords) -> str:
    """Lon/lat vertices as an encoded polyline (Google's algorithm, precision 1e-5 degrees):
    about 4 bytes a vertex instead of about 20 as GeoJSON text. Rounding is to the same 1e-5
    grid as 5-decimal GeoJSON; consecutive repeats after rounding are dropped."""
    import numpy as np

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


def _encode(geom) -> list[list[str]] | None:
    """A polygonal or linear geometry as a list of parts, each a list of encoded rings (a
    polygon: exterior first, then holes; a line: just itself).

    Leaflet draws all rings of an L.polygon as one SVG path with the even-odd fill rule, so the
    parity of the rings, not their roles, decides what is filled: a band is drawn as the rings of
    its outer envelope plus those of its inner one, without any polygon arithmetic, and a
    multipolygon as the flat list of its rings. Edges are drawn from the exteriors only.
    """
    import shapely

    if geom is None or geom.is_empty:
        return None
    polys = _polygons(geom)
    if polys:
        parts = []
        for poly in polys:
            rings = []
            for ring in (poly.exterior, *poly.interiors):
                coords = shapely.get_coordinates(ring)[:-1]  # Leaflet closes rings itself
                if len(coords) >= 3:
                    rings.append(_encode_ring(coords))
            if rings and len(shapely.get_coordinates(poly.exterior)) >= 4:
                parts.append(rings)
        return parts or None
    lines = _lines(geom)
    if lines:
        return [[_encode_ring(shapely.get_coordinates(g))] for g in lines]
    return None


def _lines(geom):
    if geom is None or geom.is_empty:
        return []
    if geom.geom_type in ("LineString", "LinearRing"):
        return [geom]
    if hasattr(geom, "geoms"):
        return [p for g in geom.geoms for p in _lines(g)]
    return []


def _prune(geom, min_area: float):
    """Drop the polygons and holes smaller than ``min_area`` (square degrees)."""
    from shapely.geometry import MultiPolygon, Polygon

    out = []
    for p in _polygons(geom):
        if p.area < min_area:
            continue
        holes = [h for h in p.interiors if Polygon(h).area >= min_area]
        out.append(Polygon(p.exterior, holes))
    return MultiPolygon(out) if out else Polygon()


def _union(geoms):
    import shapely

    try:
        return shapely.union_all(geoms)
    except shapely.errors.GEOSException:  # an invalid input: repair, then union
        return shapely.union_all([shapely.make_valid(g) for g in geoms])


def _polygons(geom):
    if geom is None or geom.is_empty:
        return []
    if geom.geom_type == "Polygon":
        return [geom]
    if hasattr(geom, "geoms"):
        return [p for g in geom.geoms for p in _polygons(g)]
    return []


# --------------------------------------------------------------------------------------------
# reading the inputs (tolerant of what the other modules provide)
# --------------------------------------------------------------------------------------------


def _borders():
    try:
        from .. import borders
    except ImportError:  # the packaged borders are optional for the map: draw without them
        return None
    return borders


def _country_names() -> dict[str, str]:
    names = dict(_FALLBACK_NAMES)
    borders = _borders()
    if borders is not None and hasattr(borders, "country_names"):
        try:
            found = borders.country_names()
        except Exception:  # noqa: BLE001 - names are decoration only
            found = None
        if isinstance(found, Mapping):
            names.update({str(k): str(v) for k, v in found.items()})
        elif found is not None:
            for item in found:
                if isinstance(item, (tuple, list)) and len(item) == 2:
                    names[str(item[0])] = str(item[1])
    return names


def _report_cite(scenario, report_id: str) -> str:
    """'<code>000_fc15…</code> (Breitbart, 2024-06-01)' as escaped HTML; a report with no outlet
    is cited by whom it cites ("citing CNN"), an inferred date is marked as such."""
    rid = f"<code>{_e(report_id)}</code>"
    note = style.report_note(scenario, report_id)
    return f"{rid} ({_e(note)})" if note else rid


def _claim_label(claim) -> str:
    dist = getattr(claim, "distance", None)
    label = getattr(dist, "label", None)
    if not label:
        shown = getattr(claim, "display", None)
        value, unit = getattr(claim, "value", None), getattr(claim, "unit", "") or ""
        if isinstance(shown, str) and shown:
            label = shown
        elif isinstance(value, (int, float)):
            label = f"{value:g} {unit}".strip()
        else:
            label = _text_of(value)
    qualifier = _text_of(getattr(claim, "qualifier", ""))
    return f"{qualifier} {label}".strip()


def _claim_speaker(claim) -> str:
    role = _text_of(getattr(claim, "speaker_role", ""))
    if role:
        return role
    speaker = _text_of(getattr(claim, "speaker", ""))
    return "" if speaker in ("", "report") else speaker.replace("_", " ")


def _area(env) -> float:
    """Target-country territory within the envelope's range (km²)."""
    value = getattr(env, "target_area_km2", None)
    return float(value if value is not None else env.area_km2)


def _claim_range_m(claim) -> float:
    dist = getattr(claim, "distance", None)
    metres = getattr(dist, "metres", None)
    return float(metres) if isinstance(metres, (int, float)) else 0.0


def _text_of(value) -> str:
    return "" if value is None else str(value)


# --------------------------------------------------------------------------------------------
# the model: everything the page shows, as plain data (no folium), built deterministically
# --------------------------------------------------------------------------------------------


def _popup_html(group: dict, scenario, target: str, story=None) -> str:
    envs: list = group["envs"]
    kind = group["kind"]
    title = group["label"] if kind == "range" else f"{group['label']} — {kind} reach"
    rows = []
    rows.append(("Range", "<br>".join(_e(_range_label([e.range_m])) for e in envs)))
    area_head = f"Territory of {_e(target)} within reach" if target else "Area within reach"
    if len(envs) == 1:
        rows.append((area_head, f"{_area(envs[0]):,.0f} km²"))
    else:
        rows.append(
            (
                area_head,
                "<br>".join(
                    f"{_e(_range_label([e.range_m], km=False))}: {_area(e):,.0f} km²" for e in envs
                ),
            )
        )
    depth = max(e.max_depth_km for e in envs)
    if depth and math.isfinite(depth):
        rows.append(("Greatest depth", f"{depth:,.1f} km"))
    within = _target_popup(story, envs)
    if within is not None:
        rows.append(within)
    # sources: every claim with its own report; otherwise the envelopes' report ids
    seen, items = set(), []
    claims = [c for e in envs for c in (e.claims or ())]
    claims.sort(key=lambda c: (_claim_range_m(c), str(getattr(c, "report_id", ""))))
    for c in claims:
        key = (getattr(c, "report_id", None), getattr(c, "id", None), _claim_label(c))
        if key in seen:
            continue
        seen.add(key)
        line = f"<b>{_e(_claim_label(c))}</b> — {_report_cite(scenario, str(c.report_id))}"
        speaker = _claim_speaker(c)
        if speaker:
            line += f"; {_e(speaker)}"
        summary = getattr(c, "summary", None)
        if summary:
            line += f'<div class="envm-q">{_e(summary)}</div>'
        items.append(f"<li>{line}</li>")
    if not items:
        for rid in dict.fromkeys(s for e in envs for s in (e.sources or ())):
            items.append(f"<li>{_report_cite(scenario, str(rid))}</li>")
    rows.append(("Sources", f"<ul>{''.join(items)}</ul>" if items else "none recorded"))
    notes = list(dict.fromkeys(e.note for e in envs if e.note))
    body = "".join(f"<tr><th>{h}</th><td>{v}</td></tr>" for h, v in rows)
    note_html = "".join(f'<p class="envm-note">{_e(n)}</p>' for n in notes)
    return f'<div class="envm-pop"><h4>{_e(title)}</h4><table>{body}</table>{note_html}</div>'


def _tooltip(group: dict) -> str:
    ranges = [e.range_m for e in group["envs"]]
    if group["kind"] == "range":
        head = f"{group['label']}"
    else:
        head = f"{group['label']} · {group['kind']} reach"
    band = " (band of reported claims)" if len(set(ranges)) > 1 else ""
    return (
        f"<b>{_e(head)}</b><br>{_e(_range_label(ranges))}{band}"
        '<br><span class="envm-dim">click for area and sources</span>'
    )


def _label_point(geom, segment_line, inward):
    """Where a ring's label goes: its boundary's farthest crossing of the ray from the segment's
    midpoint in the inward direction (into the target), else its farthest vertex."""
    from shapely.geometry import LineString

    mid = _mid(segment_line)
    coslat = math.cos(math.radians(mid.y))
    dx, dy = inward
    ray = LineString([(mid.x, mid.y), (mid.x + dx * 40 / coslat, mid.y + dy * 40)])
    hit = geom.boundary.intersection(ray)
    pts = [g for g in getattr(hit, "geoms", [hit]) if g.geom_type == "Point" and not g.is_empty]
    if not pts:
        return None
    best = max(pts, key=lambda p: ((p.x - mid.x) * coslat) ** 2 + (p.y - mid.y) ** 2)
    return best.y, best.x


def _mid(line):
    """The point halfway along a (multi)line, or its centroid if it cannot be interpolated."""
    try:
        return line.interpolate(0.5, normalized=True)
    except Exception:  # noqa: BLE001 - e.g. a MultiLineString on an old GEOS
        return line.centroid


def _widest(envelopes):
    """The display geometry of the widest envelope: all share a segment, so it covers the rest."""
    shown = [e for e in envelopes if e.display is not None and not e.display.is_empty]
    return max(shown, key=lambda e: e.range_m).display if shown else None


def _inward(segment_line, envelopes) -> tuple[float, float]:
    """Unit vector (in locally scaled lon/lat) normal to the segment's chord, towards the target."""
    import shapely

    xy = shapely.get_coordinates(segment_line)
    (x0, y0), (x1, y1) = xy[0], xy[-1]
    mid = _mid(segment_line)
    coslat = math.cos(math.radians(mid.y))
    vx, vy = (x1 - x0) * coslat, y1 - y0
    norm = math.hypot(vx, vy) or 1.0
    nx, ny = -vy / norm, vx / norm
    # point towards the bulk of the envelopes (they are nested: the widest holds the rest)
    widest = _widest(envelopes)
    if widest is not None:
        c = widest.centroid
        if ((c.x - mid.x) * coslat) * nx + (c.y - mid.y) * ny < 0:
            nx, ny = -nx, -ny
    return nx, ny


def _target_popup(story, gi_envs) -> tuple[str, str] | None:
    """The popup row "Targets": what lies inside each of the group's envelopes."""
    if story is None:
        return None
    envs = gi_envs
    if len(envs) == 1:
        return ("Targets", _e(story.envelope_phrase(envs[0])))
    return (
        "Targets",
        "<br>".join(
            f"{_e(_range_label([e.range_m], km=False))}: {_e(story.envelope_phrase(e))}"
            for e in envs
        ),
    )


def _target_legend(story) -> str:
    """Legend rows for the marker shapes of the kinds of target given."""
    if story is None:
        return ""
    circle = (
        '<svg width="13" height="13" viewBox="0 0 13 13"><circle cx="6.5" cy="6.5" r="4.5" '
        'fill="#fff" stroke="#111" stroke-width="1.5"/></svg>'
    )
    items = []
    for k in story.kinds:
        shape = _TARGET_SHAPES.get(k, circle)
        items.append(
            f'<div class="envm-li"><span class="envm-mk-key">{shape}</span>'
            f"{_e(style.TARGET_LEGEND.get(k, k))}</div>"
        )
    return '<div class="envm-sec">Targets within reach (shape)</div>' + "".join(items)


def _target_summary_html(story, colour: dict[str, str], tm: dict) -> str:
    """The targets panel: per weapon, how many targets lie within claimed reach (a band over
    the reports), within authorized reach, and within claimed but not authorized reach, then
    the briefing sentences. A <details> element, open: a reader can fold it away."""
    if story is None:
        return ""
    kinds = story.kinds
    rows = []
    for w in story.weapons:
        cells = []
        for entries in (w.claimed, w.authorized):
            if entries:
                why = _e(style.band_phrase(entries, kinds))
                cells.append(f'<span title="{why}">{story.band([n for _, n, _ in entries])}</span>')
            else:
                cells.append("none" if entries is w.authorized else "—")
        why = _e(style.count_phrase(w.not_authorized_by_kind, kinds))
        cells.append(f'<span title="{why}">{w.not_authorized:,}</span>')
        chip = colour.get(w.weapon, _RANGE_COLOUR)
        rows.append(
            f'<tr><th><span class="envm-chip" style="background:{chip}"></span>{_e(w.weapon)}</th>'
            + "".join(f"<td>{c}</td>" for c in cells)
            + "</tr>"
        )
    brief = "".join(f"<li>{_e(w.sentence)}</li>" for w in story.weapons)
    given = ", ".join(dict.fromkeys(story.reach.targets.row_sources()))
    drawn = f"The map is {_e(story.note)}." if story.note else "All are on the map."
    return (
        '<details open><summary class="envm-h">Targets within reach '
        f'<span class="envm-dim">{story.within:,} of {story.total:,}</span></summary>'
        '<table class="envm-sum envm-tsum"><thead><tr><th></th><th>claimed</th>'
        "<th>authorized</th><th>claimed, not<br>authorized</th></tr></thead>"
        f"<tbody>{''.join(rows)}</tbody></table>"
        f'<ul class="envm-brief">{brief}</ul>'
        f'<div class="envm-foot">{story.within:,} of {story.total:,} targets ({_e(given)}) lie '
        f"within the largest envelope. {drawn} Inside: geodesic distance to the segment within "
        "range, in the target country. Click a ring or a marker for details.</div></details>"
    )


def _target_points(story, legacy_rings: list[str]) -> dict:
    """Markers as compact rows for the page's script: [lat, lon, name, kind index, what it is,
    distance, [indices of the envelopes holding it], label?]; every string HTML-escaped."""
    if story is None:  # the model (hence the content-hashed ids) as before targets were drawn
        return {"points": [], "rings": legacy_rings, "total": 0, "labels": True}
    rings: list[str] = []
    ring_index: dict[str, int] = {}
    for e in story.reach.envelopes:
        if e.name not in ring_index:
            ring_index[e.name] = len(rings)
            rings.append(_e(e.name))
    kinds = [k for k in style.TARGET_ORDER] + [
        k for k in story.kinds if k not in style.TARGET_ORDER
    ]
    points = []
    labelled: set[str] = set()
    for m in story.markers:
        what = {"city": "city", "airfield": "airfield", "user": f"your point ({m['set']})"}.get(
            m["kind"], m["kind"]
        )
        if m.get("population"):
            what += f", pop. {m['population']:,}"
        km = m["distance_km"]
        dist = f"{_num(km)} km ({_num(km * 1000.0 / _MI)} mi) from the segment"
        label = bool(m["label"]) and m["name"].casefold() not in labelled
        if label:
            labelled.add(m["name"].casefold())
        points.append(
            [
                round(m["lat"], COORD_DIGITS),
                round(m["lon"], COORD_DIGITS),
                _e(m["name"]),
                kinds.index(m["kind"]),
                _e(what),
                dist,
                [ring_index[n] for n in m["inside"] if n in ring_index],
                1 if label else 0,
            ]
        )
    return {
        "points": points,
        "rings": rings,
        "kinds": kinds,
        "total": story.total,
        "within": story.within,
        "note": story.note,
    }


def build_model(
    result: EnvelopeSet, *, title: str | None = None, tiles: str | None = None, targets=None
) -> dict:
    """Everything the map shows, as JSON-ready data with HTML already escaped."""
    import shapely
    from pyproj import Geod
    from shapely.geometry import box
    from shapely.ops import polylabel

    names = _country_names()
    segment = result.segment
    seg_line = getattr(segment, "line", None)
    seg_name = _text_of(getattr(segment, "name", "")) or "border segment"
    origin = _text_of(getattr(segment, "origin", "")) or "UKR"
    target = _text_of(getattr(segment, "target", "")) or (
        next((e.clipped_to for e in result.envelopes if e.clipped_to), None) or "RUS"
    )
    scenario = result.scenario
    envelopes = [e for e in result.envelopes if e.display is not None and not e.display.is_empty]
    with_tiles = bool(tiles) and str(tiles).lower() != "none"

    # --- extent -------------------------------------------------------------------------
    shapes = [e.display for e in envelopes] + ([seg_line] if seg_line is not None else [])
    if shapes:
        all_bounds = [s.bounds for s in shapes]
        minx, miny = min(b[0] for b in all_bounds), min(b[1] for b in all_bounds)
        maxx, maxy = max(b[2] for b in all_bounds), max(b[3] for b in all_bounds)
    else:  # nothing to show: a view of the region
        minx, miny, maxx, maxy = 30.0, 44.0, 42.0, 54.0
    mid_lat = (miny + maxy) / 2
    padx = max(3.0, (maxx - minx) * 0.6)
    pady = max(2.0, (maxy - miny) * 0.6)
    clip = box(minx - padx, max(miny - pady, -85), maxx + padx, min(maxy + pady, 85))

    # every geometry is encoded once; layers refer to it by index
    geoms: list[list] = []
    geom_ids: dict[int, tuple[object, int | None]] = {}  # holds the geometry: ids stay unique

    def gid(geom) -> int | None:
        key = id(geom)
        if key not in geom_ids:
            enc = _encode(geom)
            geom_ids[key] = (geom, None if enc is None else len(geoms))
            if enc is not None:
                geoms.append(enc)
        return geom_ids[key][1]

    # --- basemap --------------------------------------------------------------------------
    countries = []
    widest = _widest(envelopes)
    keep_clear = widest.simplify(0.05).buffer(0.15, 4) if widest is not None else None
    borders = _borders()
    if borders is not None and hasattr(borders, "country"):
        for iso, role in ((target, "target"), (origin, "origin"), ("BLR", "other")):
            if any(c["iso"] == iso for c in countries):
                continue
            try:
                geom = borders.country(iso)
            except Exception:  # noqa: BLE001 - a missing country just is not drawn
                continue
            shown = _prune(shapely.clip_by_rect(geom, *clip.bounds), BASEMAP_MIN_AREA_DEG2)
            shown = shapely.simplify(shown, BASEMAP_SIMPLIFY_DEG)
            index = gid(shown)
            if index is None:
                continue
            name = names.get(iso, iso)
            # label at the visual centre of the country's largest piece in view, clear of the
            # envelopes; none when the country is barely in view (the legend names it)
            view = box(minx, miny, maxx, maxy).buffer(0.2)
            near = shapely.intersection(shown, view)
            if envelopes:
                near = shapely.difference(near, keep_clear)
            parts = [p for p in _polygons(near) if p.area > 0.02 * view.area]
            lp = None
            if parts:
                lp = polylabel(max(parts, key=lambda p: p.area), tolerance=0.02)
            countries.append(
                {
                    "iso": iso,
                    "role": role,
                    "name": _e(name),
                    "g": index,
                    "fill": _COUNTRY_FILL[role],
                    "label": [round(lp.y, 3), round(lp.x, 3)] if lp is not None else None,
                }
            )
    attribution_bits = []
    if borders is not None and hasattr(borders, "attribution"):
        with contextlib.suppress(Exception):  # attribution is decoration only
            attribution_bits.append(_e(borders.attribution()))
    borders_credit = attribution_bits[0] if attribution_bits else ""

    # --- targets: classified by envelope.reach (the project's exact rule), never here --------
    story = style.target_story(result, targets, borders=borders)

    # --- envelopes ------------------------------------------------------------------------
    groups = style.group_envelopes(envelopes)
    weapons = list(dict.fromkeys(g["weapon"] for g in groups if g["weapon"]))
    colour = {w: PALETTE[i % len(PALETTE)] for i, w in enumerate(weapons)}
    inward = _inward(seg_line, envelopes) if seg_line is not None else (0.0, 1.0)
    layers = []
    for gi, g in enumerate(groups):
        envs = g["envs"]
        col = colour.get(g["weapon"], _RANGE_COLOUR) if g["kind"] != "range" else _RANGE_COLOUR
        lo, hi = envs[0], envs[-1]
        band = len({e.range_m for e in envs}) > 1
        band_cls = f"envm-path envm-band-{gi}"
        # (geometries, style, css class, exteriors only); several geometries are drawn as one
        # even-odd path, i.e. their XOR: the band between the outer and the inner envelope
        features: list[tuple[list, dict, str, bool]] = []
        if g["kind"] == "authorized":
            features.append(
                (
                    [lo.display],
                    dict(stroke=False, fillColor=col, fillOpacity=0.5),
                    "envm-path",
                    False,
                )
            )
            if band:
                features.append(([hi.display, lo.display], dict(stroke=False), band_cls, False))
            for e in envs:
                features.append(
                    (
                        [e.display],
                        dict(color=col, weight=2.5, opacity=1, fill=False),
                        "envm-path",
                        True,
                    )
                )
        elif g["kind"] == "claimed":
            edge = dict(color=col, weight=2, opacity=0.95, dashArray="7 5", fill=False)
            features.append(
                (
                    [lo.display],
                    dict(stroke=False, fillColor=col, fillOpacity=0.13),
                    "envm-path",
                    False,
                )
            )
            if band:
                features.append(([hi.display, lo.display], dict(stroke=False), band_cls, False))
                for mid in envs[1:-1]:
                    thin = dict(color=col, weight=1.2, opacity=0.9, dashArray="2 4", fill=False)
                    features.append(([mid.display], thin, "envm-path", True))
            features.append(([lo.display], edge, "envm-path", True))
            if band:
                features.append(([hi.display], edge, "envm-path", True))
        else:  # a bare range
            for e in envs:
                features.append(
                    (
                        [e.display],
                        dict(stroke=False, fillColor=col, fillOpacity=0.05),
                        "envm-path",
                        False,
                    )
                )
                ring = dict(
                    color=col, weight=1.8, opacity=0.9, dashArray="1 5", lineCap="round", fill=False
                )
                features.append(([e.display], ring, "envm-path", True))
        rendered = []
        for shapes_, look, cls, outline in features:
            ids = [i for i in (gid(x) for x in shapes_) if i is not None]
            if len(ids) == len(shapes_):
                rendered.append({"g": ids, "style": look, "className": cls, "outline": outline})
        range_text = _range_label([e.range_m for e in envs], km=False)
        layers.append(
            {
                "index": gi,
                "name": (
                    f'<span class="envm-sw envm-sw-{g["kind"]}" style="--c:{col}"></span>'
                    f"{_e(g['label'])} — {_e(g['kind'])} {_e(range_text)}"
                ),
                "colour": col,
                "kind": g["kind"],
                "band": band,
                "max_range": hi.range_m,
                "features": rendered,
                "tooltip": _tooltip(g),
                "popup": _popup_html(g, scenario, names.get(target, target), story),
            }
        )
    # draw order: widest first so that every ring stays clickable
    layers.sort(key=lambda lyr: (-lyr["max_range"], lyr["kind"] != "claimed", lyr["index"]))

    # one label per distinct ring (a weapon's claimed and authorized rings may coincide), set
    # just outside the ring on the side the ray leaves it, so the outline never crosses the text
    dx, dy = inward
    side = ("n" if dy >= 0 else "s") if abs(dy) >= abs(dx) else ("e" if dx > 0 else "w")
    ring_labels = []
    for rl in style.ring_labels(groups):
        outer = rl["groups"][0]["envs"][-1].display
        at = _label_point(outer, seg_line, inward) if seg_line is not None else None
        if at is None:
            continue
        who = {g["weapon"] if g["kind"] != "range" else None for g in rl["groups"]}
        col = colour.get(next(iter(who)), _RANGE_COLOUR) if len(who) == 1 else "#333333"
        ring_labels.append(
            {
                "at": [round(at[0], 4), round(at[1], 4)],
                "html": _e(rl["text"]),
                "colour": col,
                "side": side,
            }
        )

    # --- segment --------------------------------------------------------------------------
    seg = None
    if seg_line is not None and not seg_line.is_empty:
        length_km = getattr(segment, "length_km", None)
        if not isinstance(length_km, (int, float)):
            length_km = Geod(ellps="WGS84").geometry_length(seg_line) / 1000.0
        desc = _text_of(getattr(segment, "description", ""))
        src = _text_of(getattr(segment, "source", ""))
        seg_popup = (
            f'<div class="envm-pop"><h4>Border segment: {_e(seg_name)}</h4>'
            + (f"<p>{_e(desc)}</p>" if desc else "")
            + "<table>"
            + f"<tr><th>From</th><td>{_e(names.get(origin, origin))}</td></tr>"
            + f"<tr><th>Towards</th><td>{_e(names.get(target, target))}</td></tr>"
            + f"<tr><th>Length</th><td>{length_km:,.1f} km (geodesic)</td></tr>"
            + (f"<tr><th>Source</th><td>{_e(src)}</td></tr>" if src else "")
            + "</table></div>"
        )
        seg = {
            "g": gid(seg_line),
            "tooltip": f"<b>Border segment: {_e(seg_name)}</b><br>{length_km:,.0f} km",
            "popup": seg_popup,
            "length_km": length_km,
        }

    targets_model = _target_points(
        story,
        [
            _e(f"{g['label']} {g['kind']} {_range_label([e.range_m], km=False)}")
            for g in groups
            for e in g["envs"]
        ],
    )
    if story is not None:
        attribution_bits += [_e(p) for p in story.credits]

    # --- panels ---------------------------------------------------------------------------
    as_of = result.as_of
    title_text = title if title is not None else style.default_title(result, names)
    subtitle = []
    subtitle.append(_e(style.as_of_text(result)) if as_of else "ranges given by hand")
    if seg is not None:
        desc = _text_of(getattr(segment, "description", "")) or f"border segment {seg_name}"
        subtitle.append(f"{_e(desc)} ({seg['length_km']:,.0f} km)")
    title_html = (
        f'<div class="envm-title">{_e(title_text)}</div>'
        f'<div class="envm-sub">{" · ".join(subtitle)}</div>'
    )

    tolerance = max((e.display_tolerance_m for e in envelopes), default=0.0)
    target_name = names.get(target, target)
    summary_rows = []
    for c in style.summary_cells(result):
        w = c["weapon"]
        summary_rows.append(
            f'<tr><th><span class="envm-chip" style="background:{colour.get(w, _RANGE_COLOUR)}">'
            f"</span>{_e(w)}</th>"
            f"<td>{_e(c['claimed'])}<small>{_e(c['claimed_range'])}</small></td>"
            f"<td>{_e(c['authorized'])}<small>{_e(c['authorized_range'])}</small></td>"
            f"<td>{_e(c['share'])}</td></tr>"
        )
    for g in groups:
        if g["kind"] == "range":
            areas = [_area(e) for e in g["envs"]]
            summary_rows.append(
                f"<tr><th>{_e(g['label'])}</th><td>{style.area_text(areas)}"
                f"<small>{_e(_range_label([e.range_m for e in g['envs']], km=False))}</small></td>"
                "<td>—</td><td>—</td></tr>"
            )
    cited = style.report_citations(result, envelopes, short=True)
    if cited:
        reports = getattr(scenario, "reports", None) or {}
        user = any(getattr(reports.get(r), "user", False) for r in style.report_ids(envelopes))
        noun = "source" if user else "seed report"
        claims_brief = f"{len(cited)} {noun}{'s' if len(cited) != 1 else ''}"
        claims_src = f"{claims_brief}: {'; '.join(cited)}"
    else:
        claims_src = claims_brief = "ranges given by hand"
    summary_html = (
        f'<div class="envm-h">Territory of {_e(target_name)} within reach</div>'
        '<table class="envm-sum"><thead><tr><th></th><th>claimed</th><th>authorized</th>'
        "<th>authorized share<br>of claimed</th></tr></thead>"
        f"<tbody>{''.join(summary_rows)}</tbody></table>"
        f'<div class="envm-foot">Ranges and sources: {_e(claims_src)}. Borders: packaged data'
        f"{' (' + borders_credit + ')' if borders_credit else ''}. "
        "Areas: exact geodesic computation on the WGS84 ellipsoid, clipped to "
        f"{_e(target_name)}.<br><b>display ≤ {tolerance:g} m; analysis exact</b></div>"
    )
    targets_html = _target_summary_html(story, colour, targets_model)

    legend_items = []
    for w in weapons:
        legend_items.append(
            f'<div class="envm-li"><span class="envm-chip" style="background:{colour[w]}"></span>'
            f"{_e(w)}</div>"
        )
    kinds = {g["kind"] for g in groups}
    any_band = any(lyr["band"] and lyr["kind"] == "claimed" for lyr in layers)
    reach_items = []
    if "authorized" in kinds:
        reach_items.append(
            '<div class="envm-li"><svg width="26" height="14"><rect x="1" y="1" width="24" '
            'height="12" fill="#555" fill-opacity=".5" stroke="#555" stroke-width="2"/></svg>'
            "Authorized reach: solid</div>"
        )
    if "claimed" in kinds:
        reach_items.append(
            '<div class="envm-li"><svg width="26" height="14"><rect x="1" y="1" width="24" '
            'height="12" fill="#555" fill-opacity=".13" stroke="#555" stroke-width="2" '
            'stroke-dasharray="5 3"/></svg>Claimed reach: light, dashed edge</div>'
        )
    if any_band:
        reach_items.append(
            '<div class="envm-li"><svg width="26" height="14"><rect x="1" y="1" width="24" '
            'height="12" class="envm-hatch-legend" stroke="#555" stroke-width="1"/></svg>'
            "Spread of claims: hatched (lowest to highest report)</div>"
        )
    if "range" in kinds:
        reach_items.append(
            '<div class="envm-li"><svg width="26" height="14"><rect x="1" y="1" width="24" '
            'height="12" fill="none" stroke="#222" stroke-width="2" stroke-dasharray="1 3"/>'
            "</svg>Range (no weapon)</div>"
        )
    if seg is not None:
        reach_items.append(
            '<div class="envm-li"><svg width="26" height="14"><line x1="1" y1="7" x2="25" y2="7" '
            'stroke="#fff" stroke-width="8"/><line x1="1" y1="7" x2="25" y2="7" stroke="#111" '
            'stroke-width="4"/></svg>Border segment (launch line)</div>'
        )
    country_items = [
        f'<div class="envm-li"><span class="envm-chip envm-country" style="background:{c["fill"]}">'
        f"</span>{c['name']}{' (target)' if c['role'] == 'target' else ''}"
        f"{' (origin)' if c['role'] == 'origin' else ''}</div>"
        for c in countries
    ]
    legend_html = (
        '<div class="envm-h">Legend</div>'
        + '<div class="envm-sec">Weapon (colour)</div>'
        + "".join(legend_items)
        + '<div class="envm-sec">Reach (pattern)</div>'
        + "".join(reach_items)
        + (
            '<div class="envm-sec">Territory</div>' + "".join(country_items)
            if country_items
            else ""
        )
        + _target_legend(story)
    )

    attribution = " | ".join(attribution_bits + [f"claims: {_e(claims_brief)}"])
    bounds = [[round(miny, 4), round(minx, 4)], [round(maxy, 4), round(maxx, 4)]]
    cminx, cminy, cmaxx, cmaxy = clip.bounds
    return {
        "title_text": _e(title_text),
        "title_html": title_html,
        "summary_html": summary_html,
        "targets_html": targets_html,
        "legend_html": legend_html,
        "attribution": attribution,
        "geoms": geoms,
        "countries": countries,
        "layers": layers,
        "ring_labels": ring_labels,
        "segment": seg,
        "targets": targets_model,
        "bounds": bounds,
        "clip": [[round(cminy, 4), round(cminx, 4)], [round(cmaxy, 4), round(cmaxx, 4)]],
        "center": [round(mid_lat, 4), round((minx + maxx) / 2, 4)],
        "tiles": str(tiles) if with_tiles else None,
        "tolerance_m": tolerance,
    }


# --------------------------------------------------------------------------------------------
# folium elements (defined lazily: folium is imported only when a map is built)
# --------------------------------------------------------------------------------------------

_CSS = """
.envm-root{font-family:system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,sans-serif}
.envm-root.leaflet-container{background:%(sea)s;font-size:13px}
.envm-root .leaflet-control.envm-panel{background:rgba(255,255,255,.94);border-radius:6px;
 box-shadow:0 1px 5px rgba(0,0,0,.35);padding:8px 10px;color:#1b1b1b;line-height:1.35;
 max-width:460px}
.envm-root .envm-title{font-size:17px;font-weight:650;letter-spacing:.1px}
.envm-root .envm-sub{font-size:12px;color:#4a4a4a;margin-top:2px}
.envm-root .envm-h{font-weight:650;font-size:13px;margin-bottom:4px}
.envm-root .envm-sec{font-size:11px;text-transform:uppercase;letter-spacing:.6px;color:#666;
 margin:6px 0 2px}
.envm-root .envm-li{display:flex;align-items:center;gap:7px;font-size:12px;margin:2px 0}
.envm-root .envm-li svg{flex:none}
.envm-root .envm-chip{display:inline-block;width:13px;height:13px;border-radius:2px;flex:none;
 margin-right:5px;vertical-align:-2px}
.envm-root .envm-li .envm-chip{margin-right:0}
.envm-root .envm-country{border:1px solid #999;width:22px}
.envm-root .envm-sw{display:inline-block;width:16px;height:10px;margin-right:6px;
 vertical-align:-1px;border:2px solid var(--c);box-sizing:border-box}
.envm-root .envm-sw-authorized{background:var(--c)}
.envm-root .envm-sw-claimed{border-style:dashed}
.envm-root .envm-sw-range{border-style:dotted}
.envm-root table.envm-sum{border-collapse:collapse;font-size:12px;margin-top:2px}
.envm-root table.envm-sum th,.envm-root table.envm-sum td{padding:2px 7px 2px 0;text-align:left;
 vertical-align:top;font-variant-numeric:tabular-nums}
.envm-root table.envm-sum thead th{font-weight:600;color:#555;font-size:11px;
 border-bottom:1px solid #ccc}
.envm-root table.envm-sum tbody th,.envm-root table.envm-sum td{white-space:nowrap}
.envm-root table.envm-sum td small{display:block;color:#666;font-size:10.5px}
.envm-root .envm-foot{font-size:10.5px;color:#555;margin-top:5px;max-width:440px}
.envm-root .envm-pop h4{margin:0 0 5px;font-size:14px}
.envm-root .envm-pop table{border-collapse:collapse;font-size:12px}
.envm-root .envm-pop th{text-align:left;vertical-align:top;padding:2px 8px 2px 0;color:#444;
 font-weight:600;max-width:120px}
.envm-root .envm-pop td{padding:2px 0;vertical-align:top;overflow-wrap:anywhere}
.envm-root .envm-pop ul{margin:0;padding-left:16px}
.envm-root .envm-pop li{margin-bottom:3px}
.envm-root .envm-pop code{font-size:11px}
.envm-root .envm-q{color:#555;font-style:italic;font-size:11px}
.envm-root .envm-note{font-size:11px;color:#444;margin:5px 0 0}
.envm-root .envm-dim{color:#666;font-size:11px}
.envm-root .leaflet-popup-content{max-height:340px;overflow:auto;margin:10px 12px}
.envm-root .envm-country-label{color:#7a7468;font-size:13px;font-weight:600;letter-spacing:3px;
 text-transform:uppercase;white-space:nowrap;text-shadow:0 0 3px #fff,0 0 3px #fff;
 transform:translate(-50%%,-50%%)}
.envm-root .envm-ring-label{font-size:11.5px;font-weight:650;white-space:nowrap;
 text-shadow:0 0 2px #fff,0 0 3px #fff,0 0 4px #fff;transform:translate(-50%%,-50%%)}
.envm-root .envm-ring-label.envm-out-n{transform:translate(-50%%,calc(-100%% - 3px))}
.envm-root .envm-ring-label.envm-out-s{transform:translate(-50%%,3px)}
.envm-root .envm-ring-label.envm-out-e{transform:translate(4px,-50%%)}
.envm-root .envm-ring-label.envm-out-w{transform:translate(calc(-100%% - 4px),-50%%)}
.envm-root .envm-point-label{font-size:11px;white-space:nowrap;
 text-shadow:0 0 3px #fff,0 0 3px #fff;transform:translate(7px,-50%%)}
.envm-root .leaflet-div-icon.envm-plain{background:none;border:none}
.envm-root .leaflet-control-layers-overlays label{font-size:12px}
.envm-root .leaflet-control-scale-line{background:rgba(255,255,255,.8)}
.envm-root .leaflet-control-attribution{font-size:10.5px;max-width:60vw}
"""


_TARGETS_CSS = """
.envm-root .envm-point-label{font-size:11px;font-weight:600;white-space:nowrap;color:#1b1b1b;
 text-shadow:0 0 2px #fff,0 0 3px #fff,0 0 4px #fff;transform:translate(8px,-50%)}
.envm-root .leaflet-control.envm-targets{max-width:370px;clear:right}
.envm-root .envm-targets summary{cursor:pointer;margin-bottom:2px}
.envm-root .envm-targets .envm-dim{font-weight:400}
.envm-root table.envm-tsum td small{white-space:normal}
.envm-root ul.envm-brief{margin:5px 0 0;padding-left:15px;font-size:11.5px}
.envm-root ul.envm-brief li{margin-bottom:2px}
.envm-root .envm-mk svg{display:block}
.envm-root .envm-mk-key{width:26px;display:flex;justify-content:center;flex:none}
"""


def _pattern_defs(prefix: str, layers: list[dict]) -> str:
    """SVG hatch patterns (one per band colour, plus a grey one for the legend)."""
    out = []
    specs = [(f"{prefix}-hatch-legend", "#555555")] + [
        (f"{prefix}-hatch-{lyr['index']}", lyr["colour"]) for lyr in layers if lyr["band"]
    ]
    for pid, col in specs:
        out.append(
            f'<pattern id="{pid}" patternUnits="userSpaceOnUse" width="7" height="7" '
            'patternTransform="rotate(45)">'
            f'<rect width="7" height="7" fill="{col}" fill-opacity="0.10"/>'
            f'<line x1="1.5" y1="0" x2="1.5" y2="7" stroke="{col}" stroke-width="2.2" '
            'stroke-opacity="0.8"/></pattern>'
        )
    return (
        '<svg width="0" height="0" style="position:absolute;width:0;height:0" aria-hidden="true">'
        f"<defs>{''.join(out)}</defs></svg>"
    )


def _pattern_css(prefix: str, root: str, layers: list[dict]) -> str:
    rules = [f"#{root} .envm-hatch-legend{{fill:url(#{prefix}-hatch-legend)}}"]
    for lyr in layers:
        if lyr["band"]:
            rules.append(
                f"#{root} path.envm-band-{lyr['index']}"
                f"{{fill:url(#{prefix}-hatch-{lyr['index']});fill-opacity:1}}"
            )
    return "\n".join(rules)


@functools.cache
def _classes():
    import folium
    from branca.element import Element, MacroElement
    from folium.template import Template

    class RawText(Element):
        """Text that is inserted as is (branca's Element would parse it as a Jinja template)."""

        def __init__(self, text: str):
            super().__init__()
            self._name = "RawText"
            self.text = text

        def render(self, **kwargs) -> str:
            return self.text

    def raw_render(self, **kwargs):
        """MacroElement.render, except that the macros' output is never re-parsed by Jinja."""
        figure = self.get_root()
        module = self._template.module
        for part in ("header", "html", "script"):
            macro = module.__dict__.get(part)
            if macro is not None:
                getattr(figure, part).add_child(RawText(macro(self, kwargs)), name=self.get_name())
        for child in self._children.values():
            child.render(**kwargs)

    class LayerControl(folium.LayerControl):
        def render(self, **kwargs):
            self.reset()
            for item in self._parent._children.values():
                if isinstance(item, folium.map.Layer) and item.control:
                    target = self.overlays if item.overlay else self.base_layers
                    target[item.layer_name] = item.get_name()
            raw_render(self, **kwargs)

    class EnvelopeMap(folium.Map):
        """folium.Map without folium's CDN assets and with its own page layout."""

        render = raw_render

        default_js: list = []
        default_css: list = []
        _template = Template(
            """
{% macro header(this, kwargs) %}
{%- if this.page %}<meta name="viewport" content="width=device-width, initial-scale=1.0">
{% endif -%}
<style>
{%- if this.page %}html,body{width:100%;height:100%;margin:0;padding:0}{% endif %}
#{{ this.get_name() }}{position:{{ 'absolute' if this.page else 'relative' }};
width:{{ this.width[0] }}{{ this.width[1] }};height:{{ this.height[0] }}{{ this.height[1] }};
left:0;top:0}
{{ this.css }}
</style>
{% endmacro %}
{% macro html(this, kwargs) %}
<div class="folium-map envm-root" id={{ this.get_name()|tojson }}></div>
{{ this.svg_defs }}
{% endmacro %}
{% macro script(this, kwargs) %}
var {{ this.get_name() }} = L.map({{ this.get_name()|tojson }}, {{ this.options|tojavascript }});
var {{ this.get_name() }}_geo = (function (enc) {
  function dec(s) {  // Google encoded polyline, 1e-5 degrees
    var pts = [], i = 0, lat = 0, lng = 0;
    while (i < s.length) {
      var b, sh = 0, r = 0;
      do { b = s.charCodeAt(i++) - 63; r |= (b & 31) << sh; sh += 5; } while (b >= 32);
      lat += (r & 1) ? ~(r >> 1) : (r >> 1);
      sh = 0; r = 0;
      do { b = s.charCodeAt(i++) - 63; r |= (b & 31) << sh; sh += 5; } while (b >= 32);
      lng += (r & 1) ? ~(r >> 1) : (r >> 1);
      pts.push([lat / 1e5, lng / 1e5]);
    }
    return pts;
  }
  var geoms = enc.map(function (parts) {
    return parts.map(function (rings) { return rings.map(dec); });
  });
  // all rings of the geometries (for even-odd fills), or only the exteriors (for edges)
  return function (ids, outline) {
    var out = [];
    ids.forEach(function (k) {
      geoms[k].forEach(function (rings) { out = out.concat(outline ? [rings[0]] : rings); });
    });
    return out;
  };
})({{ this.geo_data }});
{%- for pane, z in this.panes %}
{{ this.get_name() }}.createPane({{ pane|tojson }}).style.zIndex = {{ z }};
{%- endfor %}
{%- if this.control_scale %}
L.control.scale({position: "bottomleft", maxWidth: 160}).addTo({{ this.get_name() }});
{%- endif %}
{%- if this.zoom_position %}
L.control.zoom({position: {{ this.zoom_position|tojson }}}).addTo({{ this.get_name() }});
{%- endif %}
{% endmacro %}
"""
        )

    class Raw(MacroElement):
        """A script snippet, or a header/html snippet, produced by this module."""

        _template = Template(
            """
{% macro header(this, kwargs) %}{{ this.header_text }}{% endmacro %}
{% macro script(this, kwargs) %}{{ this.script_text }}{% endmacro %}
"""
        )

        render = raw_render

        def __init__(self, script: str = "", header: str = "", name: str = "Raw"):
            super().__init__()
            self._name = name
            self.script_text = script
            self.header_text = header

    class Shape(MacroElement):
        """An L.polygon or L.polyline of encoded geometries, with a style, tooltip and popup."""

        _template = Template(
            """
{% macro script(this, kwargs) %}
var {{ this.get_name() }} = L.{{ this.kind }}(
    {{ this.map.get_name() }}_geo({{ this.ids }}, {{ this.outline }}), {{ this.options }})
{%- if this.tooltip %}.bindTooltip({{ this.tooltip }}, {sticky: true, direction: "top"}){% endif %}
{%- if this.popup %}.bindPopup({{ this.popup }}, {maxWidth: 400, minWidth: 260}){% endif %}
.addTo({{ this._parent.get_name() }});
{% endmacro %}
"""
        )

        render = raw_render

        def __init__(
            self,
            the_map,
            ids,
            *,
            line=False,
            style,
            pane=None,
            interactive=True,
            class_name=None,
            tooltip=None,
            popup=None,
            outline=False,
        ):
            super().__init__()
            self.outline = "true" if outline else "false"
            self._name = "Shape"
            self.map = the_map
            self.kind = "polyline" if line else "polygon"
            opts = dict(style, interactive=interactive)
            if pane:
                opts["pane"] = pane
            if class_name:
                opts["className"] = class_name
            self.ids = _js(list(ids))
            self.options = _js(opts)
            self.tooltip = _js(tooltip) if tooltip else None
            self.popup = _js(popup) if popup else None

    return {
        "EnvelopeMap": EnvelopeMap,
        "Raw": Raw,
        "Shape": Shape,
        "RawText": RawText,
        "LayerControl": LayerControl,
    }


def _assets(cdn: bool) -> str:
    if cdn:
        (js_url, js_sri), (css_url, css_sri) = _CDN["js"], _CDN["css"]
        return (
            f'<link rel="stylesheet" href="{css_url}" integrity="{css_sri}" crossorigin="">\n'
            f'<script src="{js_url}" integrity="{js_sri}" crossorigin=""></script>'
        )
    css, js = _vendored()
    return f"<style>{css}</style>\n<script>{js}</script>"


@functools.cache
def _vendored() -> tuple[str, str]:
    css = (_VENDOR / "leaflet.css").read_text(encoding="utf-8")
    js = (_VENDOR / "leaflet.js").read_text(encoding="utf-8")
    if "</style" in css.lower() or "</script" in js.lower():  # pragma: no cover - vendoring bug
        raise RuntimeError("vendored Leaflet cannot be inlined safely")
    return css, js


#: Target markers: a circle for a city, a triangle for an airfield, a diamond for the user's own
#: points (the static map uses the same shapes). Tooltip and popup: name, distance, envelopes.
_TARGET_SHAPES = {
    "airfield": '<svg width="13" height="13" viewBox="0 0 13 13"><path d="M6.5 1.2 12 11.3H1z" '
    'fill="#fff" stroke="#111" stroke-width="1.5" stroke-linejoin="round"/></svg>',
    "user": '<svg width="13" height="13" viewBox="0 0 13 13"><path d="M6.5 1 12 6.5 6.5 12 1 6.5z" '
    'fill="#111" stroke="#fff" stroke-width="1.2"/></svg>',
}

_TARGETS_JS = """(function () {
  var rings = RINGS, kinds = KINDS, shapes = SHAPES;
  POINTS.forEach(function (p) {
    var tip = '<b>' + p[2] + '</b> <span class="envm-dim">' + p[4] + '</span><br>' + p[5] +
      '<br>inside: ' + (p[6].length
        ? p[6].map(function (k) { return rings[k]; }).join('; ') : 'no envelope');
    var ll = [p[0], p[1]], kind = kinds[p[3]], mk;
    if (shapes[kind]) {
      mk = L.marker(ll, {icon: L.divIcon({className: 'envm-plain envm-mk', html: shapes[kind],
        iconSize: [13, 13]}), pane: 'envmTop', keyboard: false});
    } else {
      mk = L.circleMarker(ll, {radius: 4.5, color: '#111', weight: 1.5, fillColor: '#fff',
        fillOpacity: 1, pane: 'envmTop'});
    }
    mk.bindTooltip(tip, {direction: 'top'}).bindPopup('<div class="envm-pop">' + tip + '</div>')
      .addTo(GROUP);
    if (p[7]) {
      L.marker(ll, {icon: L.divIcon({className: 'envm-plain',
        html: '<div class="envm-point-label">' + p[2] + '</div>', iconSize: null}),
        interactive: false, keyboard: false, pane: 'envmLabels'}).addTo(GROUP);
    }
  });
})();"""

#: The targets panel sits under the legend: it scrolls rather than run off the bottom of the map.
_FOLD_JS = """(function () {
  var m = MAP, c = m.getContainer();
  function fit() {
    var p = c.querySelector('.envm-targets');
    if (!p) return;
    var room = c.getBoundingClientRect().bottom - p.getBoundingClientRect().top - 88;
    p.style.maxHeight = Math.max(110, room) + 'px';
    p.style.overflowY = 'auto';
  }
  fit();
  m.on('resize', fit);
})();"""

_FIT_JS = """(function () {
  var m = MAP, c = m.getContainer(), cr = c.getBoundingClientRect();
  function rect(sel) { var el = c.querySelector(sel); return el && el.getBoundingClientRect(); }
  var title = rect('.envm-titlebox'), legend = rect('.envm-legend');
  var layers = rect('.leaflet-control-layers');
  var top = title ? title.bottom - cr.top + 12 : 12;
  var right = Math.max(legend ? cr.right - legend.left : 0, layers ? cr.right - layers.left : 0);
  m.fitBounds(BOUNDS, {paddingTopLeft: [12, Math.min(top, cr.height * 0.3)],
                       paddingBottomRight: [Math.min(right + 12, cr.width * 0.4), 12]});
  var clip = L.latLngBounds(CLIP);
  m.setMaxBounds(clip.pad(0.05));
  m.setMinZoom(Math.min(m.getZoom(), Math.floor(m.getBoundsZoom(clip, true))));
})();"""


#: With targets, the panel under the legend is kept clear of the envelopes as well.
_FIT_TARGETS_JS = _FIT_JS.replace(
    "layers = rect('.leaflet-control-layers');",
    "layers = rect('.leaflet-control-layers'), targets = rect('.envm-targets');",
).replace(
    "layers ? cr.right - layers.left : 0);",
    "layers ? cr.right - layers.left : 0,\n    targets ? cr.right - targets.left : 0);",
)


def _fill(template: str, **values: str) -> str:
    """Put values in for the template's UPPERCASE placeholders in one pass, so that nothing in
    a value (a target named "RINGS", say) is ever taken for a placeholder itself."""
    pattern = re.compile(r"\b(" + "|".join(map(re.escape, values)) + r")\b")
    return pattern.sub(lambda m: values[m.group(1)], template)


def _control(map_name: str, position: str, cls: str, html_text: str) -> str:
    return (
        f"(function(){{var c = L.control({{position: {_js(position)}}});"
        f" c.onAdd = function(){{var d = L.DomUtil.create('div', {_js(cls)});"
        f" d.innerHTML = {_js(html_text)};"
        " L.DomEvent.disableClickPropagation(d); L.DomEvent.disableScrollPropagation(d);"
        f" return d;}}; c.addTo({map_name});}})();"
    )


def _tile_provider(tiles: str):
    import xyzservices.providers as providers

    name = _TILE_ALIASES.get(tiles.lower(), tiles)
    try:
        return providers.query_name(name)
    except ValueError as exc:
        from ..errors import EnvelopeError

        raise EnvelopeError(
            f"unknown tile provider {tiles!r}; use one of {', '.join(TILE_CHOICES)} "
            "or any xyzservices name"
        ) from exc


def build_map(
    result: EnvelopeSet,
    *,
    title: str | None = None,
    tiles: str | None = None,
    cdn: bool = False,
    targets=None,
    id_prefix: str | None = None,
    height: str | None = None,
) -> folium.Map:
    """The map as a folium.Map (it displays inline in Jupyter; ``render_html`` saves it).

    ``tiles``: None/"none" (default, offline) or a name from :data:`TILE_CHOICES`/xyzservices.
    ``cdn``: link Leaflet from unpkg (with SRI) instead of inlining it.
    ``targets``: optional points of interest, as (name, lon, lat) tuples or mappings/objects with
    name, lon and lat; each is marked and its tooltip says which envelopes contain it.
    ``id_prefix``: stem for element ids; by default a hash of the content, so that two different
    maps can share a page. Give distinct prefixes to show the same map twice on one page.
    ``height``: CSS height of the map ("100%" for a page, e.g. "600px" inside a page).
    """
    return _build(
        result,
        title=title,
        tiles=tiles,
        cdn=cdn,
        targets=targets,
        id_prefix=id_prefix,
        height=height,
        page=True,
    )


def _build(result, *, title, tiles, cdn, targets, id_prefix, height, page):
    import folium

    cls = _classes()
    model = build_model(result, title=title, tiles=tiles, targets=targets)
    hashed = {k: v for k, v in model.items() if v or k != "targets_html"}
    key = _js([hashed, bool(cdn), bool(page), height])
    digest = hashlib.sha256(key.encode("utf-8")).hexdigest()
    prefix = id_prefix or f"e{digest[:10]}"
    if not prefix.replace("_", "").isalnum() or not prefix[0].isalpha():
        raise ValueError(
            f"id_prefix must be letters, digits and _, starting with a letter: {prefix!r}"
        )

    m = cls["EnvelopeMap"](
        location=model["center"],
        zoom_start=6,
        tiles=None,
        control_scale=True,
        zoom_control=False,
        width="100%",
        height=height or ("100%" if page else "600px"),
        zoom_snap=0.25,
        zoom_delta=0.5,
        wheel_px_per_zoom_level=90,
    )
    m.page = page
    m.options["center"] = model["center"]
    m.zoom_position = "bottomright"
    m.fit = model["bounds"]
    m.panes = [("envmBase", 250), ("envmTop", 450), ("envmLabels", 560)]
    m.svg_defs = _pattern_defs(prefix, model["layers"])
    root_id = f"map_{prefix}"
    m.css = (_CSS % {"sea": "transparent" if model["tiles"] else _SEA}) + _pattern_css(
        prefix, root_id, model["layers"]
    )
    if model["targets_html"]:
        m.css += _TARGETS_CSS
    fig = m.get_root()
    fig.title = model["title_text"]
    fig.header.add_child(cls["RawText"](_assets(cdn)), name="leaflet")
    m.geo_data = _js(model["geoms"])

    if model["tiles"]:
        provider = _tile_provider(model["tiles"])
        folium.TileLayer(provider, name=_e(provider.name), overlay=False, control=True).add_to(m)

    # basemap: countries (not toggled; below everything)
    base = folium.FeatureGroup(name="Territory", overlay=True, control=False)
    base.add_to(m)
    fill_opacity = 0.25 if model["tiles"] else 1.0
    for c in model["countries"]:
        cls["Shape"](
            m,
            [c["g"]],
            style={
                "color": "#8f8f8f",
                "weight": 0.9,
                "opacity": 1,
                "fillColor": c["fill"],
                "fillOpacity": fill_opacity,
            },
            pane="envmBase",
            interactive=False,
        ).add_to(base)

    groups = []
    for lyr in model["layers"]:
        fg = folium.FeatureGroup(name=lyr["name"], overlay=True, control=True)
        fg.add_to(m)
        groups.append(fg)
        for f in lyr["features"]:
            cls["Shape"](
                m,
                f["g"],
                style=f["style"],
                class_name=f["className"],
                outline=f["outline"],
                tooltip=lyr["tooltip"],
                popup=lyr["popup"],
            ).add_to(fg)

    if model["segment"] is not None:
        seg = model["segment"]
        sfg = folium.FeatureGroup(name="Border segment", overlay=True, control=True)
        sfg.add_to(m)
        cls["Shape"](
            m,
            [seg["g"]],
            line=True,
            style={"color": "#ffffff", "weight": 9, "opacity": 0.95, "lineCap": "round"},
            pane="envmTop",
            interactive=False,
        ).add_to(sfg)
        cls["Shape"](
            m,
            [seg["g"]],
            line=True,
            style={"color": "#111111", "weight": 4.5, "opacity": 1, "lineCap": "round"},
            pane="envmTop",
            tooltip=seg["tooltip"],
            popup=seg["popup"],
        ).add_to(sfg)
        groups.append(sfg)

    labels = folium.FeatureGroup(name="Labels", overlay=True, control=True)
    labels.add_to(m)
    tm = model["targets"]
    tgroup = None
    if tm["points"]:
        shown = len(tm["points"])
        tname = f"Targets within reach ({tm['within']:,})"
        if shown < tm["within"]:
            tname = f"Targets within reach ({shown:,} of {tm['within']:,} shown)"
        tgroup = folium.FeatureGroup(name=_e(tname), overlay=True, control=True)
        tgroup.add_to(m)
    cls["LayerControl"](position="topright", collapsed=False).add_to(m)
    finish = cls["Raw"](name="Finish")
    finish.add_to(m)

    _stabilise_ids(fig, prefix)
    name = m.get_name()
    assert name == root_id, (name, root_id)
    map_name = name

    label_items = [
        [c["label"][0], c["label"][1], c["name"], "envm-country-label"]
        for c in model["countries"]
        if c["label"]
    ]
    label_items += [
        [
            rl["at"][0],
            rl["at"][1],
            f'<span style="color:{rl["colour"]}">{rl["html"]}</span>',
            f"envm-ring-label envm-out-{rl['side']}",
        ]
        for rl in model["ring_labels"]
    ]
    scripts = [
        f"{map_name}.attributionControl.setPrefix('Leaflet');",
        f"{map_name}.attributionControl.addAttribution({_js(model['attribution'])});",
        # text labels (plain divIcons: no marker images) in their own pane
        f"{_js(label_items)}.forEach(function(l){{L.marker([l[0], l[1]], {{icon: L.divIcon("
        f"{{className: 'envm-plain', html: '<div class=\"' + l[3] + '\">' + l[2] + '</div>', "
        f"iconSize: null}}), interactive: false, keyboard: false, pane: 'envmLabels'}})"
        f".addTo({labels.get_name()});}});",
    ]
    if tgroup is not None:
        scripts.append(
            _fill(
                _TARGETS_JS,
                GROUP=tgroup.get_name(),
                POINTS=_js(tm["points"]),
                RINGS=_js(tm["rings"]),
                KINDS=_js(tm["kinds"]),
                SHAPES=_js(_TARGET_SHAPES),
            )
        )
    scripts += [
        _control(map_name, "topleft", "envm-panel envm-titlebox", model["title_html"]),
        _control(map_name, "bottomleft", "envm-panel envm-summary", model["summary_html"]),
        _control(map_name, "topright", "envm-panel envm-legend", model["legend_html"]),
        *(
            [
                _control(map_name, "topright", "envm-panel envm-targets", model["targets_html"]),
                _fill(_FOLD_JS, MAP=map_name),
            ]
            if model["targets_html"]
            else []
        ),
        # keep the widest ring at the bottom when layers are toggled back on
        f"var {map_name}_order = [{', '.join(g.get_name() for g in groups)}];",
        f"{map_name}.on('overlayadd', function(){{ {map_name}_order.forEach(function(g){{"
        f" if ({map_name}.hasLayer(g)) g.bringToFront(); }}); }});",
        # fit the envelopes into the part of the map the panels leave free, then never pan or
        # zoom out past the clipped basemap
        _fill(
            _FIT_TARGETS_JS if model["targets_html"] else _FIT_JS,
            MAP=map_name,
            BOUNDS=_js(model["bounds"]),
            CLIP=_js(model["clip"]),
        ),
    ]
    finish.script_text = "\n".join(scripts)
    return m


def _stabilise_ids(root, prefix: str) -> None:
    """Replace folium's random element ids by ``prefix`` and a counter in tree order."""
    counter = 0

    def visit(el):
        nonlocal counter
        el._id = prefix if counter == 0 else f"{prefix}_{counter}"
        counter += 1
        for child in el._children.values():
            visit(child)

    root._id = f"{prefix}_fig"
    for child in root._children.values():
        visit(child)


def render_html(
    result: EnvelopeSet,
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
    styles and scripts (no <html>/<body>), to paste into another page. Same inputs, same bytes.
    """
    m = _build(
        result,
        title=title,
        tiles=tiles,
        cdn=cdn,
        targets=targets,
        id_prefix=id_prefix,
        height=height,
        page=not fragment,
    )
    fig = m.get_root()
    page = fig.render()
    if not fragment:
        return _tidy(page)
    head = "".join(
        child.render() for key, child in fig.header._children.items() if key != "meta_http"
    )
    body = fig.html.render()
    script = fig.script.render()
    return _tidy(
        f'<div class="envelope-map-fragment" id="{m.get_name()}_frag">\n{head}\n{body}\n'
        f"<script>\n{script}\n</script>\n</div>\n"
    )


def _tidy(text: str) -> str:
    """Drop the blank lines and trailing spaces folium's templates leave behind."""
    lines = (line.rstrip() for line in text.splitlines())
    return "\n".join(line for line in lines if line) + "\n"
