"""Independent origins: claims grouped by where they come from (a shared statement, the outlet
a report cites, the speaker), so figures are counted by origins as well as by reports; and the
wording two report texts share, inside and outside quotation marks, as evidence of copying."""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass

from ..groups import connected
from .model import Claim, Scenario, short_id, short_ref

#: Quoted passages: straight or curly double quotes.
_QUOTED = re.compile(r"[\"\u201c][^\"\u201c\u201d]*[\"\u201d]")
_WORD = re.compile(r"[a-z0-9]+")
#: Claims quoting the same words (at least this many) for the same point are one statement.
MIN_SHARED_QUOTE_WORDS = 4


@dataclass(frozen=True)
class Origin:
    """One independent origin: the claims (in one or more reports) that rest on it."""

    key: str
    label: str
    claims: tuple[Claim, ...]

    @property
    def reports(self) -> tuple[str, ...]:
        return tuple(sorted({c.report_id for c in self.claims}))


def origin_key(claim: Claim) -> tuple[str, str]:
    """(key, label) of the origin a claim rests on before shared quotations are merged: its
    ``origin`` if the record names one, else the outlet it came through with its speaker, else
    the report's own voice or the report's speaker."""
    if claim.origin:
        return f"statement:{claim.origin}", claim.origin
    rid = short_id(claim.report_id)
    if claim.kind_of_speaker == "report":
        if claim.via:
            return f"outlet:{claim.via.casefold()}", f"{claim.via} (cited by the report)"
        return f"report:{claim.report_id}", f"report {rid}, own voice"
    who = claim.speaker_role or claim.kind_of_speaker
    if claim.via:
        return f"via:{claim.via.casefold()}:{who.casefold()}", f"{who} (via {claim.via})"
    return f"speaker:{claim.report_id}:{who.casefold()}", f"{who}, in report {rid}"


def origins(scenario: Scenario, claims: Iterable[Claim] | None = None) -> tuple[Origin, ...]:
    """The origins of ``claims`` (default: all the scenario's claims), largest first.

    Claims join one origin when they share an ``origin`` key, come through the same outlet from
    the same speaker, or quote the same words (at least four) for the same measure and subject
    in different reports: the same official quote carried by four reports is one statement.
    """
    pool = list(scenario.claims if claims is None else claims)
    keys = [origin_key(c) for c in pool]
    out = []
    for members in connected(len(pool), _same_origin(pool, keys)):
        named = [keys[i] for i in members if keys[i][0].startswith("statement:")]
        key, label = named[0] if named else keys[members[0]]
        out.append(Origin(key, label, tuple(pool[i] for i in members)))
    out.sort(key=lambda o: (-len(o.reports), -len(o.claims), o.key))
    return tuple(out)


def _same_origin(pool: list[Claim], keys: list[tuple[str, str]]) -> Iterator[tuple[int, int]]:
    """Pairs of claims in ``pool`` that share an origin key or quote the same words."""
    first: dict[str, int] = {}
    quoted: dict[tuple, int] = {}
    for i, (c, (key, _)) in enumerate(zip(pool, keys, strict=True)):
        if key in first:
            yield i, first[key]
        first.setdefault(key, i)
        words = tuple(_WORD.findall(c.quote.lower()))
        if c.kind_of_speaker != "report" and len(words) >= MIN_SHARED_QUOTE_WORDS:
            qkey = (c.measure, c.subject.casefold(), c.status, words)
            if qkey in quoted:
                yield i, quoted[qkey]
            quoted.setdefault(qkey, i)


def backing(scenario: Scenario, claims: Sequence[Claim]) -> str:
    """How many reports and how many independent origins back these claims:
    "4 reports, 1 origin"."""
    reports = len({c.report_id for c in claims})
    n = len(origins(scenario, claims)) if claims else 0
    return f"{reports} report{'s' * (reports != 1)}, {n} origin{'s' * (n != 1)}"


def sources_table(scenario: Scenario) -> list[dict]:
    """One row per origin: the reports and claims that rest on it."""
    rows = []
    for o in origins(scenario):
        rows.append(
            {
                "origin": o.label,
                "reports": ", ".join(short_id(r) for r in o.reports),
                "n_reports": len(o.reports),
                "n_claims": len(o.claims),
                "claims": ", ".join(short_ref(c) for c in o.claims),
                "unreviewed": sum(c.review == "pending" for c in o.claims),
            }
        )
    return rows


def _split_quoted(text: str) -> tuple[list[list[str]], list[list[str]]]:
    """Word runs inside quotation marks, and the runs between them."""
    inside = [_WORD.findall(m.group().lower()) for m in _QUOTED.finditer(text)]
    outside = [_WORD.findall(part.lower()) for part in _QUOTED.split(text)]
    return inside, outside


def _grams(runs: Iterable[list[str]], n: int) -> set[tuple[str, ...]]:
    return {tuple(run[i : i + n]) for run in runs for i in range(len(run) - n + 1)}


def wording_overlap(texts: Mapping[str, str], n: int = 8) -> list[dict]:
    """For each pair of report texts: how many word ``n``-grams they share inside quotation
    marks in either (shared quotations) and outside them in both (shared wording of their own),
    and that shared wording as a share of the smaller text's own wording."""
    split = {rid: _split_quoted(text) for rid, text in texts.items()}
    rows = []
    for a, b in itertools.combinations(sorted(texts), 2):
        (qa, oa), (qb, ob) = split[a], split[b]
        quoted_a, quoted_b = _grams(qa, n), _grams(qb, n)
        outside_a, outside_b = _grams(oa, n), _grams(ob, n)
        # a quotation one report marks and the other runs into its text is still a quotation
        quoted = (quoted_a & (quoted_b | outside_b)) | (quoted_b & (quoted_a | outside_a))
        outside = (outside_a & outside_b) - quoted
        smaller = min(len(outside_a), len(outside_b)) or 1
        rows.append(
            {
                "report_a": short_id(a),
                "report_b": short_id(b),
                "n": n,
                "shared_in_quotes": len(quoted),
                "shared_outside_quotes": len(outside),
                "outside_share": round(len(outside) / smaller, 4),
            }
        )
    return rows
