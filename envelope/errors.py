"""The one exception type the CLI turns into a single stderr line and exit status 2."""


class EnvelopeError(ValueError):
    """Bad input from the user: the message names the problem and how to fix it."""
