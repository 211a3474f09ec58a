"""Who is voting. Today a voter is a server-issued, signed token in a cookie; stronger
verification can replace ``CookieVoters`` without touching the rest: the API only asks for
a stable opaque id and turns it into per-contest keyed hashes."""

from __future__ import annotations

import hashlib
import hmac
import secrets
from typing import Protocol

from flask import Flask, Response, g, request
from itsdangerous import BadSignature, URLSafeSerializer

from .settings import COOKIE_SECURE, SECRET_KEY

COOKIE = "t100_voter"
COOKIE_AGE = 400 * 24 * 3600  # the longest browsers keep a cookie


class Voters(Protocol):
    def voter_id(self) -> str:
        """An opaque id for the voter behind this request (made on first contact)."""


def keyed(secret: str, purpose: str, *parts: str) -> str:
    """HMAC-SHA256 with the server secret: what is stored instead of a raw value."""
    message = "\x1f".join((purpose, *parts)).encode()
    return hmac.new(secret.encode(), message, hashlib.sha256).hexdigest()


class CookieVoters:
    def __init__(self, app: Flask) -> None:
        self.app = app
        self.signer = URLSafeSerializer(app.config[SECRET_KEY], salt="top100-voter")
        app.after_request(self._set_cookie)

    def voter_id(self) -> str:
        if "voter_id" not in g:
            token = request.cookies.get(COOKIE, "")
            try:
                g.voter_id = str(self.signer.loads(token))
            except BadSignature:
                g.voter_id = secrets.token_urlsafe(18)
                g.voter_new = True
        return str(g.voter_id)

    def contest_key(self, contest_id: str) -> str:
        """The voter as stored for one contest: nothing links it to other contests."""
        return keyed(self.app.config[SECRET_KEY], "voter", contest_id, self.voter_id())

    def _set_cookie(self, response: Response) -> Response:
        if request.path.startswith("/api/") and (g.get("voter_new") or COOKIE not in request.cookies):
            secure = self.app.config[COOKIE_SECURE]
            if secure is None:
                secure = request.host.split(":")[0] not in {"localhost", "127.0.0.1", "[::1]"}
            response.set_cookie(
                COOKIE,
                self.signer.dumps(self.voter_id()),
                max_age=COOKIE_AGE,
                httponly=True,
                samesite="Lax",
                secure=secure,
                path="/api/",
            )
        return response
