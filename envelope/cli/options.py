"""Shared option types and options of the commands, and the helpers behind them."""

from __future__ import annotations

import click

from ..errors import EnvelopeError


class _Parsed(click.ParamType):
    """An option value read by a library parser (loaded only when used, so --help stays
    instant); its EnvelopeError becomes click's usage error, worded by ``message`` if given."""

    def __init__(self, name, module, parser, message=None, strings_only=False):
        self.name = name
        self._where = (module, parser)
        self._message = message
        self._strings_only = strings_only  # values already parsed pass through as they are

    def convert(self, value, param, ctx):
        from importlib import import_module

        if self._strings_only and not isinstance(value, str):
            return value
        module, parser = self._where
        try:
            return getattr(import_module(module, __package__), parser)(value)
        except EnvelopeError as exc:
            self.fail(self._message.format(value=value) if self._message else str(exc), param, ctx)


DIST = _Parsed("DIST", "..units", "parse_distance")
DATE = _Parsed(
    "DATE",
    "..dates",
    "parse_date",
    "{value!r} is not a date; write it as YYYY-MM-DD, e.g. 2024-06-15",
)
COUNTRY = _Parsed("ISO3", "..borders", "_code")
POINT = _Parsed("LAT,LON[,NAME]", "..launch", "parse_point", strings_only=True)

segment_option = click.option(
    "--segment",
    "segment",
    multiple=True,
    metavar="NAME|FILE",
    help="A registered border segment (see 'envelope segments') or a GeoJSON file of lines "
    "(LineString, MultiLineString) and launch points (Point, MultiPoint) in lon/lat. Repeat to "
    "launch from several at once (one envelope around all). Default: kharkiv, unless "
    "--from-point is given.",
)
origin_option = click.option(
    "--from",
    "origin",
    type=COUNTRY,
    default=None,
    help="The country the launchers stand in (ISO3, e.g. RUS). Default: the segment's own "
    "(UKR for the registered segments).",
)
target_option = click.option(
    "--into",
    "target",
    type=COUNTRY,
    default=None,
    help="The country fired into: envelopes are clipped to it and its cities are the built-in "
    "targets (ISO3). Default: the segment's own (RUS for the registered segments).",
)
point_option = click.option(
    "--from-point",
    "points",
    type=POINT,
    multiple=True,
    help="A launch point, e.g. '50.6,36.6,Belgorod' (degrees, latitude first). Repeat for "
    "several; each gets exact geodesic rings.",
)
standoff_option = click.option(
    "--standoff",
    type=DIST,
    default=None,
    help="Launchers stand this far behind the segment, on the origin side, e.g. '20km': the "
    "range counts from the exact parallel line that far back.",
)
edges_option = click.option(
    "--edges",
    type=click.Choice(["lonlat", "geodesic"]),
    default="lonlat",
    show_default=True,
    help="How the edges of a segment's lines run between vertices: straight in lon/lat "
    "(RFC 7946, GeoJSON) or along geodesics (PostGIS geography, BigQuery, GeographicLib).",
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
    origin_option,
    target_option,
    point_option,
    standoff_option,
    edges_option,
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


def envelope_set(
    segment, weapons, ranges, as_of, clip, scenario, points=(), standoff=None, **launch
):
    """The library call behind every envelope command, the CLI's values put in the library's
    terms; ``launch`` (origin, target, edges, and ``cache``, which shares rings between the
    dates of one map) passes on unchanged."""
    from dataclasses import replace

    from ..envelopes import compute_envelope_set

    segments = tuple(segment) if isinstance(segment, (list, tuple)) else (segment,)
    # unnamed --from-point points are numbered in the order given
    named = tuple(p if p.name else replace(p, name=f"point {i}") for i, p in enumerate(points, 1))
    return compute_envelope_set(
        segments if segments or points else ("kharkiv",),
        list(weapons) or None,
        list(ranges) or None,
        as_of,
        clip,
        scenario,
        points=named,
        standoff_m=standoff.metres if standoff is not None else 0.0,
        **launch,
    )


def check_output(output) -> None:
    from ..export.write import check_writable

    check_writable(output)
