"""The service's Ed25519 key and the checkpoints it signs: statements "the ledger of contest C
had its entry S with hash H (and V voids up to it) at time T" that no one without the key can
make up, so a copy cut short or recomputed after an edit no longer verifies.

The private key is a PEM file (PKCS #8, mode 600) made on first start; its path is set by
TOP100_LEDGER_KEY_FILE (default: the instance folder). Only its public half is published.
"""

from __future__ import annotations

import os
import tempfile
import threading
import time
from pathlib import Path
from typing import TYPE_CHECKING, Any

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from . import ledger
from .settings import CHECKPOINT_SECONDS, LEDGER_KEY_FILE

if TYPE_CHECKING:
    from flask import Flask



class KeyFileError(Exception):
    """The key file exists but is not an Ed25519 private key, or cannot be written."""


def load_or_create(path: Path) -> Ed25519PrivateKey:
    """Read the key, or make it. Several workers may start at once: the new key is written to
    a private temporary file and linked into place, which fails if another worker won."""
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        pem = Ed25519PrivateKey.generate().private_bytes(
            serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
        )
        handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=".ledger-key-")
        try:
            with os.fdopen(handle, "wb") as out:  # mkstemp made it mode 600
                out.write(pem)
                out.flush()
                os.fsync(out.fileno())
            os.link(temporary, path)
        except FileExistsError:
            pass
        except OSError as error:
            raise KeyFileError(f"cannot write the ledger key {path}: {error}") from None
        finally:
            os.unlink(temporary)
    try:
        key = serialization.load_pem_private_key(path.read_bytes(), password=None)
    except (OSError, ValueError, TypeError) as error:
        raise KeyFileError(f"cannot read the ledger key {path}: {error}") from None
    if not isinstance(key, Ed25519PrivateKey):
        raise KeyFileError(f"the ledger key {path} is not an Ed25519 private key")
    return key


def public_hex(key: Ed25519PrivateKey) -> str:
    raw = key.public_key().public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    return raw.hex()


class Notary:
    """Signs checkpoints; ``due`` says when this process last signed one for a contest, so a
    ballot pays for a signature (about 0.1 ms) at most once every ``every`` seconds."""

    def __init__(self, key: Ed25519PrivateKey, every: float) -> None:
        self.key, self.every = key, every
        self.public = public_hex(key)
        self._last: dict[str, float] = {}
        self._lock = threading.Lock()

    def due(self, contest: str) -> bool:
        with self._lock:
            return time.monotonic() >= self._last.get(contest, float("-inf")) + self.every

    def sign(self, contest: str, seq: int, hash: str, moment: str, voids: int) -> dict[str, Any]:
        """The record published with the ledger (its line in the download)."""
        point = {"contest": contest, "seq": seq, "hash": hash, "time": moment, "voids": voids}
        signature = self.key.sign(ledger.checkpoint_message(point)).hex()
        self.signed(contest)
        return {"checkpoint": point, "key": self.public, "signature": signature}

    def signed(self, contest: str) -> None:
        """Reset the contest's timer: its head is covered by a checkpoint as of now."""
        with self._lock:
            self._last[contest] = time.monotonic()


def init_app(app: Flask) -> Notary:
    path = Path(app.config[LEDGER_KEY_FILE])
    return Notary(load_or_create(path), float(app.config[CHECKPOINT_SECONDS]))

