"""Map models of other launch geometries and of draft claims: launch points drawn and named,
the standoff's launch line, the reverse direction, and figures resting only on unreviewed
claims (issues 12 and 15, map side). Model tests: nothing is rendered."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
import shapely

from envelope.borders import LaunchPoint
from envelope.envelopes import compute_envelope_set
from envelope.maps.model import build_map_model

KHARKIV = LaunchPoint("Kharkiv", 36.2, 50.0)
SUMY = LaunchPoint("Sumy", 34.8, 50.9)


@pytest.fixture(scope="module")
def points_model():
    """Two launch points, a bare 300 km range (no lines)."""
    r = compute_envelope_set(segment=[], points=[KHARKIV, SUMY], ranges=["300km"])
    return build_map_model(r)


def test_launch_points_are_drawn_named_and_in_the_legend(points_model):
    m = points_model
    assert m.segment.lines is None and m.segment.points == (KHARKIV, SUMY)
    assert m.title == "Claimed vs authorized strike reach from Kharkiv and Sumy"
    assert "border" not in m.title and m.subtitle_segment == "launch points Kharkiv, Sumy"
    reach = [(e.key, e.label) for e in m.legend if e.section == "reach"]
    assert ("point", "Launch point") in reach and all(k != "segment" for k, _ in reach)
    # each point's ring labelled with its name, anchored on the ring ~300 km from that point
    from pyproj import Geod

    geod = Geod(ellps="WGS84")
    labels = m.state.ring_labels
    assert sorted(r.text for r in labels) == [
        "Kharkiv \u00b7 300 km (186 mi)",
        "Sumy \u00b7 300 km (186 mi)",
    ]
    for r in labels:
        p = KHARKIV if r.text.startswith("Kharkiv") else SUMY
        a = r.anchors[0]
        d = geod.inv(p.lon, p.lat, a.lon, a.lat)[2]
        assert 295e3 < d < 300.5e3  # on the ring (display geometry, 4-decimal anchors)
    # a reference place a launch point stands on is not labelled twice
    assert all(pl.name != "Kharkiv" for pl in m.places)


def test_points_beside_a_border_line():
    r = compute_envelope_set(segment="kharkiv", points=[SUMY], ranges=["50km"])
    m = build_map_model(r)
    assert m.segment.lines is not None and m.segment.points == (SUMY,)
    assert m.title == "Claimed vs authorized strike reach from the Kharkiv border and from Sumy"
    keys = [e.key for e in m.legend if e.section == "reach"]
    assert "segment" in keys and "point" in keys
    assert m.subtitle_segment.endswith("km) and launch point Sumy")


def test_standoff_draws_the_launch_line_and_says_so():
    r = compute_envelope_set(segment="kharkiv", ranges=["70km"], standoff_m=20_000.0)
    m = build_map_model(r)
    (line,) = m.launch_lines
    assert line.standoff_m == 20_000.0 and line.geometry.equals(r.envelopes[0].launch_line)
    assert line.note == "launchers \u2265 20 km (12.4 mi) behind the border"
    assert line.legend == f"Launch line ({line.note})"
    assert ("launch_line", line.legend) in [(e.key, e.label) for e in m.legend]
    assert f"Ranges count from the launch line: {line.note}." in m.caveats
    # the launch line lies in the origin country, behind the border
    from envelope import borders

    assert borders.country("UKR").buffer(0.01).contains(line.geometry)


def test_the_reverse_direction_follows_through():
    r = compute_envelope_set(segment="kharkiv", origin="RUS", target="UKR", ranges=["70km"])
    m = build_map_model(r)
    assert (m.segment.origin_name, m.segment.target_name) == ("Russia", "Ukraine")
    territory = {e.key: e.label for e in m.legend if e.section == "territory"}
    assert territory["UKR"] == "Ukraine (target)" and territory["RUS"] == "Russia (origin)"
    assert "clipped to Ukraine" in m.area_note
    roles = {c.iso: c for c in m.countries}
    assert roles["UKR"].role == "target" and roles["UKR"].label_at is not None
    from envelope import borders

    assert borders.country("UKR").contains(shapely.Point(*roles["UKR"].label_at))
    assert {p.country for p in m.target_places()} == {"UKR"}


#: A user scenario as ``envelope intake`` drafts it: one report, one range claim.
DRAFT = """schema = 1
title = "Intake draft: test"
base = "packaged"

[[reports]]
id = "draft_report"
title = "A draft"
outlet = ""
attributions = []
date = 2024-06-01
date_basis = "stated"

[[reports.claims]]
id = "himars-range"
measure = "weapon_range"
subject = "HIMARS"
value = 80
unit = "km"
qualifier = "around"
speaker = "report"
paragraph = 4
quote = "reach around 80 km"
summary = "HIMARS range: around 80 km (test draft)."
review = "REVIEW"

[[weapons]]
name = "HIMARS"
supplier = "US"
claims = ["001_8ba813095ef1139b#himars-range", "draft_report#himars-range"]
"""


def _draft(tmp_path, review: str) -> Path:
    out = tmp_path / f"{review}.toml"
    out.write_text(DRAFT.replace("REVIEW", review), encoding="utf-8")
    return out


def test_a_figure_resting_only_on_pending_claims_is_unreviewed(tmp_path):
    """The draft's 80 km for HIMARS (a pending claim) widens the band below 50 mi: that ring
    is unreviewed in the label, legend and caveats; once confirmed, nothing is."""
    from envelope.scenario import load_scenario

    day = dt.date(2024, 6, 15)
    models = {}
    for review in ("pending", "confirmed"):
        scen = load_scenario(_draft(tmp_path, review))
        r = compute_envelope_set(segment="kharkiv", weapons=["HIMARS"], as_of=day, scenario=scen)
        models[review] = build_map_model(r)
    m = models["pending"]
    claimed = next(c for c in m.state.credits if c.layer_key == "HIMARS/claimed")
    assert claimed.unreviewed == "80 km" and "draft_report: the report itself" in claimed.line
    assert claimed.backing == "2 reports, 2 origins"
    assert any("80 km unreviewed" in r.text for r in m.state.ring_labels)
    assert "unreviewed" in [e.key for e in m.legend]
    assert any(c.startswith("Unreviewed") and "HIMARS claimed" in c for c in m.caveats)
    authorized = next(c for c in m.state.credits if c.layer_key == "HIMARS/authorized")
    assert not authorized.unreviewed  # 002's 24 mi, confirmed
    ok = models["confirmed"]
    assert not any(c.unreviewed for c in ok.state.credits) and not ok.caveats
    assert "unreviewed" not in [e.key for e in ok.legend]
    assert all("unreviewed" not in r.text for r in ok.state.ring_labels)


def test_the_page_draws_points_not_a_border(points_model):
    """What the HTML painter is given: the points with their names, no border segment."""
    from envelope.maps.html.page import _Hatches, page_data

    data = page_data(points_model, None, _Hatches("t"))
    assert data["segment"] is None and data["launchLines"] == []
    assert [(p[2], p[0], p[1]) for p in data["points"]] == [
        ("Kharkiv", 50.0, 36.2),
        ("Sumy", 50.9, 34.8),
    ]
    assert "Launch point" in data["panels"]["legend"]
    assert "Border segment" not in data["panels"]["legend"]
    assert "launch points Kharkiv, Sumy" in data["panels"]["title"]
