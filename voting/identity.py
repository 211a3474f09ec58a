"""Who is voting, behind one small interface. A voter proves who they are once per contest,
by that contest's method (voting/verification/), and gets a *credential*: a signed token
naming the contest, the method and an opaque voter key. The ballot endpoint only asks
``Credentials.read(contest_id, method)`` and stores a per-contest keyed hash of the key.

Voter keys are keyed hashes too (of an e-mail address, a Telegram id, an access code, or
a random value for a solved proof of work), so neither the token nor the database holds a
raw address or id."""

from __future__ import annotations

import hashlib
import hmac
import ipaddress
from dataclasses import dataclass

from flask import Flask, Response, g, request
from itsdangerous import BadSignature, SignatureExpired, URLSafeTimedSerializer

from .settings import COOKIE_SECURE, CREDENTIAL_SECONDS, SECRET_KEY

COOKIE_PREFIX = "t100_voter_"  # + contest id; the cookie's path is that contest's API
HEADER = "Authorization"  # "Bearer <credential>" for API clients


def keyed(secret: str, purpose: str, *parts: str) -> str:
    """HMAC-SHA256 with the server secret: what is stored instead of a raw value."""
    message = "\x1f".join((purpose, *parts)).encode()
    return hmac.new(secret.encode(), message, hashlib.sha256).hexdigest()


def network(address: str, v4_prefix: int, v6_prefix: int) -> str:
    """The network an address belongs to, as text ("198.51.100.0/24"): what limits and
    anomaly counts group by, since a carrier or an attacker holds a block, not one address."""
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return address
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped:
        ip = ip.ipv4_mapped
    prefix = v4_prefix if ip.version == 4 else v6_prefix
    return str(ipaddress.ip_network(f"{ip}/{prefix}", strict=False))


class CredentialError(Exception):
    """``code`` names the problem: credential_required, credential_invalid, credential_other_contest."""

    def __init__(self, code: str) -> None:
        super().__init__(code)
        self.code = code


@dataclass(frozen=True)
class Voter:
    contest: str
    method: str
    key: str  # opaque, already a keyed hash


class Credentials:
    """Issues and reads per-contest voter credentials (HttpOnly cookie, or a bearer header)."""

    def __init__(self, app: Flask) -> None:
        self.secret = str(app.config[SECRET_KEY])
        self.max_age = int(app.config[CREDENTIAL_SECONDS])
        self.secure = app.config[COOKIE_SECURE]
        self.signer = URLSafeTimedSerializer(self.secret, salt="top100-credential")

    def voter_key(self, method: str, value: str) -> str:
        """The voter key for a verified value (normalised address, Telegram id, code...)."""
        return keyed(self.secret, f"voter-{method}", value)

    def network_hash(self, address: str | None) -> str:
        """The sender's network as stored for anomaly counts (IPv4 /24, IPv6 /48), keyed."""
        return keyed(self.secret, "network", network(address or "", 24, 48))

    def ballot_key(self, voter: Voter) -> str:
        """The voter as stored with a ballot: nothing links it to other contests."""
        return keyed(self.secret, "voter", voter.contest, voter.key)

    def encode(self, voter: Voter) -> str:
        """The signed credential naming this voter (what the cookie or bearer header holds)."""
        return str(self.signer.dumps({"c": voter.contest, "m": voter.method, "v": voter.key}))

    def issue(self, response: Response, voter: Voter) -> str:
        token = self.encode(voter)
        secure = self.secure
        if secure is None:
            secure = request.host.split(":")[0] not in {"localhost", "127.0.0.1", "[::1]"}
        response.set_cookie(
            COOKIE_PREFIX + voter.contest,
            token,
            max_age=self.max_age,
            httponly=True,
            samesite="Lax",
            secure=secure,
            path=f"/api/v1/contests/{voter.contest}/",
        )
        return token

    def token(self, contest_id: str) -> str:
        header = request.headers.get(HEADER, "")
        if header.startswith("Bearer "):
            return header[len("Bearer ") :].strip()
        return request.cookies.get(COOKIE_PREFIX + contest_id, "")

    def _decode(self, contest_id: str) -> dict[str, str] | None:
        """The credential's fields, or None when it is missing, forged or expired; decoded
        once per request (the limiter and the view both ask)."""
        cache: dict[str, dict[str, str] | None] = g.setdefault("top100_credentials", {})
        if contest_id not in cache:
            try:
                data = self.signer.loads(self.token(contest_id), max_age=self.max_age)
            except (SignatureExpired, BadSignature):
                data = None
            valid = isinstance(data, dict) and all(isinstance(data.get(k), str) for k in "cmv")
            cache[contest_id] = data if valid else None
        return cache[contest_id]

    def read(self, contest_id: str, method: str) -> Voter:
        """The verified voter of this request for this contest, or CredentialError."""
        if not self.token(contest_id):
            raise CredentialError("credential_required")
        data = self._decode(contest_id)
        if data is None:
            raise CredentialError("credential_invalid")
        if data["c"] != contest_id or data["m"] != method:
            raise CredentialError("credential_other_contest")
        return Voter(contest=data["c"], method=data["m"], key=data["v"])

    def peek(self, contest_id: str) -> str | None:
        """The voter key of a valid credential, for rate limiting, without raising."""
        data = self._decode(contest_id)
        return data["v"] if data else None


def credentials(app: Flask) -> Credentials:
    from . import services

    return services.of(app).credentials


def init_app(app: Flask) -> Credentials:
    return Credentials(app)
