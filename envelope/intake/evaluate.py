"""Intake against hand-made records: recall and precision of distance claims by measure.

A found claim matches an expected one when measure, value, unit, qualifier class and paragraph
agree (and, for weapon ranges, the weapon). Used by the benchmark and the tests.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from .model import Finding
from .quantities import qualifier_class

SCORED = ("weapon_range", "authorized_depth", "place_distance")
REPORTED = (*SCORED, "authorization")  # scored for information; no target
Key = tuple[str, str, float, str, str, int]


@dataclass(frozen=True)
class Score:
    """Matches, misses and false finds for one measure."""

    measure: str
    expected: int
    found: int
    matched: int
    missed: tuple[Key, ...]
    false: tuple[Key, ...]

    @property
    def recall(self) -> float:
        return self.matched / self.expected if self.expected else 1.0

    @property
    def precision(self) -> float:
        return self.matched / self.found if self.found else 1.0


def key(measure: str, subject: str, value: float, unit: str, qualifier: str, paragraph: int) -> Key:
    """What must agree: the weapon counts for ranges, not for depths or places."""
    who = subject.casefold() if measure == "weapon_range" else ""
    return (measure, who, float(value), unit, qualifier_class(qualifier), paragraph)


def finding_keys(findings: Iterable[Finding]) -> list[Key]:
    keys = [
        key(f.measure, f.subject, f.value, f.unit or "", f.qualifier, f.paragraph)
        for f in findings
        if f.measure in SCORED and f.value is not None
    ]
    return keys + [
        authorization_key(f.subject, f.status or "", f.paragraph)
        for f in findings
        if f.measure == "authorization"
    ]


def authorization_key(subject: str, status: str, paragraph: int) -> Key:
    """Authorizations are scored on subject, status and paragraph."""
    return ("authorization", subject.casefold(), 0.0, status, "", paragraph)


def score(expected: Sequence[Key], found: Sequence[Key]) -> tuple[Score, ...]:
    """One :class:`Score` per scored measure (a key is used once per match)."""
    out = []
    for measure in REPORTED:
        exp = [k for k in expected if k[0] == measure]
        got = [k for k in found if k[0] == measure]
        pool = list(got)
        missed = []
        for k in exp:
            if k in pool:
                pool.remove(k)
            else:
                missed.append(k)
        matched = len(exp) - len(missed)
        out.append(Score(measure, len(exp), len(got), matched, tuple(missed), tuple(pool)))
    return tuple(out)


def total(scores: Iterable[Score]) -> Score:
    """All scored measures together."""
    scores = list(scores)
    return Score(
        "distances",
        sum(s.expected for s in scores),
        sum(s.found for s in scores),
        sum(s.matched for s in scores),
        tuple(k for s in scores for k in s.missed),
        tuple(k for s in scores for k in s.false),
    )
