"""Distances with units: every distance the tool reads is parsed here, every one it shows is
formatted here, so mi/km conversions happen in exactly one place."""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

from .errors import EnvelopeError

#: Metres per statute mile, exact by definition; the one miles constant in the package.
METRES_PER_MILE = 1609.344
#: Metres per unit. The statute mile and nautical mile are exact by definition.
METRES_PER = {"m": 1.0, "km": 1000.0, "mi": METRES_PER_MILE, "nmi": 1852.0}
_ALIASES = {
    "m": "m",
    "meter": "m",
    "meters": "m",
    "metre": "m",
    "metres": "m",
    "km": "km",
    "kilometer": "km",
    "kilometers": "km",
    "kilometre": "km",
    "kilometres": "km",
    "mi": "mi",
    "mile": "mi",
    "miles": "mi",
    "nmi": "nmi",
}
_NUMBER = r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?|[+-]?inf|nan"
_PATTERN = re.compile(rf"^\s*({_NUMBER})\s*([A-Za-z]*)\s*$")


@dataclass(frozen=True, order=True)
class Distance:
    """A distance as the user wrote it (value and unit) and in metres, for exact round trips."""

    metres: float
    value: float
    unit: str

    @classmethod
    def of(cls, value: float, unit: str) -> Distance:
        unit = _ALIASES.get(unit.lower(), unit.lower())
        if unit not in METRES_PER:
            raise EnvelopeError(f"unknown distance unit {unit!r}; use one of mi, km, m, nmi")
        if not math.isfinite(value) or value <= 0:
            raise EnvelopeError(f"distance must be a positive finite number, got {value:g} {unit}")
        metres = value * METRES_PER[unit]
        if not math.isfinite(metres):
            raise EnvelopeError(f"distance {value:g} {unit} is too large; give a finite distance")
        return cls(metres, float(value), unit)

    @property
    def km(self) -> float:
        return self.metres / 1000.0

    @property
    def mi(self) -> float:
        return self.metres / METRES_PER["mi"]

    @property
    def label(self) -> str:
        """As written, e.g. "185 mi"."""
        return f"{self.value:g} {self.unit}"

    def __str__(self) -> str:
        return format_distance(self.metres)


def parse_distance(text: str) -> Distance:
    """Parse "185mi", "24 mi", "300 km", "160nmi" or "38.6km"; a unit is required."""
    match = _PATTERN.match(str(text))
    if not match:
        raise EnvelopeError(
            f"cannot read distance {text!r}; write a number and a unit, e.g. '185 mi' or '300km'"
        )
    number, unit = match.groups()
    if not unit:
        raise EnvelopeError(f"distance {text!r} has no unit; add one of mi, km, m, nmi")
    return Distance.of(float(number), unit)


def format_distance(metres: float, digits: int = 1, first: str = "mi") -> str:
    """Both units, ``first`` first (miles by default, as the reports use them):
    "185 mi (297.7 km)", or with ``first="km"`` "250 km (155.3 mi)"."""
    other = "km" if first == "mi" else "mi"
    a, b = metres / METRES_PER[first], metres / METRES_PER[other]
    return f"{format_number(a, digits)} {first} ({format_number(b, digits)} {other})"


def format_number(x: float, digits: int = 1) -> str:
    """Fixed decimals with thousands separators, a trailing ".0" dropped: 1234.0 -> "1,234"."""
    text = f"{x:,.{digits}f}"
    return text[: -digits - 1] if digits and text.endswith("." + "0" * digits) else text


def sig_figures(x: float, figures: int = 3) -> str:
    """Round to significant figures with thousands separators: 123456 -> "123,000"."""
    if x == 0 or not math.isfinite(x):
        return "0"
    digits = figures - 1 - math.floor(math.log10(abs(x)))
    return f"{round(x, digits):,.{max(digits, 0)}f}"
