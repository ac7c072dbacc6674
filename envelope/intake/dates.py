"""Dates in report text: stated days and months, a dateline, and weekdays ("on Friday") resolved
against a dated caption or the report's date, each with the reasoning written out."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import dataclass

from .model import Finding
from .patterns import pattern
from .text import Paragraph, short_quote

MONTHS = {
    m: i
    for i, names in enumerate(
        (
            ("january", "jan"),
            ("february", "feb"),
            ("march", "mar"),
            ("april", "apr"),
            ("may",),
            ("june", "jun"),
            ("july", "jul"),
            ("august", "aug"),
            ("september", "sept", "sep"),
            ("october", "oct"),
            ("november", "nov"),
            ("december", "dec"),
        ),
        1,
    )
    for m in names
}
WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
_MONTH = r"(?P<month>January|February|March|April|May|June|July|August|September|October|November|December|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec)\.?"  # noqa: E501
_MDY = re.compile(
    rf"\b{_MONTH}\s+(?P<day>\d{{1,2}})(?:st|nd|rd|th)?(?:,\s*|\s+)(?P<year>(?:19|20)\d\d)\b"
)
_DMY = re.compile(
    rf"\b(?P<day>\d{{1,2}})(?:st|nd|rd|th)?\s+{_MONTH}\s*,?\s+(?P<year>(?:19|20)\d\d)\b"
)
_ISO = pattern("dates.iso")
_MD = re.compile(
    rf"\b{_MONTH}\s+(?P<day>\d{{1,2}})(?:st|nd|rd|th)?\b(?!,?\s*(?:19|20)\d\d)(?!\s*(?:km|kilomet|mi))"
)
_MY = re.compile(
    rf"\b(?:in|since|from|until|by|of|early|late|mid-?)\s+{_MONTH}\s+(?P<year>(?:19|20)\d\d)\b"
)
_M = re.compile(rf"\b(?:in|since|from|until|by|early|late|mid-?)\s+{_MONTH}\b(?!\s+\d)")
_WEEKDAY = pattern("dates.weekday")


@dataclass(frozen=True)
class ReportDate:
    """The report's own date, how it is known, and the reasoning."""

    date: dt.date | None
    basis: str  # "stated" | "derived" | "inferred" | "" (unknown)
    note: str
    latest: dt.date | None = None


def full_dates(text: str) -> list[tuple[int, int, dt.date]]:
    """(start, end, date) of every day written with its year."""
    out = []
    for regex in (_MDY, _DMY, _ISO):
        for m in regex.finditer(text):
            try:
                month = (
                    int(m.group("m")) if "m" in m.groupdict() else MONTHS[m.group("month").lower()]
                )
                day = dt.date(int(m.group("year")), month, int(m.group("day")))
            except (ValueError, KeyError):
                continue
            if not any(a <= m.start() < b for a, b, _ in out):
                out.append((m.start(), m.end(), day))
    return sorted(out)


def dateline(pars: Sequence[Paragraph]) -> tuple[dt.date, int] | None:
    """A date standing alone (or opening a line) in the first four paragraphs: the dateline."""
    for par in pars[:4]:
        text = par.text.strip()
        days = full_dates(text)
        if not days:
            continue
        start, end, day = days[0]
        rest = (text[:start] + text[end:]).strip(" ,.-–—|:")
        rest = re.sub(r"^(?:published|updated|posted|date)\s*:?", "", rest, flags=re.I).strip()
        if len(rest.split()) <= 5:
            return day, par.number
    return None


def report_date(pars: Sequence[Paragraph], given: dt.date | None) -> ReportDate:
    """The report's date: given on the command line, a dateline, or bounded by dates in it."""
    if given is not None:
        return ReportDate(given, "stated", "Given with --date.")
    line = dateline(pars)
    if line is not None:
        return ReportDate(line[0], "stated", f"Dateline (par. {line[1]}).")
    mentioned = [(p.number, d) for p in pars for _, _, d in full_dates(p.text)]
    if mentioned:
        number, latest = max(mentioned, key=lambda x: x[1])
        note = (
            f"Undated. The latest day the text names is {latest.isoformat()} (par. {number}); "
            "the report is from that day or later, and the earliest consistent day is recorded."
        )
        return ReportDate(latest, "inferred", note)
    return ReportDate(None, "", "Undated, and the text names no full date; pass --date.")


def date_findings(pars: Sequence[Paragraph], report: ReportDate) -> list[Finding]:
    """Event dates: stated days, months and years, and weekdays resolved with reasoning."""
    anchors = [(p.number, d) for p in pars for _, _, d in full_dates(p.text)]
    return [f for par in pars for f in _paragraph_dates(par, anchors, report)]


def _paragraph_dates(
    par: Paragraph, anchors: Sequence[tuple[int, dt.date]], report: ReportDate
) -> list[Finding]:
    out: list[Finding] = []
    text = par.text
    taken: list[tuple[int, int]] = []

    def add(start: int, end: int, date: str, basis: str, note: str = "") -> None:
        if any(start < b and a < end for a, b in taken):
            return
        taken.append((start, end))
        out.append(
            Finding(
                "event_date",
                f"par. {par.number}: {short_quote(text, start, end)}",
                par.number,
                short_quote(text, start, end),
                offset=start,
                date=date,
                date_basis=basis,
                note=note,
            )
        )

    for start, end, day in full_dates(text):
        add(start, end, day.isoformat(), "stated")
    for m in _MY.finditer(text):
        month = MONTHS[m.group("month").lower()]
        add(m.start("month"), m.end(), f"{m.group('year')}-{month:02d}", "stated")
    for m in _MD.finditer(text):
        if m.group("month").lower() == "may" and not _may_is_month(text, m):
            continue
        month, day = MONTHS[m.group("month").lower()], int(m.group("day"))
        resolved = _year_for(month, day, report.date)
        if resolved is None:
            continue
        add(
            m.start(),
            m.end(),
            resolved.isoformat(),
            "inferred",
            f"The year is not given; {resolved.year} as the latest such day not after the "
            f"report's date ({report.date.isoformat()}).",
        )
    for m in _M.finditer(text):
        if m.group("month").lower() == "may" and not re.match(
            r"\s*(?:in|since|from|until|by)", m.group(0), re.I
        ):
            continue
        month = MONTHS[m.group("month").lower()]
        if report.date is None:
            continue
        year = report.date.year if month <= report.date.month else report.date.year - 1
        add(
            m.start("month"),
            m.end(),
            f"{year}-{month:02d}",
            "inferred",
            f"The year is not given; {year} as the latest such month not after the "
            f"report's date ({report.date.isoformat()}).",
        )
    for m in _WEEKDAY.finditer(text):
        if any(-3 <= a - m.end() <= 3 or -3 <= m.start() - b <= 3 for a, b in taken):
            continue  # "Saturday 12 August 2023": the weekday names a stated day
        resolved, note = resolve_weekday(m.group("wd"), par.number, anchors, report)
        if resolved is None:
            continue
        basis = "inferred" if ", assumed:" in note else "derived"
        add(m.start("wd"), m.end("wd"), resolved.isoformat(), basis, note)
    return out


def resolve_weekday(
    name: str, paragraph: int, anchors: Sequence[tuple[int, dt.date]], report: ReportDate
) -> tuple[dt.date | None, str]:
    """The day a weekday refers to, and why.

    A day the text dates elsewhere that falls on that weekday wins (a caption "May 31, 2024"
    makes "Friday" 2024-05-31); else the latest such weekday on or before the report's date.
    """
    index = WEEKDAYS.index(name.lower())
    fits = [(n, d) for n, d in anchors if d.weekday() == index]
    if report.date is not None:
        fits = [(n, d) for n, d in fits if d <= report.date and (report.date - d).days < 7]
    if fits:
        number, day = min(fits, key=lambda x: abs(x[0] - paragraph))
        return day, f"{name} = {day.isoformat()}: par. {number} dates that day, a {name}."
    if report.date is None:
        return None, ""
    day = report.date - dt.timedelta(days=(report.date.weekday() - index) % 7)
    if report.basis == "stated":
        return day, (
            f"{name} = {day.isoformat()}: the latest {name} on or before the report's date "
            f"({report.date.isoformat()}, dated)."
        )
    return day, (
        f"{name} = {day.isoformat()}, assumed: the latest {name} on or before the earliest day "
        f"the report can date from ({report.date.isoformat()}, {report.basis}); if the report is "
        "later, so may this day be."
    )


def _year_for(month: int, day: int, reference: dt.date | None) -> dt.date | None:
    if reference is None:
        return None
    for year in (reference.year, reference.year - 1):
        try:
            candidate = dt.date(year, month, day)
        except ValueError:
            return None
        if candidate <= reference + dt.timedelta(days=1):
            return candidate
    return None


def _may_is_month(text: str, m: re.Match) -> bool:
    """ "May 13" is a date; "may 13" after a noun would be a verb, but capitalised mid-sentence
    "May" followed by a number is the month."""
    return m.group("month") == "May"
