"""/api/v1: contests, ballots, results, the ledger, its key and receipts (JSON; errors as problems)."""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Iterator
from typing import Any

from flask import Blueprint, Response, current_app, jsonify, request, stream_with_context, url_for

from . import chain, ledger, limits, service, services
from .db import database, write_transaction
from .identity import CredentialError, credentials
from .models import Candidate, Contest
from .notary import Notary
from .problems import problem
from .settings import (
    CLOCK,
    RESULTS_CACHE_SECONDS,
    TELEGRAM_BOT_NAME,
    TELEGRAM_BOT_TOKEN,
)

bp = Blueprint("api", __name__, url_prefix="/api/v1")


def now() -> dt.datetime:
    clock = current_app.config.get(CLOCK)
    return clock() if clock else dt.datetime.now(dt.UTC)


def _notary() -> Notary:
    return services.of().notary


def _contest(contest_id: str) -> Contest:
    """The contest; if its time is up, its ledger is closed first (service.finalize)."""
    contest = Contest.get_or_none(Contest.id == contest_id)
    if contest is None:
        raise service.UnknownContest(contest_id)
    service.finalize(contest, _notary(), now)
    return contest


def _tally(contest: Contest) -> dict[str, Any]:
    """Tallies are cached per process for at most RESULTS_CACHE_SECONDS."""
    cache = services.of().results
    hit = cache.get(contest.id)
    if hit and hit[0] > time.monotonic():
        return hit[1]
    counts = service.tally(contest)
    candidates = list(Candidate.select().where(Candidate.contest == contest).order_by(Candidate.position))
    data = {
        "total": sum(counts.values()),
        "as_of": service.iso(service.utc(now())),
        "tally": [
            {"candidate": c.slug, "votes": counts.get(c.slug, 0), "withdrawn": c.withdrawn}
            for c in sorted(candidates, key=lambda c: (-counts.get(c.slug, 0), c.position))
        ],
    }
    cache[contest.id] = (time.monotonic() + current_app.config[RESULTS_CACHE_SECONDS], data)
    return data


def _summary(contest: Contest) -> dict[str, Any]:
    opens, closes = service.window(contest)
    return {
        "id": contest.id,
        "year": contest.year,
        "stage": contest.stage,
        "scope": contest.scope,
        "title": {"kk": contest.title_kk, "ru": contest.title_ru, "en": contest.title_en},
        "opens": service.iso(opens),
        "closes": service.iso(closes),
        "status": service.status(contest, now()),
        "results": contest.results,
        "advance": contest.advance,
        "demo": contest.demo,
        "verification": _verification(contest),
    }


def _verification(contest: Contest) -> dict[str, Any]:
    """How a voter proves who they are in this contest (the widget follows it)."""
    data: dict[str, Any] = {"method": contest.verification}
    if contest.verification == "telegram":
        token = current_app.config[TELEGRAM_BOT_TOKEN] or ""
        data["bot_id"] = token.split(":")[0] or None  # the public half of the token
        data["bot"] = current_app.config[TELEGRAM_BOT_NAME]
    return data


@bp.get("/contests")
def list_contests() -> Response:
    contests = Contest.select().order_by(Contest.opens_at.desc(), Contest.id)
    return jsonify({"contests": [_summary(c) for c in contests]})


@bp.get("/contests/<contest_id>")
def get_contest(contest_id: str) -> Response:
    contest = _contest(contest_id)
    data = _summary(contest)
    data["candidates"] = [
        {"id": c.slug, "name": {"kk": c.name_kk, "ru": c.name_ru, "en": c.name_en}, "withdrawn": c.withdrawn}
        for c in Candidate.select().where(Candidate.contest == contest).order_by(Candidate.position)
    ]
    if service.results_visible(contest, now()):
        data["results"] = contest.results
        data["tally"] = _tally(contest)
    return jsonify(data)


@bp.post("/contests/<contest_id>/ballots")
@limits.limited(*limits.BALLOT)
def cast_ballot(contest_id: str) -> Response:
    if request.mimetype != "application/json":
        return problem("unsupported_type")
    body = request.get_json(silent=True)  # reading the body enforces MAX_CONTENT_LENGTH (413)
    if not isinstance(body, dict) or set(body) != {"candidate"} or not isinstance(body["candidate"], str):
        return problem("malformed")
    box = services.of().ballot_box
    contest, _ = box.lookup(contest_id)
    if contest is None:
        raise service.UnknownContest(contest_id)
    state = service.status(contest, now())
    if state != "open":  # say so before asking for a credential
        if state == "closed":
            service.finalize(contest, _notary(), now)  # the first ballot after the close closes the ledger
        raise service.NotOpen(state)
    store = credentials(current_app)
    try:
        voter = store.read(contest_id, contest.verification)
    except CredentialError as error:
        return problem(error.code)
    entry = service.cast_ballot(
        contest_id,
        body["candidate"],
        store.ballot_key(voter),
        now,
        box,
        network=store.network_hash(request.remote_addr),
    )
    receipt = {
        "receipt": entry.hash,
        "contest": contest_id,
        "seq": entry.seq,
        "time": entry.time,
        "salt": entry.salt,  # the voter's own: with it they can recompute their entry's hash
        "check": url_for("api.get_receipt", code=entry.hash),
    }
    response = jsonify(receipt)
    response.status_code = 201
    response.headers["Location"] = receipt["check"]
    return response


@bp.get("/contests/<contest_id>/results")
def get_results(contest_id: str) -> Response:
    contest = _contest(contest_id)
    if not service.results_visible(contest, now()):
        if contest.results == "sealed" and service.status(contest, now()) == "open":
            return problem("sealed", closes=service.iso(service.window(contest)[1]))
        return problem("not_open")
    return jsonify({"contest": contest.id, "status": service.status(contest, now()), **_tally(contest)})


def _refresh(contest_id: str) -> None:
    """Sign the head if this process has not for a while, so that a download ends with a
    checkpoint at most TOP100_CHECKPOINT_SECONDS old."""
    if _notary().due(contest_id):
        with write_transaction():
            chain.checkpoint(contest_id, _notary(), now, moved_only=True)


@bp.get("/contests/<contest_id>/ledger")
def get_ledger(contest_id: str) -> Response:
    """Entries then checkpoints, one canonical JSON object per line (docs/ledger.md). While a
    sealed vote is open, entries show no candidate, ref, reason or salt: the hash commits to
    the salt, so no guess can be checked against it until the salts are published at close."""
    contest = _contest(contest_id)
    sealed = service.sealed(contest, now())
    _refresh(contest_id)

    def rows() -> Iterator[bytes]:
        with database.connection_context():
            yield from chain.published(contest_id, sealed)

    response = Response(stream_with_context(rows()), mimetype="application/x-ndjson")
    response.headers["Content-Disposition"] = f'inline; filename="{contest.id}-ledger.ndjson"'
    response.headers["Ledger-Key"] = _notary().public
    return response


@bp.get("/contests/<contest_id>/checkpoint")
def get_checkpoint(contest_id: str) -> Response:
    """The latest signed checkpoint: small enough for anyone to keep, and to hold a later
    download against (python ledger.py LEDGER --checkpoints SAVED)."""
    _contest(contest_id)
    _refresh(contest_id)
    point = chain.latest_checkpoint(contest_id)
    if point is None:
        return problem("not_found")
    return Response(ledger.canonical(point.as_record()), mimetype="application/json")


@bp.get("/ledger-key")
def get_ledger_key() -> Response:
    return jsonify({"algorithm": "Ed25519", "key": _notary().public, "format": "hex of the raw 32-byte key"})


@bp.get("/receipts/<code>")
def get_receipt(code: str) -> Response:
    """While a sealed vote is open, a receipt shows what the sealed ledger shows of its own
    entry, and no more: not its candidate, not whether or why it was voided."""
    entry, void = service.receipt(code.lower())
    contest = _contest(entry.contest_id)
    data = entry.as_dict()
    if service.sealed(contest, now()):
        return jsonify({**ledger.sealed_view(data), "voided": None})
    data["voided"] = void is not None
    if void is not None:
        data["void"] = {"seq": void.seq, "reason": void.reason, "time": void.time}
    return jsonify(data)


@bp.get("/health")
def health() -> Response:
    try:
        database.execute_sql("SELECT 1")
        return jsonify({"status": "ok"})
    except Exception:
        return problem("unavailable")


@bp.get("/openapi.json")
def openapi() -> Response:
    from .openapi import document

    return jsonify(document())


@bp.errorhandler(service.VoteError)
def _vote_error(error: service.VoteError) -> Response:
    return problem(error.code)
