"""Intake against hand-made records: recall and precision of distance claims by measure.

A found claim matches an expected one when measure, value, unit, qualifier class and paragraph
agree; ``weapon named`` also requires a range's weapon. Used by the benchmark and the tests.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import astuple, dataclass

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


def expected_keys(entries: Iterable[dict]) -> list[Key]:
    """The keys of a test article's hand-written ``[[expect]]`` entries."""
    return [
        key(
            e["measure"],
            e["subject"],
            e["value"],
            e["unit"],
            e.get("qualifier", ""),
            e["paragraph"],
        )
        for e in entries
    ]


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
    """One :class:`Score` per reported measure, then ``weapon named`` (ranges whose weapon
    matches too). A key is used once per match."""
    out = [_score(m, expected, found, with_subject=False) for m in REPORTED]
    named = _score("weapon_range", expected, found, with_subject=True)
    return (*out, Score("weapon named", *astuple(named)[1:]))


def _score(measure: str, expected, found, *, with_subject: bool) -> Score:
    def norm(k: Key) -> Key:
        return k if with_subject or k[0] != "weapon_range" else (k[0], "", *k[2:])

    exp = [k for k in expected if k[0] == measure]
    got = [k for k in found if k[0] == measure]
    pool = [norm(k) for k in got]
    missed = []
    for k in exp:
        if norm(k) in pool:
            pool.remove(norm(k))
        else:
            missed.append(k)
    matched = len(exp) - len(missed)
    false = []
    for k in got:  # the found keys left over once every match has used one
        if norm(k) in pool:
            pool.remove(norm(k))
            false.append(k)
    return Score(measure, len(exp), len(got), matched, tuple(missed), tuple(false))


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
