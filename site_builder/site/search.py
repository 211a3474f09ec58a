"""The Pagefind search index, made from the pages as they are rendered.

Only each page's content area (the element marked ``data-pagefind-body``) is indexed. Each
process that renders pages writes the areas of its pages as small documents into one shared
folder while it renders; when every page is done, one run of Pagefind indexes that folder,
the languages side by side (one index per ``lang``), into the bundle kept from the last build
(bundle.py), which then goes into the site. Pagefind parses 80 MB of areas instead of the
finished pages, on every core.
(Pagefind's in-memory service was measured too: it indexes one page at a time, and cost
twice the CPU time of this run.)
"""

from __future__ import annotations

import html
import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import NamedTuple

from .bundle import BundleError, publish_bundle

BODY = "data-pagefind-body"
_LANG = re.compile(r'<html[^>]*\blang="([A-Za-z-]+)"')


class SearchError(Exception):
    """Pagefind refused a page or could not write the index."""


class SearchPage(NamedTuple):
    url: str  # from the site root, as Pagefind's own crawl would give it: "/ru/2026/x/"
    lang: str
    area: str  # the content area's HTML


def content_area(page: str) -> str | None:
    """The element carrying ``data-pagefind-body`` with everything inside it, or None."""
    mark = page.find(BODY)
    if mark < 0:
        return None
    start = page.rfind("<", 0, mark)
    name = re.match(r"<([A-Za-z][\w-]*)", page[start:])
    if name is None:
        return None
    # Count nested elements of the same name so an inner one does not end the area early.
    tags = re.compile(rf"<(/?){name.group(1)}\b[^>]*>", re.IGNORECASE)
    depth = 0
    for tag in tags.finditer(page, start):
        depth += -1 if tag.group(1) else 1
        if depth == 0:
            return page[start : tag.end()]
    return None


def search_page(url: str, page: str) -> SearchPage | None:
    area = content_area(page)
    if area is None:
        return None
    lang = _LANG.search(page)
    return SearchPage(url, lang.group(1) if lang else "en", area)


def _document(page: SearchPage) -> str:
    return f'<!doctype html><html lang="{html.escape(page.lang)}"><body>{page.area}</body></html>'


class SearchAreas:
    """The folder the content areas are written to, one small document per page."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self._kept = folder
        self._running: subprocess.Popen[str] | None = None

    @classmethod
    def create(cls, cache: Path) -> SearchAreas:
        """A new, empty folder: in memory (/dev/shm) where there is one, else in the cache."""
        memory = Path("/dev/shm")
        if not (memory.is_dir() and os.access(memory, os.W_OK)):
            memory = cache
            cache.mkdir(parents=True, exist_ok=True)
        return cls(Path(tempfile.mkdtemp(prefix="top100-search-", dir=memory)))

    def add(self, page: SearchPage) -> None:
        # Pagefind names a page by its file's path, so the document goes where the page is.
        target = self.folder / page.url.strip("/") / "index.html"
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(_document(page), encoding="utf-8")

    def start(self, kept: Path) -> None:
        """Start indexing every document in the folder into the bundle ``kept`` between
        builds; the build goes on with other work meanwhile."""
        self._kept = kept
        # Pagefind leaves an existing file alone, so a file half-written by a run that was
        # killed would stay in the kept bundle: a run leaves its mark until it has finished,
        # and a bundle with a mark left on it is started afresh.
        if self._mark.exists():
            shutil.rmtree(kept, ignore_errors=True)
        self._mark.parent.mkdir(parents=True, exist_ok=True)
        self._mark.touch()
        command = [sys.executable, "-m", "pagefind", "--site", str(self.folder),
                   "--output-path", str(kept), "--silent"]  # fmt: skip
        self._running = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)

    def _wait(self) -> None:
        if self._running is None:
            raise SearchError("the search index was never started")
        output, _ = self._running.communicate()
        if self._running.returncode != 0:
            details = output.strip()[-2000:]
            code = self._running.returncode
            raise SearchError(f"Pagefind could not index the site (exit status {code}): {details}")
        self._mark.unlink(missing_ok=True)

    @property
    def _mark(self) -> Path:
        return self._kept.with_name(f"{self._kept.name}.indexing")

    def finish(self, output: Path) -> None:
        """Wait for the index, then publish the kept bundle at ``output`` (see bundle.py)."""
        self._wait()
        try:
            publish_bundle(self._kept, output)
        except (BundleError, OSError, ValueError, KeyError):
            # A damaged kept bundle (a build killed while Pagefind wrote it): start afresh.
            shutil.rmtree(self._kept, ignore_errors=True)
            self.start(self._kept)
            self._wait()
            try:
                publish_bundle(self._kept, output)
            except (BundleError, OSError, ValueError, KeyError) as exc:
                raise SearchError(f"Pagefind's bundle could not be published: {exc}") from None

    def stop(self) -> None:
        """Stop an index nobody will publish, and remove the documents."""
        if self._running is not None and self._running.poll() is None:
            self._running.kill()
            self._running.communicate()
        shutil.rmtree(self.folder, ignore_errors=True)

