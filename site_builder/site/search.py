"""The Pagefind search index, fed from the pages as they are rendered.

Only each page's content area (the element marked ``data-pagefind-body``) goes to Pagefind,
in memory, while the rest of the site is still rendering: Pagefind parses a few kilobytes
per page instead of reading every finished page back from disk after the build. The
languages are indexed side by side in one Pagefind process (one index per ``lang``).
"""

from __future__ import annotations

import asyncio
import base64
import html
import json
import re
import threading
from collections.abc import Iterable
from concurrent.futures import Future
from pathlib import Path
from typing import Any, NamedTuple

from pagefind.index import PagefindIndex
from pagefind.service import PagefindService

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


def save_pages(pages: Iterable[SearchPage], path: Path) -> None:
    path.write_text(json.dumps([list(p) for p in pages], ensure_ascii=False), encoding="utf-8")


def load_pages(path: Path) -> list[SearchPage]:
    return [SearchPage(*row) for row in json.loads(path.read_text(encoding="utf-8"))]


class _Service(PagefindService):
    """Pagefind's service with a reader that does not wait.

    pagefind 1.5.2 sleeps 0.1 s before reading each response, so 7,500 pages would take
    12 minutes; this reader takes each response as soon as it arrives, and fails every
    waiting request if the Pagefind process dies instead of leaving them hanging.
    """

    async def _wait_for_responses(self) -> None:
        assert self._backend.stdout is not None
        try:
            while True:
                raw = await self._backend.stdout.readuntil(b",")
                response: dict[str, Any] = json.loads(base64.b64decode(raw[:-1]))
                payload = response["payload"]
                number = response.get("message_id")
                if number is None and payload.get("original_message"):
                    number = json.loads(payload["original_message"]).get("message_id")
                future = self._responses.get(number) if isinstance(number, int) else None
                if future is None or future.done():
                    continue
                if payload["type"] == "Error":
                    future.set_exception(SearchError(payload.get("message", "unknown error")))
                else:
                    future.set_result(payload)
        except (asyncio.IncompleteReadError, asyncio.LimitOverrunError, ValueError) as exc:
            for future in self._responses.values():
                if not future.done():
                    future.set_exception(SearchError(f"the Pagefind process stopped ({exc})"))


class SearchIndex:
    """One Pagefind process, fed from any thread; ``write`` puts the bundle on disk.

    Pagefind's Python API is asynchronous; it runs on an event loop in a thread of its own so
    that MkDocs (synchronous) can hand over each page the moment it is rendered.
    """

    def __init__(self) -> None:
        self._loop = asyncio.new_event_loop()
        self._thread = threading.Thread(target=self._loop.run_forever, name="pagefind", daemon=True)
        self._thread.start()
        self._pending: list[Future[Any]] = []
        self._service: PagefindService | None = None
        self._index: PagefindIndex = self._wait(self._open())

    def _wait(self, job: Any) -> Any:
        return asyncio.run_coroutine_threadsafe(job, self._loop).result()

    async def _open(self) -> PagefindIndex:
        service = self._service = await _Service().launch()
        return await service.create_index()

    def add(self, page: SearchPage) -> None:
        job = self._index.add_html_file(content=_document(page), url=page.url)
        self._pending.append(asyncio.run_coroutine_threadsafe(job, self._loop))

    def write(self, output: Path) -> int:
        """Wait for every page, write the bundle to ``output``; returns the pages indexed."""
        try:
            for future in self._pending:
                future.result()
            self._wait(self._index.write_files(output_path=str(output)))
        except SearchError as exc:
            raise SearchError(f"Pagefind could not index the site: {exc}") from None
        finally:
            self.close()
        return len(self._pending)

    def close(self) -> None:
        if self._service is not None:
            service, self._service = self._service, None
            self._wait(service.close())
        if self._loop.is_running():
            self._loop.call_soon_threadsafe(self._loop.stop)
            self._thread.join()
            self._loop.close()
