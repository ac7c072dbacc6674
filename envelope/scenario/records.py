"""Report records (``seeds/NNN_<hash>.toml``): one report and its claims, validated, and the
``REPORT#CLAIM`` references that scenario files cite them by."""

from __future__ import annotations

import difflib
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from . import schema as sch
from .model import (
    DATE_BASES,
    DISTANCE_MEASURES,
    MEASURES,
    SCENARIO_FILE,
    SPEAKERS,
    STATUSES,
    Claim,
    Report,
    short_id,
)


def load_report(path: str | Path, label: str | None = None) -> tuple[Report, tuple[Claim, ...]]:
    """Load and validate one report record file."""
    path = Path(path)
    label = label or str(path)
    ctx = sch.Ctx(label)
    doc = sch.read_toml(path, label)
    report, claims = report_from(doc, ctx, "", top_level=True, user=False)
    if report.id != path.stem:
        ctx.fail("id", f"{report.id!r} must equal the file name stem {path.stem!r}")
    return report, claims


def report_from(
    doc: dict, ctx: sch.Ctx, where: str, *, top_level: bool, user: bool
) -> tuple[Report, tuple[Claim, ...]]:
    spec = dict(sch.REPORT_KEYS)
    if top_level:
        spec["schema"] = False
        sch.check_schema(ctx, doc)
    if user:
        spec["date"] = False
        spec["date_basis"] = False
    sch.check_keys(ctx, doc, where, spec)
    rid = sch.get_id(ctx, doc, "id", where)
    date = sch.get_day(ctx, doc["date"], f"{where}.date") if "date" in doc else None
    if date is None and "date_basis" in doc:
        ctx.fail(f"{where}.date_basis", "given without a date")
    basis = sch.get_choice(ctx, doc, "date_basis", where, DATE_BASES, "unknown")
    latest = (
        sch.get_day(ctx, doc["date_latest"], f"{where}.date_latest")
        if "date_latest" in doc
        else None
    )
    if latest is not None and (date is None or latest < date):
        ctx.fail(f"{where}.date_latest", "must not be before date")
    report = Report(
        id=rid,
        title=sch.get_str(ctx, doc, "title", where),
        outlet=sch.get_str(ctx, doc, "outlet", where),
        byline=sch.get_str(ctx, doc, "byline", where),
        attributions=sch.get_str_list(ctx, doc, "attributions", where),
        date=date,
        date_basis=basis,
        date_note=sch.get_str(ctx, doc, "date_note", where),
        outlet_note=sch.get_str(ctx, doc, "outlet_note", where),
        date_latest=latest,
        user=user,
    )
    claims = []
    seen: set[str] = set()
    for i, table in enumerate(sch.array_of_tables(ctx, doc, "claims", where)):
        claim = claim_from(ctx, table, f"{where}.claims[{i}]", rid)
        if claim.id in seen:
            ctx.fail(f"{where}.claims[{i}].id", f"duplicate claim id {claim.id!r}")
        seen.add(claim.id)
        claims.append(claim)
    return report, tuple(claims)


def claim_from(ctx: sch.Ctx, table: Any, where: str, report_id: str) -> Claim:
    if not isinstance(table, dict):
        ctx.fail(where, f"expected a table, got {sch.show(table)}")
    measure = sch.get_choice(ctx, table, "measure", where, MEASURES)
    if measure is None:
        ctx.fail(f"{where}.measure", "missing required key")
    sch.check_keys(ctx, table, where, {**sch.CLAIM_COMMON, **sch.CLAIM_BY_MEASURE[measure]})
    value = unit = None
    if "value" in table:
        value = sch.positive(ctx, table["value"], f"{where}.value")
    if measure in DISTANCE_MEASURES:
        unit = sch.distance_unit(ctx, table["unit"], f"{where}.unit")
    elif "unit" in table:
        unit = sch.get_str(ctx, table, "unit", where)
    date, precision = (None, "")
    if measure == "event_date":
        if "date" not in table and "relative" not in table:
            ctx.fail(f"{where}.date", "missing required key (or give 'relative')")
        if "date" in table:
            date, precision = sch.partial_date(ctx, table["date"], f"{where}.date")
    as_of = sch.get_day(ctx, table["as_of"], f"{where}.as_of") if "as_of" in table else None
    return Claim(
        report_id=report_id,
        id=sch.get_id(ctx, table, "id", where),
        measure=measure,
        subject=sch.get_str(ctx, table, "subject", where, empty=False),
        value=value,
        unit=unit,
        qualifier=sch.get_str(ctx, table, "qualifier", where),
        speaker=sch.get_choice(ctx, table, "speaker", where, SPEAKERS),
        paragraph=sch.get_paragraph(ctx, table, where),
        quote=sch.get_str(ctx, table, "quote", where),
        summary=sch.get_str(ctx, table, "summary", where, empty=False),
        **sch.speaker_fields(ctx, table, where),
        status=sch.get_choice(ctx, table, "status", where, STATUSES),
        scope=sch.get_str(ctx, table, "scope", where),
        reference=sch.get_str(ctx, table, "reference", where),
        date=date,
        date_precision=precision,
        date_basis=sch.get_choice(
            ctx, table, "date_basis", where, DATE_BASES, "stated" if date else ""
        ),
        as_of=as_of,
        as_of_basis=sch.get_choice(
            ctx, table, "as_of_basis", where, DATE_BASES, "stated" if as_of else ""
        ),
        as_of_note=sch.get_str(ctx, table, "as_of_note", where),
        note=sch.get_str(ctx, table, "note", where),
        target_classes=sch.get_str_list(ctx, table, "target_classes", where),
        relative=sch.get_str(ctx, table, "relative", where),
    )


def load_report_records(seeds: Path) -> tuple[dict[str, Report], dict[str, Claim]]:
    reports: dict[str, Report] = {}
    index: dict[str, Claim] = {}
    for path in sorted(seeds.glob("*.toml")):
        if path.name == SCENARIO_FILE:
            continue
        report, claims = load_report(path, f"seeds/{path.name}")
        reports[report.id] = report
        for c in claims:
            index[c.ref] = c
    return reports, index


def resolve_ref(
    ref: Any, index: Mapping[str, Claim], reports: Mapping[str, Report], ctx: sch.Ctx, where: str
) -> Claim:
    if not isinstance(ref, str) or "#" not in ref:
        ctx.fail(where, f"expected a claim reference 'REPORT#CLAIM', got {sch.show(ref)}")
    report_part, claim_part = ref.split("#", 1)
    matches = [rid for rid in reports if rid == report_part or short_id(rid) == report_part]
    if len(matches) != 1:
        ctx.fail(where, f"unknown report {report_part!r} in claim reference {ref!r}")
    key = f"{matches[0]}#{claim_part}"
    if key not in index:
        known = sorted(c.id for c in index.values() if c.report_id == matches[0])
        close = difflib.get_close_matches(claim_part, known, n=1)
        hint = f"; did you mean {close[0]!r}?" if close else ""
        ctx.fail(where, f"report {matches[0]} has no claim {claim_part!r}{hint}")
    return index[key]
