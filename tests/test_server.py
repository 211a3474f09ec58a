"""The service under a real gunicorn, as deployed: its logs name no client address, a
configuration that would multiply the limits does not start, and a flood from one machine
leaves honest voters on other addresses their ballots (loopback only: 127.0.0.x)."""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

from benchmarks.flood import Client, flood, serve
from benchmarks.vote_load import CONTEST, HERE

from .voting_fixtures import free_port

VOTER = "127.0.0.9"
EASY = {"TOP100_POW_COST": "100", "TOP100_POW_MAX_COUNTER": "20"}  # Python solves it in milliseconds


def test_gunicorn_logs_no_client_address(tmp_path: Path) -> None:
    server, port, _ = serve(tmp_path, **EASY)
    try:
        client = Client(port, VOTER)
        status, token = client.credential(CONTEST)
        assert status == 201
        ballots = f"/api/v1/contests/{CONTEST}/ballots"
        assert client.call("POST", ballots, '{"candidate": "dias-nurlanuly"}', token)[0] == 201
        assert client.call("POST", ballots, "{}", token)[0] == 422
        client.close()
    finally:
        server.terminate()
        server.wait(10)
    log = (tmp_path / "gunicorn.log").read_text()
    access = [json.loads(line) for line in log.splitlines() if '"gunicorn.access"' in line]
    ballot = {"method": "POST", "path": f"/api/v1/contests/{CONTEST}/ballots", "status": 201}
    assert any(ballot.items() <= line.items() for line in access)  # the access log is on, as JSON lines
    assert VOTER not in log  # (127.0.0.1 appears: it is where the server listens)


def test_memory_limits_with_several_workers_do_not_start(tmp_path: Path) -> None:
    env = {
        **os.environ,
        "TOP100_SECRET_KEY": "k" * 64,
        "DATABASE_URL": f"sqlite:///{tmp_path / 'v.sqlite3'}",
        "RATELIMIT_STORAGE_URI": "memory://",
    }
    command = [
        str(Path(sys.executable).parent / "gunicorn"),
        "-c",
        "python:voting.gunicorn_conf",
        "--workers",
        "3",
        "--bind",
        f"127.0.0.1:{free_port()}",
        "voting:create_app()",
    ]
    done = subprocess.run(command, env=env, cwd=HERE.parent, capture_output=True, text=True, timeout=60)
    assert done.returncode != 0
    assert "memory:// but 3 worker processes" in done.stderr and "redis://" in done.stderr


def test_a_flood_from_one_machine_spares_honest_voters(tmp_path: Path) -> None:
    # The production limits scaled to a 6-second flood: 3000 per minute per network is 300
    # in six seconds, so the attacker meets its network's limit within the run.
    server, port, _ = serve(tmp_path, TOP100_LIMIT_PER_IP="300 per minute", **EASY)
    try:
        outcome = flood(port, 6, honest_addresses=10, attacker_credentials=40)
    finally:
        server.terminate()
        server.wait(10)
    assert outcome.attacker_credentials == 40
    assert outcome.attacker[429] > 0 and outcome.attacker[201] <= 40  # one ballot per credential
    assert sum(outcome.honest.values()) >= 20 and outcome.honest_accepted >= 0.99, outcome
    with sqlite3.connect(tmp_path / "votes.sqlite3") as db:
        rows = db.execute("SELECT count(*) FROM ballot").fetchone()[0]
    assert rows == outcome.attacker[201] + outcome.honest[201]  # nothing lost or doubled
