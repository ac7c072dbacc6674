"""Maps over time: every dated state of the scenario's timeline in one model (or the dates a
user compares), built from the scenario's own list of states."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence

from ..envelopes import EnvelopeSet, compute_envelope_set
from .model import Dated, MapModel, build_dated_model, build_map_model

#: Small multiples on a slide: at most this many states.
MAX_PANELS = 4


def dated_sets(
    compute: Callable[..., EnvelopeSet],
    dates: Sequence[dt.date] = (),
    first: EnvelopeSet | None = None,
) -> tuple[list[Dated], int, str]:
    """The states to draw, the one to open on and the mode ("single", "timeline", "compare").

    ``compute(day, scenario)`` gives the envelopes on a day. No dates: every state of the
    timeline (``scenario.timeline_states``), opening on the first where something is authorized.
    One date: the timeline, opening on that date (added as a state if it is none). Several
    dates: those, compared. Ranges alone (no scenario) give one undated state."""
    from ..scenario import timeline_states

    day0 = dates[0] if dates else None
    first = first if first is not None else compute(day0)
    if first.scenario is None:
        return [Dated(first)], 0, "single"
    scen = first.scenario
    known = {s.date: s for s in timeline_states(scen)}

    def state(day: dt.date) -> Dated:
        r = first if day == first.as_of else compute(day, scen)
        k = known.get(day)
        if k is None:
            return Dated(r, "given", f"{day.isoformat()}: the date asked for", False)
        return Dated(r, k.basis, k.label, k.uncertain)

    if len(dates) > 1:
        return [state(d) for d in dict.fromkeys(dates)], 0, "compare"
    days = sorted(set(known) | ({day0} if day0 else set()))
    out = [state(d) for d in days]
    if day0 is not None:
        opening = days.index(day0)
    else:
        opening = next(
            (
                i
                for i, s in enumerate(out)
                if any(e.kind == "authorized" for e in s.result.envelopes)
            ),
            0,
        )
    return out, opening, "timeline"


def dated_model(
    compute: Callable[..., EnvelopeSet],
    dates: Sequence[dt.date] = (),
    *,
    first: EnvelopeSet | None = None,
    targets=None,
    title: str | None = None,
    single: bool = False,
) -> MapModel:
    """The model of the timeline (no ``dates``), of a timeline opening on one date, or of several
    dates compared; ``single`` with one date: that date alone. ``compute(day, scenario)`` gives
    the envelopes on a day (the CLI's options, or :func:`timeline_model`'s)."""
    if single:
        result = first if first is not None else compute(dates[0] if dates else None)
        return build_map_model(result, targets=targets, title=title)
    states, opening, mode = dated_sets(compute, dates, first)
    if mode == "single":
        return build_map_model(states[0].result, targets=targets, title=title)
    return build_dated_model(states, opening=opening, mode=mode, targets=targets, title=title)


def timeline_model(
    segment="kharkiv",
    weapons: Sequence[str] | None = None,
    ranges=None,
    dates: Sequence[dt.date] = (),
    clip: bool = True,
    scenario=None,
    *,
    targets=None,
    title: str | None = None,
    single: bool = False,
    **launch,
) -> MapModel:
    """The map model over time, from the same parameters as ``compute_envelope_set`` (``dates``
    instead of one ``as_of``): every dated state with no dates, a timeline opening on one date,
    or several dates compared."""
    cache: dict = {}  # the dates share their rings

    def compute(day, scen=None):
        return compute_envelope_set(
            segment, weapons, ranges, day, clip, scen or scenario, cache=cache, **launch
        )

    return dated_model(compute, dates, targets=targets, title=title, single=single)


def panels(model: MapModel, limit: int = MAX_PANELS) -> tuple[int, ...]:
    """Up to ``limit`` states for small multiples: all when few; else the first, the last and
    those whose authorized reach differs most from the ones already chosen."""
    n = len(model.states)
    if n <= limit:
        return tuple(range(n))

    def reach(i: int) -> set[tuple[str, float, bool]]:
        return {(g.key, round(g.max_range_m), g.uncertain) for g in model.states[i].layers}

    chosen = [0, n - 1]
    while len(chosen) < limit:
        best = max(
            (i for i in range(n) if i not in chosen),
            key=lambda i: (min(len(reach(i) ^ reach(j)) for j in chosen), -i),
        )
        chosen.append(best)
    return tuple(sorted(chosen))
