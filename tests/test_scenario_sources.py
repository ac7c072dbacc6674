"""Independent origins and wording overlap (issue 10), and pending claims from intake."""

from __future__ import annotations

import pytest

from envelope.scenario import (
    backing,
    claims_table,
    conflicts_table,
    load_scenario,
    origins,
    sources_table,
    weapons_table,
    wording_overlap,
)
from tests.helpers import R000, R002, R003, R004, SEEDS_TXT, needs_seeds


def test_the_shared_official_quote_is_one_origin(scenario):
    refs = [f"{r}#counterfire-allowed" for r in (R000, R002, R003, R004)]
    claims = [scenario.claim(r) for r in refs]
    assert backing(scenario, claims) == "4 reports, 1 origin"
    (origin,) = origins(scenario, claims)
    assert origin.reports == (R000, R002, R003, R004)


def test_own_voice_figures_are_separate_origins(scenario):
    claims = [scenario.claim(f"{r}#atacms-range") for r in (R000, R002)]
    assert backing(scenario, claims) == "2 reports, 2 origins"
    # one report, two outlets quoted: two origins
    fox, bbc = (
        scenario.claim(f"{R002}#atacms-prohibited-fox"),
        scenario.claim(f"{R002}#atacms-prohibited-bbc"),
    )
    assert backing(scenario, [fox, bbc]) == "1 report, 2 origins"


def test_identical_quotes_join_without_an_origin_key(scenario):
    from dataclasses import replace

    a = replace(scenario.claim(f"{R000}#counterfire-allowed"), origin="")
    b = replace(scenario.claim(f"{R004}#counterfire-allowed"), origin="")
    assert len(origins(scenario, [a, b])) == 1  # same six quoted words, same point
    c = replace(b, quote="something else entirely said here")
    assert len(origins(scenario, [a, c])) == 2


def test_tables_give_reports_and_origins(scenario):
    atacms = next(r for r in weapons_table(scenario) if r["weapon"] == "ATACMS")
    assert atacms["backing"] == "4 reports, 4 origins"
    rng = next(r for r in conflicts_table(scenario) if r["kind"] == "range")
    assert "about 185 mi (297.7 km) (000, 002; 2 reports, 2 origins)" in rng["summary"]
    dist = next(r for r in conflicts_table(scenario) if r["kind"] == "distance")
    assert dist["summary"].startswith("only about 12 mi (19.3 km) (002; 1 report, 1 origin)")
    assert "just 30 km (18.6 mi) (004" in dist["summary"] and "=" not in dist["summary"]
    rows = sources_table(scenario)
    assert sum(r["n_claims"] for r in rows) == len(scenario.claims)
    assert rows[0]["origin"] == "us-official-counterfire-statement"


def test_wording_overlap_counts_runs_inside_and_outside_quotes():
    quote = '"one two three four five six seven eight nine"'
    tail = " and then left the room at once today."
    texts = {
        "a": f"He said {quote}{tail}",
        "b": f"They wrote {quote}{tail}",
        "c": "Nothing in common with the others at all, not one run of words here.",
    }
    rows = {(r["report_a"], r["report_b"]): r for r in wording_overlap(texts, n=8)}
    ab = rows[("a", "b")]
    assert ab["shared_in_quotes"] == 2  # 9 quoted words hold two 8-word runs
    assert ab["shared_outside_quotes"] == 1  # "and then left the room at once today"
    assert rows[("a", "c")]["shared_in_quotes"] == rows[("a", "c")]["shared_outside_quotes"] == 0


@needs_seeds
def test_the_reports_share_quotations_but_no_wording_of_their_own(scenario):
    texts = {
        rid: (SEEDS_TXT / f"{rid}.txt").read_text(encoding="utf-8") for rid in scenario.reports
    }
    rows = {(r["report_a"], r["report_b"]): r for r in wording_overlap(texts)}
    assert rows[("000", "002")]["shared_in_quotes"] == 42  # the official's and Medvedev's words
    assert all(r["shared_outside_quotes"] == 0 for r in rows.values())


def test_pending_claims_count_but_are_marked_unreviewed(tmp_path):
    path = tmp_path / "draft.toml"
    path.write_text(
        'schema = 1\n[[reports]]\nid = "new"\ndate = 2024-07-01\ndate_basis = "stated"\n'
        '[[reports.claims]]\nid = "r"\nmeasure = "weapon_range"\nsubject = "ATACMS"\nvalue = 300\n'
        'unit = "km"\nspeaker = "report"\nsummary = "s"\nreview = "pending"\n'
        '[[weapons]]\nname = "ATACMS"\nsupplier = "US"\n'
        'claims = ["000#atacms-range", "003#atacms-range", "new#r"]\n'
    )
    scenario = load_scenario(path)
    (row,) = [r for r in claims_table(scenario) if r["report_id"] == "new"]
    assert row["review"] == "pending" and row["display"].endswith("[unreviewed]")
    atacms = next(r for r in weapons_table(scenario) if r["weapon"] == "ATACMS")
    assert atacms["unreviewed"] == "new#r" and atacms["max_m"] == pytest.approx(321_868.8)
    assert any("300 km" in r["summary"] for r in conflicts_table(scenario) if r["kind"] == "range")
    assert sum(r["unreviewed"] for r in sources_table(scenario)) == 1


def test_review_must_be_pending_or_confirmed(tmp_path):
    from envelope.errors import EnvelopeError

    path = tmp_path / "bad.toml"
    path.write_text(
        'schema = 1\n[[reports]]\nid = "new"\n[[reports.claims]]\nid = "r"\nmeasure = "count"\n'
        'subject = "s"\nvalue = 1\nspeaker = "report"\nsummary = "s"\nreview = "maybe"\n'
    )
    with pytest.raises(EnvelopeError, match=r"reports\[0\]\.claims\[0\]\.review: expected one of"):
        load_scenario(path)
