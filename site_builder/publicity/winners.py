"""One winner in one language, as every publicity output needs it: the facts a profile
page shows, the canonical URL and a short excerpt of the text."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from ..content import Content, ProfileEntry
from ..content.schema import LANGS
from ..content.text import strip_comments
from ..site.model import prefix
from ..site.strings import t

EXCERPT_LIMIT = 320
_SENTENCE_END = re.compile(r"(?<=[.!?…])\s+")
_MARKUP = re.compile(r"[*_`>]|!\[[^\]]*\]\([^)]*\)|\[([^\]]*)\]\([^)]*\)")


@dataclass(frozen=True)
class Winner:
    id: str  # "2026/aruzhan-serikkyzy"
    year: int
    slug: str
    lang: str
    name: str
    names: tuple[str, ...]  # the name in kk, ru and en (a poster shows all three scripts)
    college: str
    specialty: str
    region: str  # ISO code, e.g. "KZ-15"
    region_name: str
    categories: tuple[str, ...]
    stage: str
    stage_name: str
    excerpt: str
    url: str
    path: str  # the profile page's path from the site root
    photo: Path  # photo.jpg as committed (print and press kits use a stripped copy)
    text: str  # the whole text, Markdown, comments removed

    @property
    def brand(self) -> str:
        return t(self.lang, "site_name")


def opening(markdown: str, limit: int = EXCERPT_LIMIT) -> str:
    """The first paragraph as plain text, cut after the last whole sentence within ``limit``
    (cut at a word, with an ellipsis, only when the first sentence alone is longer)."""
    paragraphs = [p for p in re.split(r"\n\s*\n", strip_comments(markdown)) if p.strip()]
    prose = [p for p in paragraphs if not p.lstrip().startswith(("#", "-", "*", "|", "<"))]
    text = " ".join(_MARKUP.sub(r"\1", prose[0] if prose else "").split())
    if len(text) <= limit:
        return text
    kept = ""
    for sentence in _SENTENCE_END.split(text):
        candidate = f"{kept} {sentence}".strip()
        if len(candidate) > limit:
            break
        kept = candidate
    return kept or text[: limit - 1].rsplit(" ", 1)[0].rstrip(",.;:—-") + "…"


def winner(content: Content, entry: ProfileEntry, lang: str, site_url: str) -> Winner:
    p = entry.profile
    assert p is not None
    ref = content.reference
    region = ref.regions.get(p.region)
    text = strip_comments((entry.folder / f"{lang}.md").read_text(encoding="utf-8"))
    path = f"{prefix(lang)}{entry.year}/{entry.slug}/"
    return Winner(
        id=entry.id,
        year=entry.year,
        slug=entry.slug,
        lang=lang,
        name=p.name.get(lang),
        names=tuple(p.name.get(other) for other in LANGS),
        college=ref.colleges[p.college].name.get(lang),
        specialty=p.specialty.get(lang),
        region=p.region,
        region_name=region.name(p.year, lang) if region else p.region,
        categories=tuple(ref.categories[c].name.get(lang) for c in p.categories if c in ref.categories),
        stage=p.stage,
        stage_name=ref.stages[p.stage].name.get(lang),
        excerpt=p.excerpt.get(lang) if p.excerpt else opening(text),
        url=site_url.rstrip("/") + "/" + path,
        path=path,
        photo=entry.folder / "photo.jpg",
        text=text.strip(),
    )


def all_winners(content: Content, site_url: str) -> list[Winner]:
    """Every valid profile with a photo, in each language, newest year first."""
    entries = sorted(
        (e for e in content.valid_profiles if (e.folder / "photo.jpg").exists()),
        key=lambda e: (-e.year, e.slug),
    )
    return [winner(content, e, lang, site_url) for e in entries for lang in LANGS]
