"""A reach result as GeoParquet 1.0 (WKB point geometry and ``geo`` metadata), readable by
geopandas and DuckDB; the same inputs give the same bytes."""

from __future__ import annotations

import io
import json

import numpy as np

from .result import Reach

GEO_VERSION = "1.0.0"


def _array(values: list):
    """A typed column where the values agree on a type, else text (user columns are mixed)."""
    import pyarrow as pa

    try:
        return pa.array(values)
    except (pa.ArrowInvalid, pa.ArrowTypeError):
        return pa.array(["" if v is None else str(v) for v in values], type=pa.string())


def to_geoparquet(r: Reach) -> bytes:
    """One row per target with the same columns as the CSV, plus ``geometry``."""
    import pyarrow.parquet as pq

    buf = io.BytesIO()
    pq.write_table(table(r), buf, compression="zstd")
    return buf.getvalue()


def table(r: Reach, *, bbox: bool = True):
    """The Arrow table with its ``geo`` metadata (``bbox`` left out when streaming chunks)."""
    import pyarrow as pa
    import shapely

    header = r.header()
    rows = list(r.rows())
    cols = {h: _array([row[h] for row in rows]) for h in header}
    lon, lat = np.asarray(r.targets.lon, float), np.asarray(r.targets.lat, float)
    wkb = shapely.to_wkb(shapely.points(lon, lat), byte_order=1) if len(lon) else []
    cols["geometry"] = pa.array(list(wkb), type=pa.binary())
    box = []
    if bbox and len(lon):
        box = [float(lon.min()), float(lat.min()), float(lon.max()), float(lat.max())]
    geo = {
        "version": GEO_VERSION,
        "primary_column": "geometry",
        "columns": {
            "geometry": {
                "encoding": "WKB",
                "geometry_types": ["Point"],
                **({"bbox": box} if box else {}),
            }
        },
    }
    meta = {
        b"geo": json.dumps(geo, sort_keys=True).encode(),
        b"envelope": json.dumps(r.metadata(), sort_keys=True, ensure_ascii=False).encode(),
    }
    return pa.table(cols).replace_schema_metadata(meta)
