"""What lies within reach, on the maps: the model's markers, counts and briefing sentences, as
``envelope.reach`` decides them, with real places: Belgorod (in Russia, about 35 km from the
Kharkiv border), Kursk (farther) and Kharkiv (in Ukraine: never counted)."""

from __future__ import annotations

import hashlib
import subprocess
from pathlib import Path

import numpy as np
import pytest

from envelope import reach as rch
from envelope import targets as tg
from envelope.maps.html import render_html
from envelope.maps.html.panels import popup, targets_html
from envelope.maps.model import build_map_model
from envelope.maps.static import build_figure, render_static
from tests.helpers import python_child

XSS = "<img src=x onerror=alert(1)>"
PLACES = [("Belgorod", 36.5809, 50.6034), ("Kharkiv", 36.2548, 49.9818), ("Kursk", 36.19, 51.73)]
SMALL = {"width": 480, "height": 270}

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def model(june):
    return build_map_model(june, targets=PLACES)


def test_belgorod_is_inside_the_himars_zone_and_kharkiv_never(model, june, oracle):
    story = model.state.story
    names = [m["name"] for m in story.markers]
    assert names == ["Belgorod", "Kursk"]  # nearest first; Kharkiv is in Ukraine
    belgorod = story.markers[0]
    d = oracle(np.asarray(june.segment.line.coords), [36.5809], [50.6034])[0]
    assert belgorod["distance_km"] == pytest.approx(d / 1000, abs=0.01) and 15 < d / 1000 < 45
    himars_auth = next(e for e in june.envelopes if e.weapon == "HIMARS" and e.kind == "authorized")
    assert himars_auth.name in belgorod["inside"]
    himars = next(w for w in story.weapons if w.weapon == "HIMARS")
    assert himars.sentence.startswith("Belgorod lies inside the authorized HIMARS zone (24 mi)")
    atacms = next(w for w in story.weapons if w.weapon == "ATACMS")
    assert atacms.claimed[-1][1] == 2 and not atacms.authorized
    assert "Kursk" in atacms.not_authorized_names and "Kharkiv" not in atacms.not_authorized_names
    auth_layer = model.state.layers[0]
    assert "1 of your points inside" in popup(model, model.state, auth_layer)
    panel = targets_html(story)
    assert "Targets within reach" in panel and "claimed, not" in panel and "2 of 3" in panel


def test_a_reach_gives_the_same_story(model, june):
    r = rch.reach(june, model.state.story.reach.targets)
    again = build_map_model(june, targets=r).state.story
    assert again.markers == model.state.story.markers
    assert [w.sentence for w in again.weapons] == [w.sentence for w in model.state.story.weapons]


def test_markers_are_capped_and_the_map_says_so(june):
    lon, lat = np.meshgrid(np.linspace(37.0, 38.5, 40), np.linspace(51.0, 51.6, 25))
    many = [
        (f"pt{i}", float(x), float(y))
        for i, (x, y) in enumerate(zip(lon.ravel(), lat.ravel(), strict=True))
    ]
    story = build_map_model(june, targets=many).state.story
    assert 950 <= story.within <= 1000  # a few grid points fall in lakes, not Russian land
    assert len(story.markers) == 300
    assert story.note == f"showing the 300 nearest of {story.within:,} targets within reach"


def test_cities_and_hostile_names_on_both_media(june, tmp_path):
    csv = tmp_path / "p.csv"
    csv.write_text("name,lat,lon\n" + f'"{XSS}",50.75,36.65\nBelgorod,50.6034,36.5809\n')
    sets = tg.concat(
        [tg.load_targets("cities", june.segment), tg.load_targets(str(csv), june.segment)]
    )
    model = build_map_model(june, targets=sets)
    page = render_html(model)
    assert XSS not in page and "<img src=x" not in page.lower()
    assert "\\u0026lt;img src=x onerror=alert(1)\\u0026gt;" in page
    assert len(page.encode()) <= 600_000 and "GeoNames" in page
    from matplotlib.text import Annotation

    fig = build_figure(model, **SMALL)
    labels = [t.get_text() for ax in fig.axes for t in ax.texts if isinstance(t, Annotation)]
    assert XSS in labels and "Belgorod" in labels and "Kharkiv" not in labels  # target names
    kinds = {m["kind"] for m in model.state.story.markers}
    assert kinds == {"city", "user"}
    legend = [e.label for e in model.legend if e.section == "targets"]
    assert legend == ["City", "Your point"]


def start_in_background() -> subprocess.Popen:
    """A child with another hash seed that computes the set and renders the slide with the same
    places, started when collection ends (tests/conftest.py) so it runs beside the suite."""
    code = (
        "import hashlib, datetime as dt, envelope;"
        "r = envelope.compute_envelope_set('kharkiv', as_of=dt.date(2024, 6, 15));"
        f"print(hashlib.sha256(envelope.render_static(r, targets={PLACES!r},"
        f" width={SMALL['width']}, height={SMALL['height']})).hexdigest())"
    )
    return python_child(code, "11")


def test_static_with_targets_is_deterministic(model, background):
    """The same bytes in this process and in another one with another hash seed."""
    a = render_static(model, **SMALL)
    out, err = background.communicate(timeout=300)
    assert background.returncode == 0, err
    assert out.strip() == hashlib.sha256(a).hexdigest()
