"""Shared option types and options of the commands, and the helpers behind them."""

from __future__ import annotations

import click

from ..errors import EnvelopeError


class _DistanceType(click.ParamType):
    name = "DIST"

    def convert(self, value, param, ctx):
        from ..units import parse_distance

        try:
            return parse_distance(value)
        except EnvelopeError as exc:
            self.fail(str(exc), param, ctx)


class _DateType(click.ParamType):
    name = "DATE"

    def convert(self, value, param, ctx):
        from ..dates import parse_date

        try:
            return parse_date(value, "date")
        except EnvelopeError:
            self.fail(
                f"{value!r} is not a date; write it as YYYY-MM-DD, e.g. 2024-06-15", param, ctx
            )


DIST = _DistanceType()
DATE = _DateType()

segment_option = click.option(
    "--segment",
    default="kharkiv",
    show_default=True,
    metavar="NAME|FILE",
    help="A registered border segment (see 'envelope segments') or a GeoJSON file holding a "
    "LineString or MultiLineString in lon/lat.",
)
range_option = click.option(
    "--range",
    "ranges",
    type=DIST,
    multiple=True,
    help="A range to draw, e.g. '185 mi', '300km', '160nmi'. Repeat for several envelopes.",
)
weapon_option = click.option(
    "--weapon",
    "weapons",
    multiple=True,
    metavar="NAME",
    help="A weapon profile from the scenario (case-insensitive; see 'envelope weapons'). Repeat "
    "for several. Without --weapon and --range, every weapon is shown.",
)
as_of_option = click.option(
    "--as-of",
    type=DATE,
    default=None,
    help="Show the authorization in force on this date (YYYY-MM-DD). Default: the latest date "
    "the reports support.",
)
scenario_option = click.option(
    "--scenario",
    type=click.Path(dir_okay=False),
    default=None,
    help="A scenario TOML in the seeds schema (see seeds/README.md), instead of the packaged "
    "seed reports.",
)
clip_option = click.option(
    "--clip/--no-clip",
    default=True,
    show_default=True,
    help="Clip envelopes to the segment's target country.",
)


format_option = click.option(
    "--format",
    "fmt",
    type=click.Choice(["table", "json", "csv"]),
    default="table",
    show_default=True,
    help="Output as an aligned table, a JSON array, or CSV with a header.",
)


#: The options every command that computes envelopes shares, in --help order.
ENVELOPE_OPTIONS = (
    segment_option,
    range_option,
    weapon_option,
    as_of_option,
    clip_option,
    scenario_option,
)


def envelope_options(command):
    """Decorate a command with the shared envelope options; it receives them as keywords and
    passes them on to :func:`envelope_set`."""
    for option in reversed(ENVELOPE_OPTIONS):
        command = option(command)
    return command


def envelope_set(segment, weapons, ranges, as_of, clip, scenario):
    """The library call behind every envelope command, parameters named as in the library."""
    from ..envelopes import compute_envelope_set

    return compute_envelope_set(
        segment=segment,
        weapons=list(weapons) or None,
        ranges=list(ranges) or None,
        as_of=as_of,
        clip=clip,
        scenario=scenario,
    )


def check_output(output) -> None:
    from ..export.write import check_writable

    check_writable(output)
