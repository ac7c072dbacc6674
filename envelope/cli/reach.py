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
    metavar="FILE|cities|airbases|airfields",
    help="What to count: 'cities' (GeoNames, with their region), 'airbases' (OurAirports "
    "aerodromes a stated rule marks military), 'airfields' (airportsdata), a CSV with name, "
    "lat, lon columns, a GeoJSON of Point/MultiPoint features, or a (Geo)Parquet file. "
    "Repeat for several. Default: cities.",
)
@click.option(
    "--min-population",
    type=click.IntRange(min=0),
    default=None,
    metavar="N",
    help="Only cities with at least N inhabitants (GeoNames; default 15,000, the data's floor).",
)
@click.option(
    "-o",
    "--output",
    default=None,
    metavar="FILE",
    help="Write a .csv, .json, .geojson, .xlsx or .parquet (GeoParquet) file; without it, a "
    "table goes to standard output.",
)
@click.option(
    "--counts-only",
    is_flag=True,
    help="Print only how many targets each envelope holds, streaming the targets chunk by "
    "chunk (for files too large to hold; no per-target rows or distances).",
)
@click.option(
    "--each-state",
    is_flag=True,
    help="Add authorized, outside_every_authorization and authorization columns for every "
    "dated state of the scenario's timeline (one set per date, e.g. authorized@2024-05-30).",
)
def reach_cmd(
    segment,
    target_specs,
    min_population,
    counts_only,
    each_state,
    weapons,
    ranges,
    as_of,
    clip,
    scenario,
    output,
    **launch,
):
    """Count cities, airfields or your own points inside each envelope.

    Each target gets its exact geodesic distance to the segment and one flag per envelope;
    per weapon, the report lists what is claimed but not authorized.

    Bad CSV rows (missing or out-of-range lat/lon, text in a number) are skipped and reported
    on stderr with their line numbers.
    """
    from .. import reach as rc
    from ..errors import EnvelopeError
    from ..export.write import write_atomic
    from ..formats import format_for
    from ..tables import terminal_safe

    fmt = format_for(output, rc.FORMATS, stdout="table")
    if output is not None:
        check_output(output)
    specs = list(target_specs) or ["cities"]
    result = envelope_set(segment, weapons, ranges, as_of, clip, scenario, **launch)
    csvs = [s for s in specs if s.lower().endswith((".csv", ".txt", ".tsv")) and os.path.isfile(s)]
    total = sum(os.path.getsize(f) for f in csvs)
    kwargs = {} if min_population is None else {"min_population": min_population}
    if counts_only:
        from ..tables import format_rows

        if fmt not in ("table", "csv"):
            raise EnvelopeError("--counts-only writes a table or a .csv file; name the output .csv")
        counts = rc.count_inside(result, specs, **kwargs)
        for src, n in counts.bad_counts.items():
            click.echo(f"envelope: skipped {n:,} bad row{'s' * (n != 1)} in {src}", err=True)
        text = format_rows(counts.rows(), "csv" if fmt == "csv" else "table") + "\n"
        if output is None:
            click.echo(text, nl=False)
        else:
            write_atomic(output, text)
        return
    if not each_state and rc.can_spool(output, fmt, specs):
        # one big file to .csv or .parquet: chunk by chunk, memory holds one chunk
        if total and sys.stderr.isatty():
            with click.progressbar(length=total, label="targets", file=sys.stderr) as bar:
                bad, first = rc.spool(result, specs[0], output, fmt, progress=bar.update)
        else:
            bad, first = rc.spool(result, specs[0], output, fmt)
        for src, n in bad.items():
            lines = [f"skipped {n:,} bad row{'s' * (n != 1)} in {src}:"]
            lines += [f"  {b}" for b in first if b.source == src]
            for line in lines:
                click.echo(f"envelope: {terminal_safe(line)}", err=True)
        return
    if total and sys.stderr.isatty():
        with click.progressbar(length=total, label="targets", file=sys.stderr) as bar:
            r = rc.reach(result, specs, progress=bar.update, **kwargs)
    else:
        r = rc.reach(result, specs, **kwargs)
    if each_state:
        from ..scenario import timeline_states
        from .options import envelope_set as at

        if result.scenario is None:
            raise EnvelopeError("--each-state needs the scenario's timeline; drop --range")
        states = [
            (s.date.isoformat(), at(segment, weapons, ranges, s.date, clip, scenario))
            for s in timeline_states(result.scenario)
        ]
        rc.with_state_columns(r, states)
    for line in rc.bad_row_lines(r):
        click.echo(f"envelope: {terminal_safe(line)}", err=True)
    text = rc.render(r, fmt)
    if output is None:
        click.echo(text, nl=False)
    else:
        write_atomic(output, text)
