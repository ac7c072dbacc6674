"""The table commands: segments, claims, weapons, timeline, conflicts and sources."""

from __future__ import annotations

import click

from ..tables import format_table
from .app import cli
from .options import (
    DATE,
    format_option,
    scenario_option,
)


@cli.command()
def segments():
    """List the registered border segments with their geodesic length and source."""
    from .. import borders

    rows = []
    for name in borders.segment_names():
        seg = borders.get_segment(name)
        rows.append(
            {
                "segment": name,
                "length": f"{seg.length_km:,.1f} km",
                "sides": f"{seg.origin}->{seg.target}",
                "description": seg.description,
            }
        )
    click.echo(format_table(rows))
    click.echo(f"\nSource: {borders.attribution()}")


def _rows_command(table: str):
    """A command printing one of the scenario's tables (claims, weapons, timeline, conflicts)."""

    def run(scenario, fmt, **extra):
        from .. import scenario as scenario_pkg
        from ..tables import format_rows

        tables = {
            "claims_table": scenario_pkg.claims_table,
            "weapons_table": scenario_pkg.weapons_table,
            "timeline_table": scenario_pkg.timeline_table,
        }
        scen = scenario_pkg.load_scenario(scenario)
        click.echo(format_rows(tables[table](scen, **extra), fmt))

    return run


@cli.command("claims")
@format_option
@scenario_option
def claims_cmd(fmt, scenario):
    """Every quantitative claim in the seed reports, each with its report, speaker and paragraph."""
    _rows_command("claims_table")(scenario, fmt)


@cli.command()
@format_option
@scenario_option
def weapons(fmt, scenario):
    """Weapon profiles: the band of claimed ranges and the reports behind each edge."""
    _rows_command("weapons_table")(scenario, fmt)


@cli.command()
@format_option
@scenario_option
@click.option(
    "--as-of",
    type=DATE,
    default=None,
    help="Add each entry's status on this date: in force, not in force, or may be in force "
    "(inside its date window).",
)
def timeline(fmt, scenario, as_of):
    """The authorization timeline: who may strike where, from when (a day, or a window with its
    reasoning), how deep, on whose word."""
    _rows_command("timeline_table")(scenario, fmt, as_of=as_of)


@cli.command()
@format_option
@scenario_option
@click.option(
    "--texts",
    type=click.Path(exists=True, file_okay=False),
    default=None,
    help="A folder of the reports' texts (NNN_<hash>.txt): also measure the wording each pair "
    "of reports shares, inside and outside quotation marks (shared 8-word runs).",
)
def sources(fmt, scenario, texts):
    """Independent origins: each speaker, cited outlet or shared statement, with the reports and
    claims that rest on it. Figures are backed by origins, not only by reports."""
    from pathlib import Path

    from ..errors import EnvelopeError
    from ..scenario import load_scenario, sources_table, wording_overlap
    from ..tables import format_rows

    scen = load_scenario(scenario)
    click.echo(format_rows(sources_table(scen), fmt))
    if texts is None:
        return
    found = {}
    for rid, report in scen.reports.items():
        path = Path(texts) / f"{rid}.txt"
        if not report.user and path.is_file():
            try:
                found[rid] = path.read_text(encoding="utf-8")
            except (OSError, UnicodeDecodeError) as exc:
                raise EnvelopeError(f"{path}: cannot read the report text ({exc})") from None
    if len(found) < 2:
        raise EnvelopeError(f"{texts}: fewer than two report texts (NNN_<hash>.txt) found")
    if fmt == "table":
        click.echo("\nWording shared between reports (8-word runs):")
    click.echo(format_rows(wording_overlap(found), fmt))


@cli.command()
@format_option
@scenario_option
def conflicts(fmt, scenario):
    """Where the reports disagree, with each side's claims.

    For a place's distance from the border, the value measured geodesically from the packaged
    border data (to the whole ua-ru segment) stands beside the claims.
    """
    from .. import places
    from ..scenario import conflicts_table, load_scenario
    from ..tables import format_rows

    scen = load_scenario(scenario)
    measured = {m["topic"]: m for m in places.measured_place_distances(scen)}
    rows = []
    for row in conflicts_table(scen):
        m = measured.get(row["topic"], {})
        rows.append(
            {**row, "measured": m.get("measured", ""), "measured_from": m.get("measured_from", "")}
        )
    click.echo(format_rows(rows, fmt))
