"""KML 2.2 for Google Earth: one styled Placemark per envelope, with the GeoJSON's properties.

Written with the standard library (ElementTree escapes every string) and written whole.
"""

from __future__ import annotations

import os
import xml.etree.ElementTree as ET

import shapely

from ..maps import theme
from .properties import (
    EXACT_DECIMALS,
    envelope_properties,
    flat_properties,
    launch_lines,
    polygons,
)
from .write import write_atomic

KML_NS = "http://www.opengis.net/kml/2.2"


def _colour(result, env) -> str:
    if env.kind == "range" or not env.weapon:
        return theme.colour("range")
    return theme.weapon_colour(env.weapon)


def _country_name(iso: str | None) -> str:
    return theme.country_name_fallbacks().get(iso or "", iso or "")


def _coords(ring) -> str:
    fmt = f"{{:.{EXACT_DECIMALS}f}},{{:.{EXACT_DECIMALS}f}}"
    return " ".join(fmt.format(x, y) for x, y, *_ in ring.coords)


def _description(env, result, props: dict) -> str:
    """The balloon text (HTML; ElementTree escapes it, Google Earth unescapes and renders it)."""
    import html

    def e(v) -> str:
        return html.escape(str(v), quote=True)

    rows = [
        ("Range", props["range_label"]),
        ("Kind", env.kind + (f" ({env.weapon})" if env.weapon else "")),
        ("Area", f"{env.area_km2:,.0f} km²"),
    ]
    if env.clipped_to:
        rows.append(("Clipped to", _country_name(env.clipped_to)))
    target = result.segment.target
    if target:
        rows.append(
            (
                f"Territory of {_country_name(target)} within range",
                f"{env.target_area_km2:,.0f} km²",
            )
        )
    rows.append(("Greatest depth", f"{env.max_depth_km:,.1f} km"))
    rows.append(("Border segment", env.segment))
    if result.as_of:
        rows.append(("As of", result.as_of.isoformat()))
    details = props.get("source_details") or []
    rows.append(("Sources", "<br>".join(e(d) for d in details) if details else "none recorded"))
    body = "".join(
        f"<tr><th align='left' valign='top'>{e(k)}</th>"
        f"<td>{v if k == 'Sources' else e(v)}</td></tr>"
        for k, v in rows
    )
    note = f"<p>{e(env.note)}</p>" if env.note else ""
    tail = "<p><small>Boundary exact to 0.5 m (geodesic, WGS84).</small></p>"
    return f"<table>{body}</table>{note}{tail}"


def kml_text(result, *, title: str | None = None) -> str:
    """The envelopes as a KML 2.2 document: one styled Placemark per envelope, widest first."""
    ET.register_namespace("", KML_NS)

    def sub(parent, tag, text=None, **attrib):
        el = ET.SubElement(parent, f"{{{KML_NS}}}{tag}", attrib)
        if text is not None:
            el.text = str(text)
        return el

    root = ET.Element(f"{{{KML_NS}}}kml")
    doc = sub(root, "Document")
    seg = result.segment
    seg_name = seg.name
    sub(doc, "name", title or f"Strike envelopes from the {seg_name} border")
    sub(doc, "open", 1)
    meta = [f"Border segment {seg_name}"]
    if result.as_of:
        meta.append(f"as of {result.as_of.isoformat()}")
    meta.append("distances geodesic on WGS84 (GeographicLib via pyproj), boundaries within 0.5 m")
    meta.append(_attribution())
    sub(doc, "description", "; ".join(m for m in meta if m) + ".")

    envs = sorted(
        enumerate(result.envelopes), key=lambda ie: (-ie[1].range_m, ie[1].kind != "claimed", ie[0])
    )
    for i, env in envs:
        col = _colour(result, env)
        st = sub(doc, "Style", id=f"envelope-{i}")
        ls = sub(st, "LineStyle")
        sub(ls, "color", theme.kml_colour(col, 1.0))
        sub(ls, "width", 3 if env.kind == "authorized" else 2)
        ps = sub(st, "PolyStyle")
        sub(ps, "color", theme.kml_colour(col, theme.look(f"{env.kind}_fill")["fill"]))
    folder = sub(doc, "Folder")
    sub(folder, "name", "Envelopes")
    for i, env in envs:
        props = envelope_properties(env, result)
        flat = flat_properties(env, result)
        pm = sub(folder, "Placemark", id=f"envelope-{i}-pm")
        sub(pm, "name", env.name)
        sub(pm, "Snippet", f"{env.kind}: {props['range_label']}", maxLines="1")
        sub(pm, "description", _description(env, result, props))
        sub(pm, "styleUrl", f"#envelope-{i}")
        ext = sub(pm, "ExtendedData")
        for key, value in flat.items():
            d = sub(ext, "Data", name=key)
            sub(d, "value", "" if value is None else value)
        polys = polygons(env.geometry)
        parent = sub(pm, "MultiGeometry") if len(polys) != 1 else pm
        for poly in polys:
            pg = sub(parent, "Polygon")
            sub(pg, "tessellate", 1)  # follow the ground between vertices
            outer = sub(sub(pg, "outerBoundaryIs"), "LinearRing")
            sub(outer, "coordinates", _coords(poly.exterior))
            for hole in poly.interiors:
                inner = sub(sub(pg, "innerBoundaryIs"), "LinearRing")
                sub(inner, "coordinates", _coords(hole))
    lines = launch_lines(result)
    if lines:
        folder = sub(doc, "Folder")
        sub(folder, "name", "Launch lines")
        for k, (props, line) in enumerate(lines):
            pm = sub(folder, "Placemark", id=f"launch-line-{k}-pm")
            sub(pm, "name", props["name"])
            ext = sub(pm, "ExtendedData")
            for key, value in props.items():
                sub(sub(ext, "Data", name=key), "value", value)
            parts = list(shapely.get_parts(line))
            parent = sub(pm, "MultiGeometry") if len(parts) != 1 else pm
            for part in parts:
                ls = sub(parent, "LineString")
                sub(ls, "tessellate", 1)
                sub(ls, "coordinates", _coords(part))
    ET.indent(root, space=" ")
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n"


def _attribution() -> str:
    """The ODbL credit for the border data, as on the maps."""
    from .. import borders

    return str(borders.attribution())


def write_kml(result, path: str | os.PathLike, *, title: str | None = None) -> None:
    write_atomic(path, kml_text(result, title=title))
