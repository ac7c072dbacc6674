"""Reading the timeline: which weapon a name means, which authorizations stand on a day (in
force, or uncertain inside a date window), and the dated states a timeline map steps through."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from ..dates import parse_date
from ..errors import EnvelopeError
from ..units import format_distance
from .model import (
    IN_FORCE,
    NOT_IN_FORCE,
    UNCERTAIN,
    Authorization,
    Scenario,
    WeaponProfile,
)


def find_weapon(scenario: Scenario, name: str | WeaponProfile) -> WeaponProfile:
    """The profile named ``name`` or one of its aliases, case-insensitively."""
    if isinstance(name, WeaponProfile):
        return name
    for weapon in scenario.weapons:
        if weapon.matches(str(name)):
            return weapon
    known = ", ".join(w.name for w in scenario.weapons) or "none"
    raise EnvelopeError(f"unknown weapon {str(name)!r}; known weapons: {known}")


@dataclass(frozen=True)
class Standing:
    """An authorization that stands for a weapon on a day: ``status`` is "in_force" or
    "uncertain" (its start, or a revocation, lies in a window around the day); ``range_m`` is
    min(depth, the weapon's largest claimed range)."""

    entry: Authorization
    status: str
    range_m: float


def standing_authorizations(
    scenario: Scenario,
    weapon: str | WeaponProfile,
    as_of: dt.date | str,
    target: str | None = None,
    drawn: str | None = None,
) -> tuple[Standing, ...]:
    """Every permission for ``weapon`` on ``as_of`` (into ``target``, if given), oldest first.

    An entry stands once it has started (uncertain inside its window). A later prohibition that
    covers the weapon and the entry's launch segments revokes it; a prohibition still inside its
    window leaves it uncertain. An entry launching from anywhere is measured from the ``drawn``
    segment, so a prohibition on that segment revokes it there. Nothing stands before the first
    entry.
    """
    profile = find_weapon(scenario, weapon)
    day = parse_date(as_of, "as_of")
    entries = [
        e
        for e in scenario.timeline
        if e.covers_weapon(profile) and (target is None or e.target == target)
    ]
    out = []
    for i, entry in enumerate(entries):
        status = entry.status_on(day)
        if not entry.allowed or status == NOT_IN_FORCE:
            continue
        for later in entries[i + 1 :]:
            if later.allowed or not _revokes(later, entry, drawn):
                continue
            revoked = later.status_on(day)
            if revoked == IN_FORCE:
                status = NOT_IN_FORCE
                break
            if revoked == UNCERTAIN:
                status = UNCERTAIN
        if status != NOT_IN_FORCE:
            depth = profile.max_m if entry.depth_m is None else min(entry.depth_m, profile.max_m)
            out.append(Standing(entry, status, depth))
    return tuple(out)


def _revokes(prohibition: Authorization, entry: Authorization, drawn: str | None) -> bool:
    if prohibition.covers_launches_of(entry):
        return True
    return entry.anywhere and drawn is not None and prohibition.covers_segment(drawn)


def authorization_status(
    scenario: Scenario, weapon: str | WeaponProfile, as_of: dt.date | str
) -> str:
    """Three answers for a weapon on a day: "in_force" (some permission certainly stands),
    "uncertain" (one may stand) or "not_in_force"."""
    statuses = {s.status for s in standing_authorizations(scenario, weapon, as_of)}
    return IN_FORCE if IN_FORCE in statuses else UNCERTAIN if statuses else NOT_IN_FORCE


def latest_date(scenario: Scenario) -> dt.date:
    """The default ``as_of``: the first day on which everything the scenario dates has happened,
    windows closed included (so no uncertain start is shown as a certain day)."""
    dates = [r.date for r in scenario.reports.values() if r.date is not None]
    for e in scenario.timeline:
        dates.append(e.latest + dt.timedelta(days=1) if e.windowed else e.latest)
    if not dates:
        raise EnvelopeError(f"{scenario.source}: the scenario has no dates; give as_of (a date)")
    return max(dates)


@dataclass(frozen=True)
class TimelineState:
    """One dated state of the timeline, for a map per state.

    ``basis`` says how the date is known: "stated", "derived", "inferred" (an exact start of
    that basis), or "window" (an uncertainty window opens). ``uncertain`` is True when an
    authorization for a weapon of the scenario (one a map draws) may or may not stand that day.
    ``entries`` gives each standing entry's id and status, including entries that cover no
    weapon of the scenario (e.g. Germany's, with no German range claimed).
    """

    date: dt.date
    basis: str
    label: str
    uncertain: bool
    entries: tuple[tuple[str, str], ...] = ()


def entry_statuses(scenario: Scenario, day: dt.date) -> tuple[tuple[str, str], ...]:
    """(entry id, status) for every allowed entry standing for some weapon on ``day``."""
    found: dict[str, str] = {}
    for weapon in scenario.weapons:
        for s in standing_authorizations(scenario, weapon, day):
            if found.get(s.entry.id) != IN_FORCE:
                found[s.entry.id] = s.status
    # entries that cover no weapon of the scenario (e.g. another supplier's) still count
    for e in scenario.timeline:
        if e.allowed and e.id not in found and e.status_on(day) != NOT_IN_FORCE:
            covered = [w for w in scenario.weapons if e.covers_weapon(w)]
            if not covered:
                found[e.id] = e.status_on(day)
    order = [e.id for e in scenario.timeline]
    return tuple(sorted(found.items(), key=lambda kv: order.index(kv[0])))


def timeline_states(scenario: Scenario) -> tuple[TimelineState, ...]:
    """Every dated state: before any authorization, then each day an entry starts, ends (is
    revoked), or enters or leaves its uncertainty window, oldest first."""
    if not scenario.timeline:
        return ()
    changes: dict[dt.date, list[tuple[str, str, bool]]] = {}
    drawn = {e.id for e in scenario.timeline if any(e.covers_weapon(w) for w in scenario.weapons)}
    for e in scenario.timeline:
        verb = "starts" if e.allowed else "revokes earlier permissions"
        mapped = e.id in drawn
        if e.windowed:
            changes.setdefault(e.earliest, []).append(
                ("window", f"{e.id} may have {_past(verb)} (window {e.start_label})", mapped)
            )
            after = e.latest + dt.timedelta(days=1)
            changes.setdefault(after, []).append((e.start_basis, f"{e.id} {_settled(e)}", mapped))
        else:
            changes.setdefault(e.start, []).append((e.start_basis, f"{e.id} {verb}", mapped))
    first = min(changes)
    before = first - dt.timedelta(days=1)
    states = [
        TimelineState(
            date=before,
            basis="derived",
            label=f"before {first.isoformat()}: no authorization",
            uncertain=False,
            entries=entry_statuses(scenario, before),
        )
    ]
    for day in sorted(changes):
        events = changes[day]
        entries = entry_statuses(scenario, day)
        # the date's basis is that of the changes a map shows, if any
        bases = [b for b, _, mapped in events if mapped] or [b for b, _, _ in events]
        basis = "window" if "window" in bases else _weakest(bases)
        states.append(
            TimelineState(
                date=day,
                basis=basis,
                label=f"{day.isoformat()}: " + "; ".join(text for _, text, _ in events),
                uncertain=any(st == UNCERTAIN for eid, st in entries if eid in drawn),
                entries=entries,
            )
        )
    return tuple(states)


def _past(verb: str) -> str:
    return "started" if verb == "starts" else "revoked earlier permissions"


def _settled(entry: Authorization) -> str:
    return "in force (its window has closed)" if entry.allowed else "revocation certain"


def _weakest(bases: list[str]) -> str:
    for basis in ("inferred", "derived", "stated"):
        if basis in bases:
            return basis
    return bases[0] if bases else "stated"


def standing_label(standing: Standing) -> str:
    """ "kharkiv-counterfire to 24 mi (38.6 km), in force" or "..., may be in force"."""
    depth = format_distance(standing.range_m)
    word = "in force" if standing.status == IN_FORCE else "may be in force"
    return f"{standing.entry.id} to {depth}, {word}"
