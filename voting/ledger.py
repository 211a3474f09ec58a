"""The public ledger of a vote: a hash chain with signed checkpoints that anyone can verify.

Download a contest's ledger (``GET /api/v1/contests/<id>/ledger``, one JSON object per line)
and run

    python ledger.py ledger.ndjson [--key HEX] [--checkpoints EARLIER.ndjson]

It checks every line, recomputes every hash and the chain, checks each signed checkpoint
against the chain, recounts the tally, and names what is wrong: an edited, missing or
moved entry, a cut-off end (TRUNCATED), a recomputed chain (REWRITTEN), a void taken out
(VOID REMOVED). Exit status: 0 verified, 1 something is wrong, 2 it could not be checked.
docs/ledger.md specifies every byte, so that a verifier in any language agrees with this one.

This file runs alone with Python 3.11+. Only the signatures (Ed25519) need a package:
``pip install cryptography``. The canonical form (RFC 8785, JCS) is written out below for
the values a ledger holds, and tested against the ``rfc8785`` package.
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import json
import secrets
import sys
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

GENESIS = "0" * 64
KINDS = ("ballot", "void", "close")
# What an entry's hash covers: every field but the hash, each present (null when unused).
FIELDS = ("contest", "seq", "kind", "candidate", "ref", "reason", "tally", "time", "prev", "salt")
# What a sealed vote's ledger shows as null until the vote closes. The hash may be published:
# it commits to the salt, a 128-bit secret, so guessing a candidate cannot reproduce it.
SEALED_HIDDEN = ("candidate", "ref", "reason", "tally", "salt")
CHECKPOINT_FIELDS = ("contest", "seq", "hash", "time", "voids")
MAX_INTEGER = 2**53 - 1  # RFC 8785 numbers are IEEE doubles: larger integers lose digits
# The verifier's labels, most telling first.
SEVERITY = (
    "TRUNCATED",
    "VOID REMOVED",
    "REWRITTEN",
    "WRONG KEY",
    "BAD SIGNATURE",
    "BAD CHECKPOINT",
    "UNSIGNED",
)
NEEDS_CRYPTOGRAPHY = (
    "checking the signatures needs the Python package 'cryptography' (Ed25519): pip install cryptography"
)


def canonical(value: Any) -> bytes:
    """RFC 8785 (JCS) for the values a ledger holds: objects, arrays, strings, integers up to
    2^53 - 1, true, false, null. Floats are refused: the ledger has none, and 5001.0 must not
    pass for 5001. Strings are escaped as ECMAScript's JSON.stringify does, which is what
    json.dumps(ensure_ascii=False) writes; object keys sort by their UTF-16 code units."""
    try:
        if _ascii_keys(value):  # then code point order is UTF-16 order: json's C encoder is exact
            text = json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
        else:
            text = _jcs(value)
        return text.encode("utf-8")
    except UnicodeEncodeError:
        raise ValueError("a string holds a lone surrogate, which has no UTF-8 form") from None


def _ascii_keys(value: Any) -> bool:
    """Whether every object key is ASCII; raises on a value with no canonical form."""
    kind = type(value)
    if value is None or kind is bool or kind is str:
        return True
    if kind is int:
        if abs(value) > MAX_INTEGER:
            raise ValueError(f"integer {value} is outside ±(2^53 - 1)")
        return True
    if kind is dict:
        keys = all(type(key) is str and key.isascii() for key in value)
        return all([_ascii_keys(item) for item in value.values()]) and keys
    if kind is list or kind is tuple:
        return all([_ascii_keys(item) for item in value])
    return bool(_jcs(value))  # raises, naming the value


def _jcs(value: Any) -> str:
    if value is None or value is True or value is False:
        return "null" if value is None else "true" if value else "false"
    if type(value) is int:
        if abs(value) > MAX_INTEGER:
            raise ValueError(f"integer {value} is outside ±(2^53 - 1)")
        return int.__repr__(value)
    if type(value) is str:
        return json.dumps(value, ensure_ascii=False)
    if isinstance(value, dict):
        if not all(type(key) is str for key in value):
            raise ValueError("object keys must be strings")
        items = sorted(value.items(), key=lambda item: item[0].encode("utf-16-be"))
        return "{" + ",".join(f"{json.dumps(k, ensure_ascii=False)}:{_jcs(v)}" for k, v in items) + "}"
    if isinstance(value, list | tuple):
        return "[" + ",".join(_jcs(item) for item in value) + "]"
    raise ValueError(f"{type(value).__name__} {value!r} has no canonical form in a ledger")


def entry_hash(entry: Mapping[str, Any]) -> str:
    return hashlib.sha256(canonical({name: entry.get(name) for name in FIELDS})).hexdigest()


def new_salt() -> str:
    return secrets.token_hex(16)


def timestamp(moment: dt.datetime) -> str:
    """Fixed width, UTC, microseconds: equal lengths for every entry, and text order is time order."""
    if moment.tzinfo is not None:
        moment = moment.astimezone(dt.UTC).replace(tzinfo=None)
    return moment.strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def make_entry(
    contest: str,
    seq: int,
    kind: str,
    time: str,
    prev: str,
    *,
    candidate: str | None = None,
    ref: int | None = None,
    reason: str | None = None,
    tally: dict[str, int] | None = None,
    salt: str | None = None,
) -> dict[str, Any]:
    entry: dict[str, Any] = {
        "contest": contest,
        "seq": seq,
        "kind": kind,
        "candidate": candidate,
        "ref": ref,
        "reason": reason,
        "tally": tally,
        "time": time,
        "prev": prev,
        "salt": new_salt() if salt is None else salt,
    }
    entry["hash"] = entry_hash(entry)
    return entry


def sealed_view(entry: Mapping[str, Any]) -> dict[str, Any]:
    return {**entry, **dict.fromkeys(SEALED_HIDDEN)}


def checkpoint_message(checkpoint: Mapping[str, Any]) -> bytes:
    """The bytes an Ed25519 checkpoint signature covers."""
    return canonical({name: checkpoint.get(name) for name in CHECKPOINT_FIELDS})


def signature_ok(key: str, message: bytes, signature: str) -> bool:
    try:
        from cryptography.exceptions import InvalidSignature
        from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey
    except ImportError:
        raise RuntimeError(NEEDS_CRYPTOGRAPHY) from None
    try:
        Ed25519PublicKey.from_public_bytes(bytes.fromhex(key)).verify(bytes.fromhex(signature), message)
    except (InvalidSignature, ValueError):
        return False
    return True


@dataclass
class Verification:
    contest: str | None
    entries: int = 0
    tally: Counter[str] = field(default_factory=Counter)
    voided: int = 0
    sealed: bool = False
    closed: bool = False
    broken_seq: int | None = None
    problem: str = ""
    findings: list[str] = field(default_factory=list)  # "LABEL: what", worst first
    signed: dict[str, Any] | None = None  # the latest checkpoint that checked out
    keys: set[str] = field(default_factory=set)
    unchecked: str = ""  # why signatures could not be checked

    @property
    def ok(self) -> bool:
        return not self.findings

    def summary(self) -> str:
        if not self.ok:
            return "\n".join(self.findings)
        if self.sealed:
            lines = [
                f"OK (sealed): {self.entries} entries link up; candidates, salts and tally are "
                "published when the vote closes"
            ]
        else:
            votes = ", ".join(f"{name}: {n}" for name, n in self.tally.most_common()) or "no votes"
            state = "closed, final" if self.closed else "open"
            lines = [f"OK: {self.entries} entries, {self.voided} voided, {state}; {votes}"]
        if self.signed:
            lines.append(
                f"signed: checkpoint of entry {self.signed['seq']} at {self.signed['time']} "
                f"by key {', '.join(sorted(self.keys))} (compare it with the site's key)"
            )
            if self.entries > self.signed["seq"]:
                lines.append(
                    f"not signed yet: entries after {self.signed['seq']} (a later checkpoint covers them)"
                )
        if self.unchecked:
            lines.append(f"NOT CHECKED: {self.unchecked}")
        return "\n".join(lines)


def verify(
    entries: Iterable[Mapping[str, Any]],
    contest: str | None = None,
    checkpoints: Iterable[Mapping[str, Any]] = (),
    key: str | None = None,
) -> Verification:
    """Walk the chain in the order given, then hold it against every signed checkpoint."""
    result = Verification(contest)
    chain = list(entries)
    _walk(chain, result)
    _against_checkpoints(chain, list(checkpoints), key, result)
    return result


def _walk(chain: list[Mapping[str, Any]], result: Verification) -> None:
    prev, ballots = GENESIS, {}
    sealed = {entry.get("salt") is None for entry in chain}
    result.sealed = sealed == {True}
    for position, entry in enumerate(chain, 1):
        seq, kind = entry.get("seq"), entry.get("kind")

        def broken(problem: str, at: int = position) -> None:
            result.broken_seq, result.problem = at, problem
            result.findings.append(f"BROKEN at entry {at}: {problem}")

        if result.contest is None:
            result.contest = entry.get("contest")
        if entry.get("contest") != result.contest:
            return broken(f"belongs to contest {entry.get('contest')!r}, not {result.contest!r}")
        if type(seq) is not int:
            return broken(f"its sequence number {seq!r} is not an integer")
        if seq != position:
            return broken(f"has sequence number {seq}, expected {position} (an entry is missing or moved)")
        if len(sealed) > 1:
            return broken("mixes sealed entries (salt null) with published ones")
        if result.closed:
            return broken("comes after the close entry")
        if entry.get("prev") != prev:
            return broken("does not link to the previous entry's hash")
        if kind not in KINDS:
            return broken(f"has unknown kind {kind!r}")
        if result.sealed:
            if any(entry.get(name) is not None for name in SEALED_HIDDEN) or kind == "close":
                return broken("is sealed (salt null) but shows sealed fields")
        else:
            try:
                if entry.get("hash") != entry_hash(entry):
                    return broken("its contents do not match its hash (it was edited)")
            except ValueError as error:
                return broken(f"has no canonical form: {error}")
            if kind == "ballot":
                if not isinstance(entry.get("candidate"), str) or not entry.get("candidate"):
                    return broken("is a ballot without a candidate")
                ballots[seq] = entry["candidate"]
                result.tally[entry["candidate"]] += 1
            elif kind == "void":
                if entry.get("ref") not in ballots:
                    return broken(f"voids entry {entry.get('ref')}, which is not an earlier valid ballot")
                result.tally[ballots.pop(entry["ref"])] -= 1
                result.voided += 1
            else:
                result.tally = +result.tally  # drop candidates whose every ballot was voided
                if entry.get("tally") != dict(result.tally):
                    return broken("its final tally does not match the ballots of the chain")
                result.closed = True
        if kind == "void" and result.sealed:
            result.voided += 1
        prev = str(entry.get("hash"))
        result.entries = position
    result.tally = +result.tally


def _against_checkpoints(
    chain: list[Mapping[str, Any]],
    checkpoints: list[Mapping[str, Any]],
    key: str | None,
    result: Verification,
) -> None:
    by_seq: dict[int, Mapping[str, Any]] = {}
    for entry in chain:
        if type(entry.get("seq")) is int:
            by_seq.setdefault(entry["seq"], entry)
    last = max(by_seq, default=0)
    found: dict[str, str] = {}
    good: list[Mapping[str, Any]] = []
    for record in checkpoints:
        point, signer = record.get("checkpoint"), record.get("key")
        if not isinstance(point, Mapping) or not isinstance(signer, str):
            found.setdefault("BAD CHECKPOINT", "BAD CHECKPOINT: a checkpoint line lacks its fields")
            continue
        seq = point.get("seq")
        where = f"checkpoint of entry {seq} signed at {point.get('time')}"
        if key is not None and signer != key:
            found.setdefault("WRONG KEY", f"WRONG KEY: the {where} is signed by {signer}, not by {key}")
            continue
        if not result.unchecked:
            try:
                if not signature_ok(signer, checkpoint_message(point), str(record.get("signature"))):
                    found.setdefault("BAD SIGNATURE", f"BAD SIGNATURE: the {where} is not signed by {signer}")
                    continue
            except RuntimeError as missing:
                result.unchecked = str(missing)
            except ValueError as error:
                found.setdefault("BAD CHECKPOINT", f"BAD CHECKPOINT: the {where} is not canonical: {error}")
                continue
        if point.get("contest") != result.contest or type(seq) is not int:
            continue  # another contest's checkpoint says nothing about this ledger
        result.keys.add(signer)
        if seq > last:
            found["TRUNCATED"] = (
                f"TRUNCATED: the {where} covers {seq} entries; this ledger ends at entry {last}"
            )
        else:
            named = by_seq.get(seq)
            if named is None or named.get("hash") != point.get("hash"):
                what = (
                    f"entry {seq}, named by the {where}, is missing"
                    if named is None
                    else (f"entry {seq} is not the one the {where} names")
                )
                found.setdefault("REWRITTEN", f"REWRITTEN: {what}")
            voids = sum(1 for s, e in by_seq.items() if s <= seq and e.get("kind") == "void")
            if voids != point.get("voids"):
                found.setdefault(
                    "VOID REMOVED" if voids < point.get("voids", 0) else "REWRITTEN",
                    f"{'VOID REMOVED' if voids < point.get('voids', 0) else 'REWRITTEN'}: the {where} "
                    f"counts {point.get('voids')} voids up to it; this ledger has {voids}",
                )
        if "TRUNCATED" not in found and (result.signed is None or seq >= result.signed["seq"]):
            result.signed = dict(point)
        good.append(point)
    if result.closed and not any(p.get("seq") == result.entries for p in good):
        found.setdefault("UNSIGNED", "UNSIGNED: no signed checkpoint covers the close entry")
    elif chain and not good and not found:
        found["UNSIGNED"] = "UNSIGNED: no signed checkpoint covers any entry of this ledger"
    result.findings[:0] = [found[label] for label in SEVERITY if label in found]


def read_ledger(lines: Iterable[str]) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """Entries and checkpoints. Each line must be exactly the canonical form of its object, so
    that parsers which differ on duplicate keys, 5001.0 or escapes cannot read two ledgers."""
    entries: list[dict[str, Any]] = []
    checkpoints: list[dict[str, Any]] = []
    for number, line in enumerate(lines, 1):
        text = line.rstrip("\r\n")
        if not text.strip():
            continue
        try:
            record = json.loads(text)
            if not isinstance(record, dict) or canonical(record) != text.encode("utf-8"):
                raise ValueError("it is not in the canonical form (RFC 8785, see docs/ledger.md)")
        except ValueError as error:
            raise ValueError(f"line {number}: {error}") from None
        (checkpoints if "checkpoint" in record else entries).append(record)
    return entries, checkpoints


def _read(path: str) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    if path == "-":
        return read_ledger(sys.stdin)
    with open(path, encoding="utf-8") as handle:
        return read_ledger(handle)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python ledger.py", description="Verify a TOP 100 vote's ledger.")
    parser.add_argument("ledger", help="the downloaded ledger (NDJSON); - for standard input")
    parser.add_argument("--key", help="the Ed25519 public key (hex) published on the site; pins the signer")
    parser.add_argument(
        "--checkpoints",
        action="append",
        default=[],
        metavar="FILE",
        help="checkpoints saved earlier (an older download of this ledger, or /checkpoint answers)",
    )
    args = parser.parse_args(argv)
    try:
        entries, checkpoints = _read(args.ledger)
        for path in args.checkpoints:
            checkpoints += _read(path)[1]
    except OSError as error:
        print(f"cannot read the ledger: {error}", file=sys.stderr)
        return 2
    except ValueError as error:  # not JSON, or not the canonical form: not a ledger as published
        print(f"NOT A LEDGER: {error}")
        return 1
    result = verify(entries, checkpoints=checkpoints, key=args.key.lower() if args.key else None)
    print(result.summary())
    return 1 if not result.ok else 2 if result.unchecked else 0


if __name__ == "__main__":
    sys.exit(main())
