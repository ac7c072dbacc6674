"""The interactive HTML map: content, escaping, determinism, size and zero network references.

The map is built from the real ``compute_envelope_set`` when the borders data is available;
otherwise (or for speed where the geometry does not matter) from a stand-in: rings buffered in an
azimuthal-equidistant projection around a Kharkiv-like segment, clipped to synthetic countries,
carrying the real seed-report claims when those load.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import subprocess
import sys
import types
from dataclasses import dataclass
from pathlib import Path

import pytest

from envelope.render import html as render
from envelope.render import style

ROOT = Path(__file__).resolve().parent.parent
AS_OF = dt.date(2024, 6, 1)
SEGMENT_COORDS = [(35.6, 50.4), (36.3, 50.45), (36.9, 50.33), (37.5, 50.2), (38.2, 49.9)]
XSS = "<img src=x onerror=alert(1)>"
MI = 1609.344


# --------------------------------------------------------------------------------------------
# stand-ins


def synthetic_countries() -> dict:
    """Three plausible polygons: Russia north/east of the segment, Ukraine south/west, Belarus."""
    from shapely.geometry import LineString, Polygon, box
    from shapely.ops import split

    divider = LineString(
        [(31.5, 58.0), (31.6, 52.1), (34.0, 52.2), (35.0, 50.6)]
        + SEGMENT_COORDS
        + [(39.7, 49.0), (40.2, 47.6), (38.0, 46.6), (36.0, 45.3), (36.0, 40.0)]
    )
    world = box(22.0, 41.0, 50.0, 58.0)
    pieces = sorted(split(world, divider).geoms, key=lambda p: p.centroid.x)
    west, east = pieces[0], pieces[-1]
    blr = Polygon([(23.5, 51.5), (31.6, 52.1), (31.5, 56.2), (27.0, 56.0), (23.5, 53.5)])
    ukr = (
        west.difference(blr)
        .intersection(box(22.0, 44.4, 40.5, 52.4))
        .difference(box(22.0, 51.5, 31.55, 58.0))
    )
    return {"RUS": east, "UKR": ukr, "BLR": blr}


def fake_borders(countries: dict | None = None) -> types.SimpleNamespace:
    shapes = countries or synthetic_countries()

    def country(iso3):
        if iso3 not in shapes:
            raise KeyError(iso3)
        return shapes[iso3]

    return types.SimpleNamespace(
        country=country,
        country_names=lambda: {"RUS": "Russia", "UKR": "Ukraine", "BLR": "Belarus"},
        attribution=lambda: "Borders: stand-in polygons for tests",
    )


@dataclass(frozen=True)
class StandinSegment:
    name: str
    line: object
    origin: str
    target: str
    description: str
    source: str

    @property
    def length_km(self) -> float:
        from pyproj import Geod

        return Geod(ellps="WGS84").geometry_length(self.line) / 1000.0


def _scenario():
    try:
        from envelope.scenario import load_scenario

        return load_scenario(None)
    except Exception:  # noqa: BLE001 - claims are decoration for the stand-in
        return None


def standin_set(
    *,
    countries: dict | None = None,
    segment_name: str = "kharkiv",
    weapon_names: dict | None = None,
    scenario="auto",
):
    """An EnvelopeSet shaped like the real one (HIMARS 24/50 mi, ATACMS 185-200 mi)."""
    import numpy as np
    import shapely
    from pyproj import Geod, Transformer
    from shapely.geometry import LineString

    from envelope.envelopes import Envelope, EnvelopeSet

    shapes = countries or synthetic_countries()
    line = LineString(SEGMENT_COORDS)
    mid = line.interpolate(0.5, normalized=True)
    aeqd = f"+proj=aeqd +lat_0={mid.y} +lon_0={mid.x} +ellps=WGS84 +units=m"
    to_aeqd = Transformer.from_crs("EPSG:4326", aeqd, always_xy=True)
    to_lonlat = Transformer.from_crs(aeqd, "EPSG:4326", always_xy=True)

    def transform(t, geom):
        return shapely.transform(geom, lambda xy: np.column_stack(t.transform(*xy.T)))

    fwd, inv = to_aeqd, to_lonlat
    target = transform(fwd, shapes["RUS"].intersection(shapely.box(30, 45, 46, 56)))
    pline = transform(fwd, line)
    geod = Geod(ellps="WGS84")
    scen = _scenario() if scenario == "auto" else scenario
    names = weapon_names or {}
    seg = StandinSegment(
        segment_name, line, "UKR", "RUS", "Kharkiv Oblast border with Russia (stand-in)", "test"
    )

    weapons = {w.name: w for w in getattr(scen, "weapons", ())}

    def env(kind, weapon, miles, sources, claims=(), note=""):
        ring = pline.buffer(miles * MI, 64)
        exact = shapely.make_valid(transform(inv, ring.intersection(target)))
        display = shapely.make_valid(transform(inv, ring.intersection(target).simplify(50)))
        shown = names.get(weapon, weapon)
        return Envelope(
            name=f"{shown} {kind} {miles:g} mi",
            kind=kind,
            weapon=shown,
            range_m=miles * MI,
            segment=segment_name,
            geometry=exact,
            display=display,
            display_tolerance_m=50.0,
            clipped_to="RUS",
            area_km2=abs(geod.geometry_area_perimeter(exact)[0]) / 1e6,
            target_area_km2=abs(geod.geometry_area_perimeter(exact)[0]) / 1e6,
            max_depth_km=miles * MI / 1000,
            sources=tuple(sources),
            note=note,
            claims=tuple(claims),
        )

    def claims_of(w):
        return weapons[w].claims if w in weapons else ()

    envelopes = (
        env(
            "claimed",
            "ATACMS",
            185,
            ["000_fc1554105e1b3917", "002_ab43d460eba5533d"],
            claims_of("ATACMS"),
        ),
        env("claimed", "ATACMS", 200, ["003_b8a8a2db74cde041"], claims_of("ATACMS")),
        env("claimed", "HIMARS", 50, ["001_8ba813095ef1139b"], claims_of("HIMARS")),
        env(
            "authorized",
            "HIMARS",
            24,
            ["003_b8a8a2db74cde041"],
            (),
            "kharkiv-counterfire: counter-fire near Kharkiv",
        ),
    )
    return EnvelopeSet(segment=seg, envelopes=envelopes, as_of=AS_OF, scenario=scen)


def have_real_api() -> bool:
    """The engine, the borders module and its packaged data are all in: they must be, so a
    broken install fails here rather than falling back to stand-ins."""
    from envelope import borders

    borders.get_segment("kharkiv")
    borders.country("RUS")
    return True


def realistic_set():
    """The real default map's data when the engine and borders are in; else the stand-in."""
    if have_real_api():
        from envelope.envelopes import compute_envelope_set

        return compute_envelope_set(segment="kharkiv", as_of=AS_OF)
    return standin_set()


# --------------------------------------------------------------------------------------------
# fixtures


@pytest.fixture(autouse=True)
def _borders(monkeypatch):
    """Without the packaged borders, the map draws the synthetic ones."""
    if not have_real_api():
        fake = fake_borders()
        monkeypatch.setattr(render, "_borders", lambda: fake)


@pytest.fixture(scope="module")
def result():
    if not have_real_api():
        return standin_set()
    return realistic_set()


@pytest.fixture(scope="module")
def page(result):
    if not have_real_api():
        fake = fake_borders()
        orig = render._borders
        render._borders = lambda: fake
        try:
            return render.render_html(result)
        finally:
            render._borders = orig
    return render.render_html(result)


def _without_leaflet(text: str) -> str:
    css, js = (render._tidy(x).rstrip("\n") for x in render._vendored())
    assert js in text and css in text
    return text.replace(js, "").replace(css, "")


# --------------------------------------------------------------------------------------------
# tests


def test_page_is_complete_html(page):
    assert page.startswith("<!DOCTYPE html>")
    assert page.count("<html") == 1 and page.rstrip().endswith("</html>")
    assert "L.map(" in page and "L.control.scale(" in page and "L.control.layers(" in page
    assert "Legend" in page and "within reach" in page


def test_no_network_references_by_default(page):
    rest = _without_leaflet(page)
    bad = re.findall(r"""(?:src|href)\s*=\s*["']?\s*(?:https?:)?//""", rest, re.I)
    bad += re.findall(r"""url\(\s*["']?\s*(?:https?:)?//""", rest, re.I)
    bad += re.findall(r"@import", rest)
    assert not bad, bad
    for cdn in (
        "jquery",
        "bootstrap",
        "font-awesome",
        "fontawesome",
        "awesome-markers",
        "cdn.jsdelivr",
        "unpkg.com",
        "cdnjs",
    ):
        assert cdn not in rest.lower(), cdn
    # the only http(s) URLs left are in text, never fetched: none at all in our own markup
    assert "http://" not in rest and "https://" not in rest


def test_cdn_variant_links_leaflet_with_integrity(result):
    text = render.render_html(result, cdn=True)
    assert 'src="https://unpkg.com/leaflet@1.9.4/dist/leaflet.js"' in text
    assert 'integrity="sha256-' in text
    assert "L.Map" not in text.split("</head>")[0]
    assert len(text.encode()) < len(render.render_html(result).encode()) - 140_000


def test_tiles_option_adds_a_tile_layer(result):
    text = render.render_html(result, tiles="osm")
    assert "tile.openstreetmap.org" in text and "L.tileLayer(" in text
    assert "L.tileLayer(" not in render.render_html(result)
    for name in render.TILE_CHOICES[1:]:
        assert render._tile_provider(name).url


def test_unknown_tiles_is_a_user_error(result):
    from envelope.errors import EnvelopeError

    with pytest.raises(EnvelopeError, match="tile provider"):
        render.render_html(result, tiles="NoSuchTiles")


def test_every_envelope_has_tooltip_popup_and_layer(page, result):
    weapons = {e.weapon for e in result.envelopes if e.weapon}
    for w in weapons:
        assert page.count(f"{w} · ") >= 1  # tooltip head "HIMARS · claimed reach"
    groups = {(e.weapon, e.kind) for e in result.envelopes}
    assert page.count(".bindPopup(") >= len(groups)
    assert page.count("L.featureGroup(") >= len(groups)
    # one LayerControl entry per weapon-kind
    control = _unescape_js(page[page.index("base_layers :") : page.index("L.control.layers(")])
    for weapon, kind in groups:
        assert f"{weapon} — {kind}" in control


def test_popup_cites_each_claim_with_its_report(page, result):
    assert result.scenario is not None
    assert "185 mi" in page and "200 mi" in page and "190 mi" in page
    assert "000_fc1554105e1b3917" in page
    assert "Connell Media, 2024-06-01" in page
    assert "citing CNN" in page  # a report with no outlet is cited by whom it cites
    assert "297.7 km" in page and "321.9 km" in page


def test_summary_panel_gives_bands_share_and_tolerance(page, result):
    from envelope.envelopes import summary_rows

    text = _unescape_js(page)
    assert "authorized share<br>of claimed" in text and "÷" not in text
    assert "display ≤ 50 m; analysis exact" in text
    assert "seed report" in text and "geodesic" in text
    himars = [e for e in result.envelopes if e.weapon == "HIMARS"]
    auth = next(e for e in himars if e.kind == "authorized")
    claimed = next(e for e in himars if e.kind == "claimed")
    pct = f"{round(100 * auth.target_area_km2 / claimed.target_area_km2)} %"
    assert f"<td>{pct}</td>" in text
    # the numbers are envelopes.summary_rows' (one source for every medium)
    row = next(r for r in summary_rows(result) if r["weapon"] == "HIMARS")
    assert row["authorized_share_min"] == pytest.approx(
        auth.target_area_km2 / claimed.target_area_km2
    )
    atacms = sorted((e for e in result.envelopes if e.weapon == "ATACMS"), key=lambda e: e.range_m)
    lo, hi = atacms[0].target_area_km2, atacms[-1].target_area_km2
    band = f"{style.sig_text(lo)}–{style.sig_text(hi)} km²"
    assert band in text


def test_footer_cites_each_report_with_its_own_outlet(page, result):
    """Only report 000 names an outlet: the footer must not read as if all came from it."""

    text = _unescape_js(page)
    foot = text[text.index("Ranges and sources:") :]
    foot = foot[: foot.index("Borders:")]
    cited = style.report_citations(result, result.envelopes, short=True)
    assert len(cited) > 1
    assert f"{len(cited)} seed reports: {'; '.join(cited)}." in foot
    assert "000 (Connell Media, 2024-06-01)" in foot
    assert foot.count("Connell Media") == 1
    assert "seed reports (Connell Media)" not in foot
    for item in cited:
        if not item.startswith("000"):
            assert "Connell" not in item, item
    if any(c.startswith("001") for c in cited):
        assert "001 (2024-11-06, date inferred)" in foot


def test_an_inferred_as_of_date_says_so(result):
    """2024-11-06 is the inferred start of deep-strikes: the subtitle says so; a date that is no
    timeline start (the tests' 2024-06-01) is shown bare."""
    import dataclasses

    if result.scenario is None:
        pytest.skip("needs the seed scenario")
    entry = next(e for e in result.scenario.timeline if e.id == "deep-strikes")
    assert entry.start_basis == "inferred"
    inferred = dataclasses.replace(result, as_of=entry.start)
    want = "as of 2024-11-06 (inferred start of deep-strikes)"
    assert style.as_of_text(inferred) == want
    assert style.as_of_text(result) == f"as of {AS_OF.isoformat()}"
    assert style.as_of_text(dataclasses.replace(result, as_of=None)) == ""
    stated = types.SimpleNamespace(
        as_of=entry.start,
        scenario=types.SimpleNamespace(timeline=[dataclasses.replace(entry, start_basis="stated")]),
    )
    assert style.as_of_text(stated) == "as of 2024-11-06"
    page = _unescape_js(render.render_html(inferred))
    at = page.index(want)
    assert "envm-sub" in page[at - 40 : at]  # the subtitle opens with it


def test_legend_encodes_kind_by_pattern_not_only_hue(page):
    text = _unescape_js(page)
    assert "Authorized reach: solid" in text
    assert "Claimed reach: light, dashed edge" in text
    assert "hatched" in text
    assert 'dashArray":"7 5"' in page  # claimed edges are dashed
    assert "<pattern id=" in page and "fill:url(#" in page  # the band is hatched


def test_deterministic_across_runs_and_hash_seeds(result, page):
    assert render.render_html(result) == page
    code = (
        "import sys; sys.path.insert(0, 'tests'); import test_render_html as t;"
        "from envelope.render import html as r;"
        "real = t.have_real_api();"
        "fake = t.fake_borders();"
        "r._borders = (lambda: fake) if not real else r._borders;"
        "res = t.realistic_set();"
        "import hashlib; print(hashlib.sha256(r.render_html(res).encode()).hexdigest())"
    )
    digests = set()
    for seed in ("0", "12345"):
        env = dict(os.environ, PYTHONHASHSEED=seed)
        out = subprocess.run(
            [sys.executable, "-c", code],
            cwd=ROOT,
            env=env,
            capture_output=True,
            text=True,
            check=True,
        )
        digests.add(out.stdout.strip())
    assert len(digests) == 1
    import hashlib

    assert digests == {hashlib.sha256(page.encode()).hexdigest()}
    assert not re.search(r"[0-9a-f]{32}", _without_leaflet(page)), "a random uuid leaked"


def test_coordinates_are_rounded(page):
    numbers = re.findall(r"-?\d+\.(\d+)", _without_leaflet(page))
    assert numbers and max(len(n) for n in numbers) <= 6


def test_size_budget(page):
    size = len(page.encode("utf-8"))
    assert size <= 600_000, f"default map is {size:,} bytes"


@pytest.mark.parametrize("field", ["title", "segment", "weapon", "report"])
def test_user_strings_are_escaped(field, monkeypatch):
    fake = fake_borders()
    monkeypatch.setattr(render, "_borders", lambda: fake)
    scen = _scenario()
    if field == "report" and scen is not None:
        import dataclasses

        reports = {
            k: dataclasses.replace(r, outlet=XSS, title=XSS) for k, r in scen.reports.items()
        }
        scen = dataclasses.replace(scen, reports=reports)
    res = standin_set(
        segment_name=XSS if field == "segment" else "kharkiv",
        weapon_names={"HIMARS": XSS + "</script><script>alert(2)</script>"}
        if field == "weapon"
        else None,
        scenario=scen,
    )
    text = render.render_html(res, title=XSS if field == "title" else None)
    assert XSS not in text
    assert "</script><script>alert(2)" not in text
    assert "<img src=x" not in text.lower()
    if field == "title":
        assert "<title>&lt;img src=x onerror=alert(1)&gt;</title>" in text
    frag = render.render_html(res, title=XSS, fragment=True)
    assert XSS not in frag


def test_fragment_is_embeddable_and_ids_are_unique(result):
    a = render.render_html(result, fragment=True)
    b = render.render_html(result, fragment=True, title="Another map")
    for text in (a, b):
        assert "<html" not in text and "<body" not in text and "<!DOCTYPE" not in text
        assert text.startswith('<div class="envelope-map-fragment"')
        assert text.rstrip().endswith("</div>")
        assert "html,body{" not in text
    ids_a = set(re.findall(r'id="([^"]+)"', a))
    ids_b = set(re.findall(r'id="([^"]+)"', b))
    assert ids_a and not ids_a & ids_b
    vars_a = set(re.findall(r"^var (\w+) =", a, re.M))
    vars_b = set(re.findall(r"^var (\w+) =", b, re.M))
    assert vars_a
    assert not vars_a & vars_b
    c = render.render_html(result, fragment=True, id_prefix="second")
    assert "map_second" in c


def test_build_map_is_a_folium_map_for_jupyter(result):
    import folium

    m = render.build_map(result)
    assert isinstance(m, folium.Map)
    shown = m._repr_html_()
    assert "<iframe" in shown and "srcdoc=" in shown


def test_targets_are_marked(result):
    """Points within the largest envelope are marked; others are counted, not drawn (the
    targets' own tests are in test_render_targets.py)."""
    text = render.render_html(
        result, targets=[("Belgorod", 36.59, 50.6), {"name": "Far", "lon": 44.0, "lat": 55.0}]
    )
    assert '"Belgorod"' in text and '"Far"' not in text
    assert "1 of 2 targets" in text
    assert "L.circleMarker(" in text and "Targets within reach (1)" in text


def test_importing_the_module_does_not_import_folium():
    code = (
        "import sys; import envelope.render.html as h; import envelope.render as r;"
        "assert r.TILE_CHOICES[0] == 'none';"
        "print('folium' in sys.modules, 'shapely' in sys.modules)"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True
    )
    assert out.stdout.split() == ["False", "False"]


def test_vendored_leaflet_matches_vendor_md():
    import hashlib

    vendor = ROOT / "envelope" / "render" / "vendor"
    md = (vendor / "VENDOR.md").read_text()
    for name in ("leaflet.js", "leaflet.css", "LICENSE"):
        digest = hashlib.sha256((vendor / name).read_bytes()).hexdigest()
        assert digest in md, name
    assert "BSD-2-Clause" in md and "1.9.4" in md
    assert "url(images/" not in (vendor / "leaflet.css").read_text()


def _unescape_js(text: str) -> str:
    """Undo the \\uXXXX escapes of JSON strings so the visible text can be searched."""
    return re.sub(r"\\u([0-9a-fA-F]{4})", lambda m: chr(int(m.group(1), 16)), text).replace(
        "&amp;", "&"
    )


def test_json_helper_escapes_script_breakers():
    s = render._js({"a": "</script><!-- & \u2028"})
    assert "<" not in s and ">" not in s and "&" not in s and "\u2028" not in s
    assert json.loads(s) == {"a": "</script><!-- & \u2028"}
