"""Helpers to build the site for tests: a real `mkdocs build` into a temporary folder."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from bs4 import BeautifulSoup

REPO = Path(__file__).resolve().parent.parent
SITE_URL = "https://top100.example.kz/"
NOW = "2026-10-12T12:00:00+05:00"  # the demo regional vote is open
LEDGER_KEY = "5e" * 32  # what `flask --app voting ledger key` prints, given to the build


def mkdocs_build(
    site: Path,
    cache: Path,
    config: Path = REPO / "mkdocs.yml",
    search: bool = True,
    docs: Path | None = None,
    parallel: bool = True,
    env: dict[str, str] | None = None,
) -> subprocess.CompletedProcess[str]:
    env = {
        **os.environ,
        "SITE_URL": SITE_URL,
        "TOP100_CACHE_DIR": str(cache),
        "TOP100_NOW": NOW,
        "TOP100_SEARCH": "true" if search else "false",
        "TOP100_PARALLEL": "true" if parallel else "false",
        "NO_MKDOCS_2_WARNING": "1",
        "TOP100_LEDGER_PUBLIC_KEY": LEDGER_KEY,
        **(env or {}),
    }
    if docs is not None:  # build another content folder with the project's theme and plugin
        text = config.read_text(encoding="utf-8").replace("docs_dir: content", f"docs_dir: {docs}")
        text = text.replace("custom_dir: themes", f"custom_dir: {REPO / 'themes'}")
        config = docs.parent / "mkdocs.yml"
        config.write_text(text, encoding="utf-8")
    return subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "-q", "-f", str(config), "-d", str(site)],
        capture_output=True,
        text=True,
        env=env,
        cwd=config.parent,
    )


def soup(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


def page_file(site: Path, url_path: str) -> Path:
    return site / url_path / "index.html"
