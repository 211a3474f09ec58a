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

from voting.models import Ballot, Contest

from .voting_fixtures import COLLEGE, OPEN, REGIONAL, SEALED_OPEN, Clock, access_code, make_app

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
    # 20 s: the proof of work and Chromium share two cores with other jobs on a busy machine.
    element = WebDriverWait(browser, 20).until(ready.visibility_of_element_located((By.CSS_SELECTOR, css)))
    return str(element.text)


def _vote(browser: webdriver.Chrome, index: int = 0) -> str:
    """Taps a vote button and says yes in the confirmation; returns the question it asked."""
    browser.find_elements(By.CSS_SELECTOR, ".t100-vote__button")[index].click()
    question = _wait(browser, "dialog.t100-vote__confirm[open] h2")
    browser.find_element(By.CSS_SELECTOR, "dialog.t100-vote__confirm .md-button--primary").click()
    return question


def test_a_visitor_votes_and_gets_a_receipt(
    browser: webdriver.Chrome, built_site: Path, tmp_path: Path
) -> None:
    app = make_app(tmp_path, Clock(OPEN), TOP100_SITE_DIR=str(built_site))
    for base in _serve(make_server("127.0.0.1", 0, app, threaded=True)):
        browser.get(base + PROFILE)
        _wait(browser, ".t100-vote__button")
        status = browser.find_element(By.CSS_SELECTOR, "[data-t100-status]").text
        assert "Голосование идёт до 15 октября, 20:00" in status  # month names from the build
        browser.find_element(By.CSS_SELECTOR, ".t100-vote__button").click()  # first: changing one's mind
        _wait(browser, "dialog.t100-vote__confirm[open]")
        assert browser.switch_to.active_element.text == "Отмена"  # Enter alone casts nothing
        browser.switch_to.active_element.click()
        # the dialog's "close" event, which removes it, comes in a task after the click
        WebDriverWait(browser, 5).until(lambda b: b.find_elements(By.CSS_SELECTOR, "dialog") == [])
        with app.app_context():
            assert Ballot.select().count() == 0
        question = _vote(browser)
        assert question.startswith("Проголосовать за кандидата: ") and question.endswith("?")
        name = question.removeprefix("Проголосовать за кандидата: ").removesuffix("?")
        assert _wait(browser, ".t100-vote__done") == f"Ваш голос принят: {name}. Спасибо!"
        tally = _wait(browser, ".t100-vote__tally")  # counted at once, despite the service's cache
        assert f"{name}\n1 (100,0 %)" in tally  # a bar chart with numbers as text
        # the count in the plural form of its CLDR category, from the catalog ("1 votes" no more)
        widget = browser.find_element(By.CSS_SELECTOR, "[data-t100-widget]").text.splitlines()
        assert "Всего: 1 голос" in widget, widget
        shown = _wait(browser, ".t100-vote__receipt code")
        assert [len(block) for block in shown.split(" ")] == [4] * 16  # grouped for reading
        receipt = shown.replace(" ", "")
        with app.app_context():
            assert Ballot.select().count() == 1
        browser.find_element(By.CSS_SELECTOR, ".t100-vote__actions button").click()  # copy
        copied = _wait(browser, ".t100-vote__widget [role=status]")
        assert copied == "Код квитанции скопирован."
        share = browser.find_element(By.CSS_SELECTOR, ".t100-vote__actions a")
        assert share.get_attribute("href") == base + "ru/receipt/#" + receipt  # a link that checks it
        kept = browser.execute_script(
            "return JSON.parse(localStorage.getItem('t100-receipt-' + arguments[0]))", REGIONAL
        )
        assert kept["code"] == receipt and kept["contest"] == REGIONAL
        assert kept["title"]["kk"].startswith("Алматы")
        assert "candidate" not in kept  # whom one voted for is not left on the device
        browser.find_element(By.CSS_SELECTOR, ".t100-vote__kept a").click()  # the check link
        checked = _wait(browser, "[data-t100-answer]")
        assert checked.split("\n") == [  # which vote, which entry, for whom, counted: in words
            "Город Алматы, 2026 год — голосование регионального этапа",
            "Голос № 1 записан 12 октября, 15:00 (время Астаны) и находится в открытом реестре.",
            f"Голос отдан за кандидата: {name}.",
            "Этот голос учтён в итогах.",
        ]
        [mine] = browser.find_elements(By.CSS_SELECTOR, "[data-t100-kept] .t100-kept__item")  # My receipts
        title = mine.find_element(By.CSS_SELECTOR, ".t100-kept__title").text
        assert title.startswith("Город Алматы, 2026 год")
        assert mine.find_element(By.CSS_SELECTOR, "code").text == shown
        assert "Время голосования: 12 октября" in mine.text
        field = browser.find_element(By.ID, "t100-receipt-code")
        field.clear()  # a code typed back in blocks, with dashes and capitals, still matches
        field.send_keys(" " + "-".join(receipt[i:i + 4] for i in range(0, 64, 4)).upper() + " ")
        answer = browser.find_element(By.CSS_SELECTOR, "[data-t100-answer]")
        browser.execute_script("arguments[0].textContent = ''", answer)
        browser.find_element(By.CSS_SELECTOR, ".t100-receipt button").click()
        assert "Голос № 1 записан" in _wait(browser, "[data-t100-answer]")
        field.clear()
        field.send_keys(receipt[:60])
        browser.find_element(By.CSS_SELECTOR, ".t100-receipt button").click()
        WebDriverWait(browser, 10).until(
            ready.text_to_be_present_in_element((By.CSS_SELECTOR, "[data-t100-answer]"), "64 знаков")
        )
        browser.get(base + PROFILE)  # later visits show the receipt, not a button
        assert _wait(browser, ".t100-vote__done") == "Вы уже участвовали в этом голосовании."
        assert browser.find_elements(By.CSS_SELECTOR, ".t100-vote__button") == []


def test_a_printed_code_opens_the_vote_with_the_code_filled_in(
    browser: webdriver.Chrome, built_site: Path, tmp_path: Path
) -> None:
    app = make_app(tmp_path, Clock(SEALED_OPEN), TOP100_SITE_DIR=str(built_site))
    code = access_code(app)
    browser.set_window_size(360, 740)  # a phone
    for base in _serve(make_server("127.0.0.1", 0, app, threaded=True)):
        browser.get(f"{base}contests/{COLLEGE}/#code={code}")  # what the QR code on the card opens
        _wait(browser, ".t100-vote__button")
        assert "#code" not in browser.current_url  # taken out of the address bar and the history
        assert _vote(browser, 1).endswith(" үшін дауыс бересіз бе?")
        _wait(browser, ".t100-vote__verify")
        intro = browser.find_element(By.CSS_SELECTOR, ".t100-vote__verify p").text
        assert "карточкадағы кодты" in intro.lower()
        field = browser.find_element(By.CSS_SELECTOR, ".t100-vote__verify input")
        assert field.get_attribute("value") == code and field.size["width"] <= 330  # fits the phone
        browser.find_element(By.CSS_SELECTOR, ".t100-vote__verify button[type=submit]").click()
        assert _wait(browser, ".t100-vote__done").endswith(" үшін дауысыңыз қабылданды. Рахмет!")
        wide = browser.execute_script(
            "var w = document.documentElement.clientWidth; return Array.from("
            "document.querySelectorAll('.t100-vote *')).filter(e => e.getBoundingClientRect().right > w)"
            ".map(e => e.className || e.tagName)"
        )
        assert wide == []  # nothing of the vote sticks out of a phone's screen
        browser.find_element(By.CSS_SELECTOR, ".t100-vote__kept a").click()
        WebDriverWait(browser, 10).until(
            ready.text_to_be_present_in_element((By.CSS_SELECTOR, "[data-t100-answer]"), "тізілімде")
        )
        words = browser.find_element(By.CSS_SELECTOR, "[data-t100-answer]").text.split("\n")
        assert words[0] == "Ақтөбе мұнай және газ колледжі, 2026 жыл — колледж кезеңіндегі дауыс беру"
        assert words[2:] == [  # a sealed vote tells neither the candidate nor the void while open
            "Дауыс беру аяқталғанша дауыстың кімге берілгені және есептелгені жабық тұрады."]
    with app.app_context():
        assert Ballot.select().where(Ballot.contest == COLLEGE).count() == 1


def test_an_email_voter_gets_a_code_and_votes(
    browser: webdriver.Chrome, built_site: Path, tmp_path: Path
) -> None:
    outbox = tmp_path / "outbox"
    app = make_app(tmp_path, Clock(OPEN), TOP100_SITE_DIR=str(built_site), TOP100_OUTBOX=str(outbox))
    with app.app_context():
        Contest.update(verification="email").where(Contest.id == REGIONAL).execute()
    for base in _serve(make_server("127.0.0.1", 0, app, threaded=True)):
        browser.get(base + "en/2026/dias-nurlanuly/")
        _wait(browser, ".t100-vote__button")
        _vote(browser)
        _wait(browser, ".t100-vote__verify input[type=email]")
        browser.find_element(By.CSS_SELECTOR, "input[type=email]").send_keys("voter@example.kz")
        browser.find_element(By.CSS_SELECTOR, ".t100-vote__verify button[type=button]").click()
        sent = _wait(browser, ".t100-vote__verify [role=status]")
        assert sent.startswith("A code was sent to voter@example.kz")
        [mail] = list(outbox.glob("*.eml"))
        code = mail.read_text().split("Your code: ")[1][:6]
        browser.find_element(By.CSS_SELECTOR, "input[autocomplete=one-time-code]").send_keys(code)
        browser.find_element(By.CSS_SELECTOR, ".t100-vote__verify button[type=submit]").click()
        assert _wait(browser, ".t100-vote__done").startswith("Your vote for ")
        scripts = [s.get_attribute("src") or "" for s in browser.find_elements(By.TAG_NAME, "script")]
        assert not [src for src in scripts if "telegram.org" in src]  # no third-party script here
    with app.app_context():
        assert Ballot.select().count() == 1


def test_telegram_is_loaded_only_when_the_voter_asks(
    browser: webdriver.Chrome, built_site: Path, tmp_path: Path
) -> None:
    app = make_app(tmp_path, Clock(OPEN), TOP100_SITE_DIR=str(built_site), TOP100_TELEGRAM_BOT_TOKEN="1:t")
    with app.app_context():
        Contest.update(verification="telegram").where(Contest.id == REGIONAL).execute()
    for base in _serve(make_server("127.0.0.1", 0, app, threaded=True)):
        browser.get(base + PROFILE)
        _wait(browser, ".t100-vote__button")
        _vote(browser)
        WebDriverWait(browser, 10).until(  # the vote button is replaced once the service answers
            ready.text_to_be_present_in_element((By.CSS_SELECTOR, ".t100-vote__widget"), "telegram.org")
        )
        widget = browser.find_element(By.CSS_SELECTOR, ".t100-vote__widget").text
        assert "через Telegram" in widget and "telegram.org" in widget  # it says what it will load
        scripts = [s.get_attribute("src") or "" for s in browser.find_elements(By.TAG_NAME, "script")]
        assert not [src for src in scripts if "telegram" in src]  # nothing from Telegram before the click
        entries = browser.execute_script("return performance.getEntriesByType('resource').map(e => e.name)")
        assert not [name for name in entries if "telegram" in name]  # no request to Telegram either


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


def test_a_closed_vote_shows_its_results_once_and_no_live_zeros(
    browser: webdriver.Chrome, built_site: Path, tmp_path: Path
) -> None:
    app = make_app(tmp_path, Clock(OPEN), TOP100_SITE_DIR=str(built_site))  # the college vote has closed
    for base in _serve(make_server("127.0.0.1", 0, app, threaded=True)):
        browser.get(f"{base}en/contests/{COLLEGE}/")
        WebDriverWait(browser, 10).until(
            ready.text_to_be_present_in_element(
                (By.CSS_SELECTOR, "[data-t100-status]"), "Voting closed on 21 September"
            )
        )
        box = browser.find_element(By.CSS_SELECTOR, "section.t100-vote")
        assert browser.find_elements(By.CSS_SELECTOR, ".t100-vote__tally, .t100-vote__button") == []
        assert not browser.find_element(By.CSS_SELECTOR, "[data-t100-note]").is_displayed()
        assert "sealed" not in box.text and "— 0" not in box.text and "0 (0" not in box.text
        rows = box.find_elements(By.CSS_SELECTOR, ".t100-bars > li")
        assert [row.text.split("\n")[1] for row in rows] == ["205 (45.3%)", "149 (32.9%)", "99 (21.9%)"]
        assert "goes on to the next stage" in rows[0].text
