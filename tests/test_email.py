"""E-mail codes end to end: a real SMTP server (aiosmtpd) on loopback receives the message
and the test reads the code out of it, as a voter would."""

from __future__ import annotations

import datetime as dt
import logging
import re
import sqlite3
from collections.abc import Iterator
from email import message_from_bytes, policy
from email.message import Message
from pathlib import Path
from typing import Any

import pytest
from aiosmtpd.controller import Controller
from flask import Flask
from flask.testing import FlaskClient

from voting.models import Contest

from .voting_fixtures import REGIONAL, Clock, free_port, make_app

API = f"/api/v1/contests/{REGIONAL}"
ADDRESS = "Voter.One@Example.KZ"


class Inbox:
    def __init__(self) -> None:
        self.messages: list[Message] = []

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        self.messages.append(message_from_bytes(envelope.content, policy=policy.default))
        return "250 OK"

    def last_code(self) -> str:
        body = self.messages[-1].get_payload(decode=True)
        assert isinstance(body, bytes)
        found = re.search(r"\b(\d{6})\b", body.decode())
        assert found, body
        return found.group(1)


@pytest.fixture
def smtp() -> Iterator[tuple[Inbox, int]]:
    inbox = Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=free_port())
    controller.start()
    yield inbox, controller.port
    controller.stop()


@pytest.fixture
def mail(tmp_path: Path, clock: Clock, smtp: tuple[Inbox, int]) -> tuple[Flask, FlaskClient, Inbox]:
    """An app whose regional vote verifies by e-mail through the loopback SMTP server,
    a voter's client, and the inbox; the first code is already sent."""
    inbox, port = smtp
    app = _email_app(tmp_path, clock, port)
    client = app.test_client()
    assert _send(client).status_code == 202
    return app, client, inbox


def _email_app(tmp_path: Path, clock: Clock, port: int, **config: Any) -> Flask:
    app = make_app(
        tmp_path,
        clock,
        TOP100_SMTP_HOST="127.0.0.1",
        TOP100_SMTP_PORT=port,
        TOP100_SMTP_SECURITY="none",
        **config,
    )
    with app.app_context():
        Contest.update(verification="email").where(Contest.id == REGIONAL).execute()
    return app


def _type(response: Any) -> str:
    return str(response.get_json(force=True)["type"]).rsplit("/", 1)[-1]


def _send(client: FlaskClient, address: str = ADDRESS, lang: str = "kk") -> Any:
    return client.post(f"{API}/email-code", json={"email": address}, headers={"Accept-Language": lang})


def _check(client: FlaskClient, code: str, address: str = ADDRESS) -> Any:
    return client.post(f"{API}/credential", json={"email": address, "code": code})


def test_a_code_by_mail_verifies_the_voter(tmp_path: Path, mail: tuple[Flask, FlaskClient, Inbox]) -> None:
    app, client, inbox = mail
    message = inbox.messages[-1]
    assert message["To"] == ADDRESS.lower() and "Дауыс беру коды" in str(message["Subject"])
    code = inbox.last_code()
    assert _check(client, code, " voter.one@example.kz ").status_code == 201  # the same address, normalised
    assert client.post(f"{API}/ballots", json={"candidate": "dias-nurlanuly"}).status_code == 201
    assert _type(_check(app.test_client(), code)) == "email_code_expired"  # used: gone
    dump = "\n".join(sqlite3.connect(tmp_path / "votes.sqlite3").iterdump()).lower()
    assert "voter.one" not in dump and code not in dump  # neither the address nor the code


def test_five_wrong_codes_lock_the_address_longer_each_time(
    clock: Clock, mail: tuple[Flask, FlaskClient, Inbox]
) -> None:
    _, client, inbox = mail
    right = inbox.last_code()
    wrong = f"{(int(right) + 1) % 10**6:06d}"
    answers = [_check(client, wrong) for _ in range(5)]
    assert [_type(a) for a in answers] == ["email_code_wrong"] * 4 + ["email_locked"]
    assert [a.get_json().get("attempts_left") for a in answers[:4]] == [4, 3, 2, 1]
    assert _type(_check(client, right)) == "email_locked"  # the code is burnt, the address locked
    first_lock = int(answers[-1].headers["Retry-After"])
    assert 800 < first_lock <= 900
    assert _send(client).status_code == 429
    clock.now += dt.timedelta(seconds=first_lock + 1)
    assert _send(client).status_code == 202
    for _ in range(5):
        locked = _check(client, wrong)
    assert 1700 < int(locked.headers["Retry-After"]) <= 1800  # twice as long


def test_resend_waits_and_codes_expire(clock: Clock, mail: tuple[Flask, FlaskClient, Inbox]) -> None:
    _, client, inbox = mail
    again = _send(client, lang="ru")
    assert again.status_code == 429 and _type(again) == "email_resend_wait"
    assert 0 < int(again.headers["Retry-After"]) <= 60 and len(inbox.messages) == 1
    code = inbox.last_code()
    clock.now += dt.timedelta(minutes=11)
    assert _type(_check(client, code)) == "email_code_expired"
    assert _type(_send(client, "not an address")) == "email_invalid"


def test_mail_server_down_is_503_and_nothing_logged_raw(
    tmp_path: Path, clock: Clock, caplog: pytest.LogCaptureFixture
) -> None:
    app = _email_app(tmp_path, clock, free_port())  # nobody listens there
    with caplog.at_level(logging.INFO):
        response = _send(app.test_client())
    assert response.status_code == 503 and _type(response) == "email_unavailable"
    assert "cannot send" in caplog.text and "voter.one" not in caplog.text.lower()


def test_development_outbox(tmp_path: Path, clock: Clock, caplog: pytest.LogCaptureFixture) -> None:
    app = make_app(tmp_path, clock, TOP100_OUTBOX=str(tmp_path / "outbox"))
    with app.app_context():
        Contest.update(verification="email").where(Contest.id == REGIONAL).execute()
    client = app.test_client()
    with caplog.at_level(logging.INFO):
        assert _send(client, lang="en").status_code == 202
    [mail] = list((tmp_path / "outbox").glob("*.eml"))
    code = re.search(r"Your code: (\d{6})", mail.read_text()).group(1)  # type: ignore[union-attr]
    assert code in caplog.text and "voter.one" not in caplog.text.lower()
    assert _check(client, code).status_code == 201
