"""The publicity outputs of a real `mkdocs build` of the demo content: feeds, posts, print
links, press kits, statistics and open data, checked in the files the build wrote."""

from __future__ import annotations

import json
import zipfile
from pathlib import Path
from typing import Any

import pytest
import rnc2rng
from lxml import etree

from .conftest import DEMO
from .sitebuild import SITE_URL, page_file, soup
from .test_presskit import assert_no_metadata

ATOM_RNC = Path(__file__).parent / "data" / "atom.rnc"
ATOM = "{http://www.w3.org/2005/Atom}"


@pytest.fixture(scope="module")
def site(demo_site: Path) -> Path:
    return demo_site


def _atom_schema() -> etree.RelaxNG:
    # rnc2rng declares xmlns:local="" for RFC 4287's "namespace local", which XML forbids;
    # the grammar names that namespace as ns="" wherever it uses it.
    rng = rnc2rng.dumps(rnc2rng.load(str(ATOM_RNC))).replace('xmlns:local=""', "")
    return etree.RelaxNG(etree.fromstring(rng.encode()))


def test_every_language_has_an_atom_feed_valid_against_rfc_4287(site: Path) -> None:
    schema = _atom_schema()
    for lang, path in (("kk", "feeds/kk.xml"), ("ru", "feeds/ru.xml"), ("en", "feeds/en.xml")):
        feed = etree.parse(str(site / path))
        assert schema.validate(feed), schema.error_log
        root = feed.getroot()
        assert root.get("{http://www.w3.org/XML/1998/namespace}lang") == lang
        titles = [e.findtext(f"{ATOM}title") for e in root.iter(f"{ATOM}entry")]
        links = [e.find(f"{ATOM}link").get("href") for e in root.iter(f"{ATOM}entry")]  # type: ignore[union-attr]
        assert any("aruzhan-serikkyzy" in link for link in links)
        assert any("2026-almaty-city-regional" in link for link in links)  # the vote that opened
        ids = [e.findtext(f"{ATOM}id") or "" for e in root.iter(f"{ATOM}entry")]
        assert any(i.endswith("#contest/2026-aktobe-oil-gas-college/closed") for i in ids)  # results
        assert not any(i.endswith("#contest/2026-almaty-city-regional/closed") for i in ids)  # still open
        assert len(set(titles)) == len(titles)
        assert all(link.startswith(SITE_URL) for link in links)


def test_every_page_links_its_languages_feed_in_the_head(site: Path) -> None:
    for path, feed in (("", "feeds/kk.xml"), ("ru/2026/aruzhan-serikkyzy/", "../../../feeds/ru.xml"),
                       ("en/regions/", "../../feeds/en.xml")):
        head = soup(page_file(site, path)).head
        assert head is not None
        link = head.find("link", rel="alternate", type="application/atom+xml")
        assert link is not None and link["href"] == feed
    # Material fetches sitemap.xml beside the feed: a small one, of the feeds only.
    urls = etree.parse(str(site / "feeds/sitemap.xml")).getroot()
    assert [u.findtext("{http://www.sitemaps.org/schemas/sitemap/0.9}loc") for u in urls] == [
        f"{SITE_URL.rstrip('/')}/feeds/{lang}.xml" for lang in ("kk", "ru", "en")
    ]


def test_the_profile_page_has_ready_posts_and_print_links(site: Path) -> None:
    page = soup(page_file(site, "ru/2026/aruzhan-serikkyzy/"))
    posts = {area["id"]: area.get_text() for area in page.select(".t100-posts textarea")}
    assert len(posts) == 2
    for text in posts.values():
        assert "Аружан Сериккызы" in text and f"{SITE_URL}ru/2026/aruzhan-serikkyzy/" in text
        assert "#ТОП100" in text and "участник проекта" in text
    buttons = page.select("[data-t100-copy-post]")
    assert [b["data-t100-copy-post"] for b in buttons] == sorted(posts)
    assert not page.select(".t100-posts script, .t100-posts [onclick]")  # the handler is in top100.js
    pdfs = [a["href"] for a in page.select(".t100-print a")]
    assert len(pdfs) == 2
    for href in pdfs:
        pdf = (page_file(site, "ru/2026/aruzhan-serikkyzy/").parent / href).resolve()
        assert pdf.read_bytes().startswith(b"%PDF") and pdf.name.endswith("-ru.pdf")


def test_the_statistics_page_has_svg_charts_with_tables_and_open_data(site: Path) -> None:
    page = soup(page_file(site, "ru/stats/2026/"))
    sections = page.select(".t100-stats > section[id^=by_]")
    assert [s["id"] for s in sections] == ["by_region", "by_category", "by_stage", "by_college"]
    for section in sections:
        svg = section.select_one("figure svg[role=img][aria-label]")
        assert svg is not None and not svg.select("script, image, foreignObject")  # nothing fetched or run
        assert section.select_one("table caption") is not None
    tiles = page.select("#by_region svg a")
    assert len(tiles) == 20
    for tile in tiles:
        assert (page_file(site, "ru/stats/2026/").parent / tile["href"] / "index.html").resolve().exists()
    downloads = [a["href"] for a in page.select("a[download]")]
    assert len(downloads) == 4
    for href in downloads:
        assert (page_file(site, "ru/stats/2026/").parent / href).resolve().stat().st_size > 100
    index = soup(page_file(site, "stats/"))
    assert index.select_one("#by_year svg") is not None
    assert any(a["href"] == "2026/" for a in index.select("a"))


def _table(page: Any, section_id: str) -> dict[str, int]:
    """The rows of a section's table: the last part of each row's link, and its number."""
    rows = page.select(f"[id='{section_id}'] tbody tr")
    return {r.th.a["href"].strip("/").rsplit("/", 1)[-1]: int(r.td.get_text()) for r in rows}


def test_the_statistics_page_shows_the_published_vote_results(site: Path) -> None:
    results = DEMO / "results" / "2026-aktobe-oil-gas-college.json"
    published = json.loads(results.read_text(encoding="utf-8"))
    contest = published["contest"]
    headings = {"stats/2026/": "Дауыс саны", "ru/stats/2026/": "Число голосов", "en/stats/2026/": "Ballots"}
    for path, heading in headings.items():
        here = page_file(site, path)
        page = soup(here)
        sections = page.select("#votes section")
        assert [s["id"] for s in sections] == ["by_vote", "by_vote_region", f"by_candidate-{contest}"], path
        for section in sections:
            svg = section.select_one("figure svg[role=img][aria-label]")
            assert svg is not None and not svg.select("script, image, foreignObject")
            column = section.select_one("thead th:last-child")
            assert column is not None and column.get_text() == heading
            for link in section.select("tbody a"):  # the vote, its region and its candidates' pages
                assert (here.parent / link["href"] / "index.html").resolve().exists(), link["href"]
        assert _table(page, "by_vote") == {contest: published["total"]}
        assert _table(page, "by_vote_region") == {"kz-15": published["total"]}
        assert _table(page, f"by_candidate-{contest}") == published["ballots"]
        total = page.select_one(f"[id='by_candidate-{contest}'] tfoot td")
        assert total is not None and int(total.get_text()) == published["total"]
        bars = [t.get_text() for t in page.select(f"[id='by_candidate-{contest}'] svg title")]
        assert sorted(int(b.rsplit(": ", 1)[1]) for b in bars) == sorted(published["ballots"].values())
    assert "Ballots" not in page_file(site, "stats/2026/").read_text(encoding="utf-8")


def test_the_media_page_counts_publications_per_region_and_year(site: Path) -> None:
    page = soup(page_file(site, "en/media/"))
    total = page.select_one("tfoot td")
    assert total is not None and total.get_text(" ", strip=True) == "4 (Goal not reached yet)"
    rows = {r.th.get_text(strip=True): r.td.get_text(strip=True) for r in page.select("tbody tr") if r.th}
    assert rows["Almaty City"] == "3" and rows["Turkistan Region"] == "1"  # content/media/2026.yml
    assert len(page.select("a[href^='https://news.example.com/']")) == 2


def test_each_region_page_links_its_press_kit_with_share_cards_and_no_metadata(site: Path) -> None:
    page = page_file(site, "en/regions/kz-75/")
    links = [a["href"] for a in soup(page).select(".t100-presskit a[download]")]
    assert links == ["../../../presskits/2026/kz-75.zip"]
    archive = zipfile.ZipFile((page.parent / links[0]).resolve())
    names = archive.namelist()
    assert "aruzhan-serikkyzy/share-card-en.jpg" in names and "press-release-en.txt" in names
    for name in names:
        assert_no_metadata(name, archive.read(name))
    assert not soup(page_file(site, "en/regions/kz-10/")).select(".t100-presskit")  # no participants
