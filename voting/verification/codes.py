"""codes: printed one-time voting codes for a closed electorate (a college's own students
and staff). Only keyed hashes are stored; a code is spent by the one ballot it casts (the
ballot's voter key is made of the code, and a contest takes one ballot per voter key)."""

from __future__ import annotations

import re
import secrets

from ..db import write_transaction
from ..identity import keyed
from ..models import AccessCode
from . import Refused

# No 0/O, 1/I/L, 5/S, 8/B: read aloud or typed from paper without doubt.
ALPHABET = "ACDEFGHJKMNPQRTUVWXY2345679"
LENGTH = 12  # 27**12 ≈ 1.5e17: guessing one of 10,000 codes takes ~1.5e13 tries
_SEPARATORS = re.compile(r"[\s\-]+")


def normalise(code: object) -> str:
    if not isinstance(code, str) or len(code) > 64:
        raise Refused("access_code_invalid")
    return _SEPARATORS.sub("", code).upper()


def pretty(code: str) -> str:
    return "-".join(code[i : i + 4] for i in range(0, len(code), 4))


def code_key(secret: str, contest_id: str, code: str) -> str:
    return keyed(secret, "access-code", contest_id, code)


def issue(secret: str, contest_id: str, count: int, batch: str) -> list[str]:
    codes = ["".join(secrets.choice(ALPHABET) for _ in range(LENGTH)) for _ in range(count)]
    with write_transaction():
        AccessCode.insert_many(
            [{"contest": contest_id, "code": code_key(secret, contest_id, c), "batch": batch} for c in codes]
        ).execute()
    return codes


def redeem(secret: str, contest_id: str, code: object) -> str:
    """The normalised code if it was issued for this contest (spent or not: the ballot
    decides that), else Refused."""
    plain = normalise(code)
    if not AccessCode.select().where(AccessCode.code == code_key(secret, contest_id, plain)).exists():
        raise Refused("access_code_invalid")
    return plain
