"""Configuration keys (as constants), their defaults, and the secret's rules."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from flask import Flask

from site_builder.democlock import DemoClock, demo_date

DEFAULT_SECRET = "dev-only-not-secret"

SECRET_KEY = "SECRET_KEY"
DATABASE_URL = "DATABASE_URL"
RATELIMIT_STORAGE_URI = "RATELIMIT_STORAGE_URI"
LIMIT_PER_VOTER = "TOP100_LIMIT_PER_VOTER"
LIMIT_PER_IP = "TOP100_LIMIT_PER_IP"
LIMIT_GLOBAL = "TOP100_LIMIT_GLOBAL"
TRUSTED_PROXIES = "TOP100_TRUSTED_PROXIES"
CORS_ORIGINS = "TOP100_CORS_ORIGINS"
CONTENT_DIR = "TOP100_CONTENT_DIR"
SITE_DIR = "TOP100_SITE_DIR"
RESULTS_CACHE_SECONDS = "TOP100_RESULTS_CACHE_SECONDS"
# How long a worker keeps a contest's candidate list; a candidate withdrawn by an import can
# still receive ballots in a running worker for at most this long.
CANDIDATES_CACHE_SECONDS = "TOP100_CANDIDATES_CACHE_SECONDS"
COOKIE_SECURE = "TOP100_COOKIE_SECURE"  # None: Secure everywhere but on localhost
CLOCK = "TOP100_CLOCK"  # a callable returning an aware datetime; tests fix it
LEDGER_KEY_FILE = "TOP100_LEDGER_KEY_FILE"  # the Ed25519 key that signs checkpoints
CHECKPOINT_SECONDS = "TOP100_CHECKPOINT_SECONDS"  # the longest a ballot goes unsigned

DEFAULTS: dict[str, Any] = {
    SECRET_KEY: DEFAULT_SECRET,
    RATELIMIT_STORAGE_URI: "memory://",
    # One voter casts one ballot per contest, so a few requests a minute is plenty; one
    # carrier IP can carry thousands of honest voters; the global ceiling protects the server.
    LIMIT_PER_VOTER: "10 per minute",
    LIMIT_PER_IP: "3000 per minute",
    LIMIT_GLOBAL: "20000 per minute",
    TRUSTED_PROXIES: 0,
    CORS_ORIGINS: [],
    CONTENT_DIR: "content",
    SITE_DIR: None,
    RESULTS_CACHE_SECONDS: 5,
    CANDIDATES_CACHE_SECONDS: 2,
    COOKIE_SECURE: None,
    CHECKPOINT_SECONDS: 60,
    "MAX_CONTENT_LENGTH": 4 * 1024,
    "JSON_SORT_KEYS": False,
}

# Environment variables read at start-up (strings); the ones holding numbers are converted.
_FROM_ENV = {
    SECRET_KEY: "TOP100_SECRET_KEY",
    DATABASE_URL: "DATABASE_URL",
    RATELIMIT_STORAGE_URI: "RATELIMIT_STORAGE_URI",
    LIMIT_PER_VOTER: LIMIT_PER_VOTER,
    LIMIT_PER_IP: LIMIT_PER_IP,
    LIMIT_GLOBAL: LIMIT_GLOBAL,
    TRUSTED_PROXIES: TRUSTED_PROXIES,
    CORS_ORIGINS: CORS_ORIGINS,
    CONTENT_DIR: CONTENT_DIR,
    SITE_DIR: SITE_DIR,
    LEDGER_KEY_FILE: LEDGER_KEY_FILE,
    CHECKPOINT_SECONDS: CHECKPOINT_SECONDS,
}


def load(app: Flask, test_config: dict[str, Any] | None) -> None:
    app.config.update(DEFAULTS)
    if test_config is not None:
        app.config.update(test_config)
    else:
        for key, variable in _FROM_ENV.items():
            if variable in os.environ:
                app.config[key] = os.environ[variable]
        secret_file = os.environ.get("TOP100_SECRET_KEY_FILE")
        if secret_file:
            app.config[SECRET_KEY] = Path(secret_file).read_text(encoding="utf-8").strip()
        day = demo_date()  # TOP100_DEMO_DATE: `make run` shows the demo on its own calendar
        if day is not None:
            app.config[CLOCK] = DemoClock(day)
    if isinstance(app.config[CORS_ORIGINS], str):
        app.config[CORS_ORIGINS] = [o.strip() for o in app.config[CORS_ORIGINS].split(",") if o.strip()]
    app.config[TRUSTED_PROXIES] = int(app.config[TRUSTED_PROXIES])
    try:
        seconds = float(app.config[CHECKPOINT_SECONDS])
    except ValueError:
        seconds = 0
    if not seconds > 0:
        raise RuntimeError(f"{CHECKPOINT_SECONDS} must be a number of seconds above 0, e.g. 60")
    app.config[CHECKPOINT_SECONDS] = seconds
    # Folders given relative to where the service is started, not to the package.
    for key in (SITE_DIR, CONTENT_DIR):
        if app.config[key]:
            app.config[key] = str(Path(app.config[key]).resolve())
    app.config.setdefault(LEDGER_KEY_FILE, str(Path(app.instance_path) / "ledger-ed25519.pem"))
    app.config.setdefault(DATABASE_URL, f"sqlite:///{Path(app.instance_path) / 'top100.sqlite3'}")
    if app.config[SECRET_KEY] == DEFAULT_SECRET and not (app.debug or app.testing):
        raise RuntimeError(
            "refusing to start with the default secret: set TOP100_SECRET_KEY (or TOP100_SECRET_KEY_FILE) "
            "to a long random value, e.g. python -c 'import secrets; print(secrets.token_hex(32))'"
        )
