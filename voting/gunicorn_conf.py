"""gunicorn settings for the vote (``gunicorn -c python:voting.gunicorn_conf``):

- the access log leaves out the client's address (and the Referer and User-Agent), so no
  raw IP reaches a log file;
- in-memory rate limits with several worker processes are refused before any worker
  starts (each process would count on its own and let every limit through N times)."""

from __future__ import annotations

import os
from typing import Any

from voting.limits import refuse_multiplied

accesslog = "-"
# time, request line, status, bytes, duration in seconds: nothing that names the client.
access_log_format = '%(t)s "%(r)s" %(s)s %(b)s %(L)s'


def on_starting(server: Any) -> None:
    refuse_multiplied(os.environ.get("RATELIMIT_STORAGE_URI", "memory://"), int(server.cfg.workers))
