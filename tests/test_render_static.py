"""Static briefing maps: formats, sizes, content, byte-for-byte determinism and no network.

Built from the real envelopes when the packaged borders are in, else from the HTML tests'
stand-in (same shapes and seed claims), with the stand-in borders patched into the renderer.
Everything renders small except the one 1920 x 1080 check.
"""

from __future__ import annotations

import dataclasses
import os
import socket
import struct
import subprocess
import sys
import types
import xml.etree.ElementTree as ET
from pathlib import Path

import numpy as np
import pytest

from envelope.errors import EnvelopeError
from envelope.render import static, style
from tests.test_render_html import fake_borders, have_real_api, realistic_set, standin_set

ROOT = Path(__file__).resolve().parent.parent
SMALL = {"width": 480, "height": 270}


def png_size(data: bytes) -> tuple[int, int]:
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    return struct.unpack(">II", data[16:24])


@pytest.fixture(autouse=True)
def _borders(monkeypatch):
    if not have_real_api():
        fake = fake_borders()
        monkeypatch.setattr(static, "_borders", lambda: fake)


@pytest.fixture(scope="module")
def result():
    return realistic_set()


@pytest.fixture
def no_network(monkeypatch):
    def refuse(*args, **kwargs):
        raise AssertionError("the static renderer must not touch the network")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setattr(socket, "getaddrinfo", refuse)


def figure_texts(fig) -> str:
    texts = [t.get_text() for t in fig.texts]
    for ax in fig.axes:
        texts += [t.get_text() for t in ax.texts]
    return "\n".join(texts)


def test_default_png_is_a_1920x1080_slide(result, no_network):
    data = static.render_static(result)
    assert png_size(data) == (1920, 1080)
    assert b"Software" not in data and b"matplotlib" not in data.lower()
    assert len(data) < 1_500_000


def test_slide_content_matches_the_html_map(result):
    fig = static.build_figure(result, **SMALL)
    text = figure_texts(fig)
    assert style.default_title(result) in text
    assert text.startswith(render_html_title(result))  # the same default title in both media
    assert "Kharkiv" in style.default_title(result)
    if result.as_of:
        assert f"as of {result.as_of.isoformat()}" in text
    for key in ("authorized", "claimed", "band", "segment"):
        assert style.LEGEND[key] in text
    for weapon in result.weapons():
        assert weapon in text
    assert "Lambert azimuthal equal-area" in text
    assert " km" in text and " mi" in text and "N" in text.split("\n")
    assert "Territory of Russia within reach" in text
    for rid in {s for e in result.envelopes for s in e.sources}:
        assert rid in text, rid
    assert "Sources:" in text and "Borders:" in text


def render_html_title(result) -> str:
    import html as _html

    from envelope.render import html

    page = html.render_html(result)
    return _html.unescape(page[page.index("<title>") + 7 : page.index("</title>")])


def test_summary_table_gives_the_authorized_share(result):
    """One source for the numbers (envelopes.summary_rows): a share, never above 100 %."""
    from envelope.envelopes import summary_rows

    text = figure_texts(static.build_figure(result, **SMALL))
    assert "authorized\nshare of\nclaimed" in text and "÷" not in text
    for row, cell in zip(summary_rows(result), style.summary_cells(result), strict=True):
        assert 0 <= row["authorized_share_min"] <= row["authorized_share_max"] <= 1
        assert cell["share"] in text
        assert cell["claimed"] in text


def test_share_text():
    assert style.share_text(1.0, 1.0) == "100 %"
    assert style.share_text(0.372, 0.441) == "37–44 %"
    assert style.share_text(0.996, 1.0) == "99–100 %"  # never rounded up to a full 100 %
    assert style.share_text(0.0, 0.0) == "0 %"
    assert style.share_text(0.004, 0.004) == "0.4 %"
    assert style.share_text(float("nan"), float("nan")) == "—"


def test_ring_labels_merge_coinciding_rings():
    from types import SimpleNamespace as NS

    def g(label, kind, *miles):
        envs = [NS(range_m=m * style.MI) for m in miles]
        return {"label": label, "kind": kind, "weapon": label, "envs": envs}

    labels = style.ring_labels(
        [
            g("ATACMS", "claimed", 185, 200),
            g("ATACMS", "authorized", 200),
            g("HIMARS", "claimed", 50),
            g("HIMARS", "authorized", 50),
            g("Storm Shadow", "claimed", 155),
            g("SCALP", "claimed", 155),
            g("GMLRS", "authorized", 24),
        ]
    )
    assert [lbl["text"] for lbl in labels] == [
        "GMLRS authorized 24 mi",
        "HIMARS: claimed and authorized 50 mi",
        "Storm Shadow, SCALP claimed 155 mi",
        "ATACMS: claimed 185–200 mi, authorized to 200 mi",
    ]


def test_sources_footnote_gives_outlet_and_date(result):
    reports = getattr(result.scenario, "reports", None) or {}
    lines = static._source_lines(result, result.envelopes)
    assert lines
    for line in lines:
        rid = line.split(" ")[0]
        rep = reports.get(rid)
        if rep is not None and rep.date:
            assert str(rep.date) in line
        if rep is not None and rep.outlet:
            assert rep.outlet in line


def test_png_is_byte_identical_across_renders_and_processes(result):
    a = static.render_static(result, **SMALL)
    b = static.render_static(result, **SMALL)
    assert a == b
    if have_real_api():
        code = (
            "import sys; from envelope.render import static;"
            "from tests.test_render_html import realistic_set;"
            f"sys.stdout.buffer.write(static.render_static(realistic_set(), width={SMALL['width']},"
            f" height={SMALL['height']}))"
        )
    else:
        code = (
            "import sys; from envelope.render import static; import tests.test_render_html as t;"
            "fake = t.fake_borders(); static._borders = lambda: fake;"
            f"sys.stdout.buffer.write(static.render_static(t.realistic_set(),"
            f" width={SMALL['width']}, height={SMALL['height']}))"
        )
    out = subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        capture_output=True,
        check=True,
        env={**os.environ, "PYTHONHASHSEED": "123"},
    ).stdout
    assert out == a


def test_svg_is_valid_xml_and_deterministic(result, no_network):
    a = static.render_static(result, "svg", **SMALL)
    root = ET.fromstring(a)
    assert root.tag.endswith("svg")
    assert root.get("width", "").startswith("360") or root.get("viewBox")
    assert b"<dc:date>" not in a and b"Matplotlib" not in a
    assert static.render_static(result, "svg", **SMALL) == a


def test_pdf_has_pages_and_no_timestamps(result, no_network):
    a = static.render_static(result, "pdf", **SMALL)
    assert a.startswith(b"%PDF-")
    assert a.count(b"/Type /Page") >= 1 and b"/Type /Pages" in a
    assert b"CreationDate" not in a and b"Matplotlib" not in a
    assert static.render_static(result, "pdf", **SMALL) == a


@pytest.mark.parametrize(
    ("kw", "size"),
    [
        ({"width": 640, "height": 360}, (640, 360)),
        ({"width": 801, "height": 601}, (801, 601)),
        ({"width": 1000}, (1000, 563)),
        ({"height": 200}, (356, 200)),
        ({"dpi": 20}, (256, 144)),
        ({"width": 300, "height": 300, "dpi": 50}, (300, 300)),
    ],
)
def test_pixel_sizes_are_exact(kw, size):
    w, h, dpi = static.figure_size(**kw)
    assert (int(w * dpi), int(h * dpi)) == size


def test_small_png_has_requested_size(result):
    assert png_size(static.render_static(result, width=333, height=222)) == (333, 222)


@pytest.mark.parametrize("bad", [{"width": 0}, {"dpi": -3}, {"width": 10**6}])
def test_bad_sizes_are_user_errors(bad):
    with pytest.raises(EnvelopeError):
        static.figure_size(**bad)


def test_format_by_extension_or_option():
    assert static.format_for("a/map.PNG") == "png"
    assert static.format_for("map.svg") == "svg"
    assert static.format_for("map.pdf") == "pdf"
    assert static.format_for("map.out", "pdf") == "pdf"
    assert static.format_for("-", "svg") == "svg"
    with pytest.raises(EnvelopeError, match="png, .svg or .pdf"):
        static.format_for("map.jpg")
    with pytest.raises(EnvelopeError, match="unsupported format"):
        static.format_for("map.png", "gif")


def test_write_static_is_atomic(result, tmp_path):
    out = tmp_path / "m.svg"
    assert static.write_static(result, out, width=320, height=180) == "svg"
    ET.parse(out)
    assert [p.name for p in tmp_path.iterdir()] == ["m.svg"]
    with pytest.raises(EnvelopeError, match="does not exist"):
        static.write_static(result, tmp_path / "nope" / "m.png", width=320, height=180)


def test_targets_are_drawn_and_named(result):
    fig = static.build_figure(result, targets=[("Belgorod", 36.59, 50.6)], **SMALL)
    assert "Belgorod" in figure_texts(fig)
    columnar = types.SimpleNamespace(
        name=[f"p{i}" for i in range(100)], lon=np.full(100, 37.0), lat=np.linspace(50.8, 52, 100)
    )
    fig = static.build_figure(result, targets=columnar, **SMALL)
    on_map = [t.get_text() for ax in fig.axes for t in ax.texts]
    assert "p1" not in on_map  # too many of the user's points to name: marked only
    assert "100 of 100 targets" in figure_texts(fig)


def test_scale_bar_is_geodesic():
    proj = static._Projection(37.0, 50.5)
    lon, lat, _ = proj.geod.fwd(37.0, 50.5, 90.0, 100_000.0)
    x0, y0 = proj.xy(37.0, 50.5)
    x1, y1 = proj.xy(lon, lat)
    assert np.hypot(x1 - x0, y1 - y0) == pytest.approx(100_000.0, rel=2e-3)
    assert proj.max_scale_error((-5e5, -5e5, 5e5, 5e5)) < 0.01
    assert [static._nice(x) for x in (0.9, 3, 7, 260, 1234)] == [0.5, 2.5, 5, 250, 1000]


def test_ranges_only_map_has_range_legend():
    res = standin_set(scenario=None)
    res = types.SimpleNamespace(
        segment=res.segment,
        envelopes=tuple(
            dataclasses.replace(e, kind="range", weapon=None, claims=(), name=f"{e.range_m:.0f} m")
            for e in res.envelopes[:2]
        ),
        as_of=None,
        scenario=None,
    )
    text = figure_texts(static.build_figure(res, **SMALL))
    assert style.LEGEND["range"] in text and "ranges given by hand" in text


def test_style_matches_the_html_map():
    from envelope.render import html

    assert style.PALETTE == html.PALETTE
    assert style.RANGE_COLOUR == html._RANGE_COLOUR
    assert style.SEA == html._SEA
    assert style.COUNTRY_FILL == html._COUNTRY_FILL
    assert style.kml_colour("#0072B2", 0.5) == "7fb27200"


def test_importing_envelope_does_not_import_matplotlib():
    code = (
        "import sys, envelope, envelope.cli, envelope.export.kml, envelope.render.static;"
        "assert 'matplotlib' not in sys.modules, 'matplotlib imported eagerly'"
    )
    subprocess.run([sys.executable, "-c", code], cwd=ROOT, check=True)


def test_cli_render_writes_png_svg_pdf(result, tmp_path, monkeypatch):
    from envelope import cli

    params = {p.name for p in cli.cli.commands["render"].params}
    assert {"width", "height", "dpi"} <= params
    from envelope.cli import maps

    monkeypatch.setattr(maps, "envelope_set", lambda *a, **k: result)
    for name, magic in (("m.png", b"\x89PNG"), ("m.svg", b"<?xml"), ("m.pdf", b"%PDF")):
        with pytest.raises(SystemExit) as exc:
            cli.main(["render", "-o", str(tmp_path / name), "--width", "320", "--height", "180"])
        assert exc.value.code == 0
        assert (tmp_path / name).read_bytes().startswith(magic)
    with pytest.raises(SystemExit) as exc:
        cli.main(["render", "-o", str(tmp_path / "x.out"), "--format", "png", "--dpi", "10"])
    assert exc.value.code == 0
    assert png_size((tmp_path / "x.out").read_bytes()) == (128, 72)


def test_footer_cites_each_report_with_its_own_outlet(result):
    text = figure_texts(static.build_figure(result, **SMALL)).replace("\n", " ")
    cited = style.report_citations(result, result.envelopes)
    assert len(cited) > 1 and text.count("Connell Media") == 1
    for item in cited:
        assert " ".join(item.split()) in text or item.split(" (")[0] in text
        if not item.startswith("000"):
            assert "Connell" not in item, item


def test_an_inferred_as_of_date_says_so_on_the_slide(result):
    if result.scenario is None:
        pytest.skip("needs the seed scenario")
    start = next(e.start for e in result.scenario.timeline if e.id == "deep-strikes")
    inferred = dataclasses.replace(result, as_of=start)
    text = figure_texts(static.build_figure(inferred, **SMALL))
    assert "as of 2024-11-06 (inferred start of deep-strikes)" in text
    assert style.as_of_text(inferred) in text


def test_coordinates_name_their_hemisphere():
    assert style.lat_text(-34) == "34°S" and style.lat_text(50) == "50°N"
    assert style.lon_text(-58) == "58°W" and style.lon_text(36) == "36°E"
    assert (
        style.lat_text(0) == "0°" and style.lon_text(-0.0) == "0°" and style.lon_text(180) == "180°"
    )
    assert style.lat_text(-49.83, ".1f") == "49.8°S" and style.lon_text(-0.04, ".1f") == "0.0°"


def _moved(result, dx=0.0, dy=0.0, factor=1.0):
    """The stand-in set and borders scaled about the segment's midpoint, then moved."""
    from shapely import affinity

    from tests.test_render_html import standin_set, synthetic_countries

    base = standin_set(scenario=None)
    origin = base.segment.line.interpolate(0.5, normalized=True)

    def move(g):
        g = affinity.scale(g, factor, factor, origin=origin)
        return affinity.translate(g, dx, dy)

    seg = dataclasses.replace(base.segment, line=move(base.segment.line))
    envs = tuple(
        dataclasses.replace(e, geometry=move(e.geometry), display=move(e.display))
        for e in base.envelopes
    )
    countries = {k: move(v) for k, v in synthetic_countries().items()}
    return dataclasses.replace(base, segment=seg, envelopes=envs), fake_borders(countries)


def _graticule_texts(fig):
    import re

    ax = fig.axes[0]
    return [t for t in ax.texts if re.fullmatch(r"\d+(\.\d+)?°[NSEW]?", t.get_text())]


def test_southern_western_graticule_labels(monkeypatch):
    moved, borders = _moved(None, dx=-94.0, dy=-84.0)  # Kharkiv's stand-in off Buenos Aires
    monkeypatch.setattr(static, "_borders", lambda: borders)
    fig = static.build_figure(moved, **SMALL)
    labels = [t.get_text() for t in _graticule_texts(fig)]
    assert any(s.endswith("°S") for s in labels) and any(s.endswith("°W") for s in labels)
    assert not any(s.endswith(("°N", "°E")) for s in labels)
    text = figure_texts(fig)
    assert "-" not in "".join(labels) and "°S" in text.split("centre ")[1].split(",")[0]


@pytest.mark.parametrize("factor", [1.0, 4.0])
def test_graticule_labels_never_overlap(monkeypatch, factor):
    """The step follows the extent: a wide map (about 1,000 km rings) gets a coarser graticule
    than the default one, and no two labels touch."""
    moved, borders = _moved(None, factor=factor)
    monkeypatch.setattr(static, "_borders", lambda: borders)
    fig = static.build_figure(moved)
    renderer = fig.canvas.get_renderer()
    boxes = [t.get_window_extent(renderer) for t in _graticule_texts(fig)]
    assert len(boxes) >= 4
    for i, a in enumerate(boxes):
        for b in boxes[i + 1 :]:
            assert not a.overlaps(b), (a, b)


def test_graticule_step_follows_the_extent(monkeypatch):
    steps = []
    for factor in (1.0, 4.0):
        moved, borders = _moved(None, factor=factor)
        monkeypatch.setattr(static, "_borders", lambda b=borders: b)
        lons = sorted(
            float(t.get_text()[:-2])
            for t in _graticule_texts(static.build_figure(moved))
            if t.get_text().endswith("°E")
        )
        steps.append(min(b - a for a, b in zip(lons, lons[1:], strict=False)))
    assert steps[0] < steps[1]
