"""Every status code of /api/v1, the cookie, the problem language, and privacy at rest."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient

from voting import ledger as ledger_module

from .voting_fixtures import COLLEGE, OPEN, REGIONAL, SEALED_OPEN, Clock, make_app, verify

API = "/api/v1"


def _problem(response: Any, status: int) -> dict[str, Any]:
    assert response.status_code == status, response.get_data(as_text=True)
    assert response.mimetype == "application/problem+json"
    body = response.get_json(force=True)
    assert body["status"] == status and body["title"] and body["detail"]
    return body


def test_contests_list_and_detail(client: FlaskClient) -> None:
    contests = client.get(f"{API}/contests").get_json()["contests"]
    assert {c["id"]: c["status"] for c in contests} == {
        REGIONAL: "open", COLLEGE: "closed",
        "2026-aktobe-region-regional": "upcoming", "2026-almaty-polytechnic-college": "closed",
    }
    detail = client.get(f"{API}/contests/{REGIONAL}").get_json()
    assert [c["id"] for c in detail["candidates"]][:2] == ["aruzhan-serikkyzy", "dias-nurlanuly"]
    assert detail["tally"]["total"] == 0  # live results are visible while open
    assert detail["title"]["kk"].startswith("Алматы")


def test_unknown_contest_is_404(client: FlaskClient) -> None:
    _problem(client.get(f"{API}/contests/nope"), 404)
    _problem(client.post(f"{API}/contests/nope/ballots", json={"candidate": "x"}), 404)


def test_a_ballot_gets_a_receipt_that_can_be_checked(client: FlaskClient, vote: Any) -> None:
    response = vote()
    assert response.status_code == 201
    receipt = response.get_json()
    assert len(receipt["receipt"]) == 64 and receipt["seq"] == 1
    assert response.headers["Location"] == receipt["check"]
    checked = client.get(receipt["check"]).get_json()
    assert checked["hash"] == receipt["receipt"] and checked["candidate"]["id"] == "dias-nurlanuly"
    assert checked["voided"] is False
    _problem(client.get(f"{API}/receipts/{'0' * 64}"), 404)


def test_one_ballot_per_voter_per_contest(app: Flask, vote: Any) -> None:
    assert vote().status_code == 201
    _problem(vote("aruzhan-serikkyzy"), 409)
    assert vote(who=app.test_client()).status_code == 201  # another voter


def test_a_ballot_needs_a_credential_for_its_own_contest(app: Flask, clock: Clock) -> None:
    client = app.test_client()
    url = f"{API}/contests/{REGIONAL}/ballots"
    body = _problem(client.post(url, json={"candidate": "dias-nurlanuly"}), 401)
    assert body["type"].endswith("/credential_required")
    forged = {"Authorization": "Bearer eyJjIjoiMjAyNi1hbG1hdHktY2l0eS1yZWdpb25hbCJ9.forged.sig"}
    body = _problem(client.post(url, json={"candidate": "dias-nurlanuly"}, headers=forged), 401)
    assert body["type"].endswith("/credential_invalid")
    clock.now = SEALED_OPEN  # the college vote is open: a credential of it is no use elsewhere
    other = verify(app, client, COLLEGE).get_json()["credential"]
    clock.now = OPEN
    bearer = {"Authorization": f"Bearer {other}"}
    assert client.post(url, json={"candidate": "dias-nurlanuly"}, headers=bearer).status_code == 403
    cookie = client.get_cookie(f"t100_voter_{COLLEGE}", path=f"/api/v1/contests/{COLLEGE}/")
    assert cookie is not None and cookie.http_only  # the browser keeps it out of scripts' reach
    client.set_cookie(f"t100_voter_{REGIONAL}", other, path=f"/api/v1/contests/{REGIONAL}/")
    body = _problem(client.post(url, json={"candidate": "dias-nurlanuly"}), 403)
    assert body["type"].endswith("/credential_other_contest")
    with app.app_context():
        from voting.models import Ballot

        assert Ballot.select().count() == 0


def test_closed_and_upcoming_contests_refuse_ballots(vote: Any, clock: Clock) -> None:
    _problem(vote("sanzhar-askaruly", contest=COLLEGE), 403)
    clock.now = clock.now.replace(year=2025)
    _problem(vote(), 403)


@pytest.mark.parametrize(
    "body",
    ['{"candidate": ', "[]", '{"candidate": 5}', '{"candidate": "x", "extra": 1}', "{}", '"dias-nurlanuly"'],
)
def test_malformed_bodies_are_422(client: FlaskClient, body: str) -> None:
    response = client.post(f"{API}/contests/{REGIONAL}/ballots", data=body, content_type="application/json")
    _problem(response, 422)


def test_unknown_candidate_is_422(vote: Any) -> None:
    _problem(vote("somebody-else"), 422)
    _problem(vote("sanzhar-askaruly"), 422)  # a real profile, but not a candidate here


def test_wrong_content_type_is_415(client: FlaskClient) -> None:
    response = client.post(
        f"{API}/contests/{REGIONAL}/ballots",
        data="candidate=dias-nurlanuly",
        content_type="application/x-www-form-urlencoded",
    )
    _problem(response, 415)


def test_oversized_body_is_413(client: FlaskClient) -> None:
    body = '{"candidate": "' + "x" * 10_000 + '"}'
    _problem(
        client.post(f"{API}/contests/{REGIONAL}/ballots", data=body, content_type="application/json"), 413
    )


def test_too_many_ballots_from_one_voter_is_429_with_retry_after(tmp_path: Path, clock: Clock) -> None:
    app = make_app(tmp_path, clock, TOP100_LIMIT_PER_VOTER="3 per minute")
    client = app.test_client()
    assert verify(app, client).status_code == 201
    codes = [
        client.post(f"{API}/contests/{REGIONAL}/ballots", json={"candidate": "dias-nurlanuly"}).status_code
        for _ in range(4)
    ]
    assert codes == [201, 409, 409, 429]
    response = client.post(f"{API}/contests/{REGIONAL}/ballots", json={"candidate": "dias-nurlanuly"})
    _problem(response, 429)
    assert 0 < int(response.headers["Retry-After"]) <= 60


def test_live_results_and_sealed_results(client: FlaskClient, vote: Any, clock: Clock) -> None:
    vote()
    results = client.get(f"{API}/contests/{REGIONAL}/results").get_json()
    assert results["total"] == 1 and results["tally"][0] == {
        "candidate": "dias-nurlanuly",
        "votes": 1,
        "withdrawn": False,
    }
    clock.now = SEALED_OPEN
    cast = vote("sanzhar-askaruly", contest=COLLEGE).get_json()
    receipt = cast["receipt"]
    body = _problem(client.get(f"{API}/contests/{COLLEGE}/results"), 403)
    assert body["closes"].startswith("2026-09-21")
    assert "tally" not in client.get(f"{API}/contests/{COLLEGE}").get_json()
    ledger = client.get(f"{API}/contests/{COLLEGE}/ledger").get_data(as_text=True)
    entry = json.loads(ledger.splitlines()[0])
    assert entry["seq"] == 1 and entry["candidate"] is None and entry["salt"] is None
    # The hash is published: it commits to the entry's secret salt, which only the voter got.
    assert entry["hash"] == receipt and cast["salt"] not in ledger

    def guess(name: str) -> str:
        fields = {
            "time": entry["time"],
            "prev": ledger_module.GENESIS,
            "candidate": name,
            "salt": cast["salt"],
        }
        return str(ledger_module.make_entry(COLLEGE, 1, "ballot", **fields)["hash"])

    assert [guess(n) == receipt for n in ("yerassyl-kairatuly", "sanzhar-askaruly")] == [False, True]
    own = client.get(f"{API}/receipts/{receipt}").get_json()
    assert own["hash"] == receipt and own["candidate"] is None and own["voided"] is None and "void" not in own
    assert own["counted"] is None
    clock.now = clock.now.replace(month=10)
    assert client.get(f"{API}/contests/{COLLEGE}/results").get_json()["total"] == 1
    closed = [
        json.loads(line)
        for line in client.get(f"{API}/contests/{COLLEGE}/ledger").get_data(as_text=True).splitlines()
    ]
    assert closed[0]["candidate"] == "sanzhar-askaruly" and closed[0]["hash"] == receipt  # all published now
    assert closed[0]["salt"] == cast["salt"] and closed[1]["tally"] == {"sanzhar-askaruly": 1}


def _names(client: FlaskClient, contest: str) -> tuple[dict[str, str], dict[str, dict[str, str]]]:
    """The contest's title and its candidates' names, as the contest's own page states them."""
    detail = client.get(f"{API}/contests/{contest}").get_json()
    return detail["title"], {c["id"]: c["name"] for c in detail["candidates"]}


def test_a_receipt_says_which_vote_which_entry_whether_counted_and_for_whom(
    app: Flask, client: FlaskClient, vote: Any
) -> None:
    code = vote().get_json()["receipt"]
    title, names = _names(client, REGIONAL)
    answer = client.get(f"{API}/receipts/{code.upper()}").get_json()
    assert answer["contest"] == {"id": REGIONAL, "title": title}
    assert title == {
        "kk": "Алматы қаласы, 2026 жыл — өңірлік кезеңдегі дауыс беру",
        "ru": "Город Алматы, 2026 год — голосование регионального этапа",
        "en": "Almaty City 2026 — regional stage vote",
    }
    assert answer["seq"] == 1 and answer["hash"] == code and answer["counted"] is True
    assert answer["candidate"] == {
        "id": "dias-nurlanuly",
        "name": {"kk": "Диас Нұрланұлы", "ru": "Диас Нурланулы", "en": "Dias Nurlanuly"},
    }
    assert answer["candidate"]["name"] == names["dias-nurlanuly"]
    assert answer["voided"] is False and "void" not in answer
    void = ["ballots", "void", code, "--reason", "duplicate account", "--yes"]
    done = app.test_cli_runner().invoke(args=void)
    assert done.exit_code == 0, done.output
    voided = client.get(f"{API}/receipts/{code}").get_json()
    assert voided["counted"] is False and voided["voided"] is True
    assert voided["void"]["reason"] == "duplicate account" and voided["void"]["seq"] == 2
    assert voided["candidate"]["id"] == "dias-nurlanuly"  # still who it was for, no longer counted


def test_a_sealed_receipt_hides_candidate_and_count_until_the_vote_closes(
    app: Flask, client: FlaskClient, vote: Any, clock: Clock
) -> None:
    clock.now = SEALED_OPEN
    kept = vote("sanzhar-askaruly", contest=COLLEGE).get_json()["receipt"]
    gone = vote("yerassyl-kairatuly", contest=COLLEGE, who=app.test_client()).get_json()["receipt"]
    done = app.test_cli_runner().invoke(args=["ballots", "void", gone, "--reason", "bought", "--yes"])
    assert done.exit_code == 0, done.output
    title, names = _names(client, COLLEGE)
    sealed = {code: client.get(f"{API}/receipts/{code}").get_json() for code in (kept, gone)}
    for answer in sealed.values():
        assert answer["contest"] == {"id": COLLEGE, "title": title}  # which vote: never secret
        assert answer["candidate"] is None and answer["counted"] is None and answer["voided"] is None
        assert answer["salt"] is None and "void" not in answer
    # A voided ballot's receipt reads exactly like a counted one's but for its own entry.
    own = {"seq", "time", "prev", "hash"}
    assert {k: v for k, v in sealed[kept].items() if k not in own} == {
        k: v for k, v in sealed[gone].items() if k not in own
    }
    clock.now = clock.now.replace(month=10)  # closed: the seal lifts
    opened = client.get(f"{API}/receipts/{kept}").get_json()
    assert opened["counted"] is True and opened["candidate"] == {
        "id": "sanzhar-askaruly",
        "name": names["sanzhar-askaruly"],
    }
    assert opened["candidate"]["name"]["ru"] and opened["salt"]
    dropped = client.get(f"{API}/receipts/{gone}").get_json()
    assert dropped["counted"] is False and dropped["candidate"]["id"] == "yerassyl-kairatuly"
    assert dropped["void"]["reason"] == "bought"


def test_ledger_is_streamed_as_ndjson(client: FlaskClient, app: Flask, vote: Any) -> None:
    for _ in range(3):
        assert vote(who=app.test_client()).status_code == 201
    response = client.get(f"{API}/contests/{REGIONAL}/ledger")
    assert response.mimetype == "application/x-ndjson" and response.is_streamed
    lines = [json.loads(line) for line in response.get_data(as_text=True).splitlines()]
    assert [line.get("seq") for line in lines[:3]] == [1, 2, 3]
    assert lines[3]["checkpoint"]["seq"] == 1  # the first ballot of a process signs the head


@pytest.mark.parametrize(
    ("lang", "title"),
    [
        ("kk", "Дауыс беру табылмады"),
        ("ru", "Голосование не найдено"),
        ("en", "Vote not found"),
        ("de", "Vote not found"),
        ("ru-KZ,ru;q=0.9,en;q=0.8", "Голосование не найдено"),
    ],
)
def test_problems_speak_the_request_language(client: FlaskClient, lang: str, title: str) -> None:
    response = client.get(f"{API}/contests/nope", headers={"Accept-Language": lang})
    assert _problem(response, 404)["title"] == title


def test_health_and_unknown_paths(client: FlaskClient) -> None:
    assert client.get(f"{API}/health").get_json() == {"status": "ok"}
    _problem(client.get(f"{API}/nothing-here"), 404)
    _problem(client.delete(f"{API}/contests"), 405)


def test_security_headers(client: FlaskClient) -> None:
    headers = client.get(f"{API}/contests").headers
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["Content-Security-Policy"].startswith("default-src 'none'")
    assert headers["X-Frame-Options"] == "DENY"
    assert headers["Cache-Control"] == "no-store"
