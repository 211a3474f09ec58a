"""The demo's closed votes hold real, seeded ledgers: the same bytes on every import and every
machine, verified by the ledger's own verifier, and named by the committed results file."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from flask import Flask

from voting import chain, demo, ledger, service, services, voids
from voting.models import Ballot, Contest, LedgerEntry

from .conftest import DEMO
from .voting_fixtures import COLLEGE, OPEN, REGIONAL, Clock, make_app

SEALED = "2026-almaty-polytechnic-college"  # closed on the demo's day, results not published
UPCOMING = "2026-aktobe-region-regional"
RESULTS = DEMO / "results" / f"{COLLEGE}.json"


def _import(app: Flask, content: Path = DEMO) -> str:
    result = app.test_cli_runner().invoke(args=["contests", "import", "--content", str(content)])
    assert result.exit_code == 0, result.output
    return result.output


def _download(app: Flask, contest: str) -> bytes:
    with app.app_context():
        return b"".join(chain.published(contest, sealed=False))


def _entries(download: bytes) -> list[bytes]:
    return [line for line in download.splitlines() if not line.startswith(b'{"checkpoint"')]


@pytest.fixture
def demo_app(tmp_path: Path) -> Flask:
    app = make_app(tmp_path / "one", Clock(OPEN))
    assert f"demo: {COLLEGE} closed with its seeded demo ballots" in _import(app)
    return app


def test_the_closed_demo_votes_get_ballots_and_the_others_none(demo_app: Flask) -> None:
    with demo_app.app_context():
        counts = {c.id: chain.head(c.id)[0] if chain.head(c.id) else 0 for c in Contest.select()}
        assert counts[REGIONAL] == counts[UPCOMING] == 0  # open and upcoming: only voters vote
        assert counts[COLLEGE] > 300 and counts[SEALED] > 300
        kinds = {e.kind for e in LedgerEntry.select().where(LedgerEntry.contest == COLLEGE)}
        assert kinds == {"ballot", "void", "close"}
        assert Ballot.select().where(Ballot.contest == COLLEGE).count() == counts[COLLEGE] - 4 - 1


def test_importing_again_and_on_another_machine_gives_the_same_ledger(
    demo_app: Flask, tmp_path: Path
) -> None:
    first = {contest: _download(demo_app, contest) for contest in (COLLEGE, SEALED)}
    assert "demo:" not in _import(demo_app)  # the ledgers are there: nothing is added
    assert {contest: _download(demo_app, contest) for contest in (COLLEGE, SEALED)} == first
    other = make_app(tmp_path / "two", Clock(OPEN))  # another database and another signing key
    _import(other)
    for contest in (COLLEGE, SEALED):
        again = _download(other, contest)
        assert _entries(again) == _entries(first[contest])
        assert again != first[contest]  # the checkpoints: the same statements, another key's signatures


def test_the_ledger_verifies_and_matches_the_committed_results(demo_app: Flask) -> None:
    entries, checkpoints = ledger.read_ledger(_download(demo_app, COLLEGE).decode().splitlines())
    key = services.of(demo_app).notary.public
    result = ledger.verify(entries, COLLEGE, checkpoints, key)
    assert result.ok and result.closed and not result.unchecked, result.summary()
    published = json.loads(RESULTS.read_text(encoding="utf-8"))
    assert dict(result.tally) == published["ballots"] and result.voided == published["voids"] == 4
    assert sum(result.tally.values()) == published["total"]
    assert {"seq": entries[-1]["seq"], "hash": entries[-1]["hash"]} == published["ledger"]
    assert len(checkpoints) > 3  # signed along the way, after the voids and at the close
    with demo_app.app_context():
        assert demo.results(Contest.get_by_id(COLLEGE), services.of(demo_app).notary) == published


def test_the_command_writes_the_committed_results_file(demo_app: Flask, tmp_path: Path) -> None:
    folder = tmp_path / "content"
    done = demo_app.test_cli_runner().invoke(args=["demo", "results", COLLEGE, "--content", str(folder)])
    assert done.exit_code == 0, done.output
    assert (folder / "results" / f"{COLLEGE}.json").read_bytes() == RESULTS.read_bytes()


def test_the_command_refuses_a_contest_without_demo_ballots(demo_app: Flask, tmp_path: Path) -> None:
    runner = demo_app.test_cli_runner()
    empty = runner.invoke(args=["demo", "results", REGIONAL, "--content", str(tmp_path)])
    assert empty.exit_code == 1 and f"{REGIONAL} has no ballots yet" in empty.output
    unknown = runner.invoke(args=["demo", "results", "no-such-vote", "--content", str(tmp_path)])
    assert unknown.exit_code == 1 and "no contest 'no-such-vote'" in unknown.output
    assert not (tmp_path / "results").exists()


def test_a_contest_without_demo_true_never_gets_demo_ballots(tmp_path: Path) -> None:
    content = tmp_path / "content"
    shutil.copytree(DEMO, content)
    path = content / "contests" / f"{COLLEGE}.yml"
    path.write_text(path.read_text(encoding="utf-8").replace("demo: true\n", ""), encoding="utf-8")
    app = make_app(tmp_path / "db", Clock(OPEN))
    output = _import(app, content)
    assert COLLEGE not in output
    with app.app_context():
        contest = Contest.get_by_id(COLLEGE)
        assert not contest.demo and chain.head(COLLEGE) is None
        with pytest.raises(demo.NotDemo):
            demo.fill(contest, services.of(app).notary)
        with pytest.raises(demo.NotDemo):
            demo.results(contest, services.of(app).notary)
        # Below demo.py too: the service takes no chosen salt for a vote without demo: true.
        regional = Contest.get_by_id(REGIONAL)
        regional.demo = False
        regional.save()
        with pytest.raises(ValueError, match="not a demo contest"):
            service.cast_ballot(REGIONAL, "dias-nurlanuly", "0" * 64, Clock(OPEN), salt="0" * 32)
        with pytest.raises(ValueError, match="not a demo contest"):
            voids.void(voids.select(REGIONAL, []), "test", services.of(app).notary, Clock(OPEN), salts=str)
        with pytest.raises(ValueError, match="not a demo contest"):
            service.finalize(contest, services.of(app).notary, Clock(OPEN), salt="0" * 32)
        assert chain.head(COLLEGE) is None and chain.head(REGIONAL) is None


def test_a_demo_vote_closed_empty_earlier_is_named_not_rewritten(tmp_path: Path) -> None:
    app = make_app(tmp_path, Clock(OPEN))
    with app.app_context():  # a database of before: the close came first, with no ballot
        service.finalize(Contest.get_by_id(COLLEGE), services.of(app).notary, Clock(OPEN))
    output = _import(app)
    assert f"note: demo contest {COLLEGE} was closed in this database before it had demo ballots" in output
    assert len(_entries(_download(app, COLLEGE))) == 1
