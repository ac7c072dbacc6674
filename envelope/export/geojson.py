"""GeoJSON (RFC 7946): one feature per envelope, counter-clockwise exteriors, 7 decimals."""

from __future__ import annotations

import json
import os

from .properties import EXACT_DECIMALS, envelope_properties, launch_lines
from .write import write_atomic


def feature_collection(result) -> dict:
    """RFC 7946 FeatureCollection: counter-clockwise exteriors, one feature per envelope."""
    from shapely.geometry import mapping

    from .. import borders

    seg = result.segment
    features = []
    for env in result.envelopes:
        geom = _orient_all(env.geometry)
        features.append(
            {
                "type": "Feature",
                "properties": envelope_properties(env, result),
                "geometry": _rounded(mapping(geom), EXACT_DECIMALS),
            }
        )
    features += launch_line_features(result)
    return {
        "type": "FeatureCollection",
        "metadata": {
            "generator": "envelope",
            "segment": seg.name,
            "segment_source": seg.source,
            "segment_length_km": round(seg.length_km, 3),
            "as_of": result.as_of.isoformat() if result.as_of else None,
            "borders": borders.attribution(),
            "distances": "geodesic on WGS84 (GeographicLib via pyproj); boundary within 0.5 m",
        },
        "features": features,
    }


def launch_line_features(result) -> list[dict]:
    """One ``kind: "launch_line"`` feature per standoff: the line launchers stand on."""
    from shapely.geometry import mapping

    return [
        {
            "type": "Feature",
            "properties": props,
            "geometry": _rounded(mapping(line), EXACT_DECIMALS),
        }
        for props, line in launch_lines(result)
    ]


def _orient_all(geom):
    from shapely.geometry import MultiPolygon, Polygon
    from shapely.geometry.polygon import orient

    if isinstance(geom, Polygon):
        return orient(geom, 1.0)
    if isinstance(geom, MultiPolygon):
        return MultiPolygon([orient(p, 1.0) for p in geom.geoms])
    return geom


def _rounded(obj, decimals: int):
    if isinstance(obj, float):
        return round(obj, decimals)
    if isinstance(obj, (list, tuple)):
        return [_rounded(o, decimals) for o in obj]
    if isinstance(obj, dict):
        return {k: _rounded(v, decimals) for k, v in obj.items()}
    return obj


def geojson_text(result) -> str:
    """The FeatureCollection as UTF-8 JSON text, one line, newline-terminated."""
    return json.dumps(feature_collection(result), ensure_ascii=False) + "\n"


def write_geojson(result, path: str | os.PathLike) -> None:
    """Write the GeoJSON whole (``-`` is standard output)."""
    write_atomic(path, geojson_text(result))
