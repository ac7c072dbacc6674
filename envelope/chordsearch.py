"""Nearest-vertex candidates by 3-D chord length, in plain numpy (cheaper to load than scipy).

Vertices of a dense polyline come in order, so a run of consecutive vertices hugs the chord
from its first to its last vertex: a small tree of such capsules, searched for many query
points at once, prunes almost everything but the runs next to each query's nearest vertex.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

_FANOUT = 4
_TOP = 8  # the search starts from at most this many nodes


@dataclass(frozen=True)
class ChordTree:
    """Capsules over runs of consecutive points, level by level (top level first)."""

    xyz: np.ndarray  # (n, 3) the points
    #: per level, 8 arrays of m values: a run's first point a (x, y, z), the step ab to its last
    #: point (x, y, z), 1 / |ab|^2 (0 for a point) and the radius around segment ab that holds
    #: every point of the run; the last level is the points themselves (x, y, z only)
    nodes: tuple[tuple[np.ndarray, ...], ...]
    max_radius: tuple[float, ...]
    children: tuple[np.ndarray, ...]  # per level but the last, (m, 4): children, last repeated


def _to_segment(p: np.ndarray, a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """Squared distance from points p to segments ab (all arrays (..., 3))."""
    ab = b - a
    ap = p - a
    den = np.einsum("...k,...k->...", ab, ab)
    t = np.clip(np.einsum("...k,...k->...", ap, ab) / np.where(den > 0, den, 1.0), 0.0, 1.0)
    off = ap - t[..., None] * ab
    return np.einsum("...k,...k->...", off, off)


def _row_min(a: np.ndarray) -> np.ndarray:
    """a.min(axis=1) for a few columns, column by column (numpy is slow over a short axis)."""
    out = a[:, 0].copy()
    for k in range(1, a.shape[1]):
        np.minimum(out, a[:, k], out=out)
    return out


def build(xyz: np.ndarray) -> ChordTree:
    """Group the points in runs of 4, those runs in runs of 4, ... up to <= 8 top nodes."""
    xyz = np.ascontiguousarray(xyz, dtype=float)
    n = len(xyz)
    nodes, children = [tuple(np.ascontiguousarray(xyz[:, k]) for k in range(3))], []
    size = 1  # points per node at the current level
    while len(nodes[0][0]) > _TOP:
        m_child = len(nodes[0][0])
        size *= _FANOUT
        starts = np.arange(0, n, size)
        ends = np.minimum(starts + size, n) - 1
        node_of_point = np.arange(n) // size
        a, b = xyz[starts], xyz[ends]
        dist = np.sqrt(_to_segment(xyz, a[node_of_point], b[node_of_point]))
        radius = np.maximum.reduceat(dist, starts) * (1 + 1e-12) + 1e-6
        kids = np.arange(len(starts))[:, None] * _FANOUT + np.arange(_FANOUT)[None]
        den = np.einsum("mk,mk->m", b - a, b - a)
        inv = np.divide(1.0, den, out=np.zeros(len(den)), where=den > 0)
        table = np.column_stack((a, b - a, inv, radius))
        nodes.insert(0, tuple(np.ascontiguousarray(table[:, k]) for k in range(8)))
        children.insert(0, np.minimum(kids, m_child - 1))
    radii = tuple(float(t[7].max()) for t in nodes[:-1]) + (0.0,)
    return ChordTree(xyz, tuple(nodes), radii, tuple(children))


def candidates(
    tree: ChordTree,
    q: np.ndarray,
    limit: Callable[[np.ndarray, np.ndarray], np.ndarray],
) -> tuple[np.ndarray, np.ndarray]:
    """Every (query, point) pair whose chord is within ``limit`` of the query's nearest chord.

    ``limit(upper, lower)`` must bound the search radius from above for any nearest chord c0
    with lower <= c0 <= upper, and equal it when both are c0. Pairs come grouped by query; a
    pair may repeat.
    """
    nq, m_top = len(q), len(tree.nodes[0][0])
    if nq == 0:
        return np.zeros(0, np.int64), np.zeros(0, np.int64)
    qi = np.arange(nq)
    node = np.zeros((nq, m_top), dtype=np.int64) + np.arange(m_top)
    last = len(tree.nodes) - 1
    qx, qy, qz = (np.ascontiguousarray(q[:, k]) for k in range(3))
    for level, table in enumerate(tree.nodes):
        if level > 0:
            node = np.take(tree.children[level - 1], node, axis=0)
        # components as separate contiguous arrays: (pairs, children) each
        col = [np.take(c, node) for c in table]
        px, py, pz = (np.take(c, qi)[:, None] for c in (qx, qy, qz))
        dx, dy, dz = px - col[0], py - col[1], pz - col[2]
        first2 = dx * dx + dy * dy + dz * dz
        if level < last:
            t = np.clip((dx * col[3] + dy * col[4] + dz * col[5]) * col[6], 0.0, 1.0)
            dx -= t * col[3]
            dy -= t * col[4]
            dz -= t * col[5]
            d2 = dx * dx + dy * dy + dz * dz
            radius = col[7]
        else:
            d2, radius = first2, 0.0
        starts = np.flatnonzero(np.r_[True, qi[1:] != qi[:-1]])
        # a real point's chord bounds the nearest chord from above, a capsule's gap from below
        upper = np.sqrt(np.minimum.reduceat(_row_min(first2), starts))
        near = np.sqrt(np.minimum.reduceat(_row_min(d2), starts))
        lower = np.maximum(near - tree.max_radius[level], 0.0)
        reach = limit(upper, lower)[qi][:, None] + radius
        pair, slot = np.nonzero(d2 <= reach * reach)
        qi, node = qi[pair], node[pair, slot]
    return qi, node
