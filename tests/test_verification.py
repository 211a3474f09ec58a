"""Each verification method end to end over HTTP: device (ALTCHA proof of work), Telegram
login and printed access codes. (E-mail codes: tests/test_email.py.)"""

from __future__ import annotations

import base64
import json
import time
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient

from voting.models import Contest, SolvedChallenge, VerificationFailure
from voting.verification import telegram

from .voting_fixtures import COLLEGE, REGIONAL, SEALED_OPEN, Clock, access_code, make_app, solve

API = "/api/v1/contests"
ALGORITHM = "PBKDF2/SHA-256"
TOKEN = "123456789:TEST-token-for-the-test-bot"


def _status(response: Any, status: int, code: str) -> None:
    assert response.status_code == status, response.get_data(as_text=True)
    assert response.get_json(force=True)["type"].endswith("/" + code)


def _ballot(client: FlaskClient, contest: str, candidate: str = "dias-nurlanuly", **options: Any) -> Any:
    return client.post(f"{API}/{contest}/ballots", json={"candidate": candidate}, **options)


# device ---------------------------------------------------------------------------------


def test_a_solved_challenge_buys_one_credential_once(app: Flask, client: FlaskClient) -> None:
    challenge = client.get(f"{API}/{REGIONAL}/challenge").get_json()
    assert challenge["parameters"]["algorithm"] == "PBKDF2/SHA-256" and challenge["signature"]
    payload = solve(challenge)
    issued = client.post(f"{API}/{REGIONAL}/credential", json={"altcha": payload})
    assert issued.status_code == 201 and issued.get_json()["method"] == "device"
    assert _ballot(client, REGIONAL).status_code == 201
    replay = app.test_client().post(f"{API}/{REGIONAL}/credential", json={"altcha": payload})
    _status(replay, 403, "pow_replayed")
    with app.app_context():
        assert SolvedChallenge.select().count() == 1
        assert VerificationFailure.select().where(VerificationFailure.reason == "pow_replayed").count() == 1


def test_expired_tampered_and_foreign_challenges_are_refused(tmp_path: Path, clock: Clock) -> None:
    expired_app = make_app(tmp_path / "a", clock, TOP100_POW_SECONDS=-1)
    client = expired_app.test_client()
    payload = solve(client.get(f"{API}/{REGIONAL}/challenge").get_json())
    _status(client.post(f"{API}/{REGIONAL}/credential", json={"altcha": payload}), 403, "pow_expired")

    app = make_app(tmp_path / "b", clock)
    client = app.test_client()
    challenge = client.get(f"{API}/{REGIONAL}/challenge").get_json()
    decoded = json.loads(base64.b64decode(solve(challenge)))
    decoded["challenge"]["parameters"]["expiresAt"] += 3600  # stretch its life: the signature breaks
    forged = base64.b64encode(json.dumps(decoded).encode()).decode()
    _status(client.post(f"{API}/{REGIONAL}/credential", json={"altcha": forged}), 403, "pow_invalid")
    decoded = json.loads(base64.b64decode(solve(challenge)))
    decoded["solution"]["derivedKey"] = "00" * 32  # a wrong answer
    wrong = base64.b64encode(json.dumps(decoded).encode()).decode()
    _status(client.post(f"{API}/{REGIONAL}/credential", json={"altcha": wrong}), 403, "pow_invalid")
    _status(client.post(f"{API}/{REGIONAL}/credential", json={"altcha": "not base64!"}), 403, "pow_invalid")
    _status(client.post(f"{API}/{REGIONAL}/credential", json={"code": "X"}), 422, "wrong_method")
    _status(_ballot(client, REGIONAL), 401, "credential_required")


def test_the_server_checks_a_solution_without_deriving_the_key(app: Flask) -> None:
    from voting.verification import device

    # One try of this challenge costs a million PBKDF2 rounds (about half a second here);
    # the server checks the solution by its signed key HMAC instead (0.1 ms: README).
    made = device.challenge("s", REGIONAL, algorithm=ALGORITHM, cost=1_000_000, max_counter=1, seconds=60)
    payload = solve(made)
    with app.app_context():
        start = time.perf_counter()
        device.verify("s", REGIONAL, payload)
        assert time.perf_counter() - start < 0.1


# telegram -------------------------------------------------------------------------------


def _telegram_app(tmp_path: Path, clock: Clock, **config: Any) -> Flask:
    bot = {"TOP100_TELEGRAM_BOT_TOKEN": TOKEN, "TOP100_TELEGRAM_BOT_NAME": "top100_test_bot"}
    app = make_app(tmp_path, clock, **{**bot, **config})
    with app.app_context():
        Contest.update(verification="telegram").where(Contest.id == REGIONAL).execute()
    return app


def _login(user_id: int = 424242, age: int = 5, token: str = TOKEN) -> dict[str, Any]:
    data: dict[str, Any] = {"id": user_id, "first_name": "Айгерім", "auth_date": int(time.time()) - age}
    data["hash"] = telegram.sign(data, token)
    return data


def test_telegram_login_is_checked_on_the_server(tmp_path: Path, clock: Clock) -> None:
    app = _telegram_app(tmp_path, clock)
    client = app.test_client()
    contest = client.get(f"{API}/{REGIONAL}").get_json()["verification"]
    assert contest == {"method": "telegram", "bot_id": "123456789", "bot": "top100_test_bot"}
    url = f"{API}/{REGIONAL}/credential"
    tampered = {**_login(), "id": 999}
    _status(client.post(url, json={"telegram": tampered}), 403, "telegram_invalid")
    _status(client.post(url, json={"telegram": _login(token="987:other-bot")}), 403, "telegram_invalid")
    _status(client.post(url, json={"telegram": _login(age=11 * 60)}), 403, "telegram_expired")
    _status(client.post(url, json={"telegram": {**_login(), "extra": "x"}}), 403, "telegram_invalid")
    assert client.post(url, json={"telegram": _login()}).status_code == 201
    assert _ballot(client, REGIONAL).status_code == 201
    again = app.test_client()  # the same Telegram account on another device is the same voter
    assert again.post(url, json={"telegram": _login()}).status_code == 201
    _status(_ballot(again, REGIONAL, "aruzhan-serikkyzy"), 409, "already_voted")
    with app.app_context():
        dump = json.dumps([list(r) for r in VerificationFailure.select().tuples()], default=str)
    assert "424242" not in dump and "999" not in dump


def test_telegram_without_a_bot_token_is_unavailable(tmp_path: Path, clock: Clock) -> None:
    app = _telegram_app(tmp_path, clock, TOP100_TELEGRAM_BOT_TOKEN=None)
    response = app.test_client().post(f"{API}/{REGIONAL}/credential", json={"telegram": _login()})
    _status(response, 503, "method_unavailable")


# codes ----------------------------------------------------------------------------------


@pytest.fixture
def college_open(clock: Clock) -> None:
    clock.now = SEALED_OPEN


@pytest.mark.usefixtures("college_open")
def test_an_access_code_casts_one_ballot(app: Flask) -> None:
    code = access_code(app)
    url = f"{API}/{COLLEGE}/credential"
    first, second = app.test_client(), app.test_client()
    spaced = f"{code[:4].lower()} {code[4:8]}-{code[8:]}"  # as typed from the card
    assert first.post(url, json={"code": spaced}).status_code == 201
    assert second.post(url, json={"code": code}).status_code == 201  # not spent until it votes
    assert _ballot(first, COLLEGE, "sanzhar-askaruly").status_code == 201
    _status(_ballot(second, COLLEGE, "yerassyl-kairatuly"), 409, "already_voted")
    _status(app.test_client().post(url, json={"code": code}), 403, "access_code_invalid")  # used
    _status(app.test_client().post(url, json={"code": "ACDE-FGHJ-KMNP"}), 403, "access_code_invalid")
    other = access_code(app, REGIONAL)  # a code of another contest
    _status(app.test_client().post(url, json={"code": other}), 403, "access_code_invalid")
