"""Rate limits: strict per voter, generous per IP (carrier NAT puts thousands of honest
voters behind one address), and a global ceiling. Limiter keys are keyed hashes, so the
limiter's storage (Redis in production) holds no raw IP address or token either."""

from __future__ import annotations

import math
import time
from typing import Any

from flask import Flask, current_app, request
from flask_limiter import Limiter

from .identity import keyed
from .settings import LIMIT_GLOBAL, LIMIT_PER_IP, LIMIT_PER_VOTER, RATELIMIT_STORAGE_URI, SECRET_KEY

BALLOT_ENDPOINT = "api.cast_ballot"


def _secret() -> str:
    return str(current_app.config[SECRET_KEY])


def ip_key() -> str:
    # remote_addr is the socket's address unless ProxyFix was configured for trusted proxies.
    return keyed(_secret(), "limit-ip", request.remote_addr or "")


def voter_key() -> str:
    return keyed(_secret(), "limit-voter", current_app.extensions["top100_voters"].voter_id())


def retry_after() -> int:
    limiter: Limiter = current_app.extensions["top100_limiter"]
    current = limiter.current_limit
    if current is None:
        return 60
    # reset_at is in whole seconds; never ask for more than one window.
    return max(1, min(current.limit.get_expiry(), math.ceil(current.reset_at - time.time())))


def init_app(app: Flask) -> Limiter:
    """A limiter for this app (explicit storage URI), limiting only the ballot endpoint:
    reads keep working even when the limiter's storage is down."""
    limiter = Limiter(
        key_func=ip_key,
        storage_uri=app.config[RATELIMIT_STORAGE_URI],
        # X-RateLimit-* headers would cost two more storage round trips per ballot; a 429
        # carries Retry-After from our own handler.
        headers_enabled=False,
        swallow_errors=False,  # fail closed: a storage error reaches the error handler as 503
        in_memory_fallback_enabled=False,
    )
    limiter.init_app(app)
    view: Any = app.view_functions[BALLOT_ENDPOINT]
    view = limiter.limit(
        lambda: current_app.config[LIMIT_PER_VOTER], key_func=voter_key, scope="ballot-voter"
    )(view)
    view = limiter.limit(lambda: current_app.config[LIMIT_PER_IP], key_func=ip_key, scope="ballot-ip")(view)
    view = limiter.limit(
        lambda: current_app.config[LIMIT_GLOBAL], key_func=lambda: "all", scope="ballot-global"
    )(view)
    app.view_functions[BALLOT_ENDPOINT] = view
    app.extensions["top100_limiter"] = limiter
    return limiter
