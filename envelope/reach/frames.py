"""Reach over (Geo)DataFrames: a geopandas GeoDataFrame in memory, or a dask-geopandas one that
lives in a cluster, where the same exact rule is mapped over its partitions with the envelopes
prepared once and shipped to the workers as one shared task."""

from __future__ import annotations

import numpy as np

from .authorization import authorization_columns
from .classify import Classifier


def reach_frame(result, gdf, *, classifier: Classifier | None = None, countries=None):
    """``gdf`` (points, lon/lat) with ``distance_km``, ``distance_mi``, ``in_<target>``, one
    ``in:<envelope>`` flag per envelope and the authorization columns added.

    A ``kind`` column, when present, is the target class that authorizations may exclude.
    """
    from ..units import METRES_PER_MILE

    clf = classifier or Classifier(result, countries=countries)
    geom = gdf.geometry
    lon = np.asarray(geom.x, dtype=float)
    lat = np.asarray(geom.y, dtype=float)
    n = len(lon)
    d = clf.distances(lon, lat)
    inside = clf.inside_from_distance(d, lon, lat)
    target = clf.result.segment.target
    in_target = clf.in_country(target, lon, lat) if target and n else np.zeros(n, bool)
    kinds = gdf["kind"].astype(str).tolist() if "kind" in gdf.columns else ["user"] * n
    auth = authorization_columns(clf.envelopes, inside, kinds)
    out = gdf.copy()
    out["distance_km"] = d / 1000.0
    out["distance_mi"] = d / METRES_PER_MILE
    out[f"in_{target or 'target_country'}"] = in_target
    for col, flags in inside.items():
        out[col] = flags
    out["authorized"] = auth["authorized"]
    out["outside_every_authorization"] = auth["outside_every_authorization"]
    out["authorization"] = auth["authorization"].astype(str)
    return out


def prepared(result, countries=None) -> Classifier:
    """A classifier with everything built (line index, groups, country polygons), so that it
    is computed once, here, and only copied to workers."""
    clf = Classifier(result, countries=countries)
    clf.groups()
    for env in clf.envelopes:
        clf.measure_for(env)
    for iso3 in {e.clipped_to for e in clf.envelopes if e.clipped_to} | {result.segment.target} - {
        None
    }:
        clf.country(iso3)
    return clf


def _partition(part, clf: Classifier):
    return reach_frame(clf.result, part, classifier=clf)


def reach_dask(result, ddf, *, countries=None):
    """A dask GeoDataFrame with the columns of :func:`reach_frame`, computed lazily per
    partition; the prepared envelopes are one task of the graph, shared by every partition."""
    import dask

    clf = prepared(result, countries)
    meta = reach_frame(result, ddf._meta, classifier=clf)
    shared = dask.delayed(clf, pure=True)
    return ddf.map_partitions(_partition, shared, meta=meta)


def is_geodataframe(obj) -> bool:
    import sys

    gpd = sys.modules.get("geopandas")
    return gpd is not None and isinstance(obj, gpd.GeoDataFrame)


def is_dask_frame(obj) -> bool:
    import sys

    dgpd = sys.modules.get("dask_geopandas")
    return dgpd is not None and isinstance(obj, dgpd.GeoDataFrame)
