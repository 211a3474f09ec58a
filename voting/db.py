"""The database, bound late: models use a proxy until the app says which database it is."""

from __future__ import annotations

import fcntl
import os
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from flask import Flask, appcontext_pushed
from peewee import Database, DatabaseProxy, OperationalError, SqliteDatabase
from playhouse.db_url import connect  # type: ignore[import-untyped]

from .settings import DATABASE_URL

database = DatabaseProxy()

# The longest a writer waits for its turn, and then again for the database's own lock
# (SQLite's busy timeout, PostgreSQL's lock_timeout): a database locked by another writer
# or out of reach gives 503 with Retry-After (voting/__init__.py) well within gunicorn's
# 30 s worker timeout, never a hung worker or a 500.
WAIT_SECONDS = 4.0
# WAL lets readers continue while a ballot is written; synchronous=FULL makes every
# commit durable; the busy timeout makes concurrent writers wait instead of failing.
SQLITE_PRAGMAS = {
    "journal_mode": "wal",
    "synchronous": "full",
    "busy_timeout": int(WAIT_SECONDS * 1000),
    "foreign_keys": 1,
}
# PostgreSQL: connecting and waiting for a lock (the contest row, see service.HotPath) are
# bounded too; an abandoned transaction does not hold the contest's lock. Statements are
# not: the administrators' commands read whole ledgers (a request is bounded by nginx's and
# gunicorn's timeouts).
POSTGRES_OPTIONS = {
    "connect_timeout": int(WAIT_SECONDS),
    "options": f"-c lock_timeout={int(WAIT_SECONDS * 1000)} -c idle_in_transaction_session_timeout=10000",
}


def open_database(url: str) -> Database:
    db: Database
    if url.startswith("sqlite://"):
        # A pool: each request still connects and closes, but a returned connection is
        # reused, so the pragmas run once per connection instead of once per request.
        db = connect(
            url.replace("sqlite://", "sqlite+pool://", 1),
            pragmas=SQLITE_PRAGMAS,
            check_same_thread=False,
            max_connections=64,
            stale_timeout=300,
        )
    elif url.startswith("sqlite"):
        db = connect(url, pragmas=SQLITE_PRAGMAS, check_same_thread=False)
    elif url.startswith(("postgres://", "postgresql://")):
        # A pool too: PostgreSQL starts a process per connection, which would cost each
        # request more than its ballot does; a connection broken by a restart is dropped.
        scheme, rest = url.split("://", 1)
        db = connect(f"{scheme}+pool://{rest}", max_connections=32, stale_timeout=300, **POSTGRES_OPTIONS)
    elif url.startswith("postgres"):
        db = connect(url, **POSTGRES_OPTIONS)
    else:
        db = connect(url)
    return db


class WriterQueue:
    """Queues SQLite writers on kernel locks: a thread lock inside the process and flock()
    across gunicorn workers. Waiting writers wake as soon as the lock is free, where
    SQLite's own busy handler would sleep and poll (and stretch the p99 by hundreds of ms)."""

    def __init__(self, path: str) -> None:
        self.threads = threading.Lock()
        # An in-memory database lives in one process: the thread lock is all it needs, and
        # a lock file named after ":memory:" would land in the working folder.
        in_memory = path in ("", ":memory:") or path.startswith("file::memory:")
        self.fd = None if in_memory else os.open(f"{path}.writers", os.O_RDWR | os.O_CREAT, 0o600)

    @contextmanager
    def hold(self, wait: float = WAIT_SECONDS) -> Iterator[None]:
        """Raises OperationalError (503) when the turn does not come within ``wait`` seconds."""
        deadline = time.monotonic() + wait
        if not self.threads.acquire(timeout=wait):
            raise OperationalError("database is busy: no turn to write within the wait")
        if self.fd is None:
            try:
                yield
            finally:
                self.threads.release()
            return
        try:
            # Another worker process holds its turn for at most its own bounded wait plus a
            # ballot's few statements: poll briefly instead of blocking without a limit.
            while True:
                try:
                    fcntl.flock(self.fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                    break
                except BlockingIOError:
                    if time.monotonic() > deadline:
                        raise OperationalError("database is busy: no turn to write within the wait") from None
                    time.sleep(0.002)
            try:
                yield
            finally:
                fcntl.flock(self.fd, fcntl.LOCK_UN)
        finally:
            self.threads.release()


_queues: dict[str, WriterQueue] = {}
_queues_lock = threading.Lock()


def _queue(db: SqliteDatabase) -> WriterQueue:
    with _queues_lock:
        if db.database not in _queues:
            _queues[db.database] = WriterQueue(db.database)
        return _queues[db.database]


@contextmanager
def write_transaction() -> Iterator[None]:
    """One writer at a time: SQLite takes its write lock at BEGIN (IMMEDIATE), so no
    transaction can read the chain's head and then lose the race to write after it."""
    db: Any = database.obj
    if isinstance(db, SqliteDatabase):
        with _queue(db).hold(), db.atomic(lock_type="IMMEDIATE"):
            yield
    else:
        with db.atomic():
            yield


def init_app(app: Flask) -> Database:
    from . import migrations

    db = open_database(app.config[DATABASE_URL])

    # The proxy follows whichever app is active, so two apps in one process (tests, or an
    # app beside a script) never write into each other's database.
    def _bind(sender: Flask, **_: Any) -> None:
        database.initialize(db)

    appcontext_pushed.connect(_bind, app, weak=False)
    with app.app_context(), database.connection_context():
        migrations.apply(database.obj)

    @app.before_request
    def _connect() -> None:
        database.connect(reuse_if_open=True)

    @app.teardown_appcontext
    def _close(_: BaseException | None) -> None:
        if not database.is_closed():
            database.close()

    return db
