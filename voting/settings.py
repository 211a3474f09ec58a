"""Configuration keys (as constants), their defaults, and the secret's rules."""

from __future__ import annotations

import json
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
LIMIT_PER_IP = "TOP100_LIMIT_PER_IP"  # per network and contest: an IPv4 address, an IPv6 /64
LIMIT_PER_CONTEST = "TOP100_LIMIT_PER_CONTEST"
LIMIT_VERIFY_PER_IP = "TOP100_LIMIT_VERIFY_PER_IP"  # credential requests, per network and contest
LIMIT_EMAIL_PER_IP = "TOP100_LIMIT_EMAIL_PER_IP"  # e-mails sent, per network
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
CREDENTIAL_SECONDS = "TOP100_CREDENTIAL_SECONDS"  # how long a voter credential stays valid
RETENTION_DAYS = "TOP100_RETENTION_DAYS"  # verification data kept after a contest closes
# device: ALTCHA v2 proof of work. The client tries counters 0, 1, 2... up to a secret random
# one below POW_MAX_COUNTER, each a PBKDF2 of POW_COST iterations: the median solve costs
# about POW_MAX_COUNTER / 2 * POW_COST hash rounds (see README for the measured seconds).
POW_ALGORITHM = "TOP100_POW_ALGORITHM"
POW_COST = "TOP100_POW_COST"
POW_MAX_COUNTER = "TOP100_POW_MAX_COUNTER"
POW_SECONDS = "TOP100_POW_SECONDS"  # a challenge expires after this many seconds
# email: a one-time code by SMTP (or, without a host, written to OUTBOX for development).
SMTP_HOST = "TOP100_SMTP_HOST"
SMTP_PORT = "TOP100_SMTP_PORT"
SMTP_SECURITY = "TOP100_SMTP_SECURITY"  # starttls, tls or none (none only on loopback)
SMTP_USER = "TOP100_SMTP_USER"
SMTP_PASSWORD = "TOP100_SMTP_PASSWORD"
MAIL_FROM = "TOP100_MAIL_FROM"
OUTBOX = "TOP100_OUTBOX"
EMAIL_CODE_SECONDS = "TOP100_EMAIL_CODE_SECONDS"
EMAIL_ATTEMPTS = "TOP100_EMAIL_ATTEMPTS"
EMAIL_RESEND_SECONDS = "TOP100_EMAIL_RESEND_SECONDS"
EMAIL_LOCK_SECONDS = "TOP100_EMAIL_LOCK_SECONDS"  # the first lock; each next one lasts twice as long
# telegram: the Login Widget's bot.
TELEGRAM_BOT_TOKEN = "TOP100_TELEGRAM_BOT_TOKEN"
TELEGRAM_BOT_NAME = "TOP100_TELEGRAM_BOT_NAME"
TELEGRAM_MAX_AGE = "TOP100_TELEGRAM_MAX_AGE"
# anomalies: thresholds (voting/anomalies.py Thresholds), e.g. {"burst_min": 50}; JSON in the env.
ANOMALY_THRESHOLDS = "TOP100_ANOMALY_THRESHOLDS"
# codes: the address printed in QR codes (the public site's root URL).
PUBLIC_URL = "TOP100_PUBLIC_URL"
METRICS_NETWORKS = "TOP100_METRICS_NETWORKS"  # who may read /metrics: CIDR networks, comma-separated

DEFAULTS: dict[str, Any] = {
    SECRET_KEY: DEFAULT_SECRET,
    RATELIMIT_STORAGE_URI: "memory://",
    # One voter casts one ballot per contest, so a few requests a minute is plenty; one
    # carrier IP can carry thousands of honest voters; the global ceiling protects the server.
    LIMIT_PER_VOTER: "10 per minute",
    LIMIT_PER_IP: "3000 per minute",
    # Each contest has its own ceiling: an attacker who fills one cannot lock out another.
    LIMIT_PER_CONTEST: "20000 per minute",
    LIMIT_VERIFY_PER_IP: "3000 per minute",
    LIMIT_EMAIL_PER_IP: "300 per hour",
    TRUSTED_PROXIES: 0,
    CORS_ORIGINS: [],
    CONTENT_DIR: "content",
    SITE_DIR: None,
    RESULTS_CACHE_SECONDS: 5,
    CANDIDATES_CACHE_SECONDS: 2,
    COOKIE_SECURE: None,
    CHECKPOINT_SECONDS: 60,
    CREDENTIAL_SECONDS: 24 * 3600,
    RETENTION_DAYS: 30,
    POW_ALGORITHM: "PBKDF2/SHA-256",
    POW_COST: 5000,
    POW_MAX_COUNTER: 400,
    POW_SECONDS: 600,
    SMTP_HOST: None,
    SMTP_PORT: 587,
    SMTP_SECURITY: "starttls",
    SMTP_USER: None,
    SMTP_PASSWORD: None,
    MAIL_FROM: "TOP 100 <noreply@localhost>",
    OUTBOX: None,
    EMAIL_CODE_SECONDS: 600,
    EMAIL_ATTEMPTS: 5,
    EMAIL_RESEND_SECONDS: 60,
    EMAIL_LOCK_SECONDS: 900,
    TELEGRAM_BOT_TOKEN: None,
    TELEGRAM_BOT_NAME: None,
    TELEGRAM_MAX_AGE: 600,
    PUBLIC_URL: "http://127.0.0.1:8000/",
    ANOMALY_THRESHOLDS: {},
    METRICS_NETWORKS: "127.0.0.0/8,::1/128",
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
    LIMIT_PER_CONTEST: LIMIT_PER_CONTEST,
    LIMIT_VERIFY_PER_IP: LIMIT_VERIFY_PER_IP,
    LIMIT_EMAIL_PER_IP: LIMIT_EMAIL_PER_IP,
    CREDENTIAL_SECONDS: CREDENTIAL_SECONDS,
    RETENTION_DAYS: RETENTION_DAYS,
    POW_ALGORITHM: POW_ALGORITHM,
    POW_COST: POW_COST,
    POW_MAX_COUNTER: POW_MAX_COUNTER,
    POW_SECONDS: POW_SECONDS,
    SMTP_HOST: SMTP_HOST,
    SMTP_PORT: SMTP_PORT,
    SMTP_SECURITY: SMTP_SECURITY,
    SMTP_USER: SMTP_USER,
    SMTP_PASSWORD: SMTP_PASSWORD,
    MAIL_FROM: MAIL_FROM,
    OUTBOX: OUTBOX,
    TELEGRAM_BOT_TOKEN: TELEGRAM_BOT_TOKEN,
    TELEGRAM_BOT_NAME: TELEGRAM_BOT_NAME,
    PUBLIC_URL: PUBLIC_URL,
    METRICS_NETWORKS: METRICS_NETWORKS,
    TRUSTED_PROXIES: TRUSTED_PROXIES,
    CORS_ORIGINS: CORS_ORIGINS,
    CONTENT_DIR: CONTENT_DIR,
    SITE_DIR: SITE_DIR,
    LEDGER_KEY_FILE: LEDGER_KEY_FILE,
    CHECKPOINT_SECONDS: CHECKPOINT_SECONDS,
}


_NUMBERS = (
    CREDENTIAL_SECONDS,
    RETENTION_DAYS,
    POW_COST,
    POW_MAX_COUNTER,
    POW_SECONDS,
    SMTP_PORT,
    EMAIL_CODE_SECONDS,
    EMAIL_ATTEMPTS,
    EMAIL_RESEND_SECONDS,
    EMAIL_LOCK_SECONDS,
    TELEGRAM_MAX_AGE,
)


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
    if isinstance(app.config[ANOMALY_THRESHOLDS], str):
        app.config[ANOMALY_THRESHOLDS] = json.loads(app.config[ANOMALY_THRESHOLDS])
    for key in (TRUSTED_PROXIES, *_NUMBERS):
        app.config[key] = int(app.config[key])
    try:
        seconds = float(app.config[CHECKPOINT_SECONDS])
    except ValueError:
        seconds = 0
    if not seconds > 0:
        raise RuntimeError(f"{CHECKPOINT_SECONDS} must be a number of seconds above 0, e.g. 60")
    app.config[CHECKPOINT_SECONDS] = seconds
    # Folders given relative to where the service is started, not to the package.
    for key in (SITE_DIR, CONTENT_DIR, OUTBOX):
        if app.config[key]:
            app.config[key] = str(Path(app.config[key]).resolve())
    app.config.setdefault(LEDGER_KEY_FILE, str(Path(app.instance_path) / "ledger-ed25519.pem"))
    app.config.setdefault(DATABASE_URL, f"sqlite:///{Path(app.instance_path) / 'top100.sqlite3'}")
    if app.config[SECRET_KEY] == DEFAULT_SECRET and not (app.debug or app.testing):
        raise RuntimeError(
            "refusing to start with the default secret: set TOP100_SECRET_KEY (or TOP100_SECRET_KEY_FILE) "
            "to a long random value, e.g. python -c 'import secrets; print(secrets.token_hex(32))'"
        )
