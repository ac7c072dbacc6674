"""What lies within reach, on the maps: markers, labels, popup counts, the briefing sentences.

Membership always comes from ``envelope.reach`` (the project's exact rule); these tests check
that the maps show what it decides, with real places: Belgorod (in Russia, about 35 km from the
Kharkiv border), Kursk (farther) and Kharkiv (in Ukraine: never counted). Built on the real
envelopes as of 2024-06-15 when the packaged borders are in, else on the HTML tests' stand-in.
"""

from __future__ import annotations

import datetime as dt
import json
import re

import numpy as np
import pytest

from envelope import reach as rch
from envelope import targets as tg
from envelope.render import html as render
from envelope.render import static, style
from tests.test_render_html import fake_borders, have_real_api, standin_set

XSS = "<img src=x onerror=alert(1)>"
AS_OF = dt.date(2024, 6, 15)
SMALL = {"width": 480, "height": 270}
MI = 1609.344
PLACES = [
    ("Belgorod", 50.6034, 36.5809),
    ("Kharkiv", 49.9818, 36.2548),
    ("Kursk", 51.73, 36.19),
]


@pytest.fixture(autouse=True)
def _borders(monkeypatch):
    if not have_real_api():
        fake = fake_borders()
        monkeypatch.setattr(render, "_borders", lambda: fake)
        monkeypatch.setattr(static, "_borders", lambda: fake)


@pytest.fixture(scope="module")
def result():
    if have_real_api():
        from envelope.envelopes import compute_envelope_set

        return compute_envelope_set(segment="kharkiv", as_of=AS_OF)
    return standin_set()


def _csv(path, rows) -> str:
    with open(path, "w", encoding="utf-8", newline="") as f:
        f.write("name,lat,lon\n")
        for name, lat, lon in rows:
            quoted = '"' + name.replace('"', '""') + '"' if ("," in name or '"' in name) else name
            f.write(f"{quoted},{lat},{lon}\n")
    return str(path)


@pytest.fixture
def places(tmp_path, result):
    return tg.load_targets(_csv(tmp_path / "places.csv", PLACES), result.segment)


def _countries(result):
    return style.countries_for(result, render._borders())


def _layer(model, weapon: str, kind: str) -> dict:
    found = [
        lyr
        for lyr in model["layers"]
        if f"{weapon} — {kind} reach" in lyr["popup"] or f"{weapon} — {kind}" in lyr["name"]
    ]
    assert found, f"no {weapon} {kind} layer"
    return found[0]


def test_belgorod_counts_in_the_himars_authorized_popup_and_kharkiv_never(result, places):
    model = render.build_model(result, targets=places)
    auth = _layer(model, "HIMARS", "authorized")
    assert "1 of your points inside" in auth["popup"]
    # the same figures as envelope.reach decides them
    r = rch.reach(result, places, countries=_countries(result))
    counts = {c["envelope"]: c for c in r.counts()}
    himars_auth = [e for e in result.envelopes if e.weapon == "HIMARS" and e.kind == "authorized"]
    assert himars_auth and counts[himars_auth[-1].name]["names"] == ["Belgorod"]
    assert all("Kharkiv" not in c["names"] for c in counts.values())
    names = [p[2] for p in model["targets"]["points"]]
    assert "Belgorod" in names and "Kharkiv" not in names
    assert "Kursk" in names  # within the claimed ATACMS ring
    belgorod = model["targets"]["points"][names.index("Belgorod")]
    d_km = float(r.distance_m[0]) / 1000.0
    assert belgorod[5].startswith(f"{render._num(d_km)} km ({render._num(d_km * 1000 / MI)} mi)")
    assert 15 < d_km < 45
    rings = model["targets"]["rings"]
    inside = {rings[k] for k in belgorod[6]}
    assert himars_auth[-1].name in inside
    assert belgorod[7] == 1  # few user points: all named


def test_summary_counts_and_briefing_sentence(result, places):
    model = render.build_model(result, targets=places)
    panel = model["targets_html"]
    assert "Targets within reach" in panel
    assert "Belgorod lies inside the authorized HIMARS zone (24 mi)" in panel
    assert "claimed, not" in panel
    story = style.target_story(result, places, borders=render._borders())
    atacms = next(w for w in story.weapons if w.weapon == "ATACMS")
    assert atacms.claimed[-1][1] == 2  # Belgorod and Kursk, not Kharkiv
    assert "Kharkiv" not in atacms.not_authorized_names
    if not atacms.authorized:  # nothing authorized for it: all it reaches is claimed only
        assert "Kursk" in atacms.not_authorized_names
    text = render.render_html(result, targets=places)
    assert "Belgorod lies inside the authorized HIMARS zone" in text


def test_every_envelope_popup_gives_counts_per_set(result, tmp_path):
    seg = result.segment
    mine = tg.load_targets(_csv(tmp_path / "mine.csv", PLACES), seg)
    both = tg.concat([tg.load_targets("airfields", seg), mine])
    model = render.build_model(result, targets=both)
    for lyr in model["layers"]:
        assert re.search(r"\d+ airfields?, \d+ of your points inside", lyr["popup"]), lyr["name"]


def test_target_names_are_escaped(result, tmp_path):
    rows = [*PLACES, (XSS, 50.75, 36.65), ("RINGS SHAPES GROUP KINDS", 50.8, 36.7)]
    hostile = tg.load_targets(_csv(tmp_path / "hostile.csv", rows), result.segment)
    text = render.render_html(result, targets=hostile)
    assert XSS not in text
    assert "<img src=x" not in text.lower()
    # the name is there, as escaped text inside the script's JSON
    assert "\\u0026lt;img src=x onerror=alert(1)\\u0026gt;" in text
    # placeholder-like names stay names: the script's data is intact
    assert "RINGS SHAPES GROUP KINDS" in text
    frag = render.render_html(result, targets=hostile, fragment=True)
    assert XSS not in frag
    fig = static.build_figure(result, targets=hostile, **SMALL)
    labels = [t.get_text() for ax in fig.axes for t in ax.texts]
    assert XSS in labels  # drawn as plain text on the slide


def test_markers_have_a_shape_per_kind(result, tmp_path):
    seg = result.segment
    sets = tg.concat(
        [
            tg.load_targets("cities", seg),
            tg.load_targets("airfields", seg),
            tg.load_targets(_csv(tmp_path / "p.csv", PLACES), seg),
        ]
    )
    model = render.build_model(result, targets=sets)
    tm = model["targets"]
    kinds = {tm["kinds"][p[3]] for p in tm["points"]}
    assert kinds == {"city", "airfield", "user"}
    assert set(render._TARGET_SHAPES) == {"airfield", "user"}  # cities: circle markers
    legend = model["legend_html"]
    assert "City" in legend and "Airfield" in legend and "Your point" in legend
    labelled = [p[2] for p in tm["points"] if p[7]]
    assert "Belgorod" in labelled
    # labels name the largest cities within reach (GeoNames population)
    story = style.target_story(result, sets, borders=render._borders())
    cities = sorted(
        (m for m in story.markers if m["kind"] == "city"), key=lambda m: -m["population"]
    )
    assert cities[0]["label"] and not cities[-1]["label"]


def test_only_targets_within_the_largest_envelope_are_drawn(result, tmp_path):
    far = [("Moscow", 55.7558, 37.6173), ("Kyiv", 50.45, 30.52)]
    t = tg.load_targets(_csv(tmp_path / "far.csv", PLACES + far), result.segment)
    model = render.build_model(result, targets=t)
    names = [p[2] for p in model["targets"]["points"]]
    assert "Moscow" not in names and "Kyiv" not in names and "Kharkiv" not in names
    assert model["targets"]["within"] == 2 and model["targets"]["total"] == 5


def test_markers_are_capped_and_the_map_says_so(result):
    lon, lat = np.meshgrid(np.linspace(37.0, 38.5, 40), np.linspace(51.0, 51.6, 25))
    xy = zip(lon.ravel(), lat.ravel(), strict=True)
    many = [(f"pt{i}", float(x), float(y)) for i, (x, y) in enumerate(xy)]
    model = render.build_model(result, targets=many)
    tm = model["targets"]
    n = tm["within"]  # a few grid points fall in lakes, which are not Russian land
    assert 950 <= n <= 1000
    assert len(tm["points"]) == style.MAX_TARGET_MARKERS
    assert f"showing the 300 nearest of {n:,} targets within reach" in model["targets_html"]
    text = render.render_html(result, targets=many)
    assert f"Targets within reach (300 of {n:,} shown)" in text


def test_cities_page_stays_under_600_kb(result):
    cities = tg.load_targets("cities", result.segment)
    text = render.render_html(result, targets=cities)
    assert len(text.encode("utf-8")) <= 600_000
    assert "Contains data from GeoNames" in text  # the CC BY credit


def test_default_output_is_unchanged_and_targets_deterministic(result, places):
    plain = render.render_html(result)
    assert "envm-targets" not in plain and "Targets within reach" not in plain
    assert render.render_html(result, targets=None) == plain
    a = render.render_html(result, targets=places)
    assert a == render.render_html(result, targets=places)
    assert a != plain


def test_a_reach_can_be_given_directly(result, places):
    r = rch.reach(result, places, countries=_countries(result))
    a = render.build_model(result, targets=r)
    b = render.build_model(result, targets=places)
    assert json.dumps(a["targets"]) == json.dumps(b["targets"])


def test_static_slide_shows_markers_labels_and_counts(result, places):
    fig = static.build_figure(result, targets=places, **SMALL)
    texts = [t.get_text() for t in fig.texts]
    labels = [t.get_text() for ax in fig.axes for t in ax.texts]
    assert "Belgorod" in labels and "Kharkiv" not in labels
    assert "Targets within reach" in texts
    assert any("Belgorod lies inside the authorized HIMARS zone" in t for t in texts)
    scatter = [c for ax in fig.axes for c in ax.collections if c.get_offsets().shape[0]]
    assert scatter


def test_static_png_is_byte_identical_with_targets(result, places):
    a = static.render_static(result, "png", targets=places, **SMALL)
    b = static.render_static(result, "png", targets=places, **SMALL)
    assert a == b
    assert a != static.render_static(result, "png", **SMALL)
