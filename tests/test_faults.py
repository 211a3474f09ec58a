"""Faults under real servers (gunicorn as deployed, Redis, SQLite, PostgreSQL): a killed
worker, a stopped or hung Redis, a database locked by another writer or out of reach. Each
ends with every 201 in the database and a verified ledger; none gives a 500."""

from __future__ import annotations

import os
import shutil
import signal
import sqlite3
import tempfile
import threading
import time
from collections import Counter
from collections.abc import Callable, Iterator
from pathlib import Path

import psycopg2
import pytest

from benchmarks.topology import Instance, answer, service_env
from benchmarks.vote_load import CONTEST, _tokens
from voting.db import WAIT_SECONDS

from .topology import BALLOTS, CANDIDATE, ledger_ok
from .voting_fixtures import PostgresServer, RedisServer

READS = ("/api/v1/health", f"/api/v1/contests/{CONTEST}")
# A ballot that meets a locked database waits its turn, then the database's own lock, each
# at most WAIT_SECONDS; gunicorn's worker timeout is 30 s (voting/gunicorn_conf.py).
DATABASE_BOUND = 2 * WAIT_SECONDS + 1.5


class Voters:
    """Distinct verified voters (credentials made by the service's own code) casting
    ballots; remembers every status."""

    def __init__(self, work: Path, env: dict[str, str], port: int) -> None:
        self.tokens = iter(_tokens(work, env["TOP100_SECRET_KEY"], "device", 1).read_text().split())
        self.port, self.statuses, self.lock = port, Counter[int](), threading.Lock()

    def cast(self) -> tuple[int, dict[str, str], float]:
        with self.lock:
            token = next(self.tokens)
        try:
            status, headers, _, took = answer(
                self.port, "POST", BALLOTS, CANDIDATE, {"Authorization": f"Bearer {token}"}, timeout=30
            )
        except OSError:
            status, headers, took = 0, {}, 0.0  # the connection broke: counted, maybe recorded
        with self.lock:
            self.statuses[status] += 1
        return status, headers, took

    def burst(self, count: int) -> list[tuple[int, dict[str, str], float]]:
        results: list[tuple[int, dict[str, str], float]] = []
        threads = [threading.Thread(target=lambda: results.append(self.cast())) for _ in range(count)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        return results


def _refused_quickly(results: list[tuple[int, dict[str, str], float]], bound: float) -> None:
    for status, headers, took in results:
        assert status == 503 and headers.get("retry-after"), (status, headers)
        assert took < bound, took


def _reads_fast(port: int, bound: float = 0.5) -> None:
    for path in READS:
        status, _, _, took = answer(port, "GET", path, timeout=10)
        assert status == 200 and took < bound, (path, status, took)


def _recovers(voters: Voters, seconds: float = 10) -> None:
    deadline = time.monotonic() + seconds
    while voters.cast()[0] != 201:
        assert time.monotonic() < deadline, "ballots did not succeed again"
        time.sleep(0.2)


def _rows(count: Callable[[], int], voters: Voters, env: dict[str, str]) -> None:
    assert 500 not in voters.statuses, voters.statuses
    rows = count()
    # Every 201 has its row; a ballot whose connection broke may have been recorded or not.
    assert voters.statuses[201] <= rows <= voters.statuses[201] + voters.statuses[0], (rows, voters.statuses)
    assert "OK" in ledger_ok(env)


def _sqlite_count(path: Path) -> Callable[[], int]:
    def count() -> int:
        with sqlite3.connect(path) as db:
            return int(db.execute("SELECT count(*) FROM ballot").fetchone()[0])

    return count


@pytest.fixture
def instance(tmp_path: Path, redis_server: RedisServer) -> Iterator[tuple[Instance, dict[str, str]]]:
    env = service_env(tmp_path, None, redis_server.uri)
    server = Instance(env, tmp_path / "gunicorn.log", workers=2)
    server.start()
    yield server, env
    server.stop()


def test_a_worker_killed_under_load(instance: tuple[Instance, dict[str, str]], tmp_path: Path) -> None:
    server, env = instance
    voters = Voters(tmp_path, env, server.port)
    before = server.worker_pids()
    stop = time.monotonic() + 5
    killed: list[int] = []

    def load() -> None:
        while time.monotonic() < stop:
            voters.cast()

    threads = [threading.Thread(target=load) for _ in range(6)]
    for thread in threads:
        thread.start()
    time.sleep(1.5)
    killed.append(before[0])
    os.kill(before[0], signal.SIGKILL)
    for thread in threads:
        thread.join()
    after = voters.statuses[201]
    _recovers(voters)
    assert killed[0] not in server.worker_pids() and len(server.worker_pids()) == 2  # replaced
    assert after > 50 and voters.statuses[201] > after
    _rows(_sqlite_count(tmp_path / "votes.sqlite3"), voters, env)


def test_redis_stopped_then_hung(
    instance: tuple[Instance, dict[str, str]], redis_server: RedisServer, tmp_path: Path
) -> None:
    server, env = instance
    voters = Voters(tmp_path, env, server.port)
    assert voters.cast()[0] == 201
    bound = 2.0  # ballots refused within 2 s, as promised (deploy notes and the issue)
    # Stopped: refused at once (connection refused), reads untouched.
    redis_server.stop()
    _refused_quickly(voters.burst(4), bound)
    _reads_fast(server.port)
    redis_server.start()  # the same port: the running service reconnects, no restart
    _recovers(voters)
    # Hung (SIGSTOP): its socket accepts and never answers; the client's timeouts refuse.
    assert redis_server.process is not None
    redis_server.process.send_signal(signal.SIGSTOP)
    try:
        _refused_quickly(voters.burst(8), bound)
        _reads_fast(server.port)
    finally:
        redis_server.process.send_signal(signal.SIGCONT)
    _recovers(voters)
    _rows(_sqlite_count(tmp_path / "votes.sqlite3"), voters, env)


def test_sqlite_locked_by_another_writer(instance: tuple[Instance, dict[str, str]], tmp_path: Path) -> None:
    server, env = instance
    voters = Voters(tmp_path, env, server.port)
    assert voters.cast()[0] == 201
    other = sqlite3.connect(tmp_path / "votes.sqlite3", isolation_level=None)
    other.execute("BEGIN IMMEDIATE")  # another process holds the write lock
    try:
        _refused_quickly(voters.burst(6), DATABASE_BOUND)
        _reads_fast(server.port)
    finally:
        other.execute("ROLLBACK")
        other.close()
    _recovers(voters)
    _rows(_sqlite_count(tmp_path / "votes.sqlite3"), voters, env)


def test_postgres_locked_then_unreachable(redis_server: RedisServer, tmp_path: Path) -> None:
    # A cluster of its own, so that stopping it harms no other test.
    root = Path(tempfile.mkdtemp(prefix="top100-pgf-"))
    postgres = PostgresServer(root)
    postgres.start()
    server: Instance | None = None
    try:
        url = postgres.new_database("faults")
        env = service_env(tmp_path, url, redis_server.uri)
        server = Instance(env, tmp_path / "gunicorn.log", workers=2)
        server.start()
        voters = Voters(tmp_path, env, server.port)
        assert voters.cast()[0] == 201

        def count() -> int:
            with psycopg2.connect(url) as db, db.cursor() as cursor:
                cursor.execute("SELECT count(*) FROM ballot")
                return int(cursor.fetchone()[0])

        # Another writer holds the contest's row lock (what a ballot takes first).
        other = psycopg2.connect(url)
        with other.cursor() as cursor:
            cursor.execute("SELECT id FROM contest WHERE id = %s FOR UPDATE", (CONTEST,))
        try:
            _refused_quickly(voters.burst(4), DATABASE_BOUND)
            _reads_fast(server.port)
        finally:
            other.rollback()
            other.close()
        _recovers(voters)

        # The server goes away: 503 with Retry-After at once, reads and health 503 too.
        data = str(root / "data")
        assert postgres.bin is not None
        postgres._run(str(postgres.bin / "pg_ctl"), "-D", data, "-m", "immediate", "stop")
        _refused_quickly(voters.burst(4), DATABASE_BOUND)
        status, _, _, took = answer(server.port, "GET", "/api/v1/health")
        assert status == 503 and took < DATABASE_BOUND
        options = f"-p {postgres.port} -c listen_addresses=127.0.0.1 -k {root} -c fsync=off"
        postgres._run(
            str(postgres.bin / "pg_ctl"), "-D", data, "-w", "-l", str(root / "log"), "-o", options, "start"
        )
        _recovers(voters)
        _rows(count, voters, env)
    finally:
        if server is not None:
            server.stop()
        postgres.stop()
        shutil.rmtree(root, ignore_errors=True)
