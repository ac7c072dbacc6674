"""The table commands: segments, claims, weapons, timeline and conflicts."""

from __future__ import annotations

import click

from ..tables import format_table
from .app import cli
from .options import (
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
def timeline(fmt, scenario):
    """The authorization timeline: what may be struck inside Russia, from when, on whose word."""
    _rows_command("timeline_table")(scenario, fmt)


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
