"""Targets within reach as map markers: the largest envelope's targets, nearest first, with the
most populous labelled."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np
from shapely.geometry.base import BaseGeometry

from ..targets import TargetSet
from .compute import reach
from .result import Reach


def map_targets(
    result,
    targets: TargetSet | Sequence[TargetSet] | str | Sequence[str] | None = None,
    *,
    label_top: int = 10,
    countries: Mapping[str, BaseGeometry] | None = None,
) -> list[dict]:
    """Targets inside the largest envelope, for map markers, nearest first.

    ``result`` is an EnvelopeSet (targets default to the built-in cities) or a :class:`Reach`.
    ``label`` marks the ``label_top`` most populous cities (and user points, when few).
    """
    r = (
        result
        if isinstance(result, Reach)
        else reach(result, targets if targets is not None else "cities", countries=countries)
    )
    within = r.within_any()
    t = r.targets
    kinds, srcs = t.row_kinds(), t.row_sources()
    pop_col = t.columns.get("population")
    idx = np.flatnonzero(within)
    idx = idx[np.argsort(r.distance_m[idx], kind="stable")]

    def population(i):
        if pop_col is None:
            return None
        try:
            return int(float(pop_col[i]))
        except (TypeError, ValueError):
            return None

    cities = sorted(
        (i for i in idx if kinds[i] == "city" and population(i) is not None),
        key=lambda i: -population(i),
    )
    label = set(cities[:label_top])
    users = [i for i in idx if kinds[i] == "user"]
    if len(users) <= label_top:
        label |= set(users)
    names = [e.name for e in r.envelopes]
    flags = list(r.inside.values())
    out = []
    for i in idx:
        item = {
            "name": t.name[i],
            "lon": float(t.lon[i]),
            "lat": float(t.lat[i]),
            "population": population(i),
            "kind": kinds[i],
            "set": srcs[i],
            "distance_km": round(float(r.distance_m[i]) / 1000.0, 3),
            "inside": [n for n, m in zip(names, flags, strict=True) if m[i]],
            "label": i in label,
        }
        if "military_by_name" in t.columns:
            item["military_by_name"] = bool(t.columns["military_by_name"][i] is True)
        out.append(item)
    return out
