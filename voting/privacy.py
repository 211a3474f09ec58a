"""Data-subject requests and retention: what is stored that derives from one e-mail
address, IP address or Telegram id, and the purge of verification data after a contest's
retention period. Ballots and the ledger stay: they are the vote."""

from __future__ import annotations

import datetime as dt
import ipaddress
from typing import Any

from .db import write_transaction
from .identity import Credentials, Voter
from .models import AccessCode, Ballot, Contest, EmailCode, SolvedChallenge, VerificationFailure
from .service import audit, iso, window
from .verification import Refused
from .verification import email as email_method


def _ballot(row: Ballot) -> dict[str, Any]:
    return {"contest": row.contest_id, "seq": row.seq, "time": iso(row.created_at)}


def voter_data(store: Credentials, subject: str) -> dict[str, Any]:
    """Everything stored that derives from ``subject``: an e-mail address, an IP address,
    or ``telegram:<id>``. Stored values are keyed hashes, so they are found by hashing the
    subject the same way, never by reading raw values."""
    contests = [c.id for c in Contest.select(Contest.id)]
    found: dict[str, Any] = {"subject": subject, "ballots": [], "email_codes": [], "failures": []}
    try:
        ipaddress.ip_address(subject)
    except ValueError:
        pass
    else:
        network = store.network_hash(subject)
        found["kind"] = "ip"
        found["network_hash"] = network[:12]
        found["note"] = "IP addresses are stored only as keyed hashes of their /24 (IPv4) or /48 (IPv6)."
        found["ballots"] = [_ballot(b) for b in Ballot.select().where(Ballot.network == network)]
        found["failures"] = [
            {"contest": f.contest, "method": f.method, "reason": f.reason, "time": iso(f.time)}
            for f in VerificationFailure.select().where(VerificationFailure.network == network)
        ]
        return found
    if subject.startswith("telegram:"):
        method, value = "telegram", subject.split(":", 1)[1].strip()
    else:
        try:
            method, value = "email", email_method.normalise(subject)
        except Refused:
            raise ValueError(
                f"'{subject}' is neither an e-mail address, an IP address nor telegram:<id>"
            ) from None
        keys = [email_method.address_key(store.secret, c, value) for c in contests]
        found["email_codes"] = [
            {
                "contest": r.contest,
                "sent": r.sent_at and iso(r.sent_at),
                "verified": r.verified_at and iso(r.verified_at),
                "locked_until": r.locked_until and iso(r.locked_until),
            }
            for r in EmailCode.select().where(EmailCode.address.in_(keys))
        ]
    found["kind"] = method
    voter_key = store.voter_key(method, value)
    ballot_keys = [store.ballot_key(Voter(c, method, voter_key)) for c in contests]
    found["ballots"] = [_ballot(b) for b in Ballot.select().where(Ballot.voter.in_(ballot_keys))]
    return found


def purge(now: dt.datetime, retention_days: int) -> dict[str, int]:
    """Remove verification data of contests closed more than ``retention_days`` ago, and
    spent proofs of work whose challenge has expired (``now``: naive UTC)."""
    done = {"contests": 0, "email_codes": 0, "access_codes": 0, "failures": 0, "networks": 0, "challenges": 0}
    cutoff = now - dt.timedelta(days=retention_days)
    with write_transaction():
        for contest in Contest.select():
            if window(contest)[1] > cutoff:
                continue
            done["contests"] += 1
            done["email_codes"] += EmailCode.delete().where(EmailCode.contest == contest.id).execute()
            done["access_codes"] += AccessCode.delete().where(AccessCode.contest == contest.id).execute()
            done["failures"] += (
                VerificationFailure.delete().where(VerificationFailure.contest == contest.id).execute()
            )
            done["networks"] += (
                Ballot.update(network=None)
                .where((Ballot.contest == contest.id) & Ballot.network.is_null(False))
                .execute()
            )
        # Challenge expiry is wall-clock time (ALTCHA checks it against the real clock).
        wall = dt.datetime.now(dt.UTC).replace(tzinfo=None)
        done["challenges"] = SolvedChallenge.delete().where(SolvedChallenge.expires_at < wall).execute()
        audit("purge", None, retention_days=retention_days, **done)
    return done
