"""The timeline map's model: every dated state of the scenario in one model, the opening state,
uncertain authorizations worded and drawn as such, reference places, compared dates, units."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest
import shapely

from envelope.maps import text
from envelope.maps.model import build_map_model
from envelope.maps.timeline import panels, timeline_model
from envelope.scenario import timeline_states
from envelope.units import METRES_PER_MILE


def test_every_dated_state_in_one_model(timeline, june):
    states = timeline_states(june.scenario)
    assert [s.date for s in timeline.states] == [s.date for s in states]
    assert len(timeline.states) >= 3 and timeline.mode == "timeline"
    assert [s.basis for s in timeline.states] == [s.basis for s in states]
    first = timeline.states[0]
    assert not first.layers and all(r.authorized in ("none", text.DASH) for r in first.summary)
    # the claimed layers are shared by every state; authorized ones follow the date
    assert [g.key for g in timeline.layers] == ["ATACMS/claimed", "HIMARS/claimed"]
    # it opens on the first state with something authorized: HIMARS to 24 mi near Kharkiv
    opening = timeline.states[timeline.opening]
    assert all(not s.layers for s in timeline.states[: timeline.opening])
    assert [g.key for g in opening.layers] == ["HIMARS/authorized"]
    assert opening.layers[0].ranges_m == pytest.approx((24 * 1609.344,))
    # the summary differs between states
    assert len({tuple(r.authorized for r in s.summary) for s in timeline.states}) >= 3


def test_uncertain_authorizations_are_worded_and_drawn_as_such(timeline):
    maybe = [g for s in timeline.states for g in s.layers if g.uncertain]
    assert maybe, "the seed timeline has a date window"
    for g in maybe:
        assert g.kind == "authorized" and g.key.endswith("/uncertain")
        assert [s.look.name for s in g.shapes][0] == "uncertain_fill"
        assert g.shapes[0].look.hatch > 0 and g.shapes[-1].look.dash  # hatched, dotted edge
        assert all(s.look.name != "authorized_fill" for s in g.shapes)
    state = next(s for s in timeline.states if any(g.uncertain for g in s.layers))
    assert state.uncertain
    texts = " ".join(r.text for r in state.ring_labels)
    assert "may be authorized to" in texts
    rows = [r for r in state.summary if r.uncertain]
    assert rows and all("may be in force" in r.authorized_range for r in rows)
    assert any(e.key == "uncertain" for e in timeline.legend)
    assert "May be in force" in next(e.label for e in timeline.legend if e.key == "uncertain")


def test_fills_never_stack(timeline):
    """Where two weapons' authorized zones overlap, the wider one's fill leaves the narrower
    out, so no colour on the map is a blend the legend does not have."""
    last = timeline.states[-1]
    atacms = next(g for g in last.layers if g.weapon == "ATACMS")
    himars = next(g for g in last.layers if g.weapon == "HIMARS")
    fill = atacms.shapes[0]
    assert fill.look.name == "authorized_fill" and fill.inner is himars.envelopes[0].display
    assert fill.band.intersection(himars.envelopes[0].display).area < 1e-3 * fill.band.area


def test_reference_places_near_the_segment(timeline):
    names = [p.name for p in timeline.places]
    for name in ("Belgorod", "Kursk", "Voronezh", "Kharkiv", "Sumy"):
        assert name in names
    assert len(names) <= 14 and "Moscow" not in names
    assert "GeoNames" in timeline.places_credit


def test_small_multiples_choose_the_states_that_differ_most(timeline):
    chosen = panels(timeline)
    assert len(chosen) == min(4, len(timeline.states))
    assert chosen[0] == 0 and chosen[-1] == len(timeline.states) - 1
    reach = [
        frozenset((g.key, round(g.max_range_m)) for g in timeline.states[i].layers) for i in chosen
    ]
    assert len(set(reach)) == len(chosen)  # no two panels show the same authorized reach


def test_compare_dates_and_what_changed(compare, oracle):
    model = compare
    assert model.mode == "compare" and [s.label for s in model.states] == [
        "2024-06-15",
        "2025-02-01",
    ]
    rows = {d.weapon: d for d in model.deltas()}
    atacms = next(r for r in model.states[1].summary if r.label == "ATACMS")
    assert rows["ATACMS"].gained == f"+{atacms.authorized}"  # nothing was authorized before
    assert rows["HIMARS"].gained.startswith("+")
    # without --targets: the reference places of the target country newly inside, said so
    assert model.target_places() and all(p.country == "RUS" for p in model.target_places())
    assert rows["HIMARS"].newly == f"none of {len(model.target_places())} reference places"
    newly = rows["ATACMS"].newly
    # independently: the target country's places within 200 mi of the Kharkiv border
    places = model.target_places()
    coords = shapely.get_coordinates(model.segment.lines)
    d = oracle(coords, [p.lon for p in places], [p.lat for p in places])
    inside = [p.name for p, m in zip(places, d, strict=True) if m <= 200 * METRES_PER_MILE]
    assert len(inside) == 5 and "Belgorod" in inside
    assert newly == f"5 of 6 reference places: {', '.join(inside[:3])} and 2 more"
    one = timeline_model(dates=(dt.date(2024, 6, 15),))
    assert one.mode == "timeline" and one.state.label == "2024-06-15"


def test_a_range_in_km_is_labelled_in_km(june):
    """A user's weapon given as 250 km reads '250 km (155 mi)', never '155.3 mi'."""
    env = next(e for e in june.envelopes if e.weapon == "HIMARS" and e.kind == "claimed")
    mine = dataclasses.replace(env, weapon="Storm Shadow", range_m=250_000.0, unit="km", name="x")
    model = build_map_model(dataclasses.replace(june, envelopes=(mine,)))
    (label,) = model.state.ring_labels
    assert label.text == "Storm Shadow claimed 250 km (155 mi)"
    assert model.layers[0].colour not in ("#0072B2", "#D55E00")
