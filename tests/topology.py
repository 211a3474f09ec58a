"""Helpers of the topology and fault tests; the servers themselves are in
benchmarks/topology.py (the scaling benchmark runs the same ones)."""

from __future__ import annotations

import json
import os
import shutil
import socket
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest

from benchmarks.topology import answer
from benchmarks.vote_load import CONTEST, verify_ledger

BALLOTS = f"/api/v1/contests/{CONTEST}/ballots"
CANDIDATE = '{"candidate": "dias-nurlanuly"}'


def need(binary: str, package: str) -> str:
    """The server's binary; outside CI a missing one skips with the reason, in CI it fails."""
    found = shutil.which(binary) or (binary if Path(binary).exists() else None)
    if found:
        return found
    reason = f"{binary} is missing: `make system-deps` installs it (apt-get install {package})"
    if os.environ.get("CI"):
        pytest.fail(reason)
    pytest.skip(reason)


@contextmanager
def slow_clients(port: int, count: int = 50) -> Iterator[list[socket.socket]]:
    """``count`` connections that each send part of a request's headers and then stall (a
    byte more every now and then would not change anything: they never finish)."""
    sockets = []
    try:
        for _ in range(count):
            sock = socket.create_connection(("127.0.0.1", port), timeout=5)
            sock.sendall(b"GET /api/v1/health HTTP/1.1\r\nHost: localhost\r\nX-Slow: ")
            sockets.append(sock)
        time.sleep(0.5)  # let the server hand them to whatever would read them
        for sock in sockets:
            sock.sendall(b"a")
        yield sockets
    finally:
        for sock in sockets:
            sock.close()


def ledger_ok(env: dict[str, str], contest: str = CONTEST) -> str:
    done = verify_ledger(env, contest)
    assert done.returncode == 0, done.stdout + done.stderr
    return done.stdout


def request_json(port: int, method: str, path: str, **options: Any) -> tuple[int, dict[str, str], Any]:
    status, headers, data, _ = answer(port, method, path, **options)
    return status, headers, json.loads(data or b"null")
