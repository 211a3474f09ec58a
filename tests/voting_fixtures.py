"""Fixtures for the voting service: a fresh app and database per test, real servers."""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import secrets
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient

from benchmarks.flood import solve
from voting import create_app, importer
from voting.identity import COOKIE_PREFIX, Voter, credentials
from voting.models import Contest
from voting.verification import codes

from .conftest import DEMO

OPEN = dt.datetime(2026, 10, 12, 10, 0, tzinfo=dt.UTC)  # the Almaty regional vote is open
SEALED_OPEN = dt.datetime(2026, 9, 10, 6, 0, tzinfo=dt.UTC)  # the sealed Aktobe college vote is open
REGIONAL = "2026-almaty-city-regional"
COLLEGE = "2026-aktobe-oil-gas-college"
SECRET = "test-secret-0123456789abcdef"


class Clock:
    def __init__(self, now: dt.datetime) -> None:
        self.now = now

    def __call__(self) -> dt.datetime:
        return self.now


def make_app(tmp_path: Path, clock: Clock, **config: Any) -> Flask:
    tmp_path.mkdir(parents=True, exist_ok=True)
    app = create_app(
        {
            "TESTING": True,
            "SECRET_KEY": SECRET,
            "DATABASE_URL": f"sqlite:///{tmp_path / 'votes.sqlite3'}",
            "TOP100_CONTENT_DIR": str(DEMO),
            "TOP100_CLOCK": clock,
            "TOP100_LEDGER_KEY_FILE": str(tmp_path / "ledger-ed25519.pem"),
            # A proof of work of a few PBKDF2 rounds: the tests check the protocol, not the cost.
            "TOP100_POW_COST": 10,
            "TOP100_POW_MAX_COUNTER": 4,
            **config,
        }
    )
    with app.app_context():
        importer.import_contests(importer.load(DEMO))
    return app


@pytest.fixture
def clock() -> Clock:
    return Clock(OPEN)


@pytest.fixture
def app(tmp_path: Path, clock: Clock) -> Flask:
    return make_app(tmp_path, clock)


@pytest.fixture
def client(app: Flask) -> FlaskClient:
    return app.test_client()


@pytest.fixture
def admin(app: Flask) -> Any:
    """The administrators' command line (flask --app voting ...)."""
    return app.test_cli_runner()


def access_code(app: Flask, contest: str = COLLEGE) -> str:
    with app.app_context():
        return codes.issue(app.config["SECRET_KEY"], contest, 1, "test")[0]


def verify(app: Flask, client: FlaskClient, contest: str = REGIONAL, **options: Any) -> Any:
    """Get a credential the way a browser does, by the contest's method (device or codes);
    ``options`` go to each request (headers=..., environ_base=...)."""
    with app.app_context():
        method = Contest.get_by_id(contest).verification
    url = f"/api/v1/contests/{contest}"
    if method == "device":
        challenge = client.get(f"{url}/challenge", **options)
        if challenge.status_code != 200:
            return challenge
        body = {"altcha": solve(challenge.get_json())}
    else:
        body = {"code": access_code(app, contest)}
    return client.post(f"{url}/credential", json=body, **options)


def verified(app: Flask, contest: str = REGIONAL) -> FlaskClient:
    """A fresh client holding its own credential for ``contest``, issued through the identity
    module as a verification route issues it: many distinct voters quickly (and from threads)."""
    with app.app_context():
        method = Contest.get_by_id(contest).verification
    store = credentials(app)
    token = store.encode(Voter(contest, method, store.voter_key(method, secrets.token_hex(16))))
    voter = app.test_client()
    voter.set_cookie(COOKIE_PREFIX + contest, token, path=f"/api/v1/contests/{contest}/")
    return voter


@pytest.fixture
def vote(app: Flask, client: FlaskClient) -> Callable[..., Any]:
    """Cast a ballot as a verified voter (verifying first, once per client and contest)."""

    def cast(
        candidate: str = "dias-nurlanuly",
        contest: str = REGIONAL,
        who: FlaskClient | None = None,
        **headers: str,
    ) -> Any:
        voter = who or client
        if voter.get_cookie(COOKIE_PREFIX + contest, path=f"/api/v1/contests/{contest}/") is None:
            verify(app, voter, contest, headers=headers)
        url = f"/api/v1/contests/{contest}/ballots"
        return voter.post(url, json={"candidate": candidate}, headers=headers)

    return cast


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@contextlib.contextmanager
def local_server(work: Path, env: dict[str, str]) -> Iterator[int]:
    """`make run`'s server (voting.localserver, waitress) on a free port, once its health
    check answers; its output goes to work/server.log."""
    from benchmarks.topology import REPO, answer

    port = free_port()
    with (work / "server.log").open("wb") as log:
        server = subprocess.Popen(
            [sys.executable, "-m", "voting.localserver", "--port", str(port)],
            env=env, cwd=REPO, stdout=log, stderr=log,
        )  # fmt: skip
        try:
            deadline = time.monotonic() + 30
            while True:
                try:
                    if answer(port, "GET", "/api/v1/health", timeout=5)[0] == 200:
                        break
                except OSError:
                    assert time.monotonic() < deadline and server.poll() is None, "server did not start"
                    time.sleep(0.1)
            yield port
        finally:
            server.terminate()
            server.wait(10)


class RedisServer:
    def __init__(self, workdir: Path) -> None:
        self.port, self.workdir = free_port(), workdir
        self.process: subprocess.Popen[bytes] | None = None

    @property
    def uri(self) -> str:
        return f"redis://127.0.0.1:{self.port}"

    def start(self) -> None:
        binary = shutil.which("redis-server")
        assert binary, "redis-server is missing: `make test` installs it (apt-get install redis-server)"
        self.process = subprocess.Popen(
            [
                binary,
                "--port",
                str(self.port),
                "--bind",
                "127.0.0.1",
                "--save",
                "",
                "--appendonly",
                "no",
                "--dir",
                str(self.workdir),
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        for _ in range(100):
            with socket.socket() as probe:
                if probe.connect_ex(("127.0.0.1", self.port)) == 0:
                    return
            time.sleep(0.05)
        raise RuntimeError("redis-server did not start")

    def stop(self) -> None:
        if self.process is not None:
            self.process.terminate()
            self.process.wait(10)
            self.process = None


@pytest.fixture
def redis_server(tmp_path: Path) -> Iterator[RedisServer]:
    server = RedisServer(tmp_path)
    server.start()
    yield server
    server.stop()


class PostgresServer:
    """A throwaway PostgreSQL cluster on a free port, trust auth, for one test session."""

    def __init__(self, root: Path, durable: bool = False) -> None:
        # Tests skip fsync; a benchmark set against SQLite's synchronous=FULL must not.
        self.root, self.port, self.durable = root, free_port(), durable
        self.bin = next(
            (
                p
                for p in (Path("/usr/lib/postgresql/15/bin"), Path("/usr/local/bin"))
                if (p / "initdb").exists()
            ),
            None,
        )
        self.user = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []

    def _run(self, *args: str) -> None:
        subprocess.run([*self.user, *args], check=True, capture_output=True)

    def start(self) -> None:
        assert self.bin, "PostgreSQL is missing: `make test` installs it (apt-get install postgresql)"
        data = self.root / "data"
        data.mkdir(parents=True)
        if self.user:
            shutil.chown(self.root, "postgres")
            shutil.chown(data, "postgres")
        fsync = "on" if self.durable else "off"
        self._run(str(self.bin / "initdb"), "-D", str(data), "--auth=trust", "-U", "postgres", "-E", "UTF8")
        self._run(
            str(self.bin / "pg_ctl"),
            "-D",
            str(data),
            "-w",
            "-l",
            str(self.root / "log"),
            "-o",
            f"-p {self.port} -c listen_addresses=127.0.0.1 -k {self.root} -c fsync={fsync}",
            "start",
        )

    def stop(self) -> None:
        self._run(str(self.bin / "pg_ctl"), "-D", str(self.root / "data"), "-m", "immediate", "stop")

    def new_database(self, name: str) -> str:
        import psycopg2

        admin = psycopg2.connect(host="127.0.0.1", port=self.port, user="postgres", dbname="postgres")
        admin.autocommit = True
        admin.cursor().execute(f'CREATE DATABASE "{name}"')
        admin.close()
        return f"postgresql://postgres@127.0.0.1:{self.port}/{name}"


@pytest.fixture(scope="session")
def postgres(tmp_path_factory: pytest.TempPathFactory) -> Iterator[PostgresServer]:
    root = Path(tempfile.mkdtemp(prefix="top100-pg-"))  # short path: the socket name has a length limit
    server = PostgresServer(root)
    server.start()
    yield server
    server.stop()
    shutil.rmtree(root, ignore_errors=True)
