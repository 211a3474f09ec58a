"""gunicorn settings for the vote (``gunicorn -c python:voting.gunicorn_conf``), as deployed
behind nginx (deploy/, docs/deploy.md):

- gthread workers: a worker's threads share one process, and nginx hands gunicorn only
  whole, buffered requests, so a slow client holds nginx's memory, not a thread;
- timeouts that fit: a ballot waits at most voting.db.WAIT_SECONDS twice for the database
  and voting.limits.REDIS_TIMEOUT_SECONDS for Redis, well under the worker timeout; nginx
  keeps its connections to gunicorn open for less time than gunicorn does, so it never
  sends a request on a connection gunicorn is closing;
- the access log leaves out the client's address (and the Referer and User-Agent), so no
  raw IP reaches a log file;
- in-memory rate limits with several worker processes are refused before any worker
  starts (each process would count on its own and let every limit through N times)."""

from __future__ import annotations

import os
from typing import Any

from voting.limits import refuse_multiplied

worker_class = "gthread"
threads = 8
timeout = 30
graceful_timeout = 20
keepalive = 75  # nginx's upstream keepalive_timeout is 60 s (deploy/nginx/top100.conf)

accesslog = "-"
# time, request line, status, bytes, duration in seconds: nothing that names the client.
access_log_format = '%(t)s "%(r)s" %(s)s %(b)s %(L)s'


def on_starting(server: Any) -> None:
    refuse_multiplied(os.environ.get("RATELIMIT_STORAGE_URI", "memory://"), int(server.cfg.workers))
