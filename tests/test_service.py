"""Ballots under concurrency: exactly one per voter, every 201 has its row and every row its 201."""

from __future__ import annotations

import threading
from collections import Counter
from pathlib import Path

from flask import Flask

from voting import service
from voting.models import Ballot, LedgerEntry

from .voting_fixtures import REGIONAL, verify

THREADS, VOTERS_PER_THREAD, ATTEMPTS_PER_VOTER = 8, 15, 3
CANDIDATES = ["aruzhan-serikkyzy", "dias-nurlanuly", "madina-yerzhankyzy", "yernar-bolatuly"]


def test_concurrent_ballots_with_duplicates(app: Flask, tmp_path: Path) -> None:
    receipts: list[str] = []
    statuses: Counter[int] = Counter()
    lock = threading.Lock()
    start = threading.Barrier(THREADS)

    def worker(number: int) -> None:
        voters = [app.test_client() for _ in range(VOTERS_PER_THREAD)]
        for voter in voters:
            verify(app, voter)
        start.wait()
        for attempt in range(ATTEMPTS_PER_VOTER):  # each voter tries several times, racing others
            for index, voter in enumerate(voters):
                candidate = CANDIDATES[(number + index + attempt) % len(CANDIDATES)]
                response = voter.post(f"/api/v1/contests/{REGIONAL}/ballots", json={"candidate": candidate})
                with lock:
                    statuses[response.status_code] += 1
                    if response.status_code == 201:
                        receipts.append(response.get_json()["receipt"])

    threads = [threading.Thread(target=worker, args=(n,)) for n in range(THREADS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    voters = THREADS * VOTERS_PER_THREAD
    assert statuses == {201: voters, 409: voters * (ATTEMPTS_PER_VOTER - 1)}
    with app.app_context():
        assert Ballot.select().count() == voters
        hashes = {entry.hash for entry in LedgerEntry.select().where(LedgerEntry.kind == "ballot")}
        assert hashes == set(receipts) and len(receipts) == voters
        result = service.verify_contest(REGIONAL)
        assert result.ok and sum(result.tally.values()) == voters
