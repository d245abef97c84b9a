"""kg serve in a real browser: Debian's chromium, headless, driven by Selenium through
Debian's chromium-driver, against a real uvicorn server on 127.0.0.1 started by a fixture.

Few and fast on purpose (CI's time): one walk through search -> company page -> timeline
mark -> evidence, one through a review decision -> rebuild -> the page shows it. With
``KG_SCREENSHOTS=1`` they also refresh the screenshots in ``docs/``.
"""

from __future__ import annotations

import os
import shutil
import socket
import tempfile
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
DRIVER = shutil.which("chromedriver") or "/usr/bin/chromedriver"
SHOTS = os.environ.get("KG_SCREENSHOTS") == "1"


def _need_browser() -> None:
    if not (Path(CHROMIUM).exists() and Path(DRIVER).exists()):
        message = "chromium and chromium-driver are not installed (make install-browser)"
        if os.environ.get("CI"):
            pytest.fail(message)  # CI installs them: their absence is a failure there
        pytest.skip(message)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Server:
    """uvicorn serving the app on 127.0.0.1 in a thread; stopped by the fixture."""

    def __init__(self, app) -> None:  # type: ignore[no-untyped-def]
        import uvicorn

        self.port = _free_port()
        self.server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=self.port,
                                                    log_level="warning"))
        self.thread = threading.Thread(target=self.server.run, daemon=True)
        self.thread.start()
        deadline = time.monotonic() + 20
        while not self.server.started:
            if time.monotonic() > deadline or not self.thread.is_alive():
                raise RuntimeError("the web server did not start")
            time.sleep(0.05)
        self.url = f"http://127.0.0.1:{self.port}"

    def stop(self) -> None:
        self.server.should_exit = True
        self.thread.join(timeout=10)


@pytest.fixture(scope="module")
def browser() -> Iterator:
    _need_browser()
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    profile = tempfile.mkdtemp(prefix="kg-chromium-")
    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for flag in ("--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run",
                 "--disable-dev-shm-usage", f"--user-data-dir={profile}", "--window-size=1200,1400"):
        options.add_argument(flag)
    driver = webdriver.Chrome(service=Service(executable_path=DRIVER), options=options)
    driver.set_page_load_timeout(30)
    try:
        yield driver
    finally:
        driver.quit()
        shutil.rmtree(profile, ignore_errors=True)


@pytest.fixture
def served(tmp_path: Path) -> Iterator[tuple[Server, Path, Path]]:
    """A fresh seeds store (the review test rebuilds it) served on 127.0.0.1."""
    from kg.web.app import create_app
    from kg.web.source import GraphSource
    from tests.web_helpers import SEEDS, build_store

    store = build_store(tmp_path, [SEEDS])
    curation = tmp_path / "curation.ttl"
    server = Server(create_app(GraphSource.for_store(store), curation=curation))
    try:
        yield server, store, curation
    finally:
        server.stop()


def _shot(driver, name: str) -> None:  # type: ignore[no-untyped-def]
    if SHOTS:
        height = driver.execute_script("return document.body.scrollHeight")
        driver.set_window_size(1200, min(max(height + 40, 800), 2600))
        driver.save_screenshot(str(ROOT / "docs" / name))
        driver.set_window_size(1200, 1400)


def test_search_company_timeline_evidence(browser, served) -> None:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import WebDriverWait

    server, _store, _cur = served
    browser.get(server.url + "/")
    box = browser.find_element(By.NAME, "q")
    box.send_keys("xiao")
    box.submit()
    # each click loads a new page: wait for it, never read the page that was clicked on
    WebDriverWait(browser, 20).until(lambda d: "q=xiao" in d.current_url)
    browser.find_element(By.LINK_TEXT, "Xiaomi").click()
    WebDriverWait(browser, 20).until(lambda d: d.current_url.endswith("/company/xiaomi"))
    assert browser.find_element(By.TAG_NAME, "h1").text == "Xiaomi"
    # the timeline was drawn: marks in the SVG with their labels, the current status
    svg = browser.find_element(By.CSS_SELECTOR, "svg.timeline")
    labels = [t.text for t in svg.find_elements(By.CSS_SELECTOR, ".mark-label")]
    assert {"Designated", "Preliminary injunction", "Final order", "Lifted"} <= set(labels)
    assert svg.find_element(By.CSS_SELECTOR, ".now text").text == "Lifted"
    assert svg.size["width"] > 600  # laid out, not an empty box
    metrics = browser.find_element(By.ID, "metrics").text
    assert "9.8 bn EUR" in metrics and "49.4 m units" in metrics and "16.1 %" in metrics
    _shot(browser, "screenshot-company.png")
    # a mark is a link to its evidence: the span is highlighted in the article's text
    svg.find_element(By.CSS_SELECTOR, "a.order-finalorder .mark-label").click()  # its label, as a user would
    WebDriverWait(browser, 20).until(lambda d: "/evidence/000_354504606f9a2e7a/" in d.current_url)
    highlight = browser.find_element(By.ID, "highlight")
    assert highlight.text.startswith("This was announced by the Chinese company")
    assert highlight.value_of_css_property("background-color") != "rgba(0, 0, 0, 0)" or \
        highlight.find_element(By.TAG_NAME, "mark").value_of_css_property("background-color") != "rgba(0, 0, 0, 0)"
    assert "Final order" in browser.find_element(By.ID, "facts").text
    _shot(browser, "screenshot-evidence.png")


def test_review_decision_then_rebuild_shows_it(browser, served) -> None:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import WebDriverWait

    from tests.web_helpers import SEEDS, build_store

    server, store, curation = served
    browser.get(server.url + "/company/xiaomi")
    browser.find_element(By.PARTIAL_LINK_TEXT, "Review Xiaomi").click()
    WebDriverWait(browser, 20).until(lambda d: d.find_elements(By.CSS_SELECTOR, "#queue tr.item"))
    rows = browser.find_elements(By.CSS_SELECTOR, "#queue tr.item")
    assert len(rows) == 11  # Xiaomi's facts, one row per fact and article
    confidences = [float(r.find_element(By.CSS_SELECTOR, "td.num").text) for r in rows]
    assert confidences == sorted(confidences)
    _shot(browser, "screenshot-review.png")
    target = "https://w3id.org/newskg/id/metric/xiaomi/marketshare/2021-q1/premium-smartphones/-"
    row = browser.find_element(By.CSS_SELECTOR, f'#queue tr.item[data-fact="{target}"]')
    row.find_element(By.CSS_SELECTOR, 'form[action="/review/reject"] input[name="reason"]').send_keys(
        "the share is of the premium segment in China only")
    row.find_element(By.CSS_SELECTOR, 'form[action="/review/reject"] button').click()
    # the POST answers with a redirect to the queue: wait for that page, not the one clicked on
    WebDriverWait(browser, 20).until(
        lambda d: "rejected" in (d.find_elements(By.ID, "flash") or [None])[0].text
        if d.find_elements(By.ID, "flash") else False)
    assert curation.exists()
    # the rebuild applies the decision; the running server sees the new store
    build_store(store.parent, [SEEDS], curation=curation)
    browser.get(server.url + "/company/xiaomi")
    assert "16.1 %" not in browser.find_element(By.ID, "metrics").text
    assert "9.8 bn EUR" in browser.find_element(By.ID, "metrics").text
