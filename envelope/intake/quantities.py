"""Distances in report text: number, unit, hedge word, and a second unit given for the same
figure ("300 kilometers (190 miles)" is one distance, not two)."""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..units import Distance
from .patterns import pattern

_SMALL = [
    "zero",
    "one",
    "two",
    "three",
    "four",
    "five",
    "six",
    "seven",
    "eight",
    "nine",
    "ten",
    "eleven",
    "twelve",
    "thirteen",
    "fourteen",
    "fifteen",
    "sixteen",
    "seventeen",
    "eighteen",
    "nineteen",
]
_TENS = ["twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"]
WORD_NUMBERS = {w: i for i, w in enumerate(_SMALL)} | {w: 20 + 10 * i for i, w in enumerate(_TENS)}
_WORD_NUM = (
    r"(?:(?:a|one|two|three|four|five|six|seven|eight|nine)[\s-]+hundred(?:[\s-]+(?:and[\s-]+)?"
    r"(?:" + "|".join(_TENS + _SMALL[1:]) + r")(?:[\s-](?:one|two|three|four|five|six|seven|eight"
    r"|nine))?)?|(?:" + "|".join(_TENS) + r")(?:[\s-](?:one|two|three|four|five|six|seven|eight"
    r"|nine))?|" + "|".join(sorted(_SMALL[1:], key=len, reverse=True)) + ")"
)
_DIGITS = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?"
NUMBER = rf"(?:{_DIGITS}|{_WORD_NUM})"
_UNITS = {
    "nautical mile": "nmi",
    "nautical miles": "nmi",
    "nmi": "nmi",
    "kilometer": "km",
    "kilometers": "km",
    "kilometre": "km",
    "kilometres": "km",
    "km": "km",
    "kms": "km",
    "mile": "mi",
    "miles": "mi",
    "mi": "mi",
}
UNIT = r"(?:nautical[\s-]+miles?|nmi|kilomet(?:er|re)s?|kms?|miles?|mi)"
#: Speeds ("900 km/h", "60 miles an hour") and areas ("km²") are not distances.
_NOT_DISTANCE = (
    r"(?![A-Za-z0-9²³])(?!\s*(?:/\s*h|/\s*hr|per\s+hour|an\s+hour|a\s+second|per\s+second))"
)
_QUANTITY = re.compile(
    rf"(?<![\w.,])(?<!square\s)(?P<num>{NUMBER})(?P<plus>[\s-]*(?:plus|\+)[\s-]*)?"
    rf"(?:[\s-]|\u00a0)*(?P<unit>{UNIT}){_NOT_DISTANCE}",
    re.IGNORECASE,
)
#: Hedge words before a figure, longest first; each maps to its class.
QUALIFIERS = {
    "only about": "about",
    "only around": "about",
    "just about": "about",
    "just over": "more than",
    "just under": "up to",
    "a little over": "more than",
    "a little more than": "more than",
    "slightly more than": "more than",
    "well over": "more than",
    "more than": "more than",
    "greater than": "more than",
    "in excess of": "more than",
    "upwards of": "more than",
    "upward of": "more than",
    "at least": "more than",
    "over": "more than",
    "beyond": "more than",
    "exceeding": "more than",
    "exceeds": "more than",
    "plus": "more than",
    "exceed": "more than",
    "up to about": "up to",
    "up to roughly": "up to",
    "up to approximately": "up to",
    "up to some": "up to",
    "up to": "up to",
    "as far as": "up to",
    "as much as": "up to",
    "as many as": "up to",
    "a maximum of": "up to",
    "tops out at": "up to",
    "top out at": "up to",
    "maxes out at": "up to",
    "peaks at": "up to",
    "at most": "up to",
    "no more than": "up to",
    "no deeper than": "up to",
    "no farther than": "up to",
    "no further than": "up to",
    "not beyond": "up to",
    "not more than": "up to",
    "less than": "up to",
    "under": "up to",
    "within": "up to",
    "approximately": "about",
    "approx.": "about",
    "about": "about",
    "around": "about",
    "roughly": "about",
    "some": "about",
    "nearly": "about",
    "almost": "about",
    "close to": "about",
    "an estimated": "about",
    "an approximate": "about",
    "approximate": "about",
    "a rough": "about",
    "estimated": "about",
    "circa": "about",
    "~": "about",
    "only": "",
    "just": "",
}
_HEDGE = "|".join(re.escape(q) for q in sorted(QUALIFIERS, key=len, reverse=True))
_APPROX = "about|roughly|approximately|around|some|nearly|almost|an estimated"
_QUALIFIER = re.compile(  # one hedge, or a bound and an approximation ("more than about")
    rf"(?:^|(?<=[\s(“\"‘]))(?P<q>(?:{_HEDGE})(?:\s+(?:{_APPROX}))?)\s*$",
    re.IGNORECASE,
)
_ESTIMATED = pattern("quantities.estimated")
_TRAILING = {"or more": "more than", "or so": "about", "or less": "up to", "at most": "up to"}
_TRAIL = pattern("quantities.trail")
_SECOND = re.compile(
    rf"\s*(?:\(\s*|,\s*or\s+|\s*/\s*|\s+or\s+)(?:(?P<q>about|roughly|approximately|some|around|"
    rf"nearly|almost|over|more than)\s+)?(?:{NUMBER}\s*(?:to|-|–)\s*)?"  # "(43 to 186 miles)"
    rf"(?P<num>{NUMBER})(?:[\s-]|\u00a0)*(?P<unit>{UNIT})"
    rf"(?![A-Za-z])\s*\)?",
    re.IGNORECASE,
)
_SPAN = re.compile(
    rf"(?P<num>{NUMBER})\s*(?:-|–|to|and)\s*$",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Quantity:
    """One distance figure in a text: character span, value and unit as written, hedge."""

    start: int  # where the figure's words begin (the hedge word, if any)
    end: int  # after the unit, or after the second unit's closing parenthesis
    number_start: int
    value: float
    unit: str  # "mi", "km", "nmi"
    qualifier: str  # the hedge as written, lower case ("" for none)
    alternate: Distance | None = None  # the same figure in the other unit, if the text gives it
    band_low: float | None = None  # "70 to 80 km": the lower figure

    @property
    def qualifier_class(self) -> str:
        return qualifier_class(self.qualifier)

    @property
    def distance(self) -> Distance:
        return Distance.of(self.value, self.unit)


def qualifier_class(qualifier: str) -> str:
    """``about``, ``up to``, ``more than`` or ``""`` for a hedge as written."""
    q = " ".join(qualifier.lower().split())
    if q in QUALIFIERS:
        return QUALIFIERS[q]
    if q in _TRAILING:
        return _TRAILING[q]
    found = []  # the leftmost hedge with a class decides: "more than about" is "more than"
    for word, cls in QUALIFIERS.items():
        m = re.search(rf"(?<![a-z]){re.escape(word)}(?![a-z])", q)
        if cls and m:
            found.append((m.start(), -len(word), cls))
    return min(found)[2] if found else ""


def parse_number(text: str) -> float | None:
    """ "1,200" -> 1200, "fifty" -> 50, "two hundred and forty" -> 240, "a hundred" -> 100."""
    t = text.strip().lower().replace(",", "")
    try:
        return float(t)
    except ValueError:
        pass
    total, current = 0, 0
    for word in re.split(r"[\s-]+", t):
        if word in ("and", ""):
            continue
        if word == "a":
            current = 1
        elif word == "hundred":
            current = max(current, 1) * 100
        elif word in WORD_NUMBERS:
            current += WORD_NUMBERS[word]
        else:
            return None
    total += current
    return float(total) if total > 0 else None


def find_quantities(text: str) -> tuple[Quantity, ...]:
    """Every distance figure in ``text``; a figure repeated in a second unit is one quantity."""
    found: list[Quantity] = []
    pos = 0
    while True:
        m = _QUANTITY.search(text, pos)
        if m is None:
            break
        value = parse_number(m.group("num"))
        unit = _UNITS.get(_unit_key(m.group("unit")))
        pos = m.end()
        if value is None or value <= 0 or unit is None:
            continue
        if unit == "mi" and m.group("unit") == "mi" and not _digits(m.group("num")):
            continue  # "five mi" is not how anyone writes
        start = m.start()
        qualifier = "plus" if m.group("plus") else ""  # "500-plus-kilometer", "300+ km"
        q = _QUALIFIER.search(text[max(0, start - 30) : start])
        if q:
            qualifier = " ".join(x for x in (q.group("q").lower(), qualifier) if x)
            start -= len(text[max(0, m.start() - 30) : m.start()]) - q.start("q")
        elif not qualifier and (e := _ESTIMATED.search(text[max(0, start - 60) : start])):
            qualifier = e.group("q").lower()  # "an estimated range of 2,500 km"
        band_low = None
        span = _SPAN.search(text[max(0, start - 40) : start])
        if span and not qualifier:
            low = parse_number(span.group("num"))
            if low is not None and 0 < low < value:
                band_low = low
                start -= len(text[max(0, start - 40) : start]) - span.start("num")
                q = _QUALIFIER.search(text[max(0, start - 30) : start])
                if q:
                    qualifier = q.group("q").lower()
                    start -= len(text[max(0, start - 30) : start]) - q.start("q")
                elif e := _ESTIMATED.search(text[max(0, start - 60) : start]):
                    qualifier = e.group("q").lower()
        end = m.end()
        trail = _TRAIL.match(text, end)
        alternate = None
        second = _SECOND.match(text, end)
        if second is not None:
            v2 = parse_number(second.group("num"))
            u2 = _UNITS.get(_unit_key(second.group("unit")))
            if v2 and u2 and u2 != unit and _same_figure(value, unit, v2, u2):
                alternate = Distance.of(v2, u2)
                end = second.end()
                trail = _TRAIL.match(text, end) or trail
        if trail and not qualifier:
            qualifier = trail.group("q").lower()
            end = max(end, trail.end())
        found.append(Quantity(start, end, m.start(), value, unit, qualifier, alternate, band_low))
        pos = end
    return tuple(found)


def _unit_key(unit: str) -> str:
    return re.sub(r"[\s-]+", " ", unit.lower()).strip()


def _digits(text: str) -> bool:
    return any(ch.isdigit() for ch in text)


def _same_figure(v1: float, u1: str, v2: float, u2: str) -> bool:
    """Two figures are one distance in two units if they agree within 12 % (rounding)."""
    a, b = Distance.of(v1, u1).metres, Distance.of(v2, u2).metres
    return abs(a - b) <= 0.12 * max(a, b)
