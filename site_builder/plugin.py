"""The MkDocs adapter: hands the planned pages, photos and cards to MkDocs.

All decisions live in ``site_builder.content`` and ``site_builder.site``; this module only
translates them into MkDocs files and page metadata, so another generator could replace it.
"""

from __future__ import annotations

import datetime as dt
import gc
import gzip
import logging
import os
import subprocess
import time
from pathlib import Path

from jinja2 import Environment, FileSystemBytecodeCache
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin
from mkdocs.structure.files import File, Files
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page
from mkdocs.utils import normalize_url
from mkdocs.utils.templates import TemplateContext

from .config import Top100Config
from .content import ALMATY, Content, Report, Severity, load_content
from .democlock import DemoDateError, demo_date, on_day
from .frames import FRAMED, Frames
from .i18n import LANGS
from .preview import EMPTY, RenderCache, clear_in_background, unconverted
from .publicity.site import extend_plan, publish
from .publicity.winners import Winner
from .shards import SEARCH_AREAS, Helpers, current_shard, share
from .site.assets import hashed_names
from .site.dates import long_date
from .site.images import build_photos, media_files
from .site.markup import RenderedTexts, content_html
from .site.material import tidy_html
from .site.material_strings import material_words
from .site.model import SitePage
from .site.plan import SitePlan, plan_site
from .site.search import SearchAreas, SearchError, search_page
from .site.sharecards import build_cards, card_specs
from .site.sitemap import hreflang_links, sitemap_xml
from .site.strings import LANG_NAMES, STRINGS
from .site.views import menu
from .site.widget import has_widget, widget_words

log = logging.getLogger("mkdocs.plugins.top100")
MAX_LISTED = 40


class LinkedFile(File):
    """A cached photo derivative or share card, published as a hard link to the cache
    (15,000 copies take seconds; links almost nothing). Cached files are never changed in
    place (a new photo gets a new digest), so sharing them is safe; a copy when the site
    folder is on another file system."""

    def copy_file(self, dirty: bool = False) -> None:
        if dirty and not self.is_modified():
            return
        target = Path(self.abs_dest_path)
        target.parent.mkdir(parents=True, exist_ok=True)
        target.unlink(missing_ok=True)
        try:
            os.link(self.abs_src_path or "", target)
        except OSError:
            super().copy_file(dirty)


class Top100Plugin(BasePlugin[Top100Config]):
    supports_multiple_instances = False

    def __init__(self) -> None:
        self.serving = False
        self.plan: SitePlan | None = None
        self.content: Content | None = None
        self.winners: list[Winner] = []
        self.by_uri: dict[str, SitePage] = {}
        self.helpers: Helpers | None = None
        self.demo_day: dt.date | None = None
        self.clearing: subprocess.Popen[bytes] | None = None  # deleting the previous build's pages
        self.started = time.perf_counter()
        self.frames: Frames | None = None
        self.framed: dict[str, str] = {}  # pages rendered from their frames, until written
        # Where the main build and its helpers write the content areas for the search index.
        self.areas: SearchAreas | None = None
        # `mkdocs serve` keeps this plugin between rebuilds: unchanged pages are not rendered again.
        self.preview = RenderCache()
        self.assets: dict[str, str] = {}  # the theme's own files: plain name -> hashed name

    def on_startup(self, *, command: str, dirty: bool) -> None:
        self.serving = command == "serve"

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        """The extra style sheet and scripts under their hashed names (site/assets.py)."""
        theme = config.theme.custom_dir
        self.assets = hashed_names(Path(theme)) if theme else {}
        config.extra_css = [self.assets.get(path, path) for path in config.extra_css]
        for script in config.extra_javascript:  # a path, or an ExtraScriptValue (.mjs, options)
            if not isinstance(script, str):
                script.path = self.assets.get(script.path, script.path)
        config.extra_javascript = [
            self.assets.get(script, script) if isinstance(script, str) else script
            for script in config.extra_javascript
        ]
        # This plugin writes the 404 pages and the sitemap itself: Material's own copies were
        # rendered on every build (and every `mkdocs serve` rebuild) only to be replaced.
        config.theme.static_templates.difference_update({"404.html", "sitemap.xml"})
        return config

    def _cache(self, config: MkDocsConfig) -> Path:
        return Path(config.config_file_path).resolve().parent / self.config.cache_dir

    def _phase(self, name: str) -> None:
        """Where the build's time goes, in `mkdocs build -v`."""
        log.debug("%s done at %.2f s", name, time.perf_counter() - self.started)

    def on_pre_build(self, *, config: MkDocsConfig) -> None:
        self.started = time.perf_counter()
        # A helper renders into the folder the main build has just emptied.
        if current_shard() is None:
            self.clearing = clear_in_background(Path(config.site_dir))

    def _cleared(self) -> None:
        # `mkdocs serve` shows the new pages without waiting: the old ones go meanwhile.
        if self.clearing is not None and not self.serving:
            self.clearing.wait()
            self.clearing = None
            self._phase("deleting the previous build")

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
        cache = project / self.config.cache_dir
        shard = current_shard()
        if shard is not None:  # a helper renders its share of the planned pages and nothing else
            self.plan = shard.load_plan()
            self.by_uri = {page.src_uri: page for page in self.plan.pages}
            folder = os.environ.get(SEARCH_AREAS)
            self.areas = SearchAreas(Path(folder)) if folder and self.config.search else None
            gc.freeze()
            return self._pages(Files([]), self.plan.pages, config)
        # A rebuild in `mkdocs serve` checks the texts and photos of the profiles that changed.
        changed = self.preview.to_check(root) if self.serving else None
        content, report = load_content(
            root, Report(project), changed or None, today=now.date(), deep=changed != [],
            memo=cache / "inspected.pickle",
        )
        _report(report)
        photos = build_photos(
            {e.id: e.folder / "photo.jpg" for e in content.valid_profiles},
            cache / "images",
            self.config.workers,
        )
        plan = plan_site(content, photos, config.site_url or "/", now)
        # Posts, print, press kits, statistics.
        self.winners = extend_plan(plan, content, self.config.print_outputs)
        texts = RenderedTexts(cache / "texts.pickle")
        for page in plan.pages:  # once here: the helpers get the HTML with their share
            page.html = texts.html(page.body)
        texts.save()
        self.content = content
        self.plan, self.by_uri = plan, {page.src_uri: page for page in plan.pages}

        kept = Files([f for f in files if not Path(f.abs_src_path or "").is_relative_to(root.resolve())])
        published = media_files(photos.values(), cache / "images")
        if self.config.share_cards:
            published.update(
                build_cards(card_specs(plan, cache / "images"), cache / "cards", self.config.workers)
            )
        for path, source in published.items():
            kept.append(LinkedFile.generated(config, path, abs_src_path=str(source)))
        theme = Path(config.theme.custom_dir or "")
        for path, hashed in self.assets.items():
            kept.append(File.generated(config, hashed, abs_src_path=str(theme / path)))
        if self.serving:
            self.preview.plan(plan.pages, config)
            return self._pages(kept, plan.pages, config)
        count = 1 if not self.config.parallel else (self.config.workers or os.cpu_count() or 1)
        if self.config.search:
            self.areas = SearchAreas.create(cache)
        if count > 1:
            areas = self.areas.folder if self.areas else None
            self.helpers = Helpers(str(config.config_file_path), str(config.site_dir), cache, areas)
            self.helpers.start(plan, count)
        # The content and the plan live until the end of the build: keep the garbage collector
        # from walking them again and again while the pages render. (`mkdocs serve` returned
        # above: it replaces them at each rebuild, and frozen objects are never collected.)
        gc.freeze()
        self._phase("planning")
        return self._pages(kept, share(plan.pages, 0, count), config)

    def _pages(self, files: Files, pages: list[SitePage], config: MkDocsConfig) -> Files:
        for page in pages:
            file = File.generated(config, page.src_uri, content=page.body)
            if page.dest_uri:  # the 404 pages, written where a server looks for them
                file.dest_uri = page.dest_uri
            files.append(file)
        return files

    def on_env(self, env: Environment, /, *, config: MkDocsConfig, files: Files) -> Environment:
        env.globals["material_words"] = {lang: material_words(lang) for lang in LANGS}
        env.filters["asset"] = lambda path: self.assets.get(path, path)  # {{ 'assets/x.js' | asset | url }}
        self.frames = Frames(env)
        # Compiled templates kept between builds, rebuilds and helper processes (Jinja checks
        # each against its source): compiling them took a third of a second every time.
        folder = self._cache(config) / "templates"
        folder.mkdir(parents=True, exist_ok=True)
        env.bytecode_cache = FileSystemBytecodeCache(str(folder))
        return self.preview.install(env)

    def on_page_context(
        self, context: TemplateContext, /, *, page: Page, config: MkDocsConfig, nav: Navigation
    ) -> TemplateContext:
        spec = self.by_uri.get(page.file.src_uri)
        if spec is not None and page.meta.get("template") == EMPTY and self.frames and not self.serving:
            page.meta["template"] = spec.template
            self.framed[page.file.src_uri] = self.frames.render(page, dict(context))
        return context

    def on_page_markdown(self, markdown: str, /, *, page: Page, config: MkDocsConfig, files: Files) -> str:
        spec = self.by_uri.get(page.file.src_uri)
        if spec is None or self.plan is None:
            return markdown
        page.meta.clear()  # nothing of an editor's text (front matter included) reaches MkDocs
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
                # The vote widget's and receipt form's words, on the pages that have them.
                "widget_words": widget_words(spec.lang) if has_widget(spec) else None,
                "demo": self.plan.demo,
                "demo_date": long_date(self.demo_day, spec.lang) if self.demo_day else None,
                "demo_today": self.demo_day.isoformat() if self.demo_day else None,
                "alternates": [
                    (lang, LANG_NAMES[lang], normalize_url(path, page=page))
                    for lang, path in spec.alternates.items()
                ],
                "hreflang": hreflang_links(spec, self.plan.site_url),
                "canonical": self.plan.absolute(spec.path),
                "hide": ["navigation", "toc"],
            }
        )
        card = spec.data.get("card_image")
        if card and self.config.share_cards:
            page.meta["og_image"] = self.plan.absolute(card)
        # The text is rendered in on_page_content by the Markdown that checked it: skip
        # Python-Markdown (MkDocs would build a converter for each page, to convert nothing).
        page.render = unconverted.__get__(page)  # type: ignore[method-assign]
        if self.serving:
            self.preview.markdown(page, "")  # an unchanged page gets its earlier HTML back
        elif spec.template in FRAMED:  # rendered from its frame in on_page_context
            page.meta["template"] = EMPTY
        return ""  # on_page_content renders the text with the Markdown that checked it

    def on_page_content(self, html: str, /, *, page: Page, config: MkDocsConfig, files: Files) -> str:
        spec = self.by_uri.get(page.file.src_uri)
        if spec is None or (self.serving and page.meta.get("template") == EMPTY):
            return html
        return spec.html if spec.html is not None else content_html(spec.body)

    def on_post_page(self, output: str, /, *, page: Page, config: MkDocsConfig) -> str:
        output = tidy_html(self.framed.pop(page.file.src_uri, output))
        if self.serving:
            return self.preview.output(page, output)
        if self.areas is not None and page.file.src_uri in self.by_uri:
            found = search_page("/" + self.by_uri[page.file.src_uri].path, output)
            if found is not None:
                self.areas.add(found)
        return output

    def on_build_error(self, *, error: Exception) -> None:
        # Nobody will publish this build: stop the helpers and Pagefind instead of waiting.
        if self.helpers is not None:
            self.helpers.stop()
            self.helpers = None
        if self.areas is not None and current_shard() is None:
            self.areas.stop()
        self.areas = None
        self._cleared()

    def on_post_build(self, *, config: MkDocsConfig) -> None:
        try:
            self._finish(config)
        finally:
            self._cleared()

    def _finish(self, config: MkDocsConfig) -> None:
        if self.serving:
            self.preview.built()
        if current_shard() is not None:
            return
        if self.plan is None:
            return
        self._phase("rendering this process's pages")
        if self.helpers is not None:
            failed = self.helpers.wait()
            self.helpers = None
            self._phase("waiting for the helpers")
            if failed:
                raise PluginError("a page-rendering process failed:\n" + "\n".join(failed))
        site = Path(config.site_dir)
        if self.areas is not None:  # Pagefind indexes while the files below are written
            self.areas.start(self._cache(config) / "pagefind")
        xml = sitemap_xml(self.plan.pages, self.plan.site_url)
        (site / "sitemap.xml").write_text(xml, encoding="utf-8")
        (site / "sitemap.xml.gz").write_bytes(gzip.compress(xml.encode(), mtime=0))
        (site / "robots.txt").write_text(
            f"User-agent: *\nAllow: /\nSitemap: {self.plan.absolute('sitemap.xml')}\n", encoding="utf-8"
        )
        if self.content is not None:
            publish(self.plan, self.content, self.winners, site, self._cache(config), self.config.workers,
                    self._now(), self.config.print_outputs)
        self._phase("sitemap, feeds and print files")
        if self.areas is not None:
            areas, self.areas = self.areas, None
            try:
                areas.finish(site / "pagefind")
                self._phase("search index")
            except SearchError as exc:
                raise PluginError(str(exc)) from None
            finally:
                areas.stop()


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
