"""What lies within reach, ready for a map: markers, counts and the briefing sentences, told in the
same words on every medium. Nothing here decides membership: the flags and distances are
``envelope.reach``'s."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from ..units import format_distance
from . import theme

_NOUNS = {
    "city": ("city", "cities"),
    "airfield": ("airfield", "airfields"),
    "user": ("of your points", "of your points"),
}


def noun(kind: str, n: int) -> str:
    """'1 city', '13 airfields', '2 of your points'."""
    one, many = _NOUNS.get(kind, (f"{kind} point", f"{kind} points"))
    return f"{n:,} {one if n == 1 else many}"


def _and(items: list[str]) -> str:
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " and " + items[-1]


def count_phrase(by_kind: dict[str, int], kinds, *, zeros: bool = True) -> str:
    """'40 cities, 13 airfields, 2 of your points' over the kinds given (zeros kept or not)."""
    parts = [noun(k, by_kind.get(k, 0)) for k in kinds if zeros or by_kind.get(k, 0)]
    return ", ".join(parts) if parts else "none"


def band_phrase(entries, kinds) -> str:
    """Per kind, the band of counts over (envelope, count, by kind) entries: '44\u201358 cities,
    8\u201311 airfields'."""
    parts = []
    for k in kinds:
        vals = [by.get(k, 0) for _, _, by in entries]
        lo, hi = min(vals), max(vals)
        one, many = _NOUNS.get(k, (f"{k} point", f"{k} points"))
        parts.append(
            f"{lo:,} {one if lo == hi == 1 else many}" if lo == hi else f"{lo:,}\u2013{hi:,} {many}"
        )
    return ", ".join(parts)


def as_target_set(targets):
    """A targets.TargetSet from a TargetSet, or from (name, lon, lat) tuples or mappings with
    name, lon and lat (as user points)."""
    import numpy as np

    from ..targets import TargetSet

    if isinstance(targets, TargetSet):
        return targets
    names, lons, lats = [], [], []
    for t in targets:
        if isinstance(t, Mapping):
            name, lon, lat = t.get("name", ""), t.get("lon"), t.get("lat")
        elif isinstance(t, (tuple, list)) and len(t) == 3:
            name, lon, lat = t
        else:
            name = lon = lat = None
        if lon is None or lat is None:
            raise ValueError(f"target {t!r} needs a name, lon and lat: give (name, lon, lat)")
        names.append(str(name))
        lons.append(float(lon))
        lats.append(float(lat))
    return TargetSet(
        source="points",
        kind="user",
        name=names,
        lon=np.array(lons, float),
        lat=np.array(lats, float),
        rows_read=len(names),
    )


@dataclass
class WeaponTargets:
    """One weapon's counts: per claimed and authorized envelope, and claimed-not-authorized."""

    weapon: str
    claimed: list[tuple[object, int, dict[str, int]]]  # (envelope, count, by kind), by range
    authorized: list[tuple[object, int, dict[str, int]]]
    not_authorized: int
    not_authorized_by_kind: dict[str, int]
    not_authorized_names: list[str]  # largest cities first, then nearest first
    authorized_names: list[str]  # inside the widest authorized envelope, largest cities first
    sentence: str


@dataclass
class TargetStory:
    """What lies within reach, ready for a map: markers, counts and the briefing sentences."""

    reach: object  # envelope.reach.Reach
    markers: list[dict]  # map_targets items drawn, nearest first
    within: int  # targets inside the largest envelope (all of map_targets)
    total: int  # targets given
    kinds: list[str]  # kinds of target given, in the theme's order
    per_envelope: dict[int, dict[str, int]]  # id(envelope) -> count by kind
    weapons: list[WeaponTargets]
    note: str | None  # "showing the 300 nearest of 1,234 targets within reach"
    sources: list[str]  # provenance lines of the target sets
    credits: list[str]  # the attributions their licences ask for (short)

    def envelope_phrase(self, env) -> str:
        return count_phrase(self.per_envelope.get(id(env), {}), self.kinds) + " inside"

    def band(self, counts: list[int]) -> str:
        if not counts:
            return "\u2014"
        lo, hi = min(counts), max(counts)
        return f"{lo:,}" if lo == hi else f"{lo:,}\u2013{hi:,}"


def _largest_first(names: list[str], population: dict[str, int]) -> list[str]:
    """Cities by population (largest first), then the others in their given order."""
    return sorted(names, key=lambda n: (0, -population[n]) if n in population else (1, 0))


def _names_clause(names: list[str], limit: int | None = None) -> str:
    limit = theme.targets()["brief_names"] if limit is None else limit
    shown = names[:limit]
    more = len(names) - len(shown)
    return _and(shown + ([f"{more:,} more"] if more > 0 else []))


def _miles(metres: float) -> str:
    return format_distance(metres).split(" (")[0]


def _sentence(w: str, as_of, auth, auth_names, cna_names, cna_by, kinds) -> str:
    """The briefing sentence: what the authorized zone holds, and what is claimed beyond it."""
    cna = sum(cna_by.values())
    verb = "is" if cna == 1 else "are"
    beyond = f"{_and(count_phrase(cna_by, kinds, zeros=False).split(', '))} {verb}"
    names = f": {_names_clause(cna_names)}" if cna_names else ""
    if auth:
        env, n, _ = auth[-1]
        zone = f"the authorized {w} zone ({_miles(env.range_m)})"
        if env.authorization_status == "uncertain":  # never told as certain
            zone = f"the {w} zone that may be authorized ({_miles(env.range_m)})"
        if n == 0:
            first = f"Nothing lies inside {zone}"
        elif len(auth_names) == 1:
            first = f"{auth_names[0]} lies inside {zone}"
        else:
            first = f"{_names_clause(auth_names)} lie inside {zone}"
        if cna == 0:
            return f"{first}; no other target is within claimed {w} range."
        return f"{first}; {beyond} within claimed {w} range but outside it{names}."
    when = f" {as_of}" if as_of else ""
    if cna == 0:
        return f"Nothing is authorized for {w}{when}, and no target is within its claimed range."
    return f"Nothing is authorized for {w}{when}: {beyond} within claimed {w} range{names}."


def target_story(
    result,
    targets,
    *,
    as_of: str = "",
    cap: int | None = None,
    label_top: int | None = None,
) -> TargetStory | None:
    """Classify ``targets`` (a TargetSet, a Reach or points) with ``envelope.reach`` and gather
    what a map shows of them; None when there are no targets."""
    from .. import reach as rch

    cap = theme.targets()["max_markers"] if cap is None else cap
    label_top = theme.targets()["labels"] if label_top is None else label_top
    if targets is None:
        return None
    if isinstance(targets, rch.Reach):
        r = targets
    else:
        tset = as_target_set(targets)
        r = rch.reach(result, tset)
    t = r.targets
    kinds_of_set = dict(zip(t.row_sources(), t.row_kinds(), strict=True))
    row_kinds = t.row_kinds()
    present = set(row_kinds)
    order = theme.targets()["order"]
    kinds = [k for k in order if k in present] + sorted(present - set(order))
    population: dict[str, int] = {}
    pop_col = t.columns.get("population")
    if pop_col is not None:
        for name, kind, p in zip(t.name, row_kinds, pop_col, strict=True):
            try:
                v = int(float(p))
            except (TypeError, ValueError):
                continue
            if kind == "city":
                population[name] = max(v, population.get(name, 0))

    def by_kind(by_set: dict[str, int]) -> dict[str, int]:
        out: dict[str, int] = {}
        for s, n in by_set.items():
            k = kinds_of_set.get(s, "user")
            out[k] = out.get(k, 0) + n
        return out

    counts = r.counts()
    per_env = {id(e): by_kind(c["by_set"]) for e, c in zip(r.envelopes, counts, strict=True)}
    rows = {id(e): c for e, c in zip(r.envelopes, counts, strict=True)}
    cna = {c["weapon"]: c for c in r.claimed_not_authorized()}
    weapons = []
    for w in r.result.weapons():

        def entries(kind, w=w):
            envs = sorted(
                (e for e in r.envelopes if e.weapon == w and e.kind == kind),
                key=lambda e: (e.range_m, e.name),
            )
            return [(e, rows[id(e)]["count"], per_env[id(e)]) for e in envs]

        claimed, auth = entries("claimed"), entries("authorized")
        c = cna.get(w, {"count": 0, "by_set": {}, "names": []})
        cna_names = _largest_first(list(dict.fromkeys(c["names"])), population)
        auth_names = (
            _largest_first(list(dict.fromkeys(rows[id(auth[-1][0])]["names"])), population)
            if auth
            else []
        )
        cna_by = by_kind(c["by_set"])
        weapons.append(
            WeaponTargets(
                weapon=w,
                claimed=claimed,
                authorized=auth,
                not_authorized=c["count"],
                not_authorized_by_kind=cna_by,
                not_authorized_names=cna_names,
                authorized_names=auth_names,
                sentence=_sentence(w, as_of, auth, auth_names, cna_names, cna_by, kinds),
            )
        )
    items = rch.map_targets(r, label_top=label_top)
    drawn = items[:cap] + [m for m in items[cap:] if m["label"]]
    note = None
    if len(drawn) < len(items):
        note = (
            f"showing the {min(cap, len(items)):,} nearest of {len(items):,} targets within "
            "reach" + (" and the largest cities" if len(drawn) > cap else "")
        )
    return TargetStory(
        reach=r,
        markers=drawn,
        within=len(items),
        total=len(t),
        kinds=kinds,
        per_envelope=per_env,
        weapons=weapons,
        note=note,
        sources=[p.text() for p in t.provenances()],
        credits=list(dict.fromkeys(p.attribution for p in t.provenances() if p.attribution)),
    )
