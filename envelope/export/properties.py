"""The properties every exported feature carries, so each number traces back to its origin."""

from __future__ import annotations

import shapely

from ..envelopes import EXACT_TOLERANCE_M
from ..units import METRES_PER

#: Exact geometries are written with 7 decimals (~1 cm), well inside their 0.5 m tolerance.
EXACT_DECIMALS = 7
#: Separators when a list property becomes one GeoPackage/KML text field. Source details hold
#: commas themselves ("id (Outlet, date)"), so they are joined with semicolons.
LIST_SEPARATORS = {"sources": ", ", "source_details": "; "}


def envelope_properties(env, result) -> dict:
    """The properties of one envelope's feature, identical in GeoJSON, KML and GeoPackage."""
    reports = result.scenario.reports if result.scenario is not None else {}
    return {
        "name": env.name,
        "kind": env.kind,
        "weapon": env.weapon,
        "range_m": round(env.range_m, 3),
        "range_mi": round(env.range_m / METRES_PER["mi"], 3),
        "range_km": round(env.range_m / 1000.0, 3),
        "range_label": env.range_label,
        "segment": env.segment,
        "clipped_to": env.clipped_to,
        "area_km2": round(env.area_km2, 1),
        "target_area_km2": round(env.target_area_km2, 1),
        "max_depth_km": round(env.max_depth_km, 3),
        "as_of": result.as_of.isoformat() if result.as_of else None,
        "sources": list(env.sources),
        "source_details": [_source_line(reports, r) for r in env.sources],
        "note": env.note,
        # authorized features only: "in_force" or "uncertain" (may be in force), and the target
        # classes the authorization leaves out (issue 10)
        "authorization_status": env.authorization_status,
        "excluded_classes": list(env.excluded_classes),
        "boundary_tolerance_m": round(EXACT_TOLERANCE_M + 0.01, 2),  # + rounding to 7 decimals
        **launch_properties(env, result),
    }


def launch_properties(env, result) -> dict:
    """Where the launchers stand and which way they fire (issue 12): the origin and target
    countries, how the segment's edges were read, and the standoff behind the segment."""
    seg = result.segment
    return {
        "origin": seg.origin,
        "target": seg.target,
        "edges": seg.edges,
        "standoff_m": round(env.standoff_m, 3),
        "launch_points": [p.name for p in seg.points],
    }


def launch_lines(result) -> list[tuple[dict, object]]:
    """(properties, line) of each distinct launch line (one per standoff), in envelope order:
    the line launchers stand on when they stand behind the border (issue 12)."""
    seg, seen, out = result.segment, set(), []
    for env in result.envelopes:
        if env.launch_line is None or round(env.standoff_m, 3) in seen:
            continue
        seen.add(round(env.standoff_m, 3))
        props = {
            "name": f"launchers {env.standoff_m / 1000:g} km behind {seg.name}",
            "kind": "launch_line",
            "segment": seg.name,
            "origin": seg.origin,
            "target": seg.target,
            "edges": "lonlat",
            "standoff_m": round(env.standoff_m, 3),
            "vertex_tolerance_m": round(EXACT_TOLERANCE_M + 0.01, 2),
        }
        out.append((props, env.launch_line))
    return out


def flat_properties(env, result) -> dict:
    """The properties with lists joined into strings (GeoPackage and KML have no lists)."""
    props = envelope_properties(env, result)
    for key, value in props.items():
        if isinstance(value, (list, tuple)):
            props[key] = LIST_SEPARATORS.get(key, ", ").join(str(v) for v in value)
    return props


def polygons(geom) -> list:
    """The non-empty polygons of a geometry, exteriors counter-clockwise (RFC 7946, KML)."""
    from shapely.geometry.polygon import orient

    parts = [g for g in shapely.get_parts(geom) if g.geom_type == "Polygon" and not g.is_empty]
    return [orient(p, 1.0) for p in parts]


def _source_line(reports: dict, report_id: str) -> str:
    rep = reports.get(report_id)
    if rep is None:
        return report_id
    bits = [b for b in (rep.outlet, _date(rep)) if b]
    return f"{report_id} ({', '.join(bits)})" if bits else report_id


def _date(rep) -> str | None:
    if not rep.date:
        return None
    basis = rep.date_basis
    return f"{rep.date.isoformat()}{' inferred' if basis and basis != 'stated' else ''}"
