"""`envelope render`: the map as offline HTML or a static slide."""

from __future__ import annotations

import os

import click

from ..errors import EnvelopeError
from .app import cli
from .options import (
    DATE,
    ENVELOPE_OPTIONS,
    as_of_option,
    check_output,
    envelope_set,
)

DEFAULT_MAP = "envelope-map.html"

#: render takes --as-of several times: one date opens the timeline there (or draws that date on
#: a slide); several are compared side by side.
_AS_OF_MANY = click.option(
    "--as-of",
    "as_of",
    type=DATE,
    multiple=True,
    help="A date (YYYY-MM-DD). Without it the page holds every dated state of the timeline and "
    "the slide shows them as small multiples; once, the page opens on it and the slide draws it; "
    "repeated, the dates are compared side by side.",
)


def _render_options(command):
    for option in reversed(ENVELOPE_OPTIONS):
        command = (_AS_OF_MANY if option is as_of_option else option)(command)
    return command


@cli.command()
@_render_options
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
    **launch,
):
    """Draw the map: claimed reach as bands, authorized reach as solid areas.

    HTML pages are self-contained and work offline (Leaflet is inlined); PNG, SVG and PDF are
    static slides with the same legend. The same inputs always give the same bytes.
    """
    from ..export.write import write_atomic

    kind = fmt or _render_format(output)
    check_output(output)
    if kind == "html" and tiles.lower() != "none":
        from ..maps.html import tile_provider

        tile_provider(tiles)  # an unknown name fails now, not after the computation
    from ..maps.timeline import dated_model

    dates = tuple(as_of)
    cache: dict = {}  # the dates share their rings

    def compute(day, scen=None):
        return envelope_set(
            segment, weapons, ranges, day, clip, scen or scenario, **launch, cache=cache
        )

    first = compute(dates[0] if dates else None)
    targets = None
    if target_specs:
        from .. import targets as tg

        targets = tg.concat([tg.load_targets(s, first.segment) for s in target_specs])
    model = dated_model(
        compute,
        dates,
        first=first,
        targets=targets,
        title=title,
        single=kind != "html" and len(dates) == 1,
    )
    if kind == "html":
        from ..maps.html import render_html

        tiles = None if tiles.lower() == "none" else tiles
        write_atomic(output, render_html(model, tiles=tiles, cdn=cdn, fragment=fragment))
    else:
        from ..maps.static import write_static

        write_static(model, output, kind, width, height, dpi)
    if output != "-":
        click.echo(f"wrote {output}: {model.describe()}")


def _render_format(output: str) -> str:
    from ..export.write import in_place

    ext = os.path.splitext(output)[1].lower().lstrip(".")
    if output == "-" or ext in ("html", "htm") or (not ext and in_place(output)):
        return "html"  # standard output, or a device or FIFO without an extension
    if ext in ("png", "svg", "pdf"):
        return ext
    raise EnvelopeError(
        f"cannot tell the format of {output!r}; name it .html, .png, .svg or .pdf, or use --format"
    )
