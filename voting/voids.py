"""Voiding ballots, one by receipt or many by filter: each void is a new ledger entry that
names the voided entry and the reason, plus an audit record; nothing is edited or deleted.
A vote's voids must happen before it closes: the close entry's tally is final and signed."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from peewee import Expression

from . import chain, ledger, service, tallies
from .db import write_transaction
from .models import Ballot, Contest, LedgerEntry
from .notary import Notary

BATCH = 500  # voids per write transaction: ballots keep flowing between batches
FILTERS = {
    "candidate": "SLUG: ballots for this candidate",
    "from": "TIME: cast at or after this time (ISO 8601, e.g. 2026-11-21T10:00Z)",
    "until": "TIME: cast before this time",
    "seq": "N or A-B: these ledger entries",
    "receipt": "HASH: the ballot with this receipt",
    "network": "HASH: ballots from this network (the keyed hash the anomalies report shows)",
}


class FilterError(ValueError):
    """A --filter the command cannot use; the message names it and says what would work."""


@dataclass
class Selection:
    contest: Contest
    seqs: list[int] = field(default_factory=list)
    candidates: Counter[str] = field(default_factory=Counter)
    first: str = ""
    last: str = ""


def _time(text: str, name: str) -> str:
    try:
        moment = dt.datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        raise FilterError(f"{name}={text}: not a time; write e.g. 2026-11-21T10:00Z") from None
    return ledger.timestamp(moment if moment.tzinfo else moment.replace(tzinfo=dt.UTC))


def _seq(text: str) -> tuple[int, int]:
    low, _, high = text.partition("-")
    try:
        bounds = int(low), int(high or low)
    except ValueError:
        raise FilterError(f"seq={text}: write one entry number (seq=12) or a range (seq=10-20)") from None
    return bounds


def conditions(filters: Iterable[str]) -> list[Expression]:
    """--filter KEY=VALUE options, all of which a ballot must meet."""
    found: list[Expression] = []
    for text in filters:
        name, equals, value = text.partition("=")
        name, value = name.strip(), value.strip()
        if not equals or not value or name not in FILTERS:
            known = "; ".join(f"{key}={hint}" for key, hint in FILTERS.items())
            raise FilterError(f"--filter {text!r}: use KEY=VALUE with one of: {known}")
        if name == "candidate":
            found.append(LedgerEntry.candidate == value)
        elif name == "from":
            found.append(LedgerEntry.time >= _time(value, name))
        elif name == "until":
            found.append(LedgerEntry.time < _time(value, name))
        elif name == "seq":
            low, high = _seq(value)
            found.append(LedgerEntry.seq.between(low, high))
        elif name == "receipt":
            found.append(LedgerEntry.hash == value.lower())
        else:
            ballots = Ballot.select(Ballot.seq).where(
                (Ballot.contest == LedgerEntry.contest) & (Ballot.network == value)
            )
            found.append(LedgerEntry.seq.in_(ballots))
    return found


def select(contest_id: str, filters: Iterable[Expression]) -> Selection:
    """The valid (not yet voided) ballots of a contest that meet every filter."""
    contest = Contest.get_or_none(Contest.id == contest_id)
    if contest is None:
        raise service.UnknownContest(contest_id)
    voided = LedgerEntry.select(LedgerEntry.ref).where(
        (LedgerEntry.contest == contest_id) & chain.NOT_BALLOT & (LedgerEntry.kind == "void")
    )
    query = LedgerEntry.select(LedgerEntry.seq, LedgerEntry.candidate, LedgerEntry.time).where(
        (LedgerEntry.contest == contest_id) & (LedgerEntry.kind == "ballot") & LedgerEntry.seq.not_in(voided),
        *filters,
    )
    chosen = Selection(contest)
    for entry in query.order_by(LedgerEntry.seq).iterator():
        chosen.seqs.append(entry.seq)
        chosen.candidates[str(entry.candidate)] += 1
        chosen.first, chosen.last = chosen.first or entry.time, entry.time
    return chosen


def by_receipts(codes: Iterable[str]) -> Selection:
    """The ballots of these receipts, which must all be of one contest."""
    entries = [service.receipt(code.lower())[0] for code in codes]
    contests = {entry.contest_id for entry in entries}
    if len(contests) != 1:
        raise service.VoteError(
            f"the receipts belong to {len(contests)} contests; void one contest at a time"
        )
    return select(contests.pop(), [LedgerEntry.seq.in_([entry.seq for entry in entries])])


def void(
    chosen: Selection,
    reason: str,
    notary: Notary,
    clock: Callable[[], dt.datetime],
    salts: Callable[[], str] = ledger.new_salt,
    **audit: Any,
) -> list[LedgerEntry]:
    """Append a void for each chosen ballot still valid, then sign a checkpoint at once, so
    that from now on a copy without these voids no longer verifies. Only the demo's seeded
    voids (voting/demo.py) pass ``salts``."""
    reason = reason.strip()
    if not reason:
        raise service.VoteError("a reason is required: it is written to the ledger (--reason TEXT)")
    contest = chosen.contest
    service.seeded(contest, salts is not ledger.new_salt)
    if service.status(contest, clock()) == "closed":
        service.finalize(contest, notary, clock)
        raise service.VoteError(
            f"{contest.id} is closed: its final tally is signed in the ledger; no more voids are possible"
        )
    done: list[LedgerEntry] = []
    for start in range(0, len(chosen.seqs), BATCH):
        with write_transaction():
            chain.lock(contest.id)
            if chain.close_entry(contest.id) is not None:
                raise service.VoteError(f"{contest.id} closed while voiding; {len(done)} ballots were voided")
            for seq in chosen.seqs[start : start + BATCH]:
                if chain.void_of(contest.id, seq) is not None:
                    continue  # voided meanwhile by another administrator
                entry = chain.append(contest.id, "void", clock, ref=seq, reason=reason, salt=salts())
                tallies.add(contest.id, chain.candidate_of(contest.id, seq), -1)
                service.audit("void", contest.id, seq=seq, void=entry.seq, reason=reason, **audit)
                done.append(entry)
    if done:
        with write_transaction():
            chain.checkpoint(contest.id, notary, clock)
    return done
