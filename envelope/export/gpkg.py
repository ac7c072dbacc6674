"""GeoPackage for QGIS/ArcGIS: layer ``envelopes`` (and ``segment``), replacing the file whole."""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import shutil
import tempfile
from pathlib import Path

import shapely

from ..errors import EnvelopeError
from .properties import flat_properties, launch_lines, polygons
from .write import STDOUT, check_writable, in_place, io_error, write_atomic

GPKG_LAYER = "envelopes"
SEGMENT_LAYER = "segment"
LAUNCH_LAYER = "launch_line"


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
        "name": seg.name,
        "origin": seg.origin,
        "target": seg.target,
        "source": seg.source,
        "length_km": round(float(seg.length_km), 3),
    }
    return gpd.GeoDataFrame([row], geometry=[seg.line], crs="EPSG:4326")


def _launch_frame(lines):
    """Layer ``launch_line``: where launchers stand behind the border, one row per standoff."""
    import geopandas as gpd
    from shapely.geometry import MultiLineString

    geoms = [MultiLineString(list(shapely.get_parts(g))) for _, g in lines]
    return gpd.GeoDataFrame([p for p, _ in lines], geometry=geoms, crs="EPSG:4326")


def write_gpkg(result, path: str | os.PathLike, *, layer: str = GPKG_LAYER) -> None:
    """Write layer ``envelopes`` (and ``segment``) to a new GeoPackage, replacing ``path`` whole.

    GDAL builds the file in a scratch folder (beside a regular target, so the same disk), with
    ``gpkg_contents.last_change`` fixed (see ``last_change``); the bytes then go through the one
    atomic write, and the scratch folder, journal included, is always removed.
    """
    if str(path) == STDOUT:
        raise EnvelopeError("a GeoPackage cannot go to standard output; give a .gpkg file name")
    check_writable(path)
    data = gpkg_bytes(result, layer=layer, scratch_near=None if in_place(path) else path)
    write_atomic(path, data)


def gpkg_bytes(result, *, layer: str = GPKG_LAYER, scratch_near=None) -> bytes:
    """The GeoPackage file's bytes: the same inputs give the same bytes."""
    folder = None
    if scratch_near is not None:
        folder = Path(os.path.realpath(scratch_near)).parent
    try:
        scratch = tempfile.mkdtemp(prefix=".envelope-gpkg.", suffix=".tmp", dir=folder)
    except OSError as exc:
        raise io_error(scratch_near or "a temporary GeoPackage", exc) from None
    tmp = os.path.join(scratch, "envelopes.gpkg")
    try:
        with _gdal_option("OGR_CURRENT_DATE", last_change(result)):
            to_geodataframe(result).to_file(tmp, layer=layer, driver="GPKG", engine="pyogrio")
            lines = launch_lines(result)
            if lines:
                _launch_frame(lines).to_file(
                    tmp, layer=LAUNCH_LAYER, driver="GPKG", engine="pyogrio"
                )
            if result.segment.line is not None:
                _segment_frame(result).to_file(
                    tmp, layer=SEGMENT_LAYER, driver="GPKG", engine="pyogrio"
                )
        return Path(tmp).read_bytes()
    except OSError as exc:
        raise io_error(scratch_near or tmp, exc) from None
    except Exception as exc:  # pyogrio's DataSourceError and kin: GDAL could not write
        if type(exc).__module__.startswith("pyogrio"):
            raise EnvelopeError(
                f"cannot write {scratch_near or 'the GeoPackage'}: {_first_line(exc)}; "
                "check free space and permissions"
            ) from None
        raise
    finally:
        shutil.rmtree(scratch, ignore_errors=True)


def last_change(result) -> str:
    """``gpkg_contents.last_change``: SOURCE_DATE_EPOCH when set (reproducible builds), else
    the result's as-of date, else the Unix epoch; never the wall clock."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if epoch.isdigit():
        when = dt.datetime.fromtimestamp(int(epoch), tz=dt.timezone.utc)
        return when.strftime("%Y-%m-%dT%H:%M:%SZ")
    as_of = result.as_of
    if as_of:
        return f"{as_of.isoformat()}T00:00:00Z"
    return "1970-01-01T00:00:00Z"


@contextlib.contextmanager
def _gdal_option(name: str, value: str):
    import pyogrio

    before = pyogrio.get_gdal_config_option(name)
    pyogrio.set_gdal_config_options({name: value})
    try:
        yield
    finally:
        pyogrio.set_gdal_config_options({name: before})


def _first_line(exc: Exception) -> str:
    text = str(exc).strip().splitlines()
    return text[0] if text else type(exc).__name__
