"""Shared test constants and helpers (imported by test modules; never import one test file from
another)."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


def _seeds_dir() -> Path:
    """The reports themselves live outside the repository, in ``shared/seeds`` beside it or
    beside one of its parent folders (worktrees sit deeper than the main checkout)."""
    for parent in ROOT.parents:
        if (parent / "shared" / "seeds").is_dir():
            return parent / "shared" / "seeds"
    return ROOT.parent / "shared" / "seeds"


SEEDS_TXT = _seeds_dir()
FIXTURES = Path(__file__).resolve().parent / "fixtures"
MI = 1609.344

R000 = "000_fc1554105e1b3917"
R001 = "001_8ba813095ef1139b"
R002 = "002_ab43d460eba5533d"
R003 = "003_b8a8a2db74cde041"
R004 = "004_50c9bfd4bcbe887b"
REPORTS = (R000, R001, R002, R003, R004)

needs_seeds = pytest.mark.skipif(
    not SEEDS_TXT.is_dir(), reason=f"report texts not found at {SEEDS_TXT}"
)

_WORD = re.compile(r"[a-z0-9]+")


def find_claims(scenario, report_id: str, measure: str, subject: str) -> list:
    """The scenario's claims of one report with that measure and subject."""
    return [
        c
        for c in scenario.claims
        if c.report_id == report_id and c.measure == measure and c.subject == subject
    ]


def words(text: str) -> list[str]:
    return _WORD.findall(text.lower())


def seed_paragraphs(report_id: str) -> list[str]:
    """The seed's paragraphs as the records count them: its non-empty lines, from 1."""
    text = (SEEDS_TXT / f"{report_id}.txt").read_text(encoding="utf-8")
    return [line for line in text.splitlines() if line.strip()]


def python_child(code: str, hash_seed: str) -> subprocess.Popen:
    """``python -c code`` on this checkout under another hash seed, its output piped; for the
    cross-process determinism checks started in the background (tests/conftest.py)."""
    return subprocess.Popen(
        [sys.executable, "-c", code],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={"PYTHONHASHSEED": hash_seed, "PYTHONPATH": str(ROOT)},
    )
