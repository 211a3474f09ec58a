"""The demo content is what a visitor sees first: it must show every part of the programme."""

from __future__ import annotations

import datetime as dt
from collections import Counter

from site_builder.content import ALMATY, load_content

from .conftest import DEMO

TODAY = dt.datetime(2026, 11, 21, 12, 0, tzinfo=ALMATY)


def test_the_current_year_shows_every_region_kind_category_and_stage() -> None:
    content, report = load_content(DEMO, today=TODAY.date())
    assert report.errors == 0 and report.warnings == 0
    this_year = [e.profile for e in content.valid_profiles if e.year == TODAY.year and e.profile]
    assert len(this_year) >= 12
    assert len({p.region for p in this_year}) >= 5
    assert {c for p in this_year for c in p.categories} == set(content.reference.categories)
    assert set(Counter(p.stage for p in this_year)) == {"college", "region", "republic"}
    assert all(p.demo for p in this_year)
    assert any(p.consent.given_by in {"parent", "guardian"} for p in this_year)  # minors too


def test_one_regional_vote_is_open_now_and_one_sealed_vote_has_closed() -> None:
    content, _ = load_content(DEMO, today=TODAY.date())
    open_now = [c for c in content.contests if c.opens <= TODAY < c.closes]
    closed = [c for c in content.contests if c.closes <= TODAY]
    assert [c.contest.stage for c in open_now] == ["region"]
    assert [c.contest.results for c in closed] == ["sealed"]
    assert all(c.contest.demo for c in content.contests)
