"""Permissions and prohibitions in report text: which weapon (or US weapons in general), allowed or
prohibited, for what scope (the Kharkiv area, deep strikes)."""

from __future__ import annotations

import re
from collections.abc import Sequence

from .gazetteer import Mention
from .model import Finding
from .patterns import pattern
from .speakers import speaker_for
from .text import Paragraph, sentences, short_quote

_ALLOW = pattern("authorizations.allow")
_DENY = pattern("authorizations.deny")
_SUPPLY = pattern("authorizations.supply")
_STRIKE = pattern("authorizations.strike")
_GENERIC = pattern("authorizations.generic")
_EXCLUSION = pattern("authorizations.exclusion")
_NEGATED_NAME = r"(?:but\s+not|except(?:\s+for)?|excluding|not\s+including|other\s+than)\s+"


def authorization_findings(par: Paragraph, mentions: Sequence[Mention]) -> list[Finding]:
    """One claim per subject and status in each sentence that allows or forbids strikes."""
    text = par.text
    out: list[Finding] = []
    seen: set[tuple[str, str]] = set()
    for sent in sentences(text):
        allow = list(_ALLOW.finditer(sent.text))
        deny = list(_DENY.finditer(sent.text))
        if not allow and not deny:
            continue
        if not _STRIKE.search(sent.text) and _SUPPLY.search(sent.text):
            continue  # delivering a weapon is not permission to fire it into Russia
        end = sent.start + len(sent.text)
        subjects = [
            (m.weapon.name, m.start - sent.start, m.end - sent.start)
            for m in mentions
            if sent.start <= m.start < end
        ]
        for g in _GENERIC.finditer(sent.text):
            subjects.append(("US weapons", g.start(), g.end()))
        if not subjects:
            continue
        scope = _scope(sent.text) or _scope(text)
        for name, a, b in sorted(subjects, key=lambda s: s[1]):
            status, cue = _status(sent.text, a, b, allow, deny)
            if status is None or (name, status) in seen:
                continue
            if status == "allowed" and _SUPPLY.search(sent.text[max(0, a - 40) : a]):
                continue  # "permitted the transfer of ATACMS"
            seen.add((name, status))
            who = speaker_for(text, sent, sent.start + a)
            weapon = next((m.weapon for m in mentions if m.weapon.name == name), None)
            out.append(
                Finding(
                    "authorization",
                    name,
                    par.number,
                    short_quote(text, sent.start + cue.start(), sent.start + cue.end()),
                    offset=sent.start + a,
                    status=status,
                    scope=scope,
                    speaker=who.kind,
                    speaker_role=who.role,
                    via=who.via,
                    affiliation=who.affiliation,
                    weapon=weapon,
                )
            )
    return out


def _status(sentence: str, a: int, b: int, allow: list, deny: list):
    """Allowed or prohibited for the subject at ``[a, b)``, and the cue that says so.

    "but not X" and "except X" prohibit X. Otherwise the cue nearest before the subject in its
    clause decides (else the first after it); a permission word governed by a denial ("not
    allowed", "stance against allowing") counts as a denial, and a denial inside a permission
    ("lifted restrictions") as part of it.
    """
    before = sentence[max(0, a - 40) : a]
    if re.search(_NEGATED_NAME + r"(?:the\s+)?(?:[\w-]+\s+){0,2}$", before, re.IGNORECASE):
        cue = next((d for d in reversed(deny) if d.end() <= a), None) or _first(deny + allow)
        return "prohibited", cue
    # "except X" / "but not X" speaks of X, not of the subjects before it
    deny = [d for d in deny if not (d.start() >= b and _EXCLUSION.match(d.group(0)))]
    deny = [d for d in deny if not any(_within(d, x) for x in allow)]
    cues = [(d, "prohibited") for d in deny]
    for x in allow:
        governed = any(_overlap(d, x) or 0 <= x.start() - d.end() <= 12 for d in deny)
        if not governed:
            cues.append((x, "allowed"))
    if not cues:
        return None, None
    lo, hi = _clause_around(sentence, a, b)
    local = [c for c in cues if lo <= c[0].start() < hi] or cues
    preceding = [c for c in local if c[0].end() <= a]
    if preceding:
        cue, status = max(preceding, key=lambda c: c[0].start())
    else:
        cue, status = min(local, key=lambda c: c[0].start())
    return status, cue


def _within(inner: re.Match, outer: re.Match) -> bool:
    return outer.start() <= inner.start() and inner.end() <= outer.end()


def _overlap(x: re.Match, y: re.Match) -> bool:
    return x.start() < y.end() and y.start() < x.end()


def _clause_around(sentence: str, a: int, b: int) -> tuple[int, int]:
    breaks = [
        m.start() for m in re.finditer(r"[;:]|,\s+(?:but|however|while|although)\b|\.", sentence)
    ]
    lo = max([x for x in breaks if x < a], default=0)
    hi = min([x for x in breaks if x >= b], default=len(sentence))
    return lo, hi


def _first(matches: list):
    return min(matches, key=lambda m: m.start()) if matches else None


def _scope(sentence: str) -> str:
    if re.search(r"\bkharkiv", sentence, re.I):
        return "kharkiv"
    if re.search(
        r"\b(deep(?:er)?|long-range strikes|anywhere|far(?:ther|ther)? into)\b", sentence, re.I
    ):
        return "deep"
    return ""
