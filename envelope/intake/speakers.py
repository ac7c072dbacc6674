"""Who makes a claim: the report's own voice, or the official, source or outlet the text credits.

Types follow the seeds schema: report, named_official, anonymous_official, anonymous_source,
other. The role is a few words of the text's own description ("senior American official").
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from pathlib import Path

from .patterns import pattern
from .text import Sentence, inside, quoted_spans

OUTLETS_FILE = Path(__file__).with_name("outlets.txt")
_VERBS = (
    r"said|says|told|tells|stated|states|added|adds|explained|noted|asserted|insisted|claimed"
    r"|wrote|warned|confirmed|argued|believes?|estimated|reported|described"
)
_ATTRIB_BEFORE = re.compile(
    rf"(?P<who>(?:[\w.’'-]+\s+){{0,7}}?[\w.’'-]+)\s+(?:{_VERBS})\b(?!\s+by\b)",
)
_ATTRIB_BY = pattern("speakers.attrib_by")
_ATTRIB_AFTER = re.compile(
    rf"^[\s,”\"’]*(?:{_VERBS})\s+(?P<who>[^.;:“”\",]{{2,90}})",
)
_ACCORDING = pattern("speakers.according")
_OFFICIAL = pattern("speakers.official")
_SOURCE = pattern("speakers.source")
_ANON = pattern("speakers.anon")
_NAME = pattern("speakers.name")
_SPEAKER_NOUN = pattern("speakers.speaker_noun")
_PASSIVE = pattern("speakers.passive")
_SIDES = (
    ("US", r"\bU\.\s?S\.|\b(?:US|American|Pentagon|White House|Washington)\b"),
    ("Ukraine", r"\b(?:Ukrain\w*|Kyiv|Zelensk\w*)"),
    ("Russia", r"\b(?:Russia\w*|Kremlin|Moscow)"),
    ("Germany", r"\b(?:German\w*|Berlin)"),
    ("UK", r"\b(?:British|Britain|UK|London)\b"),
    ("France", r"\b(?:French|France|Paris)\b"),
)
_NOT_NAMES = pattern("speakers.not_names")


@functools.cache
def outlets() -> tuple[str, ...]:
    """News outlets and agencies the text may cite, longest first (read once: a data file)."""
    names = [
        line.strip()
        for line in OUTLETS_FILE.read_text(encoding="utf-8").splitlines()
        if line.strip() and not line.startswith("#")
    ]
    return tuple(sorted(set(names), key=len, reverse=True))


@functools.cache
def _outlet_pattern(names: tuple[str, ...]) -> re.Pattern:
    return re.compile(r"(?<![A-Za-z])(?:" + "|".join(map(re.escape, names)) + r")(?![A-Za-z])")


def cited_outlets(text: str, names: tuple[str, ...] | None = None) -> tuple[str, ...]:
    """The outlets ``text`` names, in order of first mention (longest name wins)."""
    seen: list[str] = []
    for m in _outlet_pattern(names if names is not None else outlets()).finditer(text):
        if m.group(0) not in seen:
            seen.append(m.group(0))
    return tuple(seen)


@dataclass(frozen=True)
class Speaker:
    """Who makes a claim: schema type, role in the text's words, outlet quoted through, side."""

    kind: str = "report"
    role: str = ""
    via: str = ""
    affiliation: str = ""


def speaker_for(paragraph: str, sentence: Sentence, offset: int) -> Speaker:
    """The speaker of a claim at ``offset`` in ``paragraph`` (the report's own voice if none)."""
    spans = quoted_spans(paragraph)
    quoted = inside(spans, offset, offset + 1)
    text = _segment(sentence, offset)
    who, after = "", ""
    m = _ACCORDING.search(text)
    if m:
        who = m.group("who")
    if not who and (quoted or _said_clause(text)):
        for m in list(_ATTRIB_BY.finditer(text)) + list(_ATTRIB_BEFORE.finditer(text)):
            if _SPEAKER_NOUN.search(m.group("who")) and not _PASSIVE.search(m.group("who")):
                who, after = _tail(m.group("who")), text[m.end() : m.end() + 40]
                break
        if not who:
            m = _ATTRIB_AFTER.search(text[text.rfind("”") + 1 :] if "”" in text else "")
            if m:
                who = m.group("who")
    if not who and quoted:  # "..." he said: look at the whole paragraph
        for m in _ATTRIB_BEFORE.finditer(paragraph):
            if _SPEAKER_NOUN.search(m.group("who")) and not _PASSIVE.search(m.group("who")):
                who = _tail(m.group("who"))
    outlet = _as_outlet(who)
    if outlet:  # "according to CNN": the report's own voice, citing an outlet
        return Speaker("report", "", outlet)
    if not who or not _SPEAKER_NOUN.search(who) or _PASSIVE.search(who):
        return Speaker()
    via = next(iter(cited_outlets(who)), "")
    told = re.match(r"\s*(?:to\s+)?(?:the\s+)?(.+)", after)
    if not via and told:  # "an official told the BBC"
        via = next((o for o in outlets() if told.group(1).startswith(o)), "")
    if not via and quoted:
        via = next(iter(cited_outlets(text)), "")
    return Speaker(classify(who), _role(who), via, _affiliation(who))


def _segment(sentence: Sentence, offset: int) -> str:
    """The part of the sentence holding ``offset``: attributions do not cross "; although"."""
    at = offset - sentence.start
    cuts = [0]
    cuts += [
        m.start() for m in re.finditer(r";|\b(?:although|though|however|whereas)\b", sentence.text)
    ]
    start = max(c for c in cuts if c <= max(at, 0))
    ends = [c for c in cuts if c > at]
    return sentence.text[start : min(ends) if ends else len(sentence.text)]


def _as_outlet(who: str) -> str:
    name = re.sub(r"^the\s+", "", who.strip(" .,"), flags=re.I)
    return name if name in outlets() else ""


def _affiliation(who: str) -> str:
    for side, regex in _SIDES:
        if re.search(regex, who):
            return side
    return ""


def classify(who: str) -> str:
    """The schema's speaker type for a phrase naming the speaker."""
    if _SOURCE.search(who):
        return "anonymous_source"
    if _OFFICIAL.search(who):
        names = [n for n in _NAME.findall(who) if not _NOT_NAMES.match(n)]
        if names and not _ANON.search(who):
            return "named_official"
        return "anonymous_official"
    return "other"


def _tail(who: str) -> str:
    """The speaker's own words: after the last "that", "which", "and" or "as"."""
    parts = re.split(r"\b(?:that|which|and|as|but|while|when|after|before|though|although)\s+", who)
    tail = parts[-1] if _SPEAKER_NOUN.search(parts[-1]) else who
    return re.sub(r"(?:\s+(?:have|has|had|was|were|is|are|also|later|then))+$", "", tail.strip())


def _said_clause(text: str) -> bool:
    return bool(re.search(rf"\b(?:{_VERBS})\b(?:\s+that)?", text))


def _role(who: str) -> str:
    """The speaker's description, at most eight words, with the outlet as ", via X"."""
    text = re.sub(r"^(?:a|an|the|one)\s+", "", " ".join(who.split()), flags=re.I)
    outlet = re.search(r"\b(?:told|to)\s+(?:the\s+)?([A-Z][\w.]*(?:\s+[A-Z][\w.]*){0,3})", text)
    if outlet:
        text = text[: outlet.start()]
        text = re.sub(r"\s+(?:who|which|that)(?:\s+\w+)?\s*$", "", text.strip(" ,"))
    role = " ".join(text.split()[:8]).strip(" ,")
    return f"{role}, via {outlet.group(1)}" if outlet else role
