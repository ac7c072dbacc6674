"""`envelope reach`: what lies inside each envelope."""

from __future__ import annotations

import os
import sys

import click

from .app import cli
from .options import (
    check_output,
    envelope_options,
    envelope_set,
)


@cli.command("reach")
@envelope_options
@click.option(
    "--targets",
    "target_specs",
    multiple=True,
    metavar="FILE|cities|airfields",
    help="What to count: 'cities' (GeoNames, population >= 15,000), 'airfields' "
    "(airportsdata), a CSV with name, lat, lon columns, or a GeoJSON of Point/MultiPoint "
    "features. Repeat for several. Default: cities.",
)
@click.option(
    "-o",
    "--output",
    default=None,
    metavar="FILE",
    help="Write a .csv, .json or .geojson file; without it, a table goes to standard output.",
)
def reach_cmd(segment, target_specs, weapons, ranges, as_of, clip, scenario, output):
    """Count cities, airfields or your own points inside each envelope.

    Each target gets its exact geodesic distance to the segment and one flag per envelope;
    per weapon, the report lists what is claimed but not authorized.

    Bad CSV rows (missing or out-of-range lat/lon, text in a number) are skipped and reported
    on stderr with their line numbers.
    """
    from .. import reach as rc
    from ..export.write import write_atomic
    from ..formats import format_for
    from ..tables import terminal_safe

    fmt = format_for(output, rc.FORMATS, stdout="table")
    if output is not None:
        check_output(output)
    specs = list(target_specs) or ["cities"]
    result = envelope_set(segment, weapons, ranges, as_of, clip, scenario)
    files = [s for s in specs if s.lower() not in ("cities", "airfields") and os.path.isfile(s)]
    total = sum(os.path.getsize(f) for f in files if not f.lower().endswith(("json",)))
    if total and sys.stderr.isatty():
        with click.progressbar(length=total, label="targets", file=sys.stderr) as bar:
            r = rc.reach(result, specs, progress=bar.update)
    else:
        r = rc.reach(result, specs)
    for line in rc.bad_row_lines(r):
        click.echo(f"envelope: {terminal_safe(line)}", err=True)
    text = rc.render(r, fmt)
    if output is None:
        click.echo(text, nl=False)
    else:
        write_atomic(output, text)
