"""Bad input as a hostile but realistic user would give it, table-driven and in-process: every
case exits 2 with one stderr line naming the problem (or succeeds, where the policy says so),
and leaves nothing behind: no output, no temporary file, no GeoPackage journal."""

from __future__ import annotations

import errno
import os
import socket
import stat
import subprocess
import warnings
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from envelope.cli import main

LINE = '{"type": "LineString", "coordinates": [[36.2, 50.3], [36.9, 50.4]]}'
BAD_SEGMENT_EXIT = 2


@dataclass(frozen=True)
class Case:
    id: str
    args: tuple[str, ...]
    fragment: str
    code: int = 2
    files: dict[str, str | bytes] = field(default_factory=dict)
    setup: Callable | None = None  # (tmp_path, monkeypatch) -> None
    fake: bool = False  # use the small precomputed envelope set (output cases)
    creates: tuple[str, ...] = ()  # what a succeeding case writes


# --------------------------------------------------------------------------------------------
# setups


def _fail(target: str, code: int):
    """Make ``target`` (a dotted attribute) raise OSError(code): conditions root cannot
    produce for real."""

    def setup(tmp_path, monkeypatch):
        def boom(*a, **k):
            raise OSError(code, os.strerror(code))

        monkeypatch.setattr(target, boom)

    return setup


def _write_fails(code: int):
    """The data write fails after the temporary file exists (it must be removed)."""
    return _fail("envelope.export.write.os.fsync", code)


def _probe_fails(code: int):
    """Creating a file in the folder fails: read-only, immutable or forbidden folder."""
    return _fail("envelope.export.write.tempfile.mkstemp", code)


def _symlink(name: str, to: str):
    def setup(tmp_path, monkeypatch):
        os.symlink(to, tmp_path / name)

    return setup


def _fifo(name: str):
    def setup(tmp_path, monkeypatch):
        os.mkfifo(tmp_path / name)

    return setup


def _node(name: str, kind: int, major: int, minor: int):
    def setup(tmp_path, monkeypatch):
        try:
            os.mknod(tmp_path / name, kind | 0o600, os.makedev(major, minor))
        except PermissionError:
            pytest.skip("creating device nodes needs root")

    return setup


def _socket(name: str):
    def setup(tmp_path, monkeypatch):
        sock = socket.socket(socket.AF_UNIX)
        sock.bind(str(tmp_path / name))  # the socket file stays after closing
        sock.close()

    return setup


class _BrokenStdout:
    """A standard output whose reader has gone (EPIPE) or whose disk is full (ENOSPC)."""

    def __init__(self, code: int) -> None:
        self.code = code
        self.buffer = self

    def write(self, data):
        raise OSError(self.code, os.strerror(self.code))

    def flush(self):
        pass

    def isatty(self):
        return False


def _stdout(code: int):
    def setup(tmp_path, monkeypatch):
        monkeypatch.setattr("sys.stdout", _BrokenStdout(code))

    return setup


_UNDO: list = []  # paths made immutable, made mutable again after each case


def _immutable(name: str, *, folder: bool):
    def setup(tmp_path, monkeypatch):
        path = tmp_path / name
        if folder:
            path.mkdir()
        else:
            path.write_text("old\n")
        done = subprocess.run(["chattr", "+i", str(path)], capture_output=True)
        if done.returncode != 0:
            pytest.skip("chattr +i is not supported here")
        _UNDO.append(path)

    return setup


def _geojson_failure(tmp_path, monkeypatch):
    import pyogrio.errors

    from envelope.export import gpkg

    class Frame:
        def to_file(self, path, **k):
            open(path, "wb").close()
            open(str(path) + "-journal", "wb").close()
            raise pyogrio.errors.DataSourceError("sqlite3_exec(COMMIT) failed: disk I/O error")

    monkeypatch.setattr(gpkg, "to_geodataframe", lambda result: Frame())


def _deep(n: int) -> str:
    return "[" * n + "]" * n


def _feature(coords: str, kind: str = "LineString") -> str:
    """A Feature with its coordinates as raw JSON text (so NaN, true or "36.0" can appear)."""
    return (
        f'{{"type": "Feature", "properties": {{}}, '
        f'"geometry": {{"type": "{kind}", "coordinates": {coords}}}}}'
    )


# --------------------------------------------------------------------------------------------
# the cases


def _export(*args: str) -> tuple[str, ...]:
    return ("export", *args, "-o", "out.geojson")


RANGES = [
    Case("range-negative", _export("--range", "-5km"), "positive"),
    Case("range-zero", _export("--range", "0km"), "positive"),
    Case("range-unknown-unit", _export("--range", "5parsecs"), "parsecs"),
    Case("range-empty", _export("--range", ""), "--range"),
    Case("range-unit-only", _export("--range", "km"), "--range"),
    Case("range-1e308", _export("--range", "1e308 km"), "too large"),
    Case("range-inf", _export("--range", "inf km"), "--range"),
    Case("range-nan", _export("--range", "nan km"), "--range"),
    Case("range-too-far", _export("--range", "3000 km"), "1 km to 2,000 km"),
    Case("range-too-near", _export("--range", "0.5 km"), "1 km to 2,000 km"),
    Case("range-word", _export("--range", "true"), "--range"),
    Case("range-two-values", _export("--range", "10 km 20 km"), "--range"),
    Case("range-control-chars", _export("--range", "5\x1b[31mkm"), "\\x1b"),
]
WEAPONS = [
    Case("weapon-unknown", _export("--weapon", "NOSUCH"), "known weapons"),
    Case("weapon-empty", _export("--weapon", ""), "weapon"),
    Case("weapon-escape", _export("--weapon", "AT\x1bACMS"), "AT\\x1bACMS"),
    Case("weapon-long", _export("--weapon", "x" * 5000), "known weapons"),
]
LAUNCH = [
    Case("launch-point-word", _export("--from-point", "abc"), "is not LAT,LON"),
    Case("launch-point-one-number", _export("--from-point", "50.6"), "is not LAT,LON"),
    Case("launch-point-nan", _export("--from-point", "nan,36"), "latitude must lie within"),
    Case("launch-point-swapped", _export("--from-point", "95,36"), "the order is LAT,LON"),
    Case("launch-point-paris", _export("--from-point", "48.8,2.3,Paris"), "or turn clipping off"),
    Case("launch-point-flag-once", _export("--from-point", "48.8,2.3,X"), "(--no-clip)"),
    Case("launch-standoff-negative", _export("--standoff", "-5km"), "--standoff"),
    Case("launch-standoff-1e308", _export("--standoff", "1e308km"), "too large"),
    Case("launch-standoff-past-range", _export("--range", "9km", "--standoff", "50km"), "standoff"),
    Case("launch-from-unknown", _export("--from", "XXX"), "unknown country code 'XXX'"),
    Case("launch-into-unknown", _export("--into", "ZZZ"), "unknown country code 'ZZZ'"),
    Case("launch-same-country", _export("--from", "RUS", "--into", "RUS"), "two different"),
    Case("launch-edges", _export("--edges", "foo"), "--edges"),
]
DATES = [
    Case("date-word", _export("--as-of", "June"), "YYYY-MM-DD"),
    Case("date-month-13", _export("--as-of", "2024-13-01"), "YYYY-MM-DD"),
    Case("date-feb-30", _export("--as-of", "2024-02-30"), "YYYY-MM-DD"),
    Case("date-empty", _export("--as-of", ""), "YYYY-MM-DD"),
    Case("date-time", _export("--as-of", "2024-06-15T00:00"), "YYYY-MM-DD"),
]


def _seg(name: str, content: str | bytes, fragment: str, code: int = 2) -> Case:
    return Case(
        f"segment-{name}",
        _export("--segment", "seg.geojson", *(("--range", "5 km") if code == 0 else ())),
        fragment,
        code=code,
        files={"seg.geojson": content},
        creates=("out.geojson",) if code == 0 else (),
    )


SEGMENTS = [
    Case("segment-unknown", _export("--segment", "nosuch"), "unknown segment 'nosuch'"),
    Case("segment-missing-file", _export("--segment", "no.geojson"), "no.geojson"),
    Case("segment-folder", _export("--segment", "."), "folder"),
    _seg("not-json", "this is not json\n", "not JSON"),
    _seg("empty-file", "", "not JSON"),
    _seg("json-array", "[1, 2]", "not GeoJSON"),
    _seg("json-string", '"LineString"', "not GeoJSON"),
    _seg("unknown-type", '{"type": "Line"}', "unknown type"),
    _seg("no-type", '{"coordinates": []}', "no 'type'"),
    _seg("point-in-russia", '{"type": "Point", "coordinates": [36.6, 50.6]}', "outside the origin"),
    _seg("polygon-only", '{"type": "Polygon", "coordinates": []}', "no LineString"),
    _seg("features-not-list", '{"type": "FeatureCollection", "features": 3}', "features"),
    _seg("empty-collection", '{"type": "FeatureCollection", "features": []}', "no LineString"),
    _seg("null-geometry", '{"type": "Feature", "geometry": null}', "no LineString"),
    _seg("out-of-range", _feature("[[500000, 6000000], [500100, 6000100]]"), "EPSG:4326"),
    _seg("invalid-utf8", b'{"type": "\xff"}', "UTF-8"),
    _seg("utf16", '{"type": "Point"}'.encode("utf-16"), "UTF-"),
    _seg("bom", ("\ufeff" + LINE).encode("utf-8"), "", code=0),
    _seg("one-point", _feature("[[36.2, 50.3]]"), "at least 2 distinct points, this one has 1"),
    _seg("same-point-twice", _feature("[[36.2, 50.3], [36.2, 50.3]]"), "this one has 1"),
    _seg("deep", _deep(100_000), "nested more than 64 levels"),
    _seg("deep-objects", '{"a":' * 70 + "1" + "}" * 70, "nested more than 64 levels"),
    _seg("nan", _feature("[[NaN, 50.3], [36.9, 50.4]]"), "NaN is not a number JSON allows"),
    _seg("infinity", _feature("[[Infinity, 50.3], [36.9, 50.4]]"), "Infinity is not"),
    _seg("1e400", _feature("[[1e400, 50.3], [36.9, 50.4]]"), "not a finite number"),
    _seg("bool", _feature("[[true, 50.3], [36.9, 50.4]]"), "longitude true is not a number"),
    _seg("string", _feature('[["36.0", 50.3], [36.9, 50.4]]'), 'longitude "36.0" is not a num'),
    _seg("null-coordinate", _feature("[[null, 50.3], [36.9, 50.4]]"), "null is not a number"),
    _seg("one-number", _feature("[[36.2], [36.9, 50.4]]"), "is not [lon, lat]"),
    _seg("coords-not-list", _feature('"36,50"'), "not a list"),
    _seg("multi-one-point", _feature("[[[36.2, 50.3]]]", "MultiLineString"), "this one has 1"),
    _seg("multi-flat", _feature("[36.2, 50.3]", "MultiLineString"), "not a list of positions"),
    _seg("collection-bad", '{"type": "GeometryCollection", "geometries": 7}', "'geometries'"),
    _seg("props-list", LINE[:-1] + ', "properties": []}', "", code=0),
    _seg("name-number", _feature("[[36.2, 50.3], [36.9, 50.4]]")[:-1] + ', "name": 7}', "", 0),
    _seg("empty-lines", _feature("[[], []]", "MultiLineString"), "empty"),
    Case("segment-empty-name", _export("--segment", ""), "segment name is empty"),
    Case("segment-blank-name", _export("--segment", "  "), "segment name is empty"),
    Case("segment-dev-zero", _export("--segment", "/dev/zero"), "character device"),
    Case("segment-dev-null", _export("--segment", "/dev/null"), "not a regular file"),
    Case("segment-fifo", _export("--segment", "f.geojson"), "FIFO", setup=_fifo("f.geojson")),
    Case(
        "segment-case-insensitive",
        ("export", "--segment", "KHARKIV", "--range", "5 km", "-o", "out.geojson"),
        "",
        code=0,
        creates=("out.geojson",),
    ),
    Case("segment-too-far-early", _export("--segment", "ua-ru", "--range", "1500km"), "west edge"),
]
FIXTURES = Path(__file__).resolve().parent / "fixtures"


def _scenario(name: str, body: str | bytes, fragment: str, code: int = 2, cmd="weapons") -> Case:
    return Case(
        f"scenario-{name}",
        (cmd, "--scenario", "s.toml"),
        fragment,
        code=code,
        files={"s.toml": body},
    )


WEAPON_HEAD = 'schema = 1\n[[weapons]]\nname = "Big"\n'
TIMELINE = (
    'schema = 1\n[[timeline]]\nid = "x"\nstart = 2024-05-30\nstart_basis = "stated"\n'
    'supplier = "US"\nweapons = ["HIMARS"]\nsegments = ["*"]\nsummary = "s"\n'
)
SCENARIOS = [
    Case("scenario-missing", ("claims", "--scenario", "none.toml"), "none.toml: no such file"),
    Case("scenario-folder", ("claims", "--scenario", "."), "is a directory"),
    Case("scenario-dev-zero", ("claims", "--scenario", "/dev/zero"), "not a regular file"),
    Case("scenario-dev-null", ("timeline", "--scenario", "/dev/null"), "not a regular file"),
    Case("scenario-empty-name", ("weapons", "--scenario", ""), "empty"),
    _scenario("not-toml", "this is = = not toml\n", "s.toml: line 1: invalid TOML"),
    _scenario("invalid-utf8", b"title = '\xff'\n", "UTF-8"),
    _scenario("utf16", "schema = 1\n".encode("utf-16"), "UTF-16"),
    _scenario("bom", ("\ufeff" + WEAPON_HEAD + 'range = "100 km"\n').encode(), "", code=0),
    _scenario("deep-array", "a = " + "[" * 3000 + "]" * 3000 + "\n", "s.toml"),
    _scenario("unknown-key", "schema = 1\ncolour = 'red'\n", "unknown key"),
    _scenario("range-1e308", WEAPON_HEAD + 'range = "1e308 km"\n', "weapons[0].range"),
    _scenario("range-3000", WEAPON_HEAD + 'range = "3000 km"\n', "1 km to 2,000 km"),
    _scenario("range-tiny", WEAPON_HEAD + 'range = "1 m"\n', "weapons[0].range"),
    _scenario("range-inf", WEAPON_HEAD + 'range = "inf km"\n', "weapons[0].range"),
    _scenario("range-number", WEAPON_HEAD + "range = 250\n", "weapons[0].range"),
    _scenario("range-bool", WEAPON_HEAD + "range = true\n", "weapons[0].range"),
    _scenario(
        "claim-1e308",
        WEAPON_HEAD + 'claims = [{ value = 1e308, unit = "km" }]\n',
        "weapons[0].claims[0]",
    ),
    _scenario(
        "claim-inf", WEAPON_HEAD + 'claims = [{ value = inf, unit = "km" }]\n', "claims[0].value"
    ),
    _scenario(
        "claim-nan", WEAPON_HEAD + 'claims = [{ value = nan, unit = "km" }]\n', "claims[0].value"
    ),
    _scenario(
        "claim-bool", WEAPON_HEAD + 'claims = [{ value = true, unit = "km" }]\n', "claims[0].value"
    ),
    _scenario(
        "claim-string",
        WEAPON_HEAD + 'claims = [{ value = "36.0", unit = "km" }]\n',
        "claims[0].value",
    ),
    _scenario(
        "claim-unit", WEAPON_HEAD + 'claims = [{ value = 3, unit = "parsecs" }]\n', "parsecs"
    ),
    _scenario("no-range", WEAPON_HEAD, "needs 'claims' or a 'range'"),
    _scenario(
        "timeline-segment-unknown",
        TIMELINE.replace('segments = ["*"]', 'segments = ["nosuch"]'),
        "timeline[0].segments[0]: unknown segment 'nosuch'",
    ),
    _scenario("depth-tiny", TIMELINE + 'depth = "0.1 km"\n', "timeline[0].depth"),
    _scenario("depth-1e308", TIMELINE + 'depth = "1e308 km"\n', "timeline[0].depth"),
    _scenario("depth-number", TIMELINE + "depth = 24\n", "timeline[0].depth"),
    _scenario("start-bad", TIMELINE.replace("2024-05-30", '"2024-13-30"'), "timeline[0].start"),
    _scenario("weapons-not-array", "schema = 1\nweapons = 3\n", "weapons"),
    _scenario("weapon-empty-name", 'schema = 1\n[[weapons]]\nname = ""\nrange = "1 km"\n', "name"),
    _scenario("reserved-name", 'schema = 1\n[[weapons]]\nname = "*"\nrange = "9 km"\n', "*"),
    _scenario("render-range-1e308", WEAPON_HEAD + 'range = "1e308 km"\n', "s.toml", cmd="export"),
    _scenario("conflicts-bad", "schema = 1\ncolour = 1\n", "unknown key", cmd="conflicts"),
    _scenario("timeline-bad", "schema = 1\ncolour = 1\n", "unknown key", cmd="timeline"),
    _scenario("claims-bad", "schema = 1\ncolour = 1\n", "unknown key", cmd="claims"),
]
for _name in (
    "bad_date",
    "bad_malformed",
    "bad_missing_key",
    "bad_negative_range",
    "bad_unit",
    "bad_unknown_key",
    "bad_value",
):
    SCENARIOS.append(
        Case(
            f"scenario-fixture-{_name}",
            ("weapons", "--scenario", str(FIXTURES / f"{_name}.toml")),
            f"{_name}.toml:",
        )
    )


def _reach(name: str, file: str, content: str | bytes, fragment: str, code: int = 2) -> Case:
    return Case(
        f"targets-{name}",
        ("reach", "--targets", file),
        fragment,
        code=code,
        files={file: content},
        fake=True,
    )


def _points(*coords: str) -> str:
    feats = ", ".join(_feature(c, "Point") for c in coords)
    return f'{{"type": "FeatureCollection", "features": [{feats}]}}'


def _parquet(name: str, columns: dict, geo: str | None = None):
    """Write a Parquet file (pyarrow loads only for these cases)."""

    def setup(tmp_path, monkeypatch):
        import pyarrow as pa
        import pyarrow.parquet as pq

        table = pa.table(columns)
        if geo is not None:
            table = table.replace_schema_metadata({"geo": geo})
        pq.write_table(table, tmp_path / name)

    return setup


def _pq(name: str, columns: dict, fragment: str, code: int = 2, geo: str | None = None) -> Case:
    return Case(
        f"targets-parquet-{name}",
        ("reach", "--targets", "t.parquet"),
        fragment,
        code=code,
        setup=_parquet("t.parquet", columns, geo),
        fake=True,
    )


GEO = '{"primary_column": "geometry", "columns": {"geometry": {"encoding": "WKB"}}}'
TARGETS_PARQUET = [
    Case(
        "targets-parquet-not-parquet",
        ("reach", "--targets", "t.parquet"),
        "not a readable Parquet file",
        files={"t.parquet": "name,lat,lon\n"},
        fake=True,
    ),
    Case(
        "targets-parquet-dev-zero",
        ("reach", "--targets", "z.parquet"),
        "character device",
        setup=_symlink("z.parquet", "/dev/zero"),
        fake=True,
    ),
    _pq("bool-lat", {"name": ["a"], "lat": [True], "lon": [36.9]}, "holds bool"),
    _pq("string-lon", {"name": ["a"], "lat": [50.4], "lon": ["36.9"]}, "holds string"),
    _pq("no-columns", {"name": ["a"], "x": [1.0]}, "neither GeoParquet"),
    _pq("all-nan", {"lat": [float("nan")], "lon": [36.9]}, "no usable row"),
    _pq("bad-wkb", {"name": ["a"], "geometry": [b"\x01\x02"]}, "not WKB", geo=GEO),
    _pq("bad-geo-meta", {"name": ["a"], "lat": [50.41], "lon": [36.9]}, "", code=0, geo="{"),
    _pq("ok", {"name": ["Shebekino"], "lat": [50.41], "lon": [36.9]}, "", code=0),
]

TARGETS = [
    Case("targets-missing", ("reach", "--targets", "nope.csv"), "no such file", fake=True),
    Case("targets-typo", ("reach", "--targets", "citis"), "'cities'", fake=True),
    Case("targets-folder", ("reach", "--targets", "."), "folder", fake=True),
    Case("targets-dev-zero", ("reach", "--targets", "/dev/zero"), "regular file", fake=True),
    Case("targets-empty-name", ("reach", "--targets", ""), "empty", fake=True),
    _reach("csv-empty", "t.csv", "", "empty"),
    _reach("csv-header-only", "t.csv", "name,lat,lon\n", "no rows"),
    _reach("csv-all-bad", "t.csv", "name,lat,lon\na,95,36\nb,x,y\n", "no usable row"),
    _reach("csv-all-nan", "t.csv", "name,lat,lon\na,nan,36\nb,inf,36\n", "no usable row"),
    _reach("csv-no-lat", "t.csv", "name,y,lon\na,50,36\n", "no lat column"),
    _reach("csv-two-lat", "t.csv", "name,lat,latitude,lon\na,50,50,36\n", "several latitude"),
    _reach("csv-invalid-utf8", "t.csv", b"name,lat,lon\n\xff,50,36\n", "UTF-8"),
    _reach("csv-bom-ok", "t.csv", "\ufeffname,lat,lon\nShebekino,50.41,36.9\n", "", code=0),
    _reach("csv-formula-ok", "t.csv", "name,lat,lon\n=HYPERLINK(1),50.41,36.9\n", "", code=0),
    _reach("geojson-not-json", "t.geojson", "{nope", "not JSON"),
    _reach("geojson-deep", "t.geojson", _deep(100_000), "nested"),
    _reach("geojson-nan", "t.geojson", '{"type": "Point", "coordinates": [NaN, 50]}', "NaN"),
    _reach("geojson-bool", "t.geojson", _points("[true, 50]", "[36, false]"), "no usable row"),
    _reach("geojson-strings", "t.geojson", _points('["36.0", "50.0"]'), "not a number"),
    _reach("geojson-inf", "t.geojson", _points("[1e400, 50]"), "no usable row"),
    _reach(
        "geojson-no-features",
        "t.geojson",
        '{"type": "FeatureCollection", "features": []}',
        "no rows",
    ),
    _reach("geojson-lines-only", "t.geojson", _feature("[[36, 50], [37, 51]]"), "no usable row"),
    _reach("geojson-array", "t.geojson", "[]", "GeoJSON"),
    _reach(
        "geojson-bom-ok", "t.geojson", ("\ufeff" + _points("[36.9, 50.41]")).encode(), "", code=0
    ),
]


def _out(label, cmd, target, fragment, setup=None, code=2, creates=()) -> Case:
    """An output case: ``cmd -o target`` with the small precomputed envelope set."""
    return Case(
        f"{cmd[0]}-{label}",
        (*cmd, "-o", target),
        fragment,
        code=code,
        setup=setup,
        fake=True,
        creates=creates,
    )


EXPORT = ("export",)
RENDER = ("render",)
REACH = ("reach", "--targets", "t.csv")
WRITERS = [(EXPORT, "geojson"), (EXPORT, "kml"), (EXPORT, "gpkg"), (RENDER, "html")]
WRITERS += [(REACH, "xlsx"), (REACH, "parquet")]
OUTPUTS = []
for cmd, ext in [*WRITERS, (REACH, "csv")]:
    name = f"out.{ext}"
    OUTPUTS += [
        _out(f"{ext}-enospc", cmd, name, "no space left on the device", _write_fails(errno.ENOSPC)),
        _out(f"{ext}-eacces", cmd, name, "permission denied", _probe_fails(errno.EACCES)),
        _out(f"{ext}-erofs", cmd, name, "read-only", _probe_fails(errno.EROFS)),
        _out(f"{ext}-eperm", cmd, name, "immutable", _probe_fails(errno.EPERM)),
        _out(f"{ext}-dev-full", cmd, name, "no space left", _symlink(name, "/dev/full")),
        _out(f"{ext}-no-folder", cmd, f"no/{name}", "does not exist"),
        _out(f"{ext}-fifo", cmd, name, "no program is reading it", _fifo(name)),
        _out(f"{ext}-block-device", cmd, name, "block device", _node(name, stat.S_IFBLK, 7, 0)),
        _out(f"{ext}-socket", cmd, name, "socket", _socket(name)),
    ]
fail_replace = _fail("envelope.export.write.os.replace", errno.EBUSY)
OUTPUTS += [
    _out("edquot", EXPORT, "out.geojson", "quota", _write_fails(errno.EDQUOT)),
    _out("efbig", EXPORT, "out.geojson", "too large", _write_fails(errno.EFBIG)),
    _out("eio", EXPORT, "out.geojson", "input/output error", _write_fails(errno.EIO)),
    _out("ebusy", EXPORT, "out.geojson", "busy", fail_replace),
    _out("folder", EXPORT, ".", "it is a folder"),
    _out("empty-name", EXPORT, "", "empty"),
    _out("long-name", EXPORT, "x" * 300 + ".geojson", "too long"),
    _out("unknown-ext", EXPORT, "out.shp", "cannot tell the format"),
    _out("dev-null-link", EXPORT, "out.kml", "", _symlink("out.kml", "/dev/null"), code=0),
    _out("char-device", EXPORT, "d.geojson", "", _node("d.geojson", stat.S_IFCHR, 1, 3), code=0),
    _out("stdout-full", EXPORT, "-", "no space left", _stdout(errno.ENOSPC)),
    _out("stdout-pipe", EXPORT, "-", "closed the pipe", _stdout(errno.EPIPE)),
    _out("dash-name", EXPORT, "-.gpkg", "", code=0, creates=("-.gpkg",)),
    _out("ok", EXPORT, "out.geojson", "", code=0, creates=("out.geojson",)),
    _out("unknown-ext", RENDER, "out.txt", "cannot tell the format"),
    _out("device-no-ext", RENDER, "map", "", _symlink("map", "/dev/null"), code=0),
    _out("device-no-ext", EXPORT, "gis", "", _symlink("gis", "/dev/null"), code=0),
    _out("png-enospc", RENDER, "out.png", "no space left", _write_fails(errno.ENOSPC)),
    Case(
        "render-glyphs-missing-no-warning",
        ("render", "--title", "Reach \U0001f680 \u65e5\u672c \u182e", "-o", "t.svg"),
        "",
        code=0,
        fake=True,
        creates=("t.svg",),
    ),
    _out("gdal-fails", EXPORT, "out.gpkg", "disk I/O error", _geojson_failure),
    _out("unknown-ext", REACH, "out.xyz", "cannot tell the format"),
    _out("json-eacces", REACH, "out.json", "permission denied", _probe_fails(errno.EACCES)),
]
OUTPUTS.append(
    Case(
        "export-path-through-file",
        ("export", "-o", "afile/out.geojson"),
        "not a folder",
        files={"afile": "x"},
        fake=True,
    )
)
OUTPUTS.append(
    Case(
        "export-immutable-folder",
        ("export", "-o", "frozen/out.geojson"),
        "immutable",
        setup=_immutable("frozen", folder=True),
        fake=True,
    )
)
OUTPUTS.append(
    Case(
        "export-immutable-file",
        ("export", "-o", "frozen.geojson"),
        "immutable",
        setup=_immutable("frozen.geojson", folder=False),
        fake=True,
    )
)
TABLES = [
    Case("claims-stdout-pipe", ("claims",), "closed the pipe", setup=_stdout(errno.EPIPE)),
    Case("weapons-stdout-full", ("weapons",), "no space left", setup=_stdout(errno.ENOSPC)),
    Case("claims-bad-format", ("claims", "--format", "xml"), "xml"),
    Case("render-bad-tiles", ("render", "--tiles", "nosuch", "-o", "x.html"), "nosuch"),
    Case("render-tiny-width", ("render", "--width", "5", "-o", "x.png"), "--width"),
    Case("render-zero-dpi", ("render", "--dpi", "0", "-o", "x.png"), "--dpi"),
    Case("render-bad-format", ("render", "--format", "gif", "-o", "x.gif"), "gif"),
    Case("unknown-command", ("explode",), "explode"),
    Case("unknown-option", ("export", "--colour", "red"), "--colour"),
]

ARTICLE = "The ATACMS missiles can strike targets up to 300 km away, officials said.\n"
INTAKE = [
    Case("intake-missing", ("intake", "nope.txt"), "nope.txt: no such file"),
    Case("intake-folder", ("intake", "."), "folder"),
    Case("intake-dev-zero", ("intake", "/dev/zero"), "not a regular file"),
    Case("intake-empty", ("intake", "a.txt"), "empty", files={"a.txt": ""}),
    Case("intake-binary", ("intake", "a.txt"), "binary", files={"a.txt": b"\x00\x01\x02zip"}),
    Case("intake-empty-name", ("intake", ""), "file name is empty"),
    Case(
        "intake-output-folder",
        ("intake", "a.txt", "-o", "no/draft.toml"),
        "does not exist",
        files={"a.txt": ARTICLE},
    ),
    Case(
        "intake-stdout-full",
        ("intake", "a.txt"),
        "no space left",
        files={"a.txt": ARTICLE},
        setup=_stdout(errno.ENOSPC),
    ),
]

CASES = INTAKE + LAUNCH + RANGES + WEAPONS + DATES + SEGMENTS + SCENARIOS
CASES += TARGETS + TARGETS_PARQUET + OUTPUTS + TABLES


# --------------------------------------------------------------------------------------------
# the runner


@pytest.fixture(scope="module")
def small_result():
    from envelope.envelopes import compute_envelope_set

    return compute_envelope_set(segment="kharkiv", ranges=["10 km"])


def _tree(root) -> set[str]:
    out = set()
    for folder, dirs, files in os.walk(root):
        for name in dirs + files:
            out.add(os.path.relpath(os.path.join(folder, name), root))
    return out


@pytest.fixture
def undo_immutable():
    yield
    while _UNDO:
        subprocess.run(["chattr", "-i", str(_UNDO.pop())], capture_output=True)


def test_there_are_at_least_120_cases():
    assert len(CASES) >= 120
    assert len({c.id for c in CASES}) == len(CASES)


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_bad_input(case, tmp_path, monkeypatch, capsys, small_result, undo_immutable):
    monkeypatch.chdir(tmp_path)
    for name, content in case.files.items():
        mode = "wb" if isinstance(content, bytes) else "w"
        with open(tmp_path / name, mode) as fh:
            fh.write(content)
    if case.args[:1] == ("reach",) and "t.csv" not in case.files and "t.csv" in case.args:
        (tmp_path / "t.csv").write_text("name,lat,lon\nShebekino,50.41,36.9\n")
    if case.fake:
        from envelope.cli import export, maps, reach

        for module in (export, maps, reach):
            monkeypatch.setattr(module, "envelope_set", lambda *a, **k: small_result)
    if case.setup:
        case.setup(tmp_path, monkeypatch)
    before = _tree(tmp_path)
    with warnings.catch_warnings(), pytest.raises(SystemExit) as done:
        # Normal use prints no warnings: a RuntimeWarning (shapely on NaN) or UserWarning
        # (matplotlib's missing glyphs) would fail the case as an internal error.
        warnings.simplefilter("error", RuntimeWarning)
        warnings.simplefilter("error", UserWarning)
        main(list(case.args))
    out, err = capsys.readouterr()
    assert done.value.code == case.code, err
    assert "Traceback" not in err
    if case.code == 2:
        lines = err.splitlines()
        assert len(lines) == 1, err
        assert lines[0].startswith("envelope: error: ")
        assert case.fragment in lines[0]
        assert "\x1b" not in err and "\x07" not in err
        assert _tree(tmp_path) == before
    else:
        assert _tree(tmp_path) == before | set(case.creates)
        assert [f for f in os.listdir(tmp_path) if f.endswith(".tmp")] == []


def test_missing_glyphs_become_squares_and_a_caveat():
    from envelope.maps.static import glyphs

    assert glyphs.drawable("Kharkiv \u0425\u0430\u0440\u043a\u0456\u0432") == (
        "Kharkiv \u0425\u0430\u0440\u043a\u0456\u0432"
    )
    assert glyphs.drawable("a\U0001f680b\u65e5\n") == "a\u25a1b\u25a1\n"
    assert "DejaVu Sans" in glyphs.CAVEAT and "\u25a1" in glyphs.CAVEAT


# --------------------------------------------------------------------------------------------
# untrusted text, and refusing before the work


def _main(args) -> int:
    with pytest.raises(SystemExit) as done:
        main(args)
    return done.value.code


def test_control_characters_in_names_never_reach_the_terminal(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "s.toml").write_text(WEAPON_HEAD.replace('"Big"', '"Evil\\u001b[31mRED\\u0007"'))
    with open(tmp_path / "s.toml", "a") as fh:
        fh.write('range = "100 km"\n')
    for args in (
        ["weapons"],
        ["claims"],
        ["weapons", "--format", "csv"],
        ["claims", "--format", "csv"],
    ):
        assert _main([*args, "--scenario", "s.toml"]) == 0
        out, err = capsys.readouterr()
        assert "Evil\\x1b[31mRED\\x07" in out, args
        assert "\x1b" not in out + err and "\x07" not in out + err


def test_reach_csv_cells_never_run_as_formulas(tmp_path, monkeypatch, small_result):
    from envelope.cli import reach

    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr(reach, "envelope_set", lambda *a, **k: small_result)
    rows = [
        ("=HYPERLINK(1)", "@SUM(A1)"),
        ("+cmd|x", "-2+3"),
        ("-12.5", "\tx"),
        ("Shebekino", "ok"),
    ]
    body = "".join(f"{n},50.41,36.9,{note}\n" for n, note in rows)
    (tmp_path / "t.csv").write_text("name,lat,lon,note\n" + body)
    assert _main(["reach", "--targets", "t.csv", "-o", "out.csv"]) == 0
    import csv

    with open(tmp_path / "out.csv", newline="") as fh:
        got = {r["name"]: r["note"] for r in csv.DictReader(fh)}
    assert got == {
        "'=HYPERLINK(1)": "'@SUM(A1)",
        "'+cmd|x": "'-2+3",
        "-12.5": "'\tx",  # a plain number is no formula
        "Shebekino": "ok",
    }


def test_a_range_that_will_be_refused_costs_no_geometry(monkeypatch):
    from envelope import geodesic
    from envelope.envelopes import compute_envelope_set
    from envelope.errors import EnvelopeError

    def no_work(*a, **k):
        raise AssertionError("the exact geometry was computed before the refusal")

    monkeypatch.setattr(geodesic, "buffer", no_work)
    with pytest.raises(EnvelopeError, match="west edge of the packaged RUS data"):
        compute_envelope_set("ua-ru", ranges=["24 mi", "1500 km"])
    with pytest.raises(EnvelopeError, match="1 km to 2,000 km"):
        compute_envelope_set("ua-ru", ranges=["24 mi", "2500 km"])


def test_ctrl_c_while_writing_is_one_line_and_leaves_nothing(tmp_path, monkeypatch, capsys):
    def interrupted(*a, **k):
        raise KeyboardInterrupt

    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr("envelope.export.write.os.fsync", interrupted)
    assert _main(["export", "--range", "5 km", "-o", "out.geojson"]) == 130
    assert capsys.readouterr().err == "envelope: error: interrupted; nothing was written\n"
    assert os.listdir(tmp_path) == []
