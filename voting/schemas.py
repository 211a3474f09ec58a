"""The bodies of /api/v1 as pydantic models: the routes build every JSON answer through them
(``Body.dump``) and voting/openapi.py generates the document's components from them, so the
description cannot drift from what is served.

A field with a default may be absent from an answer (it is dumped only when a route sets
it); a field without one is always there, null included when its type allows it."""

from __future__ import annotations

from typing import Any, Literal, TypeAlias, TypeVar

from pydantic import BaseModel, ConfigDict, Field
from pydantic.json_schema import SkipJsonSchema

HASH = r"^[0-9a-f]{64}$"
SALT = r"^[0-9a-f]{32}$"
SEALED = "null while a sealed vote is open; published when it closes"

# A member that is either there with a value or not there at all: never null, so the
# schema leaves null out.
T = TypeVar("T")
Absent: TypeAlias = T | SkipJsonSchema[None]


class Body(BaseModel):
    # extra="forbid": a field a route adds without the model is an error there, and the
    # schema says additionalProperties: false, so Schemathesis catches the other direction.
    model_config = ConfigDict(extra="forbid")

    def dump(self) -> dict[str, Any]:
        return self.model_dump(mode="json", exclude_unset=True)


class Localized(Body):
    kk: str
    ru: str
    en: str


class Problem(Body):
    """An error, RFC 9457 application/problem+json, worded in the request's language."""

    type: str = Field(description="/api/v1/problems/<code>")
    title: str
    status: int
    detail: str
    closes: Absent[str] = Field(
        default=None,
        description="sealed: when the results are published",
        json_schema_extra={"format": "date-time"},
    )
    attempts_left: Absent[int] = Field(default=None, description="email_code_wrong: codes left to try")


class Verification(Body):
    method: Literal["device", "email", "telegram", "codes"]
    bot: str | None = Field(default=None, description="telegram: the bot's username")
    bot_id: str | None = Field(default=None, description="telegram: the bot's numeric id")


class ContestSummary(Body):
    id: str
    year: int
    stage: Literal["college", "region", "republic"]
    scope: str = Field(description="college:<id>, region:<ISO 3166-2:KZ code> or national")
    title: Localized
    opens: str = Field(json_schema_extra={"format": "date-time"})
    closes: str = Field(json_schema_extra={"format": "date-time"})
    status: Literal["upcoming", "open", "closed"] = Field(description="computed in Asia/Almaty time")
    results: Literal["live", "sealed"]
    advance: int
    demo: bool
    verification: Verification


class ContestList(Body):
    contests: list[ContestSummary]


class Candidate(Body):
    id: str = Field(description="the candidate's profile id")
    name: Localized
    withdrawn: bool


class TallyRow(Body):
    candidate: str
    votes: int
    withdrawn: bool


class Tally(Body):
    total: int
    as_of: str = Field(json_schema_extra={"format": "date-time"})
    tally: list[TallyRow]


class Contest(ContestSummary):
    candidates: list[Candidate]
    tally: Absent[Tally] = Field(default=None, description="present while the results are visible")


class Results(Tally):
    contest: str
    status: Literal["open", "closed"]


class Receipt(Body):
    """The answer to an accepted ballot."""

    receipt: str = Field(pattern=HASH, description="the ledger entry's hash")
    contest: str
    seq: int
    time: str
    salt: str = Field(
        pattern=SALT,
        description="the entry's secret: with it the voter can recompute the receipt from their "
        "own candidate (docs/ledger.md); in a sealed vote, no one else sees it before the vote closes",
    )
    check: str = Field(description="where to look the receipt up")


class LedgerEntry(Body):
    """One line of the ledger download (docs/ledger.md); hash = SHA-256 of the RFC 8785 form of
    every field but hash."""

    contest: str
    seq: int = Field(ge=1)
    kind: Literal["ballot", "void", "close"]
    candidate: str | None = Field(description=SEALED)
    ref: int | None = Field(description=f"the voided entry; {SEALED}")
    reason: str | None = Field(description=f"why it was voided; {SEALED}")
    tally: dict[str, int] | None = Field(description="the close entry's final tally")
    time: str = Field(description="UTC, YYYY-MM-DDTHH:MM:SS.ffffffZ")
    prev: str = Field(pattern=HASH)
    salt: str | None = Field(pattern=SALT, description=SEALED)
    hash: str = Field(pattern=HASH)


class CheckpointStatement(Body):
    contest: str
    seq: int
    hash: str = Field(pattern=HASH)
    time: str
    voids: int = Field(description="void entries up to seq")


class Checkpoint(Body):
    """An Ed25519 signature over the RFC 8785 form of checkpoint."""

    checkpoint: CheckpointStatement
    key: str = Field(pattern=HASH)
    signature: str = Field(pattern=r"^[0-9a-f]{128}$")


class LedgerKey(Body):
    algorithm: Literal["Ed25519"]
    key: str = Field(pattern=HASH)
    format: str


class ReceiptContest(Body):
    id: str
    title: Localized


class ReceiptCandidate(Body):
    id: str = Field(description="the candidate's profile id")
    name: Localized


class Void(Body):
    seq: int = Field(description="the void entry's own place in the ledger")
    reason: str
    time: str


class ReceiptStatus(Body):
    """A receipt in plain terms: which vote, which entry, whether it counts and for whom. While
    a sealed vote is open it shows what the sealed ledger shows of its entry, and no more."""

    contest: ReceiptContest
    seq: int = Field(ge=1, description="the entry's place in the vote's ledger")
    kind: Literal["ballot"]
    candidate: ReceiptCandidate | None = Field(description=SEALED)
    counted: bool | None = Field(
        description="whether the ballot counts in the tally (false once voided); " + SEALED
    )
    voided: bool | None = Field(description=SEALED)
    void: Absent[Void] = Field(default=None, description="present once the ballot is voided")
    ref: int | None
    reason: str | None
    tally: dict[str, int] | None
    time: str = Field(description="UTC, YYYY-MM-DDTHH:MM:SS.ffffffZ")
    prev: str = Field(pattern=HASH)
    salt: str | None = Field(pattern=SALT, description=SEALED)
    hash: str = Field(pattern=HASH, description="the receipt itself")


class Health(Body):
    status: Literal["ok"]


class Challenge(Body):
    """An ALTCHA v2 proof-of-work challenge; its parameters are the altcha library's."""

    parameters: dict[str, Any]
    signature: str


class EmailCodeSent(Body):
    sent: Literal[True]
    expires_in: int = Field(description="seconds the code stays valid")


class Credential(Body):
    contest: str
    method: Literal["device", "email", "telegram", "codes"]
    credential: str = Field(
        description="also set as an HttpOnly cookie; API clients send Authorization: Bearer"
    )


# Requests: the ballot's body is validated by its model; the verification bodies depend on
# the contest's method, which a schema cannot say (voting/verification/routes.py checks them).


class BallotRequest(Body):
    candidate: str = Field(description="the candidate's profile id")


class EmailCodeRequest(Body):
    email: str


class CredentialRequest(Body):
    """By the contest's method: device {altcha: base64 ALTCHA v2 payload of a solved
    challenge}; email {email, code}; telegram {telegram: Login Widget fields}; codes {code: a
    printed access code}."""

    model_config = ConfigDict(json_schema_extra={"minProperties": 1})

    altcha: Absent[str] = None
    email: Absent[str] = None
    code: Absent[str] = None
    telegram: Absent[dict[str, Any]] = None


RESPONSES: tuple[type[Body], ...] = (
    Problem, ContestList, Contest, Results, Receipt, LedgerEntry, Checkpoint, LedgerKey,
    ReceiptStatus, Health, Challenge, EmailCodeSent, Credential,
)
REQUESTS: tuple[type[Body], ...] = (BallotRequest, EmailCodeRequest, CredentialRequest)
