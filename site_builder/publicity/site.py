"""What the site shows of the publicity outputs: links and texts added to the planned pages,
new pages (statistics, media coverage), and the files written beside the pages."""

from __future__ import annotations

import datetime as dt
import os
import posixpath
import shutil
from pathlib import Path

from ..content import LANGS, Content
from ..site.model import link_alternates
from ..site.plan import SitePlan
from ..site.strings import t
from .feeds import atom, feed_path
from .opendata import open_data_files
from .pages import publicity_pages
from .portraits import print_photos
from .posters import FORMATS, build_posters, published_path
from .posts import posts
from .presskit import build_press_kits, kit_path, press_kits
from .winners import Winner, all_winners


def _profile_key(w: Winner) -> str:
    return f"profile/{w.id}"


def extend_plan(plan: SitePlan, content: Content) -> None:
    """Add the publicity links to the planned pages (in every rendering process alike)."""
    plan.pages.extend(publicity_pages(content))
    link_alternates(plan.pages)
    by_key = {(page.key, page.lang): page for page in plan.pages}
    for page in plan.pages:  # every page's head links its language's feed
        page.data["feed"] = (feed_path(page.lang), t(page.lang, "feed_link"))
    winners = all_winners(content, plan.site_url)
    kits: dict[tuple[str, str], set[int]] = {}
    for w in winners:
        kits.setdefault((f"region/{w.region.lower()}", w.lang), set()).add(w.year)
    for (key, lang), years in kits.items():
        region = by_key.get((key, lang))
        if region is not None:
            region.data["presskits"] = [
                (t(lang, "presskit", year=year), posixpath.relpath(kit_path(year, key[7:]), region.path))
                for year in sorted(years, reverse=True)
            ]
    for w in winners:
        profile = by_key.get((_profile_key(w), w.lang))
        if profile is None:
            continue
        profile.data["print"] = [(t(w.lang, f"format_{fmt}"), published_path(w, fmt)) for fmt in FORMATS]
        profile.data["posts"] = posts(w)


def _place(source: Path, target: Path) -> None:
    """A hard link when the cache and the site share a disk (no copy of large PDFs)."""
    target.parent.mkdir(parents=True, exist_ok=True)
    target.unlink(missing_ok=True)
    try:
        os.link(source, target)
    except OSError:
        shutil.copyfile(source, target)


def publish(plan: SitePlan, content: Content, site: Path, cache: Path, workers: int | None,
            now: dt.datetime) -> None:
    """Write the feeds and open data, and the posters and press kits beside the pages that
    link to them."""
    winners = all_winners(content, plan.site_url)
    for lang in LANGS:
        (site / feed_path(lang)).write_bytes(atom(content, winners, lang, plan.site_url, now))
    for published, data in open_data_files(content, plan.site_url).items():
        (site / published).parent.mkdir(parents=True, exist_ok=True)
        (site / published).write_bytes(data)
    posters = build_posters(winners, cache, workers=workers)
    for published, cached in posters.items():
        _place(cached, site / published)
    portraits = print_photos({w.photo for w in winners}, cache / "print-photos", workers)
    cards = site if (site / "cards").is_dir() else None  # the share cards, when the build drew them
    kits = press_kits(winners, plan.site_url, portraits, posters, cards)
    for published, cached in build_press_kits(kits, cache, workers).items():
        _place(cached, site / published)
