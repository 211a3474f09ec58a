"""Rate limits, per contest: strict per verified voter, generous per network (carrier NAT
puts thousands of honest voters behind one address; IPv6 is counted per /64, since one
machine holds a whole /64), and a ceiling per contest, so an attacker who fills one
contest's budget locks nobody out of another. Limiter keys are keyed hashes: the limiter's
storage (Redis in production) holds no raw address or credential."""

from __future__ import annotations

import math
import os
import re
import shlex
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, TypeVar

from flask import Flask, current_app, request
from flask_limiter import Limiter

from . import services
from .identity import credentials, keyed, network
from .settings import (
    LIMIT_EMAIL_PER_IP,
    LIMIT_PER_CONTEST,
    LIMIT_PER_IP,
    LIMIT_PER_VOTER,
    LIMIT_VERIFY_PER_IP,
    RATELIMIT_STORAGE_URI,
    SECRET_KEY,
)


def _secret() -> str:
    return str(current_app.config[SECRET_KEY])


def _contest() -> str:
    return str((request.view_args or {}).get("contest_id", ""))


def network_key() -> str:
    # remote_addr is the socket's address unless ProxyFix was configured for trusted proxies.
    return keyed(_secret(), "limit-net", _contest(), network(request.remote_addr or "", 32, 64))


def voter_key() -> str:
    return keyed(_secret(), "limit-voter", _contest(), credentials(current_app).peek(_contest()) or "")


def unverified() -> bool:
    """No valid credential: the view refuses it with 401 at once. Such requests count against
    their network and contest only; keyed by network here, they would let one carrier NAT's
    voters spend each other's per-voter budget before they even verify."""
    return credentials(current_app).peek(_contest()) is None


def contest_key() -> str:
    return keyed(_secret(), "limit-contest", _contest())


def _config(key: str) -> Callable[[], str]:
    return lambda: str(current_app.config[key])


@dataclass(frozen=True)
class Rule:
    """One limit: the setting holding its rate, whose budget it counts (key), the budget's
    name (scope), and when it does not apply."""

    setting: str
    key: Callable[[], str]
    scope: str
    exempt: Callable[[], bool] | None = None


# Scopes are per endpoint, so the verification steps and the ballots draw on separate budgets.
BALLOT = (
    Rule(LIMIT_PER_VOTER, voter_key, "ballot-voter", unverified),
    Rule(LIMIT_PER_IP, network_key, "ballot-net"),
    Rule(LIMIT_PER_CONTEST, contest_key, "ballot-contest"),
)
CREDENTIAL = (
    Rule(LIMIT_VERIFY_PER_IP, network_key, "credential-net"),
    Rule(LIMIT_PER_CONTEST, contest_key, "credential-contest"),
)
CHALLENGE = (
    Rule(LIMIT_VERIFY_PER_IP, network_key, "challenge-net"),
    Rule(LIMIT_PER_CONTEST, contest_key, "challenge-contest"),
)
EMAIL = (Rule(LIMIT_EMAIL_PER_IP, network_key, "email-net"),)

View = TypeVar("View", bound=Callable[..., Any])
_RULES = "_top100_limits"


def limited(*rules: Rule) -> Callable[[View], View]:
    """Declares a view's limits on its route. The limiter is made per app (its storage is
    per Limiter instance, and tests run many apps in one process), so init_app hands these
    to that app's ``limiter.limit`` when it binds."""

    def declare(view: View) -> View:
        setattr(view, _RULES, rules)
        return view

    return declare


# A stopped or hung Redis must not hold a worker's thread: every call to it gives up after
# this long, and the ballot gets 503 with Retry-After (fail closed) while reads go on. A
# ballot may meet the timeout twice (a pooled connection's read, then a fresh connect), and
# the promise is an answer within 2 s; Redis itself answers in well under a millisecond.
REDIS_TIMEOUT_SECONDS = 0.5


def storage_options(uri: str) -> dict[str, Any]:
    # wrap_exceptions: any failure of the storage reaches the app as limits' StorageError,
    # whatever the backend's own exception classes (voting/__init__.py answers it with 503).
    if uri.startswith(("redis", "rediss", "valkey")):
        return {
            "socket_timeout": REDIS_TIMEOUT_SECONDS,
            "socket_connect_timeout": REDIS_TIMEOUT_SECONDS,
            "wrap_exceptions": True,
        }
    return {"wrap_exceptions": True}


def retry_after() -> int:
    limiter = services.of().limiter
    current = limiter.current_limit
    if current is None:
        return 60
    # reset_at is in whole seconds; never ask for more than one window.
    return max(1, min(current.limit.get_expiry(), math.ceil(current.reset_at - time.time())))


def worker_count(environ: dict[str, str] | None = None) -> int:
    """How many worker processes the server was told to start, as far as the environment
    says (WEB_CONCURRENCY, or --workers/-w in GUNICORN_CMD_ARGS); 1 when it does not."""
    env = os.environ if environ is None else environ
    counts = [env.get("WEB_CONCURRENCY", "")]
    args = shlex.split(env.get("GUNICORN_CMD_ARGS", ""))
    for index, arg in enumerate(args):
        if arg in {"-w", "--workers"} and index + 1 < len(args):
            counts.append(args[index + 1])
        elif match := re.fullmatch(r"(?:--workers=|-w)(\d+)", arg):
            counts.append(match.group(1))
    return max([int(c) for c in counts if c.strip().isdigit()] or [1])


def refuse_multiplied(storage_uri: str, workers: int) -> None:
    """In-memory limits live in each process: N workers would let N times each limit
    through. Refuse to start instead of silently multiplying."""
    if storage_uri.startswith("memory://") and workers > 1:
        raise RuntimeError(
            f"refusing to start: RATELIMIT_STORAGE_URI is {storage_uri} but {workers} worker processes "
            "are configured; each would count on its own and let every limit through "
            f"{workers} times. Use one worker (with threads), or a shared storage such as "
            "RATELIMIT_STORAGE_URI=redis://127.0.0.1:6379"
        )


def init_app(app: Flask) -> Limiter:
    """A limiter for this app (explicit storage URI), limiting only the vote's endpoints:
    reads keep working even when the limiter's storage is down."""
    refuse_multiplied(app.config[RATELIMIT_STORAGE_URI], worker_count())
    limiter = Limiter(
        key_func=network_key,
        storage_uri=app.config[RATELIMIT_STORAGE_URI],
        storage_options=storage_options(app.config[RATELIMIT_STORAGE_URI]),
        # X-RateLimit-* headers would cost two more storage round trips per ballot; a 429
        # carries Retry-After from our own handler.
        headers_enabled=False,
        swallow_errors=False,  # fail closed: a storage error reaches the error handler as 503
        in_memory_fallback_enabled=False,
    )
    limiter.init_app(app)
    for endpoint, declared in list(app.view_functions.items()):
        view: Any = declared
        for rule in getattr(declared, _RULES, ()):
            view = limiter.limit(
                _config(rule.setting), key_func=rule.key, scope=rule.scope, exempt_when=rule.exempt
            )(view)
        app.view_functions[endpoint] = view
    return limiter
