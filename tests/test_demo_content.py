"""The demo content is what a visitor sees first: it must show every part of the programme,
on the regulation's calendar, and `make run`'s demo clock must show its open vote."""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from pathlib import Path

import pytest
from flask import Flask

from site_builder.content import ALMATY, load_content
from site_builder.democlock import DEMO_DATE, DemoClock, DemoDateError, demo_date, on_day
from site_builder.site.plan import plan_site
from voting import create_app, importer

from .conftest import DEMO, REPO
from .sitebuild import mkdocs_build, page_file, soup
from .voting_fixtures import verified

# The day `make run` shows; read from the Makefile so the test and the demo agree.
MAKE_DEMO_DATE = re.search(r"^DEMO_DATE \?= (\S+)$", (REPO / "Makefile").read_text(), re.M)
assert MAKE_DEMO_DATE, "the Makefile sets DEMO_DATE for `make run`"
DEMO_DAY = dt.date.fromisoformat(MAKE_DEMO_DATE[1])
DEMO_NOW = on_day(DEMO_DAY, dt.datetime(2026, 1, 1, 12, 0, tzinfo=ALMATY))
REGIONAL = "2026-almaty-city-regional"


def test_the_demo_year_shows_every_region_kind_category_and_the_two_voting_stages() -> None:
    content, report = load_content(DEMO, today=DEMO_DAY)
    assert report.errors == 0 and report.warnings == 0
    this_year = [e.profile for e in content.valid_profiles if e.year == DEMO_DAY.year and e.profile]
    assert len(this_year) >= 12
    assert len({p.region for p in this_year}) >= 5
    assert {c for p in this_year for c in p.categories} == set(content.reference.categories)
    assert set(Counter(p.stage for p in this_year)) == {"college", "region"}
    assert all(p.demo for p in this_year)
    assert any(p.consent.given_by in {"parent", "guardian"} for p in this_year)  # minors too
    earlier = {e.profile.stage for e in content.valid_profiles if e.year < DEMO_DAY.year and e.profile}
    assert earlier == {"republic"}  # the archive shows republican winners


def test_no_demo_student_is_further_than_the_demo_day_allows() -> None:
    """On a day of the regional stage nobody of that year can be a republican winner yet."""
    content, _ = load_content(DEMO, today=DEMO_DAY)
    start, _ = content.reference.stage_dates("republic", DEMO_DAY.year)
    assert start > DEMO_DAY
    assert not [e.id for e in content.valid_profiles if e.year == DEMO_DAY.year and e.profile
                and e.profile.stage == "republic"]


def test_the_stage_calendar_is_the_regulations() -> None:
    content, _ = load_content(DEMO, today=DEMO_DAY)
    ref = content.reference
    assert ref.stage_dates("college", 2026) == (dt.date(2026, 1, 1), dt.date(2026, 9, 30))
    assert ref.stage_dates("region", 2026) == (dt.date(2026, 10, 1), dt.date(2026, 10, 15))
    assert ref.stage_dates("republic", 2026) == (dt.date(2026, 10, 20), dt.date(2026, 12, 31))
    start, end = ref.stage_dates("region", DEMO_DAY.year)
    assert start <= DEMO_DAY <= end


def test_on_the_demo_day_a_vote_is_in_each_state() -> None:
    content, _ = load_content(DEMO, today=DEMO_DAY)
    open_now = [c for c in content.contests if c.opens <= DEMO_NOW < c.closes]
    upcoming = [c.id for c in content.contests if c.opens > DEMO_NOW]
    closed = [c for c in content.contests if c.closes <= DEMO_NOW]
    published = {r.contest_id for r in content.results}
    assert [c.id for c in open_now] == [REGIONAL] and upcoming == ["2026-aktobe-region-regional"]
    # Closed with its published results, and closed with its (sealed) results still to come.
    assert sorted((c.id, c.id in published) for c in closed) == [
        ("2026-aktobe-oil-gas-college", True), ("2026-almaty-polytechnic-college", False)]
    assert [c.contest.results for c in closed] == ["sealed", "sealed"]
    assert all(c.contest.demo for c in content.contests)
    # The vote stays open all day: at any time of day the demo clock gives.
    for hour in (0, 23):
        moment = on_day(DEMO_DAY, dt.datetime(2030, 6, 1, hour, 59, tzinfo=ALMATY))
        assert open_now[0].opens <= moment < open_now[0].closes


def test_the_demo_clock_keeps_the_time_of_day_and_reads_the_environment() -> None:
    real = dt.datetime(2031, 2, 3, 4, 5, 6, tzinfo=dt.UTC)  # 09:05:06 in Astana
    moved = on_day(dt.date(2026, 10, 12), real)
    assert moved == dt.datetime(2026, 10, 12, 9, 5, 6, tzinfo=ALMATY) and moved.utcoffset() is not None
    assert demo_date({DEMO_DATE: "2026-10-12"}) == dt.date(2026, 10, 12)
    assert demo_date({DEMO_DATE: ""}) is None and demo_date({}) is None
    with pytest.raises(DemoDateError, match="YYYY-MM-DD"):
        demo_date({DEMO_DATE: "12.10.2026"})
    assert DemoClock(DEMO_DAY)().date() == DEMO_DAY


def _home_timeline(now: dt.datetime) -> list[dict[str, str]]:
    content, _ = load_content(DEMO, today=now.date(), deep=False)
    home = next(p for p in plan_site(content, {}, "/", now).pages if p.key == "home" and p.lang == "en")
    return list(home.data["timeline"])


def test_without_the_demo_clock_the_timeline_is_the_regulations() -> None:
    later = dt.datetime(2026, 11, 22, 12, 0, tzinfo=ALMATY)  # the real day this was written
    timeline = _home_timeline(later)
    assert [(s["start"], s["end"], s["state"]) for s in timeline] == [
        ("2026-01-01", "2026-09-30", "done"),
        ("2026-10-01", "2026-10-15", "done"),
        ("2026-10-20", "2026-12-31", "now"),
    ]
    assert [s["state"] for s in _home_timeline(DEMO_NOW)] == ["done", "now", "upcoming"]


@pytest.fixture(scope="module")
def demo_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("demo-site")
    env = {"TOP100_NOW": "", DEMO_DATE: DEMO_DAY.isoformat()}  # the demo clock, as `make run` sets it
    done = mkdocs_build(out, tmp_path_factory.mktemp("demo-cache"), search=False, env=env)
    assert done.returncode == 0, done.stderr
    return out


def test_a_build_with_the_demo_clock_shows_the_open_vote_on_the_real_calendar(demo_site: Path) -> None:
    expected = {"": "2026 жылғы 12 қазан", "ru/": "12 октября 2026 года", "en/": "12 October 2026"}
    assert dt.date(2026, 10, 12) == DEMO_DAY
    for prefix, day in expected.items():
        home = soup(page_file(demo_site, prefix))
        banner = home.select_one("[data-t100-demo-clock]")
        assert banner is not None and day in banner.get_text()
        timeline = home.select_one("[data-t100-timeline]")
        assert timeline is not None and timeline["data-today"] == "2026-10-12"
        stages = [(li["data-start"], li["data-end"], li["class"][-1]) for li in timeline.select("li")]
        assert stages == [
            ("2026-01-01", "2026-09-30", "t100-timeline__stage--done"),
            ("2026-10-01", "2026-10-15", "t100-timeline__stage--now"),
            ("2026-10-20", "2026-12-31", "t100-timeline__stage--upcoming"),
        ]
        links = {a["href"] for a in home.select("main a[href]")}
        assert any(f"contests/{REGIONAL}/" in href for href in links), links
        # No 2026 winners before the republican stage: the latest year's winners are shown.
        assert any("2024/arman-sergazyuly/" in href for href in links), links
        assert not [href for href in links if "2026/" in href and "/contests/" not in href]


def test_the_service_with_the_demo_clock_accepts_a_ballot_and_without_it_refuses(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("TOP100_SECRET_KEY", "test-secret-0123456789abcdef")
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{tmp_path / 'votes.sqlite3'}")
    monkeypatch.setenv("TOP100_CONTENT_DIR", str(DEMO))

    def ballot(app: Flask) -> tuple[int, str]:
        client = verified(app)  # a verified voter: only the calendar decides
        response = client.post(f"/api/v1/contests/{REGIONAL}/ballots", json={"candidate": "dias-nurlanuly"})
        return response.status_code, client.get(f"/api/v1/contests/{REGIONAL}").get_json()["status"]

    monkeypatch.setenv(DEMO_DATE, DEMO_DAY.isoformat())
    app = create_app()
    with app.app_context():
        importer.import_contests(importer.load(DEMO))
    assert ballot(app) == (201, "open")

    monkeypatch.delenv(DEMO_DATE)  # the real calendar: the 2026 regional stage is over
    assert ballot(create_app()) == (403, "closed")


# docs/glossary.md: wordings the language review found wrong, which must not come back.
FORBIDDEN = {
    "kk": [r"жағымды", r"мейірбике", r"көп балалы", r"Касипкор", r"100 студенті» бағдарлама",
           r"кезеңінің дауыс беруі", r"Креативтілік"],
    "ru": [r"Касипкор", r"Kasipkor", r"урпак", r"Орлеу", r"Жаксылык", r"Улытау", r"казак куреси",
           r"(программ|конкурс)\w* «ТОП 100", r"Студенческое самоуправление"],
    "en": [r"TOP 100 college students", r"TOP 100[^.]{0,60}\bprogramme\b", r"seminar-trainings",
           r"kazakh kuresi", r"Almaty city\b"],
}
# Profiles are written in absolute time ("in September 2026"): these go stale.
RELATIVE = {
    "kk": r"(?i)\b(қазір|биыл|былтыр|өткен жазда|өткен күзде)\b",
    "ru": r"(?i)\b(сейчас|в этом году|этой осенью|прошлым летом|прошлой осенью)\b",
    "en": r"(?i)\b(this year|this autumn|now under way|last summer|last autumn|next year)\b",
}


def test_the_texts_keep_the_glossarys_terms_and_absolute_time() -> None:
    found = []
    for lang, patterns in FORBIDDEN.items():
        for path in sorted(DEMO.rglob(f"{lang}.md")):
            text = path.read_text(encoding="utf-8")
            found += [(path.relative_to(DEMO), p) for p in patterns if re.search(p, text)]
            stale = re.search(RELATIVE[lang], text) if "profiles" in path.parts else None
            if stale:
                found.append((path.relative_to(DEMO), stale[0]))
    assert not found
