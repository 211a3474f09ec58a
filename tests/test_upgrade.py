"""A database made before a column existed keeps working: start-up adds the column."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from voting.models import Contest

from .voting_fixtures import REGIONAL, Clock, make_app, verify


def test_missing_columns_are_added_at_start_up(tmp_path: Path, clock: Clock) -> None:
    path = tmp_path / "old" / "votes.sqlite3"
    make_app(path.parent, clock)
    with sqlite3.connect(path) as db:  # what an older version made: no such columns
        db.execute("ALTER TABLE contest DROP COLUMN verification")
        db.execute("ALTER TABLE ballot DROP COLUMN network")
    app = make_app(path.parent, clock)
    with app.app_context():
        assert Contest.get_by_id(REGIONAL).verification == "device"
    client = app.test_client()
    assert verify(app, client).status_code == 201
    ballot = client.post(f"/api/v1/contests/{REGIONAL}/ballots", json={"candidate": "dias-nurlanuly"})
    assert ballot.status_code == 201
    with sqlite3.connect(path) as db:
        assert db.execute("SELECT count(*) FROM ballot WHERE network IS NOT NULL").fetchone() == (1,)
