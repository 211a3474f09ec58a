"""The ministry's figures, counted from the content: participants per year by region,
category, stage and college, year over year, and once votes' results are published,
ballots per vote, per region and per candidate. One function counts; the statistics
page, the charts and the open-data files all show what it returns."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from ..content import Content
from ..content.schema import STAGES
from ..site.model import prefix
from .charts import bar_chart, tile_map


@dataclass(frozen=True)
class Row:
    key: str  # region code, category id, stage id, college id or year
    label: str
    count: int | None  # None: the region did not exist that year
    href: str = ""


@dataclass
class Figures:
    year: int
    sections: dict[str, list[Row]] = field(default_factory=dict)  # by_region, by_category, ...


def year_figures(content: Content, year: int, lang: str) -> Figures:
    ref = content.reference
    profiles = [e.profile for e in content.valid_profiles if e.year == year and e.profile]
    regions = Counter(p.region for p in profiles)
    categories = Counter(c for p in profiles for c in p.categories)
    stages: Counter[str] = Counter(p.stage for p in profiles)
    colleges = Counter(p.college for p in profiles)
    pre = prefix(lang)
    figures = Figures(year)
    figures.sections["by_region"] = [
        Row(code, region.name(year, lang), regions[code] if region.exists_in(year) else None,
            f"{pre}regions/{code.lower()}/")
        for code, region in sorted(ref.regions.items(), key=lambda kv: kv[1].name(year, lang))
    ]
    figures.sections["by_category"] = [
        Row(cid, cat.name.get(lang), categories[cid], f"{pre}categories/{cid}/")
        for cid, cat in ref.categories.items()
    ]
    figures.sections["by_stage"] = [Row(s, ref.stages[s].name.get(lang), stages[s]) for s in STAGES]
    figures.sections["by_college"] = [
        Row(cid, ref.colleges[cid].name.get(lang) if cid in ref.colleges else cid, n)
        for cid, n in sorted(colleges.items(), key=lambda kv: (-kv[1], kv[0]))
    ]
    figures.sections.update(vote_figures(content, year, lang))
    return figures


# Vote sections, in the order the page shows them; by_candidate's keys are
# "<contest id>/<profile id>", so the page draws one chart per vote.
VOTE_SECTIONS = ("by_vote", "by_vote_region", "by_candidate")


def vote_figures(content: Content, year: int, lang: str) -> dict[str, list[Row]]:
    """Ballots in the year's votes whose results are published (none: no sections).
    A vote counts for the region of its scope: its college's region, or its region; a
    national vote belongs to no one region."""
    ref, pre = content.reference, prefix(lang)
    contests = {c.id: c for c in content.contests if c.contest.year == year}
    published = sorted((r for r in content.results if r.contest_id in contests),
                       key=lambda r: (contests[r.contest_id].closes, r.contest_id))
    if not published:
        return {}
    names = {e.slug: e.profile.name.get(lang) for e in content.valid_profiles if e.year == year and e.profile}
    regions: Counter[str] = Counter()
    votes: list[Row] = []
    candidates: list[Row] = []
    for entry in published:
        contest, results = contests[entry.contest_id], entry.results
        votes.append(Row(contest.id, contest.contest.title.get(lang), results.total,
                         f"{pre}contests/{contest.id}/"))
        scope = contest.contest.scope
        college = ref.colleges.get(scope.college or "")
        region = scope.region or (college.region if college else None)
        if region in ref.regions:
            regions[region] += results.total
        candidates.extend(
            Row(f"{contest.id}/{slug}", names.get(slug, slug), results.ballots.get(slug, 0),
                f"{pre}{year}/{slug}/")
            for slug in sorted(contest.contest.candidates, key=lambda s: (-results.ballots.get(s, 0), s))
        )
    by_region = [Row(code, ref.regions[code].name(year, lang), n, f"{pre}regions/{code.lower()}/")
                 for code, n in regions.items()]
    return {"by_vote": votes, "by_vote_region": sorted(by_region, key=lambda r: r.label),
            "by_candidate": candidates}


def by_year(content: Content, lang: str) -> list[Row]:
    counts = Counter(e.year for e in content.valid_profiles)
    return [Row(str(y), str(y), counts[y], f"{prefix(lang)}stats/{y}/") for y in sorted(counts)]


def charts(figures: Figures, titles: dict[str, str]) -> dict[str, str]:
    """SVG markup per section."""
    drawn = {}
    for name, rows in figures.sections.items():
        if name == "by_region":
            drawn[name] = tile_map([(r.key, r.label, r.count, r.href) for r in rows], titles[name])
        else:
            drawn[name] = bar_chart([(r.label, r.count or 0) for r in rows], titles[name])
    return drawn
