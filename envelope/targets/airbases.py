"""The built-in ``airbases`` set: OurAirports aerodromes (public domain, packaged in
data/targets/) that a stated rule marks as military, each row saying which rule did."""

from __future__ import annotations

import csv
import json
import re

import numpy as np

from ..resources import data_dir
from .builtin import iso2, near_segment
from .model import REGION_M, Provenance, TargetSet
from .regions import load_regions, region_of

#: No registry flags military use; these rules stand in for it, in this order. Precision and
#: recall on a hand-checked sample are in the README (tests/fixtures/targets/airbases_checked.csv).
NAME_RULE = re.compile(r"\b(air ?base|airbase|air force|naval air|military|afb)\b", re.I)
KEYWORD_RULE = re.compile(r"\b(air ?base|airbase|military)\b|авиабаза|военн", re.I)
RULES = (
    "name: the aerodrome's name says Air Base, Airbase, Air Force, Naval Air, Military or AFB",
    "keyword: OurAirports' keywords say Air Base, Airbase, military, авиабаза or военн-",
)


def military_basis(row: dict) -> str:
    """The rule that marks an OurAirports row as military, as "name: Air Base" or
    "keyword: Zhukovsky Air Base"; "" when none does."""
    hit = NAME_RULE.search(row.get("name") or "")
    if hit:
        return f"name: {hit.group(0)}"
    keywords = row.get("keywords") or ""
    hit = KEYWORD_RULE.search(keywords)
    if hit:
        word = next(k.strip() for k in keywords.split(",") if KEYWORD_RULE.search(k))
        return f"keyword: {word}"
    return ""


def read_aerodromes() -> list[dict]:
    """Every packaged aerodrome row (Russia, Ukraine, Belarus; see data/targets/)."""
    with open(data_dir("targets") / "aerodromes.csv", encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def data_provenance() -> dict:
    return json.loads((data_dir("targets") / "provenance.json").read_text(encoding="utf-8"))


def load_airbases(segment, *, region_m: float = REGION_M) -> TargetSet:
    """Aerodromes of the segment's target country within ``region_m`` of it that a military
    rule marks, nearest rule first (``military_basis``)."""
    code = iso2(segment.target)
    rows = [r for r in read_aerodromes() if r["iso_country"] == code]
    rows = [(r, military_basis(r)) for r in rows]
    rows = [(r, b) for r, b in rows if b]
    lon = np.array([float(r["longitude_deg"]) for r, _ in rows], float)
    lat = np.array([float(r["latitude_deg"]) for r, _ in rows], float)
    keep = near_segment(segment, lon, lat, region_m)
    rows = [rb for rb, k in zip(rows, keep, strict=True) if k]
    lon = np.array([float(r["longitude_deg"]) for r, _ in rows], float)
    lat = np.array([float(r["latitude_deg"]) for r, _ in rows], float)
    meta = data_provenance()["aerodromes"]
    prov = Provenance(
        source="airbases",
        description=f"aerodromes of {segment.target} within {region_m / 1000:,.0f} km of the "
        "segment that a military rule marks",
        package="ourairports",
        version=f"{meta['package'].rsplit(' ', 1)[-1]} (data of {meta['data'].rsplit(' ', 1)[-1]}, "
        "copied to data/targets)",
        license=meta["licence"],
        attribution="OurAirports (ourairports.com), public domain; regions: Natural Earth",
        notes="no registry flags military use: military_basis names the rule ("
        + "; ".join(RULES)
        + "); see the README for its precision and recall",
    )
    return TargetSet(
        source="airbases",
        kind="airfield",
        name=[r["name"] for r, _ in rows],
        lon=lon,
        lat=lat,
        columns={
            "ident": [r["ident"] for r, _ in rows],
            "icao": [r["gps_code"] for r, _ in rows],
            "type": [r["type"] for r, _ in rows],
            "region": region_of(load_regions(), lon, lat),
            "country_code": [r["iso_country"] for r, _ in rows],
            "military_basis": [b for _, b in rows],
        },
        provenance=prov,
        code_ok=np.ones(len(rows), bool),
        coded_for=segment.target,
        rows_read=len(rows),
    )
