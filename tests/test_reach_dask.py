"""Reach over a dask-geopandas GeoDataFrame on a two-worker dask.distributed cluster gives the
same flags and distances as the in-memory GeoDataFrame path."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

dask_geopandas = pytest.importorskip("dask_geopandas")
distributed = pytest.importorskip("distributed")


@pytest.fixture(scope="module")
def result():
    from envelope.envelopes import compute_envelope_set

    return compute_envelope_set()


@pytest.fixture(scope="module")
def points(result):
    import geopandas as gpd

    x0, y0, x1, y1 = max(result.envelopes, key=lambda e: e.range_m).geometry.bounds
    rng = np.random.default_rng(5)
    n = 2_000
    return gpd.GeoDataFrame(
        {"name": [f"p{i}" for i in range(n)], "kind": rng.choice(["city", "airfield"], n)},
        geometry=gpd.points_from_xy(rng.uniform(x0, x1, n), rng.uniform(y0, y1, n)),
        crs=4326,
    )


def test_dask_path_equals_the_in_memory_path_on_a_local_cluster(result, points):
    from envelope.reach import reach

    in_memory = reach(result, points)
    assert in_memory["distance_km"].notna().all()
    flags = [c for c in in_memory.columns if c.startswith("in:")]
    assert len(flags) == len(result.envelopes) and 0 < in_memory[flags[0]].sum() < len(points)
    with (
        distributed.LocalCluster(
            n_workers=2, threads_per_worker=1, processes=False, dashboard_address=None
        ) as cluster,
        distributed.Client(cluster),
    ):
        lazy = reach(result, dask_geopandas.from_geopandas(points, npartitions=4))
        assert isinstance(lazy, dask_geopandas.GeoDataFrame)
        assert list(lazy.columns) == list(in_memory.columns)
        got = lazy.compute()
    for col in [*flags, "in_RUS", "authorized", "outside_every_authorization"]:
        assert np.array_equal(got[col].to_numpy(bool), in_memory[col].to_numpy(bool)), col
    assert np.array_equal(got["distance_km"].to_numpy(), in_memory["distance_km"].to_numpy())
    assert got["authorization"].tolist() == in_memory["authorization"].tolist()
    pd.testing.assert_series_equal(got.geometry, in_memory.geometry, check_dtype=False)
