"""Whether each target was authorized: inside an authorized envelope whose authorization does
not exclude the target's class, and whether it lay outside every authorization."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np

AUTHORIZED = "authorized"
MAY_BE = "authorized (may be in force)"
EXCLUDED = "in the zone, class excluded"
OUTSIDE = "outside every authorization"
#: The words of the ``authorization`` column, in the order the counts list them.
STATES = (AUTHORIZED, MAY_BE, EXCLUDED, OUTSIDE)


def excluded_classes(env) -> tuple[str, ...]:
    """Target classes (target kinds, e.g. "airfield") the authorization behind ``env`` left
    off-limits (``Envelope.excluded_classes``)."""
    return tuple(env.excluded_classes)


def uncertain(env) -> bool:
    """The authorization may or may not have been in force on the date
    (``Envelope.authorization_status``)."""
    return env.authorization_status == "uncertain"


def authorization_columns(
    envelopes: Sequence, inside: Mapping[str, np.ndarray], kinds: Sequence[str]
) -> dict[str, np.ndarray]:
    """``authorized``, ``outside_every_authorization`` (flags) and ``authorization`` (one of
    ``STATES``) for every target, from the inside flags of the authorized envelopes."""
    n = len(kinds)
    kind = np.asarray(kinds, dtype=object) if n else np.empty(0, dtype=object)
    in_any = np.zeros(n, bool)
    allowed = np.zeros(n, bool)
    allowed_sure = np.zeros(n, bool)
    for (_, mask), env in zip(inside.items(), envelopes, strict=True):
        if env.kind != "authorized":
            continue
        in_any |= mask
        excluded = excluded_classes(env)
        ok = mask & ~np.isin(kind, excluded) if excluded else mask
        allowed |= ok
        if not uncertain(env):
            allowed_sure |= ok
    words = np.full(n, OUTSIDE, dtype=object)
    words[in_any] = EXCLUDED
    words[allowed] = MAY_BE
    words[allowed_sure] = AUTHORIZED
    return {
        "authorized": allowed,
        "outside_every_authorization": ~in_any,
        "authorization": words,
    }
