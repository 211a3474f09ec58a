"""Ballots per second and latency of the voting service under wrk, per verification method
(a contest each), side by side (same run, same gunicorn settings) with a bare Flask endpoint
doing one raw SQLite INSERT per request; and the server's time to check one credential of
each method.

    python -m benchmarks.vote_load [--seconds 10] [--connections 16] [--workers 2] [--threads 4]

Needs Debian's wrk and redis-server (the limiter's shared storage across workers). Every
request is a ballot of a distinct verified voter (a credential made with the service's own
code); afterwards the rows are counted against the 201s and the ledgers are verified.
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

from flask import Flask

from voting.identity import Credentials

BIN = Path(sys.executable).parent
HERE = Path(__file__).resolve().parent
METHODS = ("device", "email", "telegram", "codes")
CONTESTS = {method: f"load-{method}" for method in METHODS}
CONTEST = CONTESTS["device"]
TOKENS_PER_RUN = 40_000


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


def _wrk(
    port: int, path: str, tokens: Path, args: argparse.Namespace, scheme: str = "http"
) -> dict[str, float]:
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
            f"{scheme}://127.0.0.1:{port}",
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


def _prepare_service(work: Path, secret: str, database_url: str | None = None) -> dict[str, str]:
    env = {
        **os.environ,
        "TOP100_SECRET_KEY": secret,
        "DATABASE_URL": database_url or f"sqlite:///{work / 'votes.sqlite3'}",
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
    for method, contest in {CONTESTS!r}.items():
        Contest.create(id=contest, year=now.year, stage="region", scope="region:KZ-75", title_kk="Жүктеме",
                       title_ru="Нагрузка", title_en="Load", opens_at=now - dt.timedelta(hours=1),
                       closes_at=now + dt.timedelta(days=1), results="live", advance=10, verification=method)
        Candidate.create(contest=contest, slug="dias-nurlanuly", name_kk="Д", name_ru="Д", name_en="D")
"""
    subprocess.run([sys.executable, "-c", code], env=env, check=True, cwd=HERE.parent)
    return env


def verify_ledger(env: dict[str, str], contest: str) -> subprocess.CompletedProcess[str]:
    """flask --app voting ledger verify CONTEST, on the benchmark's database."""
    command = [sys.executable, "-m", "flask", "--app", "voting", "ledger", "verify", contest]
    return subprocess.run(command, env=env, capture_output=True, text=True, cwd=HERE.parent)


def _row(name: str, runs: list[dict[str, float]], rows: int) -> str:
    rates = [r["created"] / r["seconds"] for r in runs]
    created = sum(r["created"] for r in runs)
    p50 = statistics.median(r["p50_ms"] for r in runs)
    p99 = statistics.median(r["p99_ms"] for r in runs)
    return (
        f"| {name} | {statistics.median(rates):.0f} ({', '.join(f'{x:.0f}' for x in rates)}) | "
        f"{p50:.1f} | {p99:.1f} | {created:.0f} | {rows} | {sum(r['other'] for r in runs):.0f} |"
    )


def _tokens(work: Path, secret: str, method: str, number: int) -> Path:
    """Credentials of distinct voters for one run, made by the service's own code."""
    app = Flask("bench")
    app.config.update(SECRET_KEY=secret, TOP100_CREDENTIAL_SECONDS=3600, TOP100_COOKIE_SECURE=False)
    store = Credentials(app)
    path = work / f"tokens-{method}-{number}.txt"
    voters = (store.voter_key(method, secrets.token_hex(8)) for _ in range(TOKENS_PER_RUN))
    lines = (store.signer.dumps({"c": CONTESTS[method], "m": method, "v": voter}) for voter in voters)
    path.write_text("".join(line + "\n" for line in lines))
    return path


def _checks() -> dict[str, float]:
    """Milliseconds the server spends checking one credential request, per method (in
    process, on an in-memory SQLite database: the proof itself, not the HTTP around it)."""
    code = """
import time, json, hashlib
from benchmarks.flood import solve
from voting import create_app
from voting.verification import codes, device, email, telegram
from voting.models import Contest
app = create_app({"TESTING": True, "SECRET_KEY": "s", "DATABASE_URL": "sqlite:///:memory:"})
out = {}
with app.app_context():
    from voting.settings import DEFAULTS, POW_COST
    payloads = [solve(device.challenge("s", "c", algorithm="PBKDF2/SHA-256", cost=DEFAULTS[POW_COST],
                                       max_counter=3, seconds=600)) for _ in range(200)]
    start = time.perf_counter()
    for payload in payloads:
        device.verify("s", "c", payload)
    out["device (ALTCHA check + replay insert)"] = (time.perf_counter() - start) / 200 * 1000
    data = {"id": 1, "auth_date": int(time.time())}
    data["hash"] = telegram.sign(data, "1:t")
    start = time.perf_counter()
    for _ in range(2000):
        telegram.verify(data, "1:t", time.time(), 600)
    out["telegram (Login Widget HMAC)"] = (time.perf_counter() - start) / 2000 * 1000
    issued = codes.issue("s", "c", 2000, "b")
    start = time.perf_counter()
    for code in issued:
        codes.redeem("s", "c", code)
    out["codes (hash lookup)"] = (time.perf_counter() - start) / 2000 * 1000
    from voting.settings import EMAIL_ATTEMPTS, EMAIL_CODE_SECONDS, EMAIL_LOCK_SECONDS
    policy = email.Policy(code_seconds=DEFAULTS[EMAIL_CODE_SECONDS], attempts=DEFAULTS[EMAIL_ATTEMPTS],
                          resend_seconds=0, lock_seconds=DEFAULTS[EMAIL_LOCK_SECONDS])
    import datetime as dt
    now = dt.datetime(2026, 1, 1)
    addresses = [f"v{n}@example.kz" for n in range(300)]
    sent = [(address, email.new_code("s", "c", address, now, policy)) for address in addresses]
    start = time.perf_counter()
    for address, code in sent:
        email.check_code("s", "c", email.normalise(address), code, now, policy)
    out["email (normalise + code check, one write)"] = (time.perf_counter() - start) / 300 * 1000
print(json.dumps(out))
"""
    command = [sys.executable, "-c", code]
    done = subprocess.run(command, capture_output=True, text=True, check=True, cwd=HERE.parent)
    result: dict[str, float] = __import__("json").loads(done.stdout.strip().splitlines()[-1])
    return result


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
    tokens = {(m, n): _tokens(work, secret, m, n) for m in METHODS for n in range(args.rounds)}
    bare_tokens = [_tokens(work, secret, "device", 100 + n) for n in range(args.rounds)]
    redis_port = _port()
    redis = subprocess.Popen(
        ["redis-server", "--port", str(redis_port), "--save", "", "--appendonly", "no"],
        stdout=subprocess.DEVNULL,
    )
    _wait(redis_port, redis)
    servers = []
    load_before = os.getloadavg()
    try:
        env = _prepare_service(work, secret)
        env["RATELIMIT_STORAGE_URI"] = f"redis://127.0.0.1:{redis_port}"
        from benchmarks.bare_insert import create_schema

        bare_db = work / "bare.sqlite3"
        create_schema(str(bare_db))
        ours_port, bare_port = _port(), _port()
        options = ("-c", "python:voting.gunicorn_conf")
        servers.append(_gunicorn("voting:create_app()", ours_port, env, args.workers, args.threads, *options))
        servers.append(
            _gunicorn(
                "benchmarks.bare_insert:app",
                bare_port,
                {**os.environ, "BARE_DATABASE": str(bare_db)},
                args.workers,
                args.threads,
            )
        )
        warm = argparse.Namespace(**{**vars(args), "seconds": 2})  # first requests open pools, load code
        warm_path = f"/api/v1/contests/{CONTEST}/ballots"
        warmed = _wrk(ours_port, warm_path, _tokens(work, secret, "device", 99), warm)["created"]
        _wrk(bare_port, "/ballot", _tokens(work, secret, "device", 98), warm)
        ours: dict[str, list[dict[str, float]]] = {m: [] for m in METHODS}
        bare = []
        for number in range(args.rounds):  # alternate, so drift of the machine hits all alike
            for method in METHODS:
                path = f"/api/v1/contests/{CONTESTS[method]}/ballots"
                ours[method].append(_wrk(ours_port, path, tokens[(method, number)], args))
            bare.append(_wrk(bare_port, "/ballot", bare_tokens[number], args))
    finally:
        for server in servers:
            server.terminate()
            server.wait(10)
        redis.terminate()
    load_after = os.getloadavg()
    checks = _checks()
    with sqlite3.connect(work / "votes.sqlite3") as db:
        count_by = "SELECT contest_id, count(*) FROM {} GROUP BY contest_id"
        rows = dict(db.execute(count_by.format("ballot")).fetchall())
        entries = dict(db.execute(count_by.format("ledgerentry")).fetchall())
    with sqlite3.connect(bare_db) as db:
        bare_rows = db.execute("SELECT count(*) FROM ballot").fetchone()[0]
    verified = [verify_ledger(env, contest).returncode == 0 for contest in CONTESTS.values()]
    print(
        f"{dt.date.today()}, {os.cpu_count()} cores shared (load average {load_before[0]:.1f} before, "
        f"{load_after[0]:.1f} after), gunicorn --workers {args.workers} --threads {args.threads}, "
        f"wrk -t2 -c{args.connections} -d{args.seconds}s x {args.rounds} alternating rounds, "
        "SQLite WAL synchronous=FULL, Redis limiter"
    )
    print("| endpoint | accepted/s, median (runs) | p50 ms | p99 ms | 201s | rows | non-201 |")
    print("|---|---:|---:|---:|---:|---:|---:|")
    for method in METHODS:
        print(_row(f"ballot, {method} credential", ours[method], rows.get(CONTESTS[method], 0)))
    print(_row("bare Flask, one raw INSERT", bare, bare_rows))
    base = statistics.median(r["created"] / r["seconds"] for r in bare)
    ok = all(verified)
    for method in METHODS:
        rate = statistics.median(r["created"] / r["seconds"] for r in ours[method])
        p99 = statistics.median(r["p99_ms"] for r in ours[method])
        created = sum(r["created"] for r in ours[method])
        count = rows.get(CONTESTS[method], 0)
        in_flight = count - created - (warmed if method == "device" else 0)  # warm-up: device contest
        late = 0 <= in_flight <= args.connections * (args.rounds + 1)
        ok = ok and entries.get(CONTESTS[method]) == count and late
        print(
            f"{method}: {rate / base:.0%} of the bare baseline (target 60%), p99 {p99:.1f} ms (< 100), "
            f"{count} rows = {created:.0f} responses 201 + {in_flight:.0f} answered after wrk stopped reading"
            + (f" + {warmed:.0f} of the warm-up" if method == "device" else "")
        )
    print(f"ledgers verify: {verified}")
    print("| server-side check of one credential request | ms |")
    print("|---|---:|")
    for name, ms in checks.items():
        print(f"| {name} | {ms:.3f} |")
    raise SystemExit(0 if ok else 1)


if __name__ == "__main__":
    main()
