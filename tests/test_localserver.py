"""`make run`'s server (voting.localserver, waitress) refuses some requests itself, before
the app sees them; on /api/ those answers are the service's problem+json, like the app's own
and like nginx's in production. Raw sockets against the real server."""

from __future__ import annotations

import json
import socket
from collections.abc import Iterator

import pytest
from waitress.adjustments import Adjustments  # type: ignore[import-untyped]

from benchmarks.topology import answer, service_env
from voting.localserver import MAX_BODY
from voting.problems import body

from .voting_fixtures import local_server

HEALTH = "/api/v1/health"
HEADER_LIMIT = Adjustments.max_request_header_size  # 256 KB: localserver leaves the default
BALLOTS = "/api/v1/contests/2026-almaty-city-regional/ballots"


@pytest.fixture(scope="module")
def port(tmp_path_factory: pytest.TempPathFactory) -> Iterator[int]:
    work = tmp_path_factory.mktemp("localserver")
    with local_server(work, service_env(work, None, "memory://")) as number:
        yield number


def exchange(port: int, *parts: bytes) -> tuple[int, dict[str, str], bytes]:
    """Send the raw bytes, then read until the server closes (it does after refusing)."""
    with socket.create_connection(("127.0.0.1", port), timeout=10) as sock:
        try:
            for part in parts:
                sock.sendall(part)
        except OSError:  # it may refuse and close before the last part
            pass
        data = b""
        while chunk := sock.recv(65536):
            data += chunk
    head, _, content = data.partition(b"\r\n\r\n")
    status_line, *lines = head.decode("latin-1").split("\r\n")
    headers = {name.lower(): value.strip() for name, _, value in (line.partition(":") for line in lines)}
    return int(status_line.split()[1]), headers, content


def problem(port: int, status: int, code: str, lang: str, *parts: bytes) -> dict[str, str]:
    got, headers, content = exchange(port, *parts)
    assert got == status, content
    assert headers["content-type"] == "application/problem+json"
    assert headers["content-language"] == lang and headers["connection"] == "close"
    assert int(headers["content-length"]) == len(content)
    assert json.loads(content) == body(code, lang)
    assert headers["x-content-type-options"] == "nosniff" and headers["cache-control"] == "no-store"
    return headers


def test_a_garbled_header_on_the_api_is_a_problem(port: int) -> None:
    raw = f"GET {HEALTH} HTTP/1.1\r\nHost: x\r\nAccept-Language: ru\r\nno colon here\r\n\r\n"
    problem(port, 400, "bad_request", "ru", raw.encode())
    absolute = f"GET http://x{HEALTH} HTTP/1.1\r\nHost: x\r\nAccept-Language: kk\r\nbad\r\n\r\n"
    problem(port, 400, "bad_request", "kk", absolute.encode())
    # The site's pages keep waitress's plain text, and so does a request with no target.
    for raw in (b"GET / HTTP/1.1\r\nHost: x\r\nbad\r\n\r\n", b"\x16\x03\x01\x02\x00\x01\r\n\r\n"):
        status, headers, content = exchange(port, raw)
        assert status == 400 and headers["content-type"].startswith("text/plain"), content


def test_a_declared_body_over_the_limit_is_a_problem(port: int) -> None:
    raw = (
        f"POST {BALLOTS} HTTP/1.1\r\nHost: x\r\nAccept-Language: en-GB,en;q=0.9\r\n"
        f"Content-Type: application/json\r\nContent-Length: {MAX_BODY + 1}\r\n\r\n"
    )
    problem(port, 413, "too_large", "en", raw.encode())


def test_a_chunked_body_over_the_limit_is_a_problem(port: int) -> None:
    head = f"POST {BALLOTS} HTTP/1.1\r\nHost: x\r\nAccept-Language: kk\r\nTransfer-Encoding: chunked\r\n\r\n"
    problem(port, 413, "too_large", "kk", head.encode(), *chunks(MAX_BODY))


def chunks(total: int, size: int = 0x2000) -> list[bytes]:
    """Chunks of exactly ``total`` bytes with their framing: waitress counts the framing too,
    and its limit is reached with the very last byte, so nothing is left unread when it
    closes (unread bytes would make the kernel reset the connection, answer and all)."""
    framed: list[bytes] = []
    while total:
        frame = len(f"{size:x}\r\n\r\n")
        data = min(size, total - frame)
        data = next(n for n in range(data, 0, -1) if len(f"{n:x}\r\n\r\n") + n <= total)
        framed.append(f"{data:x}\r\n".encode() + b"a" * data + b"\r\n")
        total -= len(framed[-1])
    return framed


def test_headers_over_the_limit_are_a_problem(port: int) -> None:
    # waitress's limit is 256 KB of request line and headers, reached here with the last byte
    # sent (see chunks); its parser drops the headers, the language with them.
    start = f"GET {HEALTH} HTTP/1.1\r\nHost: x\r\nX-Big: ".encode()
    problem(port, 431, "headers_too_large", "en", start + b"a" * (HEADER_LIMIT - len(start)))


def test_an_unknown_transfer_encoding_is_a_problem(port: int) -> None:
    raw = f"POST {BALLOTS} HTTP/1.1\r\nHost: x\r\nAccept-Language: ru\r\nTransfer-Encoding: gzip\r\n\r\n"
    problem(port, 501, "not_implemented", "ru", raw.encode())


def test_the_app_still_answers_after_the_refusals(port: int) -> None:
    status, headers, content, _ = answer(port, "GET", HEALTH)
    assert status == 200 and json.loads(content) == {"status": "ok"}
    # Under waitress's limit, the app's own 413 (it takes 4 KB) is the same problem.
    status, headers, content, _ = answer(port, "POST", BALLOTS, body=b"{" + b" " * 10_000 + b"}")
    assert status == 413 and headers["content-type"] == "application/problem+json"
    assert json.loads(content) == body("too_large", "en")
