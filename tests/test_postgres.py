"""The same ballots on a real PostgreSQL server: duplicates, the chain, and concurrency."""

from __future__ import annotations

import threading
import uuid
from collections import Counter
from pathlib import Path

from voting import service, services
from voting.models import Ballot

from .voting_fixtures import OPEN, REGIONAL, Clock, PostgresServer, make_app, verified, verify

BALLOTS = f"/api/v1/contests/{REGIONAL}/ballots"


def test_ballots_and_the_ledger_on_postgres(postgres: PostgresServer, tmp_path: Path) -> None:
    app = make_app(tmp_path, Clock(OPEN), DATABASE_URL=postgres.new_database(f"t{uuid.uuid4().hex}"))
    voter = app.test_client()
    assert verify(app, voter).status_code == 201
    assert voter.post(BALLOTS, json={"candidate": "dias-nurlanuly"}).status_code == 201
    assert voter.post(BALLOTS, json={"candidate": "dias-nurlanuly"}).status_code == 409
    statuses: Counter[int] = Counter()
    lock = threading.Lock()

    def worker() -> None:
        clients = [app.test_client() for _ in range(10)]
        for client in clients:
            verify(app, client)
        for _ in range(2):
            for client in clients:
                code = client.post(BALLOTS, json={"candidate": "madina-yerzhankyzy"}).status_code
                with lock:
                    statuses[code] += 1

    threads = [threading.Thread(target=worker) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert statuses == {201: 80, 409: 80}
    with app.app_context():
        assert Ballot.select().count() == 81
        result = service.verify_contest(REGIONAL)
        assert result.ok and result.tally == {"madina-yerzhankyzy": 80, "dias-nurlanuly": 1}


def test_voids_checkpoints_and_the_close_entry_on_postgres(postgres: PostgresServer, tmp_path: Path) -> None:
    app = make_app(tmp_path, Clock(OPEN), DATABASE_URL=postgres.new_database(f"t{uuid.uuid4().hex}"))
    for name in ("dias-nurlanuly", "aruzhan-serikkyzy", "dias-nurlanuly"):
        assert verified(app).post(BALLOTS, json={"candidate": name}).status_code == 201
    admin = app.test_cli_runner()
    voided = admin.invoke(
        args=["ballots", "void", "--contest", REGIONAL, "--filter", "seq=3", "--reason", "r", "--yes"]
    )
    assert voided.exit_code == 0, voided.output

    def close() -> None:  # four administrators at once: one close entry
        with app.app_context():
            service.set_window(REGIONAL, "close", Clock(OPEN), services.of(app).notary)

    threads = [threading.Thread(target=close) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    with app.app_context():
        result = service.verify_contest(REGIONAL)
    assert result.ok and result.closed and result.entries == 5 and result.voided == 1, result.summary()
    assert result.tally == {"dias-nurlanuly": 1, "aruzhan-serikkyzy": 1}
