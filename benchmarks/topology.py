"""The production topology on loopback, from the Debian binaries: nginx running the
repository's own deploy/nginx/top100.conf (paths, addresses and certificate swapped) in front
of gunicorn instances of the service (voting.gunicorn_conf). Used by benchmarks.scaling and
by tests/test_topology.py and tests/test_faults.py."""

from __future__ import annotations

import os
import secrets
import signal
import socket
import ssl
import subprocess
import time
from dataclasses import dataclass, field
from http.client import HTTPConnection, HTTPSConnection
from pathlib import Path

from benchmarks.vote_load import HERE, _gunicorn, _port, _prepare_service

REPO = HERE.parent
DEPLOY = REPO / "deploy" / "nginx"
BROTLI_MODULE = Path("/usr/lib/nginx/modules/ngx_http_brotli_static_module.so")
NGINX = "/usr/sbin/nginx"


def answer(
    port: int,
    method: str,
    path: str,
    body: str | bytes | None = None,
    headers: dict[str, str] | None = None,
    tls: bool = False,
    source: str = "127.0.0.1",
    timeout: float = 30,
) -> tuple[int, dict[str, str], bytes, float]:
    """One request on a fresh connection: status, headers (lower-case names), body, seconds."""
    connection: HTTPConnection
    if tls:
        context = ssl.create_default_context()
        context.check_hostname, context.verify_mode = False, ssl.CERT_NONE
        connection = HTTPSConnection(
            "127.0.0.1", port, timeout=timeout, context=context, source_address=(source, 0)
        )
    else:
        connection = HTTPConnection("127.0.0.1", port, timeout=timeout, source_address=(source, 0))
    started = time.monotonic()
    try:
        connection.request(
            method, path, body=body, headers={"Content-Type": "application/json", **(headers or {})}
        )
        response = connection.getresponse()
        data = response.read()
    finally:
        connection.close()
    took = time.monotonic() - started
    return response.status, {k.lower(): v for k, v in response.getheaders()}, data, took


@dataclass
class Instance:
    """One gunicorn master of the service (voting.gunicorn_conf: gthread workers)."""

    env: dict[str, str]
    log: Path
    workers: int = 2
    port: int = 0
    process: subprocess.Popen[bytes] | None = None

    def start(self) -> None:
        self.port = _port()
        options = ("-c", "python:voting.gunicorn_conf")
        self.process = _gunicorn(
            "voting:create_app()", self.port, self.env, self.workers, 4, *options, log=self.log
        )
        self.wait_ready()

    def wait_ready(self, seconds: float = 30) -> None:
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            try:
                if answer(self.port, "GET", "/api/v1/health", timeout=5)[0] == 200:
                    return
            except OSError:
                pass
            time.sleep(0.1)
        raise RuntimeError(f"instance on {self.port} did not answer; see {self.log}")

    def worker_pids(self) -> list[int]:
        assert self.process is not None
        children = Path(f"/proc/{self.process.pid}/task/{self.process.pid}/children").read_text()
        return [int(pid) for pid in children.split()]

    def stop(self) -> None:
        # SIGTERM: gunicorn lets its workers finish the requests they hold (graceful timeout).
        self.process = _stop(self.process, signal.SIGTERM, 25)


def service_env(work: Path, database_url: str | None, redis_uri: str, **extra: str) -> dict[str, str]:
    """A prepared database (the benchmark's contests, open now) and the instances' settings."""
    env = _prepare_service(work, secrets.token_hex(32), database_url)
    env.update(
        {"RATELIMIT_STORAGE_URI": redis_uri, "TOP100_LEDGER_KEY_FILE": str(work / "ledger.pem"), **extra}
    )
    return env


@dataclass
class Nginx:
    """deploy/nginx/top100.conf, run by Debian's nginx with its paths swapped for a test's."""

    work: Path
    site: Path
    upstreams: list[int]
    port: int = field(default_factory=_port)
    http_port: int = field(default_factory=_port)
    process: subprocess.Popen[bytes] | None = None

    def config(self) -> str:
        text = (DEPLOY / "top100.conf").read_text()
        cert, key = self.work / "cert.pem", self.work / "key.pem"
        swaps = {
            "include /etc/nginx/conf.d/top100-problems.inc;": f"include {DEPLOY / 'top100-problems.inc'};",
            "    server 127.0.0.1:8001 max_fails=3 fail_timeout=5s;": "\n".join(
                f"    server 127.0.0.1:{port} max_fails=3 fail_timeout=5s;" for port in self.upstreams
            ),
            "listen 80;": f"listen 127.0.0.1:{self.http_port};",
            "listen 443 ssl http2;": f"listen 127.0.0.1:{self.port} ssl http2;",
            "/etc/letsencrypt/live/top100.example.kz/fullchain.pem": str(cert),
            "/etc/letsencrypt/live/top100.example.kz/privkey.pem": str(key),
            "/srv/top100/site": str(self.site),
            "/var/log/nginx/": f"{self.work}/",
        }
        for old, new in swaps.items():
            assert old in text, f"deploy/nginx/top100.conf no longer has {old!r}: update tests/topology.py"
            text = text.replace(old, new)
        return text

    def start(self) -> None:
        binary = NGINX
        self.work.mkdir(parents=True, exist_ok=True)
        subprocess.run(
            [
                "openssl",
                "req",
                "-x509",
                "-newkey",
                "ec",
                "-pkeyopt",
                "ec_paramgen_curve:prime256v1",
                "-nodes",
                "-keyout",
                str(self.work / "key.pem"),
                "-out",
                str(self.work / "cert.pem"),
                "-days",
                "1",
                "-subj",
                "/CN=localhost",
            ],
            check=True,
            capture_output=True,
        )
        (self.work / "top100.conf").write_text(self.config())
        user = "user root root;" if os.geteuid() == 0 else ""
        (self.work / "nginx.conf").write_text(
            f"""{user}
worker_processes 1;
daemon off;
pid {self.work}/nginx.pid;
error_log {self.work}/error.log warn;
load_module {BROTLI_MODULE};
events {{ worker_connections 1024; }}
http {{
    include /etc/nginx/mime.types;
    default_type application/octet-stream;
    client_body_temp_path {self.work}/body;
    proxy_temp_path {self.work}/proxy;
    fastcgi_temp_path {self.work}/fastcgi;
    uwsgi_temp_path {self.work}/uwsgi;
    scgi_temp_path {self.work}/scgi;
    include {self.work}/top100.conf;
}}
"""
        )
        command = [
            binary,
            "-p",
            str(self.work),
            "-c",
            str(self.work / "nginx.conf"),
            "-e",
            str(self.work / "error.log"),
        ]
        checked = subprocess.run([*command, "-t"], capture_output=True, text=True)
        assert checked.returncode == 0, checked.stderr
        self.process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        for _ in range(100):
            with socket.socket() as probe:
                if probe.connect_ex(("127.0.0.1", self.port)) == 0:
                    return
            time.sleep(0.05)
        raise RuntimeError(f"nginx did not start: {(self.work / 'error.log').read_text()}")

    def stop(self) -> None:
        # SIGQUIT: nginx's graceful shutdown (SIGTERM would drop open connections).
        self.process = _stop(self.process, signal.SIGQUIT, 10)


def _stop(process: subprocess.Popen[bytes] | None, sig: signal.Signals, seconds: float) -> None:
    """Asks a server to stop with its own graceful signal, then kills it after ``seconds``."""
    if process is not None:
        process.send_signal(sig)
        try:
            process.wait(seconds)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(5)
