"""The MkDocs adapter: hands the planned pages, photos and cards to MkDocs.

All decisions live in ``site_builder.content`` and ``site_builder.site``; this module only
translates them into MkDocs files and page metadata, so another generator could replace it.
"""

from __future__ import annotations

import datetime as dt
import gzip
import logging
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

from babel.dates import format_date
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page

from .config import Top100Config
from .content import ALMATY, Report, Severity, load_content
from .democlock import DemoDateError, demo_date, on_day
from .site.images import build_photos, media_files
from .site.material import tidy_html
from .site.model import SitePage
from .site.plan import SitePlan, plan_site
from .site.sharecards import CardSpec, build_cards
from .site.sitemap import hreflang_links, sitemap_xml
from .site.strings import LANG_NAMES, STRINGS, t
from .site.views import menu

log = logging.getLogger("mkdocs.plugins.top100")
MAX_LISTED = 40
# Set in the helper processes that render a share of the pages: "<index>/<count>".
SHARD = "TOP100_SHARD"


class Top100Plugin(BasePlugin[Top100Config]):
    supports_multiple_instances = False

    def __init__(self) -> None:
        self.serving = False
        self.plan: SitePlan | None = None
        self.by_uri: dict[str, SitePage] = {}
        self.helpers: list[subprocess.Popen[str]] = []
        self.demo_day: dt.date | None = None

    def on_startup(self, *, command: str, dirty: bool) -> None:
        self.serving = command == "serve"

    def _now(self) -> dt.datetime:
        if self.config.now:
            now = self.config.now
            moment = now if isinstance(now, dt.datetime) else dt.datetime.fromisoformat(str(now))
            return moment.replace(tzinfo=ALMATY) if moment.tzinfo is None else moment.astimezone(ALMATY)
        try:  # `make run` shows the demo on a day of its own calendar (site_builder/democlock.py)
            self.demo_day = demo_date()
        except DemoDateError as exc:
            raise PluginError(str(exc)) from None
        return on_day(self.demo_day) if self.demo_day else dt.datetime.now(ALMATY)

    def on_files(self, files: Files, /, *, config: MkDocsConfig) -> Files:
        root = Path(config.docs_dir)
        project = Path(config.config_file_path).resolve().parent
        now = self._now()  # once: the consent rule and the plan see the same moment
        helper = os.environ.get(SHARD)
        # The main build checked every text and photo already; a helper only needs the model.
        content, report = load_content(root, Report(project), today=now.date(), deep=not helper)
        _report(report)
        cache = project / self.config.cache_dir
        photos = build_photos(
            {e.id: e.folder / "photo.jpg" for e in content.valid_profiles},
            cache / "images",
            self.config.workers,
        )
        plan = plan_site(content, photos, config.site_url or "/", now)
        self.plan, self.by_uri = plan, {page.src_uri: page for page in plan.pages}

        if helper:  # a helper renders its share of the pages and nothing else
            index, count = (int(part) for part in helper.split("/"))
            return self._pages(Files([]), plan, config, index, count)
        kept = Files([f for f in files if not Path(f.abs_src_path or "").is_relative_to(root.resolve())])
        published = media_files(photos.values(), cache / "images")
        if self.config.share_cards:
            published.update(
                build_cards(_card_specs(plan, cache / "images"), cache / "cards", self.config.workers)
            )
        for path, source in published.items():
            kept.append(File.generated(config, path, abs_src_path=str(source)))
        count = (
            1 if self.serving or not self.config.parallel else (self.config.workers or os.cpu_count() or 1)
        )
        # The caches are warm now, so the helpers only plan and render.
        self.helpers = [_start_helper(config, index, count) for index in range(1, count)]
        return self._pages(kept, plan, config, 0, count)

    def _pages(self, files: Files, plan: SitePlan, config: MkDocsConfig, index: int, count: int) -> Files:
        """Pages index, index + count, ...: the pages are independent, so each process renders
        a share. The home page is in every share (MkDocs' nav needs it), and the 404 pages."""
        for number, page in enumerate(plan.pages):
            # The 404 pages too: every process writes Material's own 404.html first.
            if number % count == index or page.src_uri == "index.md" or page.dest_uri:
                file = File.generated(config, page.src_uri, content=page.body)
                if page.dest_uri:
                    file.dest_uri = page.dest_uri
                files.append(file)
        return files

    def on_page_markdown(self, markdown: str, /, *, page: Page, config: MkDocsConfig, files: Files) -> str:
        spec = self.by_uri.get(page.file.src_uri)
        if spec is None or self.plan is None:
            return markdown
        page.meta.update(
            {
                "template": spec.template,
                "title": spec.title,
                "description": spec.description,
                "lang": spec.lang,
                "key": spec.key,
                "t": STRINGS[spec.lang],
                "data": spec.data,
                "menu": menu(spec.lang),
                "demo": self.plan.demo,
                "demo_date": _long_date(self.demo_day, spec.lang) if self.demo_day else None,
                "demo_today": self.demo_day.isoformat() if self.demo_day else None,
                "alternates": [(lang, LANG_NAMES[lang], path) for lang, path in spec.alternates.items()],
                "hreflang": hreflang_links(spec, self.plan.site_url),
                "canonical": self.plan.absolute(spec.path),
                "hide": ["navigation", "toc"],
            }
        )
        card = spec.data.get("card_image")
        if card and self.config.share_cards:
            page.meta["og_image"] = self.plan.absolute(card)
        return markdown

    def on_post_page(self, output: str, /, *, page: Page, config: MkDocsConfig) -> str:
        return tidy_html(output)

    def on_post_build(self, *, config: MkDocsConfig) -> None:
        if self.plan is None or os.environ.get(SHARD):
            return
        failed = []
        for helper in self.helpers:
            _, errors = helper.communicate()
            if helper.returncode != 0:
                failed.append(errors.strip())
        self.helpers = []
        if failed:
            raise PluginError("a page-rendering process failed:\n" + "\n".join(failed))
        site = Path(config.site_dir)
        xml = sitemap_xml(self.plan.pages, self.plan.site_url)
        (site / "sitemap.xml").write_text(xml, encoding="utf-8")
        (site / "sitemap.xml.gz").write_bytes(gzip.compress(xml.encode(), mtime=0))
        (site / "robots.txt").write_text(
            f"User-agent: *\nAllow: /\nSitemap: {self.plan.absolute('sitemap.xml')}\n", encoding="utf-8"
        )
        if self.config.search and not self.serving:
            _pagefind(site)


# "2026 жылғы 12 қазан", "12 октября 2026 года", "12 October 2026".
_LONG_DATES = {"kk": ("y 'жылғы' d MMMM", "kk"), "ru": ("d MMMM y 'года'", "ru"), "en": ("d MMMM y", "en_GB")}


def _long_date(day: dt.date, lang: str) -> str:
    pattern, locale = _LONG_DATES[lang]
    return format_date(day, pattern, locale=locale)


def _report(report: Report) -> None:
    problems = list(report)
    for problem in problems:
        if problem.severity is Severity.WARNING:
            log.warning(problem.format())
    errors = [p.format() for p in problems if p.severity is Severity.ERROR]
    if errors:
        more = f"\n… and {len(errors) - MAX_LISTED} more" if len(errors) > MAX_LISTED else ""
        raise PluginError(
            f"the content has {len(errors)} error(s); run `top100 check` for the full list:\n"
            + "\n".join(errors[:MAX_LISTED])
            + more
        )


def _card_specs(plan: SitePlan, images: Path) -> dict[str, CardSpec]:
    specs = {}
    for page in plan.pages:
        data: dict[str, Any] = page.data
        photo = data.get("photo")
        if "card" in data:  # home, region and vote pages: no portrait
            card = data["card"]
            brand = t(page.lang, "site_name")
            brand = "" if brand == card["title"] else brand
            specs[data["card_image"]] = CardSpec(
                None, brand, card["title"], tuple(card["lines"]), card["footer"]
            )
        if page.template != "profile.html" or photo is None:
            continue
        lines = [data["college"], data["region_name"], *(title for _, title in data["programs"][:1])]
        specs[data["card_image"]] = CardSpec(
            images / photo.digest / f"{photo.widths[-1]}.jpg",
            t(page.lang, "site_name"),
            data["name"],
            tuple(lines),
            f"{data['stage_name']} · {data['year']}",
        )
    return specs


def _start_helper(config: MkDocsConfig, index: int, count: int) -> subprocess.Popen[str]:
    """`mkdocs build --dirty` of the same config into the same site folder, rendering only
    its share of the pages (--dirty: the folder was cleaned by this build already)."""
    command = [
        sys.executable,
        "-m",
        "mkdocs",
        "build",
        "--dirty",
        "-q",
        "-f",
        str(config.config_file_path),
        "-d",
        str(config.site_dir),
    ]
    env = {**os.environ, SHARD: f"{index}/{count}"}
    return subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)


def _pagefind(site: Path) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "pagefind", "--site", str(site), "--silent"], capture_output=True, text=True
    )
    if done.returncode != 0:
        raise PluginError(f"pagefind could not index the site:\n{done.stdout}{done.stderr}")
