"""Quality of `envelope intake`: recall and precision of weapon ranges, authorized depths and place
distances (value, unit, qualifier class, paragraph; the weapon too for ranges) against the
hand-made records in seeds/ on the five seed reports, and against the expected claims of the test
articles in tests/fixtures/intake/. Also times a run.

Run: python benchmarks/bench_intake.py [--seeds DIR] [--verbose]
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

try:  # Python 3.11+
    import tomllib
except ModuleNotFoundError:  # pragma: no cover
    import tomli as tomllib  # type: ignore[no-redef]

from envelope.intake import intake_text, packaged_profiles
from envelope.intake.evaluate import (
    SCORED,
    Score,
    authorization_key,
    expected_keys,
    finding_keys,
    key,
    score,
    total,
)
from envelope.intake.gazetteer import load_gazetteer
from envelope.resources import data_dir
from envelope.scenario import load_report

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "tests" / "fixtures" / "intake"


def _seeds_default() -> Path:
    for parent in ROOT.parents:
        if (parent / "shared" / "seeds").is_dir():
            return parent / "shared" / "seeds"
    return ROOT.parent / "shared" / "seeds"


def seed_cases(folder: Path):
    """(name, text, expected keys) for every seed text with a record."""
    for path in sorted(folder.glob("*.txt")):
        record = data_dir("seeds") / f"{path.stem}.toml"
        if not record.is_file():
            continue
        _, claims = load_report(record)
        expected = [
            key(c.measure, c.subject, c.value, c.unit, c.qualifier, c.paragraph)
            for c in claims
            if c.value is not None and c.unit is not None and c.measure in SCORED
        ] + [
            authorization_key(c.subject, c.status, c.paragraph)
            for c in claims
            if c.measure == "authorization"
        ]
        yield path.stem, path.read_text(encoding="utf-8"), expected


def fixture_cases(folder: Path = FIXTURES):
    """(name, text, expected keys) for every test article with an ``.expected.toml``."""
    for path in sorted(folder.glob("*.txt")):
        spec = path.with_suffix(".expected.toml")
        if not spec.is_file():
            continue
        data = tomllib.loads(spec.read_text(encoding="utf-8"))
        expected = expected_keys(data.get("expect", []))
        yield path.stem, path.read_text(encoding="utf-8"), expected


def run(cases, gaz, verbose: bool) -> tuple[Score, ...]:
    expected_all, found_all = [], []
    for name, text, expected in cases:
        draft = intake_text(text, report_id="bench", gazetteer=gaz)
        found = finding_keys(draft.findings)
        expected_all += [(name, *k) for k in expected]
        found_all += [(name, *k) for k in found]
    scores = score([k[1:] + (k[0],) for k in expected_all], [k[1:] + (k[0],) for k in found_all])
    if verbose:
        for s in scores:
            for k in s.missed:
                print(f"    missed {k[-1]}: {k[:-1]}")
            for k in s.false:
                print(f"    false  {k[-1]}: {k[:-1]}")
    return scores


def show(title: str, scores: tuple[Score, ...]) -> None:
    """The table; "distances" totals the three distance measures (authorizations have no
    target: the records hold only some of them, and fixtures none)."""
    print(title)
    head = ("measure", "expected", "found", "matched", "recall", "precision")
    print("  {:<17} {:>8} {:>6} {:>8} {:>7} {:>9}".format(*head))
    distances = [s for s in scores if s.measure in SCORED]
    shown = [s for s in scores if s.measure in SCORED or s.expected and s.measure != "distances"]
    for s in (*shown, total(distances)):
        print(
            f"  {s.measure:<17} {s.expected:>8} {s.found:>6} {s.matched:>8} "
            f"{s.recall:>7.0%} {s.precision:>9.0%}"
        )


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--seeds", type=Path, default=_seeds_default())
    ap.add_argument("--verbose", action="store_true", help="list every miss and false find")
    args = ap.parse_args()
    profiles, _ = packaged_profiles()
    gaz = load_gazetteer((p.name, p.aliases, p.supplier) for p in profiles)
    t = time.perf_counter()
    seeds = list(seed_cases(args.seeds))
    show(f"Seed reports ({len(seeds)}, {args.seeds}):", run(seeds, gaz, args.verbose))
    elapsed = time.perf_counter() - t
    fixtures = list(fixture_cases())
    show(
        f"Test articles ({len(fixtures)}, tests/fixtures/intake):", run(fixtures, gaz, args.verbose)
    )
    print(f"Time: {elapsed:.2f} s for the seed reports (including loading the records).")


if __name__ == "__main__":
    main()
