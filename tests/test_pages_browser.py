"""Every page type on a phone (360×740) and a desktop (1280×900), in Debian's Chromium against
the site as `make run` serves it: no sideways scrolling, axe-core finds no violation, the W3C
checker no error, the filters count what they show, the language switch keeps the student.

axe-core and the Nu HTML checker come from benchmarks/package.json (`make tools`)."""

from __future__ import annotations

import json
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from selenium import webdriver
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as ready
from selenium.webdriver.support.ui import Select, WebDriverWait
from werkzeug.serving import make_server

from .sitebuild import REPO, mkdocs_build
from .test_widget import _serve
from .voting_fixtures import OPEN, Clock, make_app

TOOLS = REPO / "benchmarks" / "node_modules"
AXE = TOOLS / "axe-core" / "axe.min.js"
VNU = TOOLS / "vnu-jar" / "build" / "dist" / "vnu.jar"
LANGS = ("", "ru/", "en/")
PROFILE = "2026/aigerim-tulegenkyzy/"
LISTING = "regions/kz-75/"
# The five page types, checked by axe-core and the W3C checker in each language.
CHECKED = ("", LISTING, PROFILE, "contests/2026-almaty-city-regional/", "receipt/",
           "contests/2026-aktobe-oil-gas-college/")  # a closed vote with its results
# Looked at for width only: the other page types.
OTHERS = ("about/", "search/", "programs/", "contests/", "no-such-page/")

@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("pages-site")
    done = mkdocs_build(out, tmp_path_factory.mktemp("pages-cache"), search=False)
    assert done.returncode == 0, done.stderr
    return out


@pytest.fixture(scope="module")
def base(site: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    app = make_app(tmp_path_factory.mktemp("pages-app"), Clock(OPEN), TOP100_SITE_DIR=str(site))
    yield from _serve(make_server("127.0.0.1", 0, app, threaded=True))


@pytest.fixture(scope="module")
def browser() -> Iterator[webdriver.Chrome]:
    assert AXE.is_file() and VNU.is_file(), "axe-core and vnu-jar are missing: run `make tools`"
    options = webdriver.ChromeOptions()
    options.binary_location = "/usr/bin/chromium"
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})  # the console, for errors
    for flag in ("--headless=new", "--no-sandbox", "--disable-gpu", "--hide-scrollbars",
                 "--no-first-run", "--disable-background-networking", "--disable-component-update"):
        options.add_argument(flag)
    driver = webdriver.Chrome(options=options, service=webdriver.ChromeService("/usr/bin/chromedriver"))
    yield driver
    driver.quit()


def _open(browser: webdriver.Chrome, url: str) -> None:
    browser.get(url)
    WebDriverWait(browser, 10).until(lambda b: b.execute_script("return document.readyState") == "complete")


def _overflow(browser: webdriver.Chrome) -> list[str]:
    """The elements that stick out past the right edge, and the page's own scroll width."""
    return list(
        browser.execute_script(
            """const w = document.documentElement.clientWidth, out = [];
            const page = document.documentElement.scrollWidth;
            if (page > w) out.push('page ' + page);
            for (const e of document.querySelectorAll('body *')) {
              const r = e.getBoundingClientRect();
              if (r.width && r.right > w + 1 && getComputedStyle(e).visibility !== 'hidden')
                out.push(e.tagName + '.' + e.className + ' ' + Math.round(r.right));
            }
            return out.slice(0, 8);"""
        )
    )


def _broken_words(browser: webdriver.Chrome) -> list[str]:
    """Badges, tabs and headings that may break a word inside, or whose words run out of them."""
    return list(
        browser.execute_script(
            """return [...document.querySelectorAll('.t100-badge, .md-tabs__link, h1, h2, .t100-facts dd')]
              .filter(e => { const s = getComputedStyle(e), out = e.scrollWidth > e.clientWidth + 1;
                return s.wordBreak === 'break-all' || s.hyphens === 'auto' || out; })
              .map(e => e.textContent.trim());"""
        )
    )


def _axe(browser: webdriver.Chrome) -> list[dict[str, Any]]:
    browser.execute_script(AXE.read_text(encoding="utf-8"))
    return list(
        browser.execute_async_script(
            """const done = arguments[arguments.length - 1];
            axe.run(document, {resultTypes: ['violations']}).then(r => done(r.violations.map(v => (
              {id: v.id, impact: v.impact, nodes: v.nodes.slice(0, 3).map(n => n.target.join(' '))}))));"""
        )
    )


def test_no_page_scrolls_sideways_at_320_and_360(
    browser: webdriver.Chrome, base: str, tmp_path: Path
) -> None:
    problems = {}
    for width in (320, 360):
        browser.set_window_size(width, 740)
        for lang in LANGS:
            for path in CHECKED + OTHERS:
                _open(browser, base + lang + path)
                name = (lang + path).strip("/").replace("/", "_") or "home"
                browser.save_screenshot(str(tmp_path / f"{name}-{width}.png"))
                found = _overflow(browser) + [f"broken: {w}" for w in _broken_words(browser)]
                if found:
                    problems[f"{lang}{path} @{width}"] = found
    assert problems == {}


def test_the_language_menu_stays_on_screen(browser: webdriver.Chrome, base: str, tmp_path: Path) -> None:
    browser.set_window_size(360, 740)
    _open(browser, base + PROFILE)
    browser.find_element(By.CSS_SELECTOR, ".md-header__option .md-select button").click()
    russian = WebDriverWait(browser, 5).until(
        ready.visibility_of_element_located((By.CSS_SELECTOR, ".md-select__link[hreflang=ru]"))
    )
    browser.save_screenshot(str(tmp_path / "language-menu-open.png"))
    box = browser.execute_script(
        "const r = arguments[0].closest('.md-select__inner').getBoundingClientRect();"
        "return [r.left, r.right, document.documentElement.clientWidth];",
        russian,
    )
    assert box[0] >= 0 and box[1] <= box[2], box
    assert _overflow(browser) == []
    russian.click()
    WebDriverWait(browser, 5).until(lambda b: b.current_url == base + "ru/" + PROFILE)
    browser.save_screenshot(str(tmp_path / "language-switched.png"))
    assert browser.find_element(By.TAG_NAME, "html").get_attribute("lang") == "ru"
    assert "Тулегенкызы" in browser.find_element(By.TAG_NAME, "h1").text  # her name as it is in Russian


def test_a_filtered_listing_counts_what_it_shows(
    browser: webdriver.Chrome, base: str, tmp_path: Path
) -> None:
    browser.set_window_size(360, 740)
    _open(browser, base + LISTING)
    count = browser.find_element(By.CSS_SELECTOR, "[data-t100-count]")
    cards = browser.find_elements(By.CSS_SELECTOR, ".t100-card")
    assert count.text == f"Студенттер саны: {len(cards)}" and len(cards) > 1
    select = Select(browser.find_element(By.CSS_SELECTOR, "[data-t100-filter=categories] select"))
    select.select_by_value("leadership")
    shown = [card for card in cards if card.is_displayed()]
    browser.save_screenshot(str(tmp_path / "filtered.png"))
    assert 0 < len(shown) < len(cards)
    assert count.text == f"Студенттер саны: {len(shown)}"


def test_axe_finds_no_violation_in_any_language_at_360_and_1280(
    browser: webdriver.Chrome, base: str, tmp_path: Path
) -> None:
    found = {}
    for width, height in ((360, 740), (1280, 900)):
        browser.set_window_size(width, height)
        for lang in LANGS:
            for path in CHECKED:
                _open(browser, base + lang + path)
                violations = _axe(browser)
                if violations:
                    found[f"{lang}{path} @{width}"] = violations
                    name = (lang + path).replace("/", "_")
                    browser.save_screenshot(str(tmp_path / f"axe-{name}-{width}.png"))
    assert found == {}, json.dumps(found, ensure_ascii=False, indent=1)


def test_no_page_logs_an_error_in_the_console(browser: webdriver.Chrome, base: str) -> None:
    """No failed request (a 404 for a file a script fetches) and no script error, in any
    language: Material fetches sitemap.xml beside each page's feed link, for one."""
    browser.set_window_size(360, 740)
    browser.get_log("browser")  # what earlier tests left
    errors = {}
    for lang in LANGS:
        for path in CHECKED:
            _open(browser, base + lang + path)
            time.sleep(0.5)  # Material's fetches run after the load event
            severe = [e["message"] for e in browser.get_log("browser") if e["level"] == "SEVERE"]
            if severe:
                errors[lang + path] = severe
    assert errors == {}, json.dumps(errors, ensure_ascii=False, indent=1)


def test_the_w3c_checker_finds_no_error(site: Path) -> None:
    pages = [site / lang / path / "index.html" for lang in LANGS for path in CHECKED]
    pages += [site / lang / "404.html" for lang in LANGS]
    done = subprocess.run(
        ["java", "-jar", str(VNU), "--errors-only", "--format", "json", *map(str, pages)],
        capture_output=True,
        text=True,
        timeout=120,
    )
    messages = json.loads(done.stderr or done.stdout)["messages"]
    assert [f"{m.get('url', '')}:{m.get('lastLine')}: {m['message']}" for m in messages] == []
    assert len(pages) == 21 and all(page.is_file() for page in pages)


def test_the_vote_flow_on_a_phone(browser: webdriver.Chrome, base: str, tmp_path: Path) -> None:
    """The issue's flow at 360×740: a candidate's card, the confirmation, the result naming the
    candidate with the receipt, copy, and the receipt page listing it under My receipts."""
    browser.set_window_size(360, 740)
    wait = WebDriverWait(browser, 20)
    _open(browser, base + "contests/2026-almaty-city-regional/")
    button = wait.until(ready.element_to_be_clickable((By.CSS_SELECTOR, ".t100-ballot .t100-vote__button")))
    card = button.find_element(By.XPATH, "ancestor::li[contains(@class, 't100-ballot')]")
    name = card.find_element(By.CSS_SELECTOR, ".t100-card__name").text
    assert card.find_element(By.CSS_SELECTOR, "img").get_attribute("currentSrc")  # the portrait loaded
    assert button.text == "Дауыс беру" and button.get_attribute("aria-label") == f"{name} үшін дауыс беру"
    assert button.rect["width"] >= 110 and button.rect["height"] >= 44  # a thumb finds it
    browser.save_screenshot(str(tmp_path / "1-cards.png"))
    button.click()
    question = wait.until(ready.visibility_of_element_located((By.CSS_SELECTOR, "dialog[open] h2"))).text
    assert question == f"{name} үшін дауыс бересіз бе?"
    browser.save_screenshot(str(tmp_path / "2-confirm.png"))
    browser.find_element(By.CSS_SELECTOR, "dialog[open] .md-button--primary").click()
    done = wait.until(ready.visibility_of_element_located((By.CSS_SELECTOR, ".t100-vote__done")))
    assert done.text == f"{name} үшін дауысыңыз қабылданды. Рахмет!"
    assert browser.switch_to.active_element == done  # read next by a screen reader
    code = browser.find_element(By.CSS_SELECTOR, ".t100-vote__receipt code").text
    assert [len(block) for block in code.split(" ")] == [4] * 16
    assert browser.find_elements(By.CSS_SELECTOR, ".t100-ballot .t100-vote__button") == []  # once only
    browser.find_element(By.CSS_SELECTOR, ".t100-vote__actions button").click()
    status = (By.CSS_SELECTOR, ".t100-vote__widget [role=status]")
    copied = wait.until(ready.visibility_of_element_located(status))
    assert copied.text == "Түбіртек коды көшірілді."
    browser.save_screenshot(str(tmp_path / "3-voted.png"))
    assert _overflow(browser) == []
    assert _axe(browser) == []  # the voted state too: buttons, receipt, chart
    _open(browser, base + "receipt/")
    kept = (By.CSS_SELECTOR, "[data-t100-kept] .t100-kept__item")
    mine = wait.until(ready.visibility_of_element_located(kept))
    assert mine.find_element(By.CSS_SELECTOR, "code").text == code
    assert mine.find_element(By.CSS_SELECTOR, ".t100-kept__title").text.startswith("Алматы қаласы, 2026 жыл")
    mine.find_element(By.CSS_SELECTOR, "button").click()
    wait.until(ready.text_to_be_present_in_element((By.CSS_SELECTOR, "[data-t100-answer]"), "есептелген"))
    answer = browser.find_element(By.CSS_SELECTOR, "[data-t100-answer]").text.split("\n")
    assert answer[0].startswith("Алматы қаласы, 2026 жыл") and answer[2:] == [
        f"Дауыс берілген үміткер: {name}.", "Бұл дауыс нәтижеге есептелген."]
    browser.save_screenshot(str(tmp_path / "4-receipt.png"))
    assert _overflow(browser) == []
    assert _axe(browser) == []
    _open(browser, base + "contests/2026-almaty-city-regional/")  # back on the vote page: voted already
    already = wait.until(ready.visibility_of_element_located((By.CSS_SELECTOR, ".t100-vote__done")))
    assert already.text == "Сіз бұл дауыс беруде дауыс беріп қойғансыз."
    assert browser.find_elements(By.CSS_SELECTOR, ".t100-vote__button") == []
    assert browser.find_element(By.CSS_SELECTOR, ".t100-vote__receipt code").text == code
    browser.save_screenshot(str(tmp_path / "5-already-voted.png"))
