"""What the vote does, over the database, without Flask: status, ballots, tallies, voids."""

from __future__ import annotations

import datetime as dt
import getpass
import json
from collections import Counter
from typing import Any

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


def window(contest: Contest) -> tuple[dt.datetime, dt.datetime]:
    opens = min(contest.opens_at, contest.opened_early_at or contest.opens_at)
    closes = min(contest.closes_at, contest.closed_early_at or contest.closes_at)
    return opens, closes


def status(contest: Contest, now: dt.datetime) -> str:
    opens, closes = window(contest)
    now = utc(now)
    return "upcoming" if now < opens else "open" if now < closes else "closed"


def results_visible(contest: Contest, now: dt.datetime) -> bool:
    state = status(contest, now)
    return state == "closed" or (contest.results == "live" and state == "open")


def iso(moment: dt.datetime) -> str:
    return moment.replace(tzinfo=dt.UTC).isoformat().replace("+00:00", "Z")


def cast_ballot(contest_id: str, candidate: str, voter: str, now: dt.datetime) -> LedgerEntry:
    """Append a ballot to the contest's chain; the unique (contest, voter) index decides
    duplicates, so two simultaneous ballots of one voter cannot both get in."""
    with write_transaction():
        contest = Contest.get_or_none(Contest.id == contest_id)
        if contest is None:
            raise UnknownContest(contest_id)
        if getattr(database.obj, "for_update", False):  # Postgres: serialise this contest's chain
            Contest.select().where(Contest.id == contest_id).for_update().get()
        if status(contest, now) != "open":
            raise NotOpen(status(contest, now))
        if (
            not Candidate.select()
            .where((Candidate.contest == contest) & (Candidate.slug == candidate) & ~Candidate.withdrawn)
            .exists()
        ):
            raise UnknownCandidate(candidate)
        entry = _append(contest, "ballot", now, candidate=candidate)
        try:
            Ballot.create(contest=contest, voter=voter, seq=entry.seq, created_at=utc(now))
        except IntegrityError:
            raise AlreadyVoted(contest_id) from None
        entry.save(force_insert=True)
        return entry


def _append(contest: Contest, kind: str, now: dt.datetime, **fields: Any) -> LedgerEntry:
    head = (
        LedgerEntry.select(LedgerEntry.seq, LedgerEntry.hash)
        .where(LedgerEntry.contest == contest)
        .order_by(LedgerEntry.seq.desc())
        .first()
    )
    data = ledger.make_entry(
        contest.id,
        head.seq + 1 if head else 1,
        kind,
        iso(utc(now)),
        head.hash if head else ledger.GENESIS,
        **fields,
    )
    return LedgerEntry(**{**data, "contest": contest})


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
        record = _append(contest, "void", now, ref=entry.seq, reason=reason.strip())
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
