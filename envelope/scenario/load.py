"""Loading a scenario: the packaged seeds, or a user's file extending or replacing them, built
into one validated :class:`~envelope.scenario.model.Scenario`."""

from __future__ import annotations

import re
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from ..errors import EnvelopeError
from .model import (
    ALL,
    DATE_BASES,
    SCENARIO_FILE,
    SPEAKERS,
    Authorization,
    Claim,
    Report,
    Scenario,
    WeaponProfile,
    same_value,
)
from .records import load_report_records, report_from, resolve_ref
from .schema import (
    INLINE_CLAIM_KEYS,
    SCENARIO_KEYS,
    TIMELINE_KEYS,
    WEAPON_KEYS,
    Ctx,
    array_of_tables,
    check_keys,
    check_schema,
    distance_text,
    distance_unit,
    get_choice,
    get_day,
    get_id,
    get_paragraph,
    get_str,
    get_str_list,
    positive,
    read_toml,
    ref_list,
    show,
    speaker_fields,
)


def load_scenario(path: str | Path | None = None) -> Scenario:
    """Load the packaged scenario (``None``) or a user's scenario file.

    A user file uses the scenario schema (``seeds/README.md``). With ``base = "packaged"`` (the
    default) it extends the packaged scenario: its weapons replace packaged ones of the same name
    or are added, its timeline entries replace packaged ones with the same id or are added.
    With ``base = "none"`` only its own weapons and timeline count. Either way the packaged
    reports stay citable, and it may define its own sources under ``[[reports]]``; inline
    claims without a ``report`` belong to an implicit source ``"user"``.
    """
    from ..resources import data_dir

    seeds = data_dir("seeds")
    reports, claim_index = load_report_records(seeds)
    packaged_file = seeds / SCENARIO_FILE
    packaged_doc = read_toml(packaged_file, f"seeds/{SCENARIO_FILE}")
    packaged = _build(
        packaged_doc, Ctx(f"seeds/{SCENARIO_FILE}"), reports, claim_index, (), (), user=False
    )
    if path is None:
        return packaged
    label = str(path)
    doc = read_toml(Path(path), label)
    return _build(
        doc, Ctx(label), reports, claim_index, packaged.weapons, packaged.timeline, user=True
    )


def _build(
    doc: dict,
    ctx: Ctx,
    packaged_reports: dict[str, Report],
    packaged_index: dict[str, Claim],
    base_weapons: tuple[WeaponProfile, ...],
    base_timeline: tuple[Authorization, ...],
    *,
    user: bool,
) -> Scenario:
    check_keys(ctx, doc, "", SCENARIO_KEYS)
    check_schema(ctx, doc)
    base = get_choice(ctx, doc, "base", "", ("packaged", "none"), "packaged")
    if not user and "base" in doc:
        ctx.fail("base", "only user scenario files have a base")
    reports = dict(packaged_reports)
    index = dict(packaged_index)
    own_claims: list[Claim] = []
    for i, table in enumerate(array_of_tables(ctx, doc, "reports", "")):
        if not user:
            ctx.fail(f"reports[{i}]", "packaged reports live in their own record files")
        report, claims = report_from(table, ctx, f"reports[{i}]", top_level=False, user=True)
        if report.id in reports:
            ctx.fail(f"reports[{i}].id", f"report {report.id!r} is already defined")
        reports[report.id] = report
        for c in claims:
            index[c.ref] = c
        own_claims.extend(claims)

    weapons: list[WeaponProfile] = list(base_weapons) if base == "packaged" else []
    own_weapons: list[WeaponProfile] = []
    for i, table in enumerate(array_of_tables(ctx, doc, "weapons", "")):
        weapon, inline = _weapon_from(ctx, table, f"weapons[{i}]", reports, index, user=user)
        names = (weapon.name, *weapon.aliases)
        for other in own_weapons:
            if any(other.matches(n) for n in names):
                ctx.fail(f"weapons[{i}].name", f"{weapon.name!r} clashes with {other.name!r} above")
        own_weapons.append(weapon)
        weapons = [w for w in weapons if not w.matches(weapon.name)]  # replaces a base weapon
        for other in weapons:
            if any(other.matches(n) for n in names):
                ctx.fail(f"weapons[{i}].aliases", f"an alias clashes with weapon {other.name!r}")
        weapons.append(weapon)
        for c in inline:
            if c.report_id not in reports:  # the implicit user source
                reports[c.report_id] = Report(
                    id=c.report_id,
                    title=f"user scenario {ctx.name}",
                    outlet="",
                    byline="",
                    attributions=(),
                    date=None,
                    date_basis="unknown",
                    date_note="",
                    user=True,
                )
            if c.ref in index:
                ctx.fail(f"weapons[{i}]", f"claim {c.ref!r} is defined twice")
            index[c.ref] = c
        own_claims.extend(inline)
    if not weapons:
        ctx.fail("weapons", "the scenario defines no weapons")
    scenario_weapons = tuple(weapons)

    timeline: list[Authorization] = list(base_timeline) if base == "packaged" else []
    own_ids: set[str] = set()
    for i, table in enumerate(array_of_tables(ctx, doc, "timeline", "")):
        entry = _authorization_from(ctx, table, f"timeline[{i}]", scenario_weapons, reports, index)
        if entry.id in own_ids:
            ctx.fail(f"timeline[{i}].id", f"duplicate timeline id {entry.id!r}")
        own_ids.add(entry.id)
        timeline = [e for e in timeline if e.id != entry.id]
        timeline.append(entry)
    timeline.sort(key=lambda e: e.earliest)  # stable: equal starts keep file order

    all_claims = tuple(packaged_index.values()) + tuple(own_claims)
    return Scenario(
        reports=reports,
        claims=all_claims,
        weapons=scenario_weapons,
        timeline=tuple(timeline),
        source=ctx.name if user else "packaged",
        title=get_str(ctx, doc, "title", ""),
        claim_index=index,
    )


def _weapon_from(
    ctx: Ctx,
    table: Any,
    where: str,
    reports: Mapping[str, Report],
    index: Mapping[str, Claim],
    *,
    user: bool,
) -> tuple[WeaponProfile, tuple[Claim, ...]]:
    check_keys(ctx, table, where, WEAPON_KEYS)
    name = get_str(ctx, table, "name", where, empty=False).strip()
    if name == ALL:
        ctx.fail(f"{where}.name", f"{ALL!r} is reserved")
    aliases = tuple(a.strip() for a in get_str_list(ctx, table, "aliases", where))
    slug = re.sub(r"[^a-z0-9]+", "-", name.casefold()).strip("-") or "weapon"
    claims: list[Claim] = []
    inline: list[Claim] = []
    raw = table.get("claims", [])
    if not isinstance(raw, list):
        ctx.fail(f"{where}.claims", f"expected an array, got {show(raw)}")
    for j, item in enumerate(raw):
        at = f"{where}.claims[{j}]"
        if isinstance(item, dict):
            if not user:
                ctx.fail(at, "packaged weapons cite report claims as 'REPORT#CLAIM'")
            claim = _inline_claim(ctx, item, at, name, f"{slug}-range-{j + 1}", reports)
            inline.append(claim)
        else:
            claim = resolve_ref(item, index, reports, ctx, at)
            if claim.measure != "weapon_range":
                ctx.fail(at, f"claim {claim.ref!r} is a {claim.measure} claim, not weapon_range")
            if not (
                claim.subject.casefold() == name.casefold()
                or claim.subject.casefold() in (a.casefold() for a in aliases)
            ):
                ctx.fail(at, f"claim {claim.ref!r} is about {claim.subject!r}, not {name!r}")
        claims.append(claim)
    if "range" in table:
        at = f"{where}.range"
        distance = distance_text(ctx, table["range"], at, "250 km")
        claim = Claim(
            report_id="user",
            id=f"{slug}-range",
            measure="weapon_range",
            subject=name,
            value=distance.value,
            unit=distance.unit,
            qualifier="",
            speaker="user",
            paragraph=0,
            quote="",
            summary=f"{name} range as given in {ctx.name}",
        )
        if not user:
            ctx.fail(at, "packaged weapons cite report claims as 'REPORT#CLAIM'")
        inline.append(claim)
        claims.append(claim)
    if not claims:
        ctx.fail(where, "a weapon needs 'claims' or a 'range'")
    if user:
        _check_drawable(ctx, claims, where, "range" in table)
    weapon = WeaponProfile(
        name=name,
        aliases=aliases,
        claims=tuple(claims),
        # No default supplier: a weapon is covered by "all US-supplied weapons" only if its
        # file says it is US-supplied, never by accident.
        supplier=get_str(ctx, table, "supplier", where, "unknown", empty=False),
        note=get_str(ctx, table, "note", where),
        **_launch_fields(ctx, table, where),
    )
    return weapon, tuple(inline)


def _launch_fields(ctx: Ctx, table: Any, where: str) -> dict:
    """``operator`` (ISO3 of the country firing it) and ``standoff`` with its
    ``standoff_source`` (a report id or where the figure comes from): issue 12."""
    from ..borders import _code

    out: dict = {}
    operator = get_str(ctx, table, "operator", where).strip()
    if operator:
        try:
            out["operator"] = _code(operator, "operator country")
        except EnvelopeError as exc:
            ctx.fail(f"{where}.operator", str(exc))
    if "standoff" in table:
        distance = distance_text(ctx, table["standoff"], f"{where}.standoff", "20 km")
        source = get_str(ctx, table, "standoff_source", where).strip()
        if not source:
            ctx.fail(f"{where}.standoff_source", "a standoff needs its source (a report id)")
        out["standoff_m"] = distance.metres
        out["standoff_source"] = source
    return out


def _check_drawable(ctx: Ctx, claims: list[Claim], where: str, has_range: bool) -> None:
    """A user's weapon range must be one the engine can draw, caught here with its file and
    key rather than after minutes of work (issue 13: ``1e308 km`` is no range)."""
    from ..geodesic import MAX_RANGE_M, MIN_RANGE_M

    for j, claim in enumerate(claims):
        at = f"{where}.range" if has_range and j == len(claims) - 1 else f"{where}.claims[{j}]"
        try:
            distance = claim.distance
        except EnvelopeError as exc:
            ctx.fail(at, str(exc))
        metres = distance.metres if distance is not None else MIN_RANGE_M
        if not MIN_RANGE_M <= metres <= MAX_RANGE_M:
            ctx.fail(
                at,
                f"{claim.value:g} {claim.unit} is outside the 1 km to 2,000 km the engine draws; "
                "give a range in that span",
            )


def _check_segments(ctx: Ctx, segments: tuple[str, ...], where: str) -> None:
    """Timeline segments are registered names (any case) or "*": caught here with the file and
    key, not when a map is drawn."""
    from ..borders import segment_names

    known = [n.casefold() for n in segment_names()]
    for j, name in enumerate(segments):
        if name != "*" and name not in known:
            ctx.fail(
                f"{where}[{j}]",
                f'unknown segment {name!r}; known segments: {", ".join(known)}, or "*"',
            )


def _inline_claim(
    ctx: Ctx, table: dict, where: str, weapon: str, default_id: str, reports: Mapping[str, Report]
) -> Claim:
    check_keys(ctx, table, where, INLINE_CLAIM_KEYS)
    report_id = get_str(ctx, table, "report", where, "user", empty=False)
    if report_id in reports and not reports[report_id].user:
        ctx.fail(
            f"{where}.report",
            f"inline claims belong to user sources; cite {report_id}'s claims as 'REPORT#CLAIM'",
        )
    if report_id != "user" and report_id not in reports:
        ctx.fail(f"{where}.report", f"unknown source {report_id!r}; define it under [[reports]]")
    value = positive(ctx, table["value"], f"{where}.value")
    unit = distance_unit(ctx, table["unit"], f"{where}.unit")
    return Claim(
        report_id=report_id,
        id=get_id(ctx, table, "id", where) if "id" in table else default_id,
        measure="weapon_range",
        subject=weapon,
        value=value,
        unit=unit,
        qualifier=get_str(ctx, table, "qualifier", where),
        speaker=get_choice(ctx, table, "speaker", where, SPEAKERS, "user"),
        paragraph=get_paragraph(ctx, table, where),
        quote=get_str(ctx, table, "quote", where),
        summary=get_str(ctx, table, "summary", where, f"{weapon} range ({ctx.name})"),
        **speaker_fields(ctx, table, where),
        note=get_str(ctx, table, "note", where),
    )


def _authorization_from(
    ctx: Ctx,
    table: Any,
    where: str,
    weapons: tuple[WeaponProfile, ...],
    reports: Mapping[str, Report],
    index: Mapping[str, Claim],
) -> Authorization:
    check_keys(ctx, table, where, TIMELINE_KEYS)
    allowed = table.get("allowed", True)
    if not isinstance(allowed, bool):
        ctx.fail(f"{where}.allowed", f"expected true or false, got {show(allowed)}")

    def weapon_names(key: str, allow_all: bool) -> tuple[str, ...]:
        names = []
        for j, name in enumerate(get_str_list(ctx, table, key, where)):
            if name.strip() == ALL and allow_all:
                names.append(ALL)
                continue
            match = [w for w in weapons if w.matches(name)]
            if not match:
                known = ", ".join(w.name for w in weapons)
                ctx.fail(f"{where}.{key}[{j}]", f"unknown weapon {name!r}; known weapons: {known}")
            names.append(match[0].name)
        return tuple(names)

    def cited_claims(key: str) -> tuple[Claim, ...]:
        return tuple(
            resolve_ref(ref, index, reports, ctx, f"{where}.{key}[{j}]")
            for j, ref in enumerate(ref_list(ctx, table, key, where))
        )

    included = weapon_names("weapons", True)
    if not included:
        ctx.fail(f"{where}.weapons", 'must name at least one weapon or "*"')
    segments = tuple(s.strip().casefold() for s in get_str_list(ctx, table, "segments", where))
    if not segments:
        ctx.fail(f"{where}.segments", 'must name at least one segment or "*"')
    _check_segments(ctx, segments, f"{where}.segments")
    cited = cited_claims("claims")
    dissent = cited_claims("dissent")
    depth_m = None
    if "depth" in table:
        at = f"{where}.depth"
        if not allowed:
            ctx.fail(at, "a prohibition (allowed = false) has no depth")
        depth = distance_text(ctx, table["depth"], at, "24 mi")
        depth_m = depth.metres
        if depth_m < 1_000.0:  # drawn as a range: below the engine's 1 km it would fail later
            ctx.fail(at, f"{depth.label} is under the 1 km the engine draws; give at least 1 km")
        claimed = [c for c in cited if c.measure == "authorized_depth"]
        if claimed and not any(same_value(depth_m, c.metres) for c in claimed):
            values = ", ".join(sorted({c.distance.label for c in claimed}))
            ctx.fail(
                at, f"{depth.label} matches none of the cited authorized_depth claims ({values})"
            )
    start, not_before, not_after = _start_or_window(ctx, table, where)
    class_claims = cited_claims("class_claims")
    excluded_classes = tuple(
        c.strip().casefold() for c in get_str_list(ctx, table, "excluded_classes", where)
    )
    if class_claims and not excluded_classes:
        ctx.fail(f"{where}.class_claims", "cites class claims but names no excluded_classes")
    origin = get_str(ctx, table, "origin", where, "UKR", empty=False).strip().upper()
    target = get_str(ctx, table, "target", where, "RUS", empty=False).strip().upper()
    if origin == target:
        ctx.fail(f"{where}.target", f"must differ from origin ({origin})")
    return Authorization(
        id=get_id(ctx, table, "id", where),
        start=start,
        not_before=not_before,
        not_after=not_after,
        origin=origin,
        target=target,
        excluded_classes=excluded_classes,
        class_claims=class_claims,
        start_basis=get_choice(ctx, table, "start_basis", where, DATE_BASES),
        weapons=included,
        excluded=weapon_names("excluded", False),
        depth_m=depth_m,
        segments=segments,
        claims=cited,
        summary=get_str(ctx, table, "summary", where, empty=False),
        start_note=get_str(ctx, table, "start_note", where),
        dissent=dissent,
        allowed=allowed,
        supplier=get_str(ctx, table, "supplier", where, "US", empty=False),
    )


def _start_or_window(ctx: Ctx, table: dict, where: str):
    """An exact ``start``, or a window ``not_before``..``not_after`` (both days included)."""
    window = [k for k in ("not_before", "not_after") if k in table]
    if "start" in table:
        if window:
            ctx.fail(f"{where}.{window[0]}", "give either start or a not_before/not_after window")
        return get_day(ctx, table["start"], f"{where}.start"), None, None
    if not window:
        ctx.fail(f"{where}.start", "missing required key (or a not_before/not_after window)")
    if len(window) == 1:
        missing = "not_after" if window[0] == "not_before" else "not_before"
        ctx.fail(f"{where}.{missing}", "a window needs both not_before and not_after")
    lo = get_day(ctx, table["not_before"], f"{where}.not_before")
    hi = get_day(ctx, table["not_after"], f"{where}.not_after")
    if hi < lo:
        ctx.fail(f"{where}.not_after", f"{hi.isoformat()} is before not_before {lo.isoformat()}")
    if "start_note" not in table:
        ctx.fail(f"{where}.start_note", "a window needs its reasoning")
    return None, lo, hi
