"""The command line: parse, call the library, and turn every user error into one stderr line.

Only click and the standard library are imported at start-up, so ``envelope --help`` stays
fast; each command imports what it needs. One module per command or family of commands.
"""

from __future__ import annotations

from . import export, intake, maps, reach, tables  # noqa: F401  (registers the commands)
from .app import EXIT_USAGE, cli, main

__all__ = ["EXIT_USAGE", "cli", "main"]
