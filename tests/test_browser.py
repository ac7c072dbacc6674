"""The map in a real browser: headless Chromium, network blocked, zero requests, no errors.

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
def pages(tmp_path_factory):
    """The default map and one with a hostile title, written to files."""
    from envelope.render import html as render
    from tests.test_render_html import fake_borders, have_real_api, realistic_set

    orig = render._borders
    if not have_real_api():
        fake = fake_borders()
        render._borders = lambda: fake
    try:
        result = realistic_set()
        out = tmp_path_factory.mktemp("maps")
        default = out / "map.html"
        default.write_text(render.render_html(result), encoding="utf-8")
        hostile = out / "hostile.html"
        hostile.write_text(render.render_html(result, title=XSS + "{{ 7 * 7 }}"), encoding="utf-8")
        from envelope import targets as tg
        from envelope.render import style

        points = [
            ("Belgorod", 36.5809, 50.6034),
            ("Kharkiv", 36.2548, 49.9818),
            (XSS, 36.65, 50.75),
        ]
        mine = style.as_target_set(points)
        sets = tg.concat([tg.load_targets("cities", result.segment), mine])
        with_targets = out / "targets.html"
        with_targets.write_text(render.render_html(result, targets=sets), encoding="utf-8")
        latest = latest_set = None
        if have_real_api():
            # the latest date: ATACMS authorized to the outer edge of its claimed band, HIMARS
            # authorized to exactly its claimed range (coinciding rings)
            from envelope.envelopes import compute_envelope_set

            latest = out / "latest.html"
            latest_set = compute_envelope_set(segment="kharkiv")
            latest.write_text(render.render_html(latest_set), encoding="utf-8")
    finally:
        render._borders = orig
    return {
        "default": default,
        "hostile": hostile,
        "targets": with_targets,
        "latest": latest,
        "latest_set": latest_set,
        "result": result,
    }


def test_ring_labels_never_overlap(browser, pages):
    for key in ("default", "latest"):
        if pages[key] is None:
            continue
        _open(browser, pages[key])
        boxes = browser.execute_script(
            """
            return Array.from(document.querySelectorAll('.envm-ring-label')).map(function (l) {
              var r = l.getBoundingClientRect();
              return [l.textContent, r.left, r.top, r.right, r.bottom];
            });
            """
        )
        assert boxes, key
        for i, a in enumerate(boxes):
            for b in boxes[i + 1 :]:
                apart = a[3] <= b[1] or b[3] <= a[1] or a[4] <= b[2] or b[4] <= a[2]
                assert apart, (key, a[0], b[0])
        texts = [b[0] for b in boxes]
        res = pages["result" if key == "default" else "latest_set"]
        for w in res.weapons():
            reach = {
                kind: max(e.range_m for e in res.envelopes if e.weapon == w and e.kind == kind)
                for kind in ("claimed", "authorized")
                if any(e.weapon == w and e.kind == kind for e in res.envelopes)
            }
            if len(reach) == 2 and abs(reach["claimed"] - reach["authorized"]) < 1e-3:
                # coinciding rings: one label names both
                assert any(t.startswith(f"{w}: claimed") for t in texts), texts
                assert not any(t.startswith(f"{w} authorized") for t in texts), texts


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


def test_default_map_loads_offline_without_errors(browser, pages):
    page = pages["default"]
    _open(browser, page)
    state = browser.execute_script(
        """
        var el = document.querySelector('.leaflet-container');
        var m = el && window[el.id];
        return {
          L: typeof window.L === 'object' && !!L.version, version: window.L && L.version,
          map: !!(m && m instanceof L.Map), container: !!el,
          interactive: document.querySelectorAll('path.leaflet-interactive').length,
          legend: !!document.querySelector('.envm-legend'),
          summary: !!document.querySelector('.envm-summary'),
          title: !!document.querySelector('.envm-titlebox'),
          scale: !!document.querySelector('.leaflet-control-scale'),
          layers: document.querySelectorAll('.leaflet-control-layers-overlays input').length,
          summaryText: (document.querySelector('.envm-summary') || {}).textContent || ''
        };
        """
    )
    assert state["L"] and state["version"] == "1.9.4"
    assert state["map"] and state["container"]
    assert state["interactive"] >= len(pages["result"].envelopes)
    assert state["legend"] and state["summary"] and state["title"] and state["scale"]
    kinds = {(e.weapon, e.kind) for e in pages["result"].envelopes}
    assert state["layers"] >= len(kinds)
    assert "analysis exact" in state["summaryText"]

    severe = [e for e in browser.get_log("browser") if e["level"] == "SEVERE"]
    assert not severe, severe
    others = [u for u in _requests(browser) if u != page.as_uri() and not u.startswith("data:")]
    assert not others, f"the offline map made network requests: {others}"


def test_popup_and_layer_toggle_work(browser, pages):
    _open(browser, pages["default"])
    text = browser.execute_script(
        """
        var p = document.querySelectorAll('path.leaflet-interactive');
        var t = p[p.length - 2], r = t.getBoundingClientRect();
        t.dispatchEvent(new MouseEvent('click', {bubbles: true, clientX: r.left + r.width / 2,
                                                 clientY: r.top + r.height / 2}));
        var pop = document.querySelector('.leaflet-popup-content');
        return pop ? pop.textContent : '';
        """
    )
    assert "Range" in text and "mi (" in text and "km²" in text
    before = browser.execute_script(
        "return document.querySelectorAll('path.leaflet-interactive').length"
    )
    browser.execute_script(
        "document.querySelector('.leaflet-control-layers-overlays input').click()"
    )
    after = browser.execute_script(
        "return document.querySelectorAll('path.leaflet-interactive').length"
    )
    assert after < before
    browser.execute_script(
        "document.querySelector('.leaflet-control-layers-overlays input').click()"
    )
    again = browser.execute_script(
        "return document.querySelectorAll('path.leaflet-interactive').length"
    )
    assert again == before
    severe = [e for e in browser.get_log("browser") if e["level"] == "SEVERE"]
    assert not severe, severe


def test_hostile_title_is_text_and_runs_nothing(browser, pages):
    from selenium.common.exceptions import NoAlertPresentException

    _open(browser, pages["hostile"])
    with pytest.raises(NoAlertPresentException):
        browser.switch_to.alert.text  # noqa: B018 - raises when no alert is open
    injected = browser.execute_script("return document.querySelectorAll('img[src=\"x\"]').length")
    assert injected == 0
    title = browser.execute_script(
        "return document.querySelector('.envm-titlebox .envm-title').textContent"
    )
    assert title == XSS + "{{ 7 * 7 }}"  # shown literally: no HTML, no template evaluation
    assert browser.title == XSS + "{{ 7 * 7 }}"
    assert browser.execute_script("return !!document.querySelector('.leaflet-container')")


def test_targets_are_drawn_with_popups_and_hostile_names_stay_text(browser, pages):
    from selenium.common.exceptions import NoAlertPresentException

    page = pages["targets"]
    _open(browser, page)
    with pytest.raises(NoAlertPresentException):
        browser.switch_to.alert.text  # noqa: B018 - raises when no alert is open
    state = browser.execute_script(
        """
        var labels = Array.from(document.querySelectorAll('.envm-point-label'));
        var panel = document.querySelector('.envm-targets');
        return {
          injected: document.querySelectorAll('img[src="x"]').length,
          labels: labels.map(function (l) { return l.textContent; }),
          shapes: document.querySelectorAll('.envm-mk svg').length,
          panel: panel ? panel.textContent : ''
        };
        """
    )
    assert state["injected"] == 0
    assert XSS in state["labels"] and "Belgorod" in state["labels"]
    assert "Kharkiv" not in state["labels"]
    assert state["shapes"] >= 1  # the user's points: diamonds
    assert "Targets within reach" in state["panel"] and "claimed, not" in state["panel"]
    text = browser.execute_script(
        """
        var el = document.querySelector('.leaflet-container'), m = window[el.id], hit = null;
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
    severe = [e for e in browser.get_log("browser") if e["level"] == "SEVERE"]
    assert not severe, severe
    others = [u for u in _requests(browser) if u != page.as_uri() and not u.startswith("data:")]
    assert not others, f"the offline map made network requests: {others}"
