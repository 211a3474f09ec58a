"""Uncached reads of a contest's results and detail with many ballots stored: they read the
tally rows kept with each ballot (voting/tallies.py), so they should not grow with the vote.

    python -m benchmarks.tally_read [--ballots 1000000] [--runs 51]

Writes the ballots straight into the ledger's table of a fresh SQLite database (no hashing:
this measures reading), counts them once as the migration does, then times GET
/api/v1/contests/<id>/results and /api/v1/contests/<id> through Flask's test client with the
results cache off, beside the recount from the ledger the reads did before."""

from __future__ import annotations

import argparse
import datetime as dt
import random
import statistics
import tempfile
import time
from pathlib import Path
from typing import Any

from voting import create_app, importer, tallies
from voting.db import database, write_transaction

CONTENT = Path(__file__).resolve().parent.parent / "content"
CONTEST = "2026-almaty-city-regional"
CANDIDATES = ["aruzhan-serikkyzy", "dias-nurlanuly", "madina-yerzhankyzy"]
OPEN = dt.datetime(2026, 10, 12, 10, 0, tzinfo=dt.UTC)
BATCH = 50_000


def bulk(count: int, contest: str = CONTEST, seed: int = 7) -> None:
    """``count`` ballots of ``contest`` (inside an app context), then the tally recount."""
    rng = random.Random(seed)
    for start in range(1, count + 1, BATCH):
        seqs = range(start, min(count, start + BATCH - 1) + 1)
        entries = [
            (
                contest,
                seq,
                "ballot",
                rng.choice(CANDIDATES),
                "2026-10-12T09:00:00.000000Z",
                "0" * 64,
                f"{seq:064x}",
            )
            for seq in seqs
        ]
        ballots = [(contest, f"{seq:064x}", seq, "2026-10-12 09:00:00") for seq in seqs]
        with write_transaction():
            cursor = database.cursor()
            cursor.executemany(
                "INSERT INTO ledgerentry (contest_id, seq, kind, candidate, time, prev, hash) "
                "VALUES (?, ?, ?, ?, ?, ?, ?)",
                entries,
            )
            cursor.executemany(
                "INSERT INTO ballot (contest_id, voter, seq, created_at) VALUES (?, ?, ?, ?)", ballots
            )
    with write_transaction():
        tallies.rebuild([contest])


def median_ms(client: Any, path: str, runs: int = 21) -> float:
    took = []
    for _ in range(runs):
        started = time.perf_counter()
        response = client.get(path)
        took.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200, response.get_data(as_text=True)
    return statistics.median(took)


def app(folder: Path) -> Any:
    made = create_app(
        {
            "TESTING": True,
            "SECRET_KEY": "benchmark-secret-0123456789abcdef",
            "DATABASE_URL": f"sqlite:///{folder / 'votes.sqlite3'}",
            "TOP100_CONTENT_DIR": str(CONTENT),
            "TOP100_CLOCK": lambda: OPEN,
            "TOP100_LEDGER_KEY_FILE": str(folder / "ledger.pem"),
            "TOP100_RESULTS_CACHE_SECONDS": 0,
        }
    )
    with made.app_context():
        importer.import_contests(importer.load(CONTENT))
    return made


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--ballots", type=int, default=1_000_000)
    parser.add_argument("--runs", type=int, default=51)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="top100-tally-") as folder:
        service = app(Path(folder))
        with service.app_context(), database.connection_context():
            started = time.perf_counter()
            bulk(args.ballots)
            print(f"{args.ballots:,} ballots written and counted in {time.perf_counter() - started:.1f} s")
            started = time.perf_counter()
            assert tallies.consistent(CONTEST)
            print(f"recount from the ledger (the read before tallies): {time.perf_counter() - started:.2f} s")
        client = service.test_client()
        api = f"/api/v1/contests/{CONTEST}"
        print(f"GET results, uncached: median {median_ms(client, f'{api}/results', args.runs):.2f} ms")
        print(f"GET contest detail, uncached: median {median_ms(client, api, args.runs):.2f} ms")


if __name__ == "__main__":
    main()
