"""Claims, weapon profiles, the authorization timeline and the rules on the reports' text."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from envelope.claims import (
    Authorization,
    Claim,
    Scenario,
    WeaponProfile,
    authorization_as_of,
    authorized_range_m,
    claims_table,
    conflicts,
    conflicts_table,
    find_weapon,
    format_rows,
    format_table,
    latest_date,
    load_report,
    load_scenario,
    parse_iso_date,
    timeline_table,
    weapons_table,
)
from envelope.errors import EnvelopeError

ROOT = Path(__file__).resolve().parents[1]
SEEDS_TXT = ROOT.parent / "shared" / "seeds"  # the reports themselves, outside the repository
FIXTURES = Path(__file__).resolve().parent / "fixtures"
MI = 1609.344

R000 = "000_fc1554105e1b3917"
R001 = "001_8ba813095ef1139b"
R002 = "002_ab43d460eba5533d"
R003 = "003_b8a8a2db74cde041"
R004 = "004_50c9bfd4bcbe887b"

needs_seeds = pytest.mark.skipif(
    not SEEDS_TXT.is_dir(), reason=f"report texts not found at {SEEDS_TXT}"
)


@pytest.fixture(scope="module")
def scenario() -> Scenario:
    return load_scenario()


def _find(scenario: Scenario, report_id: str, measure: str, subject: str) -> list[Claim]:
    return [
        c
        for c in scenario.claims
        if c.report_id == report_id and c.measure == measure and c.subject == subject
    ]


# --- reports -------------------------------------------------------------------------------


def test_one_record_per_report(scenario):
    assert sorted(scenario.reports) == [R000, R001, R002, R003, R004]
    if SEEDS_TXT.is_dir():
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
    (claim,) = _find(scenario, report_id, measure, subject)
    assert (claim.value, claim.unit, claim.qualifier) == (value, unit, qualifier)
    assert claim.distance is not None
    assert claim.distance.metres == pytest.approx(metres, abs=1e-6)
    assert claim.paragraph >= 1 and claim.quote and claim.summary


def test_185_miles_in_metres(scenario):
    (claim,) = _find(scenario, R000, "weapon_range", "ATACMS")
    assert claim.metres == pytest.approx(297_728.64, abs=1e-9)


def test_depth_speakers(scenario):
    (nyt,) = _find(scenario, R002, "authorized_depth", "US weapons")
    assert nyt.speaker == "anonymous_official"
    assert "intelligence officer" in nyt.speaker_role and "New York Times" in nyt.speaker_role
    (breitbart,) = _find(scenario, R000, "authorized_depth", "ATACMS")
    assert breitbart.speaker == "report"


def test_event_dates(scenario):
    (active,) = _find(scenario, R004, "event_date", "Russian offensive toward Kharkiv begins")
    assert (active.date, active.date_precision) == (dt.date(2024, 5, 10), "day")
    (implemented,) = _find(scenario, R003, "event_date", "Kharkiv decision takes effect")
    assert implemented.date == dt.date(2024, 5, 30) and implemented.date_basis == "derived"
    assert implemented.date.weekday() == 3  # the report says Thursday
    (caption,) = _find(
        scenario, R002, "event_date", "S-300 missile attack on Kharkiv (photo caption)"
    )
    assert caption.date == dt.date(2024, 5, 31) and caption.date.weekday() == 4  # Friday


def test_authorization_claims(scenario):
    def statuses(subject, report_id):
        return {c.status for c in _find(scenario, report_id, "authorization", subject)}

    for rid in (R000, R002, R003, R004):
        assert "allowed" in statuses("US weapons", rid)  # Kharkiv counter-fire
    assert statuses("ATACMS", R000) == {"allowed"}  # the dissent
    for rid in (R002, R003, R004):
        assert statuses("ATACMS", rid) == {"prohibited"}
    nov = [c for c in _find(scenario, R001, "authorization", "ATACMS") if c.as_of is None]
    assert [c.status for c in nov] == ["allowed"]


def test_claim_ids_unique_and_vocabulary(scenario):
    refs = [c.ref for c in scenario.claims]
    assert len(refs) == len(set(refs))
    for c in scenario.claims:
        assert c.speaker in ("report", "named_official", "anonymous_official", "anonymous_source")
        if c.measure == "authorization":
            assert c.status in ("allowed", "prohibited")


# --- weapons -------------------------------------------------------------------------------


def test_weapon_profiles(scenario):
    atacms = find_weapon(scenario, "atacms")
    assert atacms.sources == (R000, R001, R002, R003)
    assert len(atacms.claims) == 4
    assert atacms.edges == pytest.approx((185 * MI, 190 * MI, 200 * MI))
    assert (atacms.min_m, atacms.max_m) == pytest.approx((297_728.64, 321_868.8))
    himars = find_weapon(scenario, "HIMARS")
    assert himars.max_m == himars.min_m == pytest.approx(80_467.2)
    assert himars.sources == (R001,)


def test_find_weapon_aliases_and_unknown(scenario):
    assert find_weapon(scenario, "gmlrs").name == "HIMARS"
    assert find_weapon(scenario, " Army Tactical Missile System ").name == "ATACMS"
    with pytest.raises(EnvelopeError) as err:
        find_weapon(scenario, "NOSUCH")
    assert str(err.value) == "unknown weapon 'NOSUCH'; known weapons: ATACMS, HIMARS"


# --- timeline ------------------------------------------------------------------------------


def test_timeline_entries(scenario):
    ids = [e.id for e in scenario.timeline]
    assert ids == ["kharkiv-counterfire", "deep-strikes"]
    kharkiv, deep = scenario.timeline
    assert (kharkiv.start, kharkiv.start_basis) == (dt.date(2024, 5, 30), "derived")
    assert kharkiv.excluded == ("ATACMS",) and kharkiv.segments == ("kharkiv",)
    assert kharkiv.depth_m == pytest.approx(24 * MI)
    assert {c.ref for c in kharkiv.dissent} == {f"{R000}#atacms-allowed", f"{R000}#atacms-depth"}
    assert {R002, R003, R004} <= set(kharkiv.sources)
    assert (deep.start, deep.start_basis, deep.depth_m) == (dt.date(2024, 11, 6), "inferred", None)
    assert deep.segments == ("*",) and deep.sources == (R001,)
    for entry in scenario.timeline:
        assert entry.start_note and entry.summary


@pytest.mark.parametrize(
    ("weapon", "day", "entry", "metres"),
    [
        ("HIMARS", "2024-05-01", None, None),
        ("ATACMS", "2024-05-01", None, None),
        ("HIMARS", "2024-05-29", None, None),
        ("HIMARS", "2024-05-30", "kharkiv-counterfire", 24 * MI),
        ("HIMARS", "2024-06-15", "kharkiv-counterfire", 24 * MI),
        ("ATACMS", "2024-06-15", None, None),
        ("ATACMS", "2024-12-01", "deep-strikes", 200 * MI),
        ("HIMARS", "2024-12-01", "deep-strikes", 50 * MI),
    ],
)
def test_authorization_as_of(scenario, weapon, day, entry, metres):
    when = dt.date.fromisoformat(day)
    found = authorization_as_of(scenario, weapon, when)
    assert (found.id if found else None) == entry
    got = authorized_range_m(scenario, weapon, when, "kharkiv")
    assert got == (None if metres is None else pytest.approx(metres))


def test_segments(scenario):
    june = dt.date(2024, 6, 15)
    assert authorization_as_of(scenario, "HIMARS", june, "belgorod") is None
    assert authorization_as_of(scenario, "HIMARS", june, "Kharkiv") is not None
    dec = dt.date(2024, 12, 1)
    assert authorization_as_of(scenario, "ATACMS", dec, "belgorod").id == "deep-strikes"


def test_latest_date(scenario):
    assert latest_date(scenario) == dt.date(2024, 11, 6)


@settings(max_examples=60, deadline=None)
@given(
    day=st.dates(min_value=dt.date(2022, 1, 1), max_value=dt.date(2025, 12, 31)),
    weapon=st.sampled_from(["ATACMS", "HIMARS", "gmlrs"]),
    segment=st.sampled_from(["kharkiv", "belgorod", "*"]),
)
def test_authorized_range_never_exceeds_reach(day, weapon, segment):
    scenario = load_scenario()
    profile = find_weapon(scenario, weapon)
    entry = authorization_as_of(scenario, weapon, day, segment)
    reach = authorized_range_m(scenario, weapon, day, segment)
    assert (entry is None) == (reach is None)
    if entry is not None:
        assert entry.start <= day and entry.allowed and entry.covers_weapon(profile)
        assert 0 < reach <= profile.max_m


# --- conflicts -----------------------------------------------------------------------------


def test_conflicts(scenario):
    found = {k.kind: k for k in conflicts(scenario) if k.kind != "date"}
    atacms = found["range"]
    assert atacms.topic == "ATACMS range"
    assert atacms.sources == (R000, R001, R002, R003)
    assert {c.value for c in atacms.claims} == {185, 190, 200}

    authorized = found["authorization"]
    assert authorized.topic.startswith("ATACMS authorized")
    allowed = {c.report_id for c in authorized.claims if c.status == "allowed"}
    prohibited = {c.report_id for c in authorized.claims if c.status == "prohibited"}
    assert allowed == {R000}
    assert {R002, R003, R004} <= prohibited

    kharkiv = found["distance"]
    assert kharkiv.topic.startswith("Kharkiv")
    assert {(c.value, c.unit) for c in kharkiv.claims} == {(12, "mi"), (30, "km")}
    assert "12 mi" in kharkiv.summary and "30 km" in kharkiv.summary


def test_no_false_conflicts(scenario):
    topics = [k.topic for k in conflicts(scenario)]
    assert not any(t.startswith("US weapons authorized") for t in topics)
    assert not any(t.startswith("authorized depth") for t in topics)
    assert not any("HIMARS" in t for t in topics)


# --- rows and formatting -------------------------------------------------------------------


def test_claims_table(scenario):
    rows = claims_table(scenario)
    assert len(rows) == len(scenario.claims)
    row = next(r for r in rows if r["report_id"] == R000 and r["claim"] == "atacms-range")
    assert row["outlet"] == "Connell Media" and row["date"] == "2024-06-01"
    assert row["metres"] == pytest.approx(297_728.64)
    assert row["display"] == "185 mi (297.7 km)"
    assert row["paragraph"] == 5
    json.loads(format_rows(rows, "json"))
    parsed = list(csv.DictReader(io.StringIO(format_rows(rows, "csv"))))
    assert len(parsed) == len(rows) and parsed[0]["report_id"] == rows[0]["report_id"]
    table = format_table(rows)
    assert table.splitlines()[0].startswith("report_id")
    assert all(line == line.rstrip() for line in table.splitlines())
    with pytest.raises(EnvelopeError):
        format_rows(rows, "xml")


def test_other_tables(scenario):
    assert [r["weapon"] for r in weapons_table(scenario)] == ["ATACMS", "HIMARS"]
    assert weapons_table(scenario)[0]["band"] == "185–200 mi (297.7–321.9 km)"
    rows = timeline_table(scenario)
    assert rows[0]["weapons"] == "* except ATACMS" and rows[1]["depth"] == "full reach"
    assert {r["kind"] for r in conflicts_table(scenario)} >= {"range", "distance", "authorization"}


def test_parse_iso_date():
    assert parse_iso_date("2024-06-15") == dt.date(2024, 6, 15)
    for bad in ("15/06/2024", "20240615", "2024-02-30"):
        with pytest.raises(EnvelopeError, match="--as-of"):
            parse_iso_date(bad, "--as-of")


# --- user scenarios and validation ---------------------------------------------------------


def test_user_scenario_storm_shadow():
    scenario = load_scenario(FIXTURES / "storm_shadow.toml")
    assert [w.name for w in scenario.weapons] == ["ATACMS", "HIMARS", "Storm Shadow", "GMLRS-ER"]
    storm = find_weapon(scenario, "scalp-eg")
    assert storm.max_m == pytest.approx(250_000) and storm.supplier == "UK"
    assert storm.sources == ("user",) and scenario.reports["user"].user
    gmlrs_er = find_weapon(scenario, "GMLRS-ER")
    assert gmlrs_er.max_m == pytest.approx(150_000) and gmlrs_er.sources == ("briefing-notes",)
    # "*" entries cover US-supplied weapons only; Storm Shadow has its own entry.
    assert authorization_as_of(scenario, "Storm Shadow", dt.date(2024, 6, 15)) is None
    late = dt.date(2024, 12, 1)
    assert authorized_range_m(scenario, "Storm Shadow", late, "kharkiv") == pytest.approx(250_000)
    assert authorized_range_m(scenario, "GMLRS-ER", dt.date(2024, 6, 15)) == pytest.approx(24 * MI)
    assert authorized_range_m(scenario, "ATACMS", late) == pytest.approx(200 * MI)
    assert scenario.source.endswith("storm_shadow.toml")


def test_a_user_weapon_without_a_supplier_is_not_covered_by_us_policy(tmp_path):
    path = tmp_path / "w.toml"
    path.write_text('schema = 1\n[[weapons]]\nname = "Mystery"\nrange = "100 km"\n')
    scenario = load_scenario(path)
    assert authorization_as_of(scenario, "Mystery", dt.date(2024, 12, 1)) is None
    claims_table(scenario)  # user sources without a date still tabulate


def test_user_scenario_base_none_and_replacement(tmp_path):
    path = tmp_path / "own.toml"
    path.write_text(
        'schema = 1\nbase = "none"\n'
        '[[weapons]]\nname = "ATACMS"\nsupplier = "US"\nclaims = ["000#atacms-range"]\n'
        '[[timeline]]\nid = "t"\nstart = 2024-01-01\nstart_basis = "stated"\n'
        'weapons = ["atacms"]\nsegments = ["*"]\ndepth = "100 km"\nsummary = "s"\n'
        '[[timeline]]\nid = "u"\nstart = "2024-03-01"\nstart_basis = "stated"\nallowed = false\n'
        'weapons = ["*"]\nsegments = ["kharkiv"]\nsummary = "revoked"\n'
    )
    scenario = load_scenario(path)
    assert [w.name for w in scenario.weapons] == ["ATACMS"]
    assert find_weapon(scenario, "ATACMS").max_m == pytest.approx(185 * MI)
    assert authorized_range_m(scenario, "ATACMS", dt.date(2024, 2, 1)) == pytest.approx(100_000)
    assert authorization_as_of(scenario, "ATACMS", dt.date(2024, 4, 1), "kharkiv") is None
    assert authorization_as_of(scenario, "ATACMS", dt.date(2024, 4, 1), "sumy").id == "t"


@pytest.mark.parametrize(
    ("fixture", "expected"),
    [
        ("bad_malformed.toml", "bad_malformed.toml: line 3: invalid TOML"),
        ("bad_missing_key.toml", "bad_missing_key.toml: timeline[0].start: missing required key"),
        ("bad_unit.toml", "bad_unit.toml: weapons[0].claims[0].unit: unknown distance unit"),
        ("bad_negative_range.toml", "bad_negative_range.toml: weapons[2].range: distance must be"),
        (
            "bad_value.toml",
            'bad_value.toml: weapons[0].claims[1].value: expected a positive number, got "far"',
        ),
        ("bad_unknown_key.toml", "bad_unknown_key.toml: weapons[0].rnage: unknown key"),
        ("bad_date.toml", "bad_date.toml: timeline[0].start: expected an ISO date"),
    ],
)
def test_bad_fixtures(fixture, expected):
    with pytest.raises(EnvelopeError) as err:
        load_scenario(FIXTURES / fixture)
    message = str(err.value)
    assert expected in message
    assert "\n" not in message


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            '[[weapons]]\nname = "X"\nclaims = ["009#nope"]\n',
            "weapons[0].claims[0]: unknown report",
        ),
        (
            '[[weapons]]\nname = "X"\nclaims = ["000#atacms-rnage"]\n',
            "did you mean 'atacms-range'?",
        ),
        (
            '[[weapons]]\nname = "X"\nclaims = ["000#atacms-range"]\n',
            "is about 'ATACMS', not 'X'",
        ),
        ('[[weapons]]\nname = "X"\nclaims = ["002#depth-24mi"]\n', "not weapon_range"),
        ('[[weapons]]\nname = "X"\n', "weapons[0]: a weapon needs 'claims' or a 'range'"),
        ('[[weapons]]\nname = "X"\naliases = ["GMLRS"]\nrange = "1 km"\n', "clashes"),
        ('[[weapons]]\nname = "X"\nrange = 250\n', 'expected a distance such as "250 km"'),
        ('[[weapons]]\nname = "X"\nrange = "250"\n', "has no unit"),
        (
            '[[timeline]]\nid = "t"\nstart = 2024-01-01\nstart_basis = "guess"\nweapons = ["*"]\n'
            'segments = ["*"]\nsummary = "s"\n',
            "timeline[0].start_basis: expected one of stated, derived, inferred",
        ),
        (
            '[[timeline]]\nid = "t"\nstart = 2024-01-01T10:00:00\nstart_basis = "stated"\n'
            'weapons = ["*"]\nsegments = ["*"]\nsummary = "s"\n',
            "timeline[0].start: expected an ISO date",
        ),
        (
            '[[timeline]]\nid = "t"\nstart = 2024-01-01\nstart_basis = "stated"\n'
            'weapons = ["Storm Shadw"]\nsegments = ["*"]\nsummary = "s"\n',
            "timeline[0].weapons[0]: unknown weapon 'Storm Shadw'",
        ),
        (
            '[[timeline]]\nid = "t"\nstart = 2024-01-01\nstart_basis = "stated"\n'
            'weapons = ["*"]\nsegments = ["*"]\ndepth = "30 mi"\nclaims = ["002#depth-24mi"]\n'
            'summary = "s"\n',
            "timeline[0].depth: 30 mi matches none of the cited authorized_depth claims (24 mi)",
        ),
        ("schema = 2\n", "schema: unsupported schema 2"),
        ('base = "other"\n', "base: expected one of packaged, none"),
        ('[[reports]]\nid = "000_fc1554105e1b3917"\n', "reports[0].id: report"),
        (
            '[[reports]]\nid = "mine"\ndate = "May 2024"\n',
            'reports[0].date: expected an ISO date YYYY-MM-DD, got "May 2024"',
        ),
        (
            '[[reports]]\nid = "mine"\n[[reports.claims]]\nid = "c"\nmeasure = "speed"\n',
            "reports[0].claims[0].measure: expected one of weapon_range",
        ),
        (
            '[[reports]]\nid = "mine"\n[[reports.claims]]\nid = "c"\nmeasure = "count"\n'
            'subject = "s"\nspeaker = "report"\nsummary = "s"\nvalue = 3\nstatus = "allowed"\n',
            "reports[0].claims[0].status: unknown key",
        ),
    ],
)
def test_validation_messages(tmp_path, text, expected):
    path = tmp_path / "scenario.toml"
    path.write_text(text)
    with pytest.raises(EnvelopeError) as err:
        load_scenario(path)
    message = str(err.value)
    assert message.startswith(f"{path}: ")
    assert expected in message
    assert "\n" not in message


def test_missing_file(tmp_path):
    with pytest.raises(EnvelopeError, match="no such file"):
        load_scenario(tmp_path / "absent.toml")


def test_report_record_stem_must_match(tmp_path):
    source = ROOT / "seeds" / f"{R003}.toml"
    copy = tmp_path / "renamed.toml"
    copy.write_bytes(source.read_bytes())
    with pytest.raises(EnvelopeError, match="renamed.toml: id: .* must equal the file name stem"):
        load_report(copy)


def test_model_is_frozen(scenario):
    with pytest.raises(AttributeError):
        scenario.timeline[0].start = dt.date(2020, 1, 1)  # type: ignore[misc]
    assert isinstance(scenario.weapons[0], WeaponProfile)
    assert isinstance(scenario.timeline[0], Authorization)


# --- the reports' text ---------------------------------------------------------------------

WINDOW = 12
_WORD = re.compile(r"[a-z0-9]+")
_SKIP_DIRS = {".git", "__pycache__", ".pytest_cache", ".ruff_cache", ".hypothesis", ".venv"}
_SKIP_DIRS |= {"build", "dist", ".ipynb_checkpoints", "node_modules"}


def _words(text: str) -> list[str]:
    return _WORD.findall(text.lower())


def _grams(words: list[str]) -> set[tuple[str, ...]]:
    return {tuple(words[i : i + WINDOW]) for i in range(len(words) - WINDOW + 1)}


def _paragraphs(path: Path) -> list[str]:
    """The seed's paragraphs as the records count them: its non-empty lines, from 1."""
    return [line for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def _project_text(path: Path) -> str | None:
    try:
        raw = path.read_bytes()
        if len(raw) > 50_000_000 or b"\0" in raw[:8192]:
            return None
        text = raw.decode("utf-8")
    except (OSError, UnicodeDecodeError):
        return None
    if path.suffix == ".ipynb":  # join the notebook's strings, not its JSON escapes
        try:
            strings: list[str] = []

            def walk(node):
                if isinstance(node, str):
                    strings.append(node)
                elif isinstance(node, list):
                    for item in node:
                        walk(item)
                elif isinstance(node, dict):
                    for item in node.values():
                        walk(item)

            walk(json.loads(text))
            return "".join(strings)
        except ValueError:
            return text
    return text


def _project_files() -> list[Path]:
    """Every text file in the repository: seeds/, envelope/, README.md, docs/, notebooks/, and
    all the rest (tests, scripts, data), minus VCS and tool caches."""
    files = []
    for path in sorted(ROOT.rglob("*")):
        rel = path.relative_to(ROOT)
        if path.is_file() and not (set(rel.parts[:-1]) & _SKIP_DIRS):
            files.append(path)
    return files


@needs_seeds
def test_no_12_word_run_shared_with_any_report(scenario):
    seed_grams: dict[tuple[str, ...], str] = {}
    for seed in sorted(SEEDS_TXT.glob("*.txt")):
        for gram in _grams(_words(seed.read_text(encoding="utf-8"))):
            seed_grams.setdefault(gram, seed.name)
    assert seed_grams, "no report text found"
    scanned = _project_files()
    for must_scan in ("seeds", "envelope"):  # and README.md, docs/, notebooks/ when present
        assert any(p.is_relative_to(ROOT / must_scan) for p in scanned), must_scan
    hits = []
    for path in scanned:
        text = _project_text(path)
        if text is None:
            continue
        words = _words(text)
        for i in range(len(words) - WINDOW + 1):
            gram = tuple(words[i : i + WINDOW])
            if gram in seed_grams:
                hits.append(
                    f"{path.relative_to(ROOT)} shares with {seed_grams[gram]}: {' '.join(gram)}"
                )
                break
    assert not hits, "report text copied into the project:\n" + "\n".join(hits)


def test_overlap_detector_catches_a_copy(tmp_path):
    """The detector itself: a 12-word run is caught, an 11-word run is not."""
    text = "one two three four five six seven eight nine ten eleven twelve thirteen"
    grams = _grams(_words(text))
    assert tuple(_words(text)[:12]) in grams
    assert not _grams(_words("one two three four five six seven eight nine ten eleven"))


def test_quotes_are_short(scenario):
    for c in scenario.claims:
        assert len(c.quote.split()) <= 6, f"{c.ref}: quote longer than 6 words"


@needs_seeds
def test_quotes_found_at_their_paragraph(scenario):
    for c in scenario.claims:
        if scenario.reports[c.report_id].user:
            continue
        paragraphs = _paragraphs(SEEDS_TXT / f"{c.report_id}.txt")
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
