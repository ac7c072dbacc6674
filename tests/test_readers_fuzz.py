"""Fuzzing the readers of user files (segment and target GeoJSON, scenario TOML, target CSV):
whatever the bytes, the only exception is the tool's own EnvelopeError, and no warning."""

from __future__ import annotations

import json
import tempfile
import warnings
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from envelope.errors import EnvelopeError

FUZZ = settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
    derandomize=True,  # the same examples every run: a failure is reproducible, CI is stable
)

numbers = st.one_of(
    st.integers(-(10**400), 10**400),
    st.floats(allow_nan=True, allow_infinity=True),
    st.sampled_from([36.2, 50.3, 36.9, 50.4, -181, 91, 0]),
)
scalars = st.one_of(st.none(), st.booleans(), numbers, st.text(max_size=8))
json_values = st.recursive(
    scalars,
    lambda inner: st.one_of(
        st.lists(inner, max_size=4), st.dictionaries(st.text(max_size=6), inner, max_size=4)
    ),
    max_leaves=12,
)
positions = st.lists(st.one_of(numbers, scalars), min_size=0, max_size=4)
geometries = st.fixed_dictionaries(
    {
        "type": st.sampled_from(
            ["LineString", "MultiLineString", "Point", "MultiPoint", "Polygon", "Feature", "x"]
        ),
        "coordinates": st.one_of(
            st.lists(positions, max_size=4), st.lists(st.lists(positions, max_size=3), max_size=3)
        ),
    }
)
geojson_docs = st.one_of(
    json_values,
    geometries,
    st.builds(
        lambda gs, props: {
            "type": "FeatureCollection",
            "features": [{"type": "Feature", "properties": props, "geometry": g} for g in gs],
        },
        st.lists(geometries, max_size=3),
        json_values,
    ),
)


def _text(doc) -> str:
    return json.dumps(doc, allow_nan=True)  # NaN and Infinity appear as JSON5-style words


def _only_envelope_errors(read, data: bytes, name: str) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / name
        path.write_bytes(data)
        with warnings.catch_warnings():
            warnings.simplefilter("error")
            try:
                read(path)
            except EnvelopeError as exc:
                assert "\n" not in str(exc)


@FUZZ
@given(doc=geojson_docs, bom=st.booleans())
def test_segment_geojson_reader(doc, bom):
    from envelope.borders import load_segment_file

    text = ("\ufeff" if bom else "") + _text(doc)
    _only_envelope_errors(load_segment_file, text.encode("utf-8"), "seg.geojson")


@FUZZ
@given(doc=geojson_docs, junk=st.binary(max_size=20))
def test_target_geojson_reader(doc, junk):
    from envelope.targets import load_geojson

    _only_envelope_errors(load_geojson, _text(doc).encode() + junk[:1], "t.geojson")


toml_values = st.one_of(
    st.sampled_from(['"250 km"', '"1e308 km"', '"inf km"', "inf", "nan", "true", "-3", '""']),
    st.integers(-(10**6), 10**6).map(str),
    st.floats(allow_nan=False, allow_infinity=False).map(repr),
    st.text(alphabet="abc 0123456789.km", max_size=10).map(json.dumps),
)
toml_keys = st.sampled_from(
    ["name", "range", "supplier", "aliases", "claims", "value", "unit", "id", "start", "weapons"]
)


@st.composite
def toml_docs(draw) -> str:
    lines = ["schema = 1"] if draw(st.booleans()) else []
    for _ in range(draw(st.integers(0, 3))):
        lines.append(draw(st.sampled_from(["[[weapons]]", "[[timeline]]", "[[reports]]", "[x"])))
        for _ in range(draw(st.integers(0, 4))):
            lines.append(f"{draw(toml_keys)} = {draw(toml_values)}")
    if draw(st.booleans()):
        lines.append(draw(st.text(max_size=12)))
    return "\n".join(lines) + "\n"


@FUZZ
@given(text=toml_docs(), bom=st.booleans())
def test_scenario_toml_reader(text, bom):
    from envelope.scenario import load_scenario

    data = (("\ufeff" if bom else "") + text).encode("utf-8", "surrogatepass")
    _only_envelope_errors(load_scenario, data, "s.toml")


cells = st.one_of(
    st.sampled_from(["50.4", "36.9", "-91", "nan", "inf", "", "1e400", "=1+1", '"', "x"]),
    st.text(max_size=6),
)


@FUZZ
@given(
    header=st.lists(st.sampled_from(["name", "lat", "lon", "latitude", "x", ""]), max_size=4),
    rows=st.lists(st.lists(cells, max_size=5), max_size=6),
    sep=st.sampled_from([",", ";", "\t"]),
    bom=st.booleans(),
)
def test_target_csv_reader(header, rows, sep, bom):
    from envelope.targets import load_targets

    text = "\n".join(sep.join(r) for r in [header, *rows])
    data = (("\ufeff" if bom else "") + text).encode("utf-8", "surrogatepass")
    _only_envelope_errors(lambda p: load_targets(str(p)), data, "t.csv")


@pytest.mark.parametrize("data", [b"\xff\xfe\x00", b"\x00" * 64, b"[" * 5000, b"\xef\xbb\xbf"])
def test_raw_bytes_never_crash_the_readers(data):
    from envelope.borders import load_segment_file
    from envelope.scenario import load_scenario
    from envelope.targets import load_geojson, load_targets

    _only_envelope_errors(load_segment_file, data, "s.geojson")
    _only_envelope_errors(load_geojson, data, "t.geojson")
    _only_envelope_errors(load_scenario, data, "s.toml")
    _only_envelope_errors(lambda p: load_targets(str(p)), data, "t.csv")
