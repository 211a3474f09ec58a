"""What the vote does, over the database, without Flask: status, ballots, tallies, closing."""

from __future__ import annotations

import datetime as dt
import getpass
import json
import time
from collections import Counter
from collections.abc import Callable
from typing import Any, ClassVar

from peewee import IntegrityError

from . import chain, ledger, tallies
from .db import database, write_transaction
from .models import AuditLog, Ballot, Candidate, Contest, LedgerEntry
from .notary import Notary


class VoteError(Exception):
    """A ballot or action that cannot be accepted; ``code`` names it for the API."""

    code = "error"


class UnknownContest(VoteError):
    code = "unknown_contest"


class NotOpen(VoteError):
    code = "not_open"


class UnknownCandidate(VoteError):
    code = "unknown_candidate"


class AlreadyVoted(VoteError):
    code = "already_voted"


class UnknownReceipt(VoteError):
    code = "unknown_receipt"


def utc(moment: dt.datetime) -> dt.datetime:
    """Naive UTC, as stored."""
    return moment.astimezone(dt.UTC).replace(tzinfo=None) if moment.tzinfo else moment


def effective_window(
    opens: dt.datetime,
    closes: dt.datetime,
    opened_early: dt.datetime | None,
    closed_early: dt.datetime | None,
) -> tuple[dt.datetime, dt.datetime]:
    """The planned window, moved by an administrator's early opening or closing."""
    return min(opens, opened_early or opens), min(closes, closed_early or closes)


def window(contest: Contest) -> tuple[dt.datetime, dt.datetime]:
    return effective_window(
        contest.opens_at, contest.closes_at, contest.opened_early_at, contest.closed_early_at
    )


def status(contest: Contest, now: dt.datetime) -> str:
    opens, closes = window(contest)
    now = utc(now)
    return "upcoming" if now < opens else "open" if now < closes else "closed"


def sealed(contest: Contest, now: dt.datetime) -> bool:
    """A sealed vote that has not closed: its tally and its ballots' contents stay hidden."""
    return contest.results == "sealed" and status(contest, now) != "closed"


def results_visible(contest: Contest, now: dt.datetime) -> bool:
    state = status(contest, now)
    return state == "closed" or (contest.results == "live" and state == "open")


def iso(moment: dt.datetime) -> str:
    return moment.replace(tzinfo=dt.UTC).isoformat().replace("+00:00", "Z")


class HotPath:
    """The ballot's SQL, generated from the models' own table and column names once per
    database (placeholders differ: ? for SQLite, %s for Postgres)."""

    BALLOT = ("contest", "voter", "seq", "created_at", "network")
    ENTRY = ("contest", "seq", "kind", "candidate", "ref", "reason", "tally", "time", "prev", "salt", "hash")
    _built: ClassVar[dict[int, HotPath]] = {}

    def __init__(self, db: Any) -> None:
        p = db.param
        lock = " FOR UPDATE" if getattr(db, "for_update", False) else ""
        c, e, b = Contest._meta, LedgerEntry._meta, Ballot._meta
        self.window = (
            f"SELECT {c.fields['opens_at'].column_name}, {c.fields['closes_at'].column_name}, "
            f"{c.fields['opened_early_at'].column_name}, {c.fields['closed_early_at'].column_name} "
            f"FROM {c.table_name} WHERE {c.fields['id'].column_name} = {p}{lock}"
        )
        self.head = (
            f"SELECT seq, hash, kind, time FROM {e.table_name} WHERE {e.fields['contest'].column_name} = {p} "
            "ORDER BY seq DESC LIMIT 1"
        )
        columns = [b.fields[name].column_name for name in self.BALLOT]
        self.ballot = (
            f"INSERT INTO {b.table_name} ({', '.join(columns)}) VALUES ({', '.join([p] * len(columns))})"
        )
        columns = [e.fields[name].column_name for name in self.ENTRY]
        self.entry = (
            f"INSERT INTO {e.table_name} ({', '.join(columns)}) VALUES ({', '.join([p] * len(columns))})"
        )
        self.tally = tallies.upsert_sql(db)
        self.moment: Callable[[Any], Any] = Contest.opens_at.python_value
        self.stamp: Callable[[Any], Any] = Ballot.created_at.db_value

    @classmethod
    def of(cls, db: Any) -> HotPath:
        if id(db) not in cls._built:
            cls._built[id(db)] = cls(db)
        return cls._built[id(db)]


class BallotBox:
    """The contest rows a ballot is checked against, kept in this process for at most
    ``ttl`` seconds: contests change only by import or by the administrators' CLI, and a
    ballot then needs no read queries before its write transaction. The notary signs a
    checkpoint on a ballot when this process has not signed one for a while."""

    def __init__(self, ttl: float = 2.0, notary: Notary | None = None) -> None:
        self.ttl, self.notary = ttl, notary
        self._cache: dict[str, tuple[float, Contest | None, frozenset[str]]] = {}

    def forget(self) -> None:
        """Read the contests again on the next ballot (after an import, in tests)."""
        self._cache.clear()

    def lookup(self, contest_id: str) -> tuple[Contest | None, frozenset[str]]:
        hit = self._cache.get(contest_id)
        if hit is None or hit[0] < time.monotonic():
            contest = Contest.get_or_none(Contest.id == contest_id)
            names = (
                frozenset()
                if contest is None
                else frozenset(
                    c.slug
                    for c in Candidate.select(Candidate.slug).where(
                        (Candidate.contest == contest) & ~Candidate.withdrawn
                    )
                )
            )
            hit = (time.monotonic() + self.ttl, contest, names)
            self._cache[contest_id] = hit
        return hit[1], hit[2]


def seeded(contest: Contest, chosen: bool) -> None:
    """Chosen salts are the demo's (voting/demo.py): a real vote's salts are secret and random."""
    if chosen and not contest.demo:
        raise ValueError(f"{contest.id} is not a demo contest: its ledger takes no chosen salt")


def cast_ballot(
    contest_id: str,
    candidate: str,
    voter: str,
    clock: Callable[[], dt.datetime],
    box: BallotBox | None = None,
    network: str | None = None,
    salt: str | None = None,
) -> LedgerEntry:
    """Append a ballot to the contest's chain; the unique (contest, voter) index decides
    duplicates, so two simultaneous ballots of one voter cannot both get in. ``salt`` is
    given only by the demo's seeded ballots (voting/demo.py); a real ballot's is random."""
    # Read-only checks first, outside the write lock, to keep the serialised part short.
    box = box or BallotBox(ttl=0)
    contest, candidates = box.lookup(contest_id)
    if contest is None:
        raise UnknownContest(contest_id)
    seeded(contest, salt is not None)
    state = status(contest, clock())
    if state != "open":
        if state == "closed" and box.notary is not None:
            finalize(contest, box.notary, clock)  # the first ballot after the close closes the ledger
        raise NotOpen(state)
    if candidate not in candidates:
        raise UnknownCandidate(candidate)
    # Inside the lock: five statements whose SQL is built once (see HotPath), so the
    # serialised part of a ballot does no query building and no model instances.
    sql = HotPath.of(database.obj)
    with write_transaction():
        row = database.execute_sql(sql.window, (contest_id,)).fetchone()
        opens, closes = effective_window(*(sql.moment(value) for value in row))
        head = database.execute_sql(sql.head, (contest_id,)).fetchone()
        seq, prev, kind, after = head if head else (0, ledger.GENESIS, None, "")
        moment = utc(clock())  # inside the lock: entry times follow the chain's order
        if not opens <= moment < closes or kind == "close":
            raise NotOpen("closed")  # an administrator may have closed it a moment ago
        data = ledger.make_entry(
            contest_id, seq + 1, "ballot", chain.stamp(moment, after), prev, candidate=candidate, salt=salt
        )
        try:
            database.execute_sql(sql.ballot, (contest_id, voter, seq + 1, sql.stamp(moment), network))
        except IntegrityError:
            raise AlreadyVoted(contest_id) from None
        database.execute_sql(sql.entry, tuple(data[name] for name in HotPath.ENTRY))
        database.execute_sql(sql.tally, (contest_id, candidate))
        if box.notary is not None and box.notary.due(contest_id):
            chain.sign(box.notary, contest_id, seq + 1, data["hash"], data["time"])
        return LedgerEntry(**data)


def finalize(
    contest: Contest, notary: Notary, clock: Callable[[], dt.datetime], salt: str | None = None
) -> LedgerEntry | None:
    """Close the ledger of a vote whose time is up: append the close entry with the final
    tally, signed, exactly once. Whoever comes first after the closing time does it: the
    administrators' ``contests close`` or ``ledger checkpoint``, or any API request that
    reads the contest's results, ledger or receipts or tries to vote. The close entry's
    existence is checked again inside the write lock, so a race appends one, not two."""
    seeded(contest, salt is not None)
    if status(contest, clock()) != "closed" or chain.close_entry(contest.id) is not None:
        return None
    with write_transaction():
        return chain.close(contest.id, notary, clock, salt=salt)


def tally(contest: Contest) -> Counter[str]:
    return chain.tally(contest.id)


def receipt(code: str) -> tuple[LedgerEntry, LedgerEntry | None]:
    entry = LedgerEntry.get_or_none((LedgerEntry.hash == code) & (LedgerEntry.kind == "ballot"))
    if entry is None:
        raise UnknownReceipt(code)
    return entry, chain.void_of(entry.contest_id, entry.seq)


def audit(action: str, contest: str | None, **detail: Any) -> None:
    AuditLog.create(
        actor=getpass.getuser(),
        action=action,
        contest=contest,
        detail=json.dumps(detail, ensure_ascii=False, default=str),
    )


def set_window(
    contest_id: str, action: str, clock: Callable[[], dt.datetime], notary: Notary | None = None
) -> Contest:
    """Open or close a contest early; the change itself goes to the audit log. Closing also
    closes the ledger (see ``finalize``) in the same transaction."""
    now = utc(clock())
    with write_transaction():
        contest = Contest.get_or_none(Contest.id == contest_id)
        if contest is None:
            raise UnknownContest(contest_id)
        if action == "open":
            contest.opened_early_at = now
        else:
            contest.closed_early_at = now
        contest.save()
        audit(action, contest_id, at=iso(now))
        if action == "close" and notary is not None:
            chain.close(contest_id, notary, clock)
        return contest


def verify_contest(contest_id: str, key: str | None = None) -> ledger.Verification:
    """The stored chain against its stored checkpoints; ``key`` pins the signer."""
    entries, checkpoints = chain.entries_and_checkpoints(contest_id)
    return ledger.verify(entries, contest_id, checkpoints, key)
