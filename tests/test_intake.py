"""Claim intake as a library: what the rules find in report text, and what they must not."""

from __future__ import annotations

try:  # Python 3.11+
    import tomllib
except ModuleNotFoundError:  # pragma: no cover - Python 3.10
    import tomli as tomllib  # type: ignore[no-redef]

import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from envelope.errors import EnvelopeError
from envelope.intake import intake_text, packaged_profiles
from envelope.intake.dates import ReportDate, resolve_weekday
from envelope.intake.draft import claims_json, draft_toml
from envelope.intake.evaluate import expected_keys, finding_keys, score
from envelope.intake.gazetteer import load_gazetteer
from envelope.intake.overlap import compare, load_fingerprints
from envelope.intake.quantities import find_quantities, qualifier_class
from envelope.intake.text import decode_article, paragraphs, read_article, short_quote

from .helpers import FIXTURES, REPORTS, SEEDS_TXT, needs_seeds

INTAKE = FIXTURES / "intake"
R000, R001, R002, R003, R004 = REPORTS


@pytest.fixture(scope="module")
def base():
    profiles, outlets = packaged_profiles()
    gaz = load_gazetteer((p.name, p.aliases, p.supplier) for p in profiles)
    return profiles, outlets, gaz


def draft_of(text, gaz, **kw):
    return intake_text(text, report_id="t", gazetteer=gaz, **kw)


def ranges(draft):
    return {
        (f.subject, f.value, f.unit, f.qualifier_class, f.paragraph)
        for f in draft.findings
        if f.measure == "weapon_range"
    }


# --- paragraphs, quantities, names ---------------------------------------------------------


def test_paragraphs_are_non_empty_lines_counted_from_one():
    pars = paragraphs("Headline\n\n   \n Dateline\r\nBody one.\n\tBody two.\n")
    assert [(p.number, p.text.strip()) for p in pars] == [
        (1, "Headline"),
        (2, "Dateline"),
        (3, "Body one."),
        (4, "Body two."),
    ]


def test_a_figure_in_two_units_is_one_quantity():
    (q,) = find_quantities("a missile that flies 300 kilometers (190 miles) at low level")
    assert (q.value, q.unit, q.alternate.value, q.alternate.unit) == (300, "km", 190, "mi")
    (q,) = find_quantities("about 185-mile (298-km) reach")
    assert (q.value, q.unit, q.qualifier, q.alternate.unit) == (185, "mi", "about", "km")


def test_a_band_in_two_units_keeps_its_upper_conversion():
    qs = find_quantities("can fly between 70 km and 300 km (43 to 186 miles) by variant")
    assert [(q.value, q.unit, q.alternate and q.alternate.value) for q in qs] == [
        (70, "km", None),
        (300, "km", 186),
    ]


def test_two_different_figures_stay_two_quantities():
    qs = find_quantities("HIMARS at 80 km (or ATACMS at 190 miles)")
    assert [(q.value, q.unit, q.alternate) for q in qs] == [(80, "km", None), (190, "mi", None)]


def test_counts_and_years_are_not_distances():
    text = "Ukraine fired 12 ATACMS at 3 sites in 2024; 40 launchers, 1,300 kg, six rockets."
    assert find_quantities(text) == ()
    speeds_areas = "It flies at 900 km/h (560 miles an hour) over 9,970 km² or 3,850 square miles."
    assert find_quantities(speeds_areas) == ()


@pytest.mark.parametrize(
    ("text", "value", "qualifier", "cls"),
    [
        ("range of up to 190 miles", 190, "up to", "up to"),
        ("only about 12 miles from", 12, "only about", "about"),
        ("just 30 kilometers from", 30, "just", ""),
        ("more than 500 km", 500, "more than", "more than"),
        ("as far as 300 kilometers", 300, "as far as", "up to"),
        ("some 250 miles", 250, "some", "about"),
        ("1,200 km or more", 1200, "or more", "more than"),
        ("fifty miles", 50, "", ""),
        ("two hundred and forty kilometres", 240, "", ""),
        ("“over 600 kilometres”", 600, "over", "more than"),
    ],
)
def test_qualifiers_and_numbers(text, value, qualifier, cls):
    (q,) = find_quantities(text)
    assert (q.value, q.qualifier, q.qualifier_class) == (value, qualifier, cls)


def test_qualifier_classes_of_the_seed_records():
    assert [
        qualifier_class(q) for q in ("approximately", "only about", "just", "", "at least")
    ] == [
        "about",
        "about",
        "",
        "",
        "more than",
    ]


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("the Army Tactical Missile System", "ATACMS"),
        ("MGM-140 launches", "ATACMS"),
        ("ATTACMS strikes", "ATACMS"),  # one-letter misspelling
        ("HIMARs crews", "HIMARS"),
        ("GMLRS rockets", "HIMARS"),
        ("the Storm Shadow/SCALP", "Storm Shadow"),
        ("storm-shadow missiles", "Storm Shadow"),
        ("Taurus KEPD-350", "Taurus"),
        ("ER-GMLRS rounds", "ER GMLRS"),
        ("Ground-Launched Small Diameter Bomb", "GLSDB"),
        ("a JASSM-ER", "JASSM-ER"),
    ],
)
def test_gazetteer_names_aliases_and_spellings(base, text, name):
    (mention,) = base[2].find(text)
    assert mention.weapon.name == name


def test_common_words_are_not_weapons(base):
    assert base[2].find("a true patriot under the taurus sign took a scalp") == ()


def test_short_quote_is_verbatim_and_at_most_six_words():
    text = "Its launcher has a range of approximately 50 miles, so crews stay well back."
    start = text.index("approximately")
    quote = short_quote(text, start, text.index(",", start))
    assert quote == "range of approximately 50 miles"
    assert quote in text and len(quote.split()) <= 6


@settings(max_examples=40, deadline=None)
@given(
    value=st.integers(min_value=1, max_value=99_999),
    unit=st.sampled_from(["km", "kilometers", "kilometres", "miles", "mi", "nautical miles"]),
)
def test_any_written_distance_reads_back(value, unit):
    written = f"{value:,}"
    (q,) = find_quantities(f"a range of {written} {unit} in tests")
    assert q.value == value
    assert q.unit == {"km": "km", "mi": "mi", "nautical miles": "nmi"}.get(unit, q.unit)


@settings(max_examples=40, deadline=None)
@given(st.text(max_size=300))
def test_arbitrary_text_never_breaks_intake(base, text):
    if not text.strip():
        return
    draft = draft_of(text, base[2])
    for f in draft.findings:
        assert len(f.quote.split()) <= 6
        assert 1 <= f.paragraph <= draft.paragraphs


# --- ranges, depths and distances in context ------------------------------------------------


def test_border_distances_and_counts_are_never_ranges(base):
    text = (
        "ATACMS can hit targets up to 190 miles away.\n"
        "Ukraine fired 12 ATACMS at an airfield 150 miles from the border.\n"
        "A HIMARS battery sits 20 km from the front line; Belgorod is 40 km north of the border.\n"
        "The ATACMS launcher was moved 30 miles back from the border."
    )
    draft = draft_of(text, base[2])
    assert ranges(draft) == {("ATACMS", 190, "mi", "up to", 1)}
    places = {
        (f.value, f.unit, f.paragraph) for f in draft.findings if f.measure == "place_distance"
    }
    assert places == {(150, "mi", 2), (20, "km", 3), (40, "km", 3), (30, "mi", 4)}


def test_range_word_far_from_the_figure_is_not_a_range(base):
    text = (
        "HIMARS crews hit Russian forces within range, about 20 miles away.\n"
        "Russia has moved aircraft beyond 300 km, out of ATACMS range.\n"
        "ATACMS have hit a range of targets up to 300 km inside Russia.\n"
        "The Kharkiv zone extends about 24 miles (39 km) into Russia."
    )
    draft = draft_of(text, base[2])
    assert ranges(draft) == set()
    assert [(u.paragraph, u.value) for u in draft.unclassified] == [(1, 20), (2, 300)]
    (place,) = [f for f in draft.findings if f.measure == "place_distance"]
    assert (place.value, place.paragraph) == (300, 3)  # targets' depth, not a range
    (depth,) = [f for f in draft.findings if f.measure == "authorized_depth"]
    assert (depth.value, depth.unit, depth.alternate, depth.paragraph) == (24, "mi", "39 km", 4)


def test_lists_of_ranges_but_not_moves(base):
    text = (
        "ATACMS reaches 300 km; the British Storm Shadow about 250 km; Taurus more than 500 km.\n"
        "HIMARS reaches 80 km, but HIMARS launchers were moved 30 km.\n"
        "A HIMARS strike hit a command post 30 km away."
    )
    assert ranges(draft_of(text, base[2])) == {
        ("ATACMS", 300, "km", "", 1),
        ("Storm Shadow", 250, "km", "about", 1),
        ("Taurus", 500, "km", "more than", 1),
        ("HIMARS", 80, "km", "", 2),
    }


def test_an_advance_into_russia_is_never_a_range(base):
    text = (
        "ATACMS arrived last year.\n"
        "The Russian advance, reaching some 10 km into Ukrainian territory, stalled.\n"
        "ATACMS can strike targets up to 190 miles into Russia."
    )
    assert ranges(draft_of(text, base[2])) == {("ATACMS", 190, "mi", "up to", 3)}


def test_depth_needs_a_permission_word(base):
    text = (
        "Ukraine may strike up to 24 miles inside Russia with US weapons.\n"
        "A drone hit a depot 110 km inside Russia on Monday."
    )
    draft = draft_of(text, base[2])
    kinds = {(f.measure, f.value, f.paragraph) for f in draft.findings if f.value}
    assert kinds == {("authorized_depth", 24, 1), ("place_distance", 110, 2)}


def test_range_names_the_weapon_it_belongs_to(base):
    text = (
        "HIMARS fires GMLRS rockets with a range of about 80 km, while the Army Tactical Missile "
        "System reaches 300 km.\n"
        "The missile was first used in 2023. It can fly up to 190 miles.\n"
        "The Flamingo cruise missile is said to cover 3,000 km.\n"
        "Kyiv asked for Taurus (range: 500 km) and a 190-mile-range ATACMS."
    )
    assert ranges(draft_of(text, base[2])) == {
        ("Taurus", 500, "km", "", 4),
        ("ATACMS", 190, "mi", "", 4),
        ("HIMARS", 80, "km", "about", 1),
        ("ATACMS", 300, "km", "", 1),
        ("ATACMS", 190, "mi", "up to", 2),
        ("Flamingo", 3000, "km", "", 3),
    }


def test_a_range_of_an_unnamed_weapon_is_kept_without_a_profile(base):
    profiles, _, gaz = base
    text = "US to send Ukraine 190-mile missiles\nThe new missile can fly up to about 300 km."
    draft = draft_of(text, gaz)
    assert ranges(draft) == {
        ("unnamed weapon", 190, "mi", "", 1),
        ("missile", 300, "km", "up to", 2),  # named only by its kind
    }
    assert "weapons" not in tomllib.loads(draft_toml(draft, profiles))


def test_a_weapon_the_gazetteer_lacks_gets_its_own_name(base):
    draft = draft_of("The Peklo missile-drone has a range of 700 kilometres.", base[2])
    (f,) = [f for f in draft.findings if f.measure == "weapon_range"]
    assert (f.subject, f.weapon.supplier) == ("Peklo", "unknown")


def test_place_subject_and_reference(base):
    text = "Kharkiv, a city of a million people, sits just 30 kilometers from the Russian border."
    (f,) = [f for f in draft_of(text, base[2]).findings if f.measure == "place_distance"]
    assert (f.subject, f.reference, f.qualifier) == ("Kharkiv", "Russian border", "just")
    text = "Belgorod, Russia's regional capital, is about 40 km from Ukraine's border."
    (f,) = [f for f in draft_of(text, base[2]).findings if f.measure == "place_distance"]
    assert (f.subject, f.reference, f.qualifier) == ("Belgorod", "Ukrainian border", "about")


def test_speakers_are_credited(base):
    text = (
        'The intelligence officer said "Ukraine had permission to strike about 24 miles inside '
        'Russia."\n'
        "ATACMS can hit targets 300 km away, according to people familiar with the matter.\n"
        "HIMARS has a range of about 50 miles."
    )
    found = {f.paragraph: f for f in draft_of(text, base[2]).findings if f.value}
    assert found[1].speaker == "anonymous_official"
    assert "intelligence officer" in found[1].speaker_role
    assert found[2].speaker == "anonymous_source"
    assert found[3].speaker == "report"


def test_authorizations_keep_each_weapons_status(base):
    text = "Ukraine was given permission to use American weapons but not the ATACMS near Kharkiv."
    auth = {(f.subject, f.status, f.scope) for f in draft_of(text, base[2]).findings if f.status}
    assert auth == {("US weapons", "allowed", "kharkiv"), ("ATACMS", "prohibited", "kharkiv")}


# --- dates ---------------------------------------------------------------------------------


def test_weekday_resolved_from_a_dated_caption():
    anchors = [(15, dt.date(2024, 5, 31))]
    day, note = resolve_weekday("Friday", 4, anchors, ReportDate(None, "", ""))
    assert day == dt.date(2024, 5, 31)
    assert "par. 15" in note


def test_weekday_resolved_from_the_report_date():
    report = ReportDate(dt.date(2025, 3, 17), "stated", "")  # a Monday
    day, note = resolve_weekday("Saturday", 2, [], report)
    assert day == dt.date(2025, 3, 15)
    assert "latest Saturday on or before" in note


def test_dateline_and_derived_dates(base):
    text = (INTAKE / "storm_shadow_kursk.txt").read_text(encoding="utf-8")
    draft = draft_of(text, base[2])
    assert (draft.date.date, draft.date.basis) == (dt.date(2024, 11, 21), "stated")
    dates = {(f.paragraph, f.date, f.date_basis) for f in draft.findings if f.date}
    assert (3, "2024-11-20", "derived") in dates  # "on Wednesday" before a Thursday dateline
    assert (4, "2023-05", "stated") in dates


def test_weekdays_against_a_dateline_that_names_its_own_weekday(base):
    text = (INTAKE / "scalp_weekday.txt").read_text(encoding="utf-8")
    dates = [(f.paragraph, f.date) for f in draft_of(text, base[2]).findings if f.date]
    assert dates == [(2, "2023-08-12"), (3, "2023-08-10"), (4, "2023-08-09"), (5, "2023-08-11")]


def test_given_date_anchors_weekdays(base):
    text = (INTAKE / "neptune_depth.txt").read_text(encoding="utf-8")
    draft = draft_of(text, base[2], date=dt.date(2025, 3, 17))
    assert (2, "2025-03-15", "derived") in {
        (f.paragraph, f.date, f.date_basis) for f in draft.findings if f.date
    }


# --- quality against hand-made records ------------------------------------------------------


def _expected(name):
    data = tomllib.loads((INTAKE / f"{name}.expected.toml").read_text(encoding="utf-8"))
    return expected_keys(data["expect"])


@pytest.mark.parametrize(
    "name", sorted(p.name.split(".")[0] for p in INTAKE.glob("*.expected.toml"))
)
def test_test_articles_ranges_all_found_and_none_false(base, name):
    text = (INTAKE / f"{name}.txt").read_text(encoding="utf-8")
    found = finding_keys(draft_of(text, base[2]).findings)
    scores = {s.measure: s for s in score(_expected(name), found)}
    rng, depth, place = (scores[m] for m in ("weapon_range", "authorized_depth", "place_distance"))
    assert rng.missed == () and rng.false == ()
    assert depth.recall == 1.0
    assert place.recall == 1.0


@needs_seeds
def test_seed_acceptance_ranges_depths_and_kharkiv(base):
    found = {}
    for rid in REPORTS:
        draft = draft_of((SEEDS_TXT / f"{rid}.txt").read_text(encoding="utf-8"), base[2])
        found[rid] = {
            (f.measure, f.subject, f.value, f.unit, f.paragraph)
            for f in draft.findings
            if f.value is not None
        }
    assert ("weapon_range", "ATACMS", 185, "mi", 5) in found[R000]
    assert ("weapon_range", "ATACMS", 185, "mi", 7) in found[R002]
    assert ("weapon_range", "ATACMS", 190, "mi", 3) in found[R001]
    assert ("weapon_range", "ATACMS", 200, "mi", 11) in found[R003]
    assert ("weapon_range", "HIMARS", 50, "mi", 3) in found[R001]
    assert ("authorized_depth", "ATACMS", 24, "mi", 6) in found[R000]
    assert ("authorized_depth", "US weapons", 24, "mi", 20) in found[R002]
    assert ("place_distance", "Kharkiv", 12, "mi", 13) in found[R002]
    assert ("place_distance", "Kharkiv", 30, "km", 3) in found[R004]
    all_ranges = {x for s in found.values() for x in s if x[0] == "weapon_range"}
    assert len(all_ranges) == 5  # nothing else taken for a range


@needs_seeds
def test_overlap_finds_the_shared_official_quote(base):
    text = (SEEDS_TXT / f"{R004}.txt").read_text(encoding="utf-8")
    known = {k: v for k, v in load_fingerprints().items() if k != R004}
    overlaps = {o.report_id: o for o in compare(text, known)}
    assert {R000, R002, R003} <= set(overlaps)
    assert overlaps[R003].quotations[0][0] == 2  # the official's quote, par. 2


def test_overlap_of_an_independent_text_is_empty():
    text = (INTAKE / "neptune_depth.txt").read_text(encoding="utf-8")
    assert compare(text, load_fingerprints()) == ()


# --- the draft ------------------------------------------------------------------------------


def test_draft_is_valid_toml_with_pending_short_quotes(base):
    profiles, _, gaz = base
    text = (INTAKE / "atacms_depth.txt").read_text(encoding="utf-8")
    doc = tomllib.loads(draft_toml(draft_of(text, gaz), profiles))
    assert doc["base"] == "packaged"
    (report,) = doc["reports"]
    claims = report["claims"]
    assert claims and all(c["review"] == "pending" for c in claims)
    assert all(len(c["quote"].split()) <= 6 for c in claims)
    (atacms,) = [w for w in doc["weapons"] if w["name"] == "ATACMS"]
    assert f"{R000}#atacms-range" in atacms["claims"]  # packaged claims kept: the band widens
    assert "t#atacms-range" in atacms["claims"]


def test_json_lists_claims_with_the_required_keys(base):
    import json

    draft = draft_of("ATACMS has a range of 300 kilometers (190 miles).", base[2])
    (claim,) = json.loads(claims_json(draft))["claims"]
    assert {k: claim[k] for k in ("measure", "subject", "value", "unit", "qualifier")} == {
        "measure": "weapon_range",
        "subject": "ATACMS",
        "value": 300,
        "unit": "km",
        "qualifier": "",
    }
    assert (claim["paragraph"], claim["alternate"]) == (1, "190 mi")
    assert claim["quote"] in "ATACMS has a range of 300 kilometers (190 miles)."


# --- bad input ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("data", "problem"),
    [
        (b"", "is empty"),
        (b"  \n\t\n", "is empty"),
        (b"\x00\x01\x02binary", "binary"),
        (b"%PDF-1.7 ...", "PDF"),
        (b"\x93ATACMS\x94 caf\xe9", "not UTF-8"),
        (b"\x01\x02\x03\x04 text \x05\x06\x07", "binary"),
        (b"<!DOCTYPE html><html></html>", "HTML"),
    ],
)
def test_bad_bytes_name_the_problem(data, problem):
    with pytest.raises(EnvelopeError, match=problem):
        decode_article(data, "a.txt")


def test_report_record_fields(base):
    text = (
        "Headline here\nBy Staff Writer\nKYIV, Oct 17 (Reuters) - Ukraine fired ATACMS, CNN said.\n"
    )
    draft = draft_of(text, base[2])
    assert (draft.title, draft.byline, draft.outlet) == ("Headline here", "Staff Writer", "Reuters")
    assert draft.attributions == ("CNN",)
    long = " ".join(["word"] * 15)
    assert draft_of(long + "\nBody.", base[2]).title == " ".join(["word"] * 10) + " [...]"


def test_huge_and_missing_files_are_refused(tmp_path):
    big = tmp_path / "big.txt"
    with big.open("wb") as fh:
        fh.truncate(6_000_000)
    with pytest.raises(EnvelopeError, match="MB"):
        read_article(big)
    with pytest.raises(EnvelopeError, match="no such file"):
        read_article(tmp_path / "missing.txt")
    with pytest.raises(EnvelopeError, match="folder"):
        read_article(tmp_path)
