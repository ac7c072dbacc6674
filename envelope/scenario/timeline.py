"""Reading the timeline: which weapon a name means, what was authorized on a day, how far."""

from __future__ import annotations

import datetime as dt

from ..dates import parse_date
from ..errors import EnvelopeError
from .model import Authorization, Scenario, WeaponProfile


def find_weapon(scenario: Scenario, name: str | WeaponProfile) -> WeaponProfile:
    """The profile named ``name`` or one of its aliases, case-insensitively."""
    if isinstance(name, WeaponProfile):
        return name
    for weapon in scenario.weapons:
        if weapon.matches(str(name)):
            return weapon
    known = ", ".join(w.name for w in scenario.weapons) or "none"
    raise EnvelopeError(f"unknown weapon {str(name)!r}; known weapons: {known}")


def authorization_as_of(
    scenario: Scenario, weapon: str | WeaponProfile, as_of: dt.date, segment: str = "kharkiv"
) -> Authorization | None:
    """The timeline entry in force for ``weapon`` on ``segment`` on ``as_of``.

    The latest-starting entry on or before ``as_of`` that covers the weapon and the segment wins
    (ties: the one listed later). ``None`` means not authorized inside Russia: no entry covers it
    yet, or the one in force is a prohibition.
    """
    profile = find_weapon(scenario, weapon)
    as_of = parse_date(as_of, "as_of")
    current: Authorization | None = None
    for entry in scenario.timeline:  # sorted by start, stable
        if entry.start > as_of:
            break
        if entry.covers_weapon(profile) and entry.covers_segment(segment):
            current = entry
    return current if current is not None and current.allowed else None


def authorized_range_m(
    scenario: Scenario, weapon: str | WeaponProfile, as_of: dt.date, segment: str = "kharkiv"
) -> float | None:
    """How far ``weapon`` may strike into Russia from ``segment`` on ``as_of``, in metres.

    ``min(depth limit, weapon's maximum claimed reach)``. With no depth limit the authorized
    reach is the upper edge of the claimed band (the weapon may be used to its full reach, and
    the largest claimed range is the most any report says that is). ``None`` if not authorized.
    """
    profile = find_weapon(scenario, weapon)
    entry = authorization_as_of(scenario, profile, as_of, segment)
    if entry is None:
        return None
    if entry.depth_m is None:
        return profile.max_m
    return min(entry.depth_m, profile.max_m)


def latest_date(scenario: Scenario) -> dt.date:
    """The latest date the scenario knows (report dates, timeline starts): the default as_of."""
    dates = [r.date for r in scenario.reports.values() if r.date is not None]
    dates += [e.start for e in scenario.timeline]
    if not dates:
        raise EnvelopeError(f"{scenario.source}: the scenario has no dates; give as_of (a date)")
    return max(dates)
