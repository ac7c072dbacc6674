"""How much a new report shares with the known ones: the same quotations, the same wording outside
quotation marks (shared runs of words), the same cited outlets. Shared wording means shared
origin, so the counts keep "four reports" from passing for four independent sources.

The known reports' texts live outside the package; ``fingerprints.json`` holds only hashes of
their word runs (no text), built by ``scripts/intake_fingerprints.py``.
"""

from __future__ import annotations

import hashlib
import json
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

from .speakers import cited_outlets
from .text import Paragraph, paragraphs, quoted_spans, short_quote, words

FINGERPRINTS = Path(__file__).with_name("fingerprints.json")
#: Length of the word runs compared; six words shared is rarely chance.
RUN = 6


@dataclass(frozen=True)
class Fingerprint:
    """Hashed word runs of a report (each with its paragraph), inside and outside quotation
    marks, and its cited outlets."""

    quoted: Mapping[str, int]
    outside: Mapping[str, int]
    outlets: tuple[str, ...]


@dataclass(frozen=True)
class Overlap:
    """What the new report shares with one known report."""

    report_id: str
    quotations: tuple[tuple[int, str], ...]  # (paragraph, at most six words) of shared quotes
    quoted_runs: int  # shared runs inside the new report's quotation marks
    outside_runs: int  # shared runs outside them: the same wording, not a quotation
    outlets: tuple[str, ...]  # outlets both cite
    outside_total: int = 0  # the new report's runs outside quotes, for the share
    spans: tuple[tuple[int, int, int, int], ...] = ()  # (paragraph, start, end, their paragraph)

    @property
    def any(self) -> bool:
        return bool(self.quotations or self.outside_runs or self.outlets)

    def describe(self) -> str:
        """ "002: 1 shared quotation, 14 shared 6-word runs outside quotes, both cite Fox News"."""
        parts = []
        if self.quotations:
            n = len(self.quotations)
            parts.append(f"{n} shared quotation{'s' if n != 1 else ''}")
        if self.outside_runs:
            n = self.outside_runs
            share = n / self.outside_total if self.outside_total else 0.0
            pct = f", {share:.0%} of its own" if share >= 0.01 else ", under 1% of its own"
            runs = "run" if n == 1 else "runs"
            parts.append(f"{n} shared {RUN}-word {runs} outside quotes{pct}")
        if self.outlets:
            parts.append("both cite " + ", ".join(self.outlets))
        return f"{short_id(self.report_id)}: " + ", ".join(parts)


def _hash(gram: Iterable[str]) -> str:
    return hashlib.blake2b(" ".join(gram).encode(), digest_size=5).hexdigest()


def _runs(tokens: list[str]) -> set[str]:
    return {_hash(tokens[i : i + RUN]) for i in range(len(tokens) - RUN + 1)}


def _numbered(runs: set[str], number: int, into: dict[str, int]) -> None:
    for run in runs:
        into.setdefault(run, number)


def _split(par: Paragraph) -> tuple[list[str], list[tuple[int, int, str]]]:
    """A paragraph's text outside quotes (as one string) and its quoted spans."""
    spans = quoted_spans(par.text)
    outside, last = [], 0
    for a, b in spans:
        outside.append(par.text[last:a])
        last = b
    outside.append(par.text[last:])
    return outside, [(a, b, par.text[a:b]) for a, b in spans]


def fingerprint(text: str) -> Fingerprint:
    """Hashed runs of ``text`` (inside and outside quotation marks) and the outlets it names."""
    quoted: dict[str, int] = {}
    outside: dict[str, int] = {}
    for par in paragraphs(text):
        pieces, spans = _split(par)
        for piece in pieces:
            _numbered(_runs(words(piece)), par.number, outside)
        for _, _, quote in spans:
            _numbered(_runs(words(quote)), par.number, quoted)
    return Fingerprint(quoted, outside, cited_outlets(text))


def load_fingerprints(path: Path = FINGERPRINTS) -> dict[str, Fingerprint]:
    """The packaged fingerprints of the known reports, by report id."""
    if not path.is_file():
        return {}
    data = json.loads(path.read_text(encoding="utf-8"))

    def runs(text: str) -> dict[str, int]:
        return {h: int(n) for h, _, n in (item.partition(":") for item in text.split())}

    return {
        rid: Fingerprint(runs(entry["quoted"]), runs(entry["outside"]), tuple(entry["outlets"]))
        for rid, entry in data["reports"].items()
    }


def dump_fingerprints(prints: Mapping[str, Fingerprint]) -> str:
    """JSON for ``fingerprints.json`` (hashes sorted, so rebuilding is reproducible)."""

    def runs(table: Mapping[str, int]) -> str:
        return " ".join(f"{h}:{n}" for h, n in sorted(table.items()))

    data = {
        "note": f"blake2b-40 hashes of {RUN}-word runs of the known reports, each with its "
        "paragraph; no text. Rebuild: scripts/intake_fingerprints.py",
        "run": RUN,
        "reports": {
            rid: {
                "quoted": runs(fp.quoted),
                "outside": runs(fp.outside),
                "outlets": list(fp.outlets),
            }
            for rid, fp in sorted(prints.items())
        },
    }
    return json.dumps(data, indent=1) + "\n"


def compare(
    text: str,
    known: Mapping[str, Fingerprint],
    known_outlets: Mapping[str, Iterable[str]] | None = None,
) -> tuple[Overlap, ...]:
    """The new report's overlap with each known report that shares anything, most first.

    ``known_outlets`` adds outlets a known report's record credits (its attributions).
    """
    pars = paragraphs(text)
    new_outlets = cited_outlets(text)
    out = []
    split = [
        (par, [_runs(words(p)) for p in pieces], [(a, b, _runs(words(q))) for a, b, q in spans])
        for par in pars
        for pieces, spans in [_split(par)]
    ]
    for rid, fp in known.items():
        everything = {**fp.outside, **fp.quoted}
        quotations: list[tuple[int, str]] = []
        shared_spans: list[tuple[int, int, int, int]] = []
        quoted_runs = outside_runs = 0
        for par, piece_runs, span_runs in split:
            for runs in piece_runs:
                outside_runs += len(runs & everything.keys())
            for a, b, runs in span_runs:
                shared = runs & everything.keys()
                if shared:
                    quoted_runs += len(shared)
                    quotations.append((par.number, short_quote(par.text, a, b)))
                    counts = Counter(everything[h] for h in shared)
                    theirs = min(counts, key=lambda n: (-counts[n], n))  # ties: first paragraph
                    shared_spans.append((par.number, a, b, theirs))
        theirs = set(fp.outlets) | set((known_outlets or {}).get(rid, ()))
        common = tuple(o for o in new_outlets if any(o.lower() in t.lower() for t in theirs))
        overlap = Overlap(
            rid,
            tuple(quotations),
            quoted_runs,
            outside_runs,
            common,
            len(set().union(*(r for _, pieces, _ in split for r in pieces))),
            tuple(shared_spans),
        )
        if overlap.any:
            out.append(overlap)
    out.sort(key=lambda o: (-(len(o.quotations) + o.outside_runs), o.report_id))
    return tuple(out)


def summary_line(overlaps: tuple[Overlap, ...]) -> str:
    """One line for stderr."""
    if not overlaps:
        return "overlap with the known reports: none"
    return "overlap with the known reports: " + "; ".join(o.describe() for o in overlaps)


def short_id(report_id: str) -> str:
    head = report_id.split("_", 1)[0]
    return head if head.isdigit() and "_" in report_id else report_id
