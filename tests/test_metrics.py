"""/metrics: ballots by outcome, latency, limiter and database failures; readable only from
the operators' networks; added up across gunicorn workers. JSON logs with no address."""

from __future__ import annotations

import json
import logging
import re
import secrets
import sys
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient

from benchmarks.flood import Client
from benchmarks.vote_load import CONTEST, _gunicorn, _port, _prepare_service, _wait
from voting.logs import JSONFormatter

from .voting_fixtures import OPEN, REGIONAL, Clock, RedisServer, free_port, make_app, verified

BALLOTS = f"/api/v1/contests/{REGIONAL}/ballots"


def _value(text: str, name: str, **labels: str) -> float:
    """A sample's value in Prometheus' text format (0 when absent)."""
    wanted = ",".join(f'{key}="{value}"' for key, value in sorted(labels.items()))
    pattern = re.escape(name) + (r"\{" + re.escape(wanted) + r"\}" if wanted else "") + r" ([0-9.e+-]+)$"
    found = re.search(pattern, text, re.MULTILINE)
    return float(found.group(1)) if found else 0.0


def _scrape(client: FlaskClient, **options: object) -> str:
    response = client.get("/metrics", **options)  # type: ignore[arg-type]
    assert response.status_code == 200, response.get_data(as_text=True)
    assert response.mimetype == "text/plain"
    return response.get_data(as_text=True)


def test_ballots_are_counted_by_outcome_with_latency(app: Flask, client: FlaskClient) -> None:
    voter = verified(app)
    assert voter.post(BALLOTS, json={"candidate": "dias-nurlanuly"}).status_code == 201
    assert voter.post(BALLOTS, json={"candidate": "dias-nurlanuly"}).status_code == 409
    assert verified(app).post(BALLOTS, json={"candidate": "nobody"}).status_code == 422
    assert app.test_client().post(BALLOTS, json={"candidate": "dias-nurlanuly"}).status_code == 401
    text = _scrape(client)
    assert _value(text, "top100_ballots_total", outcome="accepted") == 1
    assert _value(text, "top100_ballots_total", outcome="already_voted") == 1
    assert _value(text, "top100_ballots_total", outcome="unknown_candidate") == 1
    assert _value(text, "top100_ballots_total", outcome="credential_required") == 1
    route = "/api/v1/contests/<contest_id>/ballots"
    assert _value(text, "top100_request_duration_seconds_count", route=route, method="POST") == 4
    assert REGIONAL not in text  # routes are rules, not paths


def test_limiter_failures_are_counted(tmp_path: Path) -> None:
    app = make_app(tmp_path, Clock(OPEN), RATELIMIT_STORAGE_URI=f"redis://127.0.0.1:{free_port()}")
    response = verified(app).post(BALLOTS, json={"candidate": "dias-nurlanuly"})
    assert response.status_code == 503 and response.headers["Retry-After"]
    text = _scrape(app.test_client())
    assert _value(text, "top100_limiter_storage_errors_total") == 1
    assert _value(text, "top100_ballots_total", outcome="unavailable") == 1


def test_only_the_operators_networks_may_read_it(tmp_path: Path) -> None:
    public = {"environ_base": {"REMOTE_ADDR": "203.0.113.7"}}
    app = make_app(tmp_path / "a", Clock(OPEN))
    assert app.test_client().get("/metrics", **public).status_code == 404  # type: ignore[arg-type]
    assert app.test_client().get("/metrics", environ_base={"REMOTE_ADDR": "::1"}).status_code == 200
    # Behind a proxy on the same machine, a visitor is not an operator.
    proxied = make_app(tmp_path / "b", Clock(OPEN), TOP100_TRUSTED_PROXIES=1)
    visitor = proxied.test_client().get("/metrics", headers={"X-Forwarded-For": "203.0.113.7"})
    assert visitor.status_code == 404
    operators = make_app(tmp_path / "c", Clock(OPEN), TOP100_METRICS_NETWORKS="10.0.0.0/8")
    assert (
        operators.test_client().get("/metrics", environ_base={"REMOTE_ADDR": "10.1.2.3"}).status_code == 200
    )
    assert operators.test_client().get("/metrics").status_code == 404  # loopback is no longer listed
    with pytest.raises(ValueError, match="TOP100_METRICS_NETWORKS: 'ten' is not a network"):
        make_app(tmp_path / "d", Clock(OPEN), TOP100_METRICS_NETWORKS="ten")


def test_log_lines_are_json_without_the_client(app: Flask) -> None:
    formatter = JSONFormatter()
    atoms = {"h": "203.0.113.7", "m": "GET", "U": f"/api/v1/receipts/{'ab' * 32}", "q": "x=1", "s": "200",
             "B": 12, "D": 1500, "a": "Mozilla", "f": "https://example.kz/"}  # fmt: skip
    record = logging.LogRecord("gunicorn.access", logging.INFO, __file__, 1, "%(h)s %(r)s", (atoms,), None)
    line = json.loads(formatter.format(record))
    assert line == {
        "time": line["time"], "level": "info", "logger": "gunicorn.access", "message": "request",
        "method": "GET", "path": "/api/v1/receipts/<hash>", "status": 200, "bytes": 12, "seconds": 0.0015,
    }  # fmt: skip
    with app.test_request_context(BALLOTS, method="POST", environ_base={"REMOTE_ADDR": "203.0.113.7"}):
        app.preprocess_request()
        try:
            raise RuntimeError("boom")
        except RuntimeError:
            record = logging.LogRecord("voting", logging.ERROR, __file__, 1, "failed", (), sys.exc_info())
        line = json.loads(formatter.format(record))
    assert line["request"] == {"method": "POST", "route": "/api/v1/contests/<contest_id>/ballots",
                               "endpoint": "api.cast_ballot"}  # fmt: skip
    assert line["error"] == "RuntimeError" and "203.0.113" not in json.dumps(line)


def test_two_gunicorn_workers_add_up_and_log_json(tmp_path: Path, redis_server: RedisServer) -> None:
    env = _prepare_service(tmp_path, secrets.token_hex(32))
    metrics_dir = tmp_path / "metrics"
    metrics_dir.mkdir()
    env.update(
        RATELIMIT_STORAGE_URI=redis_server.uri,
        PROMETHEUS_MULTIPROC_DIR=str(metrics_dir),
        TOP100_POW_COST="100",
        TOP100_POW_MAX_COUNTER="20",
    )
    port = _port()
    log = tmp_path / "gunicorn.log"
    server = _gunicorn("voting:create_app()", port, env, 2, 4, "-c", "python:voting.gunicorn_conf", log=log)
    try:
        _wait(port, server)
        ballots = f"/api/v1/contests/{CONTEST}/ballots"
        for _ in range(6):  # new connections: the workers share them out
            client = Client(port, "127.0.0.9")
            status, token = client.credential(CONTEST)
            assert status == 201
            assert client.call("POST", ballots, '{"candidate": "dias-nurlanuly"}', token)[0] == 201
            client.close()
        for _ in range(4):  # whichever worker answers, the sum is the same
            scraper = Client(port, "127.0.0.1")
            scraper.connection.request("GET", "/metrics")
            text = scraper.connection.getresponse().read().decode()
            scraper.close()
            assert _value(text, "top100_ballots_total", outcome="accepted") == 6
    finally:
        server.terminate()
        server.wait(10)
    lines = [json.loads(line) for line in log.read_text().splitlines() if line.startswith("{")]
    access = [line for line in lines if line["logger"] == "gunicorn.access"]
    assert any(
        line["path"] == ballots and line["status"] == 201 and line["method"] == "POST" for line in access
    )
    assert "127.0.0.9" not in log.read_text()
    assert len({path.name.split("_")[-1] for path in metrics_dir.glob("*.db")}) >= 2  # two workers wrote
