"""Target sets as columns: points, names and passed-through columns, with their provenance and
the bad rows skipped on the way in."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np

from ..errors import EnvelopeError

#: Built-in sets keep entries within this geodesic distance of the segment.
REGION_M = 2_000_000.0
#: Rows per chunk when streaming a user CSV.
CHUNK_ROWS = 100_000
#: How many bad rows are kept with their messages (all are counted).
MAX_BAD_KEPT = 20


@dataclass(frozen=True)
class Provenance:
    """Where a target set comes from and under which licence, shown beside every count."""

    source: str
    description: str
    package: str | None = None
    version: str | None = None
    license: str = ""
    attribution: str = ""
    notes: str = ""

    def text(self) -> str:
        pkg = f" via {self.package} {self.version}" if self.package else ""
        bits = [f"{self.source}: {self.description}{pkg}"]
        if self.license:
            bits.append(f"licence: {self.license}")
        if self.attribution:
            bits.append(self.attribution)
        if self.notes:
            bits.append(self.notes)
        return "; ".join(bits)

    def as_dict(self) -> dict:
        return {
            "source": self.source,
            "description": self.description,
            "package": self.package,
            "version": self.version,
            "license": self.license,
            "attribution": self.attribution,
            "notes": self.notes,
        }


@dataclass(frozen=True)
class BadRow:
    """A skipped input row: where it was and what was wrong, as ``file:line: problem``."""

    source: str
    where: str  # a line number, or "feature N" for GeoJSON
    message: str

    def __str__(self) -> str:
        return f"{self.source}:{self.where}: {self.message}"


@dataclass
class TargetSet:
    """Points in columns (for speed on millions of rows) with names and passed-through columns.

    ``code_ok`` is set for built-in sets: the data's own country code agrees with
    ``coded_for`` (ISO3); classification requires it as well as the country polygon.
    """

    source: str
    kind: str  # "city", "airfield" or "user"
    name: list[str]
    lon: np.ndarray
    lat: np.ndarray
    columns: dict[str, list] = field(default_factory=dict)
    provenance: Provenance | None = None
    code_ok: np.ndarray | None = None
    coded_for: str | None = None
    bad_rows: list[BadRow] = field(default_factory=list)
    bad_count: int = 0
    rows_read: int = 0
    sources: list[str] | None = None  # per-row set name when several sets are combined
    kinds: list[str] | None = None
    more_provenance: list[Provenance] = field(default_factory=list)

    def __len__(self) -> int:
        return len(self.name)

    def row_sources(self) -> list[str]:
        return self.sources if self.sources is not None else [self.source] * len(self)

    def row_kinds(self) -> list[str]:
        return self.kinds if self.kinds is not None else [self.kind] * len(self)

    def provenances(self) -> list[Provenance]:
        found = [p for p in (self.provenance, *self.more_provenance) if p]
        return list(dict.fromkeys(found)) or [
            Provenance(source=self.source, description="targets given through the API")
        ]


def concat(sets: Sequence[TargetSet]) -> TargetSet:
    """One set from several (e.g. cities plus a user file), remembering each row's origin."""
    sets = list(sets)
    if len(sets) == 1:
        return sets[0]
    one = len({s.source for s in sets}) == 1 and all(s.sources is None for s in sets)
    names: list[str] = []
    cols: dict[str, list] = {}
    for s in sets:
        for c in s.columns:
            cols.setdefault(c, [])
    srcs: list[str] = []
    kinds: list[str] = []
    for s in sets:
        n = len(s)
        names += s.name
        srcs += s.row_sources()
        kinds += s.row_kinds()
        for c in cols:
            cols[c] += s.columns.get(c, [""] * n)
    coded = {s.coded_for for s in sets if s.coded_for}
    code_ok = None
    if coded:
        if len(coded) > 1:
            raise EnvelopeError(f"target sets were checked against different countries: {coded}")
        code_ok = np.concatenate(
            [s.code_ok if s.code_ok is not None else np.ones(len(s), bool) for s in sets]
        )
    provs = list(dict.fromkeys(p for s in sets for p in s.provenances()))
    return TargetSet(
        source="+".join(dict.fromkeys(s.source for s in sets)),
        kind="mixed" if len({s.kind for s in sets}) > 1 else sets[0].kind,
        name=names,
        lon=np.concatenate([s.lon for s in sets]) if sets else np.empty(0),
        lat=np.concatenate([s.lat for s in sets]) if sets else np.empty(0),
        columns=cols,
        provenance=provs[0] if provs else None,
        code_ok=code_ok,
        coded_for=coded.pop() if coded else None,
        bad_rows=[b for s in sets for b in s.bad_rows][:MAX_BAD_KEPT],
        bad_count=sum(s.bad_count for s in sets),
        rows_read=sum(s.rows_read for s in sets),
        sources=None if one else srcs,
        kinds=None if one else kinds,
        more_provenance=provs[1:],
    )
