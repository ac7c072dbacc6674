"""The admin-1 region (oblast, province) a place lies in, by point-in-polygon against the
packaged Natural Earth regions (data/targets/regions.geojson, public domain)."""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import lru_cache

import numpy as np

from ..resources import data_dir

#: A place this close to a region but in none (a coastal town off the simplified shore) takes
#: the nearest region; farther out it has none.
NEAREST_DEG = 0.05


@dataclass(frozen=True)
class Regions:
    """Region polygons with their names and countries, prepared for many point look-ups."""

    names: tuple[str, ...]
    countries: tuple[str, ...]
    tree: object  # shapely.STRtree over the polygons


@lru_cache(maxsize=1)
def load_regions() -> Regions:
    """The packaged admin-1 regions of Russia, Ukraine and Belarus (see PROVENANCE.md there)."""
    import shapely
    from shapely.geometry import shape

    doc = json.loads((data_dir("targets") / "regions.geojson").read_text(encoding="utf-8"))
    feats = doc["features"]
    geoms = [shape(f["geometry"]) for f in feats]
    for g in geoms:
        shapely.prepare(g)
    return Regions(
        names=tuple(f["properties"]["name"] for f in feats),
        countries=tuple(f["properties"]["country"] for f in feats),
        tree=shapely.STRtree(geoms),
    )


def region_of(regions: Regions, lon: np.ndarray, lat: np.ndarray) -> list[str]:
    """Each point's region name ("" when it lies in none, even after the coastal allowance).

    Regions follow internationally recognized borders: a place in Crimea is in "Crimea" of
    Ukraine, whichever country the place's own data codes it for.
    """
    import shapely

    pts = shapely.points(np.asarray(lon, float), np.asarray(lat, float))
    out = [""] * len(pts)
    pi, ri = regions.tree.query(pts, predicate="within")
    for p, r in zip(pi, ri, strict=True):
        if not out[p]:
            out[p] = regions.names[r]
    missing = [i for i, name in enumerate(out) if not name]
    if missing:
        mi, mr = regions.tree.query_nearest(
            pts[missing], max_distance=NEAREST_DEG, return_distance=False, all_matches=False
        )
        for p, r in zip(mi, mr, strict=True):
            out[missing[p]] = regions.names[r]
    return out
