"""Claims from the news reports, the weapon profiles and authorization timeline built on them.

Everything the tool knows about ranges and permissions comes from TOML records in ``seeds/``
(one per report, plus ``scenario.toml``); ``seeds/README.md`` documents the schema. This module
loads and validates those files (or a user's scenario file in the same schema), and answers the
questions the CLI and the envelope builder ask: which weapons exist and how far they reach, what
was authorized on a given day, and where the reports disagree.

Disagreement is data: ranges are kept as bands of distinct claimed values, never averaged, and
:func:`conflicts` lists every point on which the reports differ.

All functions are pure; nothing here holds global mutable state.
"""

from __future__ import annotations

import csv
import datetime as dt
import difflib
import io
import json
import math
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, NoReturn

try:  # Python 3.11+
    import tomllib
except ModuleNotFoundError:  # pragma: no cover - Python 3.10
    import tomli as tomllib  # type: ignore[no-redef]

from .errors import EnvelopeError
from .units import METRES_PER, Distance, format_distance, parse_distance

__all__ = [
    "Authorization",
    "Claim",
    "Conflict",
    "Report",
    "Scenario",
    "WeaponProfile",
    "authorization_as_of",
    "authorized_range_m",
    "claims_table",
    "conflicts",
    "conflicts_table",
    "find_weapon",
    "format_rows",
    "format_table",
    "latest_date",
    "load_report",
    "load_scenario",
    "parse_iso_date",
    "timeline_table",
    "weapons_table",
]

SCHEMA_VERSION = 1
SCENARIO_FILE = "scenario.toml"

#: What a claim measures. Distance measures carry value + unit; ``count`` a value and a free
#: unit; ``event_date`` a (possibly month- or year-precision) date; ``authorization`` a status.
DISTANCE_MEASURES = ("weapon_range", "authorized_depth", "place_distance")
MEASURES = (*DISTANCE_MEASURES, "count", "event_date", "authorization")
SPEAKERS = ("report", "named_official", "anonymous_official", "anonymous_source", "other", "user")
STATUSES = ("allowed", "prohibited")
DATE_BASES = ("stated", "derived", "inferred")
ALL = "*"  # in timeline weapons: every weapon of the entry's supplier; in segments: every segment

#: Two distances closer than this (relative) count as the same claim value.
SAME_VALUE_RTOL = 1e-6


# --------------------------------------------------------------------------------------------
# The model


@dataclass(frozen=True)
class Report:
    """One news report (a seed file), as far as its text tells who published it and when.

    ``date`` is the publication date; ``date_basis`` says whether the text states it or it was
    inferred (``date_note`` gives the reasoning; for an inferred date it is the earliest day
    consistent with the text, and ``date_latest`` the latest where the text bounds it).
    User sources may have no date (``None``, basis ``"unknown"``).
    """

    id: str
    title: str
    outlet: str
    byline: str
    attributions: tuple[str, ...]
    date: dt.date | None
    date_basis: str
    date_note: str
    outlet_note: str = ""
    date_latest: dt.date | None = None
    user: bool = False  # True for sources defined in a user's scenario file

    @property
    def short_id(self) -> str:
        """The numeric prefix of a seed id ("000"), or the whole id."""
        return _short(self.id)


@dataclass(frozen=True)
class Claim:
    """One figure, date or permission a report states, located by paragraph.

    ``paragraph`` counts the non-empty lines of the seed file from 1 (0 = not located, only for
    user sources). ``quote`` is a few words around the figure, verbatim.
    """

    report_id: str
    id: str
    measure: str
    subject: str
    value: float | None
    unit: str | None
    qualifier: str
    speaker: str
    paragraph: int
    quote: str
    summary: str
    speaker_role: str = ""
    status: str | None = None  # authorization claims: "allowed" | "prohibited"
    scope: str = ""  # authorization claims: "kharkiv", "deep", "all", ...
    reference: str = ""  # place_distance: distance from what ("Russian border")
    date: dt.date | None = None  # event_date claims
    date_precision: str = ""  # "day" | "month" | "year"
    date_basis: str = ""  # event_date: "stated" | "derived" | "inferred"
    as_of: dt.date | None = None  # the day an authorization claim speaks for, if not its report's
    as_of_basis: str = ""
    as_of_note: str = ""
    note: str = ""

    @property
    def ref(self) -> str:
        """The citation key used in scenario files: ``REPORT#CLAIM``."""
        return f"{self.report_id}#{self.id}"

    @property
    def distance(self) -> Distance | None:
        """The claimed distance, for distance measures; ``None`` otherwise."""
        if self.value is None or self.unit is None or self.unit not in METRES_PER:
            return None
        return Distance.of(self.value, self.unit)

    @property
    def metres(self) -> float | None:
        d = self.distance
        return None if d is None else d.metres

    @property
    def date_label(self) -> str:
        """An event date at its precision: "2024-05-10", "2024-03" or "2022"."""
        if self.date is None:
            return ""
        return _date_label(self.date, self.date_precision)

    @property
    def display(self) -> str:
        """The claim's content in one short phrase, for tables."""
        if self.distance is not None:
            return format_distance(self.distance.metres)
        if self.measure == "event_date":
            return self.date_label
        if self.measure == "authorization":
            return f"{self.status} ({self.scope})" if self.scope else str(self.status)
        if self.value is not None:
            return f"{self.value:g} {self.unit or ''}".strip()
        return ""


@dataclass(frozen=True)
class WeaponProfile:
    """A weapon and the range claims behind it. Its reach is the band the claims span."""

    name: str
    aliases: tuple[str, ...]
    claims: tuple[Claim, ...]
    supplier: str = "US"
    note: str = ""

    @property
    def edges(self) -> tuple[float, ...]:
        """Sorted distinct claimed ranges in metres (the band's edges and every value inside)."""
        return _distinct(c.metres for c in self.claims if c.metres is not None)

    @property
    def min_m(self) -> float:
        return self.edges[0]

    @property
    def max_m(self) -> float:
        return self.edges[-1]

    @property
    def sources(self) -> tuple[str, ...]:
        return tuple(sorted({c.report_id for c in self.claims}))

    @property
    def band_label(self) -> str:
        """ "185–200 mi (297.7–321.9 km)", or one distance when all claims agree."""
        return _band_label(self.min_m, self.max_m)

    def matches(self, name: str) -> bool:
        key = name.strip().casefold()
        return key == self.name.casefold() or key in (a.casefold() for a in self.aliases)


@dataclass(frozen=True)
class Authorization:
    """One timeline entry: from ``start`` on, ``weapons`` may strike inside Russia from
    ``segments`` up to ``depth_m`` (``None`` = no depth limit, the weapon's full reach).

    ``weapons`` may be ``("*",)``: every weapon whose supplier is ``supplier`` (US-supplied by
    default), minus ``excluded``. An entry supersedes earlier entries for the weapons and segments
    it covers. ``allowed=False`` entries record a prohibition (a revocation). ``dissent`` lists
    claims that contradict the entry; they are kept, not dropped.
    """

    id: str
    start: dt.date
    start_basis: str
    weapons: tuple[str, ...]
    excluded: tuple[str, ...]
    depth_m: float | None
    segments: tuple[str, ...]
    claims: tuple[Claim, ...]
    summary: str
    start_note: str = ""
    dissent: tuple[Claim, ...] = ()
    allowed: bool = True
    supplier: str = "US"

    @property
    def sources(self) -> tuple[str, ...]:
        return tuple(sorted({c.report_id for c in self.claims}))

    @property
    def depth(self) -> Distance | None:
        return None if self.depth_m is None else Distance.of(self.depth_m, "m")

    def covers_weapon(self, weapon: WeaponProfile) -> bool:
        if any(weapon.matches(x) for x in self.excluded):
            return False
        if any(weapon.matches(w) for w in self.weapons):
            return True
        return ALL in self.weapons and weapon.supplier.casefold() == self.supplier.casefold()

    def covers_segment(self, segment: str) -> bool:
        return ALL in self.segments or segment.strip().casefold() in self.segments


@dataclass(frozen=True)
class Conflict:
    """A point on which the claims disagree; all of them are kept."""

    topic: str
    claims: tuple[Claim, ...]
    summary: str
    kind: str = ""  # "range" | "distance" | "depth" | "date" | "authorization"

    @property
    def sources(self) -> tuple[str, ...]:
        return tuple(sorted({c.report_id for c in self.claims}))


@dataclass(frozen=True, eq=False)
class Scenario:
    """Reports, their claims, the weapon profiles and the timeline (sorted by start).

    Compared and hashed by identity (it holds dicts), so it can sit in frozen dataclasses.
    """

    reports: dict[str, Report]
    claims: tuple[Claim, ...]
    weapons: tuple[WeaponProfile, ...]
    timeline: tuple[Authorization, ...]
    source: str = "packaged"  # where the scenario came from: "packaged" or the user's path
    title: str = ""
    claim_index: dict[str, Claim] = field(default_factory=dict, repr=False, compare=False)

    def claim(self, ref: str) -> Claim:
        """The claim cited as ``REPORT#CLAIM`` (``REPORT`` may be the short id, e.g. "000")."""
        return _resolve_ref(ref, self.claim_index, self.reports, _Ctx(self.source), "ref")


# --------------------------------------------------------------------------------------------
# Queries


def find_weapon(scenario: Scenario, name: str | WeaponProfile) -> WeaponProfile:
    """The profile named ``name`` or one of its aliases, case-insensitively."""
    if isinstance(name, WeaponProfile):
        return name
    for weapon in scenario.weapons:
        if weapon.matches(str(name)):
            return weapon
    known = ", ".join(w.name for w in scenario.weapons) or "none"
    raise EnvelopeError(f"unknown weapon {str(name)!r}; known weapons: {known}")


def authorization_as_of(
    scenario: Scenario, weapon: str | WeaponProfile, as_of: dt.date, segment: str = "kharkiv"
) -> Authorization | None:
    """The timeline entry in force for ``weapon`` on ``segment`` on ``as_of``.

    The latest-starting entry on or before ``as_of`` that covers the weapon and the segment wins
    (ties: the one listed later). ``None`` means not authorized inside Russia: no entry covers it
    yet, or the one in force is a prohibition.
    """
    profile = find_weapon(scenario, weapon)
    as_of = _as_date(as_of)
    current: Authorization | None = None
    for entry in scenario.timeline:  # sorted by start, stable
        if entry.start > as_of:
            break
        if entry.covers_weapon(profile) and entry.covers_segment(segment):
            current = entry
    return current if current is not None and current.allowed else None


def authorized_range_m(
    scenario: Scenario, weapon: str | WeaponProfile, as_of: dt.date, segment: str = "kharkiv"
) -> float | None:
    """How far ``weapon`` may strike into Russia from ``segment`` on ``as_of``, in metres.

    ``min(depth limit, weapon's maximum claimed reach)``. With no depth limit the authorized
    reach is the upper edge of the claimed band (the weapon may be used to its full reach, and
    the largest claimed range is the most any report says that is). ``None`` if not authorized.
    """
    profile = find_weapon(scenario, weapon)
    entry = authorization_as_of(scenario, profile, as_of, segment)
    if entry is None:
        return None
    if entry.depth_m is None:
        return profile.max_m
    return min(entry.depth_m, profile.max_m)


def latest_date(scenario: Scenario) -> dt.date:
    """The latest date the scenario knows: report dates and timeline starts (a default --as-of)."""
    dates = [r.date for r in scenario.reports.values() if r.date is not None]
    dates += [e.start for e in scenario.timeline]
    if not dates:
        raise EnvelopeError(f"{scenario.source}: the scenario has no dates; pass --as-of")
    return max(dates)


def conflicts(scenario: Scenario) -> list[Conflict]:
    """Every point on which claims disagree.

    * ``range``: a weapon's range claims differ (e.g. ATACMS 185 / 190 / 200 mi);
    * ``distance``: a place's distance to the same reference differs (Kharkiv–border 12 mi / 30 km);
    * ``depth``: authorized depths in force in the same timeline period differ;
    * ``authorization``: "allowed" vs "prohibited" for the same subject in the same timeline
      period (a claim's period is the timeline entry in force on its ``as_of`` date, else on its
      report's date; claims with neither are left out);
    * ``date``: incompatible dates for the same event.

    Distances within a relative 1e-6 are the same value.
    """
    found: list[Conflict] = []
    claims = scenario.claims

    by_weapon: dict[str, list[Claim]] = {}
    for c in claims:
        if c.measure == "weapon_range":
            by_weapon.setdefault(_weapon_key(scenario, c.subject), []).append(c)
    for name, group in by_weapon.items():
        if len(_distinct(c.metres for c in group)) > 1:
            found.append(
                Conflict(
                    f"{name} range",
                    tuple(group),
                    f"{_values_summary(group)}; kept as a band, not averaged",
                    "range",
                )
            )

    by_place: dict[tuple[str, str], list[Claim]] = {}
    for c in claims:
        if c.measure == "place_distance":
            key = (c.subject.casefold(), c.reference.casefold())
            by_place.setdefault(key, []).append(c)
    for group in by_place.values():
        if len(_distinct(c.metres for c in group)) > 1:
            ref = f" to {group[0].reference}" if group[0].reference else ""
            found.append(
                Conflict(
                    f"{group[0].subject} distance{ref}",
                    tuple(group),
                    _values_summary(group),
                    "distance",
                )
            )

    by_period: dict[tuple[str, str], list[Claim]] = {}
    for c in claims:
        if c.measure in ("authorized_depth", "authorization"):
            period = _period(scenario, c)
            if period is not None:
                by_period.setdefault((c.measure, period), []).append(c)
    for (measure, period), group in by_period.items():
        if measure != "authorized_depth" or len(_distinct(c.metres for c in group)) < 2:
            continue
        found.append(
            Conflict(f"authorized depth ({period})", tuple(group), _values_summary(group), "depth")
        )
    for (measure, period), group in by_period.items():
        if measure != "authorization":
            continue
        by_subject: dict[str, list[Claim]] = {}
        for c in group:
            by_subject.setdefault(_weapon_key(scenario, c.subject), []).append(c)
        for subject, sub in by_subject.items():
            statuses = {c.status for c in sub}
            if len(statuses) > 1:
                parts = [
                    f"{s}: {_refs([c for c in sub if c.status == s])}"
                    for s in STATUSES
                    if s in statuses
                ]
                found.append(
                    Conflict(
                        f"{subject} authorized ({period})",
                        tuple(sub),
                        "; ".join(parts),
                        "authorization",
                    )
                )

    by_event: dict[str, list[Claim]] = {}
    for c in claims:
        if c.measure == "event_date" and c.date is not None:
            by_event.setdefault(c.subject.casefold(), []).append(c)
    for group in by_event.values():
        if not _dates_compatible(group):
            labels: dict[str, list[Claim]] = {}
            for c in group:
                labels.setdefault(c.date_label, []).append(c)
            found.append(
                Conflict(
                    f"{group[0].subject}: date",
                    tuple(group),
                    " vs ".join(f"{k} ({_refs(v)})" for k, v in labels.items()),
                    "date",
                )
            )
    return found


# --------------------------------------------------------------------------------------------
# Flat rows and formatting for the CLI

CLAIM_COLUMNS = (
    "report_id",
    "outlet",
    "date",
    "claim",
    "measure",
    "subject",
    "value",
    "unit",
    "qualifier",
    "speaker",
    "paragraph",
    "metres",
    "display",
)


def claims_table(scenario: Scenario) -> list[dict]:
    """One JSON-ready row per claim (dates as ISO strings, metres ``None`` for non-distances)."""
    rows = []
    for c in scenario.claims:
        report = scenario.reports[c.report_id]
        metres = c.metres
        rows.append(
            {
                "report_id": c.report_id,
                "outlet": report.outlet,
                "date": report.date.isoformat() if report.date else "",
                "claim": c.id,
                "measure": c.measure,
                "subject": c.subject,
                "value": c.value,
                "unit": c.unit,
                "qualifier": c.qualifier,
                "speaker": c.speaker,
                "paragraph": c.paragraph,
                "metres": None if metres is None else round(metres, 6),
                "display": c.display,
            }
        )
    return rows


def weapons_table(scenario: Scenario) -> list[dict]:
    """One row per weapon profile: its band and the claims behind it."""
    return [
        {
            "weapon": w.name,
            "aliases": ", ".join(w.aliases),
            "supplier": w.supplier,
            "min_m": round(w.min_m, 6),
            "max_m": round(w.max_m, 6),
            "band": w.band_label,
            "claims": ", ".join(_short_ref(c) for c in w.claims),
            "sources": ", ".join(_short(s) for s in w.sources),
        }
        for w in scenario.weapons
    ]


def timeline_table(scenario: Scenario) -> list[dict]:
    """One row per timeline entry, oldest first."""
    rows = []
    for e in scenario.timeline:
        weapons = ", ".join(e.weapons)
        if e.excluded:
            weapons += " except " + ", ".join(e.excluded)
        rows.append(
            {
                "id": e.id,
                "start": e.start.isoformat(),
                "start_basis": e.start_basis,
                "allowed": e.allowed,
                "weapons": weapons,
                "segments": ", ".join(e.segments),
                "depth_m": None if e.depth_m is None else round(e.depth_m, 6),
                "depth": "full reach" if e.depth_m is None else format_distance(e.depth_m),
                "sources": ", ".join(_short(s) for s in e.sources),
                "dissent": ", ".join(_short_ref(c) for c in e.dissent),
                "summary": e.summary,
            }
        )
    return rows


def conflicts_table(scenario: Scenario) -> list[dict]:
    """One row per conflict."""
    return [
        {
            "kind": k.kind,
            "topic": k.topic,
            "sources": ", ".join(_short(s) for s in k.sources),
            "summary": k.summary,
            "claims": ", ".join(_short_ref(c) for c in k.claims),
        }
        for k in conflicts(scenario)
    ]


def format_table(rows: Sequence[Mapping[str, Any]], columns: Sequence[str] | None = None) -> str:
    """Rows as a plain fixed-width text table (no trailing spaces)."""
    if not rows:
        return ""
    columns = list(columns or rows[0].keys())
    cells = [[_cell(row.get(col)) for col in columns] for row in rows]
    widths = [max(len(col), *(len(r[i]) for r in cells)) for i, col in enumerate(columns)]
    lines = [columns, ["-" * w for w in widths], *cells]
    return "\n".join(
        "  ".join(v.ljust(w) for v, w in zip(line, widths, strict=True)).rstrip() for line in lines
    )


def format_rows(rows: Sequence[Mapping[str, Any]], fmt: str = "table") -> str:
    """Rows as ``table``, ``json`` (an array of objects) or ``csv`` (with a header)."""
    if fmt == "table":
        return format_table(rows)
    if fmt == "json":
        return json.dumps(list(rows), indent=2, ensure_ascii=False, default=str)
    if fmt == "csv":
        out = io.StringIO()
        if rows:
            writer = csv.DictWriter(out, fieldnames=list(rows[0].keys()), lineterminator="\n")
            writer.writeheader()
            for row in rows:
                writer.writerow({k: "" if v is None else v for k, v in row.items()})
        return out.getvalue().rstrip("\n")
    raise EnvelopeError(f"unknown format {fmt!r}; use table, json or csv")


def parse_iso_date(text: str | dt.date, what: str = "date") -> dt.date:
    """An ISO date (YYYY-MM-DD) from the command line; ``what`` names the option in errors."""
    if isinstance(text, dt.datetime):
        return text.date()
    if isinstance(text, dt.date):
        return text
    if not _ISO_DAY.match(str(text).strip()):
        raise EnvelopeError(f"{what}: expected an ISO date YYYY-MM-DD, got {str(text)!r}")
    try:
        return dt.date.fromisoformat(str(text).strip())
    except ValueError as exc:
        raise EnvelopeError(f"{what}: {exc} ({str(text)!r})") from None


# --------------------------------------------------------------------------------------------
# Loading


def load_scenario(path: str | Path | None = None) -> Scenario:
    """Load the packaged scenario (``None``) or a user's scenario file.

    A user file uses the scenario schema (``seeds/README.md``). With ``base = "packaged"`` (the
    default) it extends the packaged scenario: its weapons replace packaged ones of the same name
    or are added, its timeline entries replace packaged ones with the same id or are added.
    With ``base = "none"`` only its own weapons and timeline count. Either way the packaged
    reports stay citable, and it may define its own sources under ``[[reports]]``; inline
    claims without a ``report`` belong to an implicit source ``"user"``.
    """
    from .resources import data_dir

    seeds = data_dir("seeds")
    reports, claim_index = _load_report_records(seeds)
    packaged_file = seeds / SCENARIO_FILE
    packaged_doc = _read_toml(packaged_file, f"seeds/{SCENARIO_FILE}")
    packaged = _build(
        packaged_doc, _Ctx(f"seeds/{SCENARIO_FILE}"), reports, claim_index, (), (), user=False
    )
    if path is None:
        return packaged
    label = str(path)
    doc = _read_toml(Path(path), label)
    return _build(
        doc, _Ctx(label), reports, claim_index, packaged.weapons, packaged.timeline, user=True
    )


def load_report(path: str | Path, label: str | None = None) -> tuple[Report, tuple[Claim, ...]]:
    """Load and validate one report record file."""
    path = Path(path)
    label = label or str(path)
    ctx = _Ctx(label)
    doc = _read_toml(path, label)
    report, claims = _report_from(doc, ctx, "", top_level=True, user=False)
    if report.id != path.stem:
        ctx.fail("id", f"{report.id!r} must equal the file name stem {path.stem!r}")
    return report, claims


# --------------------------------------------------------------------------------------------
# Validation internals

_ISO_DAY = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_ISO_PARTIAL = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")
_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.\-]*$")
_TOML_POS = re.compile(r"\(at line (\d+), column (\d+)\)")

_REPORT_KEYS = {
    "id": True,
    "title": False,
    "outlet": False,
    "outlet_note": False,
    "byline": False,
    "attributions": False,
    "date": True,
    "date_basis": True,
    "date_note": False,
    "date_latest": False,
    "claims": False,
}
_CLAIM_COMMON = {
    "id": True,
    "measure": True,
    "subject": True,
    "speaker": True,
    "speaker_role": False,
    "paragraph": False,
    "quote": False,
    "summary": True,
    "note": False,
}
_CLAIM_BY_MEASURE = {
    "weapon_range": {"value": True, "unit": True, "qualifier": False},
    "place_distance": {"value": True, "unit": True, "qualifier": False, "reference": False},
    "authorized_depth": {
        "value": True,
        "unit": True,
        "qualifier": False,
        "scope": False,
        "as_of": False,
        "as_of_basis": False,
        "as_of_note": False,
    },
    "count": {"value": True, "unit": False, "qualifier": False},
    "event_date": {"date": True, "date_basis": False, "qualifier": False},
    "authorization": {
        "status": True,
        "scope": False,
        "qualifier": False,
        "as_of": False,
        "as_of_basis": False,
        "as_of_note": False,
    },
}
_SCENARIO_KEYS = {
    "schema": False,
    "title": False,
    "note": False,
    "base": False,
    "reports": False,
    "weapons": False,
    "timeline": False,
}
_WEAPON_KEYS = {
    "name": True,
    "aliases": False,
    "supplier": False,
    "claims": False,
    "range": False,
    "note": False,
}
_INLINE_CLAIM_KEYS = {
    "id": False,
    "value": True,
    "unit": True,
    "qualifier": False,
    "report": False,
    "speaker": False,
    "speaker_role": False,
    "paragraph": False,
    "quote": False,
    "summary": False,
    "note": False,
}
_TIMELINE_KEYS = {
    "id": True,
    "start": True,
    "start_basis": True,
    "start_note": False,
    "allowed": False,
    "supplier": False,
    "weapons": True,
    "excluded": False,
    "depth": False,
    "segments": True,
    "claims": False,
    "dissent": False,
    "summary": True,
}


class _Ctx:
    """Error reporting for one file: every message is ``FILE: KEY: PROBLEM`` on one line."""

    def __init__(self, file: str) -> None:
        self.file = file

    def fail(self, where: str, problem: str) -> NoReturn:
        where = where.lstrip(".")
        raise EnvelopeError(
            f"{self.file}: {where}: {problem}" if where else f"{self.file}: {problem}"
        )


def _read_toml(path: Path, label: str) -> dict:
    ctx = _Ctx(label)
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        ctx.fail("", "no such file")
    except IsADirectoryError:
        ctx.fail("", "is a directory, not a TOML file")
    except OSError as exc:
        ctx.fail("", f"cannot read: {exc.strerror or exc}")
    try:
        return tomllib.loads(data.decode("utf-8"))
    except UnicodeDecodeError:
        ctx.fail("", "not UTF-8 text; TOML files must be UTF-8")
    except tomllib.TOMLDecodeError as exc:
        message = str(exc)
        pos = _TOML_POS.search(message)
        bare = _TOML_POS.sub("", message).strip()
        if pos:
            ctx.fail(f"line {pos.group(1)}", f"invalid TOML: {bare} (column {pos.group(2)})")
        ctx.fail("", f"invalid TOML: {bare}")


def _check_keys(ctx: _Ctx, table: Any, where: str, spec: Mapping[str, bool]) -> dict:
    if not isinstance(table, dict):
        ctx.fail(where, f"expected a table, got {_show(table)}")
    for key in table:
        if key not in spec:
            close = difflib.get_close_matches(key, list(spec), n=1)
            hint = f"did you mean {close[0]!r}?" if close else "expected one of " + ", ".join(spec)
            ctx.fail(f"{where}.{key}", f"unknown key; {hint}")
    for key, required in spec.items():
        if required and key not in table:
            ctx.fail(f"{where}.{key}", "missing required key")
    return table


def _str(ctx: _Ctx, table: dict, key: str, where: str, default: str = "", *, empty=True) -> str:
    if key not in table:
        return default
    value = table[key]
    if not isinstance(value, str):
        ctx.fail(f"{where}.{key}", f"expected a string, got {_show(value)}")
    if not empty and not value.strip():
        ctx.fail(f"{where}.{key}", "must not be empty")
    return value


def _choice(ctx: _Ctx, table: dict, key: str, where: str, choices: Sequence[str], default=None):
    if key not in table:
        return default
    value = _str(ctx, table, key, where)
    if value not in choices:
        ctx.fail(f"{where}.{key}", f"expected one of {', '.join(choices)}, got {_show(value)}")
    return value


def _id(ctx: _Ctx, table: dict, key: str, where: str) -> str:
    value = _str(ctx, table, key, where, empty=False)
    if not _ID.match(value):
        ctx.fail(f"{where}.{key}", f"ids use letters, digits, '_', '-', '.'; got {_show(value)}")
    return value


def _str_list(ctx: _Ctx, table: dict, key: str, where: str) -> tuple[str, ...]:
    if key not in table:
        return ()
    value = table[key]
    if not isinstance(value, list):
        ctx.fail(f"{where}.{key}", f"expected an array of strings, got {_show(value)}")
    for i, item in enumerate(value):
        if not isinstance(item, str) or not item.strip():
            ctx.fail(f"{where}.{key}[{i}]", f"expected a non-empty string, got {_show(item)}")
    return tuple(value)


def _positive(ctx: _Ctx, value: Any, where: str) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        ctx.fail(where, f"expected a positive number, got {_show(value)}")
    if not math.isfinite(value) or value <= 0:
        ctx.fail(where, f"expected a positive number, got {_show(value)}")
    return float(value)


def _distance_unit(ctx: _Ctx, value: Any, where: str) -> str:
    if not isinstance(value, str):
        ctx.fail(where, f"expected a distance unit (mi, km, m, nmi), got {_show(value)}")
    try:
        return Distance.of(1.0, value).unit
    except EnvelopeError as exc:
        ctx.fail(where, str(exc))


def _day(ctx: _Ctx, value: Any, where: str) -> dt.date:
    """A full ISO date: a TOML date literal or a "YYYY-MM-DD" string."""
    if isinstance(value, dt.datetime) or not isinstance(value, (dt.date, str)):
        ctx.fail(where, f"expected an ISO date YYYY-MM-DD, got {_show(value)}")
    if isinstance(value, dt.date):
        return value
    if not _ISO_DAY.match(value.strip()):
        ctx.fail(where, f"expected an ISO date YYYY-MM-DD, got {_show(value)}")
    try:
        return dt.date.fromisoformat(value.strip())
    except ValueError as exc:
        ctx.fail(where, f"{exc}: {_show(value)}")


def _partial_date(ctx: _Ctx, value: Any, where: str) -> tuple[dt.date, str]:
    """An ISO date at day, month ("2024-03") or year ("2022") precision."""
    if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        return value, "day"
    match = _ISO_PARTIAL.match(value.strip()) if isinstance(value, str) else None
    if match is None:
        ctx.fail(where, f"expected an ISO date YYYY-MM-DD, YYYY-MM or YYYY, got {_show(value)}")
    year, month, day = match.groups()
    try:
        return dt.date(int(year), int(month or 1), int(day or 1)), (
            "day" if day else "month" if month else "year"
        )
    except ValueError as exc:
        ctx.fail(where, f"{exc}: {_show(value)}")


def _paragraph(ctx: _Ctx, table: dict, where: str) -> int:
    value = table.get("paragraph", 0)
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        ctx.fail(
            f"{where}.paragraph", f"expected a paragraph number (1, 2, ...), got {_show(value)}"
        )
    return value


def _array_of_tables(ctx: _Ctx, doc: dict, key: str, where: str) -> list:
    value = doc.get(key, [])
    if not isinstance(value, list):
        ctx.fail(f"{where}.{key}", f"expected an array of tables ([[{key}]]), got {_show(value)}")
    return value


def _report_from(
    doc: dict, ctx: _Ctx, where: str, *, top_level: bool, user: bool
) -> tuple[Report, tuple[Claim, ...]]:
    spec = dict(_REPORT_KEYS)
    if top_level:
        spec["schema"] = False
        _check_schema(ctx, doc)
    if user:
        spec["date"] = False
        spec["date_basis"] = False
    _check_keys(ctx, doc, where, spec)
    rid = _id(ctx, doc, "id", where)
    date = _day(ctx, doc["date"], f"{where}.date") if "date" in doc else None
    if date is None and "date_basis" in doc:
        ctx.fail(f"{where}.date_basis", "given without a date")
    basis = _choice(ctx, doc, "date_basis", where, DATE_BASES, "unknown")
    latest = _day(ctx, doc["date_latest"], f"{where}.date_latest") if "date_latest" in doc else None
    if latest is not None and (date is None or latest < date):
        ctx.fail(f"{where}.date_latest", "must not be before date")
    report = Report(
        id=rid,
        title=_str(ctx, doc, "title", where),
        outlet=_str(ctx, doc, "outlet", where),
        byline=_str(ctx, doc, "byline", where),
        attributions=_str_list(ctx, doc, "attributions", where),
        date=date,
        date_basis=basis,
        date_note=_str(ctx, doc, "date_note", where),
        outlet_note=_str(ctx, doc, "outlet_note", where),
        date_latest=latest,
        user=user,
    )
    claims = []
    seen: set[str] = set()
    for i, table in enumerate(_array_of_tables(ctx, doc, "claims", where)):
        claim = _claim_from(ctx, table, f"{where}.claims[{i}]", rid)
        if claim.id in seen:
            ctx.fail(f"{where}.claims[{i}].id", f"duplicate claim id {claim.id!r}")
        seen.add(claim.id)
        claims.append(claim)
    return report, tuple(claims)


def _claim_from(ctx: _Ctx, table: Any, where: str, report_id: str) -> Claim:
    if not isinstance(table, dict):
        ctx.fail(where, f"expected a table, got {_show(table)}")
    measure = _choice(ctx, table, "measure", where, MEASURES)
    if measure is None:
        ctx.fail(f"{where}.measure", "missing required key")
    _check_keys(ctx, table, where, {**_CLAIM_COMMON, **_CLAIM_BY_MEASURE[measure]})
    value = unit = None
    if "value" in table:
        value = _positive(ctx, table["value"], f"{where}.value")
    if measure in DISTANCE_MEASURES:
        unit = _distance_unit(ctx, table["unit"], f"{where}.unit")
    elif "unit" in table:
        unit = _str(ctx, table, "unit", where)
    date, precision = (None, "")
    if measure == "event_date":
        date, precision = _partial_date(ctx, table["date"], f"{where}.date")
    as_of = _day(ctx, table["as_of"], f"{where}.as_of") if "as_of" in table else None
    return Claim(
        report_id=report_id,
        id=_id(ctx, table, "id", where),
        measure=measure,
        subject=_str(ctx, table, "subject", where, empty=False),
        value=value,
        unit=unit,
        qualifier=_str(ctx, table, "qualifier", where),
        speaker=_choice(ctx, table, "speaker", where, SPEAKERS),
        paragraph=_paragraph(ctx, table, where),
        quote=_str(ctx, table, "quote", where),
        summary=_str(ctx, table, "summary", where, empty=False),
        speaker_role=_str(ctx, table, "speaker_role", where),
        status=_choice(ctx, table, "status", where, STATUSES),
        scope=_str(ctx, table, "scope", where),
        reference=_str(ctx, table, "reference", where),
        date=date,
        date_precision=precision,
        date_basis=_choice(ctx, table, "date_basis", where, DATE_BASES, "stated" if date else ""),
        as_of=as_of,
        as_of_basis=_choice(
            ctx, table, "as_of_basis", where, DATE_BASES, "stated" if as_of else ""
        ),
        as_of_note=_str(ctx, table, "as_of_note", where),
        note=_str(ctx, table, "note", where),
    )


def _check_schema(ctx: _Ctx, doc: dict) -> None:
    version = doc.get("schema", SCHEMA_VERSION)
    if version != SCHEMA_VERSION or isinstance(version, bool):
        ctx.fail("schema", f"unsupported schema {_show(version)}; this version reads schema 1")


def _load_report_records(seeds: Path) -> tuple[dict[str, Report], dict[str, Claim]]:
    reports: dict[str, Report] = {}
    index: dict[str, Claim] = {}
    for path in sorted(seeds.glob("*.toml")):
        if path.name == SCENARIO_FILE:
            continue
        report, claims = load_report(path, f"seeds/{path.name}")
        reports[report.id] = report
        for c in claims:
            index[c.ref] = c
    return reports, index


def _resolve_ref(
    ref: Any, index: Mapping[str, Claim], reports: Mapping[str, Report], ctx: _Ctx, where: str
) -> Claim:
    if not isinstance(ref, str) or "#" not in ref:
        ctx.fail(where, f"expected a claim reference 'REPORT#CLAIM', got {_show(ref)}")
    report_part, claim_part = ref.split("#", 1)
    matches = [rid for rid in reports if rid == report_part or _short(rid) == report_part]
    if len(matches) != 1:
        ctx.fail(where, f"unknown report {report_part!r} in claim reference {ref!r}")
    key = f"{matches[0]}#{claim_part}"
    if key not in index:
        known = sorted(c.id for c in index.values() if c.report_id == matches[0])
        close = difflib.get_close_matches(claim_part, known, n=1)
        hint = f"; did you mean {close[0]!r}?" if close else ""
        ctx.fail(where, f"report {matches[0]} has no claim {claim_part!r}{hint}")
    return index[key]


def _build(
    doc: dict,
    ctx: _Ctx,
    packaged_reports: dict[str, Report],
    packaged_index: dict[str, Claim],
    base_weapons: tuple[WeaponProfile, ...],
    base_timeline: tuple[Authorization, ...],
    *,
    user: bool,
) -> Scenario:
    _check_keys(ctx, doc, "", _SCENARIO_KEYS)
    _check_schema(ctx, doc)
    base = _choice(ctx, doc, "base", "", ("packaged", "none"), "packaged")
    if not user and "base" in doc:
        ctx.fail("base", "only user scenario files have a base")
    reports = dict(packaged_reports)
    index = dict(packaged_index)
    own_claims: list[Claim] = []
    for i, table in enumerate(_array_of_tables(ctx, doc, "reports", "")):
        if not user:
            ctx.fail(f"reports[{i}]", "packaged reports live in their own record files")
        report, claims = _report_from(table, ctx, f"reports[{i}]", top_level=False, user=True)
        if report.id in reports:
            ctx.fail(f"reports[{i}].id", f"report {report.id!r} is already defined")
        reports[report.id] = report
        for c in claims:
            index[c.ref] = c
        own_claims.extend(claims)

    weapons: list[WeaponProfile] = list(base_weapons) if base == "packaged" else []
    own_weapons: list[WeaponProfile] = []
    for i, table in enumerate(_array_of_tables(ctx, doc, "weapons", "")):
        weapon, inline = _weapon_from(ctx, table, f"weapons[{i}]", reports, index, user=user)
        names = (weapon.name, *weapon.aliases)
        for other in own_weapons:
            if any(other.matches(n) for n in names):
                ctx.fail(f"weapons[{i}].name", f"{weapon.name!r} clashes with {other.name!r} above")
        own_weapons.append(weapon)
        weapons = [w for w in weapons if not w.matches(weapon.name)]  # replaces a base weapon
        for other in weapons:
            if any(other.matches(n) for n in names):
                ctx.fail(f"weapons[{i}].aliases", f"an alias clashes with weapon {other.name!r}")
        weapons.append(weapon)
        for c in inline:
            if c.report_id not in reports:  # the implicit user source
                reports[c.report_id] = Report(
                    id=c.report_id,
                    title=f"user scenario {ctx.file}",
                    outlet="",
                    byline="",
                    attributions=(),
                    date=None,
                    date_basis="unknown",
                    date_note="",
                    user=True,
                )
            if c.ref in index:
                ctx.fail(f"weapons[{i}]", f"claim {c.ref!r} is defined twice")
            index[c.ref] = c
        own_claims.extend(inline)
    if not weapons:
        ctx.fail("weapons", "the scenario defines no weapons")
    scenario_weapons = tuple(weapons)

    timeline: list[Authorization] = list(base_timeline) if base == "packaged" else []
    own_ids: set[str] = set()
    for i, table in enumerate(_array_of_tables(ctx, doc, "timeline", "")):
        entry = _authorization_from(ctx, table, f"timeline[{i}]", scenario_weapons, reports, index)
        if entry.id in own_ids:
            ctx.fail(f"timeline[{i}].id", f"duplicate timeline id {entry.id!r}")
        own_ids.add(entry.id)
        timeline = [e for e in timeline if e.id != entry.id]
        timeline.append(entry)
    timeline.sort(key=lambda e: e.start)  # stable: equal starts keep file order

    all_claims = tuple(packaged_index.values()) + tuple(own_claims)
    return Scenario(
        reports=reports,
        claims=all_claims,
        weapons=scenario_weapons,
        timeline=tuple(timeline),
        source=ctx.file if user else "packaged",
        title=_str(ctx, doc, "title", ""),
        claim_index=index,
    )


def _weapon_from(
    ctx: _Ctx,
    table: Any,
    where: str,
    reports: Mapping[str, Report],
    index: Mapping[str, Claim],
    *,
    user: bool,
) -> tuple[WeaponProfile, tuple[Claim, ...]]:
    _check_keys(ctx, table, where, _WEAPON_KEYS)
    name = _str(ctx, table, "name", where, empty=False).strip()
    if name == ALL:
        ctx.fail(f"{where}.name", f"{ALL!r} is reserved")
    aliases = tuple(a.strip() for a in _str_list(ctx, table, "aliases", where))
    slug = re.sub(r"[^a-z0-9]+", "-", name.casefold()).strip("-") or "weapon"
    claims: list[Claim] = []
    inline: list[Claim] = []
    raw = table.get("claims", [])
    if not isinstance(raw, list):
        ctx.fail(f"{where}.claims", f"expected an array, got {_show(raw)}")
    for j, item in enumerate(raw):
        at = f"{where}.claims[{j}]"
        if isinstance(item, dict):
            if not user:
                ctx.fail(at, "packaged weapons cite report claims as 'REPORT#CLAIM'")
            claim = _inline_claim(ctx, item, at, name, f"{slug}-range-{j + 1}", reports)
            inline.append(claim)
        else:
            claim = _resolve_ref(item, index, reports, ctx, at)
            if claim.measure != "weapon_range":
                ctx.fail(at, f"claim {claim.ref!r} is a {claim.measure} claim, not weapon_range")
            if not (
                claim.subject.casefold() == name.casefold()
                or claim.subject.casefold() in (a.casefold() for a in aliases)
            ):
                ctx.fail(at, f"claim {claim.ref!r} is about {claim.subject!r}, not {name!r}")
        claims.append(claim)
    if "range" in table:
        at = f"{where}.range"
        text = table["range"]
        if not isinstance(text, str):
            ctx.fail(at, f'expected a distance such as "250 km", got {_show(text)}')
        try:
            distance = parse_distance(text)
        except EnvelopeError as exc:
            ctx.fail(at, str(exc))
        claim = Claim(
            report_id="user",
            id=f"{slug}-range",
            measure="weapon_range",
            subject=name,
            value=distance.value,
            unit=distance.unit,
            qualifier="",
            speaker="user",
            paragraph=0,
            quote="",
            summary=f"{name} range as given in {ctx.file}",
        )
        if not user:
            ctx.fail(at, "packaged weapons cite report claims as 'REPORT#CLAIM'")
        inline.append(claim)
        claims.append(claim)
    if not claims:
        ctx.fail(where, "a weapon needs 'claims' or a 'range'")
    weapon = WeaponProfile(
        name=name,
        aliases=aliases,
        claims=tuple(claims),
        # No default supplier: a weapon is covered by "all US-supplied weapons" only if its
        # file says it is US-supplied, never by accident.
        supplier=_str(ctx, table, "supplier", where, "unknown", empty=False),
        note=_str(ctx, table, "note", where),
    )
    return weapon, tuple(inline)


def _inline_claim(
    ctx: _Ctx, table: dict, where: str, weapon: str, default_id: str, reports: Mapping[str, Report]
) -> Claim:
    _check_keys(ctx, table, where, _INLINE_CLAIM_KEYS)
    report_id = _str(ctx, table, "report", where, "user", empty=False)
    if report_id in reports and not reports[report_id].user:
        ctx.fail(
            f"{where}.report",
            f"inline claims belong to user sources; cite {report_id}'s claims as 'REPORT#CLAIM'",
        )
    if report_id != "user" and report_id not in reports:
        ctx.fail(f"{where}.report", f"unknown source {report_id!r}; define it under [[reports]]")
    value = _positive(ctx, table["value"], f"{where}.value")
    unit = _distance_unit(ctx, table["unit"], f"{where}.unit")
    return Claim(
        report_id=report_id,
        id=_id(ctx, table, "id", where) if "id" in table else default_id,
        measure="weapon_range",
        subject=weapon,
        value=value,
        unit=unit,
        qualifier=_str(ctx, table, "qualifier", where),
        speaker=_choice(ctx, table, "speaker", where, SPEAKERS, "user"),
        paragraph=_paragraph(ctx, table, where),
        quote=_str(ctx, table, "quote", where),
        summary=_str(ctx, table, "summary", where, f"{weapon} range ({ctx.file})"),
        speaker_role=_str(ctx, table, "speaker_role", where),
        note=_str(ctx, table, "note", where),
    )


def _authorization_from(
    ctx: _Ctx,
    table: Any,
    where: str,
    weapons: tuple[WeaponProfile, ...],
    reports: Mapping[str, Report],
    index: Mapping[str, Claim],
) -> Authorization:
    _check_keys(ctx, table, where, _TIMELINE_KEYS)
    allowed = table.get("allowed", True)
    if not isinstance(allowed, bool):
        ctx.fail(f"{where}.allowed", f"expected true or false, got {_show(allowed)}")

    def weapon_names(key: str, allow_all: bool) -> tuple[str, ...]:
        names = []
        for j, name in enumerate(_str_list(ctx, table, key, where)):
            if name.strip() == ALL and allow_all:
                names.append(ALL)
                continue
            match = [w for w in weapons if w.matches(name)]
            if not match:
                known = ", ".join(w.name for w in weapons)
                ctx.fail(f"{where}.{key}[{j}]", f"unknown weapon {name!r}; known weapons: {known}")
            names.append(match[0].name)
        return tuple(names)

    included = weapon_names("weapons", True)
    if not included:
        ctx.fail(f"{where}.weapons", 'must name at least one weapon or "*"')
    segments = tuple(s.strip().casefold() for s in _str_list(ctx, table, "segments", where))
    if not segments:
        ctx.fail(f"{where}.segments", 'must name at least one segment or "*"')
    cited = tuple(
        _resolve_ref(ref, index, reports, ctx, f"{where}.claims[{j}]")
        for j, ref in enumerate(_list(ctx, table, "claims", where))
    )
    dissent = tuple(
        _resolve_ref(ref, index, reports, ctx, f"{where}.dissent[{j}]")
        for j, ref in enumerate(_list(ctx, table, "dissent", where))
    )
    depth_m = None
    if "depth" in table:
        at = f"{where}.depth"
        if not allowed:
            ctx.fail(at, "a prohibition (allowed = false) has no depth")
        text = table["depth"]
        if not isinstance(text, str):
            ctx.fail(at, f'expected a distance such as "24 mi", got {_show(text)}')
        try:
            depth = parse_distance(text)
        except EnvelopeError as exc:
            ctx.fail(at, str(exc))
        depth_m = depth.metres
        claimed = [c for c in cited if c.measure == "authorized_depth"]
        if claimed and not any(_same(depth_m, c.metres) for c in claimed):
            values = ", ".join(sorted({c.distance.label for c in claimed}))
            ctx.fail(
                at, f"{depth.label} matches none of the cited authorized_depth claims ({values})"
            )
    return Authorization(
        id=_id(ctx, table, "id", where),
        start=_day(ctx, table["start"], f"{where}.start"),
        start_basis=_choice(ctx, table, "start_basis", where, DATE_BASES),
        weapons=included,
        excluded=weapon_names("excluded", False),
        depth_m=depth_m,
        segments=segments,
        claims=cited,
        summary=_str(ctx, table, "summary", where, empty=False),
        start_note=_str(ctx, table, "start_note", where),
        dissent=dissent,
        allowed=allowed,
        supplier=_str(ctx, table, "supplier", where, "US", empty=False),
    )


def _list(ctx: _Ctx, table: dict, key: str, where: str) -> list:
    value = table.get(key, [])
    if not isinstance(value, list):
        ctx.fail(
            f"{where}.{key}", f"expected an array of 'REPORT#CLAIM' strings, got {_show(value)}"
        )
    return value


# --------------------------------------------------------------------------------------------
# Small helpers


def _show(value: Any) -> str:
    """A value as an error message shows it: strings in double quotes, like TOML."""
    if isinstance(value, str):
        return json.dumps(value, ensure_ascii=False)
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dt.datetime):
        return f"the date-time {value.isoformat()}"
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, dict):
        return "a table"
    if isinstance(value, list):
        return "an array"
    return str(value)


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float):
        return f"{value:,.3f}".rstrip("0").rstrip(".")
    return str(value).replace("\n", " ")


def _short(report_id: str) -> str:
    head = report_id.split("_", 1)[0]
    return head if head.isdigit() and "_" in report_id else report_id


def _short_ref(claim: Claim) -> str:
    return f"{_short(claim.report_id)}#{claim.id}"


def _refs(claims: Iterable[Claim]) -> str:
    return ", ".join(_short_ref(c) for c in claims)


def _same(a: float | None, b: float | None) -> bool:
    if a is None or b is None:
        return False
    return abs(a - b) <= SAME_VALUE_RTOL * max(abs(a), abs(b))


def _distinct(values: Iterable[float | None]) -> tuple[float, ...]:
    out: list[float] = []
    for v in sorted(v for v in values if v is not None):
        if not out or not _same(out[-1], v):
            out.append(v)
    return tuple(out)


def _values_summary(group: Sequence[Claim]) -> str:
    """ "185 mi (000, 002) vs 190 mi (001) vs 200 mi (003)", in increasing order."""
    parts = []
    for value in _distinct(c.metres for c in group):
        same = [c for c in group if _same(c.metres, value)]
        labels = sorted({_as_written(c) for c in same})
        sources = ", ".join(sorted({_short(c.report_id) for c in same}))
        parts.append(f"{' / '.join(labels)} ({sources})")
    return " vs ".join(parts)


def _as_written(claim: Claim) -> str:
    """ "about 185 mi = 297.7 km": the claim as written, then in the other unit."""
    d = claim.distance
    other = f"{_num(d.km)} km" if d.unit != "km" else f"{_num(d.mi)} mi"
    return f"{claim.qualifier} {d.label} = {other}".strip()


def _band_label(lo: float, hi: float) -> str:
    if _same(lo, hi):
        return format_distance(lo)
    mi = METRES_PER["mi"]
    return f"{_num(lo / mi)}–{_num(hi / mi)} mi ({_num(lo / 1000)}–{_num(hi / 1000)} km)"


def _num(x: float) -> str:
    text = f"{x:,.1f}"
    return text[:-2] if text.endswith(".0") else text


def _date_label(date: dt.date, precision: str) -> str:
    if precision == "year":
        return f"{date.year:04d}"
    if precision == "month":
        return f"{date.year:04d}-{date.month:02d}"
    return date.isoformat()


def _dates_compatible(group: Sequence[Claim]) -> bool:
    """True if one day could satisfy every claim (month/year claims contain their days)."""
    lo, hi = dt.date.min, dt.date.max
    for c in group:
        start, end = _date_span(c.date, c.date_precision)
        lo, hi = max(lo, start), min(hi, end)
    return lo <= hi


def _date_span(date: dt.date, precision: str) -> tuple[dt.date, dt.date]:
    if precision == "year":
        return dt.date(date.year, 1, 1), dt.date(date.year, 12, 31)
    if precision == "month":
        nxt = dt.date(date.year + (date.month == 12), date.month % 12 + 1, 1)
        return dt.date(date.year, date.month, 1), nxt - dt.timedelta(days=1)
    return date, date


def _weapon_key(scenario: Scenario, subject: str) -> str:
    """A subject's weapon name if it names one (so aliases group together), else the subject."""
    for weapon in scenario.weapons:
        if weapon.matches(subject):
            return weapon.name
    return subject


def _period(scenario: Scenario, claim: Claim) -> str | None:
    """The timeline period a claim speaks for: the id of the latest entry started by then."""
    when = claim.as_of or scenario.reports[claim.report_id].date
    if when is None:
        return None
    current = None
    for entry in scenario.timeline:
        if entry.start <= when:
            current = entry
    if current is None:
        first = scenario.timeline[0].start.isoformat() if scenario.timeline else "any entry"
        return f"before {first}"
    return f"{current.id}, from {current.start.isoformat()}"


def _as_date(value: Any) -> dt.date:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    return parse_iso_date(value, "as_of")
