"""Rate limits with real storage: per verified voter, per network (IPv6 per /64), per
contest, fail closed, and no configuration that silently multiplies them."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from playhouse.shortcuts import model_to_dict

from voting import create_app
from voting.limits import refuse_multiplied, worker_count
from voting.models import Candidate, Contest

from .voting_fixtures import REGIONAL, SECRET, Clock, RedisServer, make_app, verify

BALLOTS = f"/api/v1/contests/{REGIONAL}/ballots"


def _ballot(app: Flask, contest: str = REGIONAL, **options: Any) -> int:
    """A new verified voter casts one ballot; the status code."""
    client = app.test_client()
    verify(app, client, contest, **options)
    url = f"/api/v1/contests/{contest}/ballots"
    return int(client.post(url, json={"candidate": "dias-nurlanuly"}, **options).status_code)


def test_many_honest_voters_behind_one_carrier_ip(tmp_path: Path, clock: Clock) -> None:
    app = make_app(
        tmp_path, clock, TOP100_LIMIT_PER_VOTER="2 per minute", TOP100_LIMIT_PER_IP="1000 per minute"
    )
    assert [_ballot(app) for _ in range(60)] == [201] * 60


def test_unverified_tries_do_not_spend_a_carrier_nat_s_voter_budget(tmp_path: Path, clock: Clock) -> None:
    app = make_app(tmp_path, clock, TOP100_LIMIT_PER_VOTER="2 per minute")
    for _ in range(5):  # the widget tries the ballot first, then verifies: many voters, one address
        client = app.test_client()
        assert client.post(BALLOTS, json={"candidate": "dias-nurlanuly"}).status_code == 401
        verify(app, client)
        assert client.post(BALLOTS, json={"candidate": "dias-nurlanuly"}).status_code == 201


def test_one_voter_is_limited_by_credential(tmp_path: Path, clock: Clock) -> None:
    app = make_app(tmp_path, clock, TOP100_LIMIT_PER_VOTER="3 per minute")
    client = app.test_client()
    verify(app, client)
    codes = [client.post(BALLOTS, json={"candidate": "dias-nurlanuly"}).status_code for _ in range(4)]
    assert codes == [201, 409, 409, 429]
    assert _ballot(app) == 201  # another voter at the same address is not held back


def test_forwarded_for_is_ignored_unless_a_proxy_is_trusted(tmp_path: Path, clock: Clock) -> None:
    app = make_app(tmp_path / "a", clock, TOP100_LIMIT_PER_IP="2 per minute")
    forwarded = [{"X-Forwarded-For": f"198.51.100.{n}"} for n in range(3)]
    assert [_ballot(app, headers=h) for h in forwarded] == [201, 201, 429]
    trusted = make_app(tmp_path / "b", clock, TOP100_LIMIT_PER_IP="2 per minute", TOP100_TRUSTED_PROXIES=1)
    assert [_ballot(trusted, headers=h) for h in forwarded] == [201, 201, 201]


def test_ipv6_counts_per_64(tmp_path: Path, clock: Clock) -> None:
    app = make_app(tmp_path, clock, TOP100_LIMIT_PER_IP="2 per minute")
    same = [{"REMOTE_ADDR": f"2001:db8:0:1::{n}"} for n in (1, 2, 3)]
    assert [_ballot(app, environ_base=e) for e in same] == [201, 201, 429]
    assert _ballot(app, environ_base={"REMOTE_ADDR": "2001:db8:0:2::1"}) == 201  # the next /64


def _second_contest(app: Flask) -> str:
    with app.app_context():
        row = model_to_dict(Contest.get_by_id(REGIONAL))
        Contest.create(**{**row, "id": "2026-second"})
        for candidate in Candidate.select().where(Candidate.contest == REGIONAL):
            fields = model_to_dict(candidate, recurse=False)
            Candidate.create(**{**fields, "id": None, "contest": "2026-second"})
    return "2026-second"


def test_filling_one_contest_leaves_the_others_open(tmp_path: Path, clock: Clock) -> None:
    app = make_app(tmp_path, clock, TOP100_LIMIT_PER_CONTEST="4 per minute")
    other = _second_contest(app)
    attackers = [{"REMOTE_ADDR": f"198.51.100.{n}"} for n in range(8)]
    codes = [_ballot(app, environ_base=e) for e in attackers]
    assert codes[-1] == 429  # this contest's budget is spent...
    assert _ballot(app, other, environ_base={"REMOTE_ADDR": "203.0.113.5"}) == 201  # ...not the other's


def test_limits_are_shared_through_redis(tmp_path: Path, clock: Clock, redis_server: RedisServer) -> None:
    # Two apps stand for two gunicorn workers: with Redis they share one limit.
    first = make_app(
        tmp_path / "a", clock, RATELIMIT_STORAGE_URI=redis_server.uri, TOP100_LIMIT_PER_IP="3 per minute"
    )
    second = make_app(
        tmp_path / "b", clock, RATELIMIT_STORAGE_URI=redis_server.uri, TOP100_LIMIT_PER_IP="3 per minute"
    )
    assert [_ballot(app) for app in (first, second, first, second)] == [201, 201, 201, 429]


def test_ballots_fail_closed_when_the_limiter_is_down(
    tmp_path: Path, clock: Clock, redis_server: RedisServer
) -> None:
    app = make_app(tmp_path, clock, RATELIMIT_STORAGE_URI=redis_server.uri)
    client = app.test_client()
    verify(app, client)
    assert client.post(BALLOTS, json={"candidate": "dias-nurlanuly"}).status_code == 201
    late = app.test_client()
    verify(app, late)
    redis_server.stop()
    response = late.post(BALLOTS, json={"candidate": "aruzhan-serikkyzy"}, headers={"Accept-Language": "ru"})
    assert response.status_code == 503 and response.mimetype == "application/problem+json"
    assert "ни один голос не потерян" in response.get_json()["detail"]
    assert client.get(f"/api/v1/contests/{REGIONAL}").status_code == 200  # reads keep working
    assert client.get(f"/api/v1/contests/{REGIONAL}/results").get_json()["total"] == 1


@pytest.mark.parametrize(
    ("environ", "workers"),
    [
        ({}, 1),
        ({"WEB_CONCURRENCY": "4"}, 4),
        ({"GUNICORN_CMD_ARGS": "--bind 127.0.0.1:8000 --workers 3"}, 3),
        ({"GUNICORN_CMD_ARGS": "-w2 --threads 8"}, 2),
        ({"GUNICORN_CMD_ARGS": "--workers=5"}, 5),
    ],
)
def test_worker_count_from_the_environment(environ: dict[str, str], workers: int) -> None:
    assert worker_count(environ) == workers


def test_memory_storage_with_several_workers_is_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    refuse_multiplied("redis://127.0.0.1:6379", 4)  # shared storage: fine
    refuse_multiplied("memory://", 1)  # one process: fine
    monkeypatch.setenv("WEB_CONCURRENCY", "4")
    config = {"SECRET_KEY": SECRET, "DATABASE_URL": f"sqlite:///{tmp_path / 'v.sqlite3'}"}
    with pytest.raises(RuntimeError, match=r"memory:// but 4 worker processes.*redis://"):
        create_app(config)
    create_app({**config, "RATELIMIT_STORAGE_URI": "redis://127.0.0.1:1"})  # refused only when unsafe
