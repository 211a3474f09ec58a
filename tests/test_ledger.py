"""The hash chain: anyone can verify it, and any edit, deletion or reordering is named."""

from __future__ import annotations

import hashlib
import json
import sqlite3
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import rfc8785
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey
from flask import Flask
from hypothesis import given, settings
from hypothesis import strategies as st

from voting import ledger, service

from . import ledger_vectors
from .conftest import REPO
from .voting_fixtures import REGIONAL


@pytest.fixture
def five_ballots(app: Flask, vote: Any) -> list[str]:
    candidates = [
        "dias-nurlanuly",
        "aruzhan-serikkyzy",
        "dias-nurlanuly",
        "yernar-bolatuly",
        "dias-nurlanuly",
    ]
    return [vote(name, who=app.test_client()).get_json()["receipt"] for name in candidates]


def _db(tmp_path: Path) -> sqlite3.Connection:
    return sqlite3.connect(tmp_path / "votes.sqlite3", isolation_level=None)


def _verify(app: Flask) -> ledger.Verification:
    with app.app_context():
        return service.verify_contest(REGIONAL)


def test_an_untouched_ledger_verifies_with_its_tally(app: Flask, five_ballots: list[str]) -> None:
    result = _verify(app)
    assert result.ok and result.entries == 5
    assert result.tally == {"dias-nurlanuly": 3, "aruzhan-serikkyzy": 1, "yernar-bolatuly": 1}


def test_an_edited_entry_is_named(app: Flask, five_ballots: list[str], tmp_path: Path) -> None:
    _db(tmp_path).execute("UPDATE ledgerentry SET candidate = 'aruzhan-serikkyzy' WHERE seq = 3")
    result = _verify(app)
    assert result.broken_seq == 3 and "edited" in result.problem


def test_a_deleted_entry_is_named(app: Flask, five_ballots: list[str], tmp_path: Path) -> None:
    _db(tmp_path).execute("DELETE FROM ledgerentry WHERE seq = 2")
    result = _verify(app)
    assert result.broken_seq == 2 and "missing" in result.problem


def test_reordered_entries_are_named(app: Flask, five_ballots: list[str], tmp_path: Path) -> None:
    db = _db(tmp_path)
    db.execute("UPDATE ledgerentry SET seq = -1 WHERE seq = 4")
    db.execute("UPDATE ledgerentry SET seq = 4 WHERE seq = 2")
    db.execute("UPDATE ledgerentry SET seq = 2 WHERE seq = -1")
    assert _verify(app).broken_seq == 2


def test_the_cli_verifies_and_fails_on_tampering(app: Flask, five_ballots: list[str], tmp_path: Path) -> None:
    runner = app.test_cli_runner()
    ok = runner.invoke(args=["ledger", "verify", REGIONAL])
    assert ok.exit_code == 0 and "OK: 5 entries" in ok.output
    _db(tmp_path).execute("UPDATE ledgerentry SET time = '2026-01-01T00:00:00Z' WHERE seq = 4")
    broken = runner.invoke(args=["ledger", "verify", REGIONAL])
    assert broken.exit_code == 1 and "BROKEN at entry 4" in broken.output


def test_the_standalone_script_checks_a_downloaded_ledger(
    client: Any, five_ballots: list[str], tmp_path: Path
) -> None:
    download = client.get(f"/api/v1/contests/{REGIONAL}/ledger").get_data(as_text=True)
    path = tmp_path / "ledger.ndjson"
    path.write_text(download, encoding="utf-8")
    script = REPO / "voting" / "ledger.py"
    ok = subprocess.run([sys.executable, str(script), str(path)], capture_output=True, text=True)
    assert ok.returncode == 0 and "dias-nurlanuly: 3" in ok.stdout
    entries = [json.loads(line) for line in download.splitlines()]
    entries[1]["candidate"] = "dias-nurlanuly"  # someone "fixes" the second ballot
    path.write_bytes(b"".join(ledger.canonical(e) + b"\n" for e in entries))
    bad = subprocess.run([sys.executable, str(script), str(path)], capture_output=True, text=True)
    assert bad.returncode == 1 and "BROKEN at entry 2" in bad.stdout
    path.write_text("".join(json.dumps(e) + "\n" for e in entries), encoding="utf-8")
    loose = subprocess.run([sys.executable, str(script), str(path)], capture_output=True, text=True)
    assert loose.returncode == 1 and "line 1: it is not in the canonical form" in loose.stdout


def test_voiding_appends_and_changes_the_tally(app: Flask, five_ballots: list[str], client: Any) -> None:
    runner = app.test_cli_runner()
    done = runner.invoke(args=["ballots", "void", five_ballots[0], "--reason", "duplicate account", "--yes"])
    assert done.exit_code == 0, done.output
    result = _verify(app)
    assert result.ok and result.entries == 6 and result.voided == 1 and result.tally["dias-nurlanuly"] == 2
    assert client.get(f"/api/v1/receipts/{five_ballots[0]}").get_json()["voided"] is True
    again = runner.invoke(args=["ballots", "void", five_ballots[0], "--reason", "again", "--yes"])
    assert again.exit_code == 1 and "no valid ballot matches" in again.output
    audit = runner.invoke(args=["audit", "--contest", REGIONAL]).output
    assert "void" in audit and "duplicate account" in audit


# --- The canonical form (RFC 8785) and the published vectors -----------------------------

JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers(-ledger.MAX_INTEGER, ledger.MAX_INTEGER) | st.text(),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(), inner, max_size=4),
    max_leaves=12,
)


@given(JSON_VALUES)
@settings(max_examples=400, deadline=None)
def test_the_canonical_form_is_rfc8785(value: Any) -> None:
    assert ledger.canonical(value) == rfc8785.dumps(value)


@pytest.mark.parametrize("value", [5001.0, {"seq": 1.5}, 2**53, [-(2**53)], "\ud800", {1: "a"}, b"x"])
def test_values_without_a_canonical_form_in_a_ledger_are_refused(value: Any) -> None:
    with pytest.raises(ValueError):
        ledger.canonical(value)


def test_the_published_vectors_still_hold() -> None:
    text, detail = ledger_vectors.sample()
    assert (ledger_vectors.DATA / "sample-ledger.ndjson").read_bytes() == text
    stored = json.loads((ledger_vectors.DATA / "vectors.json").read_text("utf-8"))
    assert stored == json.loads(json.dumps(detail))
    for source, expected in stored["jcs"]:
        assert rfc8785.dumps(json.loads(source)).decode() == expected  # the reference library agrees
    entry = stored["entry"]
    assert hashlib.sha256(entry["canonical"].encode()).hexdigest() == entry["hash"]
    record = stored["checkpoint"]["record"]
    key = Ed25519PublicKey.from_public_bytes(bytes.fromhex(stored["key"]))
    key.verify(bytes.fromhex(record["signature"]), stored["checkpoint"]["message"].encode())
    entries, checkpoints = ledger.read_ledger(text.decode().splitlines())
    result = ledger.verify(entries, checkpoints=checkpoints, key=stored["key"])
    assert result.ok and result.closed and result.tally == {"dias-nurlanuly": 1, "aruzhan-serikkyzy": 1}


def _run(path: Path, *args: str) -> subprocess.CompletedProcess[str]:
    script = REPO / "voting" / "ledger.py"
    return subprocess.run([sys.executable, str(script), str(path), *args], capture_output=True, text=True)


def _lines(path: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in path.read_text("utf-8").splitlines()]


def _write(path: Path, records: list[dict[str, Any]]) -> None:
    path.write_bytes(b"".join(ledger.canonical(record) + b"\n" for record in records))


@pytest.fixture
def sample(tmp_path: Path) -> Path:
    path = tmp_path / "ledger.ndjson"
    path.write_bytes((ledger_vectors.DATA / "sample-ledger.ndjson").read_bytes())
    return path


def test_a_pinned_key_refuses_checkpoints_by_another(sample: Path) -> None:
    key = json.loads((ledger_vectors.DATA / "vectors.json").read_text("utf-8"))["key"]
    assert _run(sample, "--key", key).returncode == 0
    other = _run(sample, "--key", "ab" * 32)
    assert other.returncode == 1 and "WRONG KEY" in other.stdout


def test_a_sequence_number_written_as_a_float_is_refused(sample: Path) -> None:
    text = sample.read_text("utf-8").replace('"seq":2,', '"seq":2.0,', 1)
    sample.write_text(text, "utf-8")
    refused = _run(sample)
    assert refused.returncode == 1 and refused.stdout.startswith("NOT A LEDGER: line 2: float 2.0")
    entries = _lines(sample)
    assert "not an integer" in ledger.verify(entries[:5]).problem


def test_a_forged_signature_is_named(sample: Path) -> None:
    records = _lines(sample)
    records[-1]["signature"] = "00" * 64
    _write(sample, records)
    assert "BAD SIGNATURE: the checkpoint of entry 5" in _run(sample).stdout


def test_missing_cryptography_is_said_and_the_chain_still_checked(sample: Path) -> None:
    code = (
        "import runpy, sys; sys.modules['cryptography'] = None; "
        f"sys.argv = ['ledger.py', {str(sample)!r}]; "
        f"runpy.run_path({str(REPO / 'voting' / 'ledger.py')!r}, run_name='__main__')"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert done.returncode == 2, done.stdout + done.stderr
    assert "OK: 5 entries" in done.stdout and "pip install cryptography" in done.stdout


# --- Cut, rewritten, or a void taken out: named against the signed checkpoints -----------


@pytest.fixture
def download(app: Flask, client: Any, vote: Any, five_ballots: list[str], tmp_path: Path) -> Path:
    """Five ballots, a void of the first, one more ballot, signed by `ledger checkpoint`."""
    admin = app.test_cli_runner()
    assert (
        admin.invoke(args=["ballots", "void", five_ballots[0], "--reason", "bought", "--yes"]).exit_code == 0
    )
    assert vote("madina-yerzhankyzy", who=app.test_client()).status_code == 201
    signed = admin.invoke(args=["ledger", "checkpoint", REGIONAL])
    assert f"{REGIONAL}\tsigned entry 7" in signed.output, signed.output
    path = tmp_path / "download.ndjson"
    path.write_bytes(client.get(f"/api/v1/contests/{REGIONAL}/ledger").get_data())
    assert _run(path).returncode == 0
    return path


def _split(path: Path) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    records = _lines(path)
    return [r for r in records if "checkpoint" not in r], [r for r in records if "checkpoint" in r]


def test_a_cut_off_end_is_named_truncated(download: Path) -> None:
    entries, checkpoints = _split(download)
    _write(download, entries[:-2] + checkpoints)
    result = _run(download)
    assert result.returncode == 1 and result.stdout.startswith("TRUNCATED: the checkpoint of entry 7")


def test_a_removed_void_is_named(download: Path) -> None:
    entries, checkpoints = _split(download)
    assert entries[5]["kind"] == "void"
    _write(download, entries[:5] + entries[6:] + checkpoints)
    result = _run(download)
    assert result.returncode == 1 and "VOID REMOVED: the checkpoint of entry 6" in result.stdout
    assert "counts 1 voids up to it; this ledger has 0" in result.stdout


def test_a_recomputed_chain_is_named_rewritten(download: Path) -> None:
    entries, checkpoints = _split(download)
    entries[1]["candidate"] = "dias-nurlanuly"
    for position, entry in enumerate(entries):  # an editor without the key recomputes every hash
        entry["prev"] = entries[position - 1]["hash"] if position else ledger.GENESIS
        entry["hash"] = ledger.entry_hash(entry)
    _write(download, entries + checkpoints)
    assert ledger.verify(entries).ok is False  # no checkpoint survives: UNSIGNED
    result = _run(download)
    assert result.returncode == 1 and result.stdout.startswith("REWRITTEN: entry")
    assert "BROKEN" not in result.stdout  # the chain itself is consistent: only the signature tells


def test_checkpoints_saved_earlier_catch_a_later_cut(download: Path, tmp_path: Path) -> None:
    entries, checkpoints = _split(download)
    saved = tmp_path / "saved.ndjson"
    _write(saved, checkpoints)
    _write(download, entries[:-1] + [c for c in checkpoints if c["checkpoint"]["seq"] < 7])
    assert _run(download).returncode == 0  # the cut copy dropped the checkpoint that covered its end
    caught = _run(download, "--checkpoints", str(saved))
    assert caught.returncode == 1 and "TRUNCATED" in caught.stdout
