"""Hostile input never reaches a 5xx: JSON nested past what the parser can recurse into,
chunked bodies past MAX_CONTENT_LENGTH, and the server's own 400/405/431 answered like
every other refusal (problem+json on /api/, with ``Allow`` on a 405)."""

from __future__ import annotations

import io
from collections.abc import Callable, Iterable
from typing import Any

from flask import Flask
from flask.json.provider import DefaultJSONProvider

# Nothing the API accepts nests deeper than 2 levels; 32 leaves room without letting a 4 KB
# body of "[[[[..." exhaust the parser's recursion (RecursionError, a 500 before this).
MAX_JSON_DEPTH = 32


def _depth_exceeds(text: str | bytes, limit: int) -> bool:
    """Whether brackets outside strings nest deeper than ``limit`` (a linear scan)."""
    data = text.encode() if isinstance(text, str) else text
    depth, in_string, escaped = 0, False, False
    for byte in data:
        if in_string:
            if escaped:
                escaped = False
            elif byte == 0x5C:  # backslash
                escaped = True
            elif byte == 0x22:  # quote
                in_string = False
        elif byte == 0x22:
            in_string = True
        elif byte in (0x5B, 0x7B):  # [ {
            depth += 1
            if depth > limit:
                return True
        elif byte in (0x5D, 0x7D):
            depth -= 1
    return False


class BoundedJSONProvider(DefaultJSONProvider):
    """Flask's JSON, refusing too-deep documents as invalid JSON (ValueError): request
    parsing then answers them the way it answers any malformed body (422)."""

    def loads(self, s: str | bytes, **kwargs: Any) -> Any:
        if _depth_exceeds(s, MAX_JSON_DEPTH):
            raise ValueError(f"JSON nested deeper than {MAX_JSON_DEPTH} levels")
        return super().loads(s, **kwargs)


WSGIApp = Callable[[dict[str, Any], Callable[..., Any]], Iterable[bytes]]


class BoundedBody:
    """A chunked body (no Content-Length) read by a server that ends the stream itself
    (gunicorn sets ``wsgi.input_terminated``) is cut at MAX_CONTENT_LENGTH by werkzeug
    without a word, so a 10 MB body reached the view as 4 KB of broken JSON (422). This
    reads at most one byte more than the limit and hands the app a body of known length:
    werkzeug then refuses an oversized one with 413 like any other."""

    def __init__(self, app: WSGIApp, limit: Callable[[], int | None]) -> None:
        self.app, self.limit = app, limit

    def __call__(self, environ: dict[str, Any], start_response: Callable[..., Any]) -> Iterable[bytes]:
        limit = self.limit()
        if limit is not None and environ.get("wsgi.input_terminated") and not environ.get("CONTENT_LENGTH"):
            data = environ["wsgi.input"].read(limit + 1)
            environ["wsgi.input"] = io.BytesIO(data)
            environ["CONTENT_LENGTH"] = str(len(data))
            environ.pop("HTTP_TRANSFER_ENCODING", None)
        return self.app(environ, start_response)


def init_app(app: Flask) -> None:
    app.json = BoundedJSONProvider(app)
    app.json.sort_keys = False
    app.json.ensure_ascii = False
    app.wsgi_app = BoundedBody(  # type: ignore[method-assign]
        app.wsgi_app, lambda: app.config.get("MAX_CONTENT_LENGTH")
    )
