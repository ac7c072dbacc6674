"""KML and GeoPackage exports: one feature per envelope with the GeoJSON's properties, valid
files, escaping, atomic writes, and the export command's format detection."""

from __future__ import annotations

import dataclasses
import xml.etree.ElementTree as ET

import pytest
import shapely

from envelope.errors import EnvelopeError
from envelope.export import gpkg
from envelope.export import kml as kml_module
from envelope.export.properties import envelope_properties, polygons

K = "{http://www.opengis.net/kml/2.2}"


@pytest.fixture(scope="module")
def result(june):
    return june


@pytest.fixture(scope="module")
def kml(result):
    return ET.fromstring(kml_module.kml_text(result).encode("utf-8"))


def test_kml_has_one_placemark_per_envelope(result, kml):
    assert kml.tag == f"{K}kml"
    placemarks = kml.findall(f".//{K}Placemark")
    assert len(placemarks) == len(result.envelopes)
    assert sorted(p.findtext(f"{K}name") for p in placemarks) == sorted(
        e.name for e in result.envelopes
    )


def test_kml_document_credits_the_border_data(kml):
    text = kml.findtext(f"{K}Document/{K}description")
    assert "OpenStreetMap" in text and "ODbL" in text


def test_gpkg_bytes_are_fixed_and_last_change_is_no_wall_clock(result, tmp_path, monkeypatch):
    import sqlite3

    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    first = gpkg.gpkg_bytes(result)
    assert gpkg.gpkg_bytes(result) == first
    (tmp_path / "a.gpkg").write_bytes(first)
    with sqlite3.connect(tmp_path / "a.gpkg") as db:
        stamps = {row[0] for row in db.execute("SELECT last_change FROM gpkg_contents")}
    assert stamps == {f"{result.as_of.isoformat()}T00:00:00Z"}
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "86400")
    assert gpkg.last_change(result) == "1970-01-02T00:00:00Z"


def test_kml_descriptions_give_range_area_and_sources(result, kml):
    by_name = {p.findtext(f"{K}name"): p for p in kml.findall(f".//{K}Placemark")}
    for env in result.envelopes:
        desc = by_name[env.name].findtext(f"{K}description")
        assert " mi (" in desc and " km)" in desc and "km²" in desc
        for rid in env.sources:
            assert rid in desc
        data = {
            d.get("name"): d.findtext(f"{K}value")
            for d in by_name[env.name].findall(f"{K}ExtendedData/{K}Data")
        }
        assert list(data) == list(envelope_properties(env, result))
        assert data["sources"] == ", ".join(env.sources)


def test_kml_styles_are_aabbggrr_and_match_the_palette(result, kml):
    styles = {s.get("id"): s for s in kml.findall(f"{K}Document/{K}Style")}
    for pm in kml.findall(f".//{K}Placemark"):
        st = styles[pm.findtext(f"{K}styleUrl").lstrip("#")]
        line = st.findtext(f"{K}LineStyle/{K}color")
        poly = st.findtext(f"{K}PolyStyle/{K}color")
        assert len(line) == 8 and int(line, 16) >= 0 and line.startswith("ff")
        assert poly[2:] == line[2:] and poly[:2] != "ff"
    first_weapon = result.weapons()[0] if result.weapons() else None
    if first_weapon:  # Okabe-Ito blue #0072B2 is b2 72 00 in KML order
        pm = next(
            p
            for p in kml.findall(f".//{K}Placemark")
            if p.findtext(f"{K}name").startswith(first_weapon)
        )
        st = styles[pm.findtext(f"{K}styleUrl").lstrip("#")]
        assert st.findtext(f"{K}LineStyle/{K}color") == "ffb27200"


def test_kml_geometry_is_the_exact_geometry_counter_clockwise(result, kml):
    import numpy as np

    by_name = {p.findtext(f"{K}name"): p for p in kml.findall(f".//{K}Placemark")}
    for env in result.envelopes:
        rings = by_name[env.name].findall(f".//{K}outerBoundaryIs/{K}LinearRing/{K}coordinates")
        exact = polygons(env.geometry)
        assert len(rings) == len(exact)
        for ring, poly in zip(rings, exact, strict=True):
            xy = np.array([tuple(map(float, c.split(","))) for c in ring.text.split()])
            assert shapely.LinearRing(xy).is_ccw
            # vertex for vertex the exact outline, to 7 decimals (about 1 cm)
            assert np.abs(xy - np.asarray(poly.exterior.coords)[:, :2]).max() <= 0.5e-7 + 1e-12


def test_kml_escapes_user_strings(result):
    env = dataclasses.replace(result.envelopes[0], name="<b>&\"x'</b>", note="]]></description>")
    res = dataclasses.replace(result, envelopes=(env,))
    root = ET.fromstring(kml_module.kml_text(res, title="<script>").encode())
    assert root.findtext(f".//{K}Placemark/{K}name") == "<b>&\"x'</b>"
    assert root.findtext(f"{K}Document/{K}name") == "<script>"
    assert "]]&gt;&lt;/description&gt;" in root.findtext(f".//{K}Placemark/{K}description")


def test_gpkg_layer_has_the_geojson_properties(result, tmp_path):
    import geopandas as gpd
    import pyogrio

    out = tmp_path / "e.gpkg"
    gpkg.write_gpkg(result, out)
    layers = dict(pyogrio.list_layers(out))
    assert layers["envelopes"] == "MultiPolygon"
    frame = gpd.read_file(out, layer="envelopes")
    assert len(frame) == len(result.envelopes)
    props = envelope_properties(result.envelopes[0], result)
    assert [c for c in frame.columns if c != "geometry"] == list(props)
    assert frame.crs.to_epsg() == 4326
    for env, (_, row) in zip(result.envelopes, frame.iterrows(), strict=True):
        assert row["name"] == env.name
        assert row["sources"] == ", ".join(env.sources)
        assert row["range_m"] == pytest.approx(env.range_m, abs=1e-3)
        assert row.geometry.symmetric_difference(env.geometry).area < 1e-9
    assert [p.name for p in tmp_path.iterdir()] == ["e.gpkg"]


def test_gpkg_replaces_an_existing_file_whole(result, tmp_path):
    import geopandas as gpd

    out = tmp_path / "e.gpkg"
    out.write_bytes(b"not a geopackage")
    gpkg.write_gpkg(result, out)
    gpkg.write_gpkg(result, out)  # twice: the layer is not appended to
    assert len(gpd.read_file(out, layer="envelopes")) == len(result.envelopes)


def test_gpkg_refuses_stdout_and_missing_folders(result, tmp_path):
    with pytest.raises(EnvelopeError, match="standard output"):
        gpkg.write_gpkg(result, "-")
    with pytest.raises(EnvelopeError, match="does not exist"):
        gpkg.write_gpkg(result, tmp_path / "no" / "e.gpkg")
    with pytest.raises(EnvelopeError, match="does not exist"):
        kml_module.write_kml(result, tmp_path / "no" / "e.kml")


def test_failed_gpkg_write_leaves_the_old_file(result, tmp_path, monkeypatch):
    out = tmp_path / "e.gpkg"
    out.write_bytes(b"old")

    def boom(*a, **k):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(gpkg, "to_geodataframe", lambda r: type("F", (), {"to_file": boom})())
    with pytest.raises(EnvelopeError, match="no space left on the device; free some space"):
        gpkg.write_gpkg(result, out)
    assert out.read_bytes() == b"old"
    assert [p.name for p in tmp_path.iterdir()] == ["e.gpkg"]


@pytest.mark.parametrize("name", ["x.kml", "x.KML", "x.gpkg"])
def test_export_command_picks_the_format_by_extension(result, tmp_path, monkeypatch, name):
    from envelope import cli
    from envelope.cli import export

    monkeypatch.setattr(export, "envelope_set", lambda *a, **k: result)
    with pytest.raises(SystemExit) as exc:
        cli.main(["export", "-o", str(tmp_path / name)])
    assert exc.value.code == 0
    data = (tmp_path / name).read_bytes()
    assert data.startswith(b"<?xml" if name.lower().endswith("kml") else b"SQLite format 3")


def test_export_rejects_unknown_extensions(capsys):
    from envelope import cli

    with pytest.raises(SystemExit) as exc:
        cli.main(["export", "-o", "x.shp"])
    assert exc.value.code == 2
    assert ".gpkg, .json, .kml" in capsys.readouterr().err
