"""The vote widget in a real browser (Debian's Chromium), against the real service."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from selenium import webdriver
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as ready
from selenium.webdriver.support.ui import WebDriverWait
from werkzeug.serving import make_server

from voting.models import Ballot

from .voting_fixtures import OPEN, Clock, make_app

PROFILE = "ru/2026/dias-nurlanuly/"


@pytest.fixture(scope="module")
def built_site(demo_site: Path) -> Path:
    return demo_site


@pytest.fixture
def browser() -> Iterator[webdriver.Chrome]:
    options = webdriver.ChromeOptions()
    options.binary_location = "/usr/bin/chromium"
    for flag in (
        "--headless=new",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
    ):
        options.add_argument(flag)
    driver = webdriver.Chrome(options=options, service=webdriver.ChromeService("/usr/bin/chromedriver"))
    yield driver
    driver.quit()


def _serve(server: object) -> Iterator[str]:
    thread = threading.Thread(target=server.serve_forever, daemon=True)  # type: ignore[attr-defined]
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}/"  # type: ignore[attr-defined]
    server.shutdown()  # type: ignore[attr-defined]


def _wait(browser: webdriver.Chrome, css: str) -> str:
    element = WebDriverWait(browser, 10).until(ready.visibility_of_element_located((By.CSS_SELECTOR, css)))
    return str(element.text)


def test_a_visitor_votes_and_gets_a_receipt(
    browser: webdriver.Chrome, built_site: Path, tmp_path: Path
) -> None:
    app = make_app(tmp_path, Clock(OPEN), TOP100_SITE_DIR=str(built_site))
    for base in _serve(make_server("127.0.0.1", 0, app, threaded=True)):
        browser.get(base + PROFILE)
        _wait(browser, ".t100-vote__button")
        assert "Голосование идёт до" in browser.find_element(By.CSS_SELECTOR, "[data-t100-status]").text
        browser.find_element(By.CSS_SELECTOR, ".t100-vote__button").click()
        assert _wait(browser, ".t100-vote__done") == "Ваш голос принят. Спасибо!"
        receipt = _wait(browser, ".t100-vote__receipt code")
        assert len(receipt) == 64
        with app.app_context():
            assert Ballot.select().count() == 1
        browser.find_element(By.CSS_SELECTOR, ".t100-vote__widget a").click()  # the check link
        checked = _wait(browser, "[data-t100-answer]")
        assert checked.startswith("Голос № 1 записан") and "открытом реестре" in checked
        browser.get(base + PROFILE)  # later visits show the receipt, not a button
        assert _wait(browser, ".t100-vote__done") == "Вы уже участвовали в этом голосовании."
        assert browser.find_elements(By.CSS_SELECTOR, ".t100-vote__button") == []


def test_the_page_reads_well_when_the_service_is_down(browser: webdriver.Chrome, built_site: Path) -> None:
    handler = partial(SimpleHTTPRequestHandler, directory=str(built_site))
    for base in _serve(ThreadingHTTPServer(("127.0.0.1", 0), handler)):  # the site alone, no /api/v1
        browser.get(base + "2026/dias-nurlanuly/")
        assert (
            _wait(browser, ".t100-vote__error")
            == "Дауыс беру қызметі қазір қолжетімсіз. Кейінірек қайталап көріңіз."
        )
        assert "Диас Нұрланұлы" in browser.find_element(By.TAG_NAME, "h1").text
        assert len(browser.find_element(By.CSS_SELECTOR, ".t100-text").text.split()) > 250


def test_search_in_kazakh_finds_students_and_speaks_kazakh(
    browser: webdriver.Chrome, built_site: Path
) -> None:
    handler = partial(SimpleHTTPRequestHandler, directory=str(built_site))
    for base in _serve(ThreadingHTTPServer(("127.0.0.1", 0), handler)):
        browser.get(base + "search/")
        field = WebDriverWait(browser, 10).until(
            ready.visibility_of_element_located((By.CSS_SELECTOR, "#t100-search input"))
        )
        assert field.get_attribute("placeholder") == "Іздеу"
        field.send_keys("WorldSkills")
        WebDriverWait(browser, 10).until(
            lambda b: "нәтиже" in b.find_element(By.CSS_SELECTOR, ".pagefind-ui__message").text
        )
        summary = browser.find_element(By.CSS_SELECTOR, ".pagefind-ui__message").text
        assert summary.startswith("«WorldSkills» бойынша")
        links = [
            a.get_attribute("href")
            for a in browser.find_elements(By.CSS_SELECTOR, ".pagefind-ui__result-link")
        ]
        assert links and all("/ru/" not in link and "/en/" not in link for link in links)  # Kazakh index only
