"""The public voting service: ``create_app`` builds a Flask app (flaskr-style factory)."""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

from flask import Flask, Response, request
from flask_cors import CORS
from flask_limiter.errors import RateLimitExceeded
from limits.errors import StorageError
from peewee import InterfaceError, OperationalError
from werkzeug.exceptions import HTTPException
from werkzeug.middleware.proxy_fix import ProxyFix

from . import api, commands, db, guards, identity, limits, metrics, notary, service, services, settings, web
from .problems import problem
from .verification import routes

log = logging.getLogger(__name__)

_HTTP_CODES = {
    400: "bad_request",
    404: "not_found",
    405: "method_not_allowed",
    413: "too_large",
    415: "unsupported_type",
    431: "headers_too_large",
}


def create_app(test_config: dict[str, Any] | None = None) -> Flask:
    app = Flask(__name__, instance_relative_config=True)
    Path(app.instance_path).mkdir(parents=True, exist_ok=True)
    if test_config is not None:
        app.testing = bool(test_config.get("TESTING", True))
    settings.load(app, test_config)
    guards.init_app(app)
    if app.config[settings.TRUSTED_PROXIES]:
        hops = app.config[settings.TRUSTED_PROXIES]
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=hops, x_proto=hops)  # type: ignore[method-assign]
    if app.config[settings.CORS_ORIGINS]:
        CORS(
            app,
            resources={r"/api/*": {"origins": app.config[settings.CORS_ORIGINS]}},
            supports_credentials=True,
        )
    database = db.init_app(app)
    signer = notary.init_app(app)
    voters = identity.init_app(app)
    app.register_blueprint(api.bp)
    app.register_blueprint(routes.bp)
    limiter = limits.init_app(app)
    box = service.BallotBox(app.config[settings.CANDIDATES_CACHE_SECONDS], signer)
    counters = metrics.init_app(app)
    services.install(app, services.Services(database, signer, voters, limiter, box, counters))
    web.init_app(app)
    commands.init_app(app)
    _errors(app)
    return app


def _errors(app: Flask) -> None:
    @app.errorhandler(RateLimitExceeded)
    def _too_many(_: RateLimitExceeded) -> Response:
        return problem("rate_limited", headers={"Retry-After": str(limits.retry_after())})

    @app.errorhandler(OperationalError)
    @app.errorhandler(InterfaceError)
    def _database_unavailable(error: Exception) -> Response:
        # Locked by another writer past the wait (db.WAIT_SECONDS), unreachable, or timed
        # out: the transaction was rolled back, so nothing was half-written; try again soon.
        log.error("database unavailable on %s %s: %s", request.method, _route(), error)
        services.of().metrics.database_errors.inc()
        return problem("unavailable", headers={"Retry-After": "5"})

    @app.errorhandler(HTTPException)
    def _http(error: HTTPException) -> Response | HTTPException:
        status = error.code or 500
        code = _HTTP_CODES.get(status) or ("malformed" if status < 500 else "server_error")
        # The answer keeps the exception's own headers (Allow on a 405, as RFC 9110 asks).
        headers = {name: value for name, value in error.get_headers() if name.lower() != "content-type"}
        if request.path.startswith("/api/") or code in {"too_large", "unsupported_type"}:
            return problem(code, headers=headers)
        return error

    @app.errorhandler(StorageError)
    def _limiter_unavailable(error: StorageError) -> Response:
        # The limiter's storage is down or hung (its calls time out after 1 s): fail closed.
        log.error("rate limit storage unavailable: %s", error.storage_error)
        services.of().metrics.limiter_errors.inc()
        return problem("unavailable", headers={"Retry-After": "30"})

    @app.errorhandler(Exception)
    def _unexpected(error: Exception) -> Response:
        log.exception("unexpected error on %s %s", request.method, _route())
        return problem("server_error")


def _route() -> str:
    """The route's rule, not the path as typed: a log line names no receipt or voter."""
    return request.url_rule.rule if request.url_rule is not None else "(no route)"
