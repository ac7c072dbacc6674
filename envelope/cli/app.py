"""The command group and the entry point: every user error becomes one stderr line, exit 2."""

from __future__ import annotations

import contextlib
import os
import re
import sys

import click

from ..errors import EnvelopeError

EXIT_USAGE = 2


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


def main(argv: list[str] | None = None) -> None:
    """Run the CLI; user errors become one line on stderr and exit status 2, never a traceback."""
    try:
        # Not cli.main: it turns a closed pipe into a silent exit 1; here it is one line, exit 2.
        args = list(sys.argv[1:] if argv is None else argv)
        with cli.make_context("envelope", args) as ctx:
            code = cli.invoke(ctx)
        sys.stdout.flush()  # a full disk or closed pipe on standard output shows up here
    except click.exceptions.Exit as exc:  # --help, --version
        code = exc.exit_code
    except click.exceptions.NoArgsIsHelpError as exc:  # bare `envelope`: its help, not an error
        click.echo(exc.ctx.get_help() if exc.ctx else "")
        code = 0
    except click.exceptions.UsageError as exc:
        hint = f" (see '{exc.ctx.command_path} --help')" if exc.ctx else ""
        _die(f"{exc.format_message()}{hint}", EXIT_USAGE)
    except click.ClickException as exc:
        _die(exc.format_message(), EXIT_USAGE)
    except EnvelopeError as exc:
        _die(_as_flags(str(exc)), EXIT_USAGE)
    except click.exceptions.Abort:
        _die("aborted", 1)
    except KeyboardInterrupt:  # Ctrl-C: temporary files are already gone, no traceback
        _die("interrupted; nothing was written", 130)
    except OSError as exc:  # I/O the writers did not wrap: the same one line
        _die(str(_io_error(exc)), EXIT_USAGE)
    except Exception as exc:  # a bug, not bad input: still one line unless asked for more
        if os.environ.get("ENVELOPE_DEBUG"):
            raise
        _die(f"internal error: {type(exc).__name__}: {exc} (set ENVELOPE_DEBUG=1 for details)", 1)
    sys.exit(code or 0)


#: Library errors name parameters (``clip=False``); the command line names its flags.
_FLAGS = (
    (re.compile(r"\bclip=False\b"), "--no-clip"),
    (re.compile(r"\bclip=True\b"), "--clip"),
    (re.compile(r"\bgive as_of\b"), "give --as-of"),
)


def _as_flags(message: str) -> str:
    for pattern, flag in _FLAGS:
        message = pattern.sub(flag, message)
    return message


def _io_error(exc: OSError) -> EnvelopeError:
    """An OSError as one line: with its file name if it has one, else standard output (a full
    disk or closed pipe under ``envelope ... > FILE`` or ``| head``)."""
    from ..export.write import STDOUT, io_error, silence_stdout

    if exc.filename:
        return io_error(exc.filename, exc, verb="use")
    silence_stdout()
    return io_error(STDOUT, exc)


def _die(message: str, code: int) -> None:
    from ..tables import terminal_safe

    text = terminal_safe(" ".join(str(message).split()))
    with contextlib.suppress(OSError):  # stderr itself gone: the exit status still tells
        click.echo(f"envelope: error: {text}", err=True)
    sys.exit(code)
