"""telegram: data of the Telegram Login Widget, checked on the server as Telegram
specifies: HMAC-SHA256 of the data-check-string (every field but ``hash``, sorted, as
``key=value`` lines) keyed with SHA-256 of the bot token; ``auth_date`` no older than
``max_age`` seconds."""

from __future__ import annotations

import hashlib
import hmac
from typing import Any

from . import Refused

FIELDS = {"id", "first_name", "last_name", "username", "photo_url", "auth_date", "hash"}


def check_string(data: dict[str, Any]) -> str:
    return "\n".join(f"{key}={data[key]}" for key in sorted(data) if key != "hash")


def sign(data: dict[str, Any], token: str) -> str:
    key = hashlib.sha256(token.encode()).digest()
    return hmac.new(key, check_string(data).encode(), hashlib.sha256).hexdigest()


def verify(data: Any, token: str, now: float, max_age: int) -> str:
    """The Telegram user id of verified login data, or Refused."""
    if (
        not isinstance(data, dict)
        or not set(data) <= FIELDS
        or not {"id", "auth_date", "hash"} <= set(data)
        or not all(isinstance(v, str | int) and not isinstance(v, bool) for v in data.values())
    ):
        raise Refused("telegram_invalid")
    if not hmac.compare_digest(sign(data, token), str(data["hash"])):
        raise Refused("telegram_invalid")
    try:
        age = now - int(data["auth_date"])
    except ValueError:
        raise Refused("telegram_invalid") from None
    if not 0 <= age <= max_age:
        raise Refused("telegram_expired")
    return str(data["id"])
