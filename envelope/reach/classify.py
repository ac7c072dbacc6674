"""Envelopes prepared once for classifying many points by the one rule: exact geodesic distance
<= range and, when clipped, inside the country's polygon."""

from __future__ import annotations

import math
import os
from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np
import shapely
from shapely.geometry.base import BaseGeometry

from .. import geodesic
from .distance import LineDistance

#: Points farther than this from an envelope's polygon boundary are classified by the polygon
#: (which lies within ~1 m of the true iso-distance curve); nearer ones by exact distance.
MARGIN_M = 5.0
RULE = (
    "inside = exact geodesic distance to the segment <= the envelope's range (GeographicLib, "
    "WGS84) and, for an envelope clipped to a country, inside that country's polygon "
    "(internationally recognized borders); built-in sets also need the data's own country "
    "code to agree. Flags follow from distance_km even within the polygon's 0.5 m tolerance."
)


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
    launch_key: tuple  # Classifier.launch_key: what the range counts from
    members: list[int]
    geometry: BaseGeometry
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
        self._distance: LineDistance | None = None
        self._launch: dict[tuple, LineDistance] = {}
        self._groups: list[_Group] | None = None

    @property
    def index(self) -> geodesic.LineIndex:
        if self._index is None:
            from ..launch import segment_index

            self._index = segment_index(self.result.segment)
        return self._index

    @property
    def line_distance(self) -> LineDistance:
        if self._distance is None:
            self._distance = LineDistance(self.index, workers=min(2, os.cpu_count() or 1))
        return self._distance

    def measure_for(self, env) -> LineDistance:
        """What ``env``'s range counts from: the drawn segment, the launch line ``standoff_m``
        behind it, or, for an authorized zone, the segments its authorization names."""
        key = self.launch_key(env)
        if key == ((), 0.0):
            return self.line_distance
        if key not in self._launch:
            if env.standoff_m:
                index = geodesic.line_index(env.launch_line)
            else:
                from .. import borders

                lines = [borders.get_segment(name).line for name in env.launch]
                index = geodesic.line_index(shapely.MultiLineString(lines))
            self._launch[key] = LineDistance(index, workers=self.line_distance.workers)
        return self._launch[key]

    def launch_key(self, env) -> tuple[tuple[str, ...], float]:
        """Envelopes with one key measure from the same launch geometry; ((), 0.0) is the drawn
        segment itself."""
        own = not env.launch or env.launch == (self.result.segment.name,)
        return (() if own else tuple(env.launch), round(env.standoff_m, 6))

    def country(self, iso3: str) -> BaseGeometry:
        if iso3 not in self._countries:
            from .. import borders

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
            key = (round(e.range_m, 6), e.clipped_to, self.launch_key(e))
            by_key.setdefault(key, []).append(i)
        groups = []
        for (range_m, clip, launch_key), members in by_key.items():
            geom = self.envelopes[members[0]].geometry
            if geom.is_empty:
                empty = shapely.Polygon()
                box = (0.0, 0.0, -1.0, -1.0)
                groups.append(_Group(range_m, clip, launch_key, members, empty, empty, empty, box))
                continue
            x0, y0, x1, y1 = geom.bounds
            top = min(89.9, max(abs(y0), abs(y1)) + 0.01)
            # No lon/lat degree spans less than 110,574 m * cos(lat), so a point more than eps
            # degrees from the boundary is more than margin_m metres from it, and vice versa.
            eps = self.margin_m / (110_574.0 * math.cos(math.radians(top)))
            outer, inner = geom.buffer(eps), geom.buffer(-eps)
            shapely.prepare(outer)
            shapely.prepare(inner)
            groups.append(
                _Group(range_m, clip, launch_key, members, geom, outer, inner, outer.bounds)
            )
        # Largest first within a clip and launch geometry: a smaller ring's candidates are the
        # larger one's hits.
        groups.sort(key=lambda g: (str(g.clip), g.launch_key, -g.range_m))
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
                and prev.launch_key == g.launch_key
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
            col: self.with_codes(flags[i], self.envelopes[i], code_ok, coded_for)
            for i, col in enumerate(self.columns)
        }

    def _exact(self, g: _Group, lon: np.ndarray, lat: np.ndarray) -> np.ndarray:
        hit = self.measure_for(self.envelopes[g.members[0]])(lon, lat) <= g.range_m
        if g.clip:
            hit &= self.in_country(g.clip, lon, lat)
        return hit

    @staticmethod
    def with_codes(mask, env, code_ok, coded_for) -> np.ndarray:
        """``mask``, also requiring a built-in set's own country code where ``env`` is clipped
        to the country the set was coded for."""
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
        """Inside flags straight from the rule, given exact distances to the segment (an
        envelope that counts from elsewhere, see :meth:`measure_for`, measures from there)."""
        lon, lat = np.asarray(lon, float), np.asarray(lat, float)
        launch: dict[tuple, np.ndarray] = {}
        hits = []
        for env in self.envelopes:
            d = distance_m
            key = self.launch_key(env)
            if key != ((), 0.0):
                if key not in launch:
                    launch[key] = self.measure_for(env)(lon, lat)
                d = launch[key]
            hits.append(d <= env.range_m)
        clip_rows: dict[str, np.ndarray] = {}
        for env, hit in zip(self.envelopes, hits, strict=True):
            if env.clipped_to:
                clip_rows[env.clipped_to] = clip_rows.get(env.clipped_to, False) | hit
        clip_masks = {}
        for iso3, any_hit in clip_rows.items():
            rows = np.flatnonzero(any_hit)
            m = np.zeros(len(lon), bool)
            m[rows] = self.in_country(iso3, lon[rows], lat[rows])
            clip_masks[iso3] = m
        out = {}
        for col, env, hit in zip(self.columns, self.envelopes, hits, strict=True):
            if env.clipped_to:
                hit = hit & clip_masks[env.clipped_to]
            out[col] = self.with_codes(hit, env, code_ok, coded_for)
        return out

    def distances(self, lon, lat) -> np.ndarray:
        lon = np.asarray(lon, float)
        if len(lon) == 0:
            return np.empty(0)
        return self.line_distance(lon, np.asarray(lat, float))
