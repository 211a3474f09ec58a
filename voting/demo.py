"""The demo's closed votes, made real: when the contests are imported, a closed vote of the
demo content (``demo: true``) with an empty ledger gets its ballots, voids, checkpoints and
close entry through the service's own functions, so its chain verifies like any other.

Everything that is random for a real vote (salts, times, who votes for whom) comes here
from a generator seeded with the contest's id, so every machine writes the same ledger
byte for byte, and the published results in content/results/ can name its head. Only the
checkpoints' signatures differ: each machine signs with its own key (voting/notary.py),
which is why the demo's results file names no checkpoint.

    flask --app voting demo results CONTEST   # rewrite content/results/CONTEST.json

Nothing here runs for a contest without ``demo: true``: ``fill`` refuses it.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import random
from collections.abc import Callable
from pathlib import Path
from typing import Any

from . import chain, published, service, voids
from .db import write_transaction
from .models import Candidate, Contest, LedgerEntry
from .notary import Notary

SEED = "top100-demo-ballots-1"  # change it and every demo ledger (and results file) changes
VOIDS = 4  # ballots voided before the close, as a commission finds a few
CHECKPOINT_EVERY = 100  # ballots between two signed checkpoints, as a busy vote would have
DAY_HOURS = (3, 17)  # ballots are cast between 08:00 and 22:00 in Kazakhstan (UTC+5)
# Written to the public ledger and shown on a voided ballot's receipt, in all three languages.
REASON = (
    "Демо: бір адамның екінші дауысы / Демо: второй голос одного человека / "
    "Demo: a second ballot by the same person"
)
PUBLISHED_AFTER = dt.timedelta(minutes=20)  # the demo's results are "written" after the close


class NotDemo(ValueError):
    """A contest without demo: true, which must never get seeded ballots."""


def pending(contest: Contest, now: dt.datetime) -> bool:
    """A demo vote that has closed and whose ledger is still empty."""
    return bool(contest.demo) and service.status(contest, now) == "closed" and chain.head(contest.id) is None


def stale(contest: Contest) -> bool:
    """A demo vote closed with no ballot at all (a database made before the demo had them)."""
    entry = chain.close_entry(contest.id)
    return bool(contest.demo) and entry is not None and entry.seq == 1


def _at(moment: dt.datetime) -> Callable[[], dt.datetime]:
    aware = moment.replace(tzinfo=dt.UTC)
    return lambda: aware


class Seeded:
    """Draws built on ``getrandbits`` alone, whose output for a seed Python keeps across
    versions (``randrange``, ``choices`` and ``sample`` may change how they use it)."""

    def __init__(self, seed: str) -> None:
        self._rng = random.Random(seed)  # a str seed is hashed (SHA-512): the same everywhere

    def below(self, n: int) -> int:
        return self._rng.getrandbits(64) % n  # the bias, under 2^-28 here, does not matter

    def unit(self) -> float:
        return self._rng.getrandbits(53) / 2**53

    def salt(self) -> str:
        return f"{self._rng.getrandbits(128):032x}"

    def choice(self, items: list[str], weights: list[float]) -> str:
        point, total = self.unit() * sum(weights), 0.0
        for item, weight in zip(items, weights, strict=True):
            total += weight
            if point < total:
                return item
        return items[-1]

    def sample(self, n: int, k: int) -> list[int]:
        """``k`` distinct numbers of 1..n (a partial Fisher-Yates shuffle)."""
        pool = list(range(1, n + 1))
        for i in range(k):
            j = i + self.below(n - i)
            pool[i], pool[j] = pool[j], pool[i]
        return sorted(pool[:k])


def _times(rng: Seeded, opens: dt.datetime, closes: dt.datetime, count: int) -> list[dt.datetime]:
    """``count`` moments inside the window, in the daytime, to the microsecond, in order."""
    days = (closes - opens).days + 1
    first, length = DAY_HOURS[0] * 3600 * 10**6, (DAY_HOURS[1] - DAY_HOURS[0]) * 3600 * 10**6
    found: list[dt.datetime] = []
    while len(found) < count:
        day = dt.datetime.combine(opens.date() + dt.timedelta(days=rng.below(days)), dt.time())
        moment = day + dt.timedelta(microseconds=first + rng.below(length))
        if opens <= moment < closes - dt.timedelta(hours=1):  # the last hour is for the voids
            found.append(moment)
    return sorted(found)


def fill(contest: Contest, notary: Notary) -> int:
    """Cast the demo ballots of a closed demo vote, void a few, close and sign its ledger.
    Returns the number of ballots cast. The ledger must be empty."""
    if not contest.demo:
        raise NotDemo(f"{contest.id} is not a demo contest: its ballots come from voters only")
    if chain.head(contest.id) is not None:
        raise ValueError(f"{contest.id} already has a ledger")
    rng = Seeded(f"{SEED}:{contest.id}")
    opens, closes = service.window(contest)
    standing = Candidate.select().where((Candidate.contest == contest) & ~Candidate.withdrawn)
    slugs = [c.slug for c in standing.order_by(Candidate.position)]
    # Support falls with the order of the contest file, with some noise: the first listed
    # lead, as the demo's profiles (who went on to the next stage) tell.
    weights = [len(slugs) - position + rng.unit() for position in range(len(slugs))]
    count = 380 + rng.below(141)
    box = service.BallotBox(ttl=3600)
    for number, moment in enumerate(_times(rng, opens, closes, count), 1):
        candidate = rng.choice(slugs, weights)
        voter = hashlib.sha256(f"{SEED}:{contest.id}:{number}".encode()).hexdigest()
        service.cast_ballot(contest.id, candidate, voter, _at(moment), box, salt=rng.salt())
        if number % CHECKPOINT_EVERY == 0:
            with write_transaction():
                chain.checkpoint(contest.id, notary, _at(moment))
    chosen = voids.select(contest.id, [LedgerEntry.seq.in_(rng.sample(count, VOIDS))])
    voids.void(chosen, REASON, notary, _at(closes - dt.timedelta(minutes=30)), salts=rng.salt)
    service.finalize(contest, notary, _at(closes), salt=rng.salt())
    return count


def fill_closed(notary: Notary, now: dt.datetime) -> tuple[list[str], list[str]]:
    """Fill every closed demo vote whose ledger is empty (after an import). Returns the
    contests filled, and those closed long ago without ballots, which can no longer be."""
    filled, stuck = [], []
    for contest in Contest.select().where(Contest.demo).order_by(Contest.id):
        if pending(contest, now):
            fill(contest, notary)
            filled.append(contest.id)
        elif stale(contest):
            stuck.append(contest.id)
    return filled, stuck


def results(contest: Contest, notary: Notary) -> dict[str, Any]:
    """The published results of a filled demo vote, the same on every machine: written as of
    a moment after its close, and without the checkpoint (signed by this machine's key)."""
    if not contest.demo:
        raise NotDemo(f"{contest.id} is not a demo contest; publish it with: flask --app voting results")
    if chain.head(contest.id) is None:
        raise ValueError(f"{contest.id} has no ballots yet; import the contests first")
    data = published.record(contest, notary, _at(service.window(contest)[1] + PUBLISHED_AFTER))
    return {"demo": True, **data, "checkpoint": None}


def write_results(contest: Contest, notary: Notary, content_dir: Path) -> Path:
    return published.write(results(contest, notary), content_dir)
