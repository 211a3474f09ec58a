"""flask --app voting codes issue | anomalies | purge | voter-data, on real databases and
real files (the PDF read back with pdftotext and zbarimg)."""

from __future__ import annotations

import csv
import datetime as dt
import json
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
from flask import Flask

from voting import service
from voting.models import (
    AccessCode,
    Ballot,
    Contest,
    EmailCode,
    LedgerEntry,
    SolvedChallenge,
    VerificationFailure,
)
from voting.verification import email

from .voting_fixtures import COLLEGE, REGIONAL, SEALED_OPEN, Clock, make_app, verify

PUBLIC = "https://top100.example.kz/"


def _ballot(app: Flask, address: str, candidate: str = "dias-nurlanuly") -> int:
    client = app.test_client()
    options: dict[str, Any] = {"environ_base": {"REMOTE_ADDR": address}}
    verify(app, client, **options)
    response = client.post(f"/api/v1/contests/{REGIONAL}/ballots", json={"candidate": candidate}, **options)
    return int(response.status_code)


@pytest.mark.skipif(not shutil.which("zbarimg"), reason="zbar-tools: `make test` installs it")
def test_codes_issue_prints_a_sheet_that_scans_to_the_vote(tmp_path: Path, clock: Clock) -> None:
    clock.now = SEALED_OPEN
    app = make_app(tmp_path, clock, TOP100_PUBLIC_URL=PUBLIC)
    command = ["codes", "issue", COLLEGE, "--count", "20", "--out", str(tmp_path)]
    result = app.test_cli_runner().invoke(args=command)
    assert result.exit_code == 0, result.output
    [pdf] = list(tmp_path.glob(f"{COLLEGE}-codes-*.pdf"))
    rows = list(csv.DictReader(pdf.with_suffix(".csv").open(encoding="utf-8")))
    assert len(rows) == 20 and len({r["code"] for r in rows}) == 20
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    assert rows[0]["code"] in text and rows[19]["code"] in text
    assert "Дауыс беру коды" in text  # Kazakh letters print
    page = tmp_path / "page"
    subprocess.run(["pdftoppm", "-r", "200", "-f", "1", "-l", "1", "-png", str(pdf), str(page)], check=True)
    scanned = subprocess.run(
        ["zbarimg", "--quiet", "--raw", *map(str, tmp_path.glob("page*.png"))], capture_output=True, text=True
    ).stdout.split()
    first = rows[0]["code"].replace("-", "")
    assert f"{PUBLIC}contests/{COLLEGE}/#code={first}" in scanned and len(scanned) == 15  # 15 cards a page
    with app.app_context():
        assert AccessCode.select().count() == 20
        assert not AccessCode.select().where(AccessCode.code.contains(first)).exists()  # hashes only
    client = app.test_client()  # a scanned code votes
    assert client.post(f"/api/v1/contests/{COLLEGE}/credential", json={"code": first}).status_code == 201


def test_codes_issue_refuses_a_contest_of_another_method(app: Flask) -> None:
    result = app.test_cli_runner().invoke(args=["codes", "issue", REGIONAL, "--count", "3"])
    assert result.exit_code != 0 and "verification: codes" in result.output
    result = app.test_cli_runner().invoke(args=["codes", "issue", "nope", "--count", "3"])
    assert result.exit_code != 0 and "no contest 'nope'" in result.output


def test_anomalies_flag_a_burst_and_a_network(app: Flask, clock: Clock) -> None:
    for n in range(6):  # a quiet start: a ballot a minute from here and there
        clock.now += dt.timedelta(minutes=1)
        assert _ballot(app, f"203.0.113.{n}") == 201
    clock.now += dt.timedelta(minutes=1)
    for n in range(40):  # then one /24 casts 40 ballots for one candidate within a minute
        assert _ballot(app, f"198.51.100.{n + 1}") == 201
    for n in range(5):  # honest voters elsewhere
        assert _ballot(app, f"203.0.{n}.9", "aruzhan-serikkyzy") == 201
    bad = app.test_client()
    for _ in range(3):
        url = f"/api/v1/contests/{REGIONAL}/credential"
        bad.post(url, json={"altcha": "x"}, environ_base={"REMOTE_ADDR": "192.0.2.1"})
    runner = app.test_cli_runner()
    options = ["--failures", "3", "--network-min", "30"]
    result = runner.invoke(args=["anomalies", REGIONAL, "--format", "json", *options])
    assert result.exit_code == 0, result.output
    report = json.loads(result.output)
    assert report["ballots"] == 51
    bursts = [m for m in report["minutes"] if m["flagged"]]
    assert [(b["candidate"], b["ballots"]) for b in bursts] == [("dias-nurlanuly", 40)]
    assert [n["ballots"] for n in report["networks"] if n["flagged"]] == [40]
    assert [(f["failures"], f["flagged"]) for f in report["failures"]] == [(3, True)]
    assert "198.51.100" not in result.output
    table = runner.invoke(args=["anomalies", REGIONAL]).output
    assert "51 ballots" in table and "! dias-nurlanuly" in table


def test_voter_data_and_purge(tmp_path: Path, clock: Clock) -> None:
    app = make_app(tmp_path, clock)
    assert _ballot(app, "2001:db8:5:6::7") == 201
    with app.app_context():
        key = email.address_key(app.config["SECRET_KEY"], REGIONAL, "someone@example.kz")
        EmailCode.create(contest=REGIONAL, address=key, sent_at=service.utc(clock.now))
        wall = dt.datetime.now(dt.UTC).replace(tzinfo=None)  # challenges expire by the wall clock
        SolvedChallenge.create(signature="old", contest=REGIONAL, expires_at=wall - dt.timedelta(seconds=1))
        SolvedChallenge.create(signature="live", contest=REGIONAL, expires_at=wall + dt.timedelta(minutes=5))
    runner = app.test_cli_runner()
    found = json.loads(runner.invoke(args=["voter-data", "2001:db8:5:ffff::1", "--format", "json"]).output)
    assert found["kind"] == "ip" and [b["seq"] for b in found["ballots"]] == [1]  # the same /48
    found = json.loads(runner.invoke(args=["voter-data", "SomeOne@example.kz", "--format", "json"]).output)
    assert found["kind"] == "email" and [c["contest"] for c in found["email_codes"]] == [REGIONAL]
    assert runner.invoke(args=["voter-data", "nonsense"]).exit_code != 0

    clock.now = dt.datetime(2026, 10, 25, tzinfo=dt.UTC)  # 34 days after the college vote closed
    result = runner.invoke(args=["purge"])
    # Only the college vote (closed on 21 September) is past its 30 days; the regional one
    # (closed on 15 October) keeps its data.
    assert "contests: 1, email_codes: 0" in result.output and "networks: 0" in result.output
    assert "challenges: 1" in result.output  # only the expired one: a live one still refuses replays
    with app.app_context():
        assert SolvedChallenge.get_or_none(SolvedChallenge.signature == "live") is not None
    clock.now = dt.datetime(2027, 1, 20, tzinfo=dt.UTC)  # 30 days after it closed
    result = runner.invoke(args=["purge"])
    assert result.exit_code == 0 and "email_codes: 1" in result.output and "networks: 1" in result.output
    with app.app_context():
        assert EmailCode.select().count() == 0 and VerificationFailure.select().count() == 0
        assert Ballot.select().count() == 1 and LedgerEntry.select().count() == 1  # the vote stays
        assert Ballot.get().network is None
        assert service.verify_contest(REGIONAL).ok
        assert Contest.select().count() == 4  # the four demo votes
    found = json.loads(runner.invoke(args=["voter-data", "2001:db8:5:6::7", "--format", "json"]).output)
    assert found["ballots"] == []
