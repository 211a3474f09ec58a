"""email: a one-time code sent to an address. Only keyed hashes are stored: of the
normalised address and of the code. The address is needed only to send the message, so
it is never written anywhere. A code expires after a few minutes and allows a few
attempts; then the address is locked, each time twice as long as the time before."""

from __future__ import annotations

import datetime as dt
import hmac
import secrets
from dataclasses import dataclass

from email_validator import EmailNotValidError, validate_email

from ..db import write_transaction
from ..identity import keyed
from ..models import EmailCode
from . import Refused


@dataclass(frozen=True)
class Policy:
    """The numbers of the e-mail method; their defaults live once, in voting/settings.py."""

    code_seconds: int
    attempts: int
    resend_seconds: int
    lock_seconds: int


def normalise(address: object) -> str:
    """The address as one person has it: IDNA domain, lower case, no display name."""
    if not isinstance(address, str) or len(address) > 254:
        raise Refused("email_invalid")
    try:
        valid = validate_email(address.strip(), check_deliverability=False)
    except EmailNotValidError:
        raise Refused("email_invalid") from None
    return f"{valid.local_part.lower()}@{valid.ascii_domain.lower()}"


def address_key(secret: str, contest_id: str, address: str) -> str:
    return keyed(secret, "email-address", contest_id, address)


def _seconds(until: dt.datetime, now: dt.datetime) -> int:
    return max(1, int((until - now).total_seconds() + 0.999))


def new_code(secret: str, contest_id: str, address: str, now: dt.datetime, policy: Policy) -> str:
    """A fresh code for ``address`` (normalised), or Refused while it is locked or a code was
    sent a moment ago. The caller sends the code; it is not stored."""
    key = address_key(secret, contest_id, address)
    code = f"{secrets.randbelow(10**6):06d}"
    with write_transaction():
        row = EmailCode.get_or_none((EmailCode.contest == contest_id) & (EmailCode.address == key))
        if row is None:
            row = EmailCode(contest=contest_id, address=key)
        if row.locked_until and row.locked_until > now:
            raise Refused("email_locked", retry_after=_seconds(row.locked_until, now))
        if row.sent_at and row.sent_at + dt.timedelta(seconds=policy.resend_seconds) > now:
            wait = row.sent_at + dt.timedelta(seconds=policy.resend_seconds)
            raise Refused("email_resend_wait", retry_after=_seconds(wait, now))
        row.code = keyed(secret, "email-code", key, code)
        row.expires_at = now + dt.timedelta(seconds=policy.code_seconds)
        row.attempts = 0
        row.sent_at = now
        row.save()
    return code


def check_code(
    secret: str, contest_id: str, address: str, code: object, now: dt.datetime, policy: Policy
) -> None:
    """Spend a correct code, or count the attempt and refuse."""
    key = address_key(secret, contest_id, address)
    with write_transaction():
        row = EmailCode.get_or_none((EmailCode.contest == contest_id) & (EmailCode.address == key))
        if row is not None and row.locked_until and row.locked_until > now:
            raise Refused("email_locked", retry_after=_seconds(row.locked_until, now))
        if row is None or row.code is None or row.expires_at is None or row.expires_at <= now:
            raise Refused("email_code_expired")
        given = keyed(secret, "email-code", key, code.strip() if isinstance(code, str) else "")
        if hmac.compare_digest(given, row.code):
            row.code, row.expires_at, row.attempts, row.verified_at = None, None, 0, now
            row.save()
            return
        row.attempts += 1
        left = policy.attempts - row.attempts
        if left <= 0:  # burn the code and lock the address: 1, 2, 4... times the first lock
            row.locks += 1
            row.locked_until = now + dt.timedelta(seconds=policy.lock_seconds * 2 ** (row.locks - 1))
            row.code, row.expires_at, row.attempts = None, None, 0
        row.save()
    if row.locked_until and row.locked_until > now:
        raise Refused("email_locked", retry_after=_seconds(row.locked_until, now))
    raise Refused("email_code_wrong", attempts_left=left)
