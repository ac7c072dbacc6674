"""What lies within reach: targets classified against every envelope, counted, and written out.

The rule, everywhere: a target is inside an envelope iff its exact geodesic distance to the
segment is <= the range and, for an envelope clipped to a country, it lies in that country's
polygon (built-in sets also need their own country code to agree). The exact polygon is only a
shortcut for points more than ``MARGIN_M`` from its boundary, so flags always follow from the
distances, even within the polygon's 0.5 m boundary tolerance.
"""

from __future__ import annotations

import csv
import io
import json
import math
import os
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field

import numpy as np
import shapely
from shapely.geometry.base import BaseGeometry

from . import geodesic
from .errors import EnvelopeError
from .targets import REGION_M, BadRow, TargetSet, concat, iter_targets

MI = 1609.344
#: Points farther than this from an envelope's polygon boundary are classified by the polygon
#: (which lies within ~1 m of the true iso-distance curve); nearer ones by exact distance.
MARGIN_M = 5.0
RULE = (
    "inside = exact geodesic distance to the segment <= the envelope's range (GeographicLib, "
    "WGS84) and, for an envelope clipped to a country, inside that country's polygon "
    "(internationally recognized borders); built-in sets also need the data's own country "
    "code to agree. Flags follow from distance_km even within the polygon's 0.5 m tolerance."
)
FORMATS = {".csv": "csv", ".json": "json", ".geojson": "geojson"}


def format_for(output: str | None) -> str:
    """The output format named by a file's extension (a table when there is no file)."""
    if output is None or output == "-":
        return "table"
    ext = os.path.splitext(output)[1].lower()
    if ext not in FORMATS:
        raise EnvelopeError(
            f"cannot tell the format of {output!r}; name it .csv, .json or .geojson"
        )
    return FORMATS[ext]


def _column_names(envelopes) -> list[str]:
    names, seen = [], {}
    for e in envelopes:
        base = f"in:{e.name}"
        seen[base] = seen.get(base, 0) + 1
        names.append(base if seen[base] == 1 else f"{base} ({seen[base]})")
    return names


@dataclass
class _Group:
    """Envelopes sharing one range and clip: one polygon test serves them all."""

    range_m: float
    clip: str | None
    members: list[int]
    outer: BaseGeometry
    inner: BaseGeometry
    box: tuple[float, float, float, float]


class Classifier:
    """Envelopes prepared once for classifying many points (the 1M-point path).

    ``countries`` maps ISO3 to a polygon; by default :func:`envelope.borders.country`.
    """

    def __init__(
        self,
        result,
        *,
        countries: Mapping[str, BaseGeometry] | None = None,
        margin_m: float = MARGIN_M,
    ) -> None:
        self.result = result
        self.envelopes = tuple(result.envelopes)
        self.columns = _column_names(self.envelopes)
        self.margin_m = margin_m
        self._countries = dict(countries or {})
        self._index = None
        self._groups: list[_Group] | None = None

    @property
    def index(self) -> geodesic.LineIndex:
        if self._index is None:
            self._index = geodesic.line_index(self.result.segment.line)
        return self._index

    def country(self, iso3: str) -> BaseGeometry:
        if iso3 not in self._countries:
            from . import borders

            self._countries[iso3] = borders.country(iso3)
        geom = self._countries[iso3]
        shapely.prepare(geom)
        return geom

    def in_country(self, iso3: str, lon: np.ndarray, lat: np.ndarray) -> np.ndarray:
        """Point-in-polygon on the country, with a bounding-box prefilter."""
        geom = self.country(iso3)
        x0, y0, x1, y1 = geom.bounds
        out = np.zeros(len(lon), bool)
        box = (lon >= x0) & (lon <= x1) & (lat >= y0) & (lat <= y1)
        rows = np.flatnonzero(box)
        if len(rows):
            out[rows] = shapely.contains_xy(geom, lon[rows], lat[rows])
        return out

    def groups(self) -> list[_Group]:
        if self._groups is None:
            self._groups = self._make_groups()
        return self._groups

    def _make_groups(self) -> list[_Group]:
        by_key: dict[tuple, list[int]] = {}
        for i, e in enumerate(self.envelopes):
            by_key.setdefault((round(e.range_m, 6), e.clipped_to), []).append(i)
        groups = []
        for (range_m, clip), members in by_key.items():
            geom = self.envelopes[members[0]].geometry
            if geom.is_empty:
                empty = shapely.Polygon()
                groups.append(_Group(range_m, clip, members, empty, empty, (0.0, 0.0, -1, -1)))
                continue
            x0, y0, x1, y1 = geom.bounds
            top = min(89.9, max(abs(y0), abs(y1)) + 0.01)
            # No lon/lat degree spans less than 110,574 m * cos(lat), so a point more than eps
            # degrees from the boundary is more than margin_m metres from it, and vice versa.
            eps = self.margin_m / (110_574.0 * math.cos(math.radians(top)))
            outer, inner = geom.buffer(eps), geom.buffer(-eps)
            shapely.prepare(outer)
            shapely.prepare(inner)
            groups.append(_Group(range_m, clip, members, outer, inner, outer.bounds))
        # Largest first within a clip: a smaller ring's candidates are the larger one's hits.
        groups.sort(key=lambda g: (str(g.clip), -g.range_m))
        return groups

    def inside(
        self,
        lon,
        lat,
        *,
        code_ok: np.ndarray | None = None,
        coded_for: str | None = None,
    ) -> dict[str, np.ndarray]:
        """Inside flags per envelope column, exact distances only near boundaries (fast)."""
        lon = np.ascontiguousarray(lon, dtype=float)
        lat = np.ascontiguousarray(lat, dtype=float)
        n = len(lon)
        flags: dict[int, np.ndarray] = {}
        prev: _Group | None = None
        cand = np.arange(n)
        for g in self.groups():
            nested = (
                prev is not None
                and prev.clip == g.clip
                and prev.range_m - g.range_m > 2.0 * self.margin_m
            )
            if not nested:
                x0, y0, x1, y1 = g.box
                cand = np.flatnonzero((lon >= x0) & (lon <= x1) & (lat >= y0) & (lat <= y1))
            maybe = cand[shapely.contains_xy(g.outer, lon[cand], lat[cand])]
            sure = shapely.contains_xy(g.inner, lon[maybe], lat[maybe])
            hit = np.zeros(n, bool)
            hit[maybe[sure]] = True
            near = maybe[~sure]
            if len(near):
                hit[near] = self._exact(g, lon[near], lat[near])
            for i in g.members:
                flags[i] = hit
            cand, prev = maybe, g
        return {
            col: self._code(flags[i], self.envelopes[i], code_ok, coded_for)
            for i, col in enumerate(self.columns)
        }

    def _exact(self, g: _Group, lon: np.ndarray, lat: np.ndarray) -> np.ndarray:
        hit = geodesic.distance_to_line(self.index, lon, lat) <= g.range_m
        if g.clip:
            hit &= self.in_country(g.clip, lon, lat)
        return hit

    @staticmethod
    def _code(mask, env, code_ok, coded_for) -> np.ndarray:
        if code_ok is not None and env.clipped_to and env.clipped_to == coded_for:
            return mask & code_ok
        return mask.copy()

    def inside_from_distance(
        self,
        distance_m: np.ndarray,
        lon,
        lat,
        *,
        code_ok: np.ndarray | None = None,
        coded_for: str | None = None,
    ) -> dict[str, np.ndarray]:
        """Inside flags straight from the rule, given exact distances."""
        lon, lat = np.asarray(lon, float), np.asarray(lat, float)
        clip_masks: dict[str, np.ndarray] = {}
        out = {}
        for col, env in zip(self.columns, self.envelopes, strict=True):
            hit = distance_m <= env.range_m
            if env.clipped_to:
                if env.clipped_to not in clip_masks:
                    reach_max = max(e.range_m for e in self.envelopes if e.clipped_to)
                    rows = np.flatnonzero(distance_m <= reach_max)
                    m = np.zeros(len(lon), bool)
                    m[rows] = self.in_country(env.clipped_to, lon[rows], lat[rows])
                    clip_masks[env.clipped_to] = m
                hit = hit & clip_masks[env.clipped_to]
            out[col] = self._code(hit, env, code_ok, coded_for)
        return out

    def distances(self, lon, lat) -> np.ndarray:
        lon = np.asarray(lon, float)
        if len(lon) == 0:
            return np.empty(0)
        return geodesic.distance_to_line(self.index, lon, np.asarray(lat, float))


def classify(result, lon, lat, *, countries=None) -> dict[str, np.ndarray]:
    """Inside flags of many points against every envelope of ``result`` (no distances).

    For repeated calls build one :class:`Classifier`: its preparation is reused.
    """
    return Classifier(result, countries=countries).inside(lon, lat)


@dataclass
class Reach:
    """Targets with exact distances and inside flags, and what a briefing says about them."""

    result: object  # envelopes.EnvelopeSet
    targets: TargetSet
    distance_m: np.ndarray
    inside: dict[str, np.ndarray]  # "in:<envelope name>" -> flags, in envelope order
    in_target_country: np.ndarray
    bad_counts: dict[str, int] = field(default_factory=dict)
    bad_rows: list[BadRow] = field(default_factory=list)

    @property
    def envelopes(self):
        return tuple(self.result.envelopes)

    @property
    def target_country(self) -> str:
        return getattr(self.result.segment, "target", None) or "target_country"

    def envelope_columns(self) -> list[tuple[str, object]]:
        return list(zip(self.inside, self.envelopes, strict=True))

    def within_any(self) -> np.ndarray:
        out = np.zeros(len(self.targets), bool)
        for m in self.inside.values():
            out |= m
        return out

    def counts(self) -> list[dict]:
        """Per envelope: how many targets lie inside, by set, and which (nearest first)."""
        order = np.argsort(self.distance_m, kind="stable")
        srcs = self.targets.row_sources()
        rows = []
        for col, env in self.envelope_columns():
            m = self.inside[col]
            idx = order[m[order]]
            by_set: dict[str, int] = {}
            for i in idx:
                by_set[srcs[i]] = by_set.get(srcs[i], 0) + 1
            rows.append(
                {
                    "envelope": env.name,
                    "column": col,
                    "kind": env.kind,
                    "weapon": env.weapon,
                    "range_km": round(env.range_m / 1000.0, 3),
                    "range_mi": round(env.range_m / MI, 3),
                    "clipped_to": env.clipped_to,
                    "count": int(m.sum()),
                    "by_set": by_set,
                    "names": [self.targets.name[i] for i in idx],
                }
            )
        return rows

    def claimed_not_authorized(self) -> list[dict]:
        """Per weapon: inside its largest claimed envelope but outside its authorized one (or
        everything claimed, when nothing is authorized)."""
        out = []
        cols = self.envelope_columns()
        order = np.argsort(self.distance_m, kind="stable")
        srcs = self.targets.row_sources()
        for w in self.result.weapons():
            claimed = [(c, e) for c, e in cols if e.weapon == w and e.kind == "claimed"]
            if not claimed:
                continue
            c_col, c_env = max(claimed, key=lambda ce: ce[1].range_m)
            auth = [(c, e) for c, e in cols if e.weapon == w and e.kind == "authorized"]
            mask = self.inside[c_col].copy()
            if auth:
                a_col, a_env = max(auth, key=lambda ce: ce[1].range_m)
                mask &= ~self.inside[a_col]
            idx = order[mask[order]]
            by_set: dict[str, int] = {}
            for i in idx:
                by_set[srcs[i]] = by_set.get(srcs[i], 0) + 1
            out.append(
                {
                    "weapon": w,
                    "claimed": c_env.name,
                    "authorized": auth[0][1].name if auth else None,
                    "count": int(mask.sum()),
                    "by_set": by_set,
                    "names": [self.targets.name[i] for i in idx],
                }
            )
        return out

    def rows(self, only: np.ndarray | None = None) -> Iterable[dict]:
        """One flat record per target (CSV/JSON/GeoJSON properties)."""
        t = self.targets
        srcs, kinds = t.row_sources(), t.row_kinds()
        core = ["name", "set", "kind", "lon", "lat", "distance_km", "distance_mi"]
        core += [f"in_{self.target_country}", *self.inside]
        extra = {(c if c not in core else f"{c} (input)"): v for c, v in t.columns.items()}
        km = np.round(self.distance_m / 1000.0, 4)
        mi = np.round(self.distance_m / MI, 4)
        flags = list(self.inside.items())
        rng = np.flatnonzero(only) if only is not None else range(len(t))
        for i in rng:
            row = {
                "name": t.name[i],
                "set": srcs[i],
                "kind": kinds[i],
                "lon": float(t.lon[i]),
                "lat": float(t.lat[i]),
                "distance_km": float(km[i]),
                "distance_mi": float(mi[i]),
                f"in_{self.target_country}": bool(self.in_target_country[i]),
            }
            for col, m in flags:
                row[col] = bool(m[i])
            for c, v in extra.items():
                row[c] = v[i]
            yield row

    def metadata(self) -> dict:
        res = self.result
        seg = res.segment
        return {
            "generator": "envelope reach",
            "segment": seg.name,
            "target_country": getattr(seg, "target", None),
            "as_of": res.as_of.isoformat() if res.as_of else None,
            "envelopes": [
                {
                    "name": e.name,
                    "column": c,
                    "kind": e.kind,
                    "weapon": e.weapon,
                    "range_km": round(e.range_m / 1000.0, 3),
                    "range_mi": round(e.range_m / MI, 3),
                    "clipped_to": e.clipped_to,
                }
                for c, e in self.envelope_columns()
            ],
            "rule": RULE,
            "distances": "geodesic on WGS84 (GeographicLib via pyproj), exact to < 1 mm",
            "sources": [p.as_dict() for p in self.targets.provenances()],
            "targets": len(self.targets),
            "bad_rows": {
                "count": sum(self.bad_counts.values()),
                "first": [str(b) for b in self.bad_rows],
            },
        }


def _empty_targets() -> TargetSet:
    return TargetSet(source="(none)", kind="user", name=[], lon=np.empty(0), lat=np.empty(0))


def _classify_set(clf: Classifier, t: TargetSet):
    d = clf.distances(t.lon, t.lat)
    inside = clf.inside_from_distance(d, t.lon, t.lat, code_ok=t.code_ok, coded_for=t.coded_for)
    target = getattr(clf.result.segment, "target", None)
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
) -> Reach:
    """Exact distances and inside flags of target sets (or ``--targets`` specs) for ``result``.

    Specs are read chunk by chunk (CSV files stream), so memory holds arrays, not row dicts.
    """
    clf = classifier or Classifier(result, countries=countries)
    if isinstance(targets, (str, TargetSet)):
        targets = [targets]
    sets, dists, flags, in_t = [], [], [], []
    bad_counts: dict[str, int] = {}
    bad_rows: list[BadRow] = []
    kwargs = {"progress": progress, "region_m": region_m}
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


# --- outputs -------------------------------------------------------------------------------


def _cell(v) -> str:
    if isinstance(v, (bool, np.bool_)):
        return "true" if v else "false"
    if v is None:
        return ""
    return str(v)


def to_csv(r: Reach) -> str:
    """CSV with a header: name, set, kind, lon, lat, distances, flags, then passed-through
    columns."""
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    header = None
    for row in r.rows():
        if header is None:
            header = list(row)
            w.writerow(header)
        w.writerow([_cell(v) for v in row.values()])
    if header is None:
        w.writerow(
            [
                "name",
                "set",
                "kind",
                "lon",
                "lat",
                "distance_km",
                "distance_mi",
                f"in_{r.target_country}",
                *r.inside,
            ]
        )
    return buf.getvalue()


def _json_safe(v):
    if isinstance(v, float) and not math.isfinite(v):
        return None
    if isinstance(v, np.generic):
        return v.item()
    return v


def to_json(r: Reach) -> str:
    doc = {
        "metadata": r.metadata(),
        "counts": r.counts(),
        "claimed_not_authorized": r.claimed_not_authorized(),
        "targets": [{k: _json_safe(v) for k, v in row.items()} for row in r.rows()],
    }
    indent = 1 if len(r.targets) <= 10_000 else None  # keep big files compact
    return json.dumps(doc, ensure_ascii=False, indent=indent) + "\n"


def to_geojson(r: Reach) -> str:
    """RFC 7946 points; the counts and provenance ride along as foreign members."""
    feats = []
    for row in r.rows():
        props = {k: _json_safe(v) for k, v in row.items() if k not in ("lon", "lat")}
        feats.append(
            {
                "type": "Feature",
                "geometry": {"type": "Point", "coordinates": [row["lon"], row["lat"]]},
                "properties": props,
            }
        )
    doc = {
        "type": "FeatureCollection",
        "metadata": r.metadata(),
        "counts": [{k: v for k, v in c.items() if k != "names"} for c in r.counts()],
        "claimed_not_authorized": r.claimed_not_authorized(),
        "features": feats,
    }
    return json.dumps(doc, ensure_ascii=False) + "\n"


def _names(names: list[str], limit: int) -> str:
    shown = ", ".join(names[:limit])
    return shown + (f", ... (+{len(names) - limit:,} more)" if len(names) > limit else "")


def to_table(r: Reach, *, max_rows: int = 60, max_names: int = 12) -> str:
    """The readable report: targets within reach (nearest first), counts, claimed-not-authorized."""
    cols = r.envelope_columns()
    within = r.within_any()
    order = np.argsort(r.distance_m, kind="stable")
    shown = order[within[order]]
    t = r.targets
    srcs = t.row_sources()
    pop = t.columns.get("population")
    lines = []
    largest = max(r.envelopes, key=lambda e: e.range_m) if r.envelopes else None
    head = f"Targets within reach of segment {r.result.segment.name}"
    if r.result.as_of:
        head += f" as of {r.result.as_of.isoformat()}"
    total = len(t)
    lines.append(f"{head}: {int(within.sum()):,} of {total:,} targets, nearest first")
    for k, (_, e) in enumerate(cols, start=1):
        clip = f", clipped to {e.clipped_to}" if e.clipped_to else ", not clipped"
        lines.append(f"  [{k}] {e.name}  ({e.kind}, {e.range_m / 1000:,.3f} km{clip})")
    header = ["name", "set"] + (["population"] if pop else []) + ["km", "mi"]
    header += [str(k) for k in range(1, len(cols) + 1)]
    body = []
    for i in shown[:max_rows]:
        row = [t.name[i], srcs[i]]
        if pop:
            row.append(f"{pop[i]:,}" if isinstance(pop[i], int) else str(pop[i]))
        row += [f"{r.distance_m[i] / 1000:,.1f}", f"{r.distance_m[i] / MI:,.1f}"]
        row += ["x" if r.inside[c][i] else "." for c, _ in cols]
        body.append(row)
    lines.append("")
    if body:
        lines += _aligned(header, body, right={"population", "km", "mi"})
        if len(shown) > max_rows:
            lines.append(f"... {len(shown) - max_rows:,} more within reach (write -o FILE for all)")
    else:
        lines.append("(no target lies inside any envelope)")
    rest = total - len(shown)
    if rest and largest is not None:
        noun = "target lies" if rest == 1 else "targets lie"
        lines.append(f"{rest:,} more {noun} outside every envelope (listed in -o files).")
    lines.append("")
    lines.append("Per envelope:")
    for c in r.counts():
        sets = ", ".join(f"{s} {n:,}" for s, n in c["by_set"].items()) or "none"
        lines.append(f"  {c['envelope']}: {c['count']:,} ({sets})")
    lines.append("")
    lines.append(
        "Claimed but not authorized (inside the largest claimed envelope, outside the "
        "authorized one):"
    )
    cna = r.claimed_not_authorized()
    if not cna:
        lines.append("  (no weapon envelopes)")
    for c in cna:
        auth = c["authorized"] or "nothing authorized"
        names = _names(c["names"], max_names) if c["names"] else "none"
        sets = "".join(f", {s} {n:,}" for s, n in c["by_set"].items())
        lines.append(f"  {c['weapon']} ({c['claimed']} vs {auth}): {c['count']:,}{sets}: {names}")
    lines.append("")
    lines.append("Rule: " + RULE)
    for p in r.targets.provenances():
        lines.append("Source: " + p.text())
    return "\n".join(lines) + "\n"


def _aligned(header, rows, right=()) -> list[str]:
    widths = [max(len(str(x)) for x in col) for col in zip(header, *rows, strict=True)]

    def fmt(vals):
        return "  ".join(
            (str(v).rjust(w) if h in right else str(v).ljust(w))
            for v, w, h in zip(vals, widths, header, strict=True)
        ).rstrip()

    return [fmt(header), fmt(["-" * w for w in widths]), *(fmt(r) for r in rows)]


def render(r: Reach, fmt: str) -> str:
    return {"csv": to_csv, "json": to_json, "geojson": to_geojson, "table": to_table}[fmt](r)


# --- maps ----------------------------------------------------------------------------------


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
