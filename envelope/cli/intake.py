"""The intake command: draft claim records from a new report's text."""

from __future__ import annotations

import os

import click

from .app import cli
from .options import DATE


@cli.command()
@click.argument("article", metavar="ARTICLE.txt")
@click.option(
    "--id", "report_id", metavar="ID", help="Report id for the draft (default: file stem)."
)
@click.option("--outlet", default="", metavar="NAME", help="The publishing outlet, if known.")
@click.option("--date", type=DATE, default=None, help="The report's date (YYYY-MM-DD), if known.")
@click.option(
    "-o",
    "--output",
    default=None,
    metavar="FILE",
    help="Write the draft here (.toml scenario or .json claims); default: standard output.",
)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["toml", "json"]),
    default=None,
    help='toml: a user scenario (default); json: {"claims": [...]}.',
)
def intake(article, report_id, outlet, date, output, fmt):
    """Draft claims from a plain-text report (or - for standard input), each pending review.

    Paragraphs are the non-empty lines, numbered from 1. The draft is a user scenario
    (base = "packaged"): use it at once with --scenario, then set review = "confirmed" on each
    claim you have checked. A summary line, with the overlap with the known reports, goes to
    standard error.

    \b
    Examples:
      envelope intake new.txt -o new.toml && envelope weapons --scenario new.toml
      envelope intake new.txt --format json
    """
    from ..export.write import check_writable, write_atomic
    from ..formats import format_for
    from ..intake import claims_json, draft_toml, intake_file, overlap_line, summary_line

    kind = format_for(output, {".toml": "toml", ".json": "json"}, stdout="toml", given=fmt)
    if output and output != "-":
        check_writable(output)
        if article != "-" and os.path.realpath(output) == os.path.realpath(article):
            raise click.BadParameter("the draft would overwrite the article", param_hint="-o")
    draft, profiles = intake_file(article, report_id=report_id, outlet=outlet, date=date)
    text = claims_json(draft) + "\n" if kind == "json" else draft_toml(draft, profiles)
    write_atomic(output or "-", text)
    click.echo(
        f"intake: {draft.source}: {summary_line(draft)}; {overlap_line(draft.overlaps)}", err=True
    )
