"""`envelope export`: the envelopes as GIS files."""

from __future__ import annotations

import os

import click

from ..errors import EnvelopeError
from .app import cli
from .options import (
    check_output,
    envelope_options,
    envelope_set,
)


@cli.command()
@envelope_options
@click.option(
    "-o",
    "--output",
    default="-",
    show_default=True,
    metavar="FILE",
    help="Where to write: a .geojson (or .json), .kml (Google Earth) or .gpkg (GeoPackage) "
    "file, or '-' for GeoJSON on standard output.",
)
def export(segment, ranges, weapons, as_of, clip, scenario, output, **launch):
    """Write envelopes as GeoJSON (RFC 7946), KML or GeoPackage, one feature per envelope.

    Each feature carries its range in metres, the country it is clipped to, its geodesic area,
    and the report ids its range comes from. The format follows the file's extension.
    """
    check_output(output)  # a folder, an empty name or a missing folder first, then the format
    fmt = _format_for(output)
    result = envelope_set(segment, weapons, ranges, as_of, clip, scenario, **launch)
    if fmt == "geojson":
        from ..export.geojson import write_geojson

        write_geojson(result, output)
    elif fmt == "kml":
        from ..export.kml import write_kml

        write_kml(result, output)
    elif fmt == "gpkg":
        from ..export.gpkg import write_gpkg

        write_gpkg(result, output)
    else:  # pragma: no cover - guarded by _format_for
        raise EnvelopeError(f"unsupported output format {fmt}")


FORMATS = {".geojson": "geojson", ".json": "geojson", ".kml": "kml", ".gpkg": "gpkg"}


def _format_for(output: str) -> str:
    """From the extension; standard output, a device or a FIFO without one gets GeoJSON."""
    from ..export.write import in_place
    from ..formats import format_for

    ext = os.path.splitext(output)[1].lower()
    if output != "-" and ext not in FORMATS and in_place(output):
        return "geojson"
    return format_for(output, FORMATS, stdout="geojson")
