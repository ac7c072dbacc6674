"""User GeoJSON targets: Point and MultiPoint features; other geometries are reported as bad
rows, like bad CSV lines."""

from __future__ import annotations

import json
import os

import numpy as np

from ..errors import EnvelopeError
from ..readers import read_json
from .csvfile import TARGETS_FIX, finite
from .model import MAX_BAD_KEPT, BadRow, Provenance, TargetSet


def load_geojson(path: str | os.PathLike) -> TargetSet:
    """Point and MultiPoint features (name from properties.name); other geometries are skipped
    and reported, like bad CSV rows, as ``file:feature N``."""
    label = str(path)
    short = os.path.basename(label)
    doc = read_json(path, label, fix=TARGETS_FIX)
    if not isinstance(doc, dict):
        raise EnvelopeError(f"{label} is not a GeoJSON object")
    if doc.get("type") == "FeatureCollection":
        feats = doc.get("features")
        if not isinstance(feats, list):
            raise EnvelopeError(f"{label}: FeatureCollection has no features list")
    elif doc.get("type") == "Feature":
        feats = [doc]
    elif doc.get("type") in ("Point", "MultiPoint"):
        feats = [{"type": "Feature", "properties": {}, "geometry": doc}]
    else:
        raise EnvelopeError(
            f"{label}: expected a FeatureCollection, Feature, Point or MultiPoint, "
            f"got type {doc.get('type')!r}"
        )
    names, lons, lats, props_rows = [], [], [], []
    bad: list[BadRow] = []
    bad_count = 0

    def reject(i: int, why: str) -> None:
        nonlocal bad_count
        bad_count += 1
        if len(bad) < MAX_BAD_KEPT:
            bad.append(BadRow(short, f"feature {i}", why))

    for i, feat in enumerate(feats, start=1):
        geom = feat.get("geometry") if isinstance(feat, dict) else None
        if not isinstance(geom, dict):
            reject(i, "no geometry")
            continue
        props = feat.get("properties") or {}
        props = props if isinstance(props, dict) else {}
        gtype = geom.get("type")
        coords = geom.get("coordinates")
        if gtype == "Point":
            points = [coords]
        elif gtype == "MultiPoint" and isinstance(coords, list):
            points = coords
        else:
            reject(i, f"geometry is a {gtype}; only Point and MultiPoint are read")
            continue
        base = str(props.get("name") or "").strip() or f"{short}:feature {i}"
        for j, pt in enumerate(points, start=1):
            if not isinstance(pt, (list, tuple)) or len(pt) < 2:
                reject(i, f"coordinates {pt!r} are not [lon, lat]")
                continue
            not_numbers = _not_numbers(pt)
            if not_numbers:
                reject(i, not_numbers)
                continue
            x, why_lon = finite(pt[0], "lon", -180.0, 180.0)
            y, why_lat = finite(pt[1], "lat", -90.0, 90.0)
            why = "; ".join(w for w in (why_lat, why_lon) if w)
            if why:
                reject(i, why)
                continue
            names.append(base if len(points) == 1 else f"{base} #{j}")
            lons.append(x)
            lats.append(y)
            props_rows.append(props)
    keys = list(dict.fromkeys(k for p in props_rows for k in p if k != "name"))
    columns = {k: [_scalar(p.get(k, "")) for p in props_rows] for k in keys}
    return TargetSet(
        source=short,
        kind="user",
        name=names,
        lon=np.array(lons, float),
        lat=np.array(lats, float),
        columns=columns,
        provenance=Provenance(
            source=short, description=f"user file {short}", license="user-supplied"
        ),
        bad_rows=bad,
        bad_count=bad_count,
        rows_read=len(feats),
    )


def _not_numbers(pt) -> str:
    """GeoJSON coordinates are JSON numbers: ``true`` and ``"36.0"`` are not coordinates."""
    return "; ".join(
        f"{what} {json.dumps(v, ensure_ascii=False, default=str)} is not a number"
        for what, v in (("lon", pt[0]), ("lat", pt[1]))
        if isinstance(v, bool) or not isinstance(v, (int, float))
    )


def _scalar(v):
    return v if v is None or isinstance(v, (str, int, float, bool)) else json.dumps(v)


def is_geojson(path: str) -> bool:
    return os.path.splitext(str(path))[1].lower() in (".geojson", ".json")
