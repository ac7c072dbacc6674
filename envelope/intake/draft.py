"""A draft as a user scenario file (seeds schema, ``base = "packaged"``) or as JSON.

Every claim is written with ``review = "pending"``. A weapon range joins the weapon's profile:
a packaged weapon is restated with its packaged claims plus the new one (so its band widens),
a weapon the scenario lacks gets a profile of its own.
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from dataclasses import dataclass

from .extract import MEASURE_ORDER, Draft
from .model import Finding
from .overlap import RUN

_ID_CHARS = re.compile(r"[^A-Za-z0-9_.\-]+")
_MEASURE_WORDS = {
    "weapon_range": ("weapon range", "weapon ranges"),
    "authorized_depth": ("authorized depth", "authorized depths"),
    "place_distance": ("place distance", "place distances"),
    "authorization": ("authorization", "authorizations"),
    "event_date": ("date", "dates"),
}
_SUFFIX = {
    "weapon_range": "range",
    "authorized_depth": "depth",
    "place_distance": "distance",
    "event_date": "date",
}


@dataclass(frozen=True)
class Profile:
    """A weapon profile of the base scenario, as a draft restates it."""

    name: str
    aliases: tuple[str, ...]
    supplier: str
    claims: tuple[str, ...]  # "REPORT#CLAIM"
    note: str = ""


def report_id_for(stem: str, taken: Sequence[str] = ()) -> str:
    """A valid report id from a file stem, not clashing with ``taken`` ids."""
    rid = _ID_CHARS.sub("-", stem).strip("-._") or "intake"
    if not rid[0].isalnum():
        rid = "r" + rid
    base, n = rid, 1
    while rid in taken:
        n += 1
        rid = f"{base}-intake" if n == 2 else f"{base}-intake{n - 1}"
    return rid


def claim_ids(findings: Sequence[Finding]) -> list[str]:
    """Readable, unique ids: "atacms-range", "kharkiv-distance", "atacms-prohibited-2"."""
    ids: list[str] = []
    taken: set[str] = set()
    count: dict[str, int] = {}
    for f in findings:
        tail = f.status if f.measure == "authorization" else _SUFFIX[f.measure]
        head = "p" + str(f.paragraph) if f.measure == "event_date" else _slug(f.subject)
        base = f"{head}-{tail}"
        n = count.get(base, 0)
        cid = base if n == 0 else f"{base}-{n + 1}"
        while cid in taken:
            n += 1
            cid = f"{base}-{n + 1}"
        count[base] = n + 1
        taken.add(cid)
        ids.append(cid)
    return ids


def summary_line(draft: Draft) -> str:
    """ "3 claims (1 weapon range, 1 authorized depth, 1 date)" or "no claims found"."""
    counts = draft.counts()
    if not counts:
        return "no claims found; the draft holds the report record only"
    total = sum(counts.values())
    parts = [f"{n} {_MEASURE_WORDS[m][n != 1]}" for m, n in counts.items()]
    return f"{total} claim{'s' if total != 1 else ''} ({', '.join(parts)})"


def claims_json(draft: Draft) -> str:
    """``{"claims": [...]}`` with measure, subject, value, unit, qualifier, paragraph, quote."""
    rows = []
    for cid, f in zip(claim_ids(draft.findings), draft.findings, strict=True):
        row = {
            "id": cid,
            "measure": f.measure,
            "subject": f.subject,
            "value": f.value,
            "unit": f.unit,
            "qualifier": f.qualifier,
            "qualifier_class": f.qualifier_class,
            "paragraph": f.paragraph,
            "quote": f.quote,
            "speaker": f.speaker,
            "review": "pending",
        }
        optional = {
            "alternate": f.alternate,
            "reference": f.reference,
            "status": f.status,
            "scope": f.scope,
            "date": f.date,
            "date_basis": f.date_basis,
            "speaker_role": f.speaker_role,
            "via": f.via,
            "affiliation": f.affiliation,
            "origin": f.origin,
            "note": f.note,
        }
        row.update({k: v for k, v in optional.items() if v})
        rows.append(row)
    return json.dumps({"report": draft.report_id, "claims": rows}, indent=2, ensure_ascii=False)


def draft_toml(draft: Draft, profiles: Sequence[Profile]) -> str:
    """The draft as a user scenario in the seeds schema (see seeds/README.md)."""
    ids = claim_ids(draft.findings)
    lines = _header(draft)
    lines += ["schema = 1", f"title = {_s('Intake draft: ' + draft.report_id)}"]
    lines += ['base = "packaged"', "", "[[reports]]"]
    report = {
        "id": draft.report_id,
        "title": draft.title,
        "outlet": draft.outlet,
        "outlet_note": draft.outlet_note,
        "byline": draft.byline,
        "attributions": list(draft.attributions),
    }
    lines += [f"{k} = {_value(v)}" for k, v in report.items() if v or k in ("title", "outlet")]
    if draft.date.date is not None:
        lines.append(f"date = {draft.date.date.isoformat()}")
        lines.append(f"date_basis = {_s(draft.date.basis)}")
    lines.append(f"date_note = {_s(draft.date.note)}")
    for cid, f in zip(ids, draft.findings, strict=True):
        lines += ["", "[[reports.claims]]", *_claim_lines(cid, f)]
    lines += _weapon_lines(draft, ids, profiles)
    return "\n".join(lines) + "\n"


def _header(draft: Draft) -> list[str]:
    out = [
        f"# Draft by `envelope intake` from {draft.source} ({draft.paragraphs} paragraphs).",
        "# Every claim is pending: check it against the paragraph and quote, fix or delete it,",
        '# then set review = "confirmed". Summaries are generated; rewrite them in your own words.',
        f"# Found: {summary_line(draft)}.",
    ]
    if draft.overlaps:
        out.append(f"# Overlap with the known reports ({RUN}-word runs of text shared):")
        for o in draft.overlaps:
            out.append(f"#   {o.describe()}")
            for par, quote in o.quotations:
                out.append(
                    f"#     shared quotation, par. {par}: {json.dumps(quote, ensure_ascii=False)}"
                )
    else:
        out.append("# Overlap with the known reports: none found.")
    for f in undrawable(draft):
        out.append(
            f"# par. {f.paragraph}: {f.subject} at {f.value:g} {f.unit} is beyond the 1 km to "
            "2,000 km the engine draws: kept as a claim, not added to a weapon profile."
        )
    if draft.unclassified:
        out.append("# Distances not taken as a range, depth or border distance (check by hand):")
        for u in draft.unclassified:
            out.append(f"#   par. {u.paragraph}: {json.dumps(u.quote, ensure_ascii=False)}")
    return [_comment_safe(line) for line in out] + [""]


def _claim_lines(cid: str, f: Finding) -> list[str]:
    fields: dict[str, object] = {"id": cid, "measure": f.measure, "subject": f.subject}
    if f.measure in ("weapon_range", "authorized_depth", "place_distance"):
        fields |= {"value": f.value, "unit": f.unit, "qualifier": f.qualifier}
    if f.measure == "place_distance" and f.reference:
        fields["reference"] = f.reference
    if f.measure in ("authorized_depth", "authorization") and f.scope:
        fields["scope"] = f.scope
    if f.measure == "authorization":
        fields["status"] = f.status
    if f.measure == "event_date":
        fields |= {"date": f.date, "date_basis": f.date_basis}
    fields["speaker"] = f.speaker
    for k in ("speaker_role", "via", "affiliation", "origin"):
        if getattr(f, k):
            fields[k] = getattr(f, k)
    fields |= {"paragraph": f.paragraph, "quote": f.quote, "summary": _summary(f)}
    note = "; ".join(
        x for x in (f.note, f"also given as {f.alternate}" if f.alternate else "") if x
    )
    if note:
        fields["note"] = note
    fields["review"] = "pending"
    return [f"{k} = {_value(v)}" for k, v in fields.items()]


def _summary(f: Finding) -> str:
    figure = f"{f.qualifier} {f.value:g} {f.unit}".strip() if f.value is not None else ""
    if f.measure == "weapon_range" and f.weapon is not None and f.weapon.generic:
        return f"Range {figure} of {f.subject}, not named in the text; name it (intake draft)."
    if f.measure == "weapon_range":
        return f"{f.subject} range: {figure} (intake draft)."
    if f.measure == "authorized_depth":
        return f"Depth limit for {f.subject}: {figure} (intake draft)."
    if f.measure == "place_distance":
        return f"{f.subject}: {figure} from the {f.reference or 'reference'} (intake draft)."
    if f.measure == "authorization":
        scope = f" ({f.scope})" if f.scope else ""
        return f"{f.subject} {f.status}{scope} (intake draft)."
    return f"A date the text names, {f.date} ({f.date_basis}) (intake draft)."


def undrawable(draft: Draft) -> list[Finding]:
    """Ranges the engine cannot draw (outside 1 km to 2,000 km, e.g. a 2,500 km drone): kept as
    claims, left out of weapon profiles, so the draft still loads."""
    found = [f for f in draft.findings if f.measure == "weapon_range"]
    if not found:
        return []
    from ..geodesic import MAX_RANGE_M, MIN_RANGE_M
    from ..units import Distance

    return [
        f for f in found if not MIN_RANGE_M <= Distance.of(f.value, f.unit).metres <= MAX_RANGE_M
    ]


def _weapon_lines(draft: Draft, ids: Sequence[str], profiles: Sequence[Profile]) -> list[str]:
    by_weapon: dict[str, list[str]] = {}
    weapons = {}
    skip = undrawable(draft)
    for cid, f in zip(ids, draft.findings, strict=True):
        if f in skip or f.measure != "weapon_range":
            continue
        if not (f.weapon is not None and f.weapon.generic):
            by_weapon.setdefault(f.subject, []).append(f"{draft.report_id}#{cid}")
            weapons[f.subject] = f.weapon
    out: list[str] = []
    for name, refs in by_weapon.items():
        profile = next((p for p in profiles if _matches(p, name)), None)
        out += ["", "[[weapons]]"]
        if profile is not None:
            out += [f"name = {_s(profile.name)}"]
            if profile.aliases:
                out.append(f"aliases = {_value(list(profile.aliases))}")
            out.append(f"supplier = {_s(profile.supplier)}")
            out.append(f"claims = {_value([*profile.claims, *refs])}")
            note = (
                "Packaged claims plus the pending intake claims; the band widens to include them."
            )
        else:
            weapon = weapons[name]
            aliases = [a for a in (weapon.aliases if weapon else ()) if _clear(a, profiles)]
            out += [f"name = {_s(name)}"]
            if aliases:
                out.append(f"aliases = {_value(aliases)}")
            supplier = weapon.supplier if weapon else "unknown"
            out.append(f"supplier = {_s(supplier or 'unknown')}")
            out.append(f"claims = {_value(refs)}")
            note = "New profile from intake; the supplier comes from the intake gazetteer."
        out.append(f"note = {_s(note)}")
    return out


def _matches(profile: Profile, name: str) -> bool:
    key = name.casefold()
    return key == profile.name.casefold() or key in (a.casefold() for a in profile.aliases)


def _clear(alias: str, profiles: Sequence[Profile]) -> bool:
    return not any(_matches(p, alias) for p in profiles)


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.casefold()).strip("-") or "claim"


def _s(text: str) -> str:
    """A TOML basic string (JSON escapes are valid TOML; DEL must be escaped too)."""
    return json.dumps(str(text), ensure_ascii=False).replace("\x7f", "\\u007f")


def _value(v: object) -> str:
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, float):
        return str(int(v)) if v.is_integer() else repr(v)
    if isinstance(v, int):
        return str(v)
    if isinstance(v, list):
        return "[" + ", ".join(_value(x) for x in v) + "]"
    return _s(str(v))


def _comment_safe(line: str) -> str:
    return "".join(ch if ch >= " " or ch == "\t" else " " for ch in line).replace("\x7f", " ")


__all__ = ["MEASURE_ORDER", "Profile", "claim_ids", "claims_json", "draft_toml", "report_id_for"]
