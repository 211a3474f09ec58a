"""gunicorn settings for the vote (``gunicorn -c python:voting.gunicorn_conf``), as deployed
behind nginx (deploy/, docs/deploy.md):

- gthread workers: a worker's threads share one process, and nginx hands gunicorn only
  whole, buffered requests, so a slow client holds nginx's memory, not a thread;
- timeouts that fit: a ballot waits at most voting.db.WAIT_SECONDS twice for the database
  and voting.limits.REDIS_TIMEOUT_SECONDS for Redis, well under the worker timeout; nginx
  keeps its connections to gunicorn open for less time than gunicorn does, so it never
  sends a request on a connection gunicorn is closing;
- logs are JSON lines (voting/logs.py); the access log leaves out the client's address,
  the query string, the Referer and the User-Agent, so no raw IP reaches a log file;
- with PROMETHEUS_MULTIPROC_DIR set, /metrics adds up every worker's values (voting/metrics.py);
- in-memory rate limits with several worker processes are refused before any worker
  starts (each process would count on its own and let every limit through N times)."""

from __future__ import annotations

import os
from typing import Any

from voting.limits import refuse_multiplied
from voting.logs import gunicorn_config

worker_class = "gthread"
threads = 8
timeout = 30
graceful_timeout = 20
keepalive = 75  # nginx's upstream keepalive_timeout is 60 s (deploy/nginx/top100.conf)

accesslog = "-"
# Plain-text fallback if the JSON configuration is replaced: nothing that names the client.
access_log_format = '%(t)s "%(r)s" %(s)s %(b)s %(L)s'
logconfig_dict = gunicorn_config()


def on_starting(server: Any) -> None:
    refuse_multiplied(os.environ.get("RATELIMIT_STORAGE_URI", "memory://"), int(server.cfg.workers))


def child_exit(server: Any, worker: Any) -> None:
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        from prometheus_client import multiprocess

        multiprocess.mark_process_dead(worker.pid)  # type: ignore[no-untyped-call]
