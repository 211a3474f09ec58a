"""/api/v1: contests, ballots, results, the ledger, its key and receipts (JSON; errors as problems)."""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Iterator
from typing import Any

from flask import Blueprint, Response, current_app, jsonify, request, stream_with_context, url_for
from pydantic import ValidationError

from . import chain, ledger, limits, schemas, service, services
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


def _answer(body: schemas.Body, status: int = 200) -> Response:
    """Every JSON answer goes through its model: a field the model lacks is an error here."""
    response = jsonify(body.dump())
    response.status_code = status
    return response


def _localized(row: Contest | Candidate, field: str) -> schemas.Localized:
    return schemas.Localized(**{lang: getattr(row, f"{field}_{lang}") for lang in ("kk", "ru", "en")})


def _tally(contest: Contest) -> dict[str, Any]:
    """Tallies are cached per process for at most RESULTS_CACHE_SECONDS."""
    cache = services.of().results
    hit = cache.get(contest.id)
    if hit and hit[0] > time.monotonic():
        return hit[1]
    counts = service.tally(contest)
    candidates = list(Candidate.select().where(Candidate.contest == contest).order_by(Candidate.position))
    data = schemas.Tally(
        total=sum(counts.values()),
        as_of=service.iso(service.utc(now())),
        tally=[
            schemas.TallyRow(candidate=c.slug, votes=counts.get(c.slug, 0), withdrawn=c.withdrawn)
            for c in sorted(candidates, key=lambda c: (-counts.get(c.slug, 0), c.position))
        ],
    ).dump()
    cache[contest.id] = (time.monotonic() + current_app.config[RESULTS_CACHE_SECONDS], data)
    return data


def _summary(contest: Contest) -> dict[str, Any]:
    """The fields of schemas.ContestSummary (the list validates them; the detail adds its own)."""
    opens, closes = service.window(contest)
    return {
        "id": contest.id,
        "year": contest.year,
        "stage": contest.stage,
        "scope": contest.scope,
        "title": _localized(contest, "title"),
        "opens": service.iso(opens),
        "closes": service.iso(closes),
        "status": service.status(contest, now()),
        "results": contest.results,
        "advance": contest.advance,
        "demo": contest.demo,
        "verification": _verification(contest),
    }


def _verification(contest: Contest) -> schemas.Verification:
    """How a voter proves who they are in this contest (the widget follows it)."""
    if contest.verification != "telegram":
        return schemas.Verification(method=contest.verification)
    token = current_app.config[TELEGRAM_BOT_TOKEN] or ""
    return schemas.Verification(
        method="telegram",
        bot_id=token.split(":")[0] or None,  # the public half of the token
        bot=current_app.config[TELEGRAM_BOT_NAME],
    )


@bp.get("/contests")
def list_contests() -> Response:
    contests = Contest.select().order_by(Contest.opens_at.desc(), Contest.id)
    return _answer(schemas.ContestList(contests=[schemas.ContestSummary(**_summary(c)) for c in contests]))


@bp.get("/contests/<contest_id>")
def get_contest(contest_id: str) -> Response:
    contest = _contest(contest_id)
    candidates = [
        schemas.Candidate(id=c.slug, name=_localized(c, "name"), withdrawn=c.withdrawn)
        for c in Candidate.select().where(Candidate.contest == contest).order_by(Candidate.position)
    ]
    body = schemas.Contest(**_summary(contest), candidates=candidates)
    if service.results_visible(contest, now()):
        body.tally = schemas.Tally(**_tally(contest))
    return _answer(body)


@bp.post("/contests/<contest_id>/ballots")
@limits.limited(*limits.BALLOT)
def cast_ballot(contest_id: str) -> Response:
    if request.mimetype != "application/json":
        return problem("unsupported_type")
    try:  # reading the body enforces MAX_CONTENT_LENGTH (413)
        ballot = schemas.BallotRequest.model_validate(request.get_json(silent=True), strict=True)
    except ValidationError:
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
        ballot.candidate,
        store.ballot_key(voter),
        now,
        box,
        network=store.network_hash(request.remote_addr),
    )
    receipt = schemas.Receipt(
        receipt=entry.hash,
        contest=contest_id,
        seq=entry.seq,
        time=entry.time,
        salt=entry.salt,  # the voter's own: with it they can recompute their entry's hash
        check=url_for("api.get_receipt", code=entry.hash),
    )
    response = _answer(receipt, 201)
    response.headers["Location"] = receipt.check
    return response


@bp.get("/contests/<contest_id>/results")
def get_results(contest_id: str) -> Response:
    contest = _contest(contest_id)
    if not service.results_visible(contest, now()):
        if contest.results == "sealed" and service.status(contest, now()) == "open":
            return problem("sealed", closes=service.iso(service.window(contest)[1]))
        return problem("not_open")
    state = service.status(contest, now())
    return _answer(schemas.Results(contest=contest.id, status=state, **_tally(contest)))


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
    body = schemas.Checkpoint(**point.as_record()).dump()
    return Response(ledger.canonical(body), mimetype="application/json")


@bp.get("/ledger-key")
def get_ledger_key() -> Response:
    key = _notary().public
    return _answer(schemas.LedgerKey(algorithm="Ed25519", key=key, format="hex of the raw 32-byte key"))


@bp.get("/receipts/<code>")
def get_receipt(code: str) -> Response:
    """Which vote, which entry, whether it counts and for whom. While a sealed vote is open, a
    receipt shows what the sealed ledger shows of its own entry, and no more: not its
    candidate, not whether or why it was voided."""
    entry, void = service.receipt(code.lower())
    contest = _contest(entry.contest_id)
    about = schemas.ReceiptContest(id=contest.id, title=_localized(contest, "title"))
    if service.sealed(contest, now()):
        hidden = {**ledger.sealed_view(entry.as_dict()), "contest": about, "candidate": None}
        return _answer(schemas.ReceiptStatus(**hidden, counted=None, voided=None))
    body = schemas.ReceiptStatus(
        **{**entry.as_dict(), "contest": about, "candidate": _ballot_candidate(contest, entry.candidate)},
        counted=void is None,  # withdrawn candidates' ballots still count (voting/importer.py)
        voided=void is not None,
    )
    if void is not None:
        body.void = schemas.Void(seq=void.seq, reason=void.reason, time=void.time)
    return _answer(body)


def _ballot_candidate(contest: Contest, slug: str | None) -> schemas.ReceiptCandidate | None:
    if slug is None:
        return None
    row = Candidate.get_or_none((Candidate.contest == contest) & (Candidate.slug == slug))
    # A candidate with ballots is never deleted (only withdrawn), so the row is there; the
    # id stands in for a name should a database have lost it.
    name = _localized(row, "name") if row else schemas.Localized(kk=slug, ru=slug, en=slug)
    return schemas.ReceiptCandidate(id=slug, name=name)


@bp.get("/health")
def health() -> Response:
    try:
        database.execute_sql("SELECT 1")
        return _answer(schemas.Health(status="ok"))
    except Exception:
        return problem("unavailable")


@bp.get("/openapi.json")
def openapi() -> Response:
    from .openapi import document

    return jsonify(document())


@bp.errorhandler(service.VoteError)
def _vote_error(error: service.VoteError) -> Response:
    return problem(error.code)
