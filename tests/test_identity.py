"""Who a voter is: a signed token in a cookie, stored only as keyed hashes."""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any

from flask import Flask
from flask.testing import FlaskClient

from voting.identity import keyed

API = "/api/v1"


def test_voter_cookie_flags(app: Flask) -> None:
    local = app.test_client().get(f"{API}/contests").headers["Set-Cookie"]
    assert "HttpOnly" in local and "SameSite=Lax" in local and "Secure" not in local and "Path=/api/" in local
    public = app.test_client().get(f"{API}/contests", base_url="https://top100.example.kz")
    assert "Secure" in public.headers["Set-Cookie"]


def test_nothing_raw_is_stored(app: Flask, client: FlaskClient, vote: Any, tmp_path: Path) -> None:
    assert vote(headers={"X-Forwarded-For": "203.0.113.7"}).status_code == 201
    token = client.get_cookie("t100_voter", path="/api/")
    assert token is not None
    with app.app_context():
        voter_id = app.extensions["top100_voters"].signer.loads(token.value)
    dump = "\n".join(sqlite3.connect(tmp_path / "votes.sqlite3").iterdump())
    for raw in (token.value, voter_id, "127.0.0.1", "203.0.113.7"):
        assert raw not in dump


def test_keyed_hashes_differ_per_contest_and_per_secret() -> None:
    one = keyed("secret", "voter", "contest-a", "token")
    assert one == keyed("secret", "voter", "contest-a", "token") and len(one) == 64
    assert one != keyed("secret", "voter", "contest-b", "token")  # nothing links one voter across votes
    assert one != keyed("other-secret", "voter", "contest-a", "token")
