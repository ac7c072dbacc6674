"""A reach result: targets with exact distances and inside flags, and the counts and lists a
briefing asks for."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

import numpy as np

from ..targets import BadRow, TargetSet
from ..units import METRES_PER_MILE
from .authorization import STATES, authorization_columns, excluded_classes
from .classify import RULE


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
        return self.result.segment.target or "target_country"

    def envelope_columns(self) -> list[tuple[str, object]]:
        return list(zip(self.inside, self.envelopes, strict=True))

    def within_any(self) -> np.ndarray:
        out = np.zeros(len(self.targets), bool)
        for m in self.inside.values():
            out |= m
        return out

    def authorization(self) -> dict[str, np.ndarray]:
        """``authorized``, ``outside_every_authorization`` and ``authorization`` per target."""
        return authorization_columns(self.envelopes, self.inside, self.targets.row_kinds())

    def authorization_counts(self) -> list[dict]:
        """How many targets of each set fall in each authorization state."""
        words = self.authorization()["authorization"]
        srcs = np.asarray(self.targets.row_sources(), dtype=object)
        out = []
        for src in dict.fromkeys(srcs.tolist()):
            mine = words[srcs == src]
            out += [
                {"set": src, "authorization": s, "count": int((mine == s).sum())} for s in STATES
            ]
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
            row = {"envelope": env.name, **_envelope_fields(col, env)}
            del row["name"], row["excluded_classes"], row["authorization_status"]
            row |= {"count": int(m.sum()), "by_set": by_set}
            rows.append(row | {"names": [self.targets.name[i] for i in idx]})
        return rows

    def claimed_not_authorized(self) -> list[dict]:
        """Per weapon: inside its largest claimed envelope but outside every authorized zone
        certainly in force (a zone that only may be in force does not count as authorized)."""
        out = []
        cols = self.envelope_columns()
        order = np.argsort(self.distance_m, kind="stable")
        srcs = self.targets.row_sources()
        for w in self.result.weapons():
            claimed = [(c, e) for c, e in cols if e.weapon == w and e.kind == "claimed"]
            if not claimed:
                continue
            c_col, c_env = max(claimed, key=lambda ce: ce[1].range_m)
            auth = [
                (c, e)
                for c, e in cols
                if e.weapon == w
                and e.kind == "authorized"
                and e.authorization_status != "uncertain"
            ]
            mask = self.inside[c_col].copy()
            for a_col, _ in auth:
                mask &= ~self.inside[a_col]
            idx = order[mask[order]]
            by_set: dict[str, int] = {}
            for i in idx:
                by_set[srcs[i]] = by_set.get(srcs[i], 0) + 1
            out.append(
                {
                    "weapon": w,
                    "claimed": c_env.name,
                    "authorized": "; ".join(e.name for _, e in auth) if auth else None,
                    "count": int(mask.sum()),
                    "by_set": by_set,
                    "names": [self.targets.name[i] for i in idx],
                }
            )
        return out

    def header(self) -> list[str]:
        """The columns of :meth:`rows`, also when there are no rows."""
        core = ["name", "set", "kind", "lon", "lat", "distance_km", "distance_mi"]
        core += [f"in_{self.target_country}", *self.inside]
        core += ["authorized", "outside_every_authorization", "authorization"]
        return core + [c if c not in core else f"{c} (input)" for c in self.targets.columns]

    def rows(self, only: np.ndarray | None = None) -> Iterable[dict]:
        """One flat record per target (CSV/JSON/GeoJSON properties)."""
        t = self.targets
        srcs, kinds = t.row_sources(), t.row_kinds()
        core = ["name", "set", "kind", "lon", "lat", "distance_km", "distance_mi"]
        auth = self.authorization()
        core += [f"in_{self.target_country}", *self.inside, *auth]
        extra = {(c if c not in core else f"{c} (input)"): v for c, v in t.columns.items()}
        km = np.round(self.distance_m / 1000.0, 4)
        mi = np.round(self.distance_m / METRES_PER_MILE, 4)
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
            row["authorized"] = bool(auth["authorized"][i])
            row["outside_every_authorization"] = bool(auth["outside_every_authorization"][i])
            row["authorization"] = auth["authorization"][i]
            for c, v in extra.items():
                row[c] = v[i]
            yield row

    def metadata(self) -> dict:
        res = self.result
        seg = res.segment
        return {
            "generator": "envelope reach",
            "segment": seg.name,
            "target_country": seg.target,
            "as_of": res.as_of.isoformat() if res.as_of else None,
            "envelopes": [_envelope_fields(c, e) for c, e in self.envelope_columns()],
            "rule": RULE,
            "distances": "geodesic on WGS84 (GeographicLib via pyproj), exact to < 1 mm",
            "sources": [p.as_dict() for p in self.targets.provenances()],
            "targets": len(self.targets),
            "bad_rows": {
                "count": sum(self.bad_counts.values()),
                "first": [str(b) for b in self.bad_rows],
            },
        }


def _envelope_fields(column: str, env) -> dict:
    """What every output says about an envelope beside its counts."""
    return {
        "name": env.name,
        "column": column,
        "kind": env.kind,
        "weapon": env.weapon,
        "range_km": round(env.range_m / 1000.0, 3),
        "range_mi": round(env.range_m / METRES_PER_MILE, 3),
        "clipped_to": env.clipped_to,
        "excluded_classes": list(excluded_classes(env)),
        "authorization_status": env.authorization_status,
    }
