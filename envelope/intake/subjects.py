"""Who or what a figure belongs to: the weapon a range is credited to (by name, by a reference
back such as "the missile", or by its kind, "glide bombs"), and the place a distance is measured
from. Names come from the gazetteer; unknown "<Name> missile" names are kept as new weapons.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from .gazetteer import Gazetteer, Mention, Weapon
from .patterns import pattern
from .quantities import Quantity
from .speakers import outlets
from .text import Sentence

PLACE_NOUN = pattern("subjects.place_noun")

_HEADING = pattern("subjects.heading")
_DEFINITE = pattern("subjects.definite")

_KIND_WORD = pattern("subjects.kind_word")

_KIND = pattern("subjects.kind")

WEAPON_NOUN = pattern("subjects.weapon_noun")

EXTENDED = pattern("subjects.extended")

_ANAPHORA = pattern("subjects.anaphora")

_APPOSITIVE = pattern("subjects.appositive")
_UNKNOWN_WEAPON = pattern("subjects.unknown_weapon")

_NOT_WEAPON = pattern("subjects.not_weapon")

_PLACE_STOP = pattern("subjects.place_stop")

#: The subject of a range whose weapon the text does not name; the draft gives it no profile.
UNNAMED = Weapon("unnamed weapon", (), "unknown", generic=True)


def weapon_for(
    q: Quantity,
    mentions: Sequence[Mention],
    sent: Sentence,
    cue_at: int,
    previous: Mention | None,
    last_weapon: Weapon | None = None,
    topic: Weapon | None = None,
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
    if after and re.fullmatch(r"[\s\-a-zA-Z.’']{0,25}", _between(q, after[0], sent)):
        return after[0].weapon
    before = [m for m in mentions if sent.start <= m.start and m.end <= q.start]
    before_cue = [m for m in before if m.end <= cue_at]
    if before_cue:
        return before_cue[-1].weapon
    if before:
        return before[-1].weapon
    if topic is not None:  # "ATACMS: ... Range: up to 300 km"
        return topic
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


def heading(text: str, mentions: Sequence[Mention]) -> tuple[Weapon | None, int]:
    """The weapon a paragraph is headed by ("ATACMS: ...", "• Storm Shadow/SCALP – 250 km") and
    where its heading ends; (None, 0) if it has none."""
    first = next(iter(mentions), None)
    if first is None or text[: first.start].strip(" \t•*·-–—>#") != "":
        return None, 0
    m = _HEADING.match(text, first.end)
    return (first.weapon, m.end()) if m else (None, 0)


def indefinite_kind(clause: str) -> Weapon | None:
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
    """Names the gazetteer lacks: "<Name> missile(s)/rocket(s)/drone(s)", or set off after a
    kind ("its newest attack drone, the Liutyi, ...")."""
    known = gaz.find(text) if known is None else known
    out = []
    found = [*_UNKNOWN_WEAPON.finditer(text), *_APPOSITIVE.finditer(text)]
    for m in sorted(found, key=lambda m: m.start("name")):
        name, start = m.group("name"), m.start("name")
        while name and _NOT_WEAPON.match(name):  # "The Peklo" -> "Peklo"
            first = re.match(r"\S+[- ]?", name).group(0)
            name, start = name[len(first) :], start + len(first)
        if not name or any(k.start < start + len(name) and start < k.end for k in known):
            continue
        if any(o.start == start for o in out):
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
        bare = re.sub(r"^The\s+", "", name)
        if {name, bare, f"The {bare}"} & set(outlets()):  # "told The Sun": an outlet, not a place
            continue
        if re.match(r"\s+(?:region|oblast|province|district|county)\b", left[m.end() :], re.I):
            continue
        words = [w for w in name.split() if not _PLACE_STOP.match(w)]
        if words:
            return " ".join(words)
    noun = list(PLACE_NOUN.finditer(left))
    return noun[-1].group(0).lower() if noun else ""


def depth_subject(q: Quantity, mentions: Sequence[Mention], sent: Sentence, text: str) -> str:
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
