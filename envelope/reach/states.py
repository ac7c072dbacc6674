"""Authorization columns for each dated state of the timeline: the same targets and exact
distances, judged against the envelopes that held on each state's date."""

from __future__ import annotations

from collections.abc import Sequence

from .authorization import authorization_columns
from .classify import Classifier
from .result import Reach


def state_columns(r: Reach, states: Sequence[tuple[str, object]]) -> dict[str, list]:
    """``authorized@<label>``, ``outside_every_authorization@<label>`` and
    ``authorization@<label>`` for each ``(label, EnvelopeSet)``; flags follow from the exact
    distances already in ``r`` (the segment must be the same)."""
    t = r.targets
    kinds = t.row_kinds()
    out: dict[str, list] = {}
    for label, result in states:
        if result.segment.name != r.result.segment.name:
            raise ValueError("every state must be computed for the reach result's segment")
        clf = Classifier(result)
        inside = clf.inside_from_distance(
            r.distance_m, t.lon, t.lat, code_ok=t.code_ok, coded_for=t.coded_for
        )
        cols = authorization_columns(result.envelopes, inside, kinds)
        out[f"authorized@{label}"] = cols["authorized"].tolist()
        out[f"outside_every_authorization@{label}"] = cols["outside_every_authorization"].tolist()
        out[f"authorization@{label}"] = cols["authorization"].tolist()
    return out


def with_state_columns(r: Reach, states: Sequence[tuple[str, object]]) -> Reach:
    """``r`` with :func:`state_columns` added after the targets' own columns."""
    r.targets.columns.update(state_columns(r, states))
    return r
