"""What the site shows of the publicity outputs: links and texts added to the planned pages,
new pages (statistics, media coverage), and the files written beside the pages."""

from __future__ import annotations

import datetime as dt
import os
import posixpath
import shutil
from pathlib import Path

from ..content import LANGS, Content
from ..site.model import SitePage, link_alternates
from ..site.plan import SitePlan
from ..site.strings import t
from .feeds import FOLDER, atom, feed_path, feeds_sitemap
from .opendata import open_data_files
from .pages import publicity_pages
from .portraits import print_photos
from .posters import FORMATS, build_posters, published_path
from .posts import posts
from .presskit import build_press_kits, kit_path, press_kits
from .winners import Winner, all_winners


def extend_plan(plan: SitePlan, content: Content, print_outputs: bool = True) -> list[Winner]:
    """Add the publicity pages and links to the plan (in every rendering process alike);
    the winners it read, for ``publish``."""
    plan.pages.extend(publicity_pages(content))
    link_alternates(plan.pages)
    by_key = {(page.key, page.lang): page for page in plan.pages}
    for page in plan.pages:  # every page's head links its language's feed
        page.data["feed"] = (feed_path(page.lang), t(page.lang, "feed_link"))
    winners = all_winners(content, plan.site_url)
    for w in winners:
        profile = by_key.get((f"profile/{w.id}", w.lang))
        if profile is None:
            continue
        profile.data["posts"] = posts(w)
        if print_outputs:
            profile.data["print"] = [(t(w.lang, f"format_{fmt}"), published_path(w, fmt)) for fmt in FORMATS]
    if print_outputs:
        _link_press_kits(by_key, winners)
    return winners


def _link_press_kits(by_key: dict[tuple[str, str], SitePage], winners: list[Winner]) -> None:
    """Each region's page (the first of its listing) links a kit per year it has participants."""
    years: dict[tuple[str, str], set[int]] = {}
    for w in winners:
        years.setdefault((w.region, w.lang), set()).add(w.year)
    for (region, lang), found in years.items():
        page = by_key.get((f"region/{region.lower()}", lang))
        if page is not None:
            page.data["presskits"] = [
                (t(lang, "presskit", year=year), posixpath.relpath(kit_path(year, region), page.path))
                for year in sorted(found, reverse=True)
            ]


def _place(source: Path, target: Path) -> None:
    """A hard link when the cache and the site share a disk (no copy of large PDFs)."""
    target.parent.mkdir(parents=True, exist_ok=True)
    target.unlink(missing_ok=True)
    try:
        os.link(source, target)
    except OSError:
        shutil.copyfile(source, target)


def publish(plan: SitePlan, content: Content, winners: list[Winner], site: Path, cache: Path,
            workers: int | None, now: dt.datetime, print_outputs: bool = True) -> None:
    """Write the feeds and open data, and the posters and press kits beside the pages that
    link to them; ``winners`` as ``extend_plan`` gave them."""
    (site / FOLDER).mkdir(parents=True, exist_ok=True)
    for lang in LANGS:
        (site / feed_path(lang)).write_bytes(atom(content, winners, lang, plan.site_url, now))
    (site / FOLDER / "sitemap.xml").write_bytes(feeds_sitemap(plan.site_url, LANGS))
    for published, data in open_data_files(content, plan.site_url).items():
        (site / published).parent.mkdir(parents=True, exist_ok=True)
        (site / published).write_bytes(data)
    if not print_outputs:
        return
    portraits = print_photos({w.photo for w in winners}, cache / "print-photos", workers)
    posters = build_posters(winners, cache, workers=workers, photos=portraits)
    for published, cached in posters.items():
        _place(cached, site / published)
    cards = site if (site / "cards").is_dir() else None  # the share cards, when the build drew them
    kits = press_kits(winners, plan.site_url, portraits, posters, cards)
    for published, cached in build_press_kits(kits, cache, workers).items():
        _place(cached, site / published)
