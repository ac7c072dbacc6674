#!/usr/bin/env python3
"""Screenshot the default map in headless Chromium (offline) for the docs.

    python scripts/screenshot.py                      # render the default map -> docs/map.png
    python scripts/screenshot.py --html page.html -o shot.png --size 1400x900

Uses Debian's /usr/bin/chromium and /usr/bin/chromedriver through selenium, with every network
request blocked, so the picture shows exactly what an offline reader sees.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = "/usr/bin/chromium"
CHROMEDRIVER = "/usr/bin/chromedriver"


def offline_chrome(user_data_dir: str, size: tuple[int, int] = (1400, 900)):
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    opts = webdriver.ChromeOptions()
    opts.binary_location = CHROMIUM
    for arg in (
        "--headless=new",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-dev-shm-usage",
        "--disable-background-networking",
        "--disable-component-update",
        "--no-first-run",
        "--hide-scrollbars",
        "--force-device-scale-factor=1",
        f"--window-size={size[0]},{size[1]}",
        f"--user-data-dir={user_data_dir}",
        "--host-resolver-rules=MAP * ~NOTFOUND",
        "--proxy-server=127.0.0.1:9",
    ):
        opts.add_argument(arg)
    driver = webdriver.Chrome(options=opts, service=Service(CHROMEDRIVER))
    driver.execute_cdp_cmd(
        "Emulation.setDeviceMetricsOverride",
        {"width": size[0], "height": size[1], "deviceScaleFactor": 1, "mobile": False},
    )
    driver.execute_cdp_cmd("Network.enable", {})
    driver.execute_cdp_cmd("Network.setBlockedURLs", {"urls": ["http://*", "https://*"]})
    return driver


def default_page() -> str:
    sys.path.insert(0, str(ROOT))
    from envelope import render_html
    from envelope.envelopes import compute_envelope_set

    return render_html(compute_envelope_set(segment="kharkiv"))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--html", type=Path, help="screenshot this file instead of rendering")
    parser.add_argument("-o", "--output", type=Path, default=ROOT / "docs" / "map.png")
    parser.add_argument("--size", default="1400x900", help="window size, WIDTHxHEIGHT")
    parser.add_argument("--click", action="store_true", help="open the first envelope's popup")
    args = parser.parse_args(argv)
    width, height = (int(x) for x in args.size.lower().split("x"))

    with tempfile.TemporaryDirectory(prefix="envelope-shot-") as tmp:
        page = args.html.resolve() if args.html else Path(tmp) / "map.html"
        if not args.html:
            page.write_text(default_page(), encoding="utf-8")
        driver = offline_chrome(str(Path(tmp) / "profile"), (width, height))
        try:
            driver.get(page.as_uri())
            for _ in range(50):
                if driver.execute_script(
                    "return !!document.querySelector('.leaflet-container path.leaflet-interactive')"
                ):
                    break
                time.sleep(0.1)
            if args.click:
                driver.execute_script(
                    "var p = document.querySelectorAll('path.leaflet-interactive[fill-opacity]');"
                    "var t = p[p.length - 1], r = t.getBoundingClientRect();"
                    "t.dispatchEvent(new MouseEvent('click', {bubbles: true,"
                    " clientX: r.left + r.width / 2, clientY: r.top + r.height / 2}));"
                )
            time.sleep(0.5)
            args.output.parent.mkdir(parents=True, exist_ok=True)
            driver.save_screenshot(str(args.output))
        finally:
            driver.quit()
    print(f"wrote {args.output}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
