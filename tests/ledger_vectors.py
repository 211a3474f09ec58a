"""Test vectors of docs/ledger.md, made from fixed inputs (a published test key, fixed salts),
so that a verifier in another language can check itself byte for byte. The files under
tests/data/ledger/ are this module's output; test_ledger.py checks they still match.

    python -m tests.ledger_vectors    # rewrite the files after a deliberate format change
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from voting import ledger
from voting.notary import Notary

DATA = Path(__file__).resolve().parent / "data" / "ledger"
TEST_SEED = bytes(range(32))  # a test key for the vectors only; never a service's key
CONTEST = "2026-demo-vectors"

# RFC 8785 cases for the value types a ledger holds: [input JSON text, canonical text].
JCS_CASES = [
    '{"b": 2, "a": 1}',
    '{"seq": 5001, "ref": null, "ok": true, "no": false}',
    '{"t": "Қазақша — русский — English"}',
    '{"esc": "quote \\" backslash \\\\ slash / tab \\t newline \\n cr \\r bs \\b ff \\f"}',
    '{"ctl": "\\u0000\\u0001\\u001f\\u007f"}',
    '{"u": "\\u00e9\\u2028\\u2029\\ud83d\\ude00"}',
    '{"\\ud83d\\ude00": 1, "\\ufb33": 2, "a": 3, "Ä": 4}',
    '{"n": [9007199254740991, -9007199254740991, 0, -1]}',
    '{"deep": {"z": [], "y": {}, "x": [{"b": 1, "a": 2}]}}',
]


def jcs_vectors() -> list[list[str]]:
    return [[case, ledger.canonical(json.loads(case)).decode("utf-8")] for case in JCS_CASES]


def sample() -> tuple[bytes, dict[str, Any]]:
    """A closed ledger: three ballots, a void, the close entry, and its checkpoints."""
    notary = Notary(Ed25519PrivateKey.from_private_bytes(TEST_SEED), every=60)
    rows: list[dict[str, Any]] = []
    points: list[dict[str, Any]] = []

    def add(kind: str, **fields: Any) -> None:
        seq = len(rows) + 1
        prev = rows[-1]["hash"] if rows else ledger.GENESIS
        time = f"2026-11-21T10:00:{seq:02d}.000000Z"
        salt = hashlib.sha256(f"vector salt {seq}".encode()).hexdigest()[:32]
        rows.append(ledger.make_entry(CONTEST, seq, kind, time, prev, salt=salt, **fields))

    def sign() -> None:
        head = rows[-1]
        voids = sum(1 for row in rows if row["kind"] == "void")
        points.append(notary.sign(CONTEST, head["seq"], head["hash"], head["time"], voids))

    add("ballot", candidate="dias-nurlanuly")
    sign()
    add("ballot", candidate="aruzhan-serikkyzy")
    add("ballot", candidate="dias-nurlanuly")
    add("void", ref=3, reason="Бір адам екі рет дауыс берді / one person voted twice")
    sign()
    add("close", tally={"aruzhan-serikkyzy": 1, "dias-nurlanuly": 1})
    sign()
    text = b"".join(ledger.canonical(record) + b"\n" for record in [*rows, *points])
    entry = rows[0]
    hashed = {name: entry[name] for name in ledger.FIELDS}
    detail = {
        "key": notary.public,
        "test_seed": TEST_SEED.hex(),
        "entry": {
            "hashed": hashed,
            "canonical": ledger.canonical(hashed).decode("utf-8"),
            "hash": entry["hash"],
        },
        "checkpoint": {
            "record": points[0],
            "message": ledger.checkpoint_message(points[0]["checkpoint"]).decode("utf-8"),
        },
        "jcs": jcs_vectors(),
    }
    return text, detail


def write() -> None:
    DATA.mkdir(parents=True, exist_ok=True)
    text, detail = sample()
    (DATA / "sample-ledger.ndjson").write_bytes(text)
    (DATA / "vectors.json").write_text(json.dumps(detail, ensure_ascii=False, indent=2) + "\n", "utf-8")


if __name__ == "__main__":
    write()
