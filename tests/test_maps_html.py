"""The HTML painter: a complete offline page, escaped, deterministic, small, with the model's
layers, labels and panels in it. One page is rendered per module; variants are cheap."""

from __future__ import annotations

import dataclasses
import hashlib
import json
import re
import subprocess
from pathlib import Path

import pytest

from envelope import render_html
from envelope.errors import EnvelopeError
from envelope.maps.html import TILE_CHOICES, build_map, tile_provider
from envelope.maps.html.encode import js
from envelope.maps.html.page import asset
from tests.helpers import python_child

ROOT = Path(__file__).resolve().parent.parent
XSS = "<img src=x onerror=alert(1)>"


@pytest.fixture(scope="module")
def page(june_model):
    return render_html(june_model)


def _data(text: str) -> dict:
    """The model JSON the page's script paints."""
    start = text.index('envelopeMap("map_')
    payload = text[text.index(", ", start) + 2 : text.index(");\n</script>", start)]
    return json.loads(payload)


def _without_leaflet(text: str) -> str:
    js_, css = asset("leaflet.js"), asset("leaflet.css")
    assert js_ in text and css in text
    return text.replace(js_, "").replace(css, "")


def test_page_is_complete_offline_html(page):
    assert page.startswith("<!DOCTYPE html>") and page.rstrip().endswith("</html>")
    assert page.count("<html") == 1 and "<title>Claimed vs authorized" in page
    rest = _without_leaflet(page)
    bad = re.findall(r"""(?:src|href)\s*=\s*["']?\s*(?:https?:)?//""", rest, re.I)
    bad += re.findall(r"""url\(\s*["']?\s*(?:https?:)?//""", rest, re.I) + re.findall(
        "@import", rest
    )
    assert not bad, bad
    assert "http://" not in rest and "https://" not in rest
    for cdn in ("jquery", "bootstrap", "font-awesome", "cdn.jsdelivr", "unpkg.com", "cdnjs"):
        assert cdn not in rest.lower(), cdn
    assert asset("map.js") in page and asset("map.css") in page  # the package's own files


def test_page_paints_the_models_layers_in_order(page, june_model):
    data = _data(page)
    names = [re.sub("<[^>]+>", "", lyr["name"]) for lyr in data["layers"]]
    assert names == [
        "ATACMS \u2014 claimed 185\u2013200 mi",
        "HIMARS \u2014 claimed 50 mi",
        "HIMARS \u2014 authorized 24 mi",
    ]
    (state,) = data["states"]
    assert state["layers"] == [0, 1, 2] and data["opening"] == 0
    atacms = data["layers"][0]["features"]
    # claimed reach: a hatched band and dashed outlines, no fill
    assert [f["cls"] for f in atacms] == [
        "envm-path envelope-claimed envm-hatch-0",
        "envm-path envelope-claimed",
        "envm-path envelope-claimed",
    ]
    assert atacms[1]["style"]["dashArray"] == "7 5" and atacms[1]["outline"]
    assert all("fillColor" not in f["style"] for f in atacms)
    auth = data["layers"][2]["features"]
    assert auth[0]["style"] == {"stroke": False, "fillColor": "#D55E00", "fillOpacity": 0.55}
    labels = [re.sub("<[^>]+>", "", lab[1]) for lab in state["labels"]]
    assert labels == [r.text for r in june_model.state.ring_labels]
    for lab, rl in zip(state["labels"], june_model.state.ring_labels, strict=True):
        assert lab[0] == [[a.lat, a.lon, a.side] for a in rl.anchors]
    assert [c[2] for c in data["labels"]] == ["Russia", "Ukraine"]  # country labels


def test_popups_tooltips_and_panels(page, june_model):
    data = _data(page)
    atacms = data["layers"][0]
    assert "185 mi (297.7 km)" in atacms["pop"] and "321.9 km" in atacms["pop"]
    assert "190 mi" in atacms["pop"] and "000_fc1554105e1b3917" in atacms["pop"]
    assert "Connell Media, 2024-06-01" in atacms["pop"]
    # each figure is credited to its own claim's speaker: 002's and 003's ranges are in the
    # reports' own voice, not their first attribution's (Fox News, CNN)
    assert (
        "002_ab43d460eba5533d</code> (2024-05-31, date inferred); the report itself"
        in (atacms["pop"])
    )
    assert "citing" not in atacms["pop"] and "Fox News" not in atacms["pop"]
    assert "<th>Backed by</th><td>4 reports, 4 origins</td>" in atacms["pop"]
    assert atacms["tip"].startswith("<b>ATACMS \u00b7 claimed reach</b>")
    assert "<br>4 reports, 4 origins<br>" in atacms["tip"]
    himars = data["layers"][2]["pop"]  # authorized to 24 mi: a Ukrainian officer's understanding
    assert "Ukrainian intelligence officer (unnamed)" in himars and "1 report, 1 origin" in himars
    state = data["states"][0]
    assert (
        "<td>42 %</td>" in state["summary"] and "display ≤ 50 m; analysis exact" in state["summary"]
    )
    brief = june_model.sources_brief  # '5 seed reports, N origins' (model test checks N)
    assert f"{brief}: 000 (Connell Media, 2024-06-01); 001 (2024-11-06" in state["summary"]
    assert "Who said each figure" in state["summary"] and "citing" not in state["summary"]
    legend = data["panels"]["legend"]
    for words in ("Authorized reach: solid fill", "Claimed reach: dashed outline", "hatched"):
        assert words in legend
    assert "as of 2024-06-15" in data["panels"]["title"]
    assert "<pattern id=" in page and "fill:url(#" in page  # the band is hatched
    assert data["segment"]["tip"].startswith("<b>Border segment: kharkiv</b>")


def start_in_background() -> subprocess.Popen:
    """A child with another hash seed that computes and renders the default page itself,
    started when collection ends (tests/conftest.py) so it runs beside the suite."""
    code = (
        "import sys, hashlib, datetime as dt, envelope;"
        "r = envelope.compute_envelope_set('kharkiv', as_of=dt.date(2024, 6, 15));"
        "p = envelope.render_html(r);"
        "print(hashlib.sha256(p.encode()).hexdigest(), 'folium' in sys.modules,"
        " 'pandas' in sys.modules)"
    )
    return python_child(code, "12345")


def test_deterministic_across_processes_and_without_folium(page, background):
    out, err = background.communicate(timeout=300)
    assert background.returncode == 0, err
    digest, folium, pandas = out.split()
    assert digest == hashlib.sha256(page.encode()).hexdigest()
    assert (folium, pandas) == ("False", "False")  # the CLI path needs neither
    assert not re.search(r"[0-9a-f]{32}", _without_leaflet(page)), "a random id leaked"


def test_coordinates_rounded_and_size_budget(page):
    numbers = re.findall(r"-?\d+\.(\d+)", _without_leaflet(page))
    assert numbers and max(len(n) for n in numbers) <= 6
    assert len(page.encode()) <= 450_000


def test_user_strings_are_escaped(june):
    hostile_segment = dataclasses.replace(june.segment, name=XSS, description=XSS)
    envs = tuple(
        dataclasses.replace(e, weapon=XSS + "</script><script>alert(2)</script>")
        if e.weapon == "HIMARS"
        else e
        for e in june.envelopes
    )
    reports = {k: dataclasses.replace(r, outlet=XSS) for k, r in june.scenario.reports.items()}
    scen = dataclasses.replace(june.scenario, reports=reports)
    res = dataclasses.replace(june, segment=hostile_segment, envelopes=envs, scenario=scen)
    for text in (render_html(res, title=XSS + "{{ 7 * 7 }}"), render_html(res, fragment=True)):
        assert XSS not in text and "</script><script>alert(2)" not in text
        assert "<img src=x" not in text.lower() and "{{ 7" not in text
    text = render_html(res, title=XSS)
    assert "<title>&lt;img src=x onerror=alert(1)&gt;</title>" in text


def test_fragment_cdn_tiles_and_jupyter(june_model, page):
    a = render_html(june_model, fragment=True)
    b = render_html(june_model, fragment=True, id_prefix="second")
    assert a.startswith('<div class="envelope-map-fragment"') and a.rstrip().endswith("</div>")
    assert "<html" not in a and "<body" not in a and "html,body{" not in a
    ids_a, ids_b = (set(re.findall(r'id="([^"]+)"', t)) for t in (a, b))
    assert ids_a and not ids_a & ids_b and "map_second" in b
    cdn = render_html(june_model, cdn=True)
    assert 'src="https://unpkg.com/leaflet@1.9.4/dist/leaflet.js"' in cdn
    assert 'integrity="sha256-' in cdn and len(cdn) < len(page) - 140_000
    tiles = render_html(june_model, tiles="osm")
    assert "tile.openstreetmap.org" in tiles and '"tiles":null' in page
    assert all(tile_provider(name).url for name in TILE_CHOICES[1:])
    with pytest.raises(EnvelopeError, match="tile provider"):
        render_html(june_model, tiles="NoSuchTiles")
    shown = build_map(june_model)._repr_html_()
    assert "<iframe" in shown and "envelope-map-fragment" in shown


def test_vendored_leaflet_matches_vendor_md():
    vendor = ROOT / "envelope" / "maps" / "html" / "vendor"
    md = (vendor / "VENDOR.md").read_text()
    for name in ("leaflet.js", "leaflet.css", "LICENSE"):
        assert hashlib.sha256((vendor / name).read_bytes()).hexdigest() in md, name
    assert "BSD-2-Clause" in md and "1.9.4" in md


def test_json_for_scripts_escapes_script_breakers():
    s = js({"a": "</script><!-- & \u2028 {{ x }}"})
    assert "<" not in s and ">" not in s and "&" not in s and "\u2028" not in s and "{{" not in s
    assert json.loads(s) == {"a": "</script><!-- & \u2028 {{ x }}"}
