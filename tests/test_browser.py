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
from concurrent.futures import ThreadPoolExecutor
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
def _launch():
    """Chromium starting in a thread (it waits on its own process), so the pages render
    meanwhile instead of after it."""
    profile = tempfile.mkdtemp(prefix="envelope-chrome-")
    pool = ThreadPoolExecutor(max_workers=1)
    future = pool.submit(_chrome, profile)
    try:
        yield future
    finally:
        pool.shutdown(wait=True)
        if future.exception() is None:
            future.result().quit()
        shutil.rmtree(profile, ignore_errors=True)


@pytest.fixture(scope="module")
def browser(_launch, pages):
    return _launch.result()


@pytest.fixture(scope="module")
def pages(tmp_path_factory, june, timeline, compare):
    from envelope import render_html

    out = tmp_path_factory.mktemp("maps")
    page = render_html(timeline)
    assert len(page.encode()) <= 450_000  # the default timeline page's budget
    timeline_page = out / "timeline.html"
    timeline_page.write_text(page, encoding="utf-8")
    compare_page = out / "compare.html"
    compare_page.write_text(render_html(compare), encoding="utf-8")
    default = out / "map.html"
    default.write_text(render_html(june), encoding="utf-8")
    hostile = out / "hostile.html"
    points = [("Belgorod", 36.5809, 50.6034), ("Kharkiv", 36.2548, 49.9818), (XSS, 36.65, 50.75)]
    hostile.write_text(
        render_html(june, title=XSS + "{{ 7 * 7 }}", targets=points), encoding="utf-8"
    )
    return {
        "default": default,
        "hostile": hostile,
        "timeline": timeline_page,
        "compare": compare_page,
    }


def _open(driver, path: Path, size: tuple[int, int] = (1280, 800)) -> None:
    driver.get_log("performance")  # drop what earlier pages logged
    driver.get_log("browser")
    driver.execute_cdp_cmd(
        "Emulation.setDeviceMetricsOverride",
        {"width": size[0], "height": size[1], "deviceScaleFactor": 1, "mobile": False},
    )
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
    # Chrome's own pages (chrome://new-tab-page/...) are not requests the map makes.
    others = [
        u
        for u in _requests(driver)
        if u != page.as_uri() and not u.startswith(("data:", "chrome:", "chrome-extension:"))
    ]
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
    assert state["claimed"] == 4 and state["authorized"] == 2 and state["segment"] == 1
    assert state["panels"] == 4 and state["layers"] == 3 + 3
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


COVERAGE_JS = """
var seg = document.querySelector('path.envelope-segment').getBoundingClientRect();
var area = seg.width * seg.height, covered = 0;
document.querySelectorAll('.envelope-panel').forEach(function (p) {
  var r = p.getBoundingClientRect();
  var w = Math.min(r.right, seg.right) - Math.max(r.left, seg.left);
  var h = Math.min(r.bottom, seg.bottom) - Math.max(r.top, seg.top);
  if (w > 0 && h > 0) covered += w * h;
});
var labels = Array.from(document.querySelectorAll('.envelope-label')).map(function (l) {
  var r = l.getBoundingClientRect(); return [r.left, r.top, r.right, r.bottom];
});
var hidden = labels.filter(function (b) {
  return Array.from(document.querySelectorAll('.envelope-panel')).some(function (p) {
    var r = p.getBoundingClientRect();
    return !(b[2] <= r.left || r.right <= b[0] || b[3] <= r.top || r.bottom <= b[1]);
  });
});
return {share: covered / area, labels: labels.length, hidden: hidden.length, which: hidden,
        panels: Array.from(document.querySelectorAll('.envelope-panel')).map(function (p) {
          var r = p.getBoundingClientRect(); return [p.className, r.left, r.top, r.right, r.bottom];
        })};
"""


def test_timeline_page(browser, pages, june):
    """1100 x 600: every state in one page, a date control, places, panels off the segment."""
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys

    from envelope.scenario import timeline_states

    page = pages["timeline"]
    _open(browser, page, (1100, 600))
    state = browser.execute_script(
        """
        var t = window.envelopeTimeline, out = {states: t.states, opening: t.current, by: []};
        for (var i = 0; i < t.states.length; i++) {
          t.show(i);
          out.by.push({
            authorized: document.querySelectorAll('path.envelope-authorized').length,
            claimed: document.querySelectorAll('path.envelope-claimed').length,
            summary: document.querySelector('.envm-summary').textContent,
            slider: document.getElementById('envelope-date').value,
            when: document.querySelector('.envm-when').textContent
          });
        }
        t.show(out.opening);
        out.places = Array.from(document.querySelectorAll('.envelope-place'))
          .filter(function (p) { return p.style.visibility !== 'hidden'; })
          .map(function (p) { return p.textContent; });
        out.panels = document.querySelectorAll('.envelope-panel').length;
        return out;
        """
    )
    states = timeline_states(june.scenario)
    assert state["states"] == [s.date.isoformat() for s in states] and len(states) >= 3
    by = state["by"]
    assert by[0]["authorized"] == 0 and any(b["authorized"] for b in by)
    assert all(b["claimed"] == by[0]["claimed"] > 0 for b in by)  # claimed layers stay
    assert len({b["summary"] for b in by}) >= 3
    assert [b["slider"] for b in by] == [str(i) for i in range(len(by))]
    assert all(s.basis in b["when"] for s, b in zip(states, by, strict=True))
    assert state["opening"] == next(i for i, b in enumerate(by) if b["authorized"])
    for name in ("Belgorod", "Kursk", "Voronezh"):
        assert name in state["places"]
    # the keyboard steps through the dates
    slider = browser.find_element(By.ID, "envelope-date")
    slider.click()
    before = browser.execute_script("return window.envelopeTimeline.current")
    slider.send_keys(Keys.ARROW_RIGHT)
    assert browser.execute_script("return window.envelopeTimeline.current") == before + 1
    browser.execute_script(
        "window.envelopeTimeline.show(window.envelopeTimeline.states.length - 1)"
    )
    assert browser.execute_script("return document.getElementById('envelope-date').value") == str(
        len(states) - 1
    )
    browser.execute_script(f"window.envelopeTimeline.show({state['opening']})")
    cover = browser.execute_script(COVERAGE_JS)
    assert cover["share"] <= 0.10 and cover["labels"] >= 3 and cover["hidden"] == 0, cover
    _no_errors_no_requests(browser, page)


def test_timeline_page_at_800_by_500(browser, pages):
    _open(browser, pages["timeline"], (800, 500))
    cover = browser.execute_script(COVERAGE_JS)
    assert cover["share"] <= 0.10 and cover["hidden"] == 0, cover["which"]
    folded = browser.execute_script(
        "return Array.from(document.querySelectorAll('.envelope-panel details'))"
        ".map(function (d) { return d.open; })"
    )
    assert folded and not any(folded)  # an embed opens with its panels folded


def test_compare_page(browser, pages):
    page = pages["compare"]
    _open(browser, page, (1400, 800))
    state = browser.execute_script(
        """
        var cells = document.querySelectorAll('.envm-cell');
        var head = document.querySelector('.envm-compare-head').textContent;
        var maps = Object.values(window.envelopeMaps)[0].maps;
        maps[0].map.setZoom(maps[0].map.getZoom() + 1, {animate: false});
        return {cells: cells.length, head: head,
                titles: Array.from(cells).map(function (c) {
                  return c.querySelector('.envm-title').textContent; }),
                authorized: Array.from(cells).map(function (c) {
                  return c.querySelectorAll('path.envelope-authorized').length; }),
                zooms: maps.map(function (m) { return m.map.getZoom(); })};
        """
    )
    assert state["cells"] == 2
    assert state["titles"][0].startswith("2024-06-15") and state["titles"][1].startswith(
        "2025-02-01"
    )
    assert "authorized area gained" in state["head"] and "ATACMS" in state["head"]
    assert state["authorized"][1] > state["authorized"][0]
    assert state["zooms"][0] == state["zooms"][1]  # the maps move together
    _no_errors_no_requests(browser, page)
