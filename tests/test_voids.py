"""flask --app voting ballots void: by receipt or by filter, shown first, confirmed, each
void a ledger entry and an audit record, signed at once; refused once the vote is closed."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import pytest
from flask import Flask

from voting import ledger, service
from voting.identity import credentials
from voting.models import AuditLog, Checkpoint, LedgerEntry

from .voting_fixtures import OPEN, REGIONAL, Clock, verified

BALLOTS = f"/api/v1/contests/{REGIONAL}/ballots"


@pytest.fixture
def ten(app: Flask, clock: Clock) -> list[str]:
    """Ten ballots a minute apart: 1-6 for dias-nurlanuly, 7-10 for aruzhan-serikkyzy."""
    receipts = []
    for number in range(10):
        clock.now = OPEN + dt.timedelta(minutes=number)
        name = "dias-nurlanuly" if number < 6 else "aruzhan-serikkyzy"
        receipts.append(verified(app).post(BALLOTS, json={"candidate": name}).get_json()["receipt"])
    return receipts


def _void(app: Flask, *args: str, answer: str = "") -> Any:
    return app.test_cli_runner().invoke(args=["ballots", "void", *args], input=answer)


def _voided(app: Flask) -> list[int]:
    with app.app_context():
        return [
            e.ref for e in LedgerEntry.select().where(LedgerEntry.kind == "void").order_by(LedgerEntry.seq)
        ]


def test_a_filter_shows_the_set_and_voids_it_when_confirmed(app: Flask, ten: list[str]) -> None:
    since, until = (OPEN + dt.timedelta(minutes=m) for m in (2, 5))  # ballots 3 to 5 fall between
    args = [
        "--contest",
        REGIONAL,
        "--filter",
        "candidate=dias-nurlanuly",
        "--filter",
        f"from={since.isoformat()}",
    ]
    args += ["--filter", f"until={until.isoformat()}", "--reason", "one network, one minute"]
    declined = _void(app, *args, answer="n\n")
    assert declined.exit_code == 1 and "nothing voided" in declined.output and _voided(app) == []
    assert f"3 ballots cast {ledger.timestamp(since)}" in declined.output
    assert "entries: 3, 4, 5" in declined.output and "dias-nurlanuly: 3" in declined.output
    done = _void(app, *args, answer="y\n")
    assert done.exit_code == 0 and "voided 3 ballots" in done.output, done.output
    assert _voided(app) == [3, 4, 5]
    with app.app_context():
        audits = [json.loads(a.detail) for a in AuditLog.select().where(AuditLog.action == "void")]
        assert [a["seq"] for a in audits] == [3, 4, 5] and audits[0]["filters"][
            0
        ] == "candidate=dias-nurlanuly"
        assert Checkpoint.select().order_by(Checkpoint.id.desc()).first().seq == 13  # signed at once
        result = service.verify_contest(REGIONAL)
    assert result.ok and result.tally == {"dias-nurlanuly": 3, "aruzhan-serikkyzy": 4}
    again = _void(app, *args, "--yes")  # the same filter now matches only voided ballots
    assert again.exit_code == 1 and "no valid ballot matches" in again.output


def test_ranges_and_receipts(app: Flask, ten: list[str]) -> None:
    assert _void(app, "--contest", REGIONAL, "--filter", "seq=8-9", "--reason", "r", "--yes").exit_code == 0
    assert _void(app, ten[0], ten[1], "--reason", "r", "--yes").exit_code == 0
    assert _voided(app) == [8, 9, 1, 2]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--contest", REGIONAL, "--filter", "colour=red"], "use KEY=VALUE with one of: candidate="),
        (["--contest", REGIONAL, "--filter", "from=yesterday"], "from=yesterday: not a time"),
        (["--contest", REGIONAL, "--filter", "seq=a-b"], "write one entry number"),
        (["--filter", "seq=1"], "--filter needs --contest"),
        (["--contest", REGIONAL, "--filter", "network=ab12"], "no valid ballot matches"),
        (["--contest", "nope", "--filter", "seq=1"], "no contest 'nope'"),
        (["--contest", REGIONAL], "give either receipts, or --contest"),
        (["0" * 64], f"no ballot has the receipt {'0' * 64}"),
    ],
)
def test_mistakes_are_named_and_void_nothing(
    app: Flask, ten: list[str], args: list[str], message: str
) -> None:
    result = _void(app, *args, "--reason", "r", "--yes")
    assert result.exit_code != 0 and message in result.output and "Traceback" not in result.output
    assert _voided(app) == []


def test_a_network_filter_voids_that_networks_ballots(app: Flask, ten: list[str]) -> None:
    other = credentials(app).network_hash("203.0.113.9")
    nothing = _void(app, "--contest", REGIONAL, "--filter", f"network={other}", "--reason", "r", "--yes")
    assert nothing.exit_code == 1 and "no valid ballot matches" in nothing.output
    ours = credentials(app).network_hash("127.0.0.1")  # the test client's address
    done = _void(app, "--contest", REGIONAL, "--filter", f"network={ours}", "--reason", "a farm", "--yes")
    assert done.exit_code == 0, done.output
    assert _voided(app) == list(range(1, 11))


def test_no_void_once_the_vote_is_closed(app: Flask, ten: list[str], clock: Clock) -> None:
    clock.now = dt.datetime(2026, 12, 20, tzinfo=dt.UTC)
    refused = _void(app, ten[0], "--reason", "too late", "--yes")
    assert refused.exit_code == 1 and "is closed: its final tally is signed" in refused.output
    with app.app_context():
        kinds = [e.kind for e in LedgerEntry.select().order_by(LedgerEntry.seq)]
    assert kinds[-1] == "close" and "void" not in kinds
