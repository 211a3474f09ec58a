"""The hash chain: anyone can verify it, and any edit, deletion or reordering is named."""

from __future__ import annotations

import json
import sqlite3
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from flask import Flask

from voting import ledger, service

from .conftest import REPO
from .voting_fixtures import REGIONAL


@pytest.fixture
def five_ballots(app: Flask, vote: Any) -> list[str]:
    candidates = [
        "dias-nurlanuly",
        "aruzhan-serikkyzy",
        "dias-nurlanuly",
        "yernar-bolatuly",
        "dias-nurlanuly",
    ]
    return [vote(name, who=app.test_client()).get_json()["receipt"] for name in candidates]


def _db(tmp_path: Path) -> sqlite3.Connection:
    return sqlite3.connect(tmp_path / "votes.sqlite3", isolation_level=None)


def _verify(app: Flask) -> ledger.Verification:
    with app.app_context():
        return service.verify_contest(REGIONAL)


def test_an_untouched_ledger_verifies_with_its_tally(app: Flask, five_ballots: list[str]) -> None:
    result = _verify(app)
    assert result.ok and result.entries == 5
    assert result.tally == {"dias-nurlanuly": 3, "aruzhan-serikkyzy": 1, "yernar-bolatuly": 1}


def test_an_edited_entry_is_named(app: Flask, five_ballots: list[str], tmp_path: Path) -> None:
    _db(tmp_path).execute("UPDATE ledgerentry SET candidate = 'aruzhan-serikkyzy' WHERE seq = 3")
    result = _verify(app)
    assert result.broken_seq == 3 and "edited" in result.problem


def test_a_deleted_entry_is_named(app: Flask, five_ballots: list[str], tmp_path: Path) -> None:
    _db(tmp_path).execute("DELETE FROM ledgerentry WHERE seq = 2")
    result = _verify(app)
    assert result.broken_seq == 2 and "missing" in result.problem


def test_reordered_entries_are_named(app: Flask, five_ballots: list[str], tmp_path: Path) -> None:
    db = _db(tmp_path)
    db.execute("UPDATE ledgerentry SET seq = -1 WHERE seq = 4")
    db.execute("UPDATE ledgerentry SET seq = 4 WHERE seq = 2")
    db.execute("UPDATE ledgerentry SET seq = 2 WHERE seq = -1")
    assert _verify(app).broken_seq == 2


def test_the_cli_verifies_and_fails_on_tampering(app: Flask, five_ballots: list[str], tmp_path: Path) -> None:
    runner = app.test_cli_runner()
    ok = runner.invoke(args=["ledger", "verify", REGIONAL])
    assert ok.exit_code == 0 and "OK: 5 entries" in ok.output
    _db(tmp_path).execute("UPDATE ledgerentry SET time = '2026-01-01T00:00:00Z' WHERE seq = 4")
    broken = runner.invoke(args=["ledger", "verify", REGIONAL])
    assert broken.exit_code == 1 and "BROKEN at entry 4" in broken.output


def test_the_standalone_script_checks_a_downloaded_ledger(
    client: Any, five_ballots: list[str], tmp_path: Path
) -> None:
    download = client.get(f"/api/v1/contests/{REGIONAL}/ledger").get_data(as_text=True)
    path = tmp_path / "ledger.ndjson"
    path.write_text(download, encoding="utf-8")
    script = REPO / "voting" / "ledger.py"
    ok = subprocess.run([sys.executable, str(script), str(path)], capture_output=True, text=True)
    assert ok.returncode == 0 and "dias-nurlanuly: 3" in ok.stdout
    entries = [json.loads(line) for line in download.splitlines()]
    entries[1]["candidate"] = "dias-nurlanuly"  # someone "fixes" the second ballot
    path.write_bytes(b"".join(ledger.canonical(e) + b"\n" for e in entries))
    bad = subprocess.run([sys.executable, str(script), str(path)], capture_output=True, text=True)
    assert bad.returncode == 1 and "BROKEN at entry 2" in bad.stdout
    path.write_text("".join(json.dumps(e) + "\n" for e in entries), encoding="utf-8")
    loose = subprocess.run([sys.executable, str(script), str(path)], capture_output=True, text=True)
    assert loose.returncode == 1 and "line 1: it is not in the canonical form" in loose.stdout


def test_voiding_appends_and_changes_the_tally(app: Flask, five_ballots: list[str], client: Any) -> None:
    runner = app.test_cli_runner()
    done = runner.invoke(args=["ballots", "void", five_ballots[0], "--reason", "duplicate account", "--yes"])
    assert done.exit_code == 0, done.output
    result = _verify(app)
    assert result.ok and result.entries == 6 and result.voided == 1 and result.tally["dias-nurlanuly"] == 2
    assert client.get(f"/api/v1/receipts/{five_ballots[0]}").get_json()["voided"] is True
    again = runner.invoke(args=["ballots", "void", five_ballots[0], "--reason", "again", "--yes"])
    assert again.exit_code == 1 and "no valid ballot matches" in again.output
    audit = runner.invoke(args=["audit", "--contest", REGIONAL]).output
    assert "void" in audit and "duplicate account" in audit
