"""Who a voter is: a per-contest signed credential, stored only as keyed hashes."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from flask import Flask

from voting.identity import credentials, keyed, network

from .voting_fixtures import REGIONAL, verify

API = "/api/v1"


def test_credential_cookie_flags(app: Flask) -> None:
    local = verify(app, app.test_client()).headers["Set-Cookie"]
    assert "HttpOnly" in local and "SameSite=Lax" in local and "Secure" not in local
    assert f"Path=/api/v1/contests/{REGIONAL}/" in local  # sent to this contest's API only
    public = verify(app, app.test_client(), base_url="https://top100.example.kz")
    assert "Secure" in public.headers["Set-Cookie"]


def test_nothing_raw_is_stored(app: Flask, tmp_path: Path) -> None:
    client = app.test_client()
    address = {"REMOTE_ADDR": "203.0.113.7"}
    token = verify(app, client, environ_base=address).get_json()["credential"]
    response = client.post(
        f"{API}/contests/{REGIONAL}/ballots", json={"candidate": "dias-nurlanuly"}, environ_base=address
    )
    assert response.status_code == 201
    with app.app_context():
        voter = credentials(app).signer.loads(token)
        stored = credentials(app).network_hash("203.0.113.7")
    dump = "\n".join(sqlite3.connect(tmp_path / "votes.sqlite3").iterdump())
    assert stored in dump  # the network is there, as a keyed hash only
    for raw in (token, voter["v"], "203.0.113.7", "203.0.113.0", "203.0.113"):
        assert raw not in dump


def test_keyed_hashes_differ_per_contest_and_per_secret() -> None:
    one = keyed("secret", "voter", "contest-a", "token")
    assert one == keyed("secret", "voter", "contest-a", "token") and len(one) == 64
    assert one != keyed("secret", "voter", "contest-b", "token")  # nothing links one voter across votes
    assert one != keyed("other-secret", "voter", "contest-a", "token")


def test_networks_group_ipv6_by_prefix_and_unwrap_mapped_ipv4() -> None:
    assert network("2001:db8:1:2:aaaa::1", 32, 64) == network("2001:db8:1:2:ffff::9", 32, 64)
    assert network("2001:db8:1:2::1", 32, 64) != network("2001:db8:1:3::1", 32, 64)
    assert network("198.51.100.7", 32, 64) == "198.51.100.7/32"
    assert network("::ffff:198.51.100.7", 24, 48) == "198.51.100.0/24"
    assert network("2001:db8:1:2::1", 24, 48) == "2001:db8:1::/48"
