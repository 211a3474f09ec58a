"""The server of `make run` (``python -m voting.localserver --port 8000``): the vote and the
built site on one origin, on the embedded SQLite, in one process.

Waitress reads each request whole (headers and body) on its event loop before a thread
takes it, and writes answers from there too, so slow clients hold no thread: with 50 of them
sending a byte now and then, the health check and the pages still answer at once
(tests/test_topology.py). In production nginx does that buffering in front of gunicorn
(docs/deploy.md). Waitress writes no access log, so no client address is logged.

What waitress refuses itself, before the app sees a request (a garbled request or header,
headers over its limit, a body over MAX_BODY, an unknown Transfer-Encoding), it answers on
/api/ with the service's own problem+json, as nginx does in production (voting/frontdoor.py);
elsewhere with its plain text."""

from __future__ import annotations

import argparse
import json
import logging
import re
from typing import Any

from waitress.channel import HTTPChannel  # type: ignore[import-untyped]
from waitress.parser import HTTPRequestParser  # type: ignore[import-untyped]
from waitress.server import MultiSocketServer, create_server  # type: ignore[import-untyped]
from waitress.task import ErrorTask  # type: ignore[import-untyped]

from . import create_app
from .problems import best_language, body
from .web import headers_for

THREADS = 8
# Enough for many slow clients at once, well under the default limit of 1,024 open files.
CONNECTION_LIMIT = 500
# A connection that sends nothing for this long is closed.
CHANNEL_TIMEOUT = 30
# A ballot or a verification is a few hundred bytes; the app refuses more than 4 KB itself.
MAX_BODY = 64 * 1024

# waitress's own refusals -> the service's problem for each
PROBLEMS = {400: "bad_request", 413: "too_large", 431: "headers_too_large", 501: "not_implemented"}
# A request line whose target is under /api/ (origin or absolute form), however it goes on.
API_REQUEST = re.compile(rb"\s*[!#$%&'*+\-.^_`|~0-9A-Za-z]+ +(?:[A-Za-z][A-Za-z0-9+.-]*://[^/ ]*)?/api/")
KEEP = 512  # bytes of a request's start kept to read its target from


class Parser(HTTPRequestParser):  # type: ignore[misc]
    """Keeps the start of the request: over the header limit waitress drops what it has read
    and parses "GET / HTTP/1.0" in its place, so its own path would always be /."""

    start = b""

    def received(self, data: bytes) -> int:
        if not self.completed and len(self.start) < KEEP:
            self.start += data[: KEEP - len(self.start)]
        consumed: int = super().received(data)
        return consumed


class ProblemTask(ErrorTask):  # type: ignore[misc]
    def execute(self) -> None:
        error = self.request.error
        code = PROBLEMS.get(error.code)
        if code is None or not API_REQUEST.match(getattr(self.request, "start", b"")):
            super().execute()
            return
        lang = best_language(self.request.headers.get("ACCEPT_LANGUAGE"))
        document = json.dumps(body(code, lang), ensure_ascii=False).encode()
        self.status = f"{error.code} {error.reason}"
        self.response_headers.extend(
            [
                ("Content-Type", "application/problem+json"),
                ("Content-Language", lang),
                ("Cache-Control", "no-store"),
                *headers_for("/api/").items(),
            ]
        )
        self.set_close_on_finish()
        self.content_length = len(document)
        self.write(document)


class Channel(HTTPChannel):  # type: ignore[misc]
    parser_class = Parser
    error_task_class = ProblemTask


def make_server(app: Any, **options: Any) -> Any:
    """waitress.create_server with the channel above on every listening socket."""
    server = create_server(app, **options)
    listeners = server.map.values() if isinstance(server, MultiSocketServer) else [server]
    for listener in listeners:
        if hasattr(listener, "channel_class"):
            listener.channel_class = Channel
    return server


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8000)
    args = parser.parse_args(argv)
    logging.basicConfig()  # what waitress.serve does: its warnings reach the terminal
    server = make_server(
        create_app(),
        host=args.host,
        port=args.port,
        threads=THREADS,
        connection_limit=CONNECTION_LIMIT,
        channel_timeout=CHANNEL_TIMEOUT,
        max_request_body_size=MAX_BODY,
        ident="top100",
    )
    server.print_listen("Serving on http://{}:{}")
    server.run()


if __name__ == "__main__":
    main()
