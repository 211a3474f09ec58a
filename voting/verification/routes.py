"""/api/v1/contests/<id>/{challenge,email-code,credential}: a voter proves who they are by
the contest's method and gets a credential for that contest only (voting/identity.py)."""

from __future__ import annotations

import logging
import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from flask import Blueprint, Response, current_app, json, jsonify, request

from .. import schemas, service
from ..api import now
from ..db import write_transaction
from ..identity import Voter, credentials
from ..limits import CHALLENGE, CREDENTIAL, EMAIL, limited
from ..models import Ballot, Contest, VerificationFailure
from ..problems import language, problem
from ..settings import (
    EMAIL_ATTEMPTS,
    EMAIL_CODE_SECONDS,
    EMAIL_LOCK_SECONDS,
    EMAIL_RESEND_SECONDS,
    POW_ALGORITHM,
    POW_COST,
    POW_MAX_COUNTER,
    POW_SECONDS,
    SECRET_KEY,
    TELEGRAM_BOT_TOKEN,
    TELEGRAM_MAX_AGE,
)
from . import Refused, codes, device, email, mailer, telegram

bp = Blueprint("verification", __name__, url_prefix="/api/v1")
log = logging.getLogger(__name__)

# What a credential request carries, per method.
BODY = {"device": {"altcha"}, "email": {"email", "code"}, "telegram": {"telegram"}, "codes": {"code"}}


def _secret() -> str:
    return str(current_app.config[SECRET_KEY])


def _open_contest(contest_id: str) -> Contest:
    contest = Contest.get_or_none(Contest.id == contest_id)
    if contest is None:
        raise service.UnknownContest(contest_id)
    if service.status(contest, now()) != "open":
        raise service.NotOpen(contest_id)
    return contest


def _body(contest: Contest) -> dict[str, Any]:
    body = request.get_json(silent=True) if request.mimetype == "application/json" else None
    if not isinstance(body, dict) or not body or not set(body) <= BODY[contest.verification]:
        raise Refused("wrong_method")
    return body


def _email_policy() -> email.Policy:
    config = current_app.config
    return email.Policy(
        code_seconds=config[EMAIL_CODE_SECONDS],
        attempts=config[EMAIL_ATTEMPTS],
        resend_seconds=config[EMAIL_RESEND_SECONDS],
        lock_seconds=config[EMAIL_LOCK_SECONDS],
    )


@bp.get("/contests/<contest_id>/challenge")
@limited(*CHALLENGE)
def device_challenge(contest_id: str) -> Response:
    contest = _open_contest(contest_id)
    if contest.verification != "device":
        raise Refused("wrong_method")
    config = current_app.config
    made = device.challenge(
        _secret(),
        contest_id,
        algorithm=config[POW_ALGORITHM],
        cost=config[POW_COST],
        max_counter=config[POW_MAX_COUNTER],
        seconds=config[POW_SECONDS],
    )
    return jsonify(schemas.Challenge(**made).dump())


@bp.post("/contests/<contest_id>/email-code")
@limited(*EMAIL)
def email_code(contest_id: str) -> Response:
    contest = _open_contest(contest_id)
    body = _body(contest)
    if contest.verification != "email" or set(body) != {"email"}:
        raise Refused("wrong_method")
    policy = _email_policy()
    with _recorded(contest):
        address = email.normalise(body["email"])
        code = email.new_code(_secret(), contest_id, address, service.utc(now()), policy)
    mail = mailer.message(current_app.config, address, code, language(), policy.code_seconds // 60)
    mailer.send(current_app.config, mail, code)
    response = jsonify(schemas.EmailCodeSent(sent=True, expires_in=policy.code_seconds).dump())
    response.status_code = 202
    return response


def _verify(contest: Contest, body: dict[str, Any]) -> str:
    """The value the voter key is made of, by the contest's method."""
    method, secret = contest.verification, _secret()
    if method == "device":
        return device.verify(secret, contest.id, str(body.get("altcha", "")))
    if method == "email":
        if set(body) != {"email", "code"}:
            raise Refused("wrong_method")
        address = email.normalise(body["email"])
        email.check_code(secret, contest.id, address, body["code"], service.utc(now()), _email_policy())
        return address
    if method == "telegram":
        token = current_app.config[TELEGRAM_BOT_TOKEN]
        if not token:
            raise Refused("method_unavailable")
        return telegram.verify(body.get("telegram"), token, time.time(), current_app.config[TELEGRAM_MAX_AGE])
    plain = codes.redeem(secret, contest.id, body.get("code"))
    voter = Voter(contest.id, method, credentials(current_app).voter_key(method, plain))
    spent = Ballot.select().where(
        (Ballot.contest == contest.id) & (Ballot.voter == credentials(current_app).ballot_key(voter))
    )
    if spent.exists():
        raise Refused("access_code_invalid")
    return plain


@contextmanager
def _recorded(contest: Contest) -> Iterator[None]:
    """A refused proof is counted per network (keyed hash) for `anomalies`."""
    try:
        yield
    except Refused as refused:
        with write_transaction():
            VerificationFailure.create(
                contest=contest.id,
                method=contest.verification,
                reason=refused.code,
                network=credentials(current_app).network_hash(request.remote_addr),
                time=service.utc(now()),
            )
        raise


@bp.post("/contests/<contest_id>/credential")
@limited(*CREDENTIAL)
def issue_credential(contest_id: str) -> Response:
    contest = _open_contest(contest_id)
    body = _body(contest)
    with _recorded(contest):
        value = _verify(contest, body)
    store = credentials(current_app)
    voter = Voter(contest_id, contest.verification, store.voter_key(contest.verification, value))
    response = Response(status=201, mimetype="application/json")
    token = store.issue(response, voter)  # the HttpOnly cookie, for browsers
    answer = schemas.Credential(contest=contest_id, method=contest.verification, credential=token)
    response.set_data(json.dumps(answer.dump()))
    return response


@bp.errorhandler(Refused)
def _refused(error: Refused) -> Response:
    headers = {"Retry-After": str(error.retry_after)} if error.retry_after else None
    return problem(error.code, headers=headers, **error.extra)


@bp.errorhandler(service.VoteError)
def _vote_error(error: service.VoteError) -> Response:
    return problem(error.code)
