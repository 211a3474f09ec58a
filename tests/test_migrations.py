"""Schema changes through numbered migrations: a database made before migrations (and
before tallies) is brought up at start-up with its ballots counted; a new one is made
whole; a second start applies nothing; the same on PostgreSQL."""

from __future__ import annotations

import sqlite3
import uuid
from pathlib import Path

import psycopg2
from flask import Flask
from peewee import SqliteDatabase

from voting import migrations, tallies
from voting.models import Contest

from .voting_fixtures import REGIONAL, Clock, PostgresServer, make_app, verified, verify

BALLOTS = f"/api/v1/contests/{REGIONAL}/ballots"


def _cast(app: Flask, count: int, candidate: str = "dias-nurlanuly") -> None:
    for _ in range(count):
        assert verified(app, REGIONAL).post(BALLOTS, json={"candidate": candidate}).status_code == 201


def _recorded(path: Path) -> list[tuple[int, str]]:
    with sqlite3.connect(path) as db:
        return list(db.execute("SELECT number, name FROM schema_migration ORDER BY number"))


def test_a_new_database_is_made_whole_with_every_migration_recorded(tmp_path: Path, clock: Clock) -> None:
    make_app(tmp_path, clock)
    assert [n for n, _ in _recorded(tmp_path / "votes.sqlite3")] == [n for n, _, _ in migrations.MIGRATIONS]


def test_a_database_from_before_migrations_is_upgraded_at_start_up(tmp_path: Path, clock: Clock) -> None:
    path = tmp_path / "votes.sqlite3"
    app = make_app(tmp_path, clock)
    _cast(app, 3)
    _cast(app, 2, "aruzhan-serikkyzy")
    with sqlite3.connect(path) as db:  # what the version before migrations made
        db.execute("DROP TABLE schema_migration")
        db.execute("DROP TABLE tally")
        db.execute("ALTER TABLE contest DROP COLUMN verification")
        db.execute("ALTER TABLE ballot DROP COLUMN network")
    app = make_app(tmp_path, clock)
    assert _recorded(path) == [(1, "columns added before migrations"), (2, "tallies")]
    with app.app_context():
        assert Contest.get_by_id(REGIONAL).verification == "device"
        assert tallies.counts(REGIONAL) == {"dias-nurlanuly": 3, "aruzhan-serikkyzy": 2}
    client = app.test_client()
    assert verify(app, client).status_code == 201
    assert client.post(BALLOTS, json={"candidate": "dias-nurlanuly"}).status_code == 201
    results = client.get(f"/api/v1/contests/{REGIONAL}/results").get_json()
    assert results["total"] == 6
    with sqlite3.connect(path) as db:
        assert db.execute("SELECT count(*) FROM ballot WHERE network IS NOT NULL").fetchone() == (1,)
    # Started again: nothing left to do, nothing recounted.
    db = SqliteDatabase(str(path))
    assert migrations.pending(db) == []
    with app.app_context():
        assert migrations.apply(db) == []


def test_a_half_migrated_database_gets_only_what_it_lacks(tmp_path: Path, clock: Clock) -> None:
    path = tmp_path / "votes.sqlite3"
    app = make_app(tmp_path, clock)
    _cast(app, 2)
    with sqlite3.connect(path) as db:
        db.execute("DELETE FROM schema_migration WHERE number = 2")
        db.execute("UPDATE tally SET votes = 99")  # wrong counts: the migration recounts
    make_app(tmp_path, clock)
    assert [n for n, _ in _recorded(path)] == [1, 2]
    with app.app_context():
        assert tallies.counts(REGIONAL) == {"dias-nurlanuly": 2}


def test_migrations_on_postgres(postgres: PostgresServer, tmp_path: Path, clock: Clock) -> None:
    url = postgres.new_database(f"t{uuid.uuid4().hex}")
    app = make_app(tmp_path, clock, DATABASE_URL=url)
    _cast(app, 4)
    with psycopg2.connect(url) as db, db.cursor() as cursor:
        cursor.execute("DROP TABLE schema_migration")
        cursor.execute("DROP TABLE tally")
        cursor.execute("ALTER TABLE contest DROP COLUMN verification")
    app = make_app(tmp_path, clock, DATABASE_URL=url)
    with app.app_context():
        assert tallies.counts(REGIONAL) == {"dias-nurlanuly": 4}
        assert Contest.get_by_id(REGIONAL).verification == "device"
    with psycopg2.connect(url) as db, db.cursor() as cursor:
        cursor.execute("SELECT number FROM schema_migration ORDER BY number")
        assert [n for (n,) in cursor.fetchall()] == [1, 2]
