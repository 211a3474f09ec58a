"""Tables. Nothing here holds a raw IP address, token or e-mail: voters are keyed hashes."""

from __future__ import annotations

import datetime as dt

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
    time = CharField(max_length=40)
    prev = CharField(max_length=64)
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
            "time": self.time,
            "prev": self.prev,
            "hash": self.hash,
        }


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


MODELS = [Contest, Candidate, LedgerEntry, Ballot, AuditLog]
