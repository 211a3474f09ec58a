"""Administration from the command line, with everything written to the audit log."""

from __future__ import annotations

import csv
import io
import json
from typing import Any

from flask import Flask

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
