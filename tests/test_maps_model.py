"""The map model: what is drawn, in which order, with which look and label, and the words and
numbers every medium shows. No rendering here: the painters' tests are in test_maps_html.py and
test_maps_static.py."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest
import shapely
from hypothesis import given, settings
from hypothesis import strategies as st

from envelope.envelopes import summary_rows
from envelope.maps import text, theme
from envelope.maps.model import build_map_model

BUILT_IN = {"ATACMS": "#0072B2", "HIMARS": "#D55E00"}


def test_layers_in_draw_order_with_their_looks(june_model):
    layers = june_model.layers_at(0)
    assert [g.key for g in layers] == ["ATACMS/claimed", "HIMARS/claimed", "HIMARS/authorized"]
    atacms, himars_c, himars_a = layers
    assert atacms.band and not himars_c.band and not himars_a.band
    # claimed reach: outline and hatched band only, so fills never stack into new colours
    assert [s.look.name for s in atacms.shapes] == ["band", "claimed_edge", "claimed_edge"]
    assert [s.look.name for s in himars_a.shapes] == ["authorized_fill", "authorized_edge"]
    assert atacms.ranges_m == pytest.approx((185 * 1609.344, 200 * 1609.344))
    assert himars_a.ranges_m == pytest.approx((24 * 1609.344,))
    assert [g.css_class for g in layers] == [
        "envelope-claimed",
        "envelope-claimed",
        "envelope-authorized",
    ]
    band = atacms.shapes[0]
    assert (
        band.inner is atacms.envelopes[0].display and band.geometry is atacms.envelopes[1].display
    )
    # the band is the spread between the reports: outer minus inner, a thin ring
    assert (
        band.band.area == pytest.approx(band.geometry.area - band.inner.area, rel=1e-4)
        and band.band.area < 0.2 * band.geometry.area
    )
    # the shared layers are claimed reach; the state holds the authorized one
    assert [g.key for g in june_model.layers] == ["ATACMS/claimed", "HIMARS/claimed"]
    assert [g.key for g in june_model.state.layers] == ["HIMARS/authorized"]


def test_looks_come_from_the_theme(june_model):
    himars_a = june_model.layers_at(0)[2]
    fill, edge = himars_a.shapes
    assert fill.look.colour == edge.look.colour == BUILT_IN["HIMARS"]
    assert fill.look.fill == theme.look("authorized_fill")["fill"] == 0.55
    assert edge.look.width == 2.5 and edge.look.dash == ""
    claimed_edge = june_model.layers_at(0)[0].shapes[1].look
    assert claimed_edge.dash == "7 5" and claimed_edge.fill == 0


def test_ring_labels_sit_on_their_rings_outside_the_segment(june_model, june, oracle):
    labels = june_model.state.ring_labels
    assert [r.text for r in labels] == [
        "HIMARS authorized 24 mi (39 km)",
        "HIMARS claimed 50 mi (80 km)",
        "ATACMS claimed 185\u2013200 mi (298\u2013322 km)",
    ]
    assert [r.colour for r in labels] == [BUILT_IN["HIMARS"]] * 2 + [BUILT_IN["ATACMS"]]
    line = june.segment.line
    coords = shapely.get_coordinates(line)
    for r in labels:
        assert len(r.anchors) >= 3
        first = r.anchors[0]
        # the preferred anchor is on the ring: its geodesic distance to the segment is the range
        # (the display outline is within 50 m; anchors are rounded to 1e-4 degrees)
        d = oracle(coords, [first.lon], [first.lat])[0]
        assert d == pytest.approx(r.range_m, abs=50 + 15)
        assert first.side == "n"  # Russia lies north of the Kharkiv border


def test_summary_rows_are_summary_rows_numbers(june_model, june):
    rows = {r.label: r for r in june_model.state.summary}
    himars = next(r for r in summary_rows(june) if r["weapon"] == "HIMARS")
    share = round(100 * himars["authorized_km2"] / himars["claimed_km2_max"])
    assert rows["HIMARS"].share == f"{share} %" == "42 %"
    assert (
        rows["HIMARS"].authorized == "9,970 km\u00b2" and rows["HIMARS"].authorized_range == "24 mi"
    )
    assert rows["ATACMS"].claimed == "192,000\u2013225,000 km\u00b2"
    assert rows["ATACMS"].claimed_range == "185\u2013200 mi"
    assert (rows["ATACMS"].authorized, rows["ATACMS"].authorized_range, rows["ATACMS"].share) == (
        "none",
        "not authorized",
        "0 %",
    )
    assert rows["ATACMS"].colour == BUILT_IN["ATACMS"]


def test_legend_entries_in_order(june_model):
    entries = [(e.section, e.key) for e in june_model.legend]
    assert entries == [
        ("weapons", "ATACMS"),
        ("weapons", "HIMARS"),
        ("reach", "authorized"),
        ("reach", "claimed"),
        ("reach", "band"),
        ("reach", "segment"),
        ("territory", "RUS"),
        ("territory", "UKR"),
        ("territory", "BLR"),
    ]
    words = {e.key: e.label for e in june_model.legend}
    assert words["claimed"] == theme.legend("claimed") == "Claimed reach: dashed outline, no fill"
    assert words["RUS"] == "Russia (target)" and words["UKR"] == "Ukraine (origin)"


def test_country_labels_are_in_their_country_clear_of_the_envelopes(june_model):
    from envelope import borders

    by_iso = {c.iso: c for c in june_model.countries}
    assert set(by_iso) == {"RUS", "UKR", "BLR"}
    widest = june_model.layers_at(0)[0].envelopes[-1].display
    for iso in ("RUS", "UKR"):
        lon, lat = by_iso[iso].label_at
        assert borders.country(iso).contains(shapely.Point(lon, lat))
        assert not widest.contains(shapely.Point(lon, lat))
    assert by_iso["BLR"].label_at is None  # barely in view: the legend names it


def test_citations_give_each_report_its_own_outlet(june_model):
    cited = june_model.citations_short
    from envelope.scenario import origins

    claims = {(c.report_id, c.id): c for e in june_model.state.result.envelopes for c in e.claims}
    n = len(origins(june_model.state.result.scenario, list(claims.values())))
    assert 1 < n < len(claims)  # shared statements count once
    assert june_model.sources_brief == f"5 seed reports, {n} origins" and len(cited) == 5
    assert cited[0] == "000 (Connell Media, 2024-06-01)"
    assert sum("Connell" in c for c in cited) == 1
    assert "001 (2024-11-06, date inferred)" in cited
    assert any(c.startswith("000_fc1554105e1b3917 (Connell Media") for c in june_model.citations)


def test_title_date_and_description(june_model, june):
    assert june_model.title == "Claimed vs authorized strike reach from the Kharkiv border"
    assert june_model.state.as_of_text == "as of 2024-06-15"
    assert june_model.describe() == (
        "kharkiv, as of 2024-06-15: ATACMS claimed 185\u2013200 mi; HIMARS claimed 50 mi; "
        "HIMARS authorized 24 mi"
    )
    # deep-strikes has a date window since issue 10; kharkiv-counterfire a derived start
    start = next(e.start for e in june.scenario.timeline if e.id == "kharkiv-counterfire")
    assert (
        text.as_of_text(start, june.scenario)
        == "as of 2024-05-30 (derived start of kharkiv-counterfire)"
    )
    assert text.as_of_text(None, june.scenario) == ""
    with pytest.raises(dataclasses.FrozenInstanceError):
        june_model.title = "x"  # type: ignore[misc]


def test_coinciding_rings_share_one_label(june):
    """On 2025-02-01 HIMARS is authorized to its whole claimed 50 mi: one ring, one label (on
    2025-01-01 the full reach is only "may be in force": 001's window runs to 2025-01-19)."""
    from envelope.envelopes import compute_envelope_set

    latest = compute_envelope_set(segment="kharkiv", weapons=["HIMARS"], as_of=dt.date(2025, 2, 1))
    model = build_map_model(latest)
    assert [r.text for r in model.state.ring_labels] == [
        "HIMARS: claimed and authorized 50 mi (80 km)"
    ]


def test_a_bare_range_is_labelled_once():
    from envelope.envelopes import compute_envelope_set

    ranges = compute_envelope_set(segment="kharkiv", ranges=["50mi", "300 km"])
    model = build_map_model(ranges)
    assert [r.text for r in model.state.ring_labels] == ["50 mi (80 km)", "300 km (186 mi)"]
    assert [g.kind for g in model.layers_at(0)] == ["range", "range"]
    assert model.state.as_of_text == "" and model.sources_brief == "ranges given by hand"
    assert [r.label for r in model.state.summary] == ["300 km", "50 mi"]


def test_built_in_weapons_keep_their_colours():
    for name, colour in BUILT_IN.items():
        assert theme.weapon_colour(name) == colour
        assert theme.weapon_colour(name.lower()) == colour
    assert theme.weapon_colour(None) == theme.colour("range")


@settings(max_examples=60, deadline=None)
@given(
    st.text(min_size=1, max_size=24).filter(
        lambda s: s.strip() and s.casefold() not in {"atacms", "himars"}
    )
)
def test_a_user_weapon_gets_a_fixed_colour_that_is_no_built_in_one(name):
    colour = theme.weapon_colour(name)
    assert colour == theme.weapon_colour(name)  # deterministic, whatever else is on the map
    assert colour.lower() not in {c.lower() for c in BUILT_IN.values()}
    assert colour in theme.theme()["user_weapons"]["palette"]


def test_text_helpers():
    assert (
        text.share_text(1.0, 1.0) == "100 %"
        and text.share_text(0.999, 0.999) == "99 %"
        and text.share_text(0.0004, 0.0004) == "<1 %"
    )
    assert text.share_text(0.37, 0.44) == "37\u201344 %"
    assert text.share_text(float("nan"), 1.0) == text.DASH
    assert text.lat_text(-34) == "34°S" and text.lon_text(-58) == "58°W"
    assert text.lat_text(0) == "0°" and text.lon_text(180) == "180°"
    assert text.range_text([250_000], "km") == "250 km"
    assert (
        text.range_both([185 * 1609.344, 200 * 1609.344]) == "185\u2013200 mi (297.7\u2013321.9 km)"
    )
    assert text.area_text([192_345, 225_001]) == "192,000\u2013225,000 km\u00b2"
