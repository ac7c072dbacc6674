"""The command line: parse, call the library, and turn every user error into one stderr line.

Only click and the standard library are imported here at start-up, so ``envelope --help`` stays
fast; each command imports what it needs.
"""

from __future__ import annotations

import datetime as dt
import os
import sys

import click

from .errors import EnvelopeError

DEFAULT_MAP = "envelope-map.html"
EXIT_USAGE = 2


class _DistanceType(click.ParamType):
    name = "DIST"

    def convert(self, value, param, ctx):
        from .units import parse_distance

        try:
            return parse_distance(value)
        except EnvelopeError as exc:
            self.fail(str(exc), param, ctx)


class _DateType(click.ParamType):
    name = "DATE"

    def convert(self, value, param, ctx):
        if isinstance(value, dt.date):
            return value
        try:
            return dt.date.fromisoformat(value)
        except ValueError:
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


@click.group(context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
@click.version_option(package_name="envelope")
def cli() -> None:
    """Exact geodesic strike envelopes from a border, traced to the reports they come from.

    \b
    Examples:
      envelope render -o kharkiv.html            the default map (offline HTML)
      envelope export --range 24mi -o k.geojson  one envelope as GeoJSON
      envelope claims                            every claim, with its report
    """


def _envelope_set(segment, weapons, ranges, as_of, clip, scenario):
    from .envelopes import compute_envelope_set

    return compute_envelope_set(
        segment=segment,
        weapons=list(weapons) or None,
        ranges=list(ranges) or None,
        as_of=as_of,
        clip=clip,
        scenario=scenario,
    )


@cli.command()
@segment_option
@range_option
@weapon_option
@as_of_option
@clip_option
@scenario_option
@click.option(
    "-o",
    "--output",
    default="-",
    show_default=True,
    metavar="FILE",
    help="Where to write: a .geojson (or .json), .kml (Google Earth) or .gpkg (GeoPackage) "
    "file, or '-' for GeoJSON on standard output.",
)
def export(segment, ranges, weapons, as_of, clip, scenario, output):
    """Write envelopes as GeoJSON (RFC 7946), KML or GeoPackage, one feature per envelope.

    Each feature carries its range in metres, the country it is clipped to, its geodesic area,
    and the report ids its range comes from. The format follows the file's extension.
    """
    from .output import geojson_text, write_atomic

    fmt = _format_for(output)
    _check_output(output)
    result = _envelope_set(segment, weapons, ranges, as_of, clip, scenario)
    if fmt == "geojson":
        write_atomic(output, geojson_text(result))
    elif fmt in ("kml", "gpkg"):
        from . import gis

        (gis.write_kml if fmt == "kml" else gis.write_gpkg)(result, output)
    else:  # pragma: no cover - guarded by _format_for
        raise EnvelopeError(f"unsupported output format {fmt}")


def _check_output(output) -> None:
    from .output import check_writable

    check_writable(output)


def _format_for(output: str) -> str:
    if output == "-":
        return "geojson"
    ext = os.path.splitext(output)[1].lower()
    if ext in (".geojson", ".json"):
        return "geojson"
    if ext in (".kml", ".gpkg"):
        return ext[1:]
    raise EnvelopeError(
        f"cannot tell the format of {output!r}; name it .geojson, .json, .kml or .gpkg"
    )


@cli.command()
def segments():
    """List the registered border segments with their geodesic length and source."""
    from . import borders

    rows = []
    for name in borders.segment_names():
        seg = borders.get_segment(name)
        rows.append(
            (name, f"{seg.length_km:,.1f} km", f"{seg.origin}->{seg.target}", seg.description)
        )
    _print_table(("segment", "length", "sides", "description"), rows)
    click.echo(f"\nSource: {borders.attribution()}")


format_option = click.option(
    "--format",
    "fmt",
    type=click.Choice(["table", "json", "csv"]),
    default="table",
    show_default=True,
    help="Output as an aligned table, a JSON array, or CSV with a header.",
)


def _rows_command(table: str):
    """A command printing one of the scenario's tables (claims, weapons, timeline, conflicts)."""

    def run(scenario, fmt, **extra):
        from . import claims

        scen = claims.load_scenario(scenario)
        rows = getattr(claims, table)(scen, **extra)
        click.echo(claims.format_rows(rows, fmt))

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
    from . import claims, places

    scen = claims.load_scenario(scenario)
    measured = {m["topic"]: m for m in places.measured_place_distances(scen)}
    rows = []
    for row in claims.conflicts_table(scen):
        m = measured.get(row["topic"], {})
        rows.append(
            {**row, "measured": m.get("measured", ""), "measured_from": m.get("measured_from", "")}
        )
    click.echo(claims.format_rows(rows, fmt))


@cli.command()
@segment_option
@range_option
@weapon_option
@as_of_option
@clip_option
@scenario_option
@click.option(
    "-o",
    "--output",
    default=DEFAULT_MAP,
    show_default=True,
    metavar="FILE",
    help="Where to write: .html (interactive, offline), .png, .svg or .pdf (static, for slides).",
)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["html", "png", "svg", "pdf"]),
    default=None,
    help="Output format. Default: from the file's extension.",
)
@click.option("--title", default=None, help="Map title, shown as plain text.")
@click.option(
    "--tiles",
    default="none",
    show_default=True,
    metavar="NAME",
    help="HTML only: add an online basemap by name (osm, CartoDB.Positron, OpenTopoMap, ... any "
    "xyzservices name). 'none' keeps the page free of network requests.",
)
@click.option(
    "--cdn", is_flag=True, help="HTML only: link Leaflet from a CDN instead of inlining it."
)
@click.option(
    "--fragment",
    is_flag=True,
    help="HTML only: write an embeddable <div> with its script and style, no <html>/<body>.",
)
@click.option(
    "--targets",
    "target_specs",
    multiple=True,
    metavar="FILE|cities|airfields",
    help="Also mark places within reach (see 'envelope reach'). Repeat for several.",
)
@click.option("--width", type=click.IntRange(16, 8000), default=None, help="Image width, px.")
@click.option("--height", type=click.IntRange(16, 8000), default=None, help="Image height, px.")
@click.option(
    "--dpi",
    type=click.FloatRange(min=1, max=600),
    default=None,
    help="Image resolution; alone it scales the 16:9 slide (default 1920x1080 px).",
)
def render(
    segment,
    ranges,
    weapons,
    as_of,
    clip,
    scenario,
    output,
    fmt,
    title,
    tiles,
    cdn,
    fragment,
    target_specs,
    width,
    height,
    dpi,
):
    """Draw the map: claimed reach as bands, authorized reach as solid areas.

    HTML pages are self-contained and work offline (Leaflet is inlined); PNG, SVG and PDF are
    static slides with the same legend. The same inputs always give the same bytes.
    """
    from .output import write_atomic

    kind = fmt or _render_format(output)
    _check_output(output)
    if kind == "html" and tiles.lower() != "none":
        from .render.html import _tile_provider

        _tile_provider(tiles)  # an unknown name fails now, not after the computation
    result = _envelope_set(segment, weapons, ranges, as_of, clip, scenario)
    targets = None
    if target_specs:
        from . import targets as tg

        targets = tg.concat([tg.load_targets(s, result.segment) for s in target_specs])
    if kind == "html":
        from .render.html import render_html

        tiles = None if tiles.lower() == "none" else tiles
        text = render_html(
            result, title=title, tiles=tiles, cdn=cdn, fragment=fragment, targets=targets
        )
        write_atomic(output, text)
    else:
        from .render.static import write_static

        write_static(result, output, kind, width, height, dpi, title, targets)


def _render_format(output: str) -> str:
    ext = os.path.splitext(output)[1].lower().lstrip(".")
    if output == "-" or ext in ("html", "htm"):
        return "html"
    if ext in ("png", "svg", "pdf"):
        return ext
    raise EnvelopeError(
        f"cannot tell the format of {output!r}; name it .html, .png, .svg or .pdf, or use --format"
    )


@cli.command("reach")
@segment_option
@click.option(
    "--targets",
    "target_specs",
    multiple=True,
    metavar="FILE|cities|airfields",
    help="What to count: 'cities' (GeoNames, population >= 15,000), 'airfields' "
    "(airportsdata), a CSV with name, lat, lon columns, or a GeoJSON of Point/MultiPoint "
    "features. Repeat for several. Default: cities.",
)
@weapon_option
@range_option
@as_of_option
@clip_option
@scenario_option
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
    from . import reach as rc
    from .output import write_atomic

    fmt = rc.format_for(output)
    if output is not None:
        _check_output(output)
    specs = list(target_specs) or ["cities"]
    result = _envelope_set(segment, weapons, ranges, as_of, clip, scenario)
    files = [s for s in specs if s.lower() not in ("cities", "airfields") and os.path.isfile(s)]
    total = sum(os.path.getsize(f) for f in files if not f.lower().endswith(("json",)))
    if total and sys.stderr.isatty():
        with click.progressbar(length=total, label="targets", file=sys.stderr) as bar:
            r = rc.reach(result, specs, progress=bar.update)
    else:
        r = rc.reach(result, specs)
    for line in rc.bad_row_lines(r):
        click.echo(f"envelope: {line}", err=True)
    text = rc.render(r, fmt)
    if output is None:
        click.echo(text, nl=False)
    else:
        write_atomic(output, text)


def _print_table(header, rows) -> None:
    widths = [max(len(str(x)) for x in col) for col in zip(header, *rows, strict=False)]
    line = "  ".join(f"{{:<{w}}}" for w in widths)
    click.echo(line.format(*header).rstrip())
    click.echo(line.format(*("-" * w for w in widths)).rstrip())
    for r in rows:
        click.echo(line.format(*(str(x) for x in r)).rstrip())


def main(argv: list[str] | None = None) -> None:
    """Run the CLI; user errors become one line on stderr and exit status 2, never a traceback."""
    try:
        code = cli.main(args=argv, prog_name="envelope", standalone_mode=False)
    except click.exceptions.UsageError as exc:
        hint = f" (see '{exc.ctx.command_path} --help')" if exc.ctx else ""
        _die(f"{exc.format_message()}{hint}", EXIT_USAGE)
    except click.ClickException as exc:
        _die(exc.format_message(), EXIT_USAGE)
    except EnvelopeError as exc:
        _die(str(exc), EXIT_USAGE)
    except click.exceptions.Abort:
        _die("aborted", 1)
    except BrokenPipeError:
        sys.exit(0)
    except Exception as exc:  # a bug, not bad input: still one line unless asked for more
        if os.environ.get("ENVELOPE_DEBUG"):
            raise
        _die(f"internal error: {type(exc).__name__}: {exc} (set ENVELOPE_DEBUG=1 for details)", 1)
    sys.exit(code or 0)


def _die(message: str, code: int) -> None:
    click.echo(f"envelope: error: {' '.join(str(message).split())}", err=True)
    sys.exit(code)
