"""Grouping items that pairs join transitively (union-find), shared by claim origins and
twin-city merging so both group the same way."""

from __future__ import annotations

from collections.abc import Iterable


def connected(n: int, pairs: Iterable[tuple[int, int]]) -> list[list[int]]:
    """The items ``0..n-1`` in groups, two items sharing a group when a chain of ``pairs``
    joins them; each group in index order, groups ordered by their first item."""
    parent = list(range(n))

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for i, j in pairs:
        parent[root(i)] = root(j)
    groups: dict[int, list[int]] = {}
    for i in range(n):
        groups.setdefault(root(i), []).append(i)
    return list(groups.values())
