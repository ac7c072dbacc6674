"""Inside flags for very many points by table look-up: a lon/lat grid over the envelopes whose
cells are marked inside, outside, or near a boundary. Only points in boundary cells go through
the exact rule (:meth:`Classifier.inside`), so the flags equal the rule's everywhere.

A cell is "near" when the envelope's boundary, densified to half a cell, has a vertex in it or
in one of its eight neighbours; every other cell lies wholly on one side, and each run of such
cells along a grid row is decided by one point-in-polygon test of its first cell's centre.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .classify import Classifier

#: Cell size in degrees (about 550 m north-south): boundary cells hold a few % of the points.
CELL_DEG = 0.005
OUTSIDE, INSIDE, NEAR = 0, 1, 2


@dataclass(frozen=True)
class FlagGrid:
    """One code per cell and envelope group; ``x0``, ``y0`` is the grid's south-west corner."""

    x0: float
    y0: float
    cell: float
    codes: np.ndarray  # (groups, rows, cols) uint8
    members: tuple[tuple[int, ...], ...]  # envelope indices of each group


def build_grid(clf: Classifier, cell: float = CELL_DEG) -> FlagGrid:
    """The grid for every envelope group of ``clf``, covering their outer bounds."""
    import shapely

    groups = [g for g in clf.groups() if not g.geometry.is_empty]
    if not groups:
        return FlagGrid(0.0, 0.0, cell, np.zeros((0, 1, 1), np.uint8), ())
    x0 = min(g.box[0] for g in groups) - cell
    y0 = min(g.box[1] for g in groups) - cell
    x1 = max(g.box[2] for g in groups) + cell
    y1 = max(g.box[3] for g in groups) + cell
    nx, ny = int(np.ceil((x1 - x0) / cell)) + 1, int(np.ceil((y1 - y0) / cell)) + 1
    codes = np.zeros((len(groups), ny, nx), np.uint8)
    for k, g in enumerate(groups):
        near = np.zeros((ny, nx), bool)
        xy = shapely.get_coordinates(shapely.segmentize(g.geometry.boundary, cell / 2))
        ix = np.clip(((xy[:, 0] - x0) / cell).astype(np.int64), 0, nx - 1)
        iy = np.clip(((xy[:, 1] - y0) / cell).astype(np.int64), 0, ny - 1)
        near[iy, ix] = True
        near = _dilate(near)
        # runs of cells that are not near, row by row: each lies wholly on one side
        flat = ~near.ravel()
        start = flat & ~np.r_[False, flat[:-1]]
        start[::nx] = flat[::nx]  # a row's first cell starts a run
        run = np.cumsum(start) - 1
        first = np.flatnonzero(start)
        ry, rx = np.divmod(first, nx)
        inside = shapely.contains_xy(g.geometry, x0 + (rx + 0.5) * cell, y0 + (ry + 0.5) * cell)
        code = np.where(inside, INSIDE, OUTSIDE).astype(np.uint8)[np.maximum(run, 0)]
        code[~flat] = NEAR
        code = code.reshape(ny, nx)
        codes[k] = code
    members = tuple(tuple(g.members) for g in groups)
    return FlagGrid(x0, y0, cell, codes, members)


def _dilate(mask: np.ndarray) -> np.ndarray:
    """``mask`` grown by one cell in all eight directions."""
    out = mask.copy()
    out[1:, :] |= mask[:-1, :]
    out[:-1, :] |= mask[1:, :]
    grown = out.copy()
    grown[:, 1:] |= out[:, :-1]
    grown[:, :-1] |= out[:, 1:]
    return grown


def grid_flags(clf: Classifier, grid: FlagGrid, lon, lat) -> dict[str, np.ndarray]:
    """Inside flags per envelope column, equal to :meth:`Classifier.inside` for every point."""
    lon = np.asarray(lon, dtype=float)
    lat = np.asarray(lat, dtype=float)
    n = len(lon)
    _, ny, nx = grid.codes.shape
    ix = np.floor((lon - grid.x0) / grid.cell)
    iy = np.floor((lat - grid.y0) / grid.cell)
    on = (ix >= 0) & (ix < nx) & (iy >= 0) & (iy < ny)
    cell = np.where(on, iy * nx + ix, 0).astype(np.int64)
    hits = np.zeros((len(clf.envelopes), n), bool)
    near = np.zeros(n, bool)
    for k, members in enumerate(grid.members):
        code = grid.codes[k].ravel()[cell]
        code[~on] = OUTSIDE
        inside = code == INSIDE
        near |= code == NEAR
        for i in members:
            hits[i] = inside
    rows = np.flatnonzero(near)
    if len(rows):
        exact = clf.inside(lon[rows], lat[rows])
        for i, col in enumerate(clf.columns):
            hits[i, rows] = exact[col]
    return {col: hits[i] for i, col in enumerate(clf.columns)}
