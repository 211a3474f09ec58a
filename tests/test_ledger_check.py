"""The in-browser ledger check (themes/assets/ledger-verify.js, ledger-check.js) against the Python verifier
(voting/ledger.py): the same test vectors, and the same findings on intact, edited, cut,
recomputed and malformed ledgers. The script runs under Node with Node's WebCrypto."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from selenium import webdriver
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait
from werkzeug.serving import make_server

from voting import chain, ledger, services
from voting.db import write_transaction
from voting.models import Candidate, Checkpoint, LedgerEntry

from . import ledger_vectors, test_widget
from .sitebuild import LEDGER_KEY
from .test_pages_browser import _axe, _overflow
from .test_widget import _serve, _wait
from .voting_fixtures import COLLEGE, OPEN, REGIONAL, SEALED_OPEN, Clock, make_app, verified

browser = test_widget.browser  # the fixture: Debian's Chromium, headless

NODE_DRIVER = Path(__file__).resolve().parent / "ledger_check_node.js"
OTHER_KEY = "ab" * 32


def _lines(text: bytes) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    return ledger.read_ledger(text.decode("utf-8").splitlines(keepends=True))


def _text(records: list[dict[str, Any]]) -> str:
    return "".join(ledger.canonical(record).decode("utf-8") + "\n" for record in records)


def _relink(entries: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The chain recomputed after an edit, as someone without the signing key could."""
    out: list[dict[str, Any]] = []
    for position, entry in enumerate(entries, 1):
        row = {**entry, "seq": position, "prev": out[-1]["hash"] if out else ledger.GENESIS}
        row["hash"] = ledger.entry_hash(row)
        out.append(row)
    return out


def _ledgers() -> dict[str, dict[str, Any]]:
    text, detail = ledger_vectors.sample()
    key = detail["key"]
    entries, points = _lines(text)
    edited = [dict(e) for e in entries]
    edited[1]["candidate"] = "dias-nurlanuly"
    sealed = [ledger.sealed_view(e) for e in entries[:4]]
    swapped = [entries[0], entries[2], entries[1], *entries[3:]]
    no_void = _relink([e for e in entries if e["kind"] != "void"])
    no_void[-1] = {**no_void[-1], "tally": {"aruzhan-serikkyzy": 1, "dias-nurlanuly": 2}}
    no_void = _relink(no_void)
    bad_signature = [dict(p) for p in points]
    bad_signature[0]["signature"] = ("0" if points[0]["signature"][0] != "0" else "1") + points[0][
        "signature"
    ][1:]
    after_close = [
        *entries,
        ledger.make_entry(
            ledger_vectors.CONTEST,
            6,
            "ballot",
            "2026-11-21T10:00:06.000000Z",
            entries[-1]["hash"],
            candidate="dias-nurlanuly",
            salt="0" * 32,
        ),
    ]
    wrong_tally = _relink([*entries[:4], {**entries[4], "tally": {"dias-nurlanuly": 2}}])
    bad_void = _relink([*entries[:3], {**entries[3], "ref": 2 + 7}])
    cases: dict[str, tuple[str, str | None, list[dict[str, Any]]]] = {
        "intact": (text.decode("utf-8"), key, []),
        "intact without a pinned key": (text.decode("utf-8"), None, []),
        "another key pinned": (text.decode("utf-8"), OTHER_KEY, []),
        "an entry edited": (_text(edited + points), key, []),
        "an entry edited and the chain recomputed": (_text(_relink(edited) + points), key, []),
        "the end cut off": (_text(entries[:3] + points), key, []),
        "the end cut off with its checkpoints": (_text(entries[:3] + points[:1]), key, []),
        "the same, against a checkpoint kept earlier": (_text(entries[:3] + points[:1]), key, points[1:2]),
        "the void taken out and recomputed": (_text(no_void + points), key, []),
        "a signature changed": (_text(entries + bad_signature), key, []),
        "no checkpoint": (_text(entries), key, []),
        "sealed while open": (_text(sealed + points[:2]), key, []),
        "two entries swapped": (_text(swapped + points), key, []),
        "an entry after the close": (_text(after_close + points), key, []),
        "a close tally that does not add up": (_text(wrong_tally + points), key, []),
        "a void of no ballot": (_text(bad_void + points), key, []),
        "a line with spaces": (text.decode("utf-8").replace('{"candidate":', '{ "candidate":', 1), key, []),
        "a number written 1.0": (text.decode("utf-8").replace('"seq":1,', '"seq":1.0,', 1), key, []),
        "a duplicated key": (
            text.decode("utf-8").replace('{"candidate":', '{"seq":9,"candidate":', 1),
            key,
            [],
        ),
        "empty": ("", key, []),
    }
    return {name: {"text": t, "key": k, "checkpoints": c} for name, (t, k, c) in cases.items()}


def _python(case: dict[str, Any]) -> dict[str, Any]:
    try:
        entries, points = ledger.read_ledger(case["text"].splitlines(keepends=True))
    except ValueError:
        return {"findings": ["NOT A LEDGER"]}
    result = ledger.verify(entries, checkpoints=points + case["checkpoints"], key=case["key"])
    findings = [
        f"BROKEN {result.broken_seq}" if line.startswith("BROKEN") else line.split(":")[0]
        for line in result.findings
    ]
    return {
        "findings": findings,
        "entries": result.entries,
        "tally": dict(result.tally),
        "voided": result.voided,
        "sealed": result.sealed,
        "closed": result.closed,
        "signed": result.signed["seq"] if result.signed else None,
        "unchecked": "",
    }


@pytest.fixture(scope="module")
def node_results() -> dict[str, Any]:
    node = shutil.which("node")
    assert node, "node is missing (apt-get install nodejs)"
    jcs = [case for case, _ in ledger_vectors.jcs_vectors()]
    cases = {"ledgers": _ledgers(), "jcs": jcs}
    done = subprocess.run(
        [node, str(NODE_DRIVER)],
        input=json.dumps(cases),
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    results: dict[str, Any] = json.loads(done.stdout)
    return results


def test_the_canonical_form_matches_the_vectors(node_results: dict[str, Any]) -> None:
    assert node_results["jcs"] == [canonical for _, canonical in ledger_vectors.jcs_vectors()]


def test_the_published_vectors_verify_with_their_signatures(node_results: dict[str, Any]) -> None:
    intact = node_results["intact"]
    assert intact["findings"] == [] and intact["unchecked"] == ""  # Ed25519 was checked
    assert intact == {**intact, "entries": 5, "voided": 1, "closed": True, "signed": 5}
    assert intact["tally"] == {"aruzhan-serikkyzy": 1, "dias-nurlanuly": 1}


@pytest.mark.parametrize("name", list(_ledgers()))
def test_the_browser_finds_what_the_python_verifier_finds(node_results: dict[str, Any], name: str) -> None:
    expected = _python(_ledgers()[name])
    found = node_results[name]
    if expected["findings"] == ["NOT A LEDGER"]:
        assert found["findings"] == ["NOT A LEDGER"]
    else:
        assert found == expected


def test_every_tampering_fails() -> None:
    """The cases above are not all alike: every one but the intact ledgers fails (so the
    agreement above is not two verifiers passing everything)."""
    for name, case in _ledgers().items():
        passed = _python(case)["findings"] == []
        assert passed == (
            name.startswith("intact")
            or name in ("sealed while open", "empty", "the end cut off with its checkpoints")
        ), name


# ---- In Chromium, on the vote page, against the real service ----

PAGE = f"ru/contests/{REGIONAL}/"


def _check(browser: webdriver.Chrome) -> tuple[str, str]:
    """Press the button; the verdict and the details, once the check has finished."""
    box = browser.find_element(By.CSS_SELECTOR, "[data-t100-audit]")
    browser.execute_script("arguments[0].removeAttribute('data-result')", box)
    box.find_element(By.TAG_NAME, "button").click()
    WebDriverWait(browser, 20).until(lambda b: box.get_attribute("data-result"))
    browser.execute_script("arguments[0].scrollIntoView()", box)  # for the screenshots
    verdict = box.find_element(By.CSS_SELECTOR, ".t100-audit__verdict").text
    return verdict, box.find_element(By.CSS_SELECTOR, ".t100-audit__details").text


def _ballot(app: Flask, candidate: str, contest: str = REGIONAL) -> int:
    """A ballot from a new voter; its HTTP status."""
    answer = verified(app, contest).post(f"/api/v1/contests/{contest}/ballots", json={"candidate": candidate})
    return int(answer.status_code)


def _open(browser: webdriver.Chrome, url: str, key: str) -> None:
    browser.get(url)
    _wait(browser, "[data-t100-audit] button")
    # The test build vouches for a made-up key (tests/sitebuild.py); this service signs with
    # its own, which a real build is given (TOP100_LEDGER_PUBLIC_KEY).
    browser.execute_script("document.querySelector('[data-t100-audit]').dataset.key = arguments[0]", key)


def test_the_vote_page_checks_the_whole_ledger_and_catches_an_edit_and_a_cut(
    browser: webdriver.Chrome, demo_site: Path, tmp_path: Path
) -> None:
    clock = Clock(OPEN)
    app = make_app(tmp_path, clock, TOP100_SITE_DIR=str(demo_site))
    with app.app_context():
        names = {c.slug: c.name_ru for c in Candidate.select().where(Candidate.contest == REGIONAL)}
    first, second = list(names)[:2]
    for candidate in (first, second, first):
        assert _ballot(app, candidate) == 201
    with app.app_context():
        notary = services.of().notary
        with write_transaction():
            chain.checkpoint(REGIONAL, notary, clock)  # what the minute's cron job signs
        entries = list(LedgerEntry.select().where(LedgerEntry.contest == REGIONAL).order_by(LedgerEntry.seq))
    assert len(entries) == 3
    browser.set_window_size(360, 740)  # a phone
    for base in _serve(make_server("127.0.0.1", 0, app, threaded=True)):
        _open(browser, base + PAGE, notary.public)
        assert browser.find_element(By.CSS_SELECTOR, "[data-t100-audit] button").text == (
            "Проверить всё голосование в браузере"
        )
        verdict, details = _check(browser)
        assert verdict == (
            "Реестр цел: все записи идут по порядку, каждая совпадает со своим хэшем "
            "и ссылается на предыдущую (записей: 3)."
        )
        assert f"Пересчёт по реестру: {names[first]} — 2; {names[second]} — 1." in details
        assert "Действительных голосов: 3; аннулировано: 0." in details
        assert "Это совпадает с итогами, которые публикует сайт." in details
        assert (
            "Последняя подписанная контрольная точка: запись 3, 12 октября, 15:00 (время Астаны); "
            "её подпись Ed25519 действительна" in details
        )
        browser.save_screenshot(str(tmp_path / "intact.png"))
        assert _axe(browser) == [] and _overflow(browser) == []

        with app.app_context():  # someone with the database, but not the key, changes a ballot
            LedgerEntry.update(candidate=first).where(LedgerEntry.id == entries[1].id).execute()
        verdict, _ = _check(browser)
        assert verdict == "Реестр НЕ прошёл проверку: запись 2 не совпадает со своим хэшем: её изменили."
        browser.save_screenshot(str(tmp_path / "edited.png"))
        with app.app_context():
            LedgerEntry.update(candidate=second).where(LedgerEntry.id == entries[1].id).execute()

        browser.execute_script("localStorage.clear()")  # a first visit: nothing kept on the device
        with app.app_context():  # the last ballot taken out: the signed checkpoint still names it
            LedgerEntry.delete().where(LedgerEntry.id == entries[2].id).execute()
        verdict, _ = _check(browser)
        assert verdict == (
            "Реестр НЕ прошёл проверку: подписанная контрольная точка охватывает записи до 3-й, "
            "а реестр заканчивается записью 2: его конец отрезан."
        )
        browser.save_screenshot(str(tmp_path / "cut.png"))
        assert _axe(browser) == []
        with app.app_context():
            LedgerEntry.insert(entries[2].__data__).execute()
        assert _check(browser)[0].startswith("Реестр цел")  # and the device keeps its checkpoint

        with app.app_context():  # cut again, and the checkpoints that cover the cut dropped too
            LedgerEntry.delete().where(LedgerEntry.id == entries[2].id).execute()
            Checkpoint.delete().where((Checkpoint.contest == REGIONAL) & (Checkpoint.seq >= 3)).execute()
        assert "его конец отрезан" in _check(browser)[0]  # the checkpoint kept on the device

        browser.execute_script(  # the voter of the cut ballot, who kept the receipt only
            "localStorage.clear(); localStorage.setItem(arguments[0], arguments[1])",
            f"t100-receipt-{REGIONAL}",
            entries[2].hash,
        )
        assert _check(browser)[0] == (
            "Реестр НЕ прошёл проверку: вашего голоса, квитанция которого хранится на этом устройстве, "
            "в реестре нет."
        )


def test_a_checkpoint_signed_by_another_key_than_the_page_shows_fails(
    browser: webdriver.Chrome, demo_site: Path, tmp_path: Path
) -> None:
    app = make_app(tmp_path, Clock(OPEN), TOP100_SITE_DIR=str(demo_site))
    assert _ballot(app, "dias-nurlanuly") == 201
    for base in _serve(make_server("127.0.0.1", 0, app, threaded=True)):
        browser.get(base + "en/contests/" + REGIONAL + "/")  # the key the build vouches for
        _wait(browser, "[data-t100-audit] button")
        assert (
            browser.find_element(By.CSS_SELECTOR, "[data-t100-audit]").get_attribute("data-key") == LEDGER_KEY
        )
        verdict, _ = _check(browser)
        assert verdict == (
            "The ledger does NOT pass the check: a checkpoint is signed with another key "
            "than the one shown on this page."
        )
        browser.get(base + "contests/" + REGIONAL + "/")
        _wait(browser, "[data-t100-audit] button")
        browser.execute_script(
            "document.querySelector('[data-t100-audit]').dataset.key = ''"
        )  # a build without one
        verdict, details = _check(browser)
        assert verdict.startswith("Тізілім бүтін: барлық жазба ретімен тұр") and verdict.endswith("саны: 1).")
        assert "Бұл сайт жариялайтын нәтижелерге сәйкес келеді." in details


def test_a_sealed_vote_checks_its_links_and_leaves_the_recount_for_the_close(
    browser: webdriver.Chrome, demo_site: Path, tmp_path: Path
) -> None:
    app = make_app(tmp_path, Clock(SEALED_OPEN), TOP100_SITE_DIR=str(demo_site))
    with app.app_context():
        candidate = Candidate.select().where(Candidate.contest == COLLEGE).first().slug
        key = services.of().notary.public
    assert _ballot(app, candidate, COLLEGE) == 201
    for base in _serve(make_server("127.0.0.1", 0, app, threaded=True)):
        _open(browser, f"{base}en/contests/{COLLEGE}/", key)
        verdict, details = _check(browser)
        assert verdict.startswith("The ledger is intact: every entry is in order") and verdict.endswith(
            "(entries: 1)."
        )
        assert "The results of this vote are sealed until it ends" in details
        assert "Recount" not in details  # no candidate is shown yet, so none is counted
        assert "Latest signed checkpoint: entry 1," in details
