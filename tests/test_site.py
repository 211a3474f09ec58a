"""The demo site, built once with the real `mkdocs build`, checked page by page."""

from __future__ import annotations

import hashlib
import json
import re
from pathlib import Path
from urllib.parse import urljoin, urlparse
from xml.etree import ElementTree

import pytest
from PIL import Image

from site_builder.content import load_content
from site_builder.site.strings import STRINGS

from .sitebuild import LEDGER_KEY, REPO, SITE_URL, page_file, soup

LANGS = {"kk": "", "ru": "ru/", "en": "en/"}


@pytest.fixture(scope="module")
def site(demo_site: Path) -> Path:
    return demo_site


@pytest.fixture(scope="module")
def profiles() -> list[str]:
    content, _ = load_content(REPO / "content")
    return [entry.id for entry in content.valid_profiles]


def _html_pages(site: Path) -> list[Path]:
    return [p for p in site.rglob("*.html") if "pagefind" not in p.parts]


def test_every_profile_has_a_page_in_each_language(site: Path, profiles: list[str]) -> None:
    assert len(profiles) >= 12
    for profile in profiles:
        for lang, prefix in LANGS.items():
            page = soup(page_file(site, f"{prefix}{profile}"))
            assert page.html is not None and page.html["lang"] == lang
            assert page.find("h1") is not None
            assert page.select_one("picture img[width][height]") is not None


def test_switcher_leads_to_the_same_page_in_the_other_languages(site: Path, profiles: list[str]) -> None:
    for profile in profiles:
        for prefix in LANGS.values():
            url = f"{SITE_URL}{prefix}{profile}/"
            page = soup(page_file(site, f"{prefix}{profile}"))
            targets = {a["hreflang"]: urljoin(url, a["href"]) for a in page.select("a.md-select__link")}
            assert targets == {lang: f"{SITE_URL}{p}{profile}/" for lang, p in LANGS.items()}


def test_head_has_canonical_absolute_and_description(site: Path) -> None:
    for path in _html_pages(site):
        if path.name == "404.html":
            continue
        page = soup(path)
        canonical = page.find("link", rel="canonical")
        assert canonical and canonical["href"] == SITE_URL + str(path.parent.relative_to(site)).strip(".") + (
            "/" if path.parent != site else ""
        ), path
        # hreflang lives in sitemap.xml (below): Material fetches sitemap.xml beside each one in a page.
        assert page.select("link[rel=alternate][hreflang]") == [], path
        description = page.find("meta", attrs={"name": "description"})
        assert description and len(description["content"]) > 20, path


def test_sitemap_lists_every_page_with_its_alternates(site: Path) -> None:
    ns = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9", "x": "http://www.w3.org/1999/xhtml"}
    root = ElementTree.parse(site / "sitemap.xml").getroot()
    urls = {url.findtext("s:loc", namespaces=ns): url for url in root.findall("s:url", ns)}
    pages = {
        SITE_URL + str(p.parent.relative_to(site)).replace(".", "").strip("/") + "/"
        for p in _html_pages(site)
        if p.name == "index.html"
    }
    pages = {u.replace(SITE_URL + "/", SITE_URL) for u in pages}
    assert set(urls) == pages
    for url in urls.values():
        links = {link.get("hreflang"): link.get("href") for link in url.findall("x:link", ns)}
        assert set(links) == {"kk", "ru", "en", "x-default"}
        assert all(href and href.startswith(SITE_URL) for href in links.values())


def test_kazakh_pages_speak_kazakh(site: Path, profiles: list[str]) -> None:
    for path in [page_file(site, ""), page_file(site, profiles[0]), page_file(site, "regions")]:
        page = soup(path)
        labels = " ".join([page.get_text(" "), *(e["aria-label"] for e in page.select("[aria-label]"))])
        # Material's own strings, from the catalog (site_builder/site/material_strings.py)
        assert "Тілді таңдау" in labels and "Беттің жоғарғы бөлігі" in labels, path
        assert "Select language" not in labels and "Выбрать язык" not in labels, path
    profile_text = soup(page_file(site, profiles[0])).get_text(" ")
    for label in ("Колледж", "Мамандық", "Өңір", "Бөлісу"):
        assert label in profile_text


def test_no_asset_is_loaded_from_another_host(site: Path) -> None:
    host = urlparse(SITE_URL).netloc
    for path in _html_pages(site):
        page = soup(path)
        for tag, attr in (
            ("script", "src"),
            ("img", "src"),
            ("iframe", "src"),
            ("source", "srcset"),
            ("img", "srcset"),
            ("link", "href"),
        ):
            for element in page.find_all(tag):
                value = element.get(attr)
                if not value or (tag == "link" and {"canonical", "alternate"} & set(element.get("rel", []))):
                    continue
                for candidate in value.split(","):
                    target = urlparse(candidate.strip().split(" ")[0])
                    assert target.netloc in ("", host), f"{path}: <{tag} {attr}={value}>"
        for style in page.find_all("style"):
            assert "@import" not in style.text and "fonts.googleapis" not in style.text


def test_every_internal_link_and_asset_resolves(site: Path) -> None:
    broken = []
    for path in _html_pages(site):
        base = SITE_URL + str(path.parent.relative_to(site)).replace(".", "") + "/"
        page = soup(path)
        refs = [a.get("href") for a in page.find_all(["a", "link"])]
        refs += [e.get("src") for e in page.find_all(["img", "script", "source"])]
        refs += [
            c.strip().split(" ")[0]
            for e in page.find_all(["img", "source"])
            for c in (e.get("srcset") or "").split(",")
            if c.strip()
        ]
        for ref in filter(None, refs):
            target = urlparse(urljoin(base.replace(SITE_URL + "/", SITE_URL), ref))
            if target.scheme not in ("http", "https") or target.netloc != urlparse(SITE_URL).netloc:
                continue
            if target.path.startswith("/api/v1/"):  # the voting service, same origin (tests/test_api.py)
                continue
            local = site / target.path.lstrip("/")
            if not (local.is_file() or (local / "index.html").is_file()):
                broken.append(f"{path.relative_to(site)} -> {ref}")
    assert broken == []


def test_published_images_carry_no_metadata(site: Path) -> None:
    images = [*site.glob("media/*/*"), *site.glob("cards/*/*/*.jpg")]
    assert images
    for path in images:
        data = path.read_bytes()
        assert b"Exif" not in data[:4096] and b"http://ns.adobe.com/xap" not in data, path
        with Image.open(path) as image:
            assert not image.getexif(), path
            assert not {"exif", "icc_profile", "xmp", "comment"} & set(image.info), path


def test_share_cards_are_1200_by_630_and_named_in_the_head(site: Path, profiles: list[str]) -> None:
    for lang, prefix in LANGS.items():
        page = soup(page_file(site, f"{prefix}{profiles[0]}"))
        og = page.find("meta", property="og:image")["content"]
        assert og == f"{SITE_URL}cards/{profiles[0]}/{lang}.jpg"
        assert page.find("meta", attrs={"name": "twitter:card"})["content"] == "summary_large_image"
        with Image.open(site / "cards" / profiles[0] / f"{lang}.jpg") as card:
            assert card.size == (1200, 630)


def test_each_language_has_its_own_search_index(site: Path) -> None:
    entry = json.loads((site / "pagefind/pagefind-entry.json").read_text())
    assert set(entry["languages"]) == {"kk", "ru", "en"}
    for lang, info in entry["languages"].items():
        assert info["page_count"] >= 12
        chunks = [p for p in (site / "pagefind").rglob("*") if p.is_file() and lang + "_" in p.name]
        assert sum(p.stat().st_size for p in chunks) < 2_000_000


def test_listing_pages_filter_without_javascript(site: Path) -> None:
    page = soup(page_file(site, "2026"))
    cards = page.select(".t100-card")
    assert len(cards) >= 12 and all(card["data-region"] and card["data-categories"] for card in cards)
    region_links = page.select("[data-t100-filter=region] a[data-value]")
    assert {a["href"] for a in region_links} >= {"../regions/kz-75/", "../regions/kz-15/"}


@pytest.mark.parametrize("lang", LANGS)
def test_vote_pages_show_the_key_that_signs_the_ledger(site: Path, lang: str) -> None:
    page = soup(page_file(site, f"{LANGS[lang]}contests/2026-almaty-city-regional"))
    key = page.select_one("code.t100-ledger-key")
    assert key is not None and key.text == LEDGER_KEY and "Ed25519" in key.parent.text
def test_open_votes_come_first_on_the_home_page_and_the_profile(site: Path) -> None:
    home = soup(page_file(site, "ru/"))
    first = home.select_one(".md-content h2")
    assert first is not None and first.find_next("section")["class"] == ["t100-vote"]
    assert first.find_next("section").find_next("div", class_="t100-text") is not None  # rules after
    profile = soup(page_file(site, "ru/2026/dias-nurlanuly"))
    vote = profile.select_one("article [data-pagefind-ignore] section.t100-vote")
    assert vote is not None and vote.find_next("div", class_="t100-text") is not None  # before the account


@pytest.mark.parametrize("lang", LANGS)
def test_the_command_line_verifier_is_described_once_on_the_receipt_page(site: Path, lang: str) -> None:
    vote = soup(page_file(site, f"{LANGS[lang]}contests/2026-almaty-city-regional"))
    assert "ledger.py" not in vote.get_text()
    link = vote.select_one('a[href$="receipt/#t100-verify"]')
    assert link is not None
    receipt = soup(page_file(site, f"{LANGS[lang]}receipt"))
    assert receipt.select_one("#t100-verify") is not None
    assert "python ledger.py <vote>-ledger.ndjson" in receipt.get_text()
    assert vote.select_one('.t100-vote__check a[href="../../receipt/"]') is not None
    menu = [a["href"] for a in receipt.select(".md-nav--primary a.md-nav__link--active")]
    assert menu == ["./"]  # the menu links the receipt page (and marks it there)
    field = receipt.select_one("#t100-receipt-code")
    assert field is not None and not field.has_attr("pattern")  # forgiving: vote.js cleans the code
    assert receipt.select_one("#" + field["aria-describedby"]).get_text(strip=True)


def test_each_language_has_a_404_page_with_a_way_home(site: Path) -> None:
    for lang, prefix, title in (("kk", "", "Бет табылмады"), ("ru", "ru/", "Страница не найдена"),
                                ("en", "en/", "Page not found")):
        page = soup(site / prefix / "404.html")
        assert page.html["lang"] == lang and page.h1.text == title
        assert page.find("meta", attrs={"name": "robots"})["content"] == "noindex"
        base = page.find("base")["href"]  # sent for any missing path: links resolve from here
        assert base == f"/{prefix}"
        home = urljoin(base, page.select_one("article a, .md-content a")["href"])
        assert home == f"/{prefix}"
        stylesheet = urljoin(base, page.find("link", rel="stylesheet")["href"])
        assert (site / stylesheet.lstrip("/")).is_file()
        assert "404 - Not found" not in page.get_text()


def test_home_region_and_vote_pages_have_share_cards(site: Path) -> None:
    for lang, prefix in LANGS.items():
        for path, card in (
            ("", "home"),
            ("regions/kz-75/", "regions/kz-75"),
            ("contests/2026-almaty-city-regional/", "contests/2026-almaty-city-regional"),
        ):
            page = soup(page_file(site, prefix + path))
            assert page.find("meta", property="og:image")["content"] == f"{SITE_URL}cards/{card}/{lang}.jpg"
            assert page.find("meta", attrs={"name": "twitter:card"})["content"] == "summary_large_image"
            with Image.open(site / "cards" / card / f"{lang}.jpg") as image:
                assert image.size == (1200, 630)


def test_the_header_names_the_programme_in_the_page_language(site: Path, profiles: list[str]) -> None:
    names = {"": "ҚР колледждерінің ең үздік 100 студенті", "ru/": "ТОП 100 студентов колледжей РК"}
    for prefix, name in names.items():
        for path in (prefix, prefix + profiles[0]):
            header = soup(page_file(site, path)).select_one(".md-header__topic .md-ellipsis").text.strip()
            assert header == name, path
    assert "TOP 100" not in soup(page_file(site, "")).select_one(".md-header").get_text()


def test_every_time_shown_names_its_zone(site: Path) -> None:
    """…and every date is written in words, by Babel, with the Kazakh months."""
    for prefix, zone, opens in (
        ("", "Астана уақыты", "2026 жылғы 6 қазан, 10:00"),
        ("ru/", "время Астаны", "6 октября 2026 года, 10:00"),
        ("en/", "Astana time", "6 October 2026, 10:00"),
    ):
        status = soup(page_file(site, prefix + "contests/2026-almaty-city-regional")).select_one(
            "[data-t100-status]"
        )
        text = status.get_text(" ")
        assert text.count(f"({zone})") == 2 and f"{opens} ({zone})" in text, text


def test_pages_load_only_the_stylesheets_they_use(site: Path, profiles: list[str]) -> None:
    for path in ("", profiles[0], "ru/contests/2026-almaty-city-regional"):
        sheets = [link["href"] for link in soup(page_file(site, path)).find_all("link", rel="stylesheet")]
        assert len(sheets) == 2 and "main." in sheets[0], sheets
        assert re.search(r"assets/top100\.[0-9a-f]{10}\.css$", sheets[1]), sheets


@pytest.mark.parametrize("lang", LANGS)
def test_a_vote_page_leads_with_its_candidates_as_cards(site: Path, lang: str) -> None:
    page = soup(page_file(site, f"{LANGS[lang]}contests/2026-almaty-city-regional"))
    content = page.select_one(".md-content article, .md-content")
    first = content.find(["section", "dl", "ul"], recursive=True)
    assert first.name == "section" and "t100-vote" in first["class"]  # before the facts and the ledger
    cards = first.select("li.t100-ballot")
    assert [c.select_one("[data-t100-ballot]")["data-t100-ballot"] for c in cards] == [
        "aruzhan-serikkyzy", "dias-nurlanuly", "madina-yerzhankyzy", "yernar-bolatuly"]
    for card in cards:
        link = card.select_one("a.t100-card__link")
        assert link["href"].startswith("../../") and link["href"].endswith(
            card.select_one("[data-t100-ballot]")["data-t100-ballot"] + "/")  # the card opens the profile
        assert card.select_one("picture source[type='image/webp']") and card.select_one("img[alt][width]")
        assert card.select_one(".t100-card__name").text.strip()
        assert card.select_one(".t100-card__meta").text.strip()  # the college
    assert page.select(".t100-grid:not(.t100-ballots)") == []  # the candidates are shown once


CLOSED = "contests/2026-aktobe-oil-gas-college"  # closed on 21 September; results published
# Its figures are those of the demo ledger `make run` holds (tests/test_demo_ballots.py).


@pytest.mark.parametrize(
    ("lang", "closed", "advances", "counted"),
    [
        ("kk", "Дауыс беру аяқталды: 2026 жылғы 21 қыркүйек, 18:00 (Астана уақыты).", "келесі кезеңге өтеді",
         "Есептелген дауыстар: 453; жойылғандары: 4."),
        ("ru", "Голосование завершилось 21 сентября 2026 года, 18:00 (время Астаны).",
         "проходит на следующий этап",
         "Учтено голосов: 453; аннулировано: 4."),
        ("en", "Voting closed on 21 September 2026, 18:00 (Astana time).", "goes on to the next stage",
         "Ballots counted: 453; voided: 4."),
    ],
)
def test_a_closed_vote_shows_its_published_results_and_nothing_that_contradicts_them(
    site: Path, lang: str, closed: str, advances: str, counted: str
) -> None:
    page = soup(page_file(site, LANGS[lang] + CLOSED))
    box = page.select_one("section.t100-vote")
    assert box["data-state"] == "results"
    assert box.select_one("[data-t100-status]").get_text() == closed
    note = box.select_one("[data-t100-note]")
    assert note.has_attr("hidden") and not note.get_text(strip=True)  # no "sealed until it closes"
    assert box.select_one(".t100-results p").get_text() == counted
    rows = box.select(".t100-bars > li")
    values = [r.select_one(".t100-bars__value").get_text() for r in rows]
    assert [v.split(" ")[0] for v in values] == ["205", "149", "99"]  # numbers as text, most first
    assert values[0] == ("205 (45.3%)" if lang == "en" else "205 (45,3\u00a0%)")
    marked = [r for r in rows if r.select_one(".t100-bars__mark")]
    assert marked == rows[:2] and all(advances in r.get_text() for r in marked)  # advance: 2, in words
    assert [r.select_one("svg rect")["width"] for r in rows] == ["100.0", "72.68", "48.29"]
    assert all(r.select_one("svg")["aria-hidden"] == "true" for r in rows)
    for other in ("results_sealed", "results_live", "results_pending"):  # no other state's words
        assert STRINGS[lang][other] not in page.get_text()
    head = page.select_one("code.t100-ledger-head")  # what a downloaded ledger must end with
    assert head.text == "8cd8bd0209dca988f0f788bc0d2c6e4d1ac9e414942742026ae6230f5a4e4459"
    assert "462" in head.parent.text
    listing = soup(page_file(site, LANGS[lang] + "contests")).get_text()
    assert STRINGS[lang]["results_title"] in listing


# On the demo's day (tests/sitebuild.py NOW) the four demo votes show the four states.
STATES = {
    "2026-aktobe-region-regional": "upcoming",
    "2026-almaty-city-regional": "open",
    "2026-aktobe-oil-gas-college": "results",
    "2026-almaty-polytechnic-college": "awaiting",
}


@pytest.mark.parametrize("lang", list(LANGS))
def test_the_demo_shows_a_vote_in_each_state_each_with_one_set_of_sentences(site: Path, lang: str) -> None:
    words = STRINGS[lang]
    for contest, state in STATES.items():
        box = soup(page_file(site, f"{LANGS[lang]}contests/{contest}")).select_one("section.t100-vote")
        assert box["data-state"] == state, contest
        status, note = box.select_one("[data-t100-status]").get_text(), box.select_one("[data-t100-note]")
        assert bool(box.select(".t100-bars")) == (state == "results"), contest
        if state == "upcoming":
            assert status.startswith(words["status_upcoming"]) and note.get_text() == words["results_live"]
        if state == "awaiting":  # closed, its sealed results not yet published: said once, no figures
            assert not note.has_attr("hidden") and note.get_text() == words["results_pending"]
            assert words["results_sealed"] not in box.get_text() and words["status_open"] not in status


def test_an_open_vote_says_how_its_results_show_and_draws_no_chart_of_its_own(site: Path) -> None:
    page = soup(page_file(site, "ru/contests/2026-almaty-city-regional"))
    box = page.select_one("section.t100-vote")
    assert box["data-state"] == "open"
    assert box.select_one("[data-t100-note]").get_text() == "Результаты видны во время голосования."
    assert box.select(".t100-bars") == []  # the live tally is the service's, drawn by vote.js
    home = soup(page_file(site, "ru/")).select_one("section.t100-vote .t100-vote__go a")
    assert home["href"] == "contests/2026-almaty-city-regional/" and home.text == "Кандидаты и голосование"


def test_the_sites_own_scripts_and_styles_have_names_that_change_with_them(site: Path) -> None:
    """Each page loads top100.css, top100.js, vote.js and material-head.js (and a vote page
    ledger-verify.js and ledger-check.js) under a name holding the file's hash, so servers may
    mark them immutable."""
    names = "top100|vote|ledger-verify|ledger-check|material-head"
    own = re.compile(rf"assets/({names})\.([0-9a-f]{{10}})\.(css|js)$")
    for path in ("", "ru/contests/2026-almaty-city-regional"):
        page = soup(page_file(site, path))
        urls = [tag.get("src") or tag.get("href") for tag in page.select("script[src], link[rel=stylesheet]")]
        matches = [found for url in urls if (found := own.search(str(url)))]
        loaded = sorted(f"{found.group(1)}.{found.group(3)}" for found in matches)
        expected = ["material-head.js", "top100.css", "top100.js", "vote.js"]
        expected += ["ledger-check.js", "ledger-verify.js"] if path else []
        assert loaded == sorted(expected), urls
        assert not [url for url in urls if re.search(r"assets/(top100|vote)\.(css|js)$", str(url))]
        for url in urls:
            if found := own.search(str(url)):
                published = (site / found.group(0)).read_bytes()
                source = (REPO / "themes" / "assets" / f"{found.group(1)}.{found.group(3)}").read_bytes()
                assert published == source and hashlib.sha256(source).hexdigest().startswith(found.group(2))
