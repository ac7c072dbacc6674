"""`envelope intake` as a user meets it: a draft file or JSON out, one stderr line, exit 2 on bad
input with nothing left behind."""

from __future__ import annotations

try:  # Python 3.11+
    import tomllib
except ModuleNotFoundError:  # pragma: no cover - Python 3.10
    import tomli as tomllib  # type: ignore[no-redef]

import json
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

from envelope.cli import main

from .helpers import FIXTURES

ARTICLE = FIXTURES / "intake" / "atacms_depth.txt"


def run(argv, capsys):
    """Run the CLI in-process; return (exit status, stdout, stderr)."""
    with pytest.raises(SystemExit) as exit_:
        main(argv)
    out, err = capsys.readouterr()
    return exit_.value.code, out, err


def test_draft_file_and_one_summary_line(tmp_path, capsys):
    out = tmp_path / "d.toml"
    code, stdout, err = run(
        ["intake", str(ARTICLE), "--id", "pentagon-atacms", "-o", str(out)], capsys
    )
    assert code == 0, err
    assert stdout == ""
    assert len(err.strip().splitlines()) == 1
    assert "weapon range" in err and "overlap with the known reports" in err
    doc = tomllib.loads(out.read_text(encoding="utf-8"))
    (report,) = doc["reports"]
    assert report["id"] == "pentagon-atacms"
    assert {
        (c["subject"], c["value"], c["unit"])
        for c in report["claims"]
        if c["measure"] == "weapon_range"
    } >= {
        ("ATACMS", 300, "km"),
        ("HIMARS", 80, "km"),
    }
    assert [p.name for p in tmp_path.iterdir()] == ["d.toml"]  # no temporary file left


def test_toml_to_stdout_and_json_format(capsys):
    code, stdout, _ = run(["intake", str(ARTICLE), "--date", "2024-11-19"], capsys)
    assert code == 0
    doc = tomllib.loads(stdout)
    assert doc["reports"][0]["date"].isoformat() == "2024-11-19"
    code, stdout, _ = run(["intake", str(ARTICLE), "--format", "json"], capsys)
    assert code == 0
    claims = json.loads(stdout)["claims"]
    assert all(
        {"measure", "subject", "value", "unit", "qualifier", "paragraph", "quote"} <= set(c)
        for c in claims
    )


def test_article_without_claims_gives_an_empty_draft(tmp_path, capsys):
    article = tmp_path / "calm.txt"
    article.write_text("Weather\nRain is expected in Kyiv later this week.\n", encoding="utf-8")
    out = tmp_path / "calm.toml"
    code, _, err = run(["intake", str(article), "-o", str(out)], capsys)
    assert code == 0
    assert "no claims found" in err
    doc = tomllib.loads(out.read_text(encoding="utf-8"))
    assert "claims" not in doc["reports"][0] and "weapons" not in doc


@pytest.mark.parametrize(
    ("content", "problem"),
    [(b"", "empty"), (b"\x00\x01\xff\xfe" * 10, "binary"), (b"%PDF-1.4\n", "PDF")],
)
def test_bad_input_one_line_exit_2_nothing_written(tmp_path, capsys, content, problem):
    article = tmp_path / "bad.txt"
    article.write_bytes(content)
    out = tmp_path / "d.toml"
    code, _, err = run(["intake", str(article), "-o", str(out)], capsys)
    assert code == 2
    assert len(err.strip().splitlines()) == 1
    assert problem in err and "bad.txt" in err
    assert not out.exists()


def test_huge_and_missing_input(tmp_path, capsys):
    big = tmp_path / "big.txt"
    with big.open("wb") as fh:
        fh.truncate(8_000_000)
    code, _, err = run(["intake", str(big)], capsys)
    assert code == 2 and "MB" in err
    code, _, err = run(["intake", str(tmp_path / "nope.txt")], capsys)
    assert code == 2 and "no such file" in err


def test_clashing_report_id_is_refused(capsys):
    code, _, err = run(["intake", str(ARTICLE), "--id", "000_fc1554105e1b3917"], capsys)
    assert code == 2 and "packaged report" in err


def test_standard_input_and_non_regular_files(tmp_path, capsys, monkeypatch):
    import io
    import os

    data = ARTICLE.read_bytes()
    monkeypatch.setattr("sys.stdin", io.TextIOWrapper(io.BytesIO(data)))
    code, stdout, err = run(["intake", "-", "--format", "json"], capsys)
    assert code == 0, err
    assert json.loads(stdout)["report"] == "intake"
    fifo = tmp_path / "pipe.txt"
    os.mkfifo(fifo)
    code, _, err = run(["intake", str(fifo)], capsys)  # must not block
    assert code == 2 and "not a regular file" in err


def test_draft_never_overwrites_the_article(tmp_path, capsys):
    article = tmp_path / "a.toml"
    article.write_bytes(ARTICLE.read_bytes())
    code, _, err = run(["intake", str(article), "-o", str(article)], capsys)
    assert code == 2 and "overwrite" in err
    assert article.read_bytes() == ARTICLE.read_bytes()


def test_pending_draft_widens_the_band_and_is_listed_unreviewed(tmp_path, capsys):
    draft = tmp_path / "d.toml"
    code, _, err = run(["intake", str(ARTICLE), "--id", "pentagon", "-o", str(draft)], capsys)
    assert code == 0, err
    code, out, err = run(["weapons", "--scenario", str(draft), "--format", "json"], capsys)
    assert code == 0, err
    rows = {r["weapon"]: r for r in json.loads(out)}
    atacms = rows["ATACMS"]
    assert atacms["min_m"] == pytest.approx(165_000)  # the new 165 km widens the band down
    assert atacms["max_m"] == pytest.approx(200 * 1609.344)  # the packaged 200 mi stays
    assert "pentagon#atacms-range" in atacms["unreviewed"]
    assert "000#atacms-range" not in atacms["unreviewed"]
    assert rows["ER GMLRS"]["min_m"] == pytest.approx(150_000)  # an unknown weapon: new profile
    from envelope.scenario import conflicts, load_scenario  # the table without border lookups

    (atacms_range,) = [c for c in conflicts(load_scenario(draft)) if c.topic == "ATACMS range"]
    assert "pentagon#atacms-range" in {c.ref for c in atacms_range.claims}


def test_confirmed_claims_are_no_longer_unreviewed(tmp_path, capsys):
    draft = tmp_path / "d.toml"
    run(["intake", str(ARTICLE), "--id", "pentagon", "-o", str(draft)], capsys)
    text = draft.read_text(encoding="utf-8").replace('review = "pending"', 'review = "confirmed"')
    draft.write_text(text, encoding="utf-8")
    code, out, err = run(["weapons", "--scenario", str(draft), "--format", "json"], capsys)
    assert code == 0, err
    assert all(not r["unreviewed"] for r in json.loads(out))


def test_a_shared_quotation_joins_the_known_statement(tmp_path, capsys):
    article = tmp_path / "echo.txt"
    article.write_text(
        "Kharkiv strikes cleared\n"
        'An official named the aim: "ensure that Ukraine is able to use U.S.-supplied '
        'weapons" in the Kharkiv area.\n',
        encoding="utf-8",
    )
    code, out, err = run(["intake", str(article), "--format", "json"], capsys)
    assert code == 0, err
    (claim,) = [c for c in json.loads(out)["claims"] if c["measure"] == "authorization"]
    assert (claim["subject"], claim["status"]) == ("US weapons", "allowed")
    assert claim["origin"] == "us-official-counterfire-statement"
    assert "quotation also in" in claim["note"]
    assert "shared quotation" in err


def _echo_article(folder: Path) -> Path:
    """The fixture article plus a quotation another report shares."""
    article = folder / "echo.txt"
    article.write_text(
        ARTICLE.read_text(encoding="utf-8")
        + 'An official named the aim: "ensure that Ukraine is able to use U.S.-supplied '
        'weapons" in the Kharkiv area.\n',
        encoding="utf-8",
    )
    return article


def start_in_background() -> subprocess.Popen:
    """`envelope intake` under another hash seed, started when collection ends
    (tests/conftest.py) so it runs beside the suite; it carries its article's path."""
    seed = "2" if os.environ.get("PYTHONHASHSEED") == "1" else "1"
    article = _echo_article(Path(tempfile.mkdtemp(prefix="envelope-intake-")))
    child = subprocess.Popen(
        [sys.executable, "-m", "envelope", "intake", str(article)],
        env={**os.environ, "PYTHONHASHSEED": seed},
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    child.article = article
    return child


def test_same_article_same_draft_under_another_hash_seed(background):
    """Shared quotations and their origins too: this process against one child."""
    from envelope.intake import draft_toml, intake_file

    article = background.article
    try:
        here = draft_toml(*intake_file(article))
        out, err = background.communicate(timeout=300)
    finally:
        shutil.rmtree(article.parent, ignore_errors=True)
    assert background.returncode == 0, err
    assert "us-official-counterfire-statement" in here
    assert out == here


def test_maps_cite_a_draft_report_as_unreviewed(tmp_path, capsys):
    from shapely.geometry import Point

    from envelope.envelopes import Envelope
    from envelope.maps.html.panels import _claim_line
    from envelope.maps.text import citations
    from envelope.scenario import find_weapon, load_scenario

    draft = tmp_path / "d.toml"
    run(["intake", str(ARTICLE), "--id", "pentagon", "-o", str(draft)], capsys)
    scenario = load_scenario(draft)
    atacms = find_weapon(scenario, "ATACMS")
    dot = Point(36.2, 50.0)
    env = Envelope("ATACMS", "claimed", "ATACMS", 165_000.0, "kharkiv", dot, dot, 0.0, None,
                   0.0, 0.0, 0.0, claims=atacms.claims)  # fmt: skip
    cited = citations(scenario, [env], short=True)
    assert "pentagon (unreviewed)" in cited
    assert not any("000 (" in c and "unreviewed" in c for c in cited)
    lines = {c.report_id: _claim_line(c) for c in atacms.claims}
    assert lines["pentagon"].endswith("(unreviewed)")
    assert "unreviewed" not in lines["000_fc1554105e1b3917"]


def test_ranges_beyond_the_engine_stay_claims_and_the_draft_loads(tmp_path, capsys):
    from envelope.scenario import load_scenario

    draft = tmp_path / "d.toml"
    article = FIXTURES / "intake" / "liveblog.txt"  # a 2,500 km drone among drawable ranges
    code, _, err = run(["intake", str(article), "--id", "live", "-o", str(draft)], capsys)
    assert code == 0, err
    assert "beyond the 1 km to 2,000 km" in draft.read_text(encoding="utf-8")
    scenario = load_scenario(draft)
    assert "Shahed" not in {w.name for w in scenario.weapons}
    shahed = [c for c in scenario.claims if c.report_id == "live" and c.subject == "Shahed"]
    assert [(c.value, c.unit) for c in shahed] == [(2500, "km")]
    assert "Storm Shadow" in {w.name for w in scenario.weapons}
