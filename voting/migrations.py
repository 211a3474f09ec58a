"""Schema changes as numbered migrations (peewee's playhouse.migrate), each recorded in the
``schema_migration`` table once applied. They run at start-up (db.init_app), one process at
a time: several workers or instances starting together take turns on a lock, and the
second finds the work done.

A new database gets the models' tables as they are now and every migration marked as
applied. An existing one gets its missing tables (empty, so nothing to carry over) and then
the migrations it has not had, in order. A migration is never edited once released: a
later change is a new migration with the next number. Each one uses its own frozen column
definitions, not the current models, so that it means tomorrow what it means today."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from peewee import CharField, Database, DateTimeField, IntegerField, Model, PostgresqlDatabase, SqliteDatabase
from playhouse.migrate import SchemaMigrator  # type: ignore[import-untyped]

from . import tallies
from .models import MODELS, Tally

# An arbitrary constant naming "the schema" among PostgreSQL's advisory locks.
_PG_LOCK = 1_000_100


class SchemaMigration(Model):
    number = IntegerField(primary_key=True)
    name = CharField(max_length=100)
    applied_at = DateTimeField()

    class Meta:
        table_name = "schema_migration"


def _columns_before_migrations(db: Any, migrator: Any) -> None:
    """Columns added before migrations existed (databases of October 2026 lack them).
    Written as DDL that SQLite and PostgreSQL both run in place: playhouse's add_column
    would rebuild SQLite's contest table for NOT NULL, which its foreign keys forbid."""
    wanted = {
        ("contest", "verification"): "VARCHAR(10) NOT NULL DEFAULT 'device'",
        ("ballot", "network"): "VARCHAR(64)",
    }
    for (table, column), definition in wanted.items():
        if column not in {c.name for c in db.get_columns(table)}:
            db.execute_sql(f"ALTER TABLE {table} ADD COLUMN {column} {definition}")


def _tallies(db: Database, migrator: Any) -> None:
    """Valid ballots per candidate, counted once from the ledgers; from now on each ballot
    and void keeps them (tallies.py)."""
    db.create_tables([Tally], safe=True)
    tallies.rebuild()


Step = Callable[[Database, Any], None]
MIGRATIONS: list[tuple[int, str, Step]] = [
    (1, "columns added before migrations", _columns_before_migrations),
    (2, "tallies", _tallies),
]


def _done() -> set[int]:
    rows: Any = SchemaMigration.select(SchemaMigration.number).tuples()
    return {int(row[0]) for row in rows}


def pending(db: Database) -> list[tuple[int, str]]:
    done = set()
    if db.table_exists(SchemaMigration._meta.table_name):
        with SchemaMigration.bind_ctx(db):
            done = _done()
    return [(number, name) for number, name, _ in MIGRATIONS if number not in done]


def apply(db: Database) -> list[str]:
    """Bring ``db`` to the current schema; the names of the migrations applied."""
    applied: list[str] = []
    with SchemaMigration.bind_ctx(db), _turn(db):
        fresh = not db.table_exists(MODELS[0]._meta.table_name)
        db.create_tables([*MODELS, SchemaMigration], safe=True)
        done = _done()
        migrator = SchemaMigrator.from_database(db)
        for number, name, step in MIGRATIONS:
            if number in done:
                continue
            if not fresh:  # a new database already has what the migration makes
                step(db, migrator)
                applied.append(f"{number:04d} {name}")
            now = dt.datetime.now(dt.UTC).replace(tzinfo=None)
            SchemaMigration.create(number=number, name=name, applied_at=now)
    return applied


class _turn:
    """One migrating process at a time, in one transaction: SQLite's write lock taken at
    BEGIN; on PostgreSQL an advisory lock held until commit (DDL is transactional there)."""

    def __init__(self, db: Database) -> None:
        self.db = db
        self.atomic: Any = db.atomic(lock_type="IMMEDIATE") if isinstance(db, SqliteDatabase) else db.atomic()

    def __enter__(self) -> None:
        self.atomic.__enter__()
        if isinstance(self.db, PostgresqlDatabase):
            database: Any = self.db
            database.execute_sql("SELECT pg_advisory_xact_lock(%s)", (_PG_LOCK,))

    def __exit__(self, *exc: Any) -> None:
        self.atomic.__exit__(*exc)
