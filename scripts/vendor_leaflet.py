#!/usr/bin/env python3
"""Vendor Leaflet into envelope/maps/html/vendor/ so the default map makes zero network requests.

    python scripts/vendor_leaflet.py                 # npm pack leaflet@1.9.4 into a temp dir
    python scripts/vendor_leaflet.py --from leaflet-1.9.4.tgz

The tarball must match the pinned sha256 below (checked before anything is written). The script
copies dist/leaflet.js, dist/leaflet.css (its url(images/...) references rewritten to inline
data: URIs, so the stylesheet loads nothing) and LICENSE, and writes VENDOR.md recording the
package, version, licence and checksums. Output is deterministic: re-running it on the same
tarball produces byte-identical files.
"""

from __future__ import annotations

import argparse
import base64
import hashlib
import re
import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path

PACKAGE = "leaflet"
VERSION = "1.9.4"
LICENSE_ID = "BSD-2-Clause"
#: sha256 of leaflet-1.9.4.tgz as served by registry.npmjs.org (a published tarball never changes).
TARBALL_SHA256 = "84c65a256e50657896f54c33bd857b6849ebe94c817803be818bf32a3dde0b77"

ROOT = Path(__file__).resolve().parent.parent
DEST = ROOT / "envelope" / "maps" / "html" / "vendor"
MIME = {".png": "image/png", ".svg": "image/svg+xml", ".gif": "image/gif"}
_URL = re.compile(r"url\((['\"]?)(images/[^)'\"]+)\1\)")


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def sri(data: bytes) -> str:
    """Subresource-integrity value, used by the --cdn variant of the map."""
    return "sha384-" + base64.b64encode(hashlib.sha384(data).digest()).decode()


def npm_pack(workdir: Path) -> Path:
    """Download the tarball with npm's ordinary client and return its path."""
    spec = f"{PACKAGE}@{VERSION}"
    subprocess.run(
        ["npm", "pack", spec, "--silent", "--pack-destination", str(workdir)],
        check=True,
        cwd=workdir,
        stdout=subprocess.DEVNULL,
    )
    found = sorted(workdir.glob(f"{PACKAGE}-{VERSION}.tgz"))
    if not found:
        sys.exit(f"npm pack did not produce {PACKAGE}-{VERSION}.tgz in {workdir}")
    return found[0]


def read_members(tgz: Path) -> dict[str, bytes]:
    with tarfile.open(tgz, "r:gz") as tar:
        out = {}
        for member in tar.getmembers():
            if member.isfile():
                handle = tar.extractfile(member)
                assert handle is not None
                out[member.name.removeprefix("package/")] = handle.read()
        return out


def inline_images(css: str, files: dict[str, bytes]) -> str:
    def repl(match: re.Match) -> str:
        rel = match.group(2)
        data = files.get("dist/" + rel)
        if data is None:
            sys.exit(f"leaflet.css references {rel}, which is not in the tarball")
        mime = MIME[Path(rel).suffix]
        return f'url("data:{mime};base64,{base64.b64encode(data).decode()}")'

    out = _URL.sub(repl, css)
    leftover = re.findall(r"url\((?!['\"]?(?:data:|#))[^)]*\)", out)
    if leftover:
        sys.exit(f"leaflet.css still references external files: {leftover}")
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--from", dest="tgz", type=Path, help="use this tarball instead of npm")
    parser.add_argument("--dest", type=Path, default=DEST, help="output directory")
    args = parser.parse_args(argv)

    with tempfile.TemporaryDirectory(prefix="vendor-leaflet-") as tmp:
        tgz = args.tgz if args.tgz else npm_pack(Path(tmp))
        blob = tgz.read_bytes()
        digest = sha256(blob)
        if digest != TARBALL_SHA256:
            sys.exit(f"{tgz}: sha256 {digest} does not match the pinned {TARBALL_SHA256}")
        files = read_members(tgz)

    js = files["dist/leaflet.js"]
    css = inline_images(files["dist/leaflet.css"].decode("utf-8"), files).encode("utf-8")
    license_text = files["LICENSE"]
    original_css = files["dist/leaflet.css"]

    dest: Path = args.dest
    if dest.exists():
        for stale in ("leaflet.js", "leaflet.css", "LICENSE", "VENDOR.md"):
            (dest / stale).unlink(missing_ok=True)
    dest.mkdir(parents=True, exist_ok=True)
    (dest / "leaflet.js").write_bytes(js)
    (dest / "leaflet.css").write_bytes(css)
    (dest / "LICENSE").write_bytes(license_text)
    vendor_md = f"""# Vendored: {PACKAGE} {VERSION}

The interactive map inlines these files so that it works offline and makes no network requests.
Regenerate with `python scripts/vendor_leaflet.py` (or `--from {PACKAGE}-{VERSION}.tgz`).

| field | value |
|---|---|
| package | [`{PACKAGE}`](https://www.npmjs.com/package/{PACKAGE}) (npm) |
| version | {VERSION} |
| license | {LICENSE_ID} (see `LICENSE`, copied from the package) |
| tarball | `{PACKAGE}-{VERSION}.tgz` |
| tarball sha256 | `{digest}` |

| file | source | sha256 | SRI (for `--cdn`) |
|---|---|---|---|
| `leaflet.js` | `dist/leaflet.js`, unmodified | `{sha256(js)}` | `{sri(js)}` |
| `leaflet.css` | `dist/leaflet.css`, images inlined as data: URIs | `{sha256(css)}` | \
original: `{sri(original_css)}` |
| `LICENSE` | `LICENSE`, unmodified | `{sha256(license_text)}` | |
"""
    (dest / "VENDOR.md").write_text(vendor_md, encoding="utf-8")
    print(f"vendored {PACKAGE} {VERSION} (tarball sha256 {digest}) into {dest}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
