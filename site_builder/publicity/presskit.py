"""A press kit per region and year: one ZIP a local newspaper or a college's channel can
publish from the same day. It holds a press release in three languages, and for each
participant the texts in three languages, the portrait at full resolution with its metadata
stripped, the share cards and the A3 posters.

Each ZIP is cached under a key made of its members' identities (texts, content-hashed
files), so a rebuild redoes only the regions whose participants changed."""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from ..content.schema import LANGS
from ..site.model import prefix
from ..site.parallel import run_all
from ..site.strings import t
from .posters import published_path
from .winners import Winner
from .zips import stable_zip

VERSION = "presskit-1"
Member = tuple[str, "Path | bytes"]


@dataclass(frozen=True)
class PressKit:
    year: int
    region: str  # ISO code
    members: tuple[Member, ...]

    @property
    def path(self) -> str:
        return kit_path(self.year, self.region)

    def key(self) -> str:
        digest = hashlib.sha256(VERSION.encode())
        for name, source in self.members:
            digest.update(name.encode() + b"\0")
            # Cached files are named by their content hash; other files are read.
            digest.update(source if isinstance(source, bytes) else _identity(source))
        return digest.hexdigest()[:24]


def _identity(path: Path) -> bytes:
    if "print" in path.parts or "print-photos" in path.parts:
        return path.name.encode()
    return hashlib.sha256(path.read_bytes()).digest()


def kit_path(year: int, region: str) -> str:
    return f"presskits/{year}/{region.lower()}.zip"


def press_release(group: list[Winner], lang: str, region_url: str) -> str:
    first = group[0]
    site = t(lang, "site_name")
    title = t(lang, "press_release_title", region=first.region_name, site=site, year=first.year)
    lines = [
        title[:1].upper() + title[1:],  # "город Алматы: ..." starts a sentence
        "",
        t(lang, "press_release_intro", region=first.region_name, site=site, year=first.year, n=len(group)),
        "",
    ]
    for number, w in enumerate(group, 1):
        lines.append(f"{number}. " + t(lang, "press_release_item", name=w.name, college=w.college,
                                       specialty=w.specialty, categories=", ".join(w.categories),
                                       stage=w.stage_name, url=w.url))
    lines += ["", t(lang, "press_release_more", url=region_url), "", site, ""]
    return "\n".join(lines)


def press_kits(
    winners: list[Winner], site_url: str, portraits: Mapping[Path, Path], posters: Mapping[str, Path],
    cards: Path | None,
) -> list[PressKit]:
    """One kit per (year, region) with participants; ``cards`` is the folder holding
    cards/<year>/<slug>/<lang>.jpg (the built site), or None when there are no share cards."""
    groups: dict[tuple[int, str], dict[str, list[Winner]]] = {}
    for w in winners:
        groups.setdefault((w.year, w.region), {}).setdefault(w.lang, []).append(w)
    kits = []
    base = site_url.rstrip("/") + "/"
    for (year, region), by_lang in sorted(groups.items()):
        members: list[Member] = []
        for lang in LANGS:
            url = f"{base}{prefix(lang)}regions/{region.lower()}/"
            members.append((f"press-release-{lang}.txt", press_release(by_lang[lang], lang, url).encode()))
        for w in by_lang[LANGS[0]]:
            folder = f"{w.slug}/"
            members.append((f"{folder}portrait.jpg", portraits[w.photo]))
            for lang in LANGS:
                same = next(x for x in by_lang[lang] if x.slug == w.slug)
                members.append((f"{folder}text-{lang}.md", f"# {same.name}\n\n{same.text}\n".encode()))
                card = cards / "cards" / str(year) / w.slug / f"{lang}.jpg" if cards else None
                if card is not None and card.exists():
                    members.append((f"{folder}share-card-{lang}.jpg", card))
                poster = posters.get(published_path(same, "a3"))
                if poster is not None:
                    members.append((f"{folder}poster-a3-{lang}.pdf", poster))
        kits.append(PressKit(year, region, tuple(members)))
    return kits


@dataclass(frozen=True)
class _Job:
    kit: PressKit
    out: Path


def _write(job: _Job) -> None:
    data = stable_zip(
        (name, source if isinstance(source, bytes) else source.read_bytes())
        for name, source in job.kit.members
    )
    job.out.parent.mkdir(parents=True, exist_ok=True)
    partial = job.out.with_suffix(".part")
    partial.write_bytes(data)
    partial.replace(job.out)


def build_press_kits(kits: list[PressKit], cache: Path, workers: int | None = None) -> dict[str, Path]:
    """``{published path: cached ZIP}``; only kits whose members changed are written."""
    result = {kit.path: cache / "presskits" / f"{kit.key()}.zip" for kit in kits}
    todo = [_Job(kit, result[kit.path]) for kit in kits if not result[kit.path].exists()]
    run_all(_write, todo, "press kits", "zip", workers, chunksize=1)
    return result
