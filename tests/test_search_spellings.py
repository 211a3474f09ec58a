"""Search that forgives: a profile is found by its name, college and region typed without
Kazakh letters, in the Russian spelling or in Latin letters, in each language's Pagefind
index, queried in Chromium; and the snippets keep labels apart from values."""

from __future__ import annotations

from collections.abc import Iterator
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest
from selenium import webdriver

from site_builder.site.spellings import spellings

from . import test_widget
from .sitebuild import soup
from .test_widget import _serve

browser = test_widget.browser  # the fixture: Debian's Chromium, headless
PROFILE = "2026/aruzhan-serikkyzy/"
QUERIES = ("Сериккызы", "Серикказы", "Serikkyzy", "Aruzhan")


def test_the_spellings_fold_kazakh_letters_and_add_russian_and_latin_ones() -> None:
    line = spellings(
        ["Аружан Серікқызы", "Аружан Сериккызы", "Aruzhan Serikkyzy", "Ержан Сапарұлы", "Алматы қаласы"],
        shown=["Аружан Серікқызы", "Алматы қаласы"],
    ).split()
    assert line == [
        "Aruzhan",
        "Сериккызы",
        "Serikkyzy",
        "Серикказы",  # the name: folded, Latin, Russian ending
        "Ержан",
        "Yerzhan",
        "Сапарұлы",
        "Сапарулы",
        "Saparuly",
        "Almaty",
        "каласы",
        "kalasy",  # the place as typed on a phone without Kazakh letters
    ]
    assert "Аружан" not in line and "Алматы" not in line  # what the page shows is not repeated


def test_the_profile_hands_the_spellings_to_the_index_only(demo_site: Path) -> None:
    page = soup(demo_site / PROFILE / "index.html")
    holder = page.select_one("article[data-pagefind-body] [data-pagefind-index-attrs]")
    assert holder is not None and holder["data-pagefind-index-attrs"] == "data-t100-spellings"
    spelled = str(holder["data-t100-spellings"])
    assert spelled.startswith("(") and spelled.endswith(")")
    assert {"Сериккызы", "Серикказы", "Serikkyzy", "Aruzhan"} <= set(spelled.strip("()").split())
    assert "Сериккызы" not in page.select_one("article").get_text()  # not on the page itself
    labels = [dt.get_text() for dt in page.select(".t100-facts dt")]
    assert labels[0] == "Колледж:" and all(label.endswith(":") for label in labels)
    marks = page.select(".t100-facts .t100-punct")
    assert marks and all(mark["aria-hidden"] == "true" for mark in marks)


@pytest.fixture(scope="module")
def served(demo_site: Path) -> Iterator[str]:
    handler = partial(SimpleHTTPRequestHandler, directory=str(demo_site))
    yield from _serve(ThreadingHTTPServer(("127.0.0.1", 0), handler))


def _search(browser: webdriver.Chrome, query: str) -> list[dict[str, Any]]:
    """Pagefind's own API on the search page (the index of the page's language)."""
    found: list[dict[str, Any]] = browser.execute_async_script(
        """const done = arguments[arguments.length - 1];
        import(document.querySelector('[data-t100-search]').dataset.bundle + 'pagefind.js')
          .then(async pagefind => {
            const search = await pagefind.search(arguments[0]);
            done(await Promise.all(search.results.slice(0, 5).map(r => r.data())));
          }).catch(error => done([{url: String(error)}]));""",
        query,
    )
    return found


@pytest.mark.parametrize("lang", ["", "ru/", "en/"])
def test_a_name_typed_otherwise_finds_the_profile_in_every_language(
    browser: webdriver.Chrome, served: str, lang: str
) -> None:
    browser.get(served + lang + "search/")
    for query in QUERIES:
        results = _search(browser, query)
        assert [r["url"] for r in results][:1] == ["/" + lang + PROFILE], query
    if not lang:  # her region, typed on a phone without Kazakh letters, and her college in Latin
        for place in ("Алматы каласы", "tsifrlyk"):
            assert "/" + PROFILE in [r["url"] for r in _search(browser, place)], place


def test_snippets_keep_labels_apart_from_values(browser: webdriver.Chrome, served: str) -> None:
    browser.get(served + "search/")
    [first, *_] = _search(browser, "Серікқызы")
    assert "Колледж: Алматы цифрлық технологиялар колледжі. Мамандық: " in first["excerpt"]
    browser.get(served + "en/search/")
    [first, *_] = _search(browser, "Aruzhan")
    assert (
        "College: Almaty College of Digital Technologies. Specialty: Software development."
        in first["excerpt"]
    )
