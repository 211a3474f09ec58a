"""Writing a contest's chain outside the ballot's hot path: voids, the close entry, signed
checkpoints; and reading it back (tally, voids, the published download). Callers hold
``write_transaction()`` around every write; service.py decides when a vote closes."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Callable, Iterator
from typing import Any

from . import ledger, tallies
from .db import database
from .models import Checkpoint, Contest, LedgerEntry
from .notary import Notary

Clock = Callable[[], dt.datetime]
BATCH = 1000
NOT_BALLOT = LedgerEntry.kind != "ballot"  # the partial index's condition (models.py)


def lock(contest_id: str) -> None:
    """Serialise writers of one contest on PostgreSQL (SQLite's write lock already does)."""
    if getattr(database.obj, "for_update", False):
        Contest.select(Contest.id).where(Contest.id == contest_id).for_update().execute()


def head(contest_id: str) -> tuple[int, str, str, str] | None:
    """(seq, hash, kind, time) of the last entry."""
    row: tuple[int, str, str, str] | None = (
        LedgerEntry.select(LedgerEntry.seq, LedgerEntry.hash, LedgerEntry.kind, LedgerEntry.time)
        .where(LedgerEntry.contest == contest_id)
        .order_by(LedgerEntry.seq.desc())
        .limit(1)
        .tuples()
        .first()
    )
    return row


def stamp(moment: dt.datetime, after: str) -> str:
    """The entry's time, read inside the write lock; never before the previous entry's, even
    if the system clock is stepped back (the fixed-width text orders as time does)."""
    return max(ledger.timestamp(moment), after)


def append(contest_id: str, kind: str, clock: Clock, **fields: Any) -> LedgerEntry:
    last = head(contest_id)
    seq, prev, when = (last[0] + 1, last[1], last[3]) if last else (1, ledger.GENESIS, "")
    data = ledger.make_entry(contest_id, seq, kind, stamp(clock(), when), prev, **fields)
    row = {**data, "tally": None if data["tally"] is None else ledger.canonical(data["tally"]).decode()}
    entry = LedgerEntry(**row)
    entry.save(force_insert=True)
    return entry


def voids(contest_id: str, upto: int | None = None) -> int:
    query = LedgerEntry.select().where((LedgerEntry.contest == contest_id) & NOT_BALLOT)
    query = query.where(LedgerEntry.kind == "void")
    return int(query.where(LedgerEntry.seq <= upto).count() if upto else query.count())


def sign(notary: Notary, contest_id: str, seq: int, hash: str, moment: str) -> Checkpoint:
    record = notary.sign(contest_id, seq, hash, moment, voids(contest_id, seq))
    point = record["checkpoint"]
    return Checkpoint.create(
        contest=contest_id,
        seq=point["seq"],
        hash=point["hash"],
        time=point["time"],
        voids=point["voids"],
        key=record["key"],
        signature=record["signature"],
    )


def checkpoint(contest_id: str, notary: Notary, clock: Clock, moved_only: bool = False) -> Checkpoint | None:
    """Sign the head now (inside a write transaction); None for an empty ledger, or with
    ``moved_only`` when the latest checkpoint already names the head."""
    lock(contest_id)
    last = head(contest_id)
    if last is None:
        return None
    if moved_only:
        point = latest_checkpoint(contest_id)
        if point is not None and point.seq == last[0] and point.key == notary.public:
            notary.signed(contest_id)
            return None
    return sign(notary, contest_id, last[0], last[1], stamp(clock(), last[3]))


def close_entry(contest_id: str) -> LedgerEntry | None:
    return LedgerEntry.get_or_none(
        (LedgerEntry.contest == contest_id) & NOT_BALLOT & (LedgerEntry.kind == "close")
    )


def tally(contest_id: str) -> Counter[str]:
    """Valid ballots per candidate, as kept with each ballot and void (tallies.py)."""
    return tallies.counts(contest_id)


def close(contest_id: str, notary: Notary, clock: Clock, salt: str | None = None) -> LedgerEntry | None:
    """Append the close entry with the final tally and sign it, unless it is there already
    (inside a write transaction, so of two closers the second sees the first's entry)."""
    lock(contest_id)
    if close_entry(contest_id) is not None:
        return None
    entry = append(contest_id, "close", clock, tally=dict(sorted(tally(contest_id).items())), salt=salt)
    sign(notary, contest_id, entry.seq, entry.hash, entry.time)
    return entry


def candidate_of(contest_id: str, seq: int) -> str:
    entry = LedgerEntry.get((LedgerEntry.contest == contest_id) & (LedgerEntry.seq == seq))
    return str(entry.candidate)


def void_of(contest_id: str, seq: int) -> LedgerEntry | None:
    return LedgerEntry.get_or_none(
        (LedgerEntry.contest == contest_id)
        & NOT_BALLOT
        & (LedgerEntry.kind == "void")
        & (LedgerEntry.ref == seq)
    )


def published(contest_id: str, sealed: bool) -> Iterator[bytes]:
    """The download: every entry then every checkpoint, one canonical JSON object per line, up
    to the head as it was when the download began (so its checkpoints never name an entry it
    lacks). While a sealed vote is open, entries show no candidate, ref, reason or salt."""
    last = head(contest_id)
    end = last[0] if last else 0
    after = 0
    while after < end:
        batch = list(
            LedgerEntry.select()
            .where((LedgerEntry.contest == contest_id) & (LedgerEntry.seq > after) & (LedgerEntry.seq <= end))
            .order_by(LedgerEntry.seq)
            .limit(BATCH)
        )
        for entry in batch:
            data = entry.as_dict()
            yield ledger.canonical(ledger.sealed_view(data) if sealed else data) + b"\n"
        after = batch[-1].seq if batch else end
    points = Checkpoint.select().where((Checkpoint.contest == contest_id) & (Checkpoint.seq <= end))
    for point in points.order_by(Checkpoint.id).iterator():
        yield ledger.canonical(point.as_record()) + b"\n"


def latest_checkpoint(contest_id: str) -> Checkpoint | None:
    query = Checkpoint.select().where(Checkpoint.contest == contest_id)
    found: Checkpoint | None = query.order_by(Checkpoint.seq.desc(), Checkpoint.id.desc()).first()
    return found


def entries_and_checkpoints(contest_id: str) -> tuple[Iterator[dict[str, Any]], list[dict[str, Any]]]:
    entries = LedgerEntry.select().where(LedgerEntry.contest == contest_id).order_by(LedgerEntry.seq)
    points = Checkpoint.select().where(Checkpoint.contest == contest_id).order_by(Checkpoint.id)
    return (entry.as_dict() for entry in entries.iterator()), [p.as_record() for p in points]
