"""A sealed vote, tried as an attacker would: cast many ballots in between other people's,
take the public sealed ledger and your own receipts, and brute-force each gap. The same
attack must recover every ballot of a deliberately unsalted variant (so it can fail) and
nothing of the real ledger."""

from __future__ import annotations

import datetime as dt
import itertools
import json
import random
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient

from voting import ledger

from .voting_fixtures import COLLEGE, SEALED_OPEN, Clock, verified

API = "/api/v1"
BALLOTS = f"{API}/contests/{COLLEGE}/ballots"
CANDIDATES = ("yerassyl-kairatuly", "sanzhar-askaruly", "aigerim-tulegenkyzy")  # 18, 16, 19 characters
# What an attacker assumes for a salt they cannot see; the unsalted ledger of the first test
# uses it too (a salt everyone knows is no secret, and is still 32 hex digits).
NO_SECRET = "0" * 32


def _scenario(app: Flask, clock: Clock) -> tuple[dict[int, str], dict[int, dict[str, Any]], list[bytes]]:
    """Attacker ballots with gaps of 1-3 honest ballots between them. Returns the truth of
    the honest ballots, the attacker's own 201 answers by entry, and the bodies of everything
    the attacker then reads: the sealed ledger, and the receipt of every published hash."""
    rng = random.Random(8)
    honest: dict[int, str] = {}
    own: dict[int, dict[str, Any]] = {}
    clock.now = SEALED_OPEN

    def cast(candidate: str) -> dict[str, Any]:
        clock.now += dt.timedelta(seconds=rng.randint(1, 30))
        response = verified(app, COLLEGE).post(BALLOTS, json={"candidate": candidate})
        assert response.status_code == 201, response.get_data(as_text=True)
        return dict(response.get_json())

    for _ in range(12):
        mine = cast(CANDIDATES[0])
        own[mine["seq"]] = {**mine, "candidate": CANDIDATES[0]}
        for _ in range(rng.randint(1, 3)):
            body = cast(name := rng.choice(CANDIDATES))
            honest[body["seq"]] = name
    mine = cast(CANDIDATES[1])
    own[mine["seq"]] = {**mine, "candidate": CANDIDATES[1]}
    reader = app.test_client()
    sealed = reader.get(f"{API}/contests/{COLLEGE}/ledger").get_data()
    hashes = [json.loads(line)["hash"] for line in sealed.splitlines() if b'"checkpoint"' not in line]
    receipts = [reader.get(f"{API}/receipts/{code}").get_data() for code in hashes]
    return honest, own, [sealed, *receipts]


def _gap_attack(public: list[dict[str, Any]], own: dict[int, dict[str, Any]]) -> dict[int, str]:
    """The attack of issue 8: between two of my entries, try every assignment of candidates
    to the honest entries; the one whose chain reproduces my next receipt is the truth."""
    times = {entry["seq"]: entry["time"] for entry in public}
    found: dict[int, str] = {}
    mine = sorted(own)
    for start, end in itertools.pairwise(mine):
        gap = range(start + 1, end)
        for guess in itertools.product(CANDIDATES, repeat=len(gap)):
            prev = own[start]["receipt"]
            for seq, name in zip(gap, guess, strict=True):
                entry = ledger.make_entry(
                    COLLEGE, seq, "ballot", times[seq], prev, candidate=name, salt=NO_SECRET
                )
                prev = entry["hash"]
            mine_end = own[end]
            closing = ledger.make_entry(
                COLLEGE,
                end,
                "ballot",
                times[end],
                prev,
                candidate=mine_end["candidate"],
                salt=mine_end["salt"],
            )
            if closing["hash"] == mine_end["receipt"]:
                found.update(zip(gap, guess, strict=True))
                break
    return found


def _hash_attack(public: list[dict[str, Any]]) -> dict[int, str]:
    """The simpler attack on a published hash: hash each candidate and compare."""
    found: dict[int, str] = {}
    for entry in public:
        for name in CANDIDATES:
            fields = {"candidate": name, "salt": NO_SECRET}
            if (
                ledger.make_entry(COLLEGE, entry["seq"], "ballot", entry["time"], entry["prev"], **fields)[
                    "hash"
                ]
                == entry["hash"]
            ):
                found[entry["seq"]] = name
    return found


def _public(sealed: bytes) -> list[dict[str, Any]]:
    return [json.loads(line) for line in sealed.splitlines() if b'"checkpoint"' not in line]


def test_the_attack_recovers_every_ballot_of_an_unsalted_ledger(
    app: Flask, clock: Clock, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(ledger, "new_salt", lambda: NO_SECRET)
    honest, own, (sealed, *_) = _scenario(app, clock)
    public = _public(sealed)
    assert _gap_attack(public, own) == honest
    assert {seq: name for seq, name in _hash_attack(public).items() if seq in honest} == honest


def test_the_sealed_ledger_gives_the_attacker_nothing(app: Flask, clock: Clock) -> None:
    honest, own, (sealed, *receipts) = _scenario(app, clock)
    public = _public(sealed)
    assert len(honest) >= 12 and _gap_attack(public, own) == {} and _hash_attack(public) == {}
    # Nothing published names a candidate or a salt, and every published entry is the same
    # size whatever its candidate (the sizes of the slugs differ).
    everything = b"".join([sealed, *receipts])
    assert not any(name.encode() in everything for name in CANDIDATES)
    assert not any(own_entry["salt"].encode() in everything for own_entry in own.values())
    lines = [line for line in sealed.splitlines() if b'"checkpoint"' not in line]
    sizes = {len(line) for line in lines if 10 <= json.loads(line)["seq"] <= 40}
    assert len(sizes) == 1
    assert len({len(body) for body in receipts[9:40]}) == 1
    # The attacker's own receipts show what the ledger shows, and no more.
    mine = json.loads(receipts[min(own) - 1])
    assert mine["candidate"] is None and mine["voided"] is None and mine["hash"] == own[min(own)]["receipt"]


def test_answers_to_ballots_are_the_same_size_whatever_the_candidate(app: Flask, clock: Clock) -> None:
    clock.now = SEALED_OPEN
    sizes = set()
    for name in CANDIDATES * 3:
        response = verified(app, COLLEGE).post(f"{API}/contests/{COLLEGE}/ballots", json={"candidate": name})
        assert response.status_code == 201
        sizes.add(len(response.get_data()))
    assert len(sizes) == 1


def test_a_void_in_a_sealed_vote_shows_neither_ref_nor_reason_until_it_closes(
    app: Flask, clock: Clock, client: FlaskClient
) -> None:
    clock.now = SEALED_OPEN
    cast = [verified(app, COLLEGE).post(BALLOTS, json={"candidate": n}) for n in CANDIDATES]
    victim = cast[1].get_json()["receipt"]
    done = app.test_cli_runner().invoke(
        args=["ballots", "void", victim, "--reason", "ballot for sanzhar-askaruly bought", "--yes"]
    )
    assert done.exit_code == 0, done.output
    download = client.get(f"{API}/contests/{COLLEGE}/ledger").get_data()
    void = json.loads(download.splitlines()[3])
    assert void["kind"] == "void" and void["ref"] is None and void["reason"] is None
    assert b"bought" not in download and b"sanzhar" not in download
    assert client.get(f"{API}/receipts/{victim}").get_json()["voided"] is None
    # Closed: everything is published, and the whole ledger verifies with the void in it.
    clock.now = dt.datetime(2026, 10, 1, tzinfo=dt.UTC)
    entries, checkpoints = ledger.read_ledger(
        client.get(f"{API}/contests/{COLLEGE}/ledger").get_data(as_text=True).splitlines()
    )
    assert entries[3]["ref"] == 2 and entries[3]["reason"] == "ballot for sanzhar-askaruly bought"
    result = ledger.verify(entries, checkpoints=checkpoints)
    assert result.ok and result.closed and result.voided == 1, result.summary()
    assert result.tally == {"yerassyl-kairatuly": 1, "aigerim-tulegenkyzy": 1}
    assert client.get(f"{API}/receipts/{victim}").get_json()["void"]["reason"].startswith("ballot for")
