"""What a distance in a report is: a weapon's range, an authorized depth, a place's distance from
the border, or none of these. Rules read the words around each figure, never the figure alone, so
a town 30 km from the border or a count of missiles is never taken for a range.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from .gazetteer import Gazetteer, Mention, Weapon
from .model import Finding, Unclassified
from .quantities import Quantity, find_quantities, qualifier_class
from .speakers import speaker_for
from .text import Paragraph, Sentence, sentences, short_quote

_BORDER = re.compile(
    r"^[\s,]*(?:(?:(?:away|back)\s+)?(?:from|of|off|short of|to)|behind)\s+(?:the\s+|its\s+)?"
    r"(?P<country>(?:(?:[A-Z][\w’'-]*|russian|ukrainian|northern|southern|eastern|western|state"
    r"|nearest|closest|[\w]+-(?:held|controlled))\s+){0,3})"
    r"(?P<ref>border|frontier|front\s*lines?|frontline|front|boundary|line of contact|contact line"
    r"|positions|lines|territory|troops)\b",
    re.IGNORECASE,
)
_DIRECTION = re.compile(
    r"^[\s,]*(?:to\s+the\s+)?(?:north|south|east|west|north-?east|north-?west|south-?east"
    r"|south-?west)(?:ward)?\s+of\s+(?:the\s+)?(?P<ref>[A-Z][\w’'-]+(?:\s+[A-Z][\w’'-]+)?|border)"
)
_FROM_PLACE = re.compile(
    r"^[\s,]*(?:away\s+)?from\s+(?:the\s+(?:city|town|village|port|capital)\s+of\s+)?"
    r"(?P<ref>[A-Z][\w’'-]+(?:\s+[A-Z][\w’'-]+)?)"
)
_INSIDE = re.compile(
    r"^[\s,]*(?:deep\s+)?(?:inside|into|within|in|beyond|past|across)\s+(?:the\s+)?"
    r"(?:russian|russia|ukrainian|ukraine|enemy|occupied|its\s+territory|the\s+country|territory"
    r"|border|frontier|front\s*line|[A-Z][a-z]+\s+(?:region|oblast|province))",
    re.IGNORECASE,
)
_DEEP = re.compile(r"^[\s-]*(?:\([^)]*\)\s*)?[\s-]*(?:deep|depth)\b", re.IGNORECASE)
_ZONE = re.compile(
    r"^[\s-]*(?:wide\s+|deep\s+|-deep\s+)?(?:zone|strip|buffer|belt|band|corridor)\b", re.I
)
_AUTH = re.compile(
    r"\b(permi(?:t|ts|tted|ssion|ssible)|allow(?:s|ed|ing)?|authori[sz]\w*|cleared|clearance"
    r"|approv\w*|green[- ]light\w*|restrict\w*|limit(?:s|ed)?|confin\w*|banned|prohibit\w*"
    r"|forbid\w*|rules? of engagement|may\b|go-ahead|capped|no deeper|no further|off-limits"
    r"|programmed|configured|modified so)",
    re.IGNORECASE,
)
_CAPABILITY = re.compile(
    r"(?:(?<![\w-])(?:range|ranges|ranged)(?![\w-])|\breach(?:es|ing)?\b|\bcapable of\b"
    r"|\b(?:can|could|able to|will|would)\s+(?:\w+\s+)?(?:hit|strike|reach|fly|travel|engage"
    r"|target|cover|destroy|intercept|stretch|extend)\b"
    r"|\b(?:said|designed|meant|expected|built|able)\s+to\s+(?:hit|strike|reach|fly|travel|cover)\b"
    r"|\b(?:fires?|firing|launch(?:es)?|lobs?|hurls?)\b[^,;]*\bto\s*$"
    r"|\b(?:hit|hits|strike|strikes|engage|engages|intercept|intercepts|destroy|destroys)\s+"
    r"(?:\w+\s+){0,2}at\s*$|\bflies\b|\bfly\b|\btravels?\b|\bcovers\b"
    r"|\bstriking distance\b"
    r"|\bstrike distance\b|\bout to\b|\bhits? targets\b)",
    re.IGNORECASE,
)
_RANGE_AFTER = re.compile(
    r"^[\s-]*(?:\([^)]*\)\s*)?[\s-]*(?:-?\s*)(?:range|ranged|reach|striking)\b"
    # "190-mile missiles", "300-km cruise missiles": a figure that describes a weapon
    r"|^-?\s*(?:\([^)]*\)\s*)?(?:(?:long-range|cruise|ballistic|guided|precision|attack)\s+)?"
    r"(?:missiles?|rockets?|munitions?)\b",
    re.IGNORECASE,
)
_RANGE_LABEL = re.compile(r"(?<![\w-])(?:range|reach)\s*[:=(—–]\s*$", re.IGNORECASE)
_ZONE_WORD = re.compile(r"\b(?:zone|strip|buffer|belt|corridor)\b", re.IGNORECASE)
_DEFINITE = re.compile(
    r"\b(?:the|this|that|these|its)\s+(?:[\w-]+\s+){0,2}?(?:missiles?|rockets?|weapons?"
    r"|systems?|drones?|launchers?)(?:['’]s?)?(?!\w)",
    re.IGNORECASE,
)
_NEGATION = re.compile(r"\b(?:not|never|no|cannot)\b|n['’]t\b", re.IGNORECASE)
#: The subject of a range whose weapon the text does not name; the draft gives it no profile.
UNNAMED = Weapon("unnamed weapon", (), "unknown", generic=True)
_KIND_WORD = re.compile(
    r"^(?:glide|cruise|ballistic|guided|unguided|hypersonic|artillery|attack|kamikaze|loitering"
    r"|precision|rocket|jet|naval|anti-ship|tactical|strategic|interceptor|air|ground|sea)$",
    re.IGNORECASE,
)
_KIND = re.compile(
    r"^(?:launch\w*|fir\w+|us(?:e|es|ed|ing)|drop\w*|send\w*|deliver\w*|get\w*|receiv\w*"
    r"|with|the|a|an|its|their|of|and|or|to|which|that|new|more|some|any|these|those|\w+ly)$",
    re.IGNORECASE,
)
_KIND = re.compile(
    r"\b(?:(?:[a-z][\w-]*|[A-Z][\w-]*-\d+\w*)\s+){0,2}(?:missiles|rockets|bombs|drones|shells"
    r"|munitions|interceptors|missile|rocket|bomb|drone|shell|interceptor)\b"
)
_WEAPON_NOUN = re.compile(
    r"\b(?:missiles?|rockets?|drones?|weapons?|munitions?|bombs?|artillery|howitzers?|launchers?"
    r"|weaponry|arms)\b",
    re.IGNORECASE,
)
_EXTENDED = re.compile(r"\bextended[- ]range\b", re.IGNORECASE)
_PARALLEL = re.compile(
    r"(?:\b(?:against|versus|vs\.?|compared (?:with|to)|while|whereas|and|but|than)\b[^,;]*$)",
    re.IGNORECASE,
)
_GENERIC_NOUN = re.compile(
    r"\b(?:missiles?|rockets?|versions?|variants?|systems?|weapons?|munitions?|launchers?)\b", re.I
)
_AWAY = re.compile(r"^\s*away\b", re.IGNORECASE)
_STRIKE = re.compile(
    r"\b(strik|target|hit|attack|fir(?:e|ing)|launch|shoot|operat|us(?:e|ed|ing)\b)", re.I
)
_CLAUSE_BREAK = re.compile(r"[,;:()]|\s[—–-]\s")
_ANAPHORA = re.compile(
    r"^(?:(?:it|its|they|their)\b|(?:the|this|these|that|those)\s+(?:[\w-]+\s+){0,3}?"
    r"(?:missiles?|rockets?|systems?|weapons?|munitions?|launchers?|bombs?|drones?|versions?"
    r"|variants?)\b)",
    re.IGNORECASE,
)
_UNKNOWN_WEAPON = re.compile(
    r"\b(?P<name>[A-Z][A-Za-z0-9]+(?:[- ][A-Z0-9][A-Za-z0-9]*)?)\s+(?:(?:cruise|ballistic|guided"
    r"|anti-ship|hypersonic|long-range|attack|surface-to-air|air-launched|rocket)\s+)*"
    r"(?:missiles?|rockets?|drones?|bombs?|launchers?)\b"
)
_NOT_WEAPON = re.compile(
    r"^(?:The|This|These|Those|Its|Their|Russian|Ukrainian|American|US|U|British|French|German"
    r"|Western|Soviet|North|Korean|Iranian|NATO|Allied|New|Long|Short|Some|Many|More|Ballistic"
    r"|Cruise|Guided|Enemy|Other|Several|Two|Three|Four|Five|Ten|Both|All|Any|Such|Older|Newer"
    r"|Modern|Mr|Ms|Gen|When|Where|While|After|Before|If|Of|In|On|At|A|An)\b"
)
_PLACE_STOP = re.compile(
    r"^(?:The|A|An|It|Its|This|That|These|Russian|Ukrainian|Russia|Ukraine|American|US|U\.S\."
    r"|NATO|President|Kremlin|Pentagon|White|House|On|In|At|By|From|As|But|However|While"
    r"|Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|January|February|March|April|May"
    r"|June|July|August|September|October|November|December|According|Officials?|Western|Europe)$"
)
_PLACE_NOUN = re.compile(
    r"\b(city|town|village|base|airfield|airbase|air base|depot|battery|batteries|position"
    r"|positions|bridges?|ports?|plants?|refinery|refineries|headquarters|camps?|settlements?"
    r"|capital|hubs?|launchers?|systems|units|troops|forces|airfields?|airports?|sites?|targets?"
    r"|depots?|towns|cities|villages|bases|areas?|zones?|command posts?)\b",
    re.IGNORECASE,
)


def distance_findings(
    par: Paragraph,
    mentions: Sequence[Mention],
    previous: Mention | None = None,
    gaz: Gazetteer | None = None,
) -> tuple[list[Finding], list[Unclassified]]:
    """Range, depth and place-distance claims of one paragraph, plus distances left unread.

    ``mentions`` are the paragraph's weapon names (:func:`weapon_mentions`); ``previous`` is the
    last weapon named in an earlier paragraph, for "The missile can fly ...".
    """
    text = par.text
    quantities = find_quantities(text)
    findings: list[Finding] = []
    loose: list[Unclassified] = []
    sents = sentences(text)
    last_kind: dict[int, str | None] = {}
    last_weapon: Weapon | None = None
    for i, q in enumerate(quantities):
        sent = _sentence_at(sents, q.number_start)
        nxt = quantities[i + 1].start if i + 1 < len(quantities) else len(text)
        prev_end = quantities[i - 1].end if i > 0 else 0
        left = text[max(sent.start, prev_end) : q.start]
        clause = _clause(left)
        right = text[q.end : min(nxt, sent.start + len(sent.text) + 1, q.end + 80)]
        kind, extra = _classify(q, clause, left, right, sent.text)
        if kind is None and last_kind.get(sent.start) == "weapon_range" and _PARALLEL.search(left):
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
        if kind == "weapon_range":
            cues = list(_CAPABILITY.finditer(left))
            cue_at = q.start - len(left) + cues[-1].start() if cues else q.start
            named = any(m.start < q.start for m in mentions)  # in the paragraph so far
            kind_here = _indefinite_kind(clause)
            if kind_here is not None and not named:  # "launch glide bombs with a range of"
                weapon = kind_here
            else:
                weapon = weapon_for(q, mentions, sent, cue_at, previous, last_weapon)
            last_weapon = weapon or last_weapon
            if weapon is not None and gaz is not None and _EXTENDED.search(left):
                weapon = extended_variant(weapon, gaz) or weapon
            if weapon is None and _WEAPON_NOUN.search(sent.text):
                # a range of a weapon the text does not name: kept under its kind, flagged
                weapon = generic_weapon(text[sent.start : q.start]) or UNNAMED
            if weapon is None:
                loose.append(Unclassified(par.number, quote, q.value, q.unit))
                continue
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
                subject = _depth_subject(q, mentions, sent, text)
                scope = "kharkiv" if re.search(r"kharkiv", text, re.I) else ""
                extra_keys = {"scope": scope}
            else:
                subject = place_subject(text[sent.start : q.start], mentions, sent.start)
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
    capability = capability or bool(_AWAY.match(right) and _STRIKE.search(clause))
    authorizing = bool(_AUTH.search(sentence))
    border = _BORDER.match(right)
    if border and not re.match(r"^[\s,]*(?:away\s+)?from\s+(?:its|their|the)\s+launch", right):
        if authorizing and _STRIKE.search(left) and not _PLACE_NOUN.search(clause):
            return "authorized_depth", ""
        return "place_distance", _reference(border)
    m = _DIRECTION.match(right) or _FROM_PLACE.match(right)
    if m and not capability:
        ref = m.group("ref")
        return "place_distance", "Russian border" if ref.lower() == "border" else ref
    if _INSIDE.match(right) or _DEEP.match(right) or _ZONE.match(right):
        if authorizing or _NEGATION.search(clause) or _ZONE_WORD.search(clause):
            return "authorized_depth", ""  # "could not strike more than 300 km into Russia"
        if capability and not _ZONE.match(right):
            return "weapon_range", ""
        if _DEEP.match(right) or _ZONE.match(right):
            return "authorized_depth", ""
        return "place_distance", "Russian border"
    if capability:
        return "weapon_range", ""
    return None, ""


def _reference(border: re.Match) -> str:
    ref = border.group("ref").lower()
    country = border.group("country").strip().lower()
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


def weapon_for(
    q: Quantity,
    mentions: Sequence[Mention],
    sent: Sentence,
    cue_at: int,
    previous: Mention | None,
    last_weapon: Weapon | None = None,
) -> Weapon | None:
    """The weapon a range figure belongs to.

    In order: a name right after the figure ("the 300-km ATACMS"); the last name before the
    range word ("range", "can reach") in its sentence, else before the figure; the first name
    after it; the last name earlier in the paragraph or the weapon of the paragraph's previous
    range; and, if the sentence refers back ("The missile", "It", "versions"), the last name of
    the previous paragraph.
    """
    end = sent.start + len(sent.text) + 1
    after = [m for m in mentions if q.end <= m.start < end]
    if after and re.fullmatch(r"[\s\-a-zA-Z]{0,20}", _between(q, after[0], sent)):
        return after[0].weapon
    before = [m for m in mentions if sent.start <= m.start and m.end <= q.start]
    before_cue = [m for m in before if m.end <= cue_at]
    if before_cue:
        return before_cue[-1].weapon
    if before:
        return before[-1].weapon
    earlier = [m for m in mentions if m.end <= sent.start]
    back = earlier[-1].weapon if earlier else last_weapon
    definite = _DEFINITE.search(sent.text[: q.start - sent.start])
    if back is None and previous is not None and (_ANAPHORA.match(sent.text) or definite):
        back = previous.weapon  # "It can fly ...", "the missile's range": the one named before
    if back is not None and _ANAPHORA.match(sent.text):  # "The missile ... can hit"
        return back
    if after and not re.search(r";|\s[—–]\s", _between(q, after[0], sent)):
        return after[0].weapon
    return back


def _indefinite_kind(clause: str) -> Weapon | None:
    """A weapon named by its kind without "the"/"its" (a new one, not a reference back)."""
    found = list(_KIND.finditer(clause))
    if not found:
        return None
    before = clause[: found[-1].start()].split()[-1:] or [""]
    if re.fullmatch(r"the|this|that|these|those|its|their", before[0], re.IGNORECASE):
        return None
    weapon = generic_weapon(clause)
    return weapon if weapon is not None and " " in weapon.name else None


def generic_weapon(left: str) -> Weapon | None:
    """ "glide bombs", "long-range drones": the weapon a sentence names only by its kind."""
    found = list(_KIND.finditer(left))
    if not found:
        return None
    words = found[-1].group(0).split()
    keep = [words[-1]]
    for word in reversed(words[:-1]):  # "launch glide bombs" -> "glide bombs"
        if not (_KIND_WORD.match(word) or "-" in word):
            break
        keep.insert(0, word)
    return Weapon(" ".join(keep), (), "unknown", generic=True)


def extended_variant(weapon: Weapon, gaz: Gazetteer) -> Weapon | None:
    """The extended-range variant the gazetteer knows ("ER GMLRS" for GMLRS, "JASSM-ER")."""
    for name in (weapon.name, *weapon.aliases):
        for spelling in (f"extended range {name}", f"ER {name}", f"{name} ER"):
            variant = gaz.weapon(spelling)
            if variant is not None and variant.name != weapon.name:
                return variant
    return None


def _between(q: Quantity, m: Mention, sent: Sentence) -> str:
    return sent.text[q.end - sent.start : m.start - sent.start] if m.start > q.end else ""


def weapon_mentions(text: str, gaz: Gazetteer) -> tuple[Mention, ...]:
    """Every weapon named in ``text``: gazetteer names and unknown "<Name> missile" names."""
    known = gaz.find(text)
    return tuple(sorted([*known, *unknown_weapons(text, gaz, known)], key=lambda m: m.start))


def unknown_weapons(
    text: str, gaz: Gazetteer, known: Sequence[Mention] | None = None
) -> list[Mention]:
    """Names the gazetteer lacks, written as "<Name> missile(s)/rocket(s)/drone(s)"."""
    known = gaz.find(text) if known is None else known
    out = []
    for m in _UNKNOWN_WEAPON.finditer(text):
        name, start = m.group("name"), m.start("name")
        while name and _NOT_WEAPON.match(name):  # "The Peklo" -> "Peklo"
            first = re.match(r"\S+[- ]?", name).group(0)
            name, start = name[len(first) :], start + len(first)
        if not name or any(k.start < m.end() and start < k.end for k in known):
            continue
        weapon = gaz.weapon(name) or Weapon(name, (), "unknown")
        out.append(Mention(weapon, start, start + len(name), name))
    return out


def place_subject(left: str, mentions: Sequence[Mention], base: int) -> str:
    """The place a distance belongs to: the nearest proper name before it in its sentence
    (skipping possessives, regions and weapons), else a place noun ("depot"), else ""."""
    for m in reversed(list(re.finditer(r"\b[A-Z][\w’'-]+(?:\s+[A-Z][\w’'-]+)*", left))):
        name = m.group(0)
        if any(w.start < base + m.end() and base + m.start() < w.end for w in mentions):
            continue
        if re.search(r"['’]s?$", name) or (m.end() < len(left) and left[m.end()] in "’'"):
            continue
        if re.match(r"\s+(?:region|oblast|province|district|county)\b", left[m.end() :], re.I):
            continue
        words = [w for w in name.split() if not _PLACE_STOP.match(w)]
        if words:
            return " ".join(words)
    noun = list(_PLACE_NOUN.finditer(left))
    return noun[-1].group(0).lower() if noun else ""


def _depth_subject(q: Quantity, mentions: Sequence[Mention], sent: Sentence, text: str) -> str:
    inside_sentence = [m for m in mentions if sent.start <= m.start < q.start]
    if inside_sentence:
        return inside_sentence[-1].weapon.name
    earlier = [m for m in mentions if m.start < sent.start]
    if earlier:
        return earlier[-1].weapon.name
    return "US weapons"


def last_mention(mentions: Sequence[Mention]) -> Mention | None:
    """The last weapon a paragraph names (for "The missile ..." in the next one)."""
    return max(mentions, key=lambda m: m.start) if mentions else None
