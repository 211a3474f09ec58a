"""What one app's requests share, built once in create_app: one typed object instead of
string keys in ``app.extensions``, so what a view reaches for is visible and checked."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from flask import Flask, current_app

if TYPE_CHECKING:  # the parts import this module to find each other
    from flask_limiter import Limiter
    from peewee import Database

    from .identity import Credentials
    from .metrics import Metrics
    from .notary import Notary
    from .service import BallotBox

KEY = "top100"


@dataclass
class Services:
    database: Database
    notary: Notary
    credentials: Credentials
    limiter: Limiter
    ballot_box: BallotBox
    metrics: Metrics
    # contest id -> (expires at, on time.monotonic(); the results document), see api._tally
    results: dict[str, tuple[float, dict[str, Any]]] = field(default_factory=dict)


def of(app: Flask | None = None) -> Services:
    """The services of ``app``, or of the app handling the current request or command."""
    found: Services = (app or current_app).extensions[KEY]
    return found


def install(app: Flask, services: Services) -> None:
    app.extensions[KEY] = services
