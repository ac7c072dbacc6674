"""Visual encoding shared by every medium (HTML map, static PNG/SVG/PDF, KML), so a slide, a
browser and Google Earth tell the same story with the same colours and words.

Hue = weapon (Okabe-Ito, colour-blind safe); pattern = kind of reach: authorized reach is a solid,
opaque fill; claimed reach a light fill with a dashed edge; the spread between the lowest and
highest claim is hatched. The values match ``html.py`` (a test keeps them in step).
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass

#: Okabe & Ito (2008) colour-blind-safe palette, in the order weapons are assigned colours.
PALETTE = ("#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9")
RANGE_COLOUR = "#222222"  # a bare --range with no weapon
SEA = "#d5e1ea"
COUNTRY_FILL = {"target": "#f4efe6", "origin": "#ffffff", "other": "#e9e9e6"}
COUNTRY_EDGE = "#8f8f8f"
FALLBACK_NAMES = {"RUS": "Russia", "UKR": "Ukraine", "BLR": "Belarus"}

#: Fill opacity by kind of reach (the HTML map's values).
FILL_ALPHA = {"authorized": 0.5, "claimed": 0.13, "range": 0.04}
#: Legend wording, identical in every medium.
LEGEND = {
    "weapons": "Weapon (colour)",
    "reach": "Reach (pattern)",
    "territory": "Territory",
    "authorized": "Authorized reach: solid",
    "claimed": "Claimed reach: light, dashed edge",
    "band": "Spread of claims: hatched (lowest to highest report)",
    "range": "Range (no weapon)",
    "segment": "Border segment (launch line)",
}

MI = 1609.344


def weapon_colours(weapons) -> dict[str, str]:
    """Colour per weapon in order of first appearance, as the HTML map assigns them."""
    return {w: PALETTE[i % len(PALETTE)] for i, w in enumerate(dict.fromkeys(weapons))}


# --------------------------------------------------------------------------------------------
# words and numbers shown in every medium: the title, the ring labels, the summary table


def _fmt(x: float, digits: int = 1) -> str:
    text = f"{x:,.{digits}f}"
    return text[: -digits - 1] if digits and text.endswith("." + "0" * digits) else text


def _span_text(values, digits: int = 1) -> str:
    vals = sorted(set(values))
    lo, hi = _fmt(vals[0], digits), _fmt(vals[-1], digits)
    return lo if lo == hi else f"{lo}\u2013{hi}"


def miles_text(ranges_m) -> str:
    """'50 mi', or for a band '185\u2013200 mi'."""
    return f"{_span_text([r / MI for r in ranges_m])} mi"


def sig_text(x: float, figures: int = 3) -> str:
    """Round to significant figures with thousands separators: 123456 -> '123,000'."""
    if x == 0 or not math.isfinite(x):
        return "0"
    digits = figures - 1 - math.floor(math.log10(abs(x)))
    return f"{round(x, digits):,.{max(digits, 0)}f}"


def area_text(values) -> str:
    """'23,500 km\u00b2', or for a band '192,000\u2013225,000 km\u00b2'."""
    a, b = sig_text(min(values)), sig_text(max(values))
    return f"{a} km\u00b2" if a == b else f"{a}\u2013{b} km\u00b2"


def _percent(share: float) -> str:
    """A share as whole percents, never rounded up to a full 100 % nor down to 0 %."""
    pct = 100.0 * share
    if pct >= 100.0 - 1e-9:
        return "100"
    if pct <= 1e-9:
        return "0"
    if pct < 1.0:
        return "<1" if pct < 0.1 else f"{pct:.1f}"
    return f"{min(math.floor(pct + 0.5), 99):d}"


def share_text(lo: float, hi: float) -> str:
    """The authorized share of the claimed area: '100 %', '37\u201344 %', or '\u2014'."""
    if not (math.isfinite(lo) and math.isfinite(hi)):
        return "\u2014"
    a, b = _percent(min(lo, hi)), _percent(max(lo, hi))
    return f"{a} %" if a == b else f"{a}\u2013{b} %"


#: The summary table's column heads, identical in every medium.
SUMMARY_COLUMNS = ("claimed", "authorized", "authorized share of claimed")


def summary_cells(result) -> list[dict]:
    """Per weapon, the summary table's text, all from ``envelopes.summary_rows`` (the single
    source of these numbers): ``weapon``, ``claimed`` and ``claimed_range``, ``authorized`` and
    ``authorized_range``, ``share``."""
    from ..envelopes import EnvelopeSet, summary_rows

    if not isinstance(result, EnvelopeSet):  # a stand-in shaped like one
        result = EnvelopeSet(
            segment=getattr(result, "segment", None),
            envelopes=tuple(result.envelopes),
            as_of=getattr(result, "as_of", None),
            scenario=getattr(result, "scenario", None),
        )
    dated = result.scenario is not None and result.as_of is not None
    cells = []
    for row in summary_rows(result):
        ranges = list(row["claimed_ranges_m"])
        has_claim = bool(ranges)
        auth_m = row["authorized_range_m"]
        cell = {
            "weapon": row["weapon"],
            "claimed": area_text([row["claimed_km2_min"], row["claimed_km2_max"]])
            if has_claim
            else "\u2014",
            "claimed_range": miles_text(ranges) if has_claim else "",
            "authorized": area_text([row["authorized_km2"]]) if auth_m is not None else "\u2014",
            "authorized_range": miles_text([auth_m]) if auth_m is not None else "",
            "share": share_text(row["authorized_share_min"], row["authorized_share_max"])
            if has_claim
            else "\u2014",
        }
        if auth_m is None and has_claim and dated:
            # the scenario knows of no authorization for it on this date
            cell.update(authorized="none", authorized_range="not authorized", share="0 %")
        cells.append(cell)
    return cells


def segment_title_name(segment, names: Mapping[str, str] | None = None) -> str:
    """The segment as a title names it: 'Kharkiv' for ``kharkiv``; a name that is not one word
    ('ua-ru', a file's) as the border it lies on, 'Ukraine\u2013Russia'."""
    name = str(getattr(segment, "name", "") or "")
    if name.isalpha():
        return name[:1].upper() + name[1:]
    names = {**FALLBACK_NAMES, **(names or {})}
    origin, target = getattr(segment, "origin", None), getattr(segment, "target", None)
    if origin and target:
        return f"{names.get(origin, origin)}\u2013{names.get(target, target)}"
    return name or "border segment"


def default_title(result, names: Mapping[str, str] | None = None) -> str:
    """The map's title unless the user gives one, identical on the HTML map and the slide."""
    seg = getattr(result, "segment", None)
    if seg is None:
        return "Claimed vs authorized strike reach"
    return f"Claimed vs authorized strike reach from the {segment_title_name(seg, names)} border"


def lat_text(lat: float, fmt: str = "g") -> str:
    """A latitude with its hemisphere: '34°S', '49.8°N', '0°'."""
    text = format(abs(lat), fmt)
    if float(text) == 0:
        return f"{text}°"
    return f"{text}°{'N' if lat > 0 else 'S'}"


def lon_text(lon: float, fmt: str = "g") -> str:
    """A longitude with its hemisphere: '58°W', '35.6°E', '0°', '180°'."""
    lon = (lon + 180.0) % 360.0 - 180.0 if abs(lon) > 180 else lon
    text = format(abs(lon), fmt)
    if float(text) in (0, 180):
        return f"{text}°"
    return f"{text}°{'E' if lon > 0 else 'W'}"


def as_of_text(result) -> str:
    """'as of 2024-06-15', or with a date the reports do not state, 'as of 2024-11-06 (inferred
    start of deep-strikes)': the as-of date is a timeline entry's start whose basis is not
    "stated". Empty without an as-of date. Identical on the HTML map and the slide."""
    as_of = getattr(result, "as_of", None)
    if not as_of:
        return ""
    day = as_of.isoformat() if hasattr(as_of, "isoformat") else str(as_of)
    notes = []
    scenario = getattr(result, "scenario", None)
    for entry in getattr(scenario, "timeline", None) or ():
        start = getattr(entry, "start", None)
        basis = str(getattr(entry, "start_basis", "") or "")
        if start != as_of or basis == "stated":
            continue
        name = str(getattr(entry, "id", "") or "a timeline entry")
        note = f"{basis} start of {name}" if basis else f"start of {name}, date not stated"
        if note not in notes:
            notes.append(note)
    return f"as of {day}" + (f" ({'; '.join(notes)})" if notes else "")


def report_ids(envelopes) -> list[str]:
    """The ids of the reports behind ``envelopes`` (their claims and sources), sorted."""
    return sorted(
        {str(c.report_id) for e in envelopes for c in (e.claims or ()) if hasattr(c, "report_id")}
        | {str(s) for e in envelopes for s in (e.sources or ())}
    )


def report_note(scenario, report_id: str, *, cited: bool = True) -> str:
    """What a citation says of a report besides its id: 'Connell Media, 2024-06-01'; a report
    with no outlet by whom it cites and an unstated date as such: 'citing CNN, 2024-11-06, date
    inferred' (without ``cited``: '2024-11-06, date inferred'). Empty when the scenario does not
    know the report."""
    reports = getattr(scenario, "reports", None)
    rep = reports.get(report_id) if isinstance(reports, Mapping) else None
    if rep is None:
        return ""
    bits = []
    outlet = str(getattr(rep, "outlet", "") or "")
    sources = tuple(getattr(rep, "attributions", ()) or ())
    if outlet:
        bits.append(outlet)
    elif sources and cited:
        bits.append(f"citing {sources[0]}")
    date = getattr(rep, "date", None)
    if date:
        bits.append(str(date))
        basis = str(getattr(rep, "date_basis", "") or "")
        if basis and basis != "stated":
            bits.append(f"date {basis}")
    return ", ".join(bits)


def report_citations(result, envelopes, *, short: bool = False) -> list[str]:
    """'000_fc15\u2026 (Connell Media, 2024-06-01)' for every report behind ``envelopes``, each
    with its own outlet if it names one (``short``: by the numeric prefix, '000 (\u2026)', and
    without whom an outlet-less report cites)."""
    scenario = getattr(result, "scenario", None)
    reports = getattr(scenario, "reports", None)
    out = []
    for rid in report_ids(envelopes):
        rep = reports.get(rid) if isinstance(reports, Mapping) else None
        shown = str(getattr(rep, "short_id", "") or rid) if short else rid
        note = report_note(scenario, rid, cited=not short)
        out.append(f"{shown} ({note})" if note else shown)
    return out


def ring_labels(groups) -> list[dict]:
    """One label per distinct outer ring, so that labels never sit on top of each other.

    ``groups`` are the renderers' (weapon, kind) groups (``label``, ``kind``, ``weapon``,
    ``envs`` ascending by range); a group's label goes on its widest ring. Groups whose widest
    rings coincide share one label: the same weapon's claimed and authorized reach read
    "ATACMS: claimed 185\u2013200 mi, authorized to 200 mi" ("HIMARS: claimed and authorized
    50 mi" when they are the same range); weapons with the same reach are named together.
    Returns, ascending by range, dicts with ``text``, ``groups`` and ``range_m``."""
    rings: dict[float, list[dict]] = {}
    for g in groups:
        if g["envs"]:
            rings.setdefault(round(g["envs"][-1].range_m, 3), []).append(g)
    out = []
    for key in sorted(rings):
        gs = rings[key]
        # per weapon (or bare range), what is said of it on this ring
        said: dict[str, dict[str, list[float]]] = {}
        for g in gs:
            said.setdefault(g["label"], {})[g["kind"]] = [e.range_m for e in g["envs"]]
        phrases: dict[str, list[str]] = {}
        for who, kinds in said.items():
            c, a = kinds.get("claimed"), kinds.get("authorized")
            if c and a:
                same = sorted(set(c)) == sorted(set(a))
                phrase = (
                    f": claimed and authorized {miles_text(a)}"
                    if same
                    else f": claimed {miles_text(c)}, authorized to {miles_text(a)}"
                )
            else:
                kind, ranges = next(iter(kinds.items()))
                phrase = (
                    f" {miles_text(ranges)}" if kind == "range" else f" {kind} {miles_text(ranges)}"
                )
            phrases.setdefault(phrase, []).append(who)
        text = "; ".join(f"{', '.join(who)}{phrase}" for phrase, who in phrases.items())
        out.append({"text": text, "groups": gs, "range_m": gs[0]["envs"][-1].range_m})
    return out


def kml_colour(hex_rgb: str, alpha: float = 1.0) -> str:
    """'#0072B2', 0.5 -> '7fb27200': KML writes colours as aabbggrr."""
    h = hex_rgb.lstrip("#")
    r, g, b = h[0:2], h[2:4], h[4:6]
    a = max(0, min(255, int(alpha * 255)))
    return f"{a:02x}{b}{g}{r}".lower()


# --------------------------------------------------------------------------------------------
# targets: what lies within reach, counted by ``envelope.reach`` and told in the same words on
# every map. Nothing here decides membership: the flags and distances are the Reach's.

#: At most this many target markers are drawn (the nearest, plus the labelled largest cities);
#: the map says so when it leaves some out.
MAX_TARGET_MARKERS = 300
#: The most populous cities within reach that are named on the map.
TARGET_LABELS = 10
#: How many names a "claimed but not authorized" line quotes.
BRIEF_NAMES = 3
#: Marker shape by kind of target (matplotlib marker; the HTML map draws the same shapes).
TARGET_MARKERS = {"city": "o", "airfield": "^", "user": "D"}
TARGET_ORDER = ("city", "airfield", "user")
_NOUNS = {
    "city": ("city", "cities"),
    "airfield": ("airfield", "airfields"),
    "user": ("of your points", "of your points"),
}
TARGET_LEGEND = {"city": "City", "airfield": "Airfield", "user": "Your point"}


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
    """A targets.TargetSet from a TargetSet, or from (name, lon, lat) tuples, mappings or
    objects with name/lon/lat (as user points)."""
    import numpy as np

    from ..targets import TargetSet

    if isinstance(targets, TargetSet):
        return targets
    names, lons, lats = [], [], []
    if all(hasattr(targets, a) for a in ("name", "lon", "lat")) and not isinstance(
        targets, Mapping
    ):
        names = [str(n) for n in targets.name]
        lons = [float(x) for x in targets.lon]
        lats = [float(y) for y in targets.lat]
    else:
        for t in targets:
            if isinstance(t, Mapping):
                name, lon, lat = t.get("name", ""), t.get("lon"), t.get("lat")
            elif isinstance(t, (tuple, list)) and len(t) == 3:
                name, lon, lat = t
            else:
                name = getattr(t, "name", "")
                lon = getattr(t, "lon", getattr(t, "x", None))
                lat = getattr(t, "lat", getattr(t, "y", None))
            if lon is None or lat is None:
                raise ValueError(f"target {t!r} needs a name, lon and lat")
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


def countries_for(result, borders) -> dict | None:
    """The country polygons the reach rule needs, from the renderer's borders (so a map drawn
    on other borders classifies on them too); None to let ``envelope.reach`` load its own."""
    if borders is None or not hasattr(borders, "country"):
        return None
    isos = {e.clipped_to for e in result.envelopes if e.clipped_to}
    target = getattr(result.segment, "target", None)
    if target:
        isos.add(target)
    out = {}
    for iso in sorted(isos):
        try:
            out[iso] = borders.country(iso)
        except Exception:  # noqa: BLE001 - let reach report the missing country itself
            return None
    return out


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
    kinds: list[str]  # kinds of target given, in TARGET_ORDER
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


def _names_clause(names: list[str], limit: int = BRIEF_NAMES) -> str:
    shown = names[:limit]
    more = len(names) - len(shown)
    return _and(shown + ([f"{more:,} more"] if more > 0 else []))


def _miles(metres: float) -> str:
    text = f"{metres / MI:,.1f}"
    return (text[:-2] if text.endswith(".0") else text) + " mi"


def _sentence(w: str, as_of, auth, auth_names, cna_names, cna_by, kinds) -> str:
    """The briefing sentence: what the authorized zone holds, and what is claimed beyond it."""
    cna = sum(cna_by.values())
    verb = "is" if cna == 1 else "are"
    beyond = f"{_and(count_phrase(cna_by, kinds, zeros=False).split(', '))} {verb}"
    names = f": {_names_clause(cna_names)}" if cna_names else ""
    if auth:
        env, n, _ = auth[-1]
        zone = f"the authorized {w} zone ({_miles(env.range_m)})"
        if n == 0:
            first = f"Nothing lies inside {zone}"
        elif len(auth_names) == 1:
            first = f"{auth_names[0]} lies inside {zone}"
        else:
            first = f"{_names_clause(auth_names)} lie inside {zone}"
        if cna == 0:
            return f"{first}; no other target is within claimed {w} range."
        return f"{first}; {beyond} within claimed {w} range but outside it{names}."
    when = f" {as_of}" if as_of else ""  # as_of_text(result)
    if cna == 0:
        return f"Nothing is authorized for {w}{when}, and no target is within its claimed range."
    return f"Nothing is authorized for {w}{when}: {beyond} within claimed {w} range{names}."


def target_story(
    result,
    targets,
    *,
    borders=None,
    cap: int = MAX_TARGET_MARKERS,
    label_top: int = TARGET_LABELS,
) -> TargetStory | None:
    """Classify ``targets`` (a TargetSet, a Reach or points) with ``envelope.reach`` and gather
    what a map shows of them; None when there are no targets."""
    from .. import reach as rch

    if targets is None:
        return None
    if isinstance(targets, rch.Reach):
        r = targets
    else:
        tset = as_target_set(targets)
        r = rch.reach(result, tset, countries=countries_for(result, borders))
    t = r.targets
    kinds_of_set = dict(zip(t.row_sources(), t.row_kinds(), strict=True))
    row_kinds = t.row_kinds()
    present = set(row_kinds)
    kinds = [k for k in TARGET_ORDER if k in present] + sorted(present - set(TARGET_ORDER))
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
                sentence=_sentence(
                    w, as_of_text(r.result), auth, auth_names, cna_names, cna_by, kinds
                ),
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


def group_envelopes(envelopes) -> list[dict]:
    """One group per (weapon, kind), ranges ascending; a group with several ranges is a band.

    Shared so that the HTML map and the slide draw the same bands."""
    groups: dict[tuple, dict] = {}
    for env in envelopes:
        key = (env.weapon or env.name, env.kind) if env.kind != "range" else (env.name, "range")
        groups.setdefault(
            key, {"label": key[0], "kind": env.kind, "weapon": env.weapon, "envs": []}
        )
        groups[key]["envs"].append(env)
    for g in groups.values():
        g["envs"].sort(key=lambda e: (e.range_m, e.name))
    return list(groups.values())
