"""Classify target sets, chunk by chunk, against every envelope of an envelope set."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import TYPE_CHECKING

import numpy as np
from shapely.geometry.base import BaseGeometry

from ..targets import MIN_CITY_POPULATION, REGION_M, BadRow, TargetSet, concat, iter_targets
from .classify import Classifier
from .result import Reach

if TYPE_CHECKING:
    import dask_geopandas
    import geopandas


def _empty_targets() -> TargetSet:
    return TargetSet(source="(none)", kind="user", name=[], lon=np.empty(0), lat=np.empty(0))


def _classify_set(clf: Classifier, t: TargetSet):
    d = clf.distances(t.lon, t.lat)
    inside = clf.inside_from_distance(d, t.lon, t.lat, code_ok=t.code_ok, coded_for=t.coded_for)
    target = clf.result.segment.target
    if target and len(t):
        in_target = clf.in_country(target, t.lon, t.lat)
    else:
        in_target = np.zeros(len(t), bool)
    if t.code_ok is not None and t.coded_for == target:
        in_target &= t.code_ok
    return d, inside, in_target


def reach(
    result,
    targets: TargetSet | Sequence[TargetSet] | str | Sequence[str] = "cities",
    *,
    countries: Mapping[str, BaseGeometry] | None = None,
    classifier: Classifier | None = None,
    chunk_rows: int | None = None,
    progress: Callable[[int], None] | None = None,
    region_m: float = REGION_M,
    min_population: int = MIN_CITY_POPULATION,
) -> Reach | geopandas.GeoDataFrame | dask_geopandas.GeoDataFrame:
    """Exact distances and inside flags of target sets (or ``--targets`` specs) for ``result``.

    Specs are read chunk by chunk (CSV files stream), so memory holds arrays, not row dicts.
    A geopandas GeoDataFrame of points gives a GeoDataFrame with the reach columns added; a
    dask-geopandas GeoDataFrame gives a lazy dask one (see :mod:`envelope.reach.frames`).
    """
    from .frames import is_dask_frame, is_geodataframe, reach_dask, reach_frame

    if is_dask_frame(targets):
        return reach_dask(result, targets, countries=countries)
    if is_geodataframe(targets):
        return reach_frame(result, targets, classifier=classifier, countries=countries)
    clf = classifier or Classifier(result, countries=countries)
    if isinstance(targets, (str, TargetSet)):
        targets = [targets]
    sets, dists, flags, in_t = [], [], [], []
    bad_counts: dict[str, int] = {}
    bad_rows: list[BadRow] = []
    kwargs = {"progress": progress, "region_m": region_m, "min_population": min_population}
    if chunk_rows:
        kwargs["chunk_rows"] = chunk_rows
    for spec in targets:
        chunks = (
            [spec] if isinstance(spec, TargetSet) else iter_targets(spec, result.segment, **kwargs)
        )
        for chunk in chunks:
            d, inside, it = _classify_set(clf, chunk)
            if chunk.bad_count:
                bad_counts[chunk.source] = bad_counts.get(chunk.source, 0) + chunk.bad_count
                bad_rows += chunk.bad_rows
            # Keep the chunk's columns but not its row-level bad-row lists twice.
            sets.append(chunk)
            dists.append(d)
            flags.append(inside)
            in_t.append(it)
    if not sets:
        sets = [_empty_targets()]
        dists, in_t = [np.empty(0)], [np.zeros(0, bool)]
        flags = [{c: np.zeros(0, bool) for c in clf.columns}]
    combined = concat(sets)
    return Reach(
        result=result,
        targets=combined,
        distance_m=np.concatenate(dists),
        inside={c: np.concatenate([f[c] for f in flags]) for c in clf.columns},
        in_target_country=np.concatenate(in_t),
        bad_counts=bad_counts,
        bad_rows=bad_rows,
    )


def bad_row_lines(r: Reach, limit: int = 5) -> list[str]:
    """Lines for stderr: a count per file and the first few offending lines."""
    out = []
    for src, n in r.bad_counts.items():
        first = [b for b in r.bad_rows if b.source == src][:limit]
        out.append(f"skipped {n:,} bad row{'s' * (n != 1)} in {src}:")
        out += [f"  {b}" for b in first]
        if n > len(first):
            out.append(f"  ... and {n - len(first):,} more")
    return out
