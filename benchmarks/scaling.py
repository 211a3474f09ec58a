"""Ballots per second and p99 through the production topology (nginx with deploy/'s config,
TLS, in front of gunicorn instances): one instance on SQLite beside two on one PostgreSQL and
one Redis, and more PostgreSQL instances to see what another machine would add, same run,
alternating rounds.

    python -m benchmarks.scaling [--seconds 10] [--rounds 2] [--connections 16] [--instances 1,2,4]

Needs Debian's nginx (+ libnginx-mod-http-brotli-static), wrk, redis-server and PostgreSQL
(`make system-deps`). Each instance is gunicorn with voting.gunicorn_conf and 2 gthread
workers of 4 threads; every request is a ballot of a distinct verified voter; afterwards
the rows are counted against the 201s and every ledger is verified."""

from __future__ import annotations

import argparse
import datetime as dt
import os
import secrets
import shutil
import sqlite3
import statistics
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

import psycopg2

from benchmarks.topology import Instance, Nginx, service_env
from benchmarks.vote_load import CONTEST, _tokens, _wrk, verify_ledger
from tests.voting_fixtures import PostgresServer, RedisServer
from voting import create_app, service
from voting.db import database


@dataclass
class Setup:
    name: str
    env: dict[str, str]
    instances: list[Instance]
    nginx: Nginx
    runs: list[dict[str, float]] = field(default_factory=list)
    warm: float = 0.0  # 201s of the warm-up run

    def rows(self) -> int:
        url = self.env["DATABASE_URL"]
        query = "SELECT count(*) FROM ballot"
        if url.startswith("sqlite"):
            with sqlite3.connect(url.removeprefix("sqlite:///")) as db:
                return int(db.execute(query).fetchone()[0])
        with psycopg2.connect(url) as db, db.cursor() as cursor:
            cursor.execute(query)
            return int(cursor.fetchone()[0])


def _start(name: str, work: Path, url: str | None, redis: str, count: int, site: Path) -> Setup:
    work.mkdir(parents=True)
    env = service_env(work, url, redis, TOP100_TRUSTED_PROXIES="1")
    instances = [Instance(env, work / f"gunicorn-{n}.log") for n in range(count)]
    for instance in instances:
        instance.start()
    nginx = Nginx(work / "nginx", site, [instance.port for instance in instances])
    nginx.start()
    return Setup(name, env, instances, nginx)


def serial_rate(env: dict[str, str], seconds: float = 5) -> float:
    """Ballots a second that one contest's chain takes from a single writer on this
    database: each ballot holds the contest's row lock from its first statement to its
    commit, so no number of instances or machines gets one contest past about this rate."""
    app = create_app(
        {
            "TESTING": True,
            "SECRET_KEY": env["TOP100_SECRET_KEY"],
            "DATABASE_URL": env["DATABASE_URL"],
            "TOP100_LEDGER_KEY_FILE": env["TOP100_LEDGER_KEY_FILE"],
        }
    )
    with app.app_context(), database.connection_context():
        box = service.BallotBox(ttl=60)
        clock = lambda: dt.datetime.now(dt.UTC)  # noqa: E731
        count, stop = 0, time.monotonic() + seconds
        started = time.monotonic()
        while time.monotonic() < stop:
            service.cast_ballot(CONTEST, "dias-nurlanuly", secrets.token_hex(16), clock, box)
            count += 1
        return count / (time.monotonic() - started)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=int, default=10)
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--instances", default="1,2,4", help="PostgreSQL instance counts to run")
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="top100-scaling-"))
    site = work / "site"
    site.mkdir()
    (site / "index.html").write_text("<!doctype html><title>top100</title>")
    pg_root = Path(tempfile.mkdtemp(prefix="top100-pgb-"))
    postgres, redis = PostgresServer(pg_root, durable=True), RedisServer(work)
    postgres.start()
    redis.start()
    setups: list[Setup] = []
    load_before = os.getloadavg()
    try:
        # The limiter's keys are per contest, so the setups do not share a budget; each
        # setup has its own database and its own keys in the one Redis (its own secret).
        setups.append(_start("1 instance, SQLite", work / "sqlite", None, redis.uri, 1, site))
        for count in (int(n) for n in args.instances.split(",")):
            url = postgres.new_database(f"bench{count}")
            name = f"{count} instance{'s' if count > 1 else ''}, PostgreSQL + Redis"
            setups.append(_start(name, work / f"pg{count}", url, redis.uri, count, site))
        path = f"/api/v1/contests/{CONTEST}/ballots"
        warm = argparse.Namespace(**{**vars(args), "seconds": 2})
        for number, setup in enumerate(setups):
            tokens = _tokens(work, setup.env["TOP100_SECRET_KEY"], "device", 900 + number)
            setup.warm = _wrk_tls(setup, path, tokens, warm)["created"]
        for round_ in range(args.rounds):  # alternate, so drift of the shared machine hits all alike
            for number, setup in enumerate(setups):
                tokens = _tokens(work, setup.env["TOP100_SECRET_KEY"], "device", 100 * round_ + number)
                setup.runs.append(_wrk_tls(setup, path, tokens, args))
        load_after = os.getloadavg()
        print(
            f"{dt.date.today()}, {os.cpu_count()} cores shared with other work (load average "
            f"{load_before[0]:.1f} before, {load_after[0]:.1f} after); nginx + TLS in front; "
            f"each instance gunicorn 2 gthread workers x 4 threads; wrk -t2 -c{args.connections} "
            f"-d{args.seconds}s x {args.rounds} alternating rounds; SQLite synchronous=FULL, "
            "PostgreSQL fsync=on, synchronous_commit=on"
        )
        print(
            "| setup | ballots/s, median (runs) | p50 ms | p99 ms | 201s (+warm) | rows | non-201 | ledger |"
        )
        print("|---|---:|---:|---:|---:|---:|---:|---|")
        for setup in setups:
            rates = [r["created"] / r["seconds"] for r in setup.runs]
            verified = verify_ledger(setup.env, CONTEST).returncode == 0
            print(
                f"| {setup.name} | {statistics.median(rates):.0f} ({', '.join(f'{x:.0f}' for x in rates)}) | "
                f"{statistics.median(r['p50_ms'] for r in setup.runs):.1f} | "
                f"{statistics.median(r['p99_ms'] for r in setup.runs):.1f} | "
                f"{sum(r['created'] for r in setup.runs) + setup.warm:.0f} | {setup.rows()} | "
                f"{sum(r['other'] for r in setup.runs):.0f} | {'verifies' if verified else 'FAILS'} |"
            )
        for setup in setups[:2]:  # SQLite, and PostgreSQL (the instance count does not matter)
            rate = serial_rate(setup.env)
            print(f"one contest, one writer in process ({setup.name.split(', ')[1]}): {rate:.0f} ballots/s")
    finally:
        for setup in setups:
            setup.nginx.stop()
            for instance in setup.instances:
                instance.stop()
        redis.stop()
        postgres.stop()
        shutil.rmtree(pg_root, ignore_errors=True)
        shutil.rmtree(work, ignore_errors=True)


def _wrk_tls(setup: Setup, path: str, tokens: Path, args: argparse.Namespace) -> dict[str, float]:
    return _wrk(setup.nginx.port, path, tokens, args, scheme="https")


if __name__ == "__main__":
    main()
