"""Writing the chain: entry times in chain order, checkpoints every so often, and a vote's
close entry appended exactly once, whoever comes first after the closing time."""

from __future__ import annotations

import datetime as dt
import threading
import time
from collections import Counter
from pathlib import Path

import pytest
from flask import Flask

from voting import ledger, notary, service
from voting.models import Checkpoint, Contest, LedgerEntry

from .voting_fixtures import OPEN, REGIONAL, Clock, make_app, verified

BALLOTS = f"/api/v1/contests/{REGIONAL}/ballots"
CLOSED = dt.datetime(2026, 12, 20, tzinfo=dt.UTC)  # after the regional vote's closing


def _entries(app: Flask) -> list[LedgerEntry]:
    with app.app_context():
        return list(LedgerEntry.select().where(LedgerEntry.contest == REGIONAL).order_by(LedgerEntry.seq))


def test_entry_times_follow_the_chain_under_concurrency(tmp_path: Path) -> None:
    start = time.monotonic()
    app = make_app(tmp_path, Clock(OPEN))
    app.config["TOP100_CLOCK"] = lambda: OPEN + dt.timedelta(seconds=time.monotonic() - start)

    def worker() -> None:
        for _ in range(12):
            assert verified(app).post(BALLOTS, json={"candidate": "dias-nurlanuly"}).status_code == 201

    threads = [threading.Thread(target=worker) for _ in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    times = [entry.time for entry in _entries(app)]
    assert len(times) == 72 and times == sorted(times)


def test_a_clock_stepped_back_does_not_move_an_entry_before_the_last(app: Flask, clock: Clock) -> None:
    assert verified(app).post(BALLOTS, json={"candidate": "dias-nurlanuly"}).status_code == 201
    clock.now = OPEN - dt.timedelta(minutes=5)
    assert verified(app).post(BALLOTS, json={"candidate": "dias-nurlanuly"}).status_code == 201
    first, second = _entries(app)
    assert first.time == second.time == ledger.timestamp(OPEN)


def test_a_ballot_signs_a_checkpoint_when_the_last_is_old_enough(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    ticks = [1000.0]  # the notary's monotonic clock, moved by the test
    monkeypatch.setattr(notary.time, "monotonic", lambda: ticks[0])
    app = make_app(tmp_path, Clock(OPEN), TOP100_CHECKPOINT_SECONDS=60)
    for number in range(6):
        ticks[0] += 59 if number == 3 else 1  # ballot 4 comes 60 s after ballot 1 signed
        assert verified(app).post(BALLOTS, json={"candidate": "dias-nurlanuly"}).status_code == 201
    with app.app_context():
        assert [c.seq for c in Checkpoint.select().order_by(Checkpoint.id)] == [1, 4]


def test_the_close_entry_is_appended_once_by_whoever_comes_first(app: Flask, clock: Clock) -> None:
    for name in ("dias-nurlanuly", "dias-nurlanuly", "aruzhan-serikkyzy"):
        assert verified(app).post(BALLOTS, json={"candidate": name}).status_code == 201
    clock.now = CLOSED
    paths = [f"/api/v1/contests/{REGIONAL}/{part}" for part in ("results", "ledger", "checkpoint")]
    paths.append(f"/api/v1/contests/{REGIONAL}")
    statuses: Counter[int] = Counter()
    barrier = threading.Barrier(8)

    def reader(number: int) -> None:
        client = verified(app) if number == 7 else app.test_client()  # a verified voter, too late
        barrier.wait()
        if number == 7:
            statuses[client.post(BALLOTS, json={"candidate": "dias-nurlanuly"}).status_code] += 1
        else:
            response = client.get(paths[number % 4])
            response.get_data()  # read the streamed ledger here, in its own request's thread
            statuses[response.status_code] += 1

    threads = [threading.Thread(target=reader, args=(n,)) for n in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert statuses == {200: 7, 403: 1}
    assert (
        app.test_cli_runner().invoke(args=["ledger", "checkpoint", REGIONAL]).output
        == f"{REGIONAL}\tunchanged\n"
    )
    entries = _entries(app)
    assert [e.kind for e in entries] == ["ballot", "ballot", "ballot", "close"]
    assert entries[-1].as_dict()["tally"] == {"aruzhan-serikkyzy": 1, "dias-nurlanuly": 2}
    with app.app_context():
        assert Checkpoint.select().where(Checkpoint.seq == 4).count() == 1
        result = service.verify_contest(REGIONAL)
    assert result.ok and result.closed and result.signed and result.signed["seq"] == 4, result.summary()


def test_contests_close_closes_the_ledger_and_nothing_reopens_it(app: Flask, clock: Clock) -> None:
    assert verified(app).post(BALLOTS, json={"candidate": "dias-nurlanuly"}).status_code == 201
    admin = app.test_cli_runner()
    assert admin.invoke(args=["contests", "close", REGIONAL]).exit_code == 0
    assert admin.invoke(args=["contests", "close", REGIONAL]).exit_code == 0
    assert [e.kind for e in _entries(app)] == ["ballot", "close"]
    with app.app_context():  # an import that moved the closing later cannot add to a closed ledger
        Contest.update(closed_early_at=None, closes_at=dt.datetime(2027, 1, 1)).execute()
    late = verified(app).post(BALLOTS, json={"candidate": "dias-nurlanuly"})
    assert late.status_code == 403 and len(_entries(app)) == 2
    checked = admin.invoke(args=["ledger", "verify", REGIONAL])
    assert checked.exit_code == 0 and "closed, final; dias-nurlanuly: 1" in checked.output
