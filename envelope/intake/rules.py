"""What a distance in a report is: a weapon's range, an authorized depth, a place's distance from
the border, or none of these. Rules read the words around each figure, never the figure alone, so
a town 30 km from the border or a count of missiles is never taken for a range.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from .gazetteer import Gazetteer, Mention, Weapon
from .model import Finding, Unclassified
from .patterns import pattern
from .quantities import Quantity, find_quantities, qualifier_class
from .speakers import speaker_for
from .subjects import (
    EXTENDED,
    PLACE_NOUN,
    UNNAMED,
    WEAPON_NOUN,
    depth_subject,
    extended_variant,
    generic_weapon,
    heading,
    indefinite_kind,
    place_subject,
    weapon_for,
)
from .text import Paragraph, Sentence, sentences, short_quote

_BORDER = pattern("rules.border")
_DIRECTION = pattern("rules.direction")
_FROM_PLACE = pattern("rules.from_place")
_DISTANCE_TO = pattern("rules.distance_to")
_DEPTH_OF = pattern("rules.depth_of")
_COPULA = pattern("rules.copula")
_RANGES_HEADING = pattern("rules.ranges_heading")
_TARGETS = pattern("rules.targets")
_FIRE = pattern("rules.fire")
_INSIDE = pattern("rules.inside")
_DEEP = pattern("rules.deep")
_ZONE = pattern("rules.zone")
_AUTH = pattern("rules.auth")
_CAPABILITY = pattern("rules.capability")
_RANGE_AFTER = pattern("rules.range_after")
_RANGE_LABEL = pattern("rules.range_label")
_ZONE_WORD = pattern("rules.zone_word")
_NEGATION = pattern("rules.negation")
_PARALLEL = pattern("rules.parallel")
_AWAY = pattern("rules.away")
_STRIKE = pattern("rules.strike")
_CLAUSE_BREAK = pattern("rules.clause_break")


def distance_findings(
    par: Paragraph,
    mentions: Sequence[Mention],
    previous: Mention | None = None,
    gaz: Gazetteer | None = None,
    question: Weapon | None = None,
) -> tuple[list[Finding], list[Unclassified]]:
    """Range, depth and place-distance claims of one paragraph, plus distances left unread.

    ``mentions`` are the paragraph's weapon names (:func:`weapon_mentions`); ``previous`` is the
    last weapon named in an earlier paragraph, for "The missile can fly ..."; ``question`` the
    weapon of a question this paragraph answers ("How far can ATACMS fly?" / "Up to 300 km").
    """
    text = par.text
    quantities = find_quantities(text)
    findings: list[Finding] = []
    loose: list[Unclassified] = []
    sents = sentences(text)
    last_kind: dict[int, str | None] = {}
    last_weapon: Weapon | None = None
    topic, topic_end = heading(text, mentions)
    if topic is None and question is not None:
        topic, topic_end = question, 0
    for i, q in enumerate(quantities):
        sent = _sentence_at(sents, q.number_start)
        nxt = quantities[i + 1].start if i + 1 < len(quantities) else len(text)
        prev_end = quantities[i - 1].end if i > 0 else 0
        left = text[max(sent.start, prev_end) : q.start]
        clause = _clause(left)
        right = text[q.end : min(nxt, sent.start + len(sent.text) + 1, q.end + 80)]
        kind, extra = _classify(q, clause, left, right, sent.text)
        if kind is None and topic is not None and not text[topic_end : q.start].strip(" ,"):
            kind = "weapon_range"  # "• ATACMS – up to 300 km": a list of weapons and ranges
        measured = _DISTANCE_TO.search(left)
        if kind is None and measured:  # "the distance to the target was over 150 km"
            kind, extra = "place_distance", ""
        if kind is None and question is not None and i == 0:
            kind = "weapon_range"  # the answer's first figure
        named_here = any(  # a name just before the figure: "the British Storm Shadow about 250 km"
            max(sent.start, prev_end) <= m.start < q.start
            and re.fullmatch(r"[\s,:–—-]*(?:[\w-]+\s+)?", text[m.end : q.start])
            for m in mentions
        )
        in_sentence = any(sent.start <= m.start < q.start for m in mentions)
        if kind is None and (
            (named_here and last_kind.get(sent.start) == "weapon_range")
            or (in_sentence and _RANGES_HEADING.match(text))
        ):
            kind = "weapon_range"  # "X reaches 300 km; Y about 250 km", or under "Ranges."
        parallel = _PARALLEL.search(left) and len(left.split()) <= 4  # ", against 280 km"
        if kind is None and last_kind.get(sent.start) == "weapon_range" and parallel:
            kind = "weapon_range"  # "about 1,000 km, against 280 km for the older version"
        last_kind[sent.start] = kind
        quote = short_quote(text, q.start, q.end)
        if kind is None:
            loose.append(Unclassified(par.number, quote, q.value, q.unit))
            continue
        who = speaker_for(text, sent, q.number_start)
        common = dict(
            paragraph=par.number,
            quote=quote,
            offset=q.start,
            value=q.value,
            unit=q.unit,
            qualifier=q.qualifier,
            qualifier_class=qualifier_class(q.qualifier),
            alternate=q.alternate.label if q.alternate else "",
            speaker=who.kind,
            speaker_role=who.role,
            via=who.via,
            affiliation=who.affiliation,
        )
        inside = kind == "weapon_range" and extra == "inside"
        if kind == "weapon_range":
            cues = list(_CAPABILITY.finditer(left))
            cue_at = q.start - len(left) + cues[-1].start() if cues else q.start
            named = any(m.start < q.start for m in mentions)  # in the paragraph so far
            kind_here = indefinite_kind(clause)
            if kind_here is not None and not named:  # "launch glide bombs with a range of"
                weapon = kind_here
            else:
                weapon = weapon_for(q, mentions, sent, cue_at, previous, last_weapon, topic)
            last_weapon = weapon or last_weapon
            if weapon is not None and gaz is not None and EXTENDED.search(left):
                weapon = extended_variant(weapon, gaz) or weapon
            if weapon is None and WEAPON_NOUN.search(sent.text) and not inside:
                # a range of a weapon the text does not name: kept under its kind, flagged
                weapon = generic_weapon(text[sent.start : q.start]) or UNNAMED
            if inside and (weapon is None or weapon.generic):
                kind, extra = "place_distance", "Russian border"  # "advanced 10 km into Russia"
            elif weapon is None:
                loose.append(Unclassified(par.number, quote, q.value, q.unit))
                continue
        if kind == "weapon_range":
            note = "" if q.band_low is None else f"the text gives a band from {q.band_low:g}"
            findings.append(
                Finding("weapon_range", weapon.name, weapon=weapon, note=note, **common)
            )
            if q.band_low is not None:
                low = {**common, "value": q.band_low, "alternate": "", "offset": q.start - 1}
                findings.append(
                    Finding(
                        "weapon_range",
                        weapon.name,
                        weapon=weapon,
                        note=f"lower end of a band to {q.value:g}",
                        **low,
                    )
                )
        else:
            if kind == "authorized_depth":
                subject = depth_subject(q, mentions, sent, text)
                scope = "kharkiv" if re.search(r"kharkiv", text, re.I) else ""
                extra_keys = {"scope": scope}
            else:
                subject = place_subject(text[sent.start : q.start], mentions, sent.start)
                if measured:
                    subject = measured.group("subject")
                extra_keys = {"reference": extra}
            if subject == "":
                loose.append(Unclassified(par.number, quote, q.value, q.unit))
                continue
            findings.append(Finding(kind, subject, **extra_keys, **common))
            if q.band_low is not None:  # "15 to 25 miles inside Russia": both ends
                low = {**common, "value": q.band_low, "alternate": "", "offset": q.start - 1}
                note = f"lower end of a band to {q.value:g}"
                findings.append(Finding(kind, subject, note=note, **extra_keys, **low))
    return findings, loose


def _classify(
    q: Quantity, clause: str, left: str, right: str, sentence: str
) -> tuple[str | None, str]:
    """(measure, reference) for a figure from the words around it; (None, "") if unclear."""
    capability = bool(_CAPABILITY.search(clause) or _RANGE_LABEL.search(left))
    capability = capability or bool(_RANGE_AFTER.match(right))
    # "hitting targets 185 miles away" (generic targets); "hit a depot 30 km away" is an event
    capability = capability or bool(_AWAY.match(right) and _TARGETS.search(clause))
    if re.match(r"(?:tops?|maxes) out at|peaks at", q.qualifier):
        capability = True  # "tops out at 190 miles" says what a weapon reaches
    if _FIRE.search(clause) and qualifier_class(q.qualifier) == "up to":
        capability = True  # "rockets that fire up to 50 miles"
    authorizing = bool(_AUTH.search(sentence))
    border = _BORDER.match(right)
    if border and not re.match(r"^[\s,]*(?:away\s+)?from\s+(?:its|their|the)\s+launch", right):
        if authorizing and _STRIKE.search(left) and not PLACE_NOUN.search(clause):
            return "authorized_depth", ""
        return "place_distance", _reference(border)
    if _DEPTH_OF.search(left):  # "to depths of roughly 80 to 100 km"
        return "authorized_depth", ""
    if _AWAY.match(right) and not capability and _COPULA.search(clause):
        return "place_distance", ""  # "Belgorod is less than 40 km away"
    m = _DIRECTION.match(right) or _FROM_PLACE.match(right)
    if m and not capability:
        ref = m.group("ref")
        return "place_distance", "Russian border" if ref.lower() == "border" else ref
    if _INSIDE.match(right) or _DEEP.match(right) or _ZONE.match(right):
        if authorizing or _NEGATION.search(clause) or _ZONE_WORD.search(clause):
            return "authorized_depth", ""  # "could not strike more than 300 km into Russia"
        if capability and not _ZONE.match(right):
            return "weapon_range", "inside"  # "can strike 300 km into Russia": needs a name
        if _DEEP.match(right) or _ZONE.match(right):
            return "authorized_depth", ""
        return "place_distance", "Russian border"
    if capability:
        return "weapon_range", ""
    return None, ""


def _reference(border: re.Match) -> str:
    ref = border.group("ref").lower()
    country = border.group("country").strip().lower()
    if ref == "frontier":
        ref = "border"
    if ref.startswith("front") or ref in ("positions", "lines", "troops") or "contact" in ref:
        return "front line"
    if ref == "territory":
        return f"{border.group('country').strip()} territory".strip()
    if "ukrain" in country:
        return "Ukrainian border"
    if "belarus" in country:
        return "Belarusian border"
    return "Russian border"


def _clause(left: str) -> str:
    """The words since the last clause break (comma, parenthesis, dash) before a figure."""
    breaks = list(_CLAUSE_BREAK.finditer(left))
    return left[breaks[-1].end() :] if breaks else left


def _sentence_at(sents: Sequence[Sentence], offset: int) -> Sentence:
    for s in sents:
        if s.start <= offset < s.start + len(s.text) + 2:
            return s
    return sents[-1]
