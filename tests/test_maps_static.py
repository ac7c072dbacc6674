"""The static painter: formats, sizes, the model's content on the slide, byte-for-byte
determinism and no network. Slides render small except the one 1920 x 1080 check."""

from __future__ import annotations

import dataclasses
import functools
import hashlib
import re
import socket
import struct
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from envelope.errors import EnvelopeError
from envelope.maps.model import build_map_model
from envelope.maps.static import build_figure, figure_size, format_for, render_static, write_static
from tests.helpers import python_child

ROOT = Path(__file__).resolve().parent.parent
SMALL = {"width": 480, "height": 270}


def png_size(data: bytes) -> tuple[int, int]:
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    return struct.unpack(">II", data[16:24])


def texts(fig) -> list[str]:
    return [t.get_text() for t in fig.texts] + [t.get_text() for ax in fig.axes for t in ax.texts]


@pytest.fixture
def no_network(monkeypatch):
    def refuse(*args, **kwargs):
        raise AssertionError("the static renderer must not touch the network")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setattr(socket, "getaddrinfo", refuse)


@pytest.fixture(scope="module")
def small_fig(june_model):
    return build_figure(june_model, **SMALL)


def start_in_background() -> subprocess.Popen:
    """A child with another hash seed that computes the set and renders the small slide in
    each format,
    started when collection ends (tests/conftest.py) so it runs beside the suite."""
    code = (
        "import sys, hashlib, datetime as dt, envelope;"
        "r = envelope.compute_envelope_set('kharkiv', as_of=dt.date(2024, 6, 15));"
        f"s = dict(width={SMALL['width']}, height={SMALL['height']});"
        "print(*(hashlib.sha256(envelope.render_static(r, f, **s)).hexdigest()"
        " for f in ('png', 'svg', 'pdf')))"
    )
    return python_child(code, "7")


@functools.cache
def _child_digests(child: subprocess.Popen) -> dict[str, str]:
    """The background child's digests by format (read once; two tests use them)."""
    out, err = child.communicate(timeout=300)
    assert child.returncode == 0, err
    return dict(zip(("png", "svg", "pdf"), out.split(), strict=True))


def test_default_png_is_a_1920x1080_slide_and_reproducible(june_model, no_network, background):
    data = render_static(june_model)
    assert png_size(data) == (1920, 1080)
    assert b"Software" not in data and b"matplotlib" not in data.lower()
    assert len(data) < 1_500_000
    small = render_static(june_model, **SMALL)
    assert _child_digests(background)["png"] == hashlib.sha256(small).hexdigest()


def test_slide_shows_the_models_words(small_fig, june_model):
    shown = texts(small_fig)
    joined = "\n".join(shown)
    assert shown[0] == june_model.title
    assert "as of 2024-06-15" in joined and "Ukraine \u2192 Russia" in joined
    for e in june_model.legend:
        assert e.label in shown, e.label
    for r in june_model.state.ring_labels:
        assert r.text in shown, r.text
    for row in june_model.state.summary:
        assert row.label in shown and row.claimed in shown and row.share in shown
    assert "R\u2009U\u2009S\u2009S\u2009I\u2009A" in shown  # the country label, letter-spaced
    footer = next(t for t in shown if t.startswith(f"Sources ({june_model.sources_brief}): "))
    assert "000_fc1554105e1b3917 (Connell Media, 2024-06-01)" in footer
    assert footer.count("Connell Media") == 1
    # who said each figure: its own claims' speakers, never a report's first attribution
    assert "001_8ba813095ef1139b (2024-11-06, date inferred)" in footer
    assert "citing" not in footer and "Fox News" not in footer
    who = " ".join(footer.split("Who said it: ")[1].split("\n"))
    atacms = "ATACMS claimed 185\u2013200 mi (4 reports, 4 origins): "
    assert who.startswith(atacms + "000, 001, 002, 003: the report itself")
    assert "HIMARS authorized 24 mi (1 report, 1 origin): 002: Ukrainian intelligence" in who


def test_envelopes_are_drawn_in_the_models_order_and_colours(small_fig, june_model):
    from matplotlib.colors import to_hex

    ax = small_fig.axes[0]
    patches = [p for p in ax.patches if 2 <= p.get_zorder() < 4]
    patches.sort(key=lambda p: p.get_zorder())
    shapes = [s for g in june_model.layers_at(0) for s in g.shapes]
    assert len(patches) == len(shapes)
    for p, s in zip(patches, shapes, strict=True):
        colour = p.get_edgecolor() if s.look.width > 0 or s.inner is not None else p.get_facecolor()
        assert to_hex(colour) == s.look.colour.lower()
    # everything went in with add_artist: matplotlib never computed data limits over outlines
    assert ax.dataLim.x0 == float("inf") and ax.get_xlim()[0] > -1e7


def test_svg_and_pdf_are_deterministic(june_model, no_network, background):
    """The same bytes in this process and in another one with another hash seed."""
    a = render_static(june_model, "svg", **SMALL)
    assert _child_digests(background)["svg"] == hashlib.sha256(a).hexdigest()
    root = ET.fromstring(a)
    assert root.tag.endswith("svg")
    p = render_static(june_model, "pdf", **SMALL)
    assert p.startswith(b"%PDF") and b"/Type /Page" in p and b"CreationDate" not in p
    assert _child_digests(background)["pdf"] == hashlib.sha256(p).hexdigest()


@pytest.mark.parametrize(
    "kw, size",
    [
        ({}, (12.8, 7.2, 150.0)),
        ({"width": 640}, (640 / 50, 360 / 50, 50.0)),
        ({"dpi": 300}, (12.8, 7.2, 300.0)),
        ({"width": 1000, "height": 1000, "dpi": 100}, (10.0, 10.0, 100.0)),
    ],
)
def test_figure_sizes(kw, size):
    w, h, d = figure_size(**kw)
    assert (w, h, d) == pytest.approx(size, abs=1e-5)


def test_small_sizes_formats_and_errors(june_model, tmp_path):
    assert png_size(render_static(june_model, width=333, height=222)) == (333, 222)
    for bad in ({"width": -5}, {"width": 10}, {"dpi": float("nan")}):
        with pytest.raises(EnvelopeError):
            figure_size(**bad)
    assert format_for("x.PNG") == "png" and format_for("x.svg", "pdf") == "pdf"
    with pytest.raises(EnvelopeError, match="format"):
        format_for("x.jpeg")
    out = tmp_path / "m.svg"
    assert write_static(june_model, out, width=320, height=180) == "svg"
    assert out.read_bytes().startswith(b"<?xml")
    with pytest.raises(EnvelopeError, match="does not exist"):
        write_static(june_model, tmp_path / "nope" / "m.png", width=320, height=180)
    assert not list(tmp_path.glob("nope*"))


def test_ranges_only_slide(no_network):
    from envelope.envelopes import compute_envelope_set

    model = build_map_model(compute_envelope_set(segment="kharkiv", ranges=["50mi"]))
    shown = texts(build_figure(model, **SMALL))
    assert "Range (no weapon)" in shown and "ranges given by hand" in " ".join(shown)
    assert "50 mi (80 km)" in shown and "50 mi" in shown  # the ring's label and the table's row
    assert not any("50 mi 50 mi" in t for t in shown)


def _moved(june, dx, dy, factor=1.0):
    from shapely import affinity

    origin = june.segment.line.interpolate(0.5, normalized=True)

    def move(g):
        return affinity.translate(affinity.scale(g, factor, factor, origin=origin), dx, dy)

    seg = dataclasses.replace(june.segment, line=move(june.segment.line))
    envs = tuple(dataclasses.replace(e, display=move(e.display)) for e in june.envelopes)
    return build_map_model(dataclasses.replace(june, segment=seg, envelopes=envs))


def _graticule(fig) -> list:
    return [t for t in fig.axes[0].texts if re.fullmatch(r"\d+(\.\d+)?°[NSEW]?", t.get_text())]


def test_graticule_labels_name_their_hemisphere_and_never_overlap(june):
    south_west = build_figure(_moved(june, -94.0, -84.0), **SMALL)  # off Buenos Aires
    labels = [t.get_text() for t in _graticule(south_west)]
    assert any(s.endswith("°S") for s in labels) and any(s.endswith("°W") for s in labels)
    assert not any(s.endswith(("°N", "°E")) for s in labels) and "-" not in "".join(labels)
    wide = build_figure(_moved(june, 0.0, 0.0, factor=4.0), width=960, height=540)
    renderer = wide.canvas.get_renderer()
    boxes = [t.get_window_extent(renderer) for t in _graticule(wide)]
    assert len(boxes) >= 4
    assert all(not a.overlaps(b) for i, a in enumerate(boxes) for b in boxes[i + 1 :])
    lons = sorted(float(t.get_text()[:-2]) for t in _graticule(wide) if t.get_text().endswith("E"))
    assert lons[1] - lons[0] > 1.0  # a wide map gets a coarser graticule than the default


def test_importing_envelope_does_not_import_matplotlib():
    code = "import sys, envelope, envelope.cli; print('matplotlib' in sys.modules)"
    out = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True
    )
    assert out.stdout.strip() == "False"


def test_timeline_and_compare_slides(timeline, compare):
    """No date: small multiples of up to four states, one legend, a row per state; two dates:
    both drawn, and what changed between them."""
    from envelope.maps.timeline import panels

    fig = build_figure(timeline, **SMALL)
    shown = texts(fig)
    assert len(fig.axes) == len(panels(timeline)) == min(4, len(timeline.states))
    assert sum(t == "Legend" for t in shown) == 1
    for s in timeline.states:
        assert any(s.label in t for t in shown), s.label
    fig = build_figure(compare, **SMALL)
    shown = texts(fig)
    assert len(fig.axes) == 2 and "What changed" in shown
    assert any(t.startswith("2024-06-15") for t in shown)
    assert any(t.startswith("2025-02-01") for t in shown)
    assert any("ATACMS: authorized area +" in t for t in shown)
    pdf = render_static(compare, "pdf", **SMALL)
    assert pdf.startswith(b"%PDF")
