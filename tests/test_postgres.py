"""The same ballots on a real PostgreSQL server: duplicates, the chain, and concurrency."""

from __future__ import annotations

import threading
import uuid
from collections import Counter
from pathlib import Path

from voting import service
from voting.models import Ballot

from .voting_fixtures import OPEN, REGIONAL, Clock, PostgresServer, make_app, verify

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
