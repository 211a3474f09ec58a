"""device: an ALTCHA v2 proof of work (PBKDF2) buys one credential.

Challenges are deterministic (the server picks the counter the client must find) and carry
an HMAC of the derived key, so checking a solution costs two HMACs, not a key derivation.
Each accepted challenge is stored until it expires: a solution cannot be spent twice, on
any worker or instance, since they share the database."""

from __future__ import annotations

import base64
import datetime as dt
import json
import secrets
import time
from typing import Any

import altcha
from peewee import IntegrityError

from ..db import write_transaction
from ..identity import keyed
from ..models import SolvedChallenge
from . import Refused


def hmac_secrets(secret: str) -> tuple[str, str]:
    """The keys signing challenges and derived keys, both derived from the server secret."""
    return keyed(secret, "altcha-challenge"), keyed(secret, "altcha-key")


def challenge(
    secret: str, contest_id: str, *, algorithm: str, cost: int, max_counter: int, seconds: int
) -> dict[str, Any]:
    """A signed challenge for this contest, expiring after ``seconds`` (wall clock)."""
    challenge_secret, key_secret = hmac_secrets(secret)
    made = altcha.create_challenge(
        algorithm,
        cost,
        counter=secrets.randbelow(max(1, max_counter)),
        expires_at=int(time.time()) + seconds,
        data={"contest": contest_id},
        hmac_secret=challenge_secret,
        hmac_key_secret=key_secret,
    )
    data: dict[str, Any] = made.to_dict()
    return data


def verify(secret: str, contest_id: str, payload: str) -> str:
    """Check a solved challenge (base64 ALTCHA payload) and spend it; returns a fresh
    random value to make the voter key of."""
    challenge_secret, key_secret = hmac_secrets(secret)
    try:
        decoded = json.loads(base64.b64decode(payload, validate=True))
        parameters = decoded["challenge"]["parameters"]
        signature = str(decoded["challenge"]["signature"])
    except (ValueError, KeyError, TypeError):
        raise Refused("pow_invalid") from None
    result = altcha.verify_solution(payload, challenge_secret, hmac_key_secret=key_secret)
    if result.expired:
        raise Refused("pow_expired")
    if not result.verified or (parameters.get("data") or {}).get("contest") != contest_id:
        raise Refused("pow_invalid")
    expires = dt.datetime.fromtimestamp(int(parameters["expiresAt"]), dt.UTC).replace(tzinfo=None)
    try:
        with write_transaction():
            SolvedChallenge.create(signature=signature, contest=contest_id, expires_at=expires)
    except IntegrityError:
        raise Refused("pow_replayed") from None
    return secrets.token_hex(16)
