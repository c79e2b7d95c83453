"""Browser tests: Playwright driving the system Chromium, with axe-core accessibility checks.

Needs the Python ``playwright`` package, a Chromium binary (``/usr/bin/chromium`` or
``CHROMIUM``) and ``axe.min.js`` from the ``axe-core`` npm package (``AXE_CORE_JS``, or
``node_modules/axe-core/axe.min.js`` in the repository). Without them the tests are skipped.
The platform runs as a separate server process on its own data directory.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
sync_api = pytest.importorskip(
    "playwright.sync_api", reason="the Python playwright package is not installed"
)


def _chromium() -> str | None:
    for candidate in (
        os.environ.get("CHROMIUM"),
        "/usr/bin/chromium",
        shutil.which("chromium"),
        shutil.which("chromium-browser"),
    ):
        if candidate and Path(candidate).exists():
            return candidate
    return None


def _axe() -> Path | None:
    for candidate in (os.environ.get("AXE_CORE_JS"), REPO / "node_modules/axe-core/axe.min.js"):
        if candidate and Path(candidate).exists():
            return Path(candidate)
    return None


CHROMIUM = _chromium()
pytestmark = pytest.mark.skipif(
    CHROMIUM is None, reason="no Chromium binary (apt-get install chromium)"
)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _fresh_postgres(url: str) -> str:
    import psycopg

    base, _, name = url.rpartition("/")
    name = (name.split("?")[0] or "target87") + "_browser"
    with psycopg.connect(f"{base}/postgres", autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')
    return f"{base}/{name}"


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    data_dir = tmp_path_factory.mktemp("browser-data")
    env = {**os.environ, "TARGET87_DATA_DIR": str(data_dir), "HTTPS": "0"}
    env.pop("DATABASE_URL", None)  # its own SQLite file, never the test database
    if os.environ.get("DATABASE_URL", "").startswith("postgres"):
        # On PostgreSQL, a database of its own on the same server (made afresh).
        env["DATABASE_URL"] = _fresh_postgres(os.environ["DATABASE_URL"])
    target87 = [sys.executable, "-m", "target87"]
    subprocess.run([*target87, "setup"], env=env, check=True, capture_output=True, timeout=600)
    port = _free_port()
    proc = subprocess.Popen(
        [*target87, "serve", "--port", str(port)],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}"
    for _ in range(120):
        try:
            urllib.request.urlopen(base + "/healthz", timeout=2)
            break
        except OSError:
            time.sleep(0.5)
    else:
        proc.terminate()
        pytest.fail("the platform server did not start")
    yield base
    proc.terminate()
    proc.wait(timeout=20)


@pytest.fixture(scope="module")
def browser():
    with sync_api.sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        yield browser
        browser.close()


@pytest.fixture
def page(browser):
    # axe is injected as a script: allow it despite the site's strict CSP
    context = browser.new_context(bypass_csp=True, accept_downloads=True)
    page = context.new_page()
    yield page
    context.close()


# every public page type: home, countries, dashboard, pathfinders list, page and report,
# indicators, trends, map, regions, compare, practices, events, publications, laws, partners
PAGE_TYPES = [
    "/{lang}/",
    "/{lang}/countries/",
    "/{lang}/pathfinders/",
    "/{lang}/pathfinders/NPL/",
    "/{lang}/pathfinders/NPL/report/",
    "/{lang}/monitoring/",
    "/{lang}/trends/",
    "/{lang}/knowledge/regions/",
    "/{lang}/countries/NPL/",
    "/{lang}/knowledge/",
    "/{lang}/knowledge/regions/sdg/Central and Southern Asia/",
    "/{lang}/knowledge/compare/?c=NPL&c=MDG&c=BRA",
    "/{lang}/knowledge/practices/?q=child",
    "/{lang}/knowledge/practices/child-labour-free-zones/",
    "/{lang}/knowledge/publications/",
    "/{lang}/knowledge/laws/",
    "/{lang}/knowledge/events/",
    "/{lang}/knowledge/events/calendar/2019/11/",
    "/{lang}/knowledge/events/1/",
    "/{lang}/partners/",
]


@pytest.mark.parametrize("lang", ["en", "ar"])
@pytest.mark.parametrize("path", PAGE_TYPES)
def test_no_serious_accessibility_violations(server, page, path, lang):
    axe = _axe()
    if axe is None:
        pytest.skip("axe-core is not installed (npm install axe-core)")
    page.goto(server + path.format(lang=lang))
    page.add_script_tag(path=str(axe))
    result = page.evaluate("async () => await axe.run(document, {resultTypes: ['violations']})")
    serious = [
        f"{v['id']} ({v['impact']}): {v['help']} — {[n['target'] for n in v['nodes']][:3]}"
        for v in result["violations"]
        if v["impact"] in ("serious", "critical")
    ]
    assert not serious, "\n".join(serious)


def test_dashboard_and_language_switch(server, page):
    page.goto(server + "/en/countries/NPL/")
    assert page.locator("h1").inner_text() == "Nepal"
    page.get_by_role("link", name="français").click()
    page.wait_for_url("**/fr/countries/NPL/")
    assert page.locator("html").get_attribute("lang") == "fr"
    assert (
        page.locator("#section-good-practices")
        .get_by_text("Zones sans travail des enfants")
        .count()
    )
    page.get_by_role("link", name="العربيّة").click()
    page.wait_for_url("**/ar/countries/NPL/")
    assert page.locator("html").get_attribute("dir") == "rtl"


def test_search_filter_and_download(server, page):
    page.goto(server + "/ar/knowledge/practices/")
    page.get_by_label("ابحث بأي لغة").fill("التفتيش المتنقل")
    page.get_by_role("button", name="بحث").click()
    assert page.get_by_role("link", name="التفتيش المتنقل على العمل في البرازيل").count() == 1
    page.goto(server + "/en/knowledge/practices/")
    page.get_by_label("Level").select_option("global")
    page.get_by_role("button", name="Search").click()
    results = page.locator(".result h3").all_inner_texts()
    assert "Child Labour Platform" in results and "Child Labour Free Zones" not in results
    with page.expect_download() as info:
        page.get_by_role("link", name="CSV").click()
    path = info.value.path()
    text = Path(path).read_text(encoding="utf-8-sig")
    assert "Child Labour Platform" in text and "Child Labour Free Zones" not in text


def test_keyboard_reaches_skip_link_first(server, page):
    page.goto(server + "/en/knowledge/events/")
    page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement.className")
    assert "skip-link" in focused
    page.keyboard.press("Enter")
    assert page.evaluate("location.hash") == "#main"


# the drawn size of the smallest chart label: its font size times the chart's scale on screen
SMALLEST_CHART_LABEL = """() => {
  let smallest = 1000;
  for (const svg of document.querySelectorAll("main svg")) {
    const drawn = svg.width.baseVal.value;
    if (!drawn) continue;
    const scale = svg.getBoundingClientRect().width / drawn;
    for (const text of svg.querySelectorAll("text")) {
      if (!text.textContent.trim()) continue;
      smallest = Math.min(smallest, parseFloat(getComputedStyle(text).fontSize) * scale);
    }
  }
  return smallest;
}"""
# what a box that scrolls sideways cannot bring into view: content wider than its scroll
# range (in a right-to-left page, a left-to-right child overflowing past the start edge)
CUT_OFF_IN_SCROLLING_BOXES = """() => {
  const cut = [];
  for (const box of document.querySelectorAll("main *")) {
    if (!["auto", "scroll"].includes(getComputedStyle(box).overflowX)) continue;
    if (box.clientWidth === 0) continue;
    let left = Infinity, right = -Infinity;
    for (const el of box.querySelectorAll("*")) {
      const r = el.getBoundingClientRect();
      if (r.width === 0 || getComputedStyle(el).visibility === "hidden") continue;
      left = Math.min(left, r.left);
      right = Math.max(right, r.right);
    }
    if (right - left > box.scrollWidth + 2) {
      cut.push(`${box.tagName.toLowerCase()}.${box.className}: ${Math.round(right - left)} px`
               + ` of content, ${box.scrollWidth} px reachable`);
    }
  }
  return cut;
}"""
PHONE_PAGES = ["/{lang}/", "/{lang}/countries/NPL/", "/{lang}/pathfinders/NPL/", "/{lang}/trends/",
               "/{lang}/knowledge/compare/?c=NPL&c=MDG&c=BRA"]


@pytest.mark.parametrize("lang", ["en", "ar"])
@pytest.mark.parametrize("path", PHONE_PAGES)
def test_phone_width_nothing_overflows(server, browser, path, lang, tmp_path):
    """At 390 × 844 the page never scrolls sideways (tables and charts scroll inside their
    own box, where every part can be scrolled to), the main menu folds behind a button
    that says whether it is open, and chart labels stay at least 11 px."""
    context = browser.new_context(viewport={"width": 390, "height": 844})
    page = context.new_page()
    try:
        url = server + path.format(lang=lang)
        page.goto(url)
        name = path.format(lang=lang).strip("/").replace("/", "-") or lang
        page.screenshot(path=str(tmp_path / f"{name}-390.png"))
        scroll_width = page.evaluate("document.documentElement.scrollWidth")
        assert scroll_width <= 390, f"{url} is {scroll_width} px wide at 390 px"
        assert page.evaluate(CUT_OFF_IN_SCROLLING_BOXES) == [], url
        toggle = page.locator("button.menu-toggle")
        menu = page.locator("#main-nav")
        assert toggle.is_visible() and toggle.get_attribute("aria-expanded") == "false"
        assert not menu.is_visible()
        toggle.click()
        assert toggle.get_attribute("aria-expanded") == "true" and menu.is_visible()
        assert page.evaluate("document.documentElement.scrollWidth") <= 390
        page.keyboard.press("Escape")
        assert toggle.get_attribute("aria-expanded") == "false" and not menu.is_visible()
        smallest = page.evaluate(SMALLEST_CHART_LABEL)
        assert smallest >= 11, f"a chart label on {url} is drawn {smallest:.1f} px high"
    finally:
        context.close()


CHART_PICTURES = """() => [...document.querySelectorAll("main picture img")].map(img => {
  const r = img.getBoundingClientRect();
  return {src: img.currentSrc, natural: img.naturalWidth, shown: r.width, left: r.left,
          right: r.right};
})"""


@pytest.mark.parametrize("lang", ["en", "ar"])
@pytest.mark.parametrize("width", [390, 1280])
def test_trends_charts_drawn_for_the_screen(server, browser, lang, width):
    """A phone is served the phone drawing of each trends chart, shown whole at its own
    size (labels as drawn, 11 px and more) with nothing to scroll; a wide screen the wide
    drawing, also at its own size."""
    context = browser.new_context(viewport={"width": width, "height": 900})
    page = context.new_page()
    try:
        page.goto(f"{server}/{lang}/trends/")
        page.wait_for_function("[...document.querySelectorAll('main picture img')]"
                               ".every(img => img.complete && img.naturalWidth > 0)")
        charts = page.evaluate(CHART_PICTURES)
        assert charts
        for chart in charts:
            assert ("narrow=1" in chart["src"]) == (width < 600), chart
            assert abs(chart["shown"] - chart["natural"]) < 1, chart  # not shrunk
            if width < 600:
                assert 0 <= chart["left"] and chart["right"] <= width, chart
    finally:
        context.close()


def test_phone_menu_without_javascript(server, browser):
    """Without JavaScript the menu is simply open: every link is reachable."""
    context = browser.new_context(viewport={"width": 390, "height": 844},
                                  java_script_enabled=False)
    page = context.new_page()
    try:
        page.goto(server + "/ar/")
        assert page.locator("#main-nav").is_visible()
        assert not page.locator("button.menu-toggle").is_visible()
        assert page.evaluate("document.documentElement.scrollWidth") <= 390
    finally:
        context.close()


def test_desktop_menu_has_no_toggle(server, browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    try:
        page.goto(server + "/en/")
        assert page.locator("#main-nav").is_visible()
        assert not page.locator("button.menu-toggle").is_visible()
    finally:
        context.close()
