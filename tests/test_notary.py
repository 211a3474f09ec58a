"""The ledger's signing key: made on first start, kept, published; a broken key file is named."""

from __future__ import annotations

import stat
import threading
from pathlib import Path

import pytest

from voting import notary

from .voting_fixtures import OPEN, Clock, make_app


def test_the_key_is_made_once_kept_private_and_published(tmp_path: Path) -> None:
    first = make_app(tmp_path, Clock(OPEN))
    key_file = tmp_path / "ledger-ed25519.pem"
    assert stat.S_IMODE(key_file.stat().st_mode) == 0o600 and b"PRIVATE KEY" in key_file.read_bytes()
    public = first.test_client().get("/api/v1/ledger-key").get_json()
    assert public["algorithm"] == "Ed25519" and len(public["key"]) == 64
    again = make_app(tmp_path, Clock(OPEN))  # a restart, or a second worker, reads the same key
    assert again.test_cli_runner().invoke(args=["ledger", "key"]).output.strip() == public["key"]
    assert public["key"].encode() not in key_file.read_bytes()  # the file holds the private half


def test_workers_starting_together_agree_on_one_key(tmp_path: Path) -> None:
    path, keys = tmp_path / "instance" / "key.pem", []
    threads = [threading.Thread(target=lambda: keys.append(notary.load_or_create(path))) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len({notary.public_hex(key) for key in keys}) == 1
    assert [p.name for p in path.parent.iterdir()] == ["key.pem"]  # no temporary file left behind


def test_a_broken_key_file_is_named(tmp_path: Path) -> None:
    broken = tmp_path / "broken.pem"
    broken.write_text("not a key")
    with pytest.raises(notary.KeyFileError, match=f"cannot read the ledger key {broken}"):
        make_app(tmp_path, Clock(OPEN), TOP100_LEDGER_KEY_FILE=str(broken))
