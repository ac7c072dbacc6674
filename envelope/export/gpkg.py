"""GeoPackage for QGIS/ArcGIS: layer ``envelopes`` (and ``segment``), replacing the file whole."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from ..errors import EnvelopeError
from .properties import flat_properties, polygons

GPKG_LAYER = "envelopes"
SEGMENT_LAYER = "segment"


def to_geodataframe(result):
    """The envelopes as a GeoDataFrame (EPSG:4326, MultiPolygon, the export properties as
    columns): the GeoPackage's layer, and a notebook's way into pandas."""
    import geopandas as gpd
    from shapely.geometry import MultiPolygon

    rows = [flat_properties(env, result) for env in result.envelopes]
    geoms = [MultiPolygon(polygons(env.geometry)) for env in result.envelopes]
    columns = list(rows[0]) if rows else ["name"]
    frame = gpd.GeoDataFrame(rows, columns=columns, geometry=geoms, crs="EPSG:4326")
    for col in columns:  # all-null text columns still need a type
        if frame[col].dtype == object:
            frame[col] = frame[col].astype("string")
    return frame


def _segment_frame(result):
    import geopandas as gpd

    seg = result.segment
    row = {
        "name": str(getattr(seg, "name", "")),
        "origin": str(getattr(seg, "origin", "")),
        "target": str(getattr(seg, "target", "")),
        "source": str(getattr(seg, "source", "")),
        "length_km": round(float(getattr(seg, "length_km", 0.0) or 0.0), 3),
    }
    return gpd.GeoDataFrame([row], geometry=[seg.line], crs="EPSG:4326")


def write_gpkg(result, path: str | os.PathLike, *, layer: str = GPKG_LAYER) -> None:
    """Write layer ``envelopes`` (and ``segment``) to a new GeoPackage, replacing ``path`` whole."""
    if str(path) == "-":
        raise EnvelopeError("a GeoPackage cannot go to standard output; give -o FILE.gpkg")
    target = Path(path)
    folder = target.parent if str(target.parent) else Path(".")
    if not folder.is_dir():
        raise EnvelopeError(f"cannot write {path}: folder {folder} does not exist; create it first")
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".gpkg", dir=folder)
    os.close(fd)
    os.unlink(tmp)  # GDAL creates the file itself
    try:
        to_geodataframe(result).to_file(tmp, layer=layer, driver="GPKG", engine="pyogrio")
        if getattr(result.segment, "line", None) is not None:
            _segment_frame(result).to_file(
                tmp, layer=SEGMENT_LAYER, driver="GPKG", engine="pyogrio"
            )
        os.replace(tmp, target)
    except OSError as exc:
        raise EnvelopeError(f"cannot write {path}: {exc.strerror or exc}") from exc
    finally:
        for leftover in (tmp, tmp + "-journal", tmp + "-wal", tmp + "-shm"):
            Path(leftover).unlink(missing_ok=True)
