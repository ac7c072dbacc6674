"""The map in a real browser: headless Chromium, network blocked, zero requests, no errors.
One page load per page, many checks each.

Needs Debian's ``chromium`` and ``chromedriver`` (CI installs both); skipped with the reason
when either is missing.
"""

from __future__ import annotations

import json
import os
import shutil
import tempfile
import time
from pathlib import Path

import pytest

CHROMIUM = "/usr/bin/chromium"
CHROMEDRIVER = "/usr/bin/chromedriver"

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(
        not (os.path.exists(CHROMIUM) and os.path.exists(CHROMEDRIVER)),
        reason=f"browser tests need {CHROMIUM} and {CHROMEDRIVER} (apt-get install chromium "
        "chromium-driver)",
    ),
]

XSS = "<img src=x onerror=alert(1)>"


def _chrome(profile: str):
    webdriver = pytest.importorskip("selenium.webdriver", reason="selenium is not installed")
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
        "--disable-extensions",
        "--no-first-run",
        "--window-size=1280,800",
        f"--user-data-dir={profile}",
        "--host-resolver-rules=MAP * ~NOTFOUND",
        "--proxy-server=127.0.0.1:9",
    ):
        opts.add_argument(arg)
    opts.set_capability("goog:loggingPrefs", {"performance": "ALL", "browser": "ALL"})
    driver = webdriver.Chrome(options=opts, service=Service(CHROMEDRIVER))
    driver.execute_cdp_cmd("Network.enable", {})
    driver.execute_cdp_cmd("Network.setBlockedURLs", {"urls": ["http://*", "https://*"]})
    return driver


@pytest.fixture(scope="module")
def browser():
    profile = tempfile.mkdtemp(prefix="envelope-chrome-")
    driver = _chrome(profile)
    try:
        yield driver
    finally:
        driver.quit()
        shutil.rmtree(profile, ignore_errors=True)


@pytest.fixture(scope="module")
def pages(tmp_path_factory, june):
    from envelope import render_html

    out = tmp_path_factory.mktemp("maps")
    default = out / "map.html"
    default.write_text(render_html(june), encoding="utf-8")
    hostile = out / "hostile.html"
    points = [("Belgorod", 36.5809, 50.6034), ("Kharkiv", 36.2548, 49.9818), (XSS, 36.65, 50.75)]
    hostile.write_text(
        render_html(june, title=XSS + "{{ 7 * 7 }}", targets=points), encoding="utf-8"
    )
    return {"default": default, "hostile": hostile}


def _open(driver, path: Path) -> None:
    driver.get_log("performance")  # drop what earlier pages logged
    driver.get_log("browser")
    driver.get(path.as_uri())
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        if driver.execute_script(
            "return document.querySelectorAll('path.leaflet-interactive').length > 0"
        ):
            return
        time.sleep(0.05)


def _requests(driver) -> list[str]:
    urls = []
    for entry in driver.get_log("performance"):
        msg = json.loads(entry["message"])["message"]
        if msg.get("method") == "Network.requestWillBeSent":
            urls.append(msg["params"]["request"]["url"])
    return urls


def _no_errors_no_requests(driver, page: Path) -> None:
    severe = [e for e in driver.get_log("browser") if e["level"] == "SEVERE"]
    assert not severe, severe
    others = [u for u in _requests(driver) if u != page.as_uri() and not u.startswith("data:")]
    assert not others, f"the offline map made network requests: {others}"


def test_default_map(browser, pages, june_model):
    page = pages["default"]
    _open(browser, page)
    state = browser.execute_script(
        """
        var api = Object.values(window.envelopeMaps)[0];
        function boxes(sel) {
          return Array.from(document.querySelectorAll(sel)).map(function (l) {
            var r = l.getBoundingClientRect();
            return [l.textContent, r.left, r.top, r.right, r.bottom];
          });
        }
        return {
          version: window.L && L.version, map: api.map instanceof L.Map,
          states: api.states, current: api.current,
          claimed: document.querySelectorAll('path.envelope-claimed').length,
          authorized: document.querySelectorAll('path.envelope-authorized').length,
          segment: document.querySelectorAll('path.envelope-segment').length,
          panels: document.querySelectorAll('.envelope-panel').length,
          labels: boxes('.envelope-label'),
          layers: document.querySelectorAll('.leaflet-control-layers-overlays input').length,
          summary: document.querySelector('.envm-summary').textContent,
          scale: !!document.querySelector('.leaflet-control-scale')
        };
        """
    )
    assert state["version"] == "1.9.4" and state["map"] and state["scale"]
    assert state["states"] == ["2024-06-15"] and state["current"] == 0
    assert state["claimed"] == 8 - 2 and state["authorized"] == 2 and state["segment"] == 1
    assert state["panels"] == 3 and state["layers"] == 3 + 2
    assert "analysis exact" in state["summary"] and "42 %" in state["summary"]
    labels = state["labels"]
    assert [b[0] for b in labels] == [r.text for r in june_model.state.ring_labels]
    for i, a in enumerate(labels):
        for b in labels[i + 1 :]:
            assert a[3] <= b[1] or b[3] <= a[1] or a[4] <= b[2] or b[4] <= a[2], (a[0], b[0])

    # a click opens the popup, with no focus rectangle; toggling a layer hides and shows it
    clicked = browser.execute_script(
        """
        var p = document.querySelector('path.envelope-authorized'), r = p.getBoundingClientRect();
        p.dispatchEvent(new MouseEvent('click', {bubbles: true, clientX: r.left + r.width / 2,
                                                 clientY: r.top + r.height / 2}));
        p.focus();
        var pop = document.querySelector('.leaflet-popup-content');
        return [pop ? pop.textContent : '', getComputedStyle(p).outlineStyle];
        """
    )
    assert "Range" in clicked[0] and "24 mi (38.6 km)" in clicked[0] and "km²" in clicked[0]
    assert clicked[1] == "none"
    count = "return document.querySelectorAll('path.leaflet-interactive').length"
    before = browser.execute_script(count)
    toggle = "document.querySelector('.leaflet-control-layers-overlays input').click()"
    browser.execute_script(toggle)
    assert browser.execute_script(count) < before
    browser.execute_script(toggle)
    assert browser.execute_script(count) == before
    _no_errors_no_requests(browser, page)


def test_hostile_title_and_targets_stay_text(browser, pages):
    from selenium.common.exceptions import NoAlertPresentException

    page = pages["hostile"]
    _open(browser, page)
    with pytest.raises(NoAlertPresentException):
        browser.switch_to.alert.text  # noqa: B018 - raises when no alert is open
    state = browser.execute_script(
        """
        var panel = document.querySelector('.envm-targets');
        return {
          injected: document.querySelectorAll('img[src="x"]').length,
          title: document.querySelector('.envm-titlebox .envm-title').textContent,
          labels: Array.from(document.querySelectorAll('.envm-point-label'))
            .map(function (l) { return l.textContent; }),
          shapes: document.querySelectorAll('.envm-mk svg').length,
          panel: panel ? panel.textContent : ''
        };
        """
    )
    assert state["injected"] == 0
    assert state["title"] == XSS + "{{ 7 * 7 }}" and browser.title == XSS + "{{ 7 * 7 }}"
    assert XSS in state["labels"] and "Belgorod" in state["labels"]
    assert "Kharkiv" not in state["labels"] and state["shapes"] >= 1
    assert "Targets within reach" in state["panel"] and "claimed, not" in state["panel"]
    text = browser.execute_script(
        """
        var m = Object.values(window.envelopeMaps)[0].map, hit = null;
        m.eachLayer(function (l) {
          var t = l.getTooltip && l.getTooltip();
          if (!hit && t && String(t.getContent()).indexOf('<b>Belgorod</b>') === 0) hit = l;
        });
        hit.openPopup();
        return document.querySelector('.leaflet-popup-content').textContent;
        """
    )
    assert "Belgorod" in text and " km (" in text and " mi) from the segment" in text
    assert "inside: " in text and "authorized" in text
    _no_errors_no_requests(browser, page)
