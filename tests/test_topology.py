"""The production topology of deploy/ on loopback: nginx (the repository's config) in front
of two gunicorn instances of the service on one PostgreSQL and one Redis; and `make run`'s
own server against slow clients."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import threading
import time
import uuid
from collections import Counter
from pathlib import Path

import psycopg2
import pytest

from benchmarks.topology import BROTLI_MODULE, DEPLOY, NGINX, REPO, Instance, Nginx, answer, service_env
from benchmarks.vote_load import CONTEST, _tokens
from voting import frontdoor, web
from voting.problems import body

from .topology import BALLOTS, CANDIDATE, ledger_ok, need, request_json, slow_clients
from .voting_fixtures import (
    OPEN,
    REGIONAL,
    Clock,
    PostgresServer,
    RedisServer,
    free_port,
    local_server,
    make_app,
    verified,
)


def test_nginx_problems_are_generated_from_the_service_messages() -> None:
    assert (DEPLOY / "top100-problems.inc").read_text() == frontdoor.render(), (
        "run: python -m voting.frontdoor > deploy/nginx/top100-problems.inc"
    )


@pytest.fixture
def small_site(demo_site: Path, tmp_path: Path) -> Path:
    """A few files of the demo site, with the gzip and brotli copies `make site` makes."""
    site = tmp_path / "site"
    css = next((demo_site / "assets" / "stylesheets").glob("main.*.min.css"))
    own = next((demo_site / "assets").glob("vote.*.js"))  # the site's own, named by its hash
    pages = (demo_site / "index.html", demo_site / "404.html", demo_site / "en" / "index.html")
    for source in (*pages, css, own):
        target = site / source.relative_to(demo_site)
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(source, target)
    subprocess.run([sys.executable, "-m", "whitenoise.compress", "-q", str(site)], check=True)
    return site


def _ballots(port: int, tokens: list[str], statuses: Counter[int], lock: threading.Lock, tls: bool) -> None:
    for token in tokens:
        try:
            status = answer(port, "POST", BALLOTS, CANDIDATE, {"Authorization": f"Bearer {token}"}, tls=tls)[
                0
            ]
        except OSError:
            status = 0
        with lock:
            statuses[status] += 1


def test_production_topology(
    postgres: PostgresServer, redis_server: RedisServer, small_site: Path, tmp_path: Path
) -> None:
    url = postgres.new_database(f"t{uuid.uuid4().hex}")
    env = service_env(
        tmp_path,
        url,
        redis_server.uri,
        TOP100_TRUSTED_PROXIES="1",
        TOP100_LIMIT_VERIFY_PER_IP="5 per minute",
    )
    need(NGINX, "nginx")
    need(str(BROTLI_MODULE), "libnginx-mod-http-brotli-static")
    need("openssl", "openssl")
    instances = [Instance(env, tmp_path / f"gunicorn-{n}.log") for n in range(2)]
    nginx = Nginx(tmp_path / "nginx", small_site, [])
    try:
        for instance in instances:
            instance.start()
        nginx.upstreams = [instance.port for instance in instances]
        nginx.start()
        port = nginx.port

        # The site: precompressed copies sent as they are, hashed assets kept for a year,
        # the service's own security headers.
        raw = (small_site / "index.html").read_bytes()
        for encoding, suffix in (("br", ".br"), ("gzip", ".gz")):
            status, headers, data, _ = answer(
                port, "GET", "/", headers={"Accept-Encoding": encoding}, tls=True
            )
            assert status == 200 and headers.get("content-encoding") == encoding
            assert data == (small_site / f"index.html{suffix}").read_bytes()
        status, headers, data, _ = answer(port, "GET", "/", tls=True)
        assert data == raw and "content-encoding" not in headers
        assert (
            headers["content-security-policy"] == web.SITE_CSP
            and headers["cache-control"] == "public, max-age=60"
        )
        css = "/" + str(next(small_site.glob("assets/stylesheets/main.*.min.css")).relative_to(small_site))
        status, headers, _, _ = answer(port, "GET", css, headers={"Accept-Encoding": "br"}, tls=True)
        assert status == 200 and headers["cache-control"] == "public, max-age=31536000, immutable"
        assert headers["content-encoding"] == "br"
        script = "/" + str(next(small_site.glob("assets/vote.*.js")).relative_to(small_site))
        status, headers, _, _ = answer(port, "GET", script, tls=True)
        assert status == 200 and headers["cache-control"] == "public, max-age=31536000, immutable"
        status, headers, data, _ = answer(port, "GET", "/en/no-such-page/", tls=True)
        assert status == 404 and b"<html" in data.lower()
        assert answer(nginx.http_port, "GET", "/x?y=1")[1]["location"] == "https://127.0.0.1/x?y=1"

        # The API through nginx, with the service's own headers.
        status, headers, health = request_json(port, "GET", "/api/v1/health", tls=True)
        assert status == 200 and health == {"status": "ok"}
        assert headers["content-security-policy"] == web.API_CSP and headers["cache-control"] == "no-store"

        # nginx's own refusals on /api/ are the service's problem+json, in the client's language.
        status, headers, problem = request_json(
            port, "POST", BALLOTS, body="x" * 20_000, headers={"Accept-Language": "ru"}, tls=True
        )
        assert status == 413 and headers["content-type"] == "application/problem+json"
        assert problem == body("too_large", "ru") and headers["content-language"] == "ru"
        status, headers, problem = request_json(
            port,
            "GET",
            "/api/v1/health",
            headers={"Cookie": "c=" + "x" * 10_000, "Accept-Language": "kk"},
            tls=True,
        )
        # (nginx has not read the headers it refused, Accept-Language included: English.)
        assert status == 431 and problem == body("headers_too_large", "en")
        status, headers, _, _ = answer(port, "GET", "/", headers={"Cookie": "c=" + "x" * 10_000}, tls=True)
        assert status == 400 and headers["content-type"].startswith("text/html")

        # The service sees the client's address as nginx saw it, not nginx's, and not what
        # the client claims in X-Forwarded-For: 5 challenges a minute per network here.
        challenge = f"/api/v1/contests/{CONTEST}/challenge"
        spoof = {"X-Forwarded-For": "127.0.0.99"}
        codes = [
            answer(port, "GET", challenge, headers=spoof, tls=True, source="127.0.0.7")[0] for _ in range(6)
        ]
        assert codes == [200] * 5 + [429]
        assert answer(port, "GET", challenge, tls=True, source="127.0.0.8")[0] == 200

        # Ballots of distinct voters through nginx (spread over both instances) and straight
        # to each instance: every 201 has its row, the chain verifies.
        tokens = _tokens(tmp_path, env["TOP100_SECRET_KEY"], "device", 1).read_text().split()[:160]
        statuses: Counter[int] = Counter()
        lock = threading.Lock()
        targets = [(port, True), (port, True), (instances[0].port, False), (instances[1].port, False)]
        threads = [
            threading.Thread(target=_ballots, args=(p, tokens[n::4], statuses, lock, tls))
            for n, (p, tls) in enumerate(targets)
        ]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        assert statuses == {201: 160}, statuses
        for instance in instances:  # nginx used both
            assert _accepted(instance.log) > 40

        # One voter, alternating instances: one ballot, then duplicates refused, and the
        # per-voter limit (10 a minute) counted once for both instances.
        voter = {"Authorization": f"Bearer {tokens[-1]}"}
        again = [answer(instances[n % 2].port, "POST", BALLOTS, CANDIDATE, voter)[0] for n in range(12)]
        assert again == [409] * 9 + [429] * 3, again
        with psycopg2.connect(url) as db, db.cursor() as cursor:
            cursor.execute("SELECT count(*) FROM ballot WHERE contest_id = %s", (CONTEST,))
            assert cursor.fetchone()[0] == 160
        assert "OK" in ledger_ok(env)

        # 50 slow clients against nginx: the API and the site answer at once.
        with slow_clients(port, 50):
            for path in ("/api/v1/health", "/"):
                status, _, _, took = answer(port, "GET", path, tls=True)
                assert status == 200 and took < 1.0, (path, took)

        # The restore drill (docs/deploy.md): dump, restore into an empty database, verify.
        drill(postgres, url, env, tmp_path)

        # No instance answers: nginx's 502 becomes the service's 503 with Retry-After.
        for instance in instances:
            instance.stop()
        status, headers, problem = request_json(port, "POST", BALLOTS, body=CANDIDATE, tls=True)
        assert status == 503 and headers["retry-after"] == "5" and problem == body("unavailable", "en")
    finally:
        nginx.stop()
        for instance in instances:
            instance.stop()


def drill(postgres: PostgresServer, url: str, env: dict[str, str], tmp_path: Path) -> None:
    """deploy/backup.sh's dump, restored as deploy/restore-drill.sh does, must verify."""
    need("pg_dump", "postgresql")
    dump = tmp_path / "top100.dump"
    done = subprocess.run(
        ["sh", str(REPO / "deploy" / "backup.sh"), str(dump)],
        env={**env, "DATABASE_URL": url},
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0, done.stderr
    restored = postgres.new_database(f"r{uuid.uuid4().hex}")
    done = subprocess.run(
        ["sh", str(REPO / "deploy" / "restore-drill.sh"), str(dump), restored, CONTEST],
        env={**env, "DATABASE_URL": restored, "PYTHON": sys.executable},
        capture_output=True,
        text=True,
        cwd=REPO,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    with psycopg2.connect(url) as a, psycopg2.connect(restored) as b:
        rows = []
        for db in (a, b):
            with db.cursor() as cursor:
                cursor.execute(
                    "SELECT seq, hash FROM ledgerentry WHERE contest_id = %s ORDER BY seq", (CONTEST,)
                )
                rows.append(cursor.fetchall())
    assert rows[0] == rows[1] and len(rows[0]) == 160


def test_make_run_server_survives_slow_clients(demo_site: Path, tmp_path: Path) -> None:
    """`make run`'s server (voting.localserver, on the embedded SQLite): 50 connections that
    never finish their headers hold no thread; the health check and a page answer at once."""
    env = {
        **service_env(tmp_path, None, "memory://"),
        "TOP100_SITE_DIR": str(demo_site),
    }
    with local_server(tmp_path, env) as port, slow_clients(port, 50):
        for path in ("/api/v1/health", "/", f"/api/v1/contests/{CONTEST}"):
            status, _, _, took = answer(port, "GET", path)
            assert status == 200 and took < 1.0, (path, status, took)
        assert json.loads(answer(port, "GET", "/api/v1/health")[2]) == {"status": "ok"}


def test_systemd_units_verify(tmp_path: Path) -> None:
    """systemd's own checker reads deploy/systemd/ (with the paths of this checkout): unknown
    keys, bad sections and missing programs fail. systemd does not run here, so starting the
    units is not tested (docs/deploy.md)."""
    analyze = need("systemd-analyze", "systemd")
    venv = Path(sys.executable).parent
    names = []
    for unit in sorted((REPO / "deploy" / "systemd").iterdir()):
        text = unit.read_text().replace("/srv/top100/venv/bin", str(venv))
        text = text.replace("/srv/top100/app/deploy", str(REPO / "deploy"))
        name = unit.name.replace("@.service", "@8001.service")
        (tmp_path / name).write_text(text)
        names.append(f"./{name}")
    assert "./top100-vote@8001.service" in names and len(names) == 5
    done = subprocess.run(
        [analyze, "verify", "--man=no", *names], cwd=tmp_path, capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0 and not done.stderr.strip() and not done.stdout.strip(), (
        done.stdout + done.stderr
    )


def test_the_redis_settings_of_deploy(tmp_path: Path) -> None:
    """deploy/redis/top100.conf as Redis reads it (address, port and password swapped): the
    limiter works with its password, and a wrong one fails closed (503), never open."""
    binary = need("redis-server", "redis-server")
    port = free_port()
    text = (REPO / "deploy" / "redis" / "top100.conf").read_text()
    for old, new in (
        ("bind 127.0.0.1 -::1", "bind 127.0.0.1"),
        ("requirepass CHANGE-ME", "requirepass s3cret"),
    ):
        assert old in text
        text = text.replace(old, new)
    (tmp_path / "redis.conf").write_text(f"{text}\nport {port}\ndir {tmp_path}\n")
    server = subprocess.Popen([binary, str(tmp_path / "redis.conf")], stdout=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 10
        while subprocess.run(["redis-cli", "-p", str(port), "ping"], capture_output=True).returncode:
            assert time.monotonic() < deadline and server.poll() is None, "redis-server did not start"
            time.sleep(0.05)
        ballots = f"/api/v1/contests/{REGIONAL}/ballots"
        good = make_app(
            tmp_path / "good", Clock(OPEN), RATELIMIT_STORAGE_URI=f"redis://:s3cret@127.0.0.1:{port}/0"
        )
        assert verified(good).post(ballots, json={"candidate": "dias-nurlanuly"}).status_code == 201
        bad = make_app(
            tmp_path / "bad", Clock(OPEN), RATELIMIT_STORAGE_URI=f"redis://:wrong@127.0.0.1:{port}/0"
        )
        refused = verified(bad).post(ballots, json={"candidate": "dias-nurlanuly"})
        assert refused.status_code == 503 and refused.headers["Retry-After"]
    finally:
        server.terminate()
        server.wait(10)


def test_the_postgresql_settings_of_deploy(postgres: PostgresServer, tmp_path: Path) -> None:
    """PostgreSQL itself reads deploy/postgresql/top100.conf after a cluster's own settings:
    an unknown parameter or a bad value fails, and the durability settings are what the
    service promises (a 201 is on disk). Starting a server with it is not tested here (its
    memory settings are a production machine's)."""
    assert postgres.bin is not None
    # Where the server's user can read them (pytest's folders are private to this user).
    name = uuid.uuid4().hex
    config, settings = postgres.root / f"{name}.conf", postgres.root / f"{name}-top100.conf"
    shutil.copy(REPO / "deploy" / "postgresql" / "top100.conf", settings)
    config.write_text(f"include '{postgres.root / 'data' / 'postgresql.conf'}'\ninclude '{settings}'\n")
    for path in (config, settings):
        path.chmod(0o644)
    expected = {"fsync": "on", "synchronous_commit": "on", "archive_mode": "on", "log_connections": "off"}
    for setting, value in expected.items():
        done = subprocess.run(
            [*postgres.user, str(postgres.bin / "postgres"), "-D", str(postgres.root / "data"),
             "-c", f"config_file={config}", "-C", setting],
            capture_output=True, text=True, timeout=60,
        )  # fmt: skip
        assert done.returncode == 0 and done.stdout.strip() == value, (setting, done.stdout, done.stderr)
    config.unlink()
    settings.unlink()


def _accepted(log: Path) -> int:
    """Ballots the instance answered with 201, read from its JSON access log."""
    count = 0
    for line in log.read_text().splitlines():
        try:
            entry = json.loads(line)
        except ValueError:
            continue
        if entry.get("method") == "POST" and entry.get("path") == BALLOTS and entry.get("status") == 201:
            count += 1
    return count
