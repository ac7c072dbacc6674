"""Build envelope/intake/fingerprints.json: hashed 6-word runs of the known reports, no text.

    python scripts/intake_fingerprints.py                  # reads ../shared/seeds/*.txt
    python scripts/intake_fingerprints.py --from DIR       # reads DIR/*.txt

Deterministic: the same texts give the same file. Rebuild when a report record is added.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from envelope.intake.overlap import FINGERPRINTS, dump_fingerprints, fingerprint

ROOT = Path(__file__).resolve().parent.parent
#: The reports live beside the repository (or beside the folder of worktrees).
DEFAULT = next(
    (p / "shared" / "seeds" for p in (ROOT.parent, ROOT.parent.parent) if (p / "shared").is_dir()),
    ROOT.parent / "shared" / "seeds",
)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--from", dest="source", type=Path, default=DEFAULT)
    parser.add_argument("-o", "--output", type=Path, default=FINGERPRINTS)
    args = parser.parse_args()
    prints = {
        path.stem: fingerprint(path.read_text(encoding="utf-8"))
        for path in sorted(args.source.glob("*.txt"))
    }
    if not prints:
        raise SystemExit(f"no .txt reports in {args.source}")
    args.output.write_text(dump_fingerprints(prints), encoding="utf-8")
    print(f"wrote {args.output} ({len(prints)} reports)")


if __name__ == "__main__":
    main()
