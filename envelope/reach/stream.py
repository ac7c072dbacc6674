"""Counts for target sets too large to hold: chunks are read, flagged by the grid (equal to the
exact rule) and dropped, so memory holds one chunk whatever the file's size."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field

import numpy as np

from ..targets import MIN_CITY_POPULATION, REGION_M, TargetSet, iter_targets
from .classify import Classifier
from .grid import FlagGrid, build_grid, grid_flags


@dataclass
class Counts:
    """How many targets each envelope holds, over every chunk read."""

    columns: list[str]
    inside: dict[str, int]
    targets: int = 0
    bad_counts: dict[str, int] = field(default_factory=dict)

    def rows(self) -> list[dict]:
        return [{"column": c, "count": self.inside[c], "of": self.targets} for c in self.columns]


def count_chunks(
    clf: Classifier, chunks: Iterable[TargetSet], grid: FlagGrid | None = None
) -> Counts:
    """Flag and count each chunk in turn (built-in sets' country codes are honoured)."""
    grid = grid or build_grid(clf)
    counts = Counts(columns=list(clf.columns), inside=dict.fromkeys(clf.columns, 0))
    for chunk in chunks:
        flags = grid_flags(clf, grid, chunk.lon, chunk.lat)
        for col, env in zip(clf.columns, clf.envelopes, strict=True):
            m = clf.with_codes(flags[col], env, chunk.code_ok, chunk.coded_for)
            counts.inside[col] += int(np.count_nonzero(m))
        counts.targets += len(chunk)
        if chunk.bad_count:
            counts.bad_counts[chunk.source] = (
                counts.bad_counts.get(chunk.source, 0) + chunk.bad_count
            )
    return counts


def count_inside(
    result,
    specs: Sequence[str],
    *,
    chunk_rows: int = 1_000_000,
    progress: Callable[[int], None] | None = None,
    region_m: float = REGION_M,
    min_population: int = MIN_CITY_POPULATION,
) -> Counts:
    """Per-envelope counts of ``--targets`` specs, streamed chunk by chunk."""
    clf = Classifier(result)

    def chunks():
        for spec in specs:
            yield from iter_targets(
                spec,
                result.segment,
                chunk_rows=chunk_rows,
                progress=progress,
                region_m=region_m,
                min_population=min_population,
            )

    return count_chunks(clf, chunks())
