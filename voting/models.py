"""Tables. Nothing here holds a raw IP address, token or e-mail: voters are keyed hashes."""

from __future__ import annotations

import datetime as dt
import json

from peewee import (
    AutoField,
    BooleanField,
    CharField,
    CompositeKey,
    DateTimeField,
    ForeignKeyField,
    IntegerField,
    Model,
    TextField,
)

from .db import database


def utcnow() -> dt.datetime:
    return dt.datetime.now(dt.UTC).replace(tzinfo=None)


class BaseModel(Model):
    class Meta:
        database = database


class Contest(BaseModel):
    id = CharField(primary_key=True, max_length=100)
    year = IntegerField()
    stage = CharField(max_length=20)
    scope = CharField(max_length=120)  # "college:<id>", "region:KZ-75" or "national"
    title_kk = TextField()
    title_ru = TextField()
    title_en = TextField()
    opens_at = DateTimeField()  # UTC
    closes_at = DateTimeField()  # UTC
    results = CharField(max_length=10)  # live or sealed
    advance = IntegerField()
    opened_early_at = DateTimeField(null=True)
    closed_early_at = DateTimeField(null=True)
    demo = BooleanField(default=False)
    verification = CharField(max_length=10, default="device")  # see voting/verification/
    updated_at = DateTimeField(default=utcnow)


class Candidate(BaseModel):
    contest_id: str  # set by peewee for the foreign key
    contest = ForeignKeyField(Contest, backref="candidates", on_delete="CASCADE")
    slug = CharField(max_length=100)
    name_kk = TextField()
    name_ru = TextField()
    name_en = TextField()
    position = IntegerField(default=0)
    withdrawn = BooleanField(default=False)

    class Meta:
        indexes = ((("contest", "slug"), True),)


class LedgerEntry(BaseModel):
    """Public: exactly what GET /contests/<id>/ledger publishes."""

    contest_id: str
    contest = ForeignKeyField(Contest, backref="entries")
    seq = IntegerField()
    kind = CharField(max_length=10)
    candidate = CharField(max_length=100, null=True)
    ref = IntegerField(null=True)
    reason = TextField(null=True)
    tally = TextField(null=True)  # the close entry's final tally, as canonical JSON
    time = CharField(max_length=40)
    prev = CharField(max_length=64)
    salt = CharField(max_length=32, null=True)  # published when a sealed vote closes
    hash = CharField(max_length=64, unique=True)

    class Meta:
        indexes = ((("contest", "seq"), True),)

    def as_dict(self) -> dict[str, object]:
        return {
            "contest": self.contest_id,
            "seq": self.seq,
            "kind": self.kind,
            "candidate": self.candidate,
            "ref": self.ref,
            "reason": self.reason,
            "tally": None if self.tally is None else json.loads(self.tally),
            "time": self.time,
            "prev": self.prev,
            "salt": self.salt,
            "hash": self.hash,
        }


# Voids and close entries are few among many ballots: this index finds them without a scan
# and costs a ballot's INSERT nothing. Queries name its condition (kind <> 'ballot') so that
# SQLite's planner can use it.
LedgerEntry.add_index(
    LedgerEntry.index(
        LedgerEntry.contest,
        LedgerEntry.seq,
        where=(LedgerEntry.kind != "ballot"),
        name="ledgerentry_not_ballot",
    )
)


class Ballot(BaseModel):
    """Private: which (hashed) voter cast which ledger entry. The unique index is what makes
    one ballot per voter per contest hold under any concurrency."""

    contest_id: str
    contest = ForeignKeyField(Contest, backref="ballots")
    voter = CharField(max_length=64)  # HMAC-SHA256 of the voter's token, keyed per contest
    seq = IntegerField()
    created_at = DateTimeField(default=utcnow)
    # Keyed hash of the sender's network (IPv4 /24, IPv6 /48) for `anomalies`; never the address.
    network = CharField(max_length=64, null=True)

    class Meta:
        indexes = ((("contest", "voter"), True),)


class Tally(BaseModel):
    """Valid ballots per candidate, kept in the ballot's own transaction (and the void's), so
    reading results costs the same at a million ballots as at ten. The ledger stays the
    truth: `tallies.from_ledger` recounts it, and `ledger verify` checks the close entry."""

    contest_id: str
    contest = ForeignKeyField(Contest, backref="tallies")
    candidate = CharField(max_length=100)
    votes = IntegerField(default=0)

    class Meta:
        primary_key = CompositeKey("contest", "candidate")


class AuditLog(BaseModel):
    id = AutoField()
    time = DateTimeField(default=utcnow)
    actor = CharField(max_length=100)
    action = CharField(max_length=40)
    contest = CharField(max_length=100, null=True)
    detail = TextField(default="")


class Checkpoint(BaseModel):
    """Public: a signed statement of a ledger's head, published with the ledger (notary.py)."""

    id = AutoField()
    contest_id: str
    contest = ForeignKeyField(Contest, backref="checkpoints")
    seq = IntegerField()
    hash = CharField(max_length=64)
    time = CharField(max_length=40)
    voids = IntegerField()
    key = CharField(max_length=64)  # the Ed25519 public key, hex
    signature = CharField(max_length=128)

    class Meta:
        indexes = ((("contest", "seq"), False),)

    def as_record(self) -> dict[str, object]:
        point = {"contest": self.contest_id, "seq": self.seq, "hash": self.hash, "time": self.time}
        return {"checkpoint": {**point, "voids": self.voids}, "key": self.key, "signature": self.signature}



class SolvedChallenge(BaseModel):
    """device: a proof of work accepted once, kept until its challenge expires (purge), so
    the same solution cannot buy a second credential on any worker or instance."""

    signature = CharField(primary_key=True, max_length=128)  # the server's HMAC of the challenge
    contest = CharField(max_length=100)
    expires_at = DateTimeField()


class EmailCode(BaseModel):
    """email: the pending one-time code of one address in one contest. The address itself is
    not stored: only its keyed hash; the code only as a keyed hash."""

    contest = CharField(max_length=100)
    address = CharField(max_length=64)  # keyed hash of the normalised address
    code = CharField(max_length=64, null=True)  # keyed hash; None once used or burnt
    expires_at = DateTimeField(null=True)
    attempts = IntegerField(default=0)
    sent_at = DateTimeField(null=True)
    locks = IntegerField(default=0)  # how many times it was locked: each lock lasts twice as long
    locked_until = DateTimeField(null=True)
    verified_at = DateTimeField(null=True)

    class Meta:
        indexes = ((("contest", "address"), True),)


class AccessCode(BaseModel):
    """codes: a printed one-time voting code, stored as a keyed hash only."""

    contest = CharField(max_length=100, index=True)
    code = CharField(max_length=64, unique=True)
    batch = CharField(max_length=40)
    created_at = DateTimeField(default=utcnow)


class VerificationFailure(BaseModel):
    """A refused proof of work, code or login, per network (keyed hash), for `anomalies`."""

    contest = CharField(max_length=100, index=True)
    method = CharField(max_length=10)
    reason = CharField(max_length=40)
    network = CharField(max_length=64)
    time = DateTimeField(default=utcnow)


MODELS = [
    Contest, Candidate, LedgerEntry, Ballot, Tally, AuditLog, Checkpoint,
    SolvedChallenge, EmailCode, AccessCode, VerificationFailure,
]
