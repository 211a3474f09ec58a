"""Rate limits with real storage: strict per voter, generous per IP, fail closed."""

from __future__ import annotations

from pathlib import Path

from .voting_fixtures import REGIONAL, Clock, RedisServer, make_app

BALLOTS = f"/api/v1/contests/{REGIONAL}/ballots"


def test_many_honest_voters_behind_one_carrier_ip(tmp_path: Path, clock: Clock) -> None:
    app = make_app(
        tmp_path, clock, TOP100_LIMIT_PER_VOTER="2 per minute", TOP100_LIMIT_PER_IP="1000 per minute"
    )
    codes = [
        app.test_client().post(BALLOTS, json={"candidate": "dias-nurlanuly"}).status_code for _ in range(60)
    ]
    assert codes == [201] * 60


def test_forwarded_for_is_ignored_unless_a_proxy_is_trusted(tmp_path: Path, clock: Clock) -> None:
    app = make_app(tmp_path / "a", clock, TOP100_LIMIT_PER_IP="2 per minute")
    codes = [
        app.test_client()
        .post(BALLOTS, json={"candidate": "dias-nurlanuly"}, headers={"X-Forwarded-For": f"198.51.100.{n}"})
        .status_code
        for n in range(3)
    ]
    assert codes == [201, 201, 429]
    trusted = make_app(tmp_path / "b", clock, TOP100_LIMIT_PER_IP="2 per minute", TOP100_TRUSTED_PROXIES=1)
    codes = [
        trusted.test_client()
        .post(BALLOTS, json={"candidate": "dias-nurlanuly"}, headers={"X-Forwarded-For": f"198.51.100.{n}"})
        .status_code
        for n in range(3)
    ]
    assert codes == [201, 201, 201]


def test_limits_are_shared_through_redis(tmp_path: Path, clock: Clock, redis_server: RedisServer) -> None:
    # Two apps stand for two gunicorn workers: with Redis they share one limit.
    first = make_app(
        tmp_path / "a", clock, RATELIMIT_STORAGE_URI=redis_server.uri, TOP100_LIMIT_GLOBAL="3 per minute"
    )
    second = make_app(
        tmp_path / "b", clock, RATELIMIT_STORAGE_URI=redis_server.uri, TOP100_LIMIT_GLOBAL="3 per minute"
    )
    codes = [
        app.test_client().post(BALLOTS, json={"candidate": "dias-nurlanuly"}).status_code
        for app in (first, second, first, second)
    ]
    assert codes == [201, 201, 201, 429]


def test_ballots_fail_closed_when_the_limiter_is_down(
    tmp_path: Path, clock: Clock, redis_server: RedisServer
) -> None:
    app = make_app(tmp_path, clock, RATELIMIT_STORAGE_URI=redis_server.uri)
    client = app.test_client()
    assert client.post(BALLOTS, json={"candidate": "dias-nurlanuly"}).status_code == 201
    redis_server.stop()
    response = app.test_client().post(
        BALLOTS, json={"candidate": "aruzhan-serikkyzy"}, headers={"Accept-Language": "ru"}
    )
    assert response.status_code == 503 and response.mimetype == "application/problem+json"
    assert "ни один голос не потерян" in response.get_json()["detail"]
    assert client.get(f"/api/v1/contests/{REGIONAL}").status_code == 200  # reads keep working
    assert client.get(f"/api/v1/contests/{REGIONAL}/results").get_json()["total"] == 1
