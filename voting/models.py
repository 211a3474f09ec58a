"""Tables. Nothing here holds a raw IP address, token or e-mail: voters are keyed hashes."""

from __future__ import annotations

import datetime as dt
import json

from peewee import (
    AutoField,
    BooleanField,
    CharField,
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

    class Meta:
        indexes = ((("contest", "voter"), True),)


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


MODELS = [Contest, Candidate, LedgerEntry, Ballot, AuditLog, Checkpoint]
