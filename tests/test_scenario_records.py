"""Report records: metadata, the claims with their real values, the rules on the reports' text."""

from __future__ import annotations

import datetime as dt

import pytest

from tests.helpers import (
    MI,
    R000,
    R001,
    R002,
    R003,
    R004,
    REPORTS,
    SEEDS_TXT,
    find_claims,
    needs_seeds,
    seed_paragraphs,
)


def test_one_record_per_report(scenario):
    assert tuple(sorted(scenario.reports)) == REPORTS


@needs_seeds
def test_one_record_per_seed_file(scenario):
    assert {p.stem for p in SEEDS_TXT.glob("*.txt")} == set(scenario.reports)


def test_report_metadata(scenario):
    r = scenario.reports
    assert (r[R000].date, r[R000].date_basis, r[R000].byline) == (
        dt.date(2024, 6, 1),
        "stated",
        "Victor Winston",
    )
    assert any("Breitbart" in a for a in r[R000].attributions)
    assert r[R001].date_basis == "inferred" and r[R001].date == dt.date(2024, 11, 6)
    assert "President-elect" in r[R001].date_note
    assert r[R002].date == dt.date(2024, 5, 31) and r[R002].date_basis == "inferred"
    attributed = " ".join(r[R002].attributions)
    assert all(x in attributed for x in ("Fox News", "BBC", "New York Times"))
    assert r[R003].byline == "Faruk Imamovic"
    assert any("CNN" in a for a in r[R003].attributions)
    assert r[R003].date == dt.date(2024, 5, 30)
    assert r[R004].outlet == "" and r[R004].byline == "" and r[R004].date_basis == "inferred"
    assert "May 10" in r[R004].date_note
    for report in r.values():
        assert report.date_basis in ("stated", "derived", "inferred")
        if report.date_basis != "stated":
            assert report.date_note, report.id


# --- claims with real values ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("report_id", "measure", "subject", "value", "unit", "qualifier", "metres"),
    [
        (R000, "weapon_range", "ATACMS", 185, "mi", "about", 297_728.64),
        (R002, "weapon_range", "ATACMS", 185, "mi", "about", 297_728.64),
        (R001, "weapon_range", "ATACMS", 190, "mi", "up to", 190 * MI),
        (R003, "weapon_range", "ATACMS", 200, "mi", "up to", 321_868.8),
        (R001, "weapon_range", "HIMARS", 50, "mi", "approximately", 80_467.2),
        (R000, "authorized_depth", "ATACMS", 24, "mi", "", 38_624.256),
        (R002, "authorized_depth", "US weapons", 24, "mi", "about", 38_624.256),
        (R002, "place_distance", "Kharkiv", 12, "mi", "only about", 19_312.128),
        (R004, "place_distance", "Kharkiv", 30, "km", "just", 30_000.0),
    ],
)
def test_distance_claims(scenario, report_id, measure, subject, value, unit, qualifier, metres):
    (claim,) = find_claims(scenario, report_id, measure, subject)
    assert (claim.value, claim.unit, claim.qualifier) == (value, unit, qualifier)
    assert claim.distance is not None
    assert claim.distance.metres == pytest.approx(metres, abs=1e-6)
    assert claim.paragraph >= 1 and claim.quote and claim.summary


def test_185_miles_in_metres(scenario):
    (claim,) = find_claims(scenario, R000, "weapon_range", "ATACMS")
    assert claim.metres == pytest.approx(297_728.64, abs=1e-9)


def test_depth_speakers(scenario):
    (nyt,) = find_claims(scenario, R002, "authorized_depth", "US weapons")
    assert nyt.speaker == "anonymous_official"
    assert "intelligence officer" in nyt.speaker_role and "New York Times" in nyt.speaker_role
    (breitbart,) = find_claims(scenario, R000, "authorized_depth", "ATACMS")
    assert breitbart.speaker == "report"


def test_event_dates(scenario):
    (active,) = find_claims(scenario, R004, "event_date", "Russian offensive toward Kharkiv begins")
    assert (active.date, active.date_precision) == (dt.date(2024, 5, 10), "day")
    (implemented,) = find_claims(scenario, R003, "event_date", "Kharkiv decision takes effect")
    assert implemented.date == dt.date(2024, 5, 30) and implemented.date_basis == "derived"
    assert implemented.date.weekday() == 3  # the report says Thursday
    (caption,) = find_claims(
        scenario, R002, "event_date", "S-300 missile attack on Kharkiv (photo caption)"
    )
    assert caption.date == dt.date(2024, 5, 31) and caption.date.weekday() == 4  # Friday


def test_authorization_claims(scenario):
    def statuses(subject, report_id):
        return {c.status for c in find_claims(scenario, report_id, "authorization", subject)}

    for rid in (R000, R002, R003, R004):
        assert "allowed" in statuses("US weapons", rid)  # Kharkiv counter-fire
    assert statuses("ATACMS", R000) == {"allowed"}  # the dissent
    for rid in (R002, R003, R004):
        assert statuses("ATACMS", rid) == {"prohibited"}
    nov = [c for c in find_claims(scenario, R001, "authorization", "ATACMS") if c.as_of is None]
    assert [c.status for c in nov] == ["allowed"]


def test_claim_ids_unique_and_vocabulary(scenario):
    refs = [c.ref for c in scenario.claims]
    assert len(refs) == len(set(refs))
    for c in scenario.claims:
        assert c.speaker in (
            "report",
            "named_official",
            "anonymous_official",
            "anonymous_source",
        ) or (c.speaker == "other" and c.speaker_type == "official"), c.ref
        assert c.kind_of_speaker in ("report", "official", "source"), c.ref
        assert c.review == "confirmed", c.ref
        if c.measure == "authorization":
            assert c.status in ("allowed", "prohibited", "not_approved")


def test_quotes_are_short(scenario):
    for c in scenario.claims:
        assert len(c.quote.split()) <= 6, f"{c.ref}: quote longer than 6 words"


@needs_seeds
def test_quotes_found_at_their_paragraph(scenario):
    for c in scenario.claims:
        if scenario.reports[c.report_id].user:
            continue
        paragraphs = seed_paragraphs(c.report_id)
        assert 1 <= c.paragraph <= len(paragraphs), c.ref
        assert c.quote, f"{c.ref}: no quote"
        paragraph = " ".join(paragraphs[c.paragraph - 1].split())
        assert c.quote in paragraph, f"{c.ref}: quote not in paragraph {c.paragraph}"


@needs_seeds
def test_stated_date_is_in_the_text(scenario):
    for report in scenario.reports.values():
        if report.date_basis == "stated" and not report.user:
            text = (SEEDS_TXT / f"{report.id}.txt").read_text(encoding="utf-8")
            assert f"{report.date:%B} {report.date.day}, {report.date.year}" in text


# --- the claims the first records missed (issue 10) ----------------------------------------


@pytest.mark.parametrize(
    ("ref", "measure", "status", "paragraph", "speaker_type", "classes"),
    [
        (
            f"{R003}#aircraft-on-ground-prohibited",
            "authorization",
            "prohibited",
            12,
            "report",
            ("airfield",),
        ),
        (
            f"{R003}#may-permission-targets",
            "authorization",
            "allowed",
            10,
            "report",
            ("forces", "ammunition_depot", "logistics_hub"),
        ),
        (
            f"{R002}#aircraft-over-russia-allowed",
            "authorization",
            "allowed",
            11,
            "official",
            ("aircraft_in_flight",),
        ),
        (f"{R000}#germany-allowed", "authorization", "allowed", 11, "report", ()),
        (f"{R002}#germany-allowed", "authorization", "allowed", 12, "official", ()),
        (
            f"{R004}#oil-drone-strikes-not-approved",
            "authorization",
            "not_approved",
            3,
            "report",
            ("oil_facility",),
        ),
        (f"{R003}#officials-count", "count", None, 6, "report", ()),
        (f"{R001}#first-strikes-expected", "event_date", None, 5, "source", ()),
    ],
)
def test_new_claims(scenario, ref, measure, status, paragraph, speaker_type, classes):
    claim = scenario.claim(ref)
    assert (claim.measure, claim.status, claim.paragraph) == (measure, status, paragraph)
    assert claim.kind_of_speaker == speaker_type and claim.target_classes == classes
    assert claim.quote and claim.summary


def test_new_claim_details(scenario):
    assert scenario.claim(f"{R003}#officials-count").value == 2
    assert scenario.claim(f"{R003}#officials-count").via == "CNN"
    germany = scenario.claim(f"{R002}#germany-allowed")
    assert (germany.affiliation, germany.scope) == ("Germany", "kharkiv")
    bbc = scenario.claim(f"{R002}#aircraft-over-russia-allowed")
    assert (bbc.via, bbc.affiliation) == ("BBC", "US")
    coming = scenario.claim(f"{R001}#first-strikes-expected")
    assert coming.date is None and coming.relative and coming.display == coming.relative


def test_each_figure_is_credited_to_its_own_speaker(scenario):
    # 002's 185 mi is in the report's own voice, not Fox News's
    rng = scenario.claim(f"{R002}#atacms-range")
    assert rng.kind_of_speaker == "report" and rng.credit == "the report itself"
    assert "Fox" not in rng.credit
    # 002's 24 mi is a Ukrainian officer's understanding relayed by the New York Times
    depth = scenario.claim(f"{R002}#depth-24mi")
    assert (depth.kind_of_speaker, depth.affiliation, depth.via) == (
        "official",
        "Ukraine",
        "New York Times",
    )
    assert "Ukrainian intelligence officer" in depth.credit and "New York Times" in depth.credit
    fox = scenario.claim(f"{R002}#counterfire-allowed")
    assert fox.credit.endswith("via Fox News") and fox.affiliation == "US"
