"""The server of `make run` (``python -m voting.localserver --port 8000``): the vote and the
built site on one origin, on the embedded SQLite, in one process.

Waitress reads each request whole (headers and body) on its event loop before a thread
takes it, and writes answers from there too, so slow clients hold no thread: with 50 of them
sending a byte now and then, the health check and the pages still answer at once
(tests/test_topology.py). In production nginx does that buffering in front of gunicorn
(docs/deploy.md). Waitress writes no access log, so no client address is logged."""

from __future__ import annotations

import argparse

from waitress import serve  # type: ignore[import-untyped]

from . import create_app

THREADS = 8
# Enough for many slow clients at once, well under the default limit of 1,024 open files.
CONNECTION_LIMIT = 500
# A connection that sends nothing for this long is closed.
CHANNEL_TIMEOUT = 30
# A ballot or a verification is a few hundred bytes; the app refuses more than 4 KB itself.
MAX_BODY = 64 * 1024


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8000)
    args = parser.parse_args(argv)
    serve(
        create_app(),
        host=args.host,
        port=args.port,
        threads=THREADS,
        connection_limit=CONNECTION_LIMIT,
        channel_timeout=CHANNEL_TIMEOUT,
        max_request_body_size=MAX_BODY,
        ident="top100",
    )


if __name__ == "__main__":
    main()
