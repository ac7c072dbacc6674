"""Writing results: GeoJSON features and all-or-nothing file writes."""

from __future__ import annotations

import json
import os
import sys
import tempfile
from pathlib import Path

from shapely.geometry import mapping

from .envelopes import EXACT_TOLERANCE_M
from .errors import EnvelopeError
from .units import METRES_PER

#: Exact geometries are written with 7 decimals (~1 cm), well inside their 0.5 m tolerance.
EXACT_DECIMALS = 7


def check_writable(path: str | os.PathLike) -> None:
    """Fail before the work, not after it: the output's folder must exist."""
    if str(path) == "-":
        return
    target = Path(path)
    folder = target.parent if str(target.parent) else Path(".")
    if not folder.is_dir():
        raise EnvelopeError(f"cannot write {path}: folder {folder} does not exist; create it first")
    if target.is_dir():
        raise EnvelopeError(f"cannot write {path}: it is a folder; give a file name")


def write_atomic(path: str | os.PathLike, data: str | bytes) -> None:
    """Write via a temporary file in the same directory and rename, so a failure leaves nothing."""
    if str(path) == "-":
        if isinstance(data, bytes):
            sys.stdout.buffer.write(data)
        else:
            sys.stdout.write(data)
        sys.stdout.flush()
        return
    check_writable(path)
    target = Path(path)
    folder = target.parent if str(target.parent) else Path(".")
    payload = data.encode("utf-8") if isinstance(data, str) else data
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=folder)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(payload)
        os.chmod(tmp, 0o644)  # mkstemp makes 0600; give the usual permissions
        os.replace(tmp, target)
    except OSError as exc:
        Path(tmp).unlink(missing_ok=True)
        raise EnvelopeError(f"cannot write {path}: {exc.strerror or exc}") from exc
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def envelope_properties(env, result) -> dict:
    """The properties every export carries, so each number traces back to its origin."""
    reports = getattr(result.scenario, "reports", {}) or {}
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
        "boundary_tolerance_m": round(EXACT_TOLERANCE_M + 0.01, 2),  # + rounding to 7 decimals
    }


def _source_line(reports: dict, report_id: str) -> str:
    rep = reports.get(report_id)
    if rep is None:
        return report_id
    bits = [b for b in (getattr(rep, "outlet", None), _date(rep)) if b]
    return f"{report_id} ({', '.join(bits)})" if bits else report_id


def _date(rep) -> str | None:
    date = getattr(rep, "date", None)
    if not date:
        return None
    basis = getattr(rep, "date_basis", "")
    return f"{date.isoformat()}{' inferred' if basis and basis != 'stated' else ''}"


def feature_collection(result) -> dict:
    """RFC 7946 FeatureCollection: counter-clockwise exteriors, one feature per envelope."""
    from . import borders

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
    return json.dumps(feature_collection(result), ensure_ascii=False) + "\n"
