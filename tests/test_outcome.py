"""The figures of a closed vote's bar chart, from its published results."""

from __future__ import annotations

import datetime as dt

from site_builder.content.results import PublishedResults
from site_builder.site.outcome import outcome, percent


def _results(ballots: dict[str, int], voids: int = 0) -> PublishedResults:
    return PublishedResults(
        contest="2026-x", status="closed", generated_at=dt.datetime(2026, 9, 22, tzinfo=dt.UTC),
        total=sum(ballots.values()), ballots=ballots, voids=voids, ledger={"seq": 1, "hash": "0" * 64},
    )


def test_rows_go_from_most_ballots_to_fewest_and_the_first_ones_advance() -> None:
    shown = outcome(_results({"b": 10, "c": 30, "a": 10}), ["a", "b", "c", "d"], 2, str.upper, "ru")
    assert [(r["slug"], r["votes"], r["advances"]) for r in shown["rows"]] == [
        ("c", 30, True), ("a", 10, True), ("b", 10, False), ("d", 0, False)]  # ties: the contest's order
    assert [r["name"] for r in shown["rows"]] == ["C", "A", "B", "D"]
    assert [r["width"] for r in shown["rows"]] == [100.0, 33.33, 33.33, 0]
    assert shown["rows"][0]["percent"] == "60,0\u00a0%"


def test_nobody_advances_without_a_ballot_and_an_empty_vote_draws_no_bars() -> None:
    shown = outcome(_results({}), ["a", "b"], 2, str, "en")
    assert [(r["votes"], r["width"], r["percent"], r["advances"]) for r in shown["rows"]] == [
        (0, 0, "0.0%", False), (0, 0, "0.0%", False)]


def test_percent_follows_the_language() -> None:
    assert percent(40.81, "en") == "40.8%"
    assert percent(40.81, "kk") == percent(40.81, "ru") == "40,8\u00a0%"
