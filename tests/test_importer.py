"""Importing contests again and again: titles and windows follow, ballots are never lost."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest
from flask import Flask

from voting import importer, service, services
from voting.models import Candidate, Contest

from .conftest import DEMO
from .voting_fixtures import REGIONAL


@pytest.fixture
def content(tmp_path: Path) -> Path:
    root = tmp_path / "content"
    shutil.copytree(DEMO, root)
    return root


def _edit(content: Path, old: str, new: str) -> None:
    path = content / "contests" / f"{REGIONAL}.yml"
    path.write_text(path.read_text(encoding="utf-8").replace(old, new), encoding="utf-8")


def test_reimport_updates_titles_and_windows_and_keeps_ballots(app: Flask, vote: Any, content: Path) -> None:
    assert vote().status_code == 201
    _edit(
        content,
        "en: Almaty City 2026 — regional stage vote",
        "en: Almaty City 2026 — final vote",
    )
    _edit(content, "closes: 2026-10-15 20:00", "closes: 2026-10-14 20:00")
    result = app.test_cli_runner().invoke(args=["contests", "import", "--content", str(content)])
    assert result.exit_code == 0, result.output
    assert "updated: 4" in result.output
    with app.app_context():
        contest = Contest.get_by_id(REGIONAL)
        assert contest.title_en == "Almaty City 2026 — final vote"
        assert contest.closes_at.day == 14 and contest.closes_at.hour == 15  # 20:00 in Almaty is 15:00 UTC
        assert sum(service.tally(contest).values()) == 1


def test_a_candidate_with_ballots_is_not_dropped_silently(app: Flask, vote: Any, content: Path) -> None:
    assert vote("yernar-bolatuly").status_code == 201
    _edit(content, "  - yernar-bolatuly\n", "")
    runner = app.test_cli_runner()
    refused = runner.invoke(args=["contests", "import", "--content", str(content)])
    assert refused.exit_code == 1 and "'yernar-bolatuly' has ballots" in refused.output
    allowed = runner.invoke(args=["contests", "import", "--content", str(content), "--allow-drop"])
    assert allowed.exit_code == 0 and "withdrawn: 1" in allowed.output
    with app.app_context():
        assert Candidate.get(
            (Candidate.slug == "yernar-bolatuly") & (Candidate.contest == REGIONAL)
        ).withdrawn
        assert service.tally(Contest.get_by_id(REGIONAL))["yernar-bolatuly"] == 1
    services.of(app).ballot_box.forget()  # a running worker forgets within 2 s
    assert vote("yernar-bolatuly", who=app.test_client()).status_code == 422


def test_a_candidate_without_ballots_is_simply_removed(app: Flask, content: Path) -> None:
    _edit(content, "  - yernar-bolatuly\n", "")
    with app.app_context():
        report = importer.import_contests(importer.load(content))
        assert report.dropped == [f"{REGIONAL}/yernar-bolatuly"]
        assert not Candidate.select().where(
            (Candidate.slug == "yernar-bolatuly") & (Candidate.contest == REGIONAL)
        ).exists()


def test_broken_content_is_refused_with_its_errors(app: Flask, content: Path) -> None:
    _edit(content, "results: live", "results: public")
    result = app.test_cli_runner().invoke(args=["contests", "import", "--content", str(content)])
    assert result.exit_code == 1
    assert f"contests/{REGIONAL}.yml:13: results: [field.choice] 'public' is not allowed" in result.output
