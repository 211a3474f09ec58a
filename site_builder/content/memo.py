"""Profile folders already inspected, kept between runs, so a warm build re-reads only what
changed.

Inspecting a profile (three texts parsed, the photo decoded) is the slowest part of loading
the content: about 20 CPU-seconds for 2,500 profiles, nearly all of it repeated on every
build although editors change a few folders at a time. An inspection depends only on the
files of its folder and on the code that inspects them, so its result is kept under a key
made of both: the folder's listing with each file's size and modification time (as git and
make tell a changed file), and a digest of this package's source and of the libraries that
read the files. Any change to either inspects the folder again.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import sys
from collections.abc import Callable
from functools import cache
from importlib.metadata import version
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .profiles import ProfileEntry

# The libraries whose behaviour an inspection depends on (parsing, validation, decoding).
_LIBRARIES = ("pydantic", "pydantic-core", "pillow", "markdown-it-py", "pyyaml")

Key = tuple[str, str, bool]  # folder, base of the shown paths, deep
Stamp = tuple[tuple[str, int, int], ...] | None  # (name, size, modification time) of each file


@cache
def code_stamp() -> str:
    """A digest of what inspects: this package's source files and the libraries' versions."""
    digest = hashlib.blake2b(sys.version.encode(), digest_size=16)
    for path in sorted(Path(__file__).parent.glob("*.py")):
        digest.update(path.name.encode() + b"\0" + path.read_bytes())
    for name in _LIBRARIES:
        try:
            digest.update(f"{name}={version(name)}".encode())
        except Exception:  # noqa: BLE001 - a library this install lacks: nothing to stamp
            digest.update(f"{name}=-".encode())
    return digest.hexdigest()


def folder_stamp(folder: Path) -> Stamp:
    """Every entry of ``folder`` with its size and modification time; None if unreadable."""
    try:
        with os.scandir(folder) as entries:
            found = []
            for entry in entries:
                info = entry.stat()
                found.append((entry.name, info.st_size, info.st_mtime_ns))
    except OSError:
        return None
    return tuple(sorted(found))


def load_stamped(path: Path, stamp: str) -> dict[Any, Any]:
    """The dict saved at ``path`` under ``stamp``; empty when missing, cut or stamped otherwise."""
    try:
        with path.open("rb") as handle:
            saved, known = pickle.load(handle)
    except Exception:  # noqa: BLE001 - missing, cut or from another version: start afresh
        return {}
    return known if saved == stamp and isinstance(known, dict) else {}


def save_stamped(path: Path, stamp: str, known: dict[Any, Any]) -> None:
    """Write ``known`` under ``stamp``, atomically: a reader sees the old file or the new."""
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(f".{path.name}.{os.getpid()}")
    with partial.open("wb") as handle:
        pickle.dump((stamp, known), handle, protocol=pickle.HIGHEST_PROTOCOL)
    os.replace(partial, path)


class InspectionMemo:
    """Inspections by folder, read from and written to one file (None: remember nothing)."""

    def __init__(self, path: Path | None) -> None:
        self.path = path
        self._known: dict[Key, tuple[object, ProfileEntry]] = {}
        self._changed = False
        if path is not None:
            self._known = load_stamped(path, code_stamp())

    def inspect(
        self,
        folders: list[Path],
        base: Path,
        deep: list[bool],
        run: Callable[[list[Path], list[bool]], list[ProfileEntry]],
    ) -> list[ProfileEntry]:
        """The entries of ``folders``, running ``run`` only on those not known unchanged."""
        if self.path is None:
            return run(folders, deep)
        keys = [(str(f), str(base), d) for f, d in zip(folders, deep, strict=True)]
        stamps = [folder_stamp(f) for f in folders]
        found: list[ProfileEntry | None] = []
        for key, stamp in zip(keys, stamps, strict=True):
            kept = self._known.get(key)
            found.append(kept[1] if kept is not None and stamp is not None and kept[0] == stamp else None)
        missing = [i for i, entry in enumerate(found) if entry is None]
        if missing:
            fresh = run([folders[i] for i in missing], [deep[i] for i in missing])
            for i, entry in zip(missing, fresh, strict=True):
                found[i] = entry
                if stamps[i] is not None:
                    self._known[keys[i]] = (stamps[i], entry)
            self._changed = True
        if len(self._known) != len(keys):  # forget folders that are gone
            current = set(keys)
            self._known = {key: kept for key, kept in self._known.items() if key in current}
            self._changed = True
        return [entry for entry in found if entry is not None]

    def save(self) -> None:
        """Write what is known, atomically, when anything new was learnt."""
        if self.path is None or not self._changed:
            return
        save_stamped(self.path, code_stamp(), self._known)
        self._changed = False
