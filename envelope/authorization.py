"""Authorized zones: where a weapon may strike on a date, as geography. The zone of a standing
authorization is the exact geodesic buffer of its own launch segments at min(depth, the weapon's
reach), clipped to its target country, whatever segment the map is drawn from."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

import shapely

from . import geodesic
from .errors import EnvelopeError
from .units import format_distance

IN_FORCE, UNCERTAIN = "in_force", "uncertain"
#: Two launch lines closer than this (degrees, about 500 m) count as the same stretch of border.
_ON_BORDER_DEG = 0.005


def authorized_envelopes(drawn, scenario, weapon, as_of: dt.date, *, clip: bool, index, cache):
    """The weapon's authorized envelopes on ``as_of``: one of the zones certainly in force, and,
    where an authorization may or may not stand that day, one "may be in force" envelope of
    everything that may stand. ``drawn`` is the segment the map is drawn from; entries that
    launch "anywhere" are measured from it, all others from their own segments."""
    from .scenario import standing_authorizations

    standing = standing_authorizations(
        scenario, weapon, as_of, target=drawn.target, drawn=drawn.name
    )
    certain = [s for s in standing if s.status == IN_FORCE]
    out = []
    if certain:
        out.append(_zone(drawn, weapon, certain, IN_FORCE, clip, index, cache))
    if len(certain) < len(standing):
        out.append(_zone(drawn, weapon, list(standing), UNCERTAIN, clip, index, cache))
    return out


def _zone(drawn, weapon, standing: Sequence, status: str, clip: bool, index, cache):
    """One envelope: the union of the standing entries' zones."""
    from .envelopes import Envelope, make_envelope

    parts = []
    seen = set()
    for s in standing:
        for seg_name in _launch_names(s.entry, drawn):
            key = (seg_name, round(s.range_m, 6))
            if key in seen:
                continue
            seen.add(key)
            own = seg_name == drawn.name
            seg = drawn if own else _registered(seg_name, s.entry.id)
            # the drawn segment's rings are shared with its claimed envelopes
            seg_cache = cache if own else cache.setdefault(("launch", seg_name), {})
            parts.append(
                (
                    seg_name,
                    s,
                    make_envelope(
                        seg,
                        s.range_m,
                        name=seg_name,
                        kind="authorized",
                        weapon=weapon.name,
                        clip=clip if own else True,
                        index=index if own else None,
                        cache=seg_cache,
                    ),
                )
            )
    entries = list(dict.fromkeys(s.entry for s in standing))
    range_m = max(s.range_m for s in standing)
    launch = tuple(dict.fromkeys(name for name, _, _ in parts))
    if len(parts) == 1:
        env = parts[0][2]
        geometry, display = env.geometry, env.display
        area, target_area, depth = env.area_km2, env.target_area_km2, env.max_depth_km
    else:
        geometry = shapely.union_all([e.geometry for _, _, e in parts])
        display = shapely.union_all([e.display for _, _, e in parts])
        area = geodesic.geodesic_area_km2(geometry)
        target_area = area if all(e.clipped_to for _, _, e in parts) else None
        if target_area is None:
            target_area = sum(e.target_area_km2 for _, _, e in parts)  # upper bound, unclipped
        depth = max(e.max_depth_km for _, _, e in parts)
    at_reach = [c for c in weapon.claims if c.metres and abs(c.metres - range_m) < 1e-6]
    sources = tuple(
        dict.fromkeys([r for e in entries for r in e.sources] + [c.report_id for c in at_reach])
    )
    claims = tuple(dict.fromkeys([c for e in entries for c in (*e.claims, *e.class_claims)]))
    excluded = set(entries[0].excluded_classes)
    for e in entries[1:]:
        excluded &= set(
            e.excluded_classes
        )  # a class stays excluded only if every entry excludes it
    word = "authorized" if status == IN_FORCE else "may be authorized"
    label = format_distance(range_m, first=_unit(weapon, entries, range_m))
    note = "; ".join(
        [
            f"{s.entry.id} ({_dates(s.entry)}; {_status_word(s.status)}): {s.entry.summary}"
            for s in standing
        ]
        + [launch_note(drawn, name) for name in launch if name != drawn.name]
    )
    return Envelope(
        name=f"{weapon.name} {word} {label}",
        kind="authorized",
        weapon=weapon.name,
        range_m=float(range_m),
        segment=drawn.name if launch == (drawn.name,) else "+".join(launch),
        geometry=geometry,
        display=display,
        display_tolerance_m=parts[0][2].display_tolerance_m,
        clipped_to=drawn.target if all(e.clipped_to for _, _, e in parts) else None,
        area_km2=area,
        target_area_km2=target_area,
        max_depth_km=depth,
        sources=sources or tuple(f"timeline:{e.id}" for e in entries),
        note=note,
        claims=claims,
        unit=_unit(weapon, entries, range_m),
        authorization_status=status,
        excluded_classes=tuple(sorted(excluded)),
        launch=launch,
    )


def _launch_names(entry, drawn) -> tuple[str, ...]:
    return (drawn.name,) if entry.anywhere else tuple(entry.segments)


def _registered(name: str, entry_id: str):
    from . import borders

    try:
        return borders.get_segment(name)
    except EnvelopeError:
        known = ", ".join(borders.segment_names())
        raise EnvelopeError(
            f"timeline entry {entry_id!r} launches from {name!r}, which is not a registered "
            f"border segment ({known})"
        ) from None


def _unit(weapon, entries, range_m: float) -> str:
    """The unit the source gave first for this distance: a cited depth claim's, else the
    weapon's range claim's, else miles (as the reports use them)."""
    for e in entries:
        for c in e.claims:
            if c.measure == "authorized_depth" and c.metres and abs(c.metres - range_m) < 1e-6:
                return c.unit
    for c in weapon.claims:
        if c.metres and abs(c.metres - range_m) < 1e-6 and c.unit in ("mi", "km"):
            return c.unit
    return "mi"


def _dates(entry) -> str:
    if entry.windowed:
        return f"window {entry.start_label}, {entry.start_basis}"
    return f"from {entry.start_label}, {entry.start_basis}"


def _status_word(status: str) -> str:
    return "in force" if status == IN_FORCE else "may be in force"


def launch_note(drawn, name: str) -> str:
    """Which part of the drawn border a zone's launch segment covers, in words."""
    import numpy as np
    from pyproj import Geod

    from . import borders

    seg = borders.get_segment(name)
    geod = Geod(ellps="WGS84")
    parts = shapely.get_parts(seg.line)
    total = on = 0.0
    shapely.prepare(drawn.geometry)
    for part in parts:
        xy = shapely.get_coordinates(part)
        _, _, d = geod.inv(xy[:-1, 0], xy[:-1, 1], xy[1:, 0], xy[1:, 1])
        near = shapely.dwithin(drawn.geometry, shapely.points(xy), _ON_BORDER_DEG)
        total += float(np.sum(d)) / 1000.0
        on += float(np.sum(np.asarray(d)[near[:-1] & near[1:]])) / 1000.0  # edges on the border
    drawn_km = geod.geometry_length(drawn.geometry) / 1000.0
    if on < 1.0:
        return f"launches from {name} ({total:,.0f} km), off the drawn border {drawn.name}"
    share = min(on / drawn_km, 1.0) if drawn_km else 0.0
    return (
        f"launches from {name}: {on:,.0f} km of the drawn {drawn.name} border "
        f"({drawn_km:,.0f} km), {share:.0%} of it"
    )
