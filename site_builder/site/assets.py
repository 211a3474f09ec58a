"""The site's own scripts and style sheet under names that change with their content
(``assets/vote.3f9c2a7b1e.js``), so that browsers may keep them for a year: nginx
(deploy/nginx/top100.conf) and ``make run`` (voting/web.py) mark such names immutable, as
they do Material's bundles. A page built later names the new file; the old name stays
valid for pages still open or cached elsewhere, since the plain files are published too."""

from __future__ import annotations

import hashlib
from pathlib import Path

# Paths under the theme folder (themes/), as the templates and mkdocs.yml name them.
HASHED = (
    "assets/top100.css",
    "assets/top100.js",
    "assets/vote.js",
    "assets/ledger-verify.js",
    "assets/ledger-check.js",
    "assets/material-head.js",
)
DIGITS = 10  # hex digits of SHA-256: the rule of the servers wants at least 8


def hashed_name(path: str, data: bytes) -> str:
    stem, dot, ext = path.rpartition(".")
    return f"{stem}.{hashlib.sha256(data).hexdigest()[:DIGITS]}{dot}{ext}"


def hashed_names(theme: Path, paths: tuple[str, ...] = HASHED) -> dict[str, str]:
    """Plain name -> hashed name, for the files of ``paths`` the theme folder has."""
    return {
        path: hashed_name(path, (theme / path).read_bytes()) for path in paths if (theme / path).is_file()
    }
