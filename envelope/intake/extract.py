"""From an article's text to a draft: the report record and every claim found, in text order."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace

from .authorizations import authorization_findings
from .dates import ReportDate, date_findings, report_date
from .gazetteer import Gazetteer, Weapon, load_gazetteer
from .model import Finding, Unclassified
from .overlap import Fingerprint, Overlap, compare, short_id
from .patterns import pattern
from .rules import distance_findings
from .speakers import cited_outlets, outlets
from .subjects import last_mention, weapon_mentions
from .text import paragraphs

#: The measures a draft holds, in the order its summary counts them.
MEASURE_ORDER = (
    "weapon_range",
    "authorized_depth",
    "place_distance",
    "authorization",
    "event_date",
)
_BYLINE = pattern("extract.byline")
_PUBLISHER = pattern("extract.publisher")
_REACH_QUESTION = pattern("extract.reach_question")
_GROUPS = pattern("extract.groups")


@dataclass(frozen=True)
class Draft:
    """Everything intake found in one article, ready to be written as a user scenario."""

    report_id: str
    source: str
    title: str
    outlet: str
    outlet_note: str
    byline: str
    attributions: tuple[str, ...]
    date: ReportDate
    paragraphs: int
    findings: tuple[Finding, ...]
    unclassified: tuple[Unclassified, ...]
    overlaps: tuple[Overlap, ...] = ()

    def counts(self) -> dict[str, int]:
        """Claims per measure, in ``MEASURE_ORDER``, leaving out measures with none."""
        out = {m: sum(1 for f in self.findings if f.measure == m) for m in MEASURE_ORDER}
        return {m: n for m, n in out.items() if n}


def intake_text(
    text: str,
    *,
    report_id: str,
    source: str = "article",
    outlet: str = "",
    date: dt.date | None = None,
    gazetteer: Gazetteer | None = None,
    known: Mapping[str, Fingerprint] | None = None,
    known_outlets: Mapping[str, Iterable[str]] | None = None,
    known_origins: Mapping[tuple[str, int], Iterable[str]] | None = None,
) -> Draft:
    """Find the claims of an article (``text``, already checked as plain text)."""
    gaz = gazetteer or load_gazetteer()
    pars = paragraphs(text)
    when = report_date(pars, date)
    findings: list[Finding] = []
    loose: list[Unclassified] = []
    previous = question = None
    for par in pars:
        mentions = weapon_mentions(par.text, gaz)
        found, unread = distance_findings(par, mentions, previous, gaz, question)
        question = _range_question(par.text, mentions)
        findings += found
        loose += unread
        if not (par.number == 1 and _looks_like_headline(par.text)):  # the body says it too
            findings += authorization_findings(par, mentions)
        previous = last_mention(mentions) or previous
    findings += date_findings(pars, when)
    findings.sort(key=lambda f: (f.paragraph, f.offset, MEASURE_ORDER.index(f.measure)))
    title = _title(pars[0].text) if pars and _looks_like_headline(pars[0].text) else ""
    byline = next((m.group("name") for p in pars if (m := _BYLINE.match(p.text))), "")
    found_outlet, note = _outlet(pars, outlet)
    cited = [o for o in cited_outlets(text) if o != found_outlet]
    groups = []
    for m in _GROUPS.finditer(text):
        g = " ".join(m.group("g").split())
        if g.lower() not in (x.lower() for x in groups):
            groups.append(g)
    overlaps = compare(text, known, known_outlets) if known else ()
    findings = [_shared_origin(f, overlaps, known_origins or {}) for f in findings]
    return Draft(
        report_id=report_id,
        source=source,
        title=title,
        outlet=found_outlet,
        outlet_note=note,
        byline=byline,
        attributions=tuple(cited + groups)[:10],
        date=when,
        paragraphs=len(pars),
        findings=tuple(findings),
        unclassified=tuple(loose),
        overlaps=overlaps,
    )


def _range_question(text: str, mentions) -> Weapon | None:
    """The weapon of a question about reach ("How far can the ATACMS fly?"), if ``text`` is one."""
    if not text.rstrip().endswith("?") or not _REACH_QUESTION.search(text) or not mentions:
        return None
    return mentions[-1].weapon


def _shared_origin(
    f: Finding, overlaps: Iterable[Overlap], origins: Mapping[tuple[str, int], Iterable[str]]
) -> Finding:
    """A claim inside a quotation a known report also carries is that report's statement: say
    so in the note, and take its ``origin`` when the known claims there name exactly one."""
    where, found = [], set()
    for o in overlaps:
        for par, a, b, theirs in o.spans:
            if par == f.paragraph and a <= f.offset < b:
                where.append(f"{short_id(o.report_id)} par. {theirs}")
                found |= set(origins.get((o.report_id, theirs), ()))
    if not where:
        return f
    note = "; ".join(x for x in (f.note, "quotation also in " + ", ".join(sorted(where))) if x)
    return replace(f, note=note, origin=found.pop() if len(found) == 1 else f.origin)


def _looks_like_headline(text: str) -> bool:
    t = text.strip()
    return len(t.split()) <= 20 and not t.endswith((".", ":", "?”", ".”"))


def _title(text: str) -> str:
    """A headline cut below 12 words (the project never holds 12 words of a report)."""
    w = text.split()
    return " ".join(w) if len(w) < 12 else " ".join(w[:10]) + " [...]"


def _outlet(pars, given: str) -> tuple[str, str]:
    if given:
        return given, "Given with --outlet."
    for par in pars[:4]:  # a wire dateline: "KYIV, Oct 17 (Reuters) -"
        m = re.search(r"\((?P<o>[A-Z][\w .&'-]{1,40})\)\s*[-–—]", par.text)
        if m and m.group("o") in outlets():
            return m.group("o"), f"Named in the dateline (par. {par.number}); check it."
    for par in reversed(pars):
        m = _PUBLISHER.search(par.text)
        if m:
            name = m.group("o").strip(" .")
            return name, f"Named as publisher in par. {par.number}; check it."
    return "", "No outlet found in the text; pass --outlet."
