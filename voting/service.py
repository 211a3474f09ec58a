"""What the vote does, over the database, without Flask: status, ballots, tallies, voids."""

from __future__ import annotations

import datetime as dt
import getpass
import json
import time
from collections import Counter
from collections.abc import Callable
from typing import Any, ClassVar

from peewee import IntegrityError

from . import ledger
from .db import database, write_transaction
from .models import AuditLog, Ballot, Candidate, Contest, LedgerEntry


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
    ENTRY = ("contest", "seq", "kind", "candidate", "ref", "reason", "time", "prev", "hash")
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
            f"SELECT seq, hash FROM {e.table_name} WHERE {e.fields['contest'].column_name} = {p} "
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
    ballot then needs no read queries before its write transaction."""

    def __init__(self, ttl: float = 2.0) -> None:
        self.ttl = ttl
        self._cache: dict[str, tuple[float, Contest | None, frozenset[str]]] = {}

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


def cast_ballot(
    contest_id: str,
    candidate: str,
    voter: str,
    now: dt.datetime,
    box: BallotBox | None = None,
    network: str | None = None,
) -> LedgerEntry:
    """Append a ballot to the contest's chain; the unique (contest, voter) index decides
    duplicates, so two simultaneous ballots of one voter cannot both get in."""
    # Read-only checks first, outside the write lock, to keep the serialised part short.
    contest, candidates = (box or BallotBox(ttl=0)).lookup(contest_id)
    if contest is None:
        raise UnknownContest(contest_id)
    if status(contest, now) != "open":
        raise NotOpen(status(contest, now))
    if candidate not in candidates:
        raise UnknownCandidate(candidate)
    # Inside the lock: four statements whose SQL is built once (see HotPath), so the
    # serialised part of a ballot does no query building and no model instances.
    sql = HotPath.of(database.obj)
    with write_transaction():
        row = database.execute_sql(sql.window, (contest_id,)).fetchone()
        opens, closes = effective_window(*(sql.moment(value) for value in row))
        moment = utc(now)
        if not opens <= moment < closes:
            raise NotOpen("closed")  # an administrator may have closed it a moment ago
        head = database.execute_sql(sql.head, (contest_id,)).fetchone()
        seq, prev = (head[0] + 1, head[1]) if head else (1, ledger.GENESIS)
        data = ledger.make_entry(contest_id, seq, "ballot", iso(moment), prev, candidate=candidate)
        try:
            database.execute_sql(sql.ballot, (contest_id, voter, seq, sql.stamp(moment), network))
        except IntegrityError:
            raise AlreadyVoted(contest_id) from None
        database.execute_sql(sql.entry, tuple(data[name] for name in HotPath.ENTRY))
        return LedgerEntry(**data)


def _next_entry(contest_id: str, kind: str, now: dt.datetime, **fields: Any) -> dict[str, Any]:
    """The next entry of the chain (call inside the write transaction)."""
    head = (
        LedgerEntry.select(LedgerEntry.seq, LedgerEntry.hash)
        .where(LedgerEntry.contest == contest_id)
        .order_by(LedgerEntry.seq.desc())
        .limit(1)
        .tuples()
        .first()
    )
    seq, prev = (head[0] + 1, head[1]) if head else (1, ledger.GENESIS)
    return ledger.make_entry(contest_id, seq, kind, iso(utc(now)), prev, **fields)


def tally(contest: Contest) -> Counter[str]:
    voided = LedgerEntry.select(LedgerEntry.ref).where(
        (LedgerEntry.contest == contest) & (LedgerEntry.kind == "void")
    )
    rows = LedgerEntry.select(LedgerEntry.candidate, LedgerEntry.seq).where(
        (LedgerEntry.contest == contest) & (LedgerEntry.kind == "ballot") & LedgerEntry.seq.not_in(voided)
    )
    return Counter(str(row.candidate) for row in rows)


def receipt(code: str) -> tuple[LedgerEntry, LedgerEntry | None]:
    entry = LedgerEntry.get_or_none((LedgerEntry.hash == code) & (LedgerEntry.kind == "ballot"))
    if entry is None:
        raise UnknownReceipt(code)
    void = LedgerEntry.get_or_none(
        (LedgerEntry.contest == entry.contest_id)
        & (LedgerEntry.kind == "void")
        & (LedgerEntry.ref == entry.seq)
    )
    return entry, void


def audit(action: str, contest: str | None, **detail: Any) -> None:
    AuditLog.create(
        actor=getpass.getuser(),
        action=action,
        contest=contest,
        detail=json.dumps(detail, ensure_ascii=False, default=str),
    )


def void_ballot(code: str, reason: str, now: dt.datetime) -> LedgerEntry:
    if not reason.strip():
        raise VoteError("a reason is required")
    with write_transaction():
        entry, void = receipt(code)
        if void is not None:
            raise VoteError(f"ballot {code} was voided already (entry {void.seq})")
        contest = Contest.get_by_id(entry.contest_id)
        record = LedgerEntry(**_next_entry(contest.id, "void", now, ref=entry.seq, reason=reason.strip()))
        record.save(force_insert=True)
        audit("void", contest.id, receipt=code, seq=entry.seq, reason=reason.strip())
        return record


def set_window(contest_id: str, action: str, now: dt.datetime) -> Contest:
    """Open or close a contest early; the change itself goes to the audit log."""
    with write_transaction():
        contest = Contest.get_or_none(Contest.id == contest_id)
        if contest is None:
            raise UnknownContest(contest_id)
        if action == "open":
            contest.opened_early_at = utc(now)
        else:
            contest.closed_early_at = utc(now)
        contest.save()
        audit(action, contest_id, at=iso(utc(now)))
        return contest


def verify_contest(contest_id: str) -> ledger.Verification:
    entries = LedgerEntry.select().where(LedgerEntry.contest == contest_id).order_by(LedgerEntry.seq)
    return ledger.verify((entry.as_dict() for entry in entries), contest_id)
