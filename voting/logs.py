"""Structured logs: one JSON object a line, for the service's own messages and gunicorn's
access log alike, with nothing that identifies a voter. An access line keeps the method,
the path (receipt codes and other long hashes cut to ``<hash>``), the status, the bytes
and the duration: never the client's address, query string, Referer or User-Agent.

``gunicorn -c python:voting.gunicorn_conf`` uses it (``logconfig_dict``); ``make run`` keeps
plain text on the terminal."""

from __future__ import annotations

import datetime as dt
import json
import logging
import re
from typing import Any

from flask import has_request_context, request

_HASH = re.compile(r"[0-9a-fA-F]{32,}")


def _path(path: str) -> str:
    return _HASH.sub("<hash>", path)


class JSONFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        data: dict[str, Any] = {
            "time": dt.datetime.fromtimestamp(record.created, dt.UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname.lower(),
            "logger": record.name,
        }
        if record.name == "gunicorn.access" and isinstance(record.args, dict):
            atoms = record.args
            data.update(
                message="request",
                method=atoms.get("m"),
                path=_path(str(atoms.get("U") or "")),
                status=int(atoms.get("s") or 0),
                bytes=int(atoms.get("B") or 0),
                seconds=round(int(atoms.get("D") or 0) / 1e6, 6),
            )
        else:
            data["message"] = record.getMessage()
            if has_request_context():
                rule = request.url_rule.rule if request.url_rule is not None else None
                data["request"] = {"method": request.method, "route": rule, "endpoint": request.endpoint}
        if record.exc_info and record.exc_info[0] is not None:
            data["error"] = record.exc_info[0].__name__
            data["traceback"] = self.formatException(record.exc_info)
        return json.dumps(data, ensure_ascii=False)


def gunicorn_config() -> dict[str, Any]:
    """gunicorn's ``logconfig_dict``: its error and access logs, and the app's loggers
    (through the root), all as JSON lines on standard error and output."""
    handler = {"class": "logging.StreamHandler", "formatter": "json"}
    return {
        "version": 1,
        "disable_existing_loggers": False,
        "formatters": {"json": {"()": JSONFormatter}},
        "handlers": {
            "error": {**handler, "stream": "ext://sys.stderr"},
            "access": {**handler, "stream": "ext://sys.stdout"},
        },
        "root": {"level": "INFO", "handlers": ["error"]},
        "loggers": {
            "gunicorn.error": {"level": "INFO", "handlers": ["error"], "propagate": False},
            "gunicorn.access": {"level": "INFO", "handlers": ["access"], "propagate": False},
        },
    }
