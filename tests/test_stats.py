"""The ministry's figures: counts from the content, the SVG charts and the open-data files."""

from __future__ import annotations

import csv
import dataclasses
import io
import json
from collections import Counter

import pytest
from bs4 import BeautifulSoup
from openpyxl import load_workbook

from site_builder.content import Content, load_content
from site_builder.publicity.charts import TILES, shade
from site_builder.publicity.opendata import figures_csv, figures_xlsx, participants_csv, participants_json
from site_builder.publicity.pages import stats_pages
from site_builder.publicity.stats import year_figures

from .conftest import DEMO

SITE = "https://top100.example.kz/"


@pytest.fixture(scope="module")
def demo() -> Content:
    content, _ = load_content(DEMO, deep=False)
    return content


def test_the_tile_map_places_every_region_once() -> None:
    assert len(TILES) == 20 and len(set(TILES.values())) == 20
    assert TILES["KZ-27"][0] < TILES["KZ-63"][0]  # west Kazakhstan lies west of east Kazakhstan
    assert TILES["KZ-59"][1] < TILES["KZ-79"][1]  # north Kazakhstan lies north of Shymkent
    assert shade(0, 5) != shade(1, 5) != shade(5, 5)


def test_the_charts_numbers_match_the_content(demo: Content) -> None:
    content = demo
    profiles = [e.profile for e in content.valid_profiles if e.year == 2026 and e.profile]
    page = next(p for p in stats_pages(content, "en") if p.key == "stats/2026")
    sections = {key: (svg, rows) for key, _, svg, rows in page.data["sections"]}
    svg, rows = sections["by_region"]
    tiles = BeautifulSoup(svg, "html.parser").find_all("a")
    assert len(tiles) == 20
    expected = Counter(p.region for p in profiles)
    shown = {a.find("title").get_text().rsplit(": ", 1)[0]: a.find_all("text")[-1].get_text() for a in tiles}
    for row in rows:
        assert shown[row.label] == ("—" if row.count is None else str(expected[row.key]))
        assert row.href == f"../../regions/{row.key.lower()}/"
    hrefs = {a["href"] for a in tiles}
    assert "../../regions/kz-75/" in hrefs
    svg, rows = sections["by_category"]
    bars = BeautifulSoup(svg, "html.parser").find_all("title")
    categories = Counter(c for p in profiles for c in p.categories)
    assert [b.get_text() for b in bars] == [f"{r.label}: {categories[r.key]}" for r in rows]
    assert sum(r.count or 0 for r in sections["by_stage"][1]) == len(profiles)


def test_a_region_that_did_not_exist_shows_a_dash(demo: Content) -> None:
    figures = year_figures(demo, 2021, "ru")
    abai = next(r for r in figures.sections["by_region"] if r.key == "KZ-10")
    assert abai.count is None


def test_open_data_holds_the_same_figures_and_no_personal_data(demo: Content) -> None:
    content = demo
    rows = list(csv.DictReader(io.StringIO(figures_csv(content, 2026).decode("utf-8-sig"))))
    by_region = {r["key"]: r for r in rows if r["section"] == "by_region"}
    assert by_region["KZ-15"]["label_ru"] == "Актюбинская область"
    assert by_region["KZ-15"]["label_en"] == "Aktobe Region"
    figures = year_figures(content, 2026, "kk")
    assert {k: int(r["count"]) for k, r in by_region.items()} == {
        r.key: r.count for r in figures.sections["by_region"]}
    book = load_workbook(io.BytesIO(figures_xlsx(content, 2026)))
    assert book.sheetnames == ["by_region", "by_category", "by_stage", "by_college", "by_vote",
                               "by_vote_region", "by_candidate", "by_year"]
    sheet = {row[0]: row[-1] for row in book["by_region"].iter_rows(min_row=2, values_only=True)}
    assert sheet["KZ-15"] == int(by_region["KZ-15"]["count"])
    people = json.loads(participants_json(content, 2026, SITE))
    assert len(people) == len([e for e in content.valid_profiles if e.year == 2026])
    text = participants_csv(content, 2026, SITE).decode("utf-8-sig")
    assert not {"birth_date", "age", "consent"} & set(people[0])
    assert not {"birth_date", "age", "consent"} & set(text.splitlines()[0].split(","))
    for private in ("AOG-2026/021", "2009-01-14", "2026-08-29"):  # consent reference, birth and consent dates
        assert private not in json.dumps(people) and private not in text
    assert people[0]["url_ru"].startswith(f"{SITE}ru/2026/")


def test_the_same_content_gives_the_same_bytes(demo: Content) -> None:
    assert figures_xlsx(demo, 2026) == figures_xlsx(demo, 2026)


RESULTS = DEMO / "results" / "2026-aktobe-oil-gas-college.json"


def test_vote_figures_come_from_the_published_results(demo: Content) -> None:
    published = json.loads(RESULTS.read_text(encoding="utf-8"))
    contest = published["contest"]
    page = next(p for p in stats_pages(demo, "kk") if p.key == "stats/2026")
    votes = {key: (title, svg, rows) for key, title, _, svg, rows in page.data["votes"]}
    assert list(votes) == ["by_vote", "by_vote_region", f"by_candidate-{contest}"]
    _, svg, rows = votes["by_vote"]
    # Only the closed vote with published results: the open Almaty vote has none yet.
    assert [(r.key, r.count) for r in rows] == [(contest, published["total"])]
    assert rows[0].href == f"../../contests/{contest}/"
    bars = [t.get_text() for t in BeautifulSoup(svg, "html.parser").find_all("title")]
    assert bars == [f"{rows[0].label}: {published['total']}"]
    _, _, rows = votes["by_vote_region"]
    assert [(r.key, r.count) for r in rows] == [("KZ-15", published["total"])]  # the college's region
    title, svg, rows = votes[f"by_candidate-{contest}"]
    assert {r.key.split("/")[1]: r.count for r in rows} == published["ballots"]
    assert [r.count for r in rows] == sorted(published["ballots"].values(), reverse=True)
    assert rows[0].href == "../../2026/yerassyl-kairatuly/"
    bars = [t.get_text() for t in BeautifulSoup(svg, "html.parser").find_all("title")]
    assert bars == [f"{r.label}: {r.count}" for r in rows]
    assert "дауыс" in title and "дауыс" in page.data["votes_note"]


def test_a_year_whose_votes_have_no_published_results_says_they_come_later(demo: Content) -> None:
    unpublished = dataclasses.replace(demo, results=[])
    page = next(p for p in stats_pages(unpublished, "ru") if p.key == "stats/2026")
    assert page.data["votes"] == [] and "после публикации итогов" in page.data["votes_note"]
    assert "by_vote" not in year_figures(unpublished, 2026, "ru").sections
    page = next(p for p in stats_pages(demo, "ru") if p.key == "stats/2024")  # no vote that year
    assert page.data["votes"] == [] and page.data["votes_note"] == ""


def test_open_data_holds_the_vote_figures(demo: Content) -> None:
    published = json.loads(RESULTS.read_text(encoding="utf-8"))
    rows = list(csv.DictReader(io.StringIO(figures_csv(demo, 2026).decode("utf-8-sig"))))
    candidates = {r["key"]: int(r["count"]) for r in rows if r["section"] == "by_candidate"}
    assert candidates == {f"{published['contest']}/{slug}": n for slug, n in published["ballots"].items()}
    vote = next(r for r in rows if r["section"] == "by_vote")
    assert int(vote["count"]) == published["total"] and vote["label_ru"].startswith("Актюбинский")
    book = load_workbook(io.BytesIO(figures_xlsx(demo, 2026)))
    sheet = book["by_candidate"].iter_rows(min_row=2, values_only=True)
    assert sum(row[-1] for row in sheet) == published["total"]
