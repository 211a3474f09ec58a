"""The pages the publicity package adds to the site: statistics per year and language (with
open-data downloads) and the media register."""

from __future__ import annotations

import posixpath
from collections import Counter

from ..content import Content
from ..content.schema import LANGS
from ..site.dates import long_date
from ..site.model import SitePage, prefix
from ..site.strings import t
from .charts import bar_chart
from .media import GOAL, read_register
from .stats import VOTE_SECTIONS as VOTES
from .stats import Row, by_year, charts, year_figures

SECTIONS = ("by_region", "by_category", "by_stage", "by_college")


def relative(target: str, page: str) -> str:
    """A link from the page at ``page`` to ``target`` (both site-root paths ending in /)."""
    return posixpath.relpath(target or ".", page or ".") + "/"


def _rows(rows: list[Row], page: str) -> list[Row]:
    return [Row(r.key, r.label, r.count, relative(r.href, page) if r.href else "") for r in rows]


def stats_pages(content: Content, lang: str) -> list[SitePage]:
    pre = prefix(lang)
    years = sorted({e.year for e in content.valid_profiles}, reverse=True)
    pages = []
    index = f"{pre}stats/"
    yearly = _rows(by_year(content, lang), index)
    pages.append(SitePage(
        "stats", lang, index, "stats.html", t(lang, "stats"), t(lang, "stats_intro"),
        data={
            "sections": [("by_year", t(lang, "by_year"), _year_chart(yearly, lang), yearly)],
            "years": [(f"{y}/", t(lang, "stats_year", year=y)) for y in years],
            "media_path": "../media/",
        },
    ))
    for year in years:
        path = f"{pre}stats/{year}/"
        figures = year_figures(content, year, lang)
        figures.sections = {name: _rows(rows, path) for name, rows in figures.sections.items()}
        votes = {name: figures.sections.pop(name) for name in VOTES if name in figures.sections}
        titles = {name: t(lang, name if name != "by_region" else "stats_map") for name in SECTIONS}
        drawn = charts(figures, titles)
        downloads = [(t(lang, key), relative(f"data/{year}/", path) + name) for key, name in (
            ("figures_csv", "figures.csv"), ("figures_xlsx", "figures.xlsx"),
            ("winners_csv", "participants.csv"), ("winners_json", "participants.json"))]
        pages.append(SitePage(
            f"stats/{year}", lang, path, "stats.html", t(lang, "stats_year", year=year),
            t(lang, "stats_intro"),
            data={
                "year": year,
                "sections": [(name, titles[name], drawn[name], figures.sections[name]) for name in SECTIONS],
                "map_note": t(lang, "stats_map_note"),
                "downloads": downloads,
                "votes": _vote_sections(votes, lang),
                "votes_note": _votes_note(content, year, lang, bool(votes)),
            },
        ))
    return pages


def _vote_sections(votes: dict[str, list[Row]], lang: str) -> list[tuple[str, str, str, str, list[Row]]]:
    """(id, title, first column's heading, chart, rows): ballots per vote, per region, then
    per candidate with one chart for each vote."""
    if not votes:
        return []
    sections = []
    for name, column in (("by_vote", "vote"), ("by_vote_region", "region")):
        title = t(lang, name)
        sections.append((name, title, t(lang, column), _chart(votes[name], title), votes[name]))
    for vote in votes["by_vote"]:
        rows = [r for r in votes["by_candidate"] if r.key.startswith(f"{vote.key}/")]
        title = t(lang, "ballots_in", vote=vote.label)
        sections.append((f"by_candidate-{vote.key}", title, t(lang, "candidate"), _chart(rows, title), rows))
    return sections


def _votes_note(content: Content, year: int, lang: str, published: bool) -> str:
    """How the vote figures are counted; or, for a year whose votes have no published results
    yet, that they come then; nothing for a year without votes."""
    if published:
        return t(lang, "stats_votes_note")
    return t(lang, "stats_votes_later") if any(c.contest.year == year for c in content.contests) else ""


def _chart(rows: list[Row], title: str) -> str:
    return bar_chart([(r.label, r.count or 0) for r in rows], title)


def _year_chart(rows: list[Row], lang: str) -> str:
    return _chart(rows, t(lang, "by_year"))


def media_page(content: Content, lang: str) -> SitePage:
    """Publications per region and year against the regulation's "more than 20"."""
    records = read_register(content)
    path = f"{prefix(lang)}media/"
    years = sorted({r.year for r in records}, reverse=True)
    counts = Counter((r.region, r.year) for r in records)
    ref, keyed = content.reference, {e.id: e for e in content.valid_profiles}
    latest = years[0] if years else 0  # regions are named as in the latest year listed
    regions = [
        (region.name(latest, lang), relative(f"{prefix(lang)}regions/{code.lower()}/", path),
         [counts[(code, y)] for y in years])
        for code, region in ref.regions.items()
        if any(counts[(code, y)] for y in years)
    ]
    totals = [(y, sum(1 for r in records if r.year == y)) for y in years]
    listed = []
    for r in sorted(records, key=lambda r: (r.date, r.outlet), reverse=True):
        entry = keyed[r.profile_id]
        assert entry.profile is not None
        listed.append({
            "date": long_date(r.date, lang), "date_iso": r.date.isoformat(),
            "outlet": r.outlet, "url": r.url, "title": r.title,
            "name": entry.profile.name.get(lang),
            "profile": relative(f"{prefix(lang)}{entry.year}/{entry.slug}/", path),
        })
    return SitePage(
        "media", lang, path, "media.html", t(lang, "media"), t(lang, "media_intro"),
        data={
            "years": years,
            "regions": sorted(regions),
            "totals": [(y, n, n > GOAL) for y, n in totals],
            "publications": listed,
        },
    )


def publicity_pages(content: Content) -> list[SitePage]:
    pages = []
    for lang in LANGS:
        pages.extend(stats_pages(content, lang))
        pages.append(media_page(content, lang))
    return pages
