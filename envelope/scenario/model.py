"""The scenario model: reports, their claims, weapon profiles and the authorization timeline, as
frozen dataclasses, plus the small value helpers every scenario module shares."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field

from ..units import METRES_PER, METRES_PER_MILE, Distance, format_distance, format_number

SCHEMA_VERSION = 1
SCENARIO_FILE = "scenario.toml"

#: What a claim measures. Distance measures carry value + unit; ``count`` a value and a free
#: unit; ``event_date`` a (possibly month- or year-precision) date; ``authorization`` a status.
DISTANCE_MEASURES = ("weapon_range", "authorized_depth", "place_distance")
MEASURES = (*DISTANCE_MEASURES, "count", "event_date", "authorization")
SPEAKERS = ("report", "named_official", "anonymous_official", "anonymous_source", "other", "user")
#: Who stands behind a claim: the article's own voice, an official (of ``affiliation``), an
#: unnamed source, another outlet, an outside expert, the user, or someone else.
SPEAKER_TYPES = ("report", "official", "source", "outlet", "expert", "user", "other")
_SPEAKER_TYPE_OF = {
    "report": "report",
    "named_official": "official",
    "anonymous_official": "official",
    "anonymous_source": "source",
    "user": "user",
    "other": "other",
}
REVIEWS = ("confirmed", "pending")
STATUSES = ("allowed", "prohibited", "not_approved")
DATE_BASES = ("stated", "derived", "inferred")
#: What the as-of logic answers for a timeline entry on a day.
IN_FORCE, NOT_IN_FORCE, UNCERTAIN = "in_force", "not_in_force", "uncertain"
ALL = "*"  # in timeline weapons: every weapon of the entry's supplier; in segments: every segment

#: Two distances closer than this (relative) count as the same claim value.
SAME_VALUE_RTOL = 1e-6


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
        return short_id(self.id)


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
    speaker_type: str = ""  # SPEAKER_TYPES; default from ``speaker``
    affiliation: str = ""  # whose official or source: "US", "Ukraine", "Germany", ...
    via: str = ""  # the outlet the speaker is quoted through: "Fox News", "New York Times"
    origin: str = ""  # shared-statement id: claims with one origin are one statement
    review: str = "confirmed"  # "pending": drafted (envelope intake), not yet checked by a person
    target_classes: tuple[str, ...] = ()  # authorization claims: target classes they speak of
    relative: str = ""  # event_date claims dated only relative to the report ("in days")

    @property
    def kind_of_speaker(self) -> str:
        """The speaker's type (``speaker_type``, else derived from ``speaker``)."""
        return self.speaker_type or _SPEAKER_TYPE_OF.get(self.speaker, "other")

    @property
    def credit(self) -> str:
        """Who a figure is credited to: "the report itself" for the article's own voice, else
        the speaker's role (or type and affiliation) and the outlet it came through."""
        if self.kind_of_speaker == "report":
            return "the report itself" + (f", citing {self.via}" if self.via else "")
        who = self.speaker_role or " ".join(
            x for x in (self.affiliation, self.kind_of_speaker.replace("_", " ")) if x
        )
        if self.via and self.via not in who:
            who += f", via {self.via}"
        return who

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
        return date_label(self.date, self.date_precision)

    @property
    def display(self) -> str:
        """The claim's content in one short phrase, for tables."""
        if self.distance is not None:
            return format_distance(self.distance.metres)
        if self.measure == "event_date":
            return self.date_label or self.relative
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
    # Launch geometry (issue 12): the country whose launchers fire it ("" = either side), and
    # how far behind the border they stand, with the source of that figure.
    operator: str = ""
    standoff_m: float = 0.0
    standoff_source: str = ""

    @property
    def edges(self) -> tuple[float, ...]:
        """Sorted distinct claimed ranges in metres (the band's edges and every value inside)."""
        return distinct_values(c.metres for c in self.claims if c.metres is not None)

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
        return band_label(self.min_m, self.max_m)

    def matches(self, name: str) -> bool:
        key = name.strip().casefold()
        return key == self.name.casefold() or key in (a.casefold() for a in self.aliases)


@dataclass(frozen=True)
class Authorization:
    """One timeline entry: launches from ``segments`` (registered border segments, or ``"*"``:
    anywhere) into ``target`` by ``weapons`` up to ``depth_m`` (``None``: full reach).

    It takes effect on ``start``, or, where the reports only bound the day, somewhere in the
    window ``not_before``..``not_after`` (``start`` is then ``None``; ``start_note`` gives the
    reasoning). ``weapons`` may be ``("*",)``: every weapon of ``supplier``, minus ``excluded``.
    ``allowed=False`` records a prohibition, revoking earlier entries it covers.
    ``excluded_classes`` are target classes it leaves out (e.g. "airfield"), cited by
    ``class_claims``. ``dissent`` lists claims that contradict the entry; they are kept.
    """

    id: str
    start: dt.date | None
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
    not_before: dt.date | None = None
    not_after: dt.date | None = None
    origin: str = "UKR"
    target: str = "RUS"
    excluded_classes: tuple[str, ...] = ()
    class_claims: tuple[Claim, ...] = ()

    @property
    def earliest(self) -> dt.date:
        """The first day it may be in force."""
        return self.start if self.start is not None else self.not_before  # type: ignore[return-value]

    @property
    def latest(self) -> dt.date:
        """The first day it is certainly in force is the day after this (or this, if exact)."""
        return self.start if self.start is not None else self.not_after  # type: ignore[return-value]

    @property
    def windowed(self) -> bool:
        return self.start is None

    @property
    def start_label(self) -> str:
        """ "2024-05-30", or a window "2024-11-06..2025-01-19"."""
        if self.start is not None:
            return self.start.isoformat()
        return f"{self.earliest.isoformat()}..{self.latest.isoformat()}"

    @property
    def sources(self) -> tuple[str, ...]:
        return tuple(sorted({c.report_id for c in self.claims}))

    @property
    def depth(self) -> Distance | None:
        return None if self.depth_m is None else Distance.of(self.depth_m, "m")

    @property
    def anywhere(self) -> bool:
        return ALL in self.segments

    def status_on(self, day: dt.date) -> str:
        """Whether the entry has taken effect on ``day``: in_force, not_in_force or uncertain
        (inside its window)."""
        if day < self.earliest:
            return NOT_IN_FORCE
        if self.start is None and day <= self.latest:
            return UNCERTAIN
        return IN_FORCE

    def covers_weapon(self, weapon: WeaponProfile) -> bool:
        if any(weapon.matches(x) for x in self.excluded):
            return False
        if any(weapon.matches(w) for w in self.weapons):
            return True
        return ALL in self.weapons and weapon.supplier.casefold() == self.supplier.casefold()

    def covers_segment(self, segment: str) -> bool:
        return ALL in self.segments or segment.strip().casefold() in self.segments

    def covers_launches_of(self, other: Authorization) -> bool:
        """True if every launch segment of ``other`` is one of this entry's."""
        return self.anywhere or (not other.anywhere and set(other.segments) <= set(self.segments))


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
        from .records import resolve_ref
        from .schema import Ctx

        return resolve_ref(ref, self.claim_index, self.reports, Ctx(self.source), "ref")


def short_id(report_id: str) -> str:
    """The numeric prefix of a seed id ("000"), or the whole id."""
    head = report_id.split("_", 1)[0]
    return head if head.isdigit() and "_" in report_id else report_id


def short_ref(claim: Claim) -> str:
    return f"{short_id(claim.report_id)}#{claim.id}"


def refs_label(claims: Iterable[Claim]) -> str:
    return ", ".join(short_ref(c) for c in claims)


def same_value(a: float | None, b: float | None) -> bool:
    if a is None or b is None:
        return False
    return abs(a - b) <= SAME_VALUE_RTOL * max(abs(a), abs(b))


def distinct_values(values: Iterable[float | None]) -> tuple[float, ...]:
    out: list[float] = []
    for v in sorted(v for v in values if v is not None):
        if not out or not same_value(out[-1], v):
            out.append(v)
    return tuple(out)


def band_label(lo: float, hi: float) -> str:
    """ "185–200 mi (297.7–321.9 km)", or one distance when both edges agree."""
    if same_value(lo, hi):
        return format_distance(lo)
    mi = METRES_PER_MILE
    miles = f"{format_number(lo / mi)}–{format_number(hi / mi)} mi"
    return f"{miles} ({format_number(lo / 1000)}–{format_number(hi / 1000)} km)"


def date_label(date: dt.date, precision: str) -> str:
    if precision == "year":
        return f"{date.year:04d}"
    if precision == "month":
        return f"{date.year:04d}-{date.month:02d}"
    return date.isoformat()
