"""The rule on the reports' text: no run of 12 words from a report anywhere in the project."""

from __future__ import annotations

import json
from pathlib import Path

from tests.helpers import ROOT, SEEDS_TXT, needs_seeds, words

WINDOW = 12
_SKIP_DIRS = {".git", "__pycache__", ".pytest_cache", ".ruff_cache", ".hypothesis", ".venv"}
_SKIP_DIRS |= {"build", "dist", ".ipynb_checkpoints", "node_modules"}


def _grams(words: list[str]) -> set[tuple[str, ...]]:
    return {tuple(words[i : i + WINDOW]) for i in range(len(words) - WINDOW + 1)}


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
def test_no_12_word_run_shared_with_any_report():
    seed_grams: dict[tuple[str, ...], str] = {}
    for seed in sorted(SEEDS_TXT.glob("*.txt")):
        for gram in _grams(words(seed.read_text(encoding="utf-8"))):
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
        tokens = words(text)
        for i in range(len(tokens) - WINDOW + 1):
            gram = tuple(tokens[i : i + WINDOW])
            if gram in seed_grams:
                hits.append(
                    f"{path.relative_to(ROOT)} shares with {seed_grams[gram]}: {' '.join(gram)}"
                )
                break
    assert not hits, "report text copied into the project:\n" + "\n".join(hits)
