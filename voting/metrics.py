"""What operators watch, at /metrics in Prometheus' text format: ballots accepted and refused
(by the problem's code), request latency per route, and the limiter's and the database's
failures. No label holds a voter, an address, a receipt or a path as typed: routes are
their rule (``/api/v1/contests/<contest_id>/ballots``), contests their id.

Only the operators' networks may read it (TOP100_METRICS_NETWORKS, loopback by default):
both the socket's peer and, behind a trusted proxy, the forwarded client must be inside,
so nginx on the same machine does not make every visitor an operator.

Under gunicorn with several workers, set PROMETHEUS_MULTIPROC_DIR to an empty folder
(deploy/systemd/top100-vote@.service does): each worker writes its values there and a
scrape adds them up, whichever worker answers it (prometheus_client's multiprocess mode;
voting/gunicorn_conf.py removes a dead worker's gauges)."""

from __future__ import annotations

import ipaddress
import os
import time
from dataclasses import dataclass

from flask import Flask, Response, g, json, request
from prometheus_client import (
    CONTENT_TYPE_LATEST,
    CollectorRegistry,
    Counter,
    Histogram,
    generate_latest,
    multiprocess,
)

from .problems import problem
from .settings import METRICS_NETWORKS

BALLOT_ENDPOINT = "api.cast_ballot"
# A ballot's own work is a few milliseconds; the tail is waiting for the lock (up to 2 × 4 s).
BUCKETS = (0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0)


@dataclass
class Metrics:
    registry: CollectorRegistry
    ballots: Counter
    latency: Histogram
    limiter_errors: Counter
    database_errors: Counter

    @classmethod
    def create(cls) -> Metrics:
        # One registry per app: two apps in one process (tests) never count into each other.
        registry = CollectorRegistry(auto_describe=True)
        return cls(
            registry=registry,
            ballots=Counter(
                "top100_ballots",
                "Ballots answered, by outcome: accepted, or the problem's code (already_voted, ...)",
                ["outcome"],
                registry=registry,
            ),
            latency=Histogram(
                "top100_request_duration_seconds",
                "Time to answer a request, by route and method",
                ["route", "method"],
                buckets=BUCKETS,
                registry=registry,
            ),
            limiter_errors=Counter(
                "top100_limiter_storage_errors",
                "Requests refused with 503 because the rate limiter's storage (Redis) failed",
                registry=registry,
            ),
            database_errors=Counter(
                "top100_database_errors",
                "Requests refused with 503 because the database was locked past the wait or unreachable",
                registry=registry,
            ),
        )

    def exposition(self) -> bytes:
        if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
            combined = CollectorRegistry()
            multiprocess.MultiProcessCollector(combined)  # type: ignore[no-untyped-call]
            return generate_latest(combined)
        return generate_latest(self.registry)


def networks(text: str) -> list[ipaddress.IPv4Network | ipaddress.IPv6Network]:
    """TOP100_METRICS_NETWORKS: comma-separated CIDR networks (a bad one stops the start)."""
    found = []
    for item in text.split(","):
        if item.strip():
            try:
                found.append(ipaddress.ip_network(item.strip(), strict=False))
            except ValueError:
                raise ValueError(
                    f"TOP100_METRICS_NETWORKS: {item.strip()!r} is not a network; "
                    "write e.g. 10.0.0.0/8,127.0.0.1/32"
                ) from None
    return found


def _allowed(address: str | None, allowed: list[ipaddress.IPv4Network | ipaddress.IPv6Network]) -> bool:
    try:
        ip = ipaddress.ip_address((address or "").split("%", 1)[0])
    except ValueError:
        return False
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped:
        ip = ip.ipv4_mapped
    return any(ip in net for net in allowed)


def _outcome(response: Response) -> str:
    if response.status_code == 201:
        return "accepted"
    if response.mimetype == "application/problem+json":
        try:
            return str(json.loads(response.get_data())["type"]).rsplit("/", 1)[-1]
        except (ValueError, KeyError, TypeError):
            pass
    return f"status_{response.status_code}"


def init_app(app: Flask) -> Metrics:
    metrics = Metrics.create()
    allowed = networks(app.config[METRICS_NETWORKS])

    @app.get("/metrics")
    def expose() -> Response:
        peer = request.environ.get("werkzeug.proxy_fix.orig", {}).get("REMOTE_ADDR", request.remote_addr)
        if not (_allowed(peer, allowed) and _allowed(request.remote_addr, allowed)):
            return problem("not_found")  # as if there were nothing here
        return Response(metrics.exposition(), mimetype=CONTENT_TYPE_LATEST)

    @app.before_request
    def _start() -> None:
        g.top100_started = time.perf_counter()

    @app.after_request
    def _count(response: Response) -> Response:
        started = g.pop("top100_started", None)
        if started is not None and request.url_rule is not None and request.endpoint != "expose":
            route = request.url_rule.rule if request.blueprint != "site" else "(site)"
            metrics.latency.labels(route, request.method).observe(time.perf_counter() - started)
        if request.endpoint == BALLOT_ENDPOINT:
            metrics.ballots.labels(_outcome(response)).inc()
        return response

    return metrics
