"""Administration from the command line, with everything written to the audit log."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import shutil
from pathlib import Path
from typing import Any

from flask import Flask

from site_builder.content import load_content
from voting.models import LedgerEntry

from .conftest import DEMO
from .voting_fixtures import COLLEGE, REGIONAL


def test_list_open_close_and_audit(admin: Any, vote: Any) -> None:
    assert vote().status_code == 201
    listing = admin.invoke(args=["contests", "list"]).output
    assert f"{REGIONAL}\topen" in listing and "1 ballots" in listing
    closed = admin.invoke(args=["contests", "close", REGIONAL])
    assert closed.exit_code == 0 and "is now closed" in closed.output
    assert vote("aruzhan-serikkyzy").status_code == 403
    reopened = admin.invoke(args=["contests", "open", COLLEGE])
    assert reopened.exit_code == 0 and f"{COLLEGE} is now closed" in reopened.output  # its end has passed
    audit = admin.invoke(args=["audit"]).output.splitlines()
    assert [line.split("\t")[2] for line in audit][-2:] == ["close", "open"]
    missing = admin.invoke(args=["contests", "close", "nope"])
    assert missing.exit_code == 1 and "no contest 'nope'" in missing.output


def test_results_as_csv_and_json(app: Flask, admin: Any, vote: Any) -> None:
    for name in ("dias-nurlanuly", "dias-nurlanuly", "madina-yerzhankyzy"):
        assert vote(name, who=app.test_client()).status_code == 201
    rows = list(csv.DictReader(io.StringIO(admin.invoke(args=["results", REGIONAL]).output)))
    assert rows[0] == {"candidate": "dias-nurlanuly", "votes": "2", "withdrawn": "False"}
    data = json.loads(admin.invoke(args=["results", REGIONAL, "--format", "json"]).output)
    assert data["status"] == "open" and sum(row["votes"] for row in data["tally"]) == 3


def test_published_results_load_in_the_content_model(
    app: Flask, admin: Any, vote: Any, clock: Any, tmp_path: Path
) -> None:
    """The file `results --publish` writes is what the site reads: counts without the voided
    ballot, the final signed head, no voter data."""
    receipts = [vote(name, who=app.test_client()).get_json()["receipt"]
                for name in ("dias-nurlanuly", "dias-nurlanuly", "madina-yerzhankyzy", "aruzhan-serikkyzy")]
    voided = admin.invoke(args=["ballots", "void", receipts[-1], "--reason", "test", "--yes"])
    assert voided.exit_code == 0, voided.output
    content = tmp_path / "content"
    shutil.copytree(DEMO, content)
    early = admin.invoke(args=["results", REGIONAL, "--publish", "--content", str(content)])
    assert early.exit_code == 1 and "still open" in early.output and "Traceback" not in early.output
    assert not (content / "results" / f"{REGIONAL}.json").exists()
    clock.now = dt.datetime(2026, 10, 16, 9, 0, tzinfo=dt.UTC)
    done = admin.invoke(args=["results", REGIONAL, "--publish", "--content", str(content)])
    assert done.exit_code == 0, done.output
    path = content / "results" / f"{REGIONAL}.json"
    text = path.read_text(encoding="utf-8")
    audit = admin.invoke(args=["audit", "--contest", REGIONAL]).output.splitlines()
    assert audit[-1].split("\t")[2] == "publish"
    unwritable = admin.invoke(args=["results", REGIONAL, "--publish", "--content", str(path / "in-a-file")])
    assert unwritable.exit_code == 1 and "cannot write" in unwritable.output
    fields = {"contest", "status", "generated_at", "total", "ballots", "voids", "ledger", "checkpoint"}
    assert set(json.loads(text)) == fields
    for private in receipts:
        assert private not in text  # receipts are ledger entries' hashes: the head is a close entry
    loaded, report = load_content(content, deep=False, today=dt.date(2026, 10, 16))
    assert [p for p in report if p.path.endswith(".json")] == []
    results = {r.contest_id: r.results for r in loaded.results}[REGIONAL]
    assert results.ballots == {"aruzhan-serikkyzy": 0, "dias-nurlanuly": 2, "madina-yerzhankyzy": 1,
                               "yernar-bolatuly": 0}
    assert (results.total, results.voids) == (3, 1)
    with app.app_context():
        entries = LedgerEntry.select().where(LedgerEntry.contest == REGIONAL)
        head = entries.order_by(LedgerEntry.seq.desc()).get()
    assert head.kind == "close" and (results.ledger.seq, results.ledger.hash) == (head.seq, head.hash)
    assert results.checkpoint is not None and results.checkpoint.checkpoint["hash"] == head.hash
