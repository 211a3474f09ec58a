"""/api/v1: contests, ballots, results, the ledger and receipts (JSON; errors as problems)."""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Iterator
from typing import Any

from flask import Blueprint, Response, current_app, json, jsonify, request, stream_with_context, url_for

from . import service
from .db import database
from .identity import CredentialError, credentials
from .models import Candidate, Contest, LedgerEntry
from .problems import problem
from .settings import (
    CANDIDATES_CACHE_SECONDS,
    CLOCK,
    RESULTS_CACHE_SECONDS,
    TELEGRAM_BOT_NAME,
    TELEGRAM_BOT_TOKEN,
)

bp = Blueprint("api", __name__, url_prefix="/api/v1")
LEDGER_BATCH = 1000


def now() -> dt.datetime:
    clock = current_app.config.get(CLOCK)
    return clock() if clock else dt.datetime.now(dt.UTC)


def _contest(contest_id: str) -> Contest:
    contest = Contest.get_or_none(Contest.id == contest_id)
    if contest is None:
        raise service.UnknownContest(contest_id)
    return contest


def _tally(contest: Contest) -> dict[str, Any]:
    """Tallies are cached per process for at most RESULTS_CACHE_SECONDS."""
    cache: dict[str, tuple[float, dict[str, Any]]] = current_app.extensions.setdefault("top100_tallies", {})
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
def cast_ballot(contest_id: str) -> Response:
    if request.mimetype != "application/json":
        return problem("unsupported_type")
    body = request.get_json(silent=True)  # reading the body enforces MAX_CONTENT_LENGTH (413)
    if not isinstance(body, dict) or set(body) != {"candidate"} or not isinstance(body["candidate"], str):
        return problem("malformed")
    box = current_app.extensions.get("top100_ballot_box")
    if box is None:
        box = current_app.extensions["top100_ballot_box"] = service.BallotBox(
            current_app.config[CANDIDATES_CACHE_SECONDS]
        )
    contest, _ = box.lookup(contest_id)
    if contest is None:
        raise service.UnknownContest(contest_id)
    if service.status(contest, now()) != "open":  # say so before asking for a credential
        raise service.NotOpen(contest_id)
    store = credentials(current_app)
    try:
        voter = store.read(contest_id, contest.verification)
    except CredentialError as error:
        return problem(error.code)
    entry = service.cast_ballot(
        contest_id,
        body["candidate"],
        store.ballot_key(voter),
        now(),
        box,
        network=store.network_hash(request.remote_addr),
    )
    receipt = {
        "receipt": entry.hash,
        "contest": contest_id,
        "seq": entry.seq,
        "time": entry.time,
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


SEALED_HIDDEN = ("candidate", "prev", "hash")


def _public(entry: dict[str, Any], sealed: bool) -> dict[str, Any]:
    """While a sealed vote is open, its ledger shows sequence, kind and time only. Hiding the
    candidate is not enough: with a few candidates anyone could hash each one and match the
    published hash. The whole chain, verifiable end to end, is published when it closes."""
    return {**entry, **dict.fromkeys(SEALED_HIDDEN)} if sealed else entry


@bp.get("/contests/<contest_id>/ledger")
def get_ledger(contest_id: str) -> Response:
    contest = _contest(contest_id)
    sealed = service.sealed(contest, now())

    def rows() -> Iterator[str]:
        last = 0
        with database.connection_context():
            while True:
                batch = list(
                    LedgerEntry.select()
                    .where((LedgerEntry.contest == contest_id) & (LedgerEntry.seq > last))
                    .order_by(LedgerEntry.seq)
                    .limit(LEDGER_BATCH)
                )
                if not batch:
                    return
                for entry in batch:
                    yield json.dumps(_public(entry.as_dict(), sealed), ensure_ascii=False) + "\n"
                last = batch[-1].seq

    response = Response(stream_with_context(rows()), mimetype="application/x-ndjson")
    response.headers["Content-Disposition"] = f'inline; filename="{contest.id}-ledger.ndjson"'
    return response


@bp.get("/receipts/<code>")
def get_receipt(code: str) -> Response:
    entry, void = service.receipt(code.lower())
    contest = Contest.get_by_id(entry.contest_id)
    sealed = service.sealed(contest, now())
    data = _public(entry.as_dict(), sealed)
    data["hash"] = entry.hash  # the voter's own receipt: it confirms the ballot is in the chain
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
