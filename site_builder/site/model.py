"""What a planned page is, independent of any site generator."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from ..content.schema import LANGS

DEFAULT_LANG = "kk"  # Kazakh is the site's default language and lives at /


def prefix(lang: str) -> str:
    return "" if lang == DEFAULT_LANG else f"{lang}/"


@dataclass(frozen=True)
class PhotoSet:
    """The published derivatives of one photo: ``media/<hash>/<width>.<ext>``."""

    digest: str
    widths: tuple[int, ...]
    ratio: float  # height / width

    def height(self, width: int) -> int:
        return round(width * self.ratio)

    def sources(self, ext: str, up_to: int) -> list[tuple[str, int]]:
        return [(f"media/{self.digest}/{w}.{ext}", w) for w in self.widths if w <= up_to]

    def fallback(self, width: int) -> str:
        return f"media/{self.digest}/{width}.jpg"


@dataclass
class SitePage:
    key: str  # the same for a page's three languages, e.g. "profile/2026/aruzhan-serikkyzy"
    lang: str
    path: str  # URL path from the site root: "" or "ru/2026/aruzhan-serikkyzy/"
    template: str
    title: str
    description: str
    body: str = ""  # Markdown, rendered by the generator
    html: str | None = None  # the body's published HTML, when the planner has it already
    data: dict[str, Any] = field(default_factory=dict)
    alternates: dict[str, str] = field(default_factory=dict)

    @property
    def src_uri(self) -> str:
        # "404.html" is a file, not a folder: the server sends it for any missing path.
        if self.path.endswith(".html"):
            return f"{self.path.removesuffix('.html')}.md"
        return f"{self.path}index.md"

    @property
    def dest_uri(self) -> str | None:
        return self.path if self.path.endswith(".html") else None


def link_alternates(pages: list[SitePage]) -> None:
    by_key: dict[str, dict[str, str]] = {}
    for page in pages:
        by_key.setdefault(page.key, {})[page.lang] = page.path
    for page in pages:
        page.alternates = {lang: by_key[page.key][lang] for lang in LANGS if lang in by_key[page.key]}
