"""The public ledger of a vote: a hash chain anyone can verify.

This file uses only the standard library on purpose: download a contest's ledger
(``GET /api/v1/contests/<id>/ledger``, one JSON object per line) and run

    python ledger.py ledger.ndjson

to recompute every hash, check the chain, and print the tally. It exits 1 and names the
first broken entry if anything was edited, deleted or reordered.

Each entry: ``contest, seq, kind ("ballot" or "void"), candidate, ref (the voided seq),
reason, time, prev`` and ``hash = sha256`` of those fields as canonical JSON. The first
entry's ``prev`` is 64 zeros. A ballot's receipt is its entry's hash.
"""

from __future__ import annotations

import hashlib
import json
import sys
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

GENESIS = "0" * 64
FIELDS = ("contest", "seq", "kind", "candidate", "ref", "reason", "time", "prev")
KINDS = ("ballot", "void")


def entry_hash(entry: Mapping[str, Any]) -> str:
    payload = {name: entry.get(name) for name in FIELDS}
    canonical = json.dumps(payload, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def make_entry(
    contest: str,
    seq: int,
    kind: str,
    time: str,
    prev: str,
    candidate: str | None = None,
    ref: int | None = None,
    reason: str | None = None,
) -> dict[str, Any]:
    entry: dict[str, Any] = {
        "contest": contest,
        "seq": seq,
        "kind": kind,
        "candidate": candidate,
        "ref": ref,
        "reason": reason,
        "time": time,
        "prev": prev,
    }
    entry["hash"] = entry_hash(entry)
    return entry


@dataclass
class Verification:
    contest: str | None
    entries: int = 0
    tally: Counter[str] = field(default_factory=Counter)
    voided: int = 0
    broken_seq: int | None = None
    problem: str = ""

    @property
    def ok(self) -> bool:
        return self.broken_seq is None

    def summary(self) -> str:
        if not self.ok:
            return f"BROKEN at entry {self.broken_seq}: {self.problem}"
        votes = ", ".join(f"{name}: {count}" for name, count in self.tally.most_common()) or "no votes"
        return f"OK: {self.entries} entries, {self.voided} voided; {votes}"


def verify(entries: Iterable[Mapping[str, Any]], contest: str | None = None) -> Verification:
    """Walk the chain in the order given; stop at the first entry that does not fit."""
    result = Verification(contest)
    prev, ballots = GENESIS, {}
    for position, entry in enumerate(entries, 1):
        seq = entry.get("seq")
        label = seq if isinstance(seq, int) else position

        def broken(problem: str, at: int = label) -> Verification:
            result.broken_seq, result.problem = at, problem
            return result

        if result.contest is None:
            result.contest = entry.get("contest")
        if entry.get("contest") != result.contest:
            return broken(f"belongs to contest {entry.get('contest')!r}, not {result.contest!r}")
        if seq != position:
            return broken(
                f"has sequence number {seq}, expected {position} (an entry is missing or moved)", position
            )
        if entry.get("prev") != prev:
            return broken("does not link to the previous entry's hash")
        if entry.get("hash") != entry_hash(entry):
            return broken("its contents do not match its hash (it was edited)")
        kind = entry.get("kind")
        if kind == "ballot":
            if not entry.get("candidate"):
                return broken("is a ballot without a candidate")
            ballots[seq] = entry["candidate"]
            result.tally[entry["candidate"]] += 1
        elif kind == "void":
            ref = entry.get("ref")
            if ref not in ballots:
                return broken(f"voids entry {ref}, which is not an earlier valid ballot")
            result.tally[ballots.pop(ref)] -= 1
            result.voided += 1
        else:
            return broken(f"has unknown kind {kind!r}")
        prev = entry["hash"]
        result.entries = position
    result.tally = +result.tally  # drop candidates whose every ballot was voided
    return result


def read_ndjson(lines: Iterable[str]) -> list[dict[str, Any]]:
    return [json.loads(line) for line in lines if line.strip()]


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    if len(args) != 1:
        print("usage: python ledger.py LEDGER.ndjson   (use - for standard input)", file=sys.stderr)
        return 2
    try:
        if args[0] == "-":
            entries = read_ndjson(sys.stdin)
        else:
            with open(args[0], encoding="utf-8") as handle:
                entries = read_ndjson(handle)
    except (OSError, ValueError) as exc:
        print(f"cannot read the ledger {args[0]}: {exc}", file=sys.stderr)
        return 2
    result = verify(entries)
    print(result.summary())
    return 0 if result.ok else 1


if __name__ == "__main__":
    sys.exit(main())
