"""Shared fixtures: an independent distance oracle, so tests never grade the engine with itself."""

from __future__ import annotations

import numpy as np
import pytest
from pyproj import Geod
from scipy.optimize import minimize_scalar

GEOD = Geod(ellps="WGS84")


def true_distance(coords, lon, lat) -> np.ndarray:
    """Distance from points to a polyline whose edges are straight in lon/lat (RFC 7946).

    Independent of the engine: sample every edge coarsely with pyproj.Geod, then minimise the
    exact geodesic distance along the 8 best edges with a bounded 1-D search.
    """
    coords = np.asarray(coords, float)
    a, b = coords[:-1], coords[1:]
    ts = np.linspace(0.0, 1.0, 9)
    out = []
    for x, y in zip(np.atleast_1d(lon), np.atleast_1d(lat), strict=True):
        px = a[:, None, 0] + ts[None] * (b[:, None, 0] - a[:, None, 0])
        py = a[:, None, 1] + ts[None] * (b[:, None, 1] - a[:, None, 1])
        _, _, d = GEOD.inv(np.full(px.size, x), np.full(px.size, y), px.ravel(), py.ravel())
        best = np.asarray(d).reshape(px.shape).min(axis=1)
        values = []
        for i in np.argsort(best)[:8]:

            def f(t, i=i, x=x, y=y):
                return GEOD.inv(
                    x, y, a[i, 0] + t * (b[i, 0] - a[i, 0]), a[i, 1] + t * (b[i, 1] - a[i, 1])
                )[2]

            r = minimize_scalar(f, bounds=(0.0, 1.0), method="bounded", options={"xatol": 1e-10})
            values.append(min(r.fun, f(0.0), f(1.0)))
        out.append(min(values))
    return np.array(out)


@pytest.fixture
def oracle():
    return true_distance


@pytest.fixture(scope="session")
def kharkiv():
    from envelope import borders

    return borders.get_segment("kharkiv")


@pytest.fixture(scope="session")
def june():
    """The default map's envelopes on 2024-06-15: ATACMS claimed 185-200 mi and nothing
    authorized for it; HIMARS claimed 50 mi, authorized to 24 mi (computed once)."""
    import datetime as dt

    from envelope.envelopes import compute_envelope_set

    return compute_envelope_set(segment="kharkiv", as_of=dt.date(2024, 6, 15))


@pytest.fixture(scope="session")
def june_model(june):
    from envelope.maps.model import build_map_model

    return build_map_model(june)


@pytest.fixture(scope="session")
def scenario():
    """The packaged scenario, loaded once (it is frozen, so tests can share it)."""
    from envelope.scenario import load_scenario

    return load_scenario()
