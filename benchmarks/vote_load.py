"""Ballots per second and latency of the voting service under wrk, side by side (same run,
same gunicorn settings) with a bare Flask endpoint doing one raw SQLite INSERT per request.

    python -m benchmarks.vote_load [--seconds 10] [--connections 16] [--workers 2] [--threads 4]

Needs Debian's wrk and redis-server (the limiter's shared storage across workers). Every
request is a ballot from a distinct voter; afterwards the rows are counted against the 201s
and the ledger is verified.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import re
import secrets
import shutil
import socket
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from itsdangerous import URLSafeSerializer

BIN = Path(sys.executable).parent
HERE = Path(__file__).resolve().parent
CONTEST = "load-test"


def _port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _wait(port: int, process: subprocess.Popen[bytes]) -> None:
    for _ in range(200):
        if process.poll() is not None:
            raise SystemExit(f"server exited with {process.returncode}")
        with socket.socket() as probe:
            if probe.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.05)
    raise SystemExit("server did not start")


def _gunicorn(
    target: str,
    port: int,
    env: dict[str, str],
    workers: int,
    threads: int,
    *options: str,
    log: Path | None = None,
) -> subprocess.Popen[bytes]:
    output: Any = log.open("ab") if log else subprocess.DEVNULL
    process = subprocess.Popen(
        [
            str(BIN / "gunicorn"),
            *options,
            "--workers",
            str(workers),
            "--threads",
            str(threads),
            "--bind",
            f"127.0.0.1:{port}",
            target,
        ],
        env=env,
        cwd=HERE.parent,
        stdout=output,
        stderr=output,
    )
    _wait(port, process)
    return process


def _wrk(port: int, path: str, tokens: Path, args: argparse.Namespace) -> dict[str, float]:
    env = {**os.environ, "TOKENS": str(tokens), "THREADS": "2", "TARGET_PATH": path}
    out: Any = subprocess.run(
        [
            "wrk",
            "-t2",
            f"-c{args.connections}",
            f"-d{args.seconds}s",
            "--latency",
            "-s",
            str(HERE / "ballots.lua"),
            f"http://127.0.0.1:{port}",
        ],
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    if out.stderr:
        print(out.stderr.strip(), file=sys.stderr)
    out = out.stdout
    match = re.search(r"RESULT (.*)", out)
    assert match, out
    return {k: float(v) for k, v in (item.split("=") for item in match.group(1).split())}


def _prepare_service(work: Path, secret: str) -> dict[str, str]:
    env = {
        **os.environ,
        "TOP100_SECRET_KEY": secret,
        "DATABASE_URL": f"sqlite:///{work / 'votes.sqlite3'}",
        "TOP100_LIMIT_PER_VOTER": "10 per minute",
        "TOP100_LIMIT_PER_IP": "1000000 per minute",
        "TOP100_LIMIT_PER_CONTEST": "1000000 per minute",
    }
    code = f"""
import datetime as dt
from voting import create_app
from voting.models import Candidate, Contest
app = create_app()
with app.app_context():
    now = dt.datetime.now(dt.UTC).replace(tzinfo=None)
    Contest.create(id={CONTEST!r}, year=now.year, stage="region", scope="region:KZ-75", title_kk="Жүктеме",
                   title_ru="Нагрузка", title_en="Load", opens_at=now - dt.timedelta(hours=1),
                   closes_at=now + dt.timedelta(days=1), results="live", advance=10)
    Candidate.create(contest={CONTEST!r}, slug="dias-nurlanuly", name_kk="Д", name_ru="Д", name_en="D")
"""
    subprocess.run([sys.executable, "-c", code], env=env, check=True, cwd=HERE.parent)
    return env


def _row(name: str, runs: list[dict[str, float]], rows: int) -> str:
    rates = [r["created"] / r["seconds"] for r in runs]
    created = sum(r["created"] for r in runs)
    p50 = statistics.median(r["p50_ms"] for r in runs)
    p99 = statistics.median(r["p99_ms"] for r in runs)
    return (
        f"| {name} | {statistics.median(rates):.0f} ({', '.join(f'{x:.0f}' for x in rates)}) | "
        f"{p50:.1f} | {p99:.1f} | {created:.0f} | {rows} | {sum(r['other'] for r in runs):.0f} |"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=int, default=10)
    parser.add_argument("--rounds", type=int, default=3, help="alternating runs of each endpoint")
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--threads", type=int, default=1)
    args = parser.parse_args()
    for tool in ("wrk", "redis-server"):
        if not shutil.which(tool):
            raise SystemExit(f"{tool} is missing: apt-get install {tool}")
    work = Path(tempfile.mkdtemp(prefix="top100-load-"))
    secret = secrets.token_hex(32)
    signer = URLSafeSerializer(secret, salt="top100-voter")
    token_files = []
    for number in range(2 * args.rounds):  # fresh voters for every run
        path = work / f"tokens-{number}.txt"
        path.write_text("".join(signer.dumps(secrets.token_urlsafe(18)) + "\n" for _ in range(150_000)))
        token_files.append(path)
    redis_port = _port()
    redis = subprocess.Popen(
        ["redis-server", "--port", str(redis_port), "--save", "", "--appendonly", "no"],
        stdout=subprocess.DEVNULL,
    )
    _wait(redis_port, redis)
    servers = []
    try:
        env = _prepare_service(work, secret)
        env["RATELIMIT_STORAGE_URI"] = f"redis://127.0.0.1:{redis_port}"
        from benchmarks.bare_insert import create_schema

        bare_db = work / "bare.sqlite3"
        create_schema(str(bare_db))
        ours_port, bare_port = _port(), _port()
        servers.append(_gunicorn("voting:create_app()", ours_port, env, args.workers, args.threads))
        servers.append(
            _gunicorn(
                "benchmarks.bare_insert:app",
                bare_port,
                {**os.environ, "BARE_DATABASE": str(bare_db)},
                args.workers,
                args.threads,
            )
        )
        ours, bare = [], []
        for number in range(args.rounds):  # alternate, so drift of the machine hits both alike
            ours.append(_wrk(ours_port, f"/api/v1/contests/{CONTEST}/ballots", token_files[2 * number], args))
            bare.append(_wrk(bare_port, "/ballot", token_files[2 * number + 1], args))
    finally:
        for server in servers:
            server.terminate()
            server.wait(10)
        redis.terminate()
    with sqlite3.connect(work / "votes.sqlite3") as db:
        rows = db.execute("SELECT count(*) FROM ballot").fetchone()[0]
        entries = db.execute("SELECT count(*) FROM ledgerentry").fetchone()[0]
    with sqlite3.connect(bare_db) as db:
        bare_rows = db.execute("SELECT count(*) FROM ballot").fetchone()[0]
    verify = subprocess.run(
        [sys.executable, "-m", "flask", "--app", "voting", "ledger", "verify", CONTEST],
        env=env,
        capture_output=True,
        text=True,
        cwd=HERE.parent,
    )
    print(
        f"{dt.date.today()}, {os.cpu_count()} cores, gunicorn --workers {args.workers} --threads "
        f"{args.threads}, wrk -t2 -c{args.connections} -d{args.seconds}s x {args.rounds} alternating rounds, "
        "SQLite WAL synchronous=FULL, Redis limiter"
    )
    print("| endpoint | accepted/s, median (runs) | p50 ms | p99 ms | 201s | rows | non-201 |")
    print("|---|---:|---:|---:|---:|---:|---:|")
    print(_row("POST /api/v1/…/ballots (ours)", ours, rows))
    print(_row("bare Flask, one raw INSERT", bare, bare_rows))
    rate = statistics.median(r["created"] / r["seconds"] for r in ours)
    base = statistics.median(r["created"] / r["seconds"] for r in bare)
    print(f"ours / bare: {rate / base:.0%} (target at least 50%); p99 target < 100 ms")
    created = sum(r["created"] for r in ours)
    in_flight = rows - created
    print(
        f"ballots: {rows} rows, {created:.0f} responses 201, {in_flight:.0f} answered after wrk stopped "
        f"reading (at most {args.connections} per run); ledger entries {entries}; {verify.stdout.strip()}"
    )
    raise SystemExit(0 if entries == rows and 0 <= in_flight <= args.connections * args.rounds else 1)


if __name__ == "__main__":
    main()
