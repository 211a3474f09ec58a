"""`mkdocs serve` for editors: a save shows up after one page is rendered, not the whole site.

MkDocs rebuilds every page on each save, and keeps this plugin between rebuilds. A page
whose planned entry (texts, data, links) is unchanged, with unchanged templates and
config, gets back the HTML it had: it is handed an empty template and its Markdown is not
converted, so only the edited pages (and the listings that show them) cost anything.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import subprocess
import tempfile
from pathlib import Path

from jinja2 import ChoiceLoader, DictLoader, Environment
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.pages import Page
from mkdocs.structure.toc import get_toc

from .content.memo import Stamp, folder_stamp
from .shards import HOME
from .site.model import SitePage

EMPTY = "top100-unchanged.html"


def clear_in_background(site_dir: Path) -> subprocess.Popen[bytes] | None:
    """Empty ``site_dir`` at once: its entries move to a folder beside it, deleted by a
    process of its own.

    MkDocs deletes the whole site before each build; with a folder per page that is 50,000
    files at N = 2,500, seconds of work while the pages wait. Moved aside, they are deleted
    by ``rm`` at a low priority while the build plans the site on its other core (a thread
    would take turns with the build for Python's lock). Folders left by a build that was
    killed go too. The caller waits for the process before it reports the build done.
    """
    if not site_dir.is_dir():
        return None
    prefix = f".{site_dir.name}-old-"
    trash = Path(tempfile.mkdtemp(prefix=prefix, dir=site_dir.parent))
    for entry in list(site_dir.iterdir()):
        try:
            os.rename(entry, trash / entry.name)
        except OSError:
            break  # MkDocs' own cleaning removes whatever is left
    stale = [str(p) for p in site_dir.parent.glob(f"{prefix}*") if p.is_dir()]
    return subprocess.Popen(["nice", "-n", "10", "rm", "-rf", "--", *stale],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def _stamp(config: MkDocsConfig) -> bytes:
    """What every page depends on besides its own entry: the config and our templates."""
    paths = [Path(config.config_file_path)]
    custom = config.theme.custom_dir
    if custom:
        paths += sorted(p for p in Path(custom).rglob("*") if p.is_file())
    return "\n".join(f"{p}:{p.stat().st_mtime_ns}" for p in paths).encode()


def _fingerprint(page: SitePage, stamp: bytes) -> str:
    return hashlib.sha256(stamp + pickle.dumps(page, protocol=pickle.HIGHEST_PROTOCOL)).hexdigest()


def _signatures(root: Path) -> dict[Path, Stamp]:
    """Each profile folder's files with their sizes and modification times."""
    folders = (folder for folder in (root / "profiles").glob("*/*") if folder.is_dir())
    return {folder.resolve(): folder_stamp(folder) for folder in folders}


def unconverted(page: Page, config: MkDocsConfig, files: object) -> None:
    page.content, page.toc = "", get_toc([])


class RenderCache:
    def __init__(self) -> None:
        self.keys: dict[str, str] = {}
        self.html: dict[str, tuple[str, str]] = {}  # src_uri -> (fingerprint, rendered page)
        # Profile folders whose texts and photo passed the slow checks in a successful build.
        self.checked: dict[Path, Stamp] = {}
        self.seen: dict[Path, Stamp] = {}

    def to_check(self, root: Path) -> list[Path] | None:
        """The profile folders whose texts and photo need the slow checks again: those that
        changed since the last successful build (None: all of them)."""
        self.seen = _signatures(root)
        if not self.checked:
            return None
        return [folder for folder, files in self.seen.items() if self.checked.get(folder) != files]

    def built(self) -> None:
        self.checked = self.seen

    def plan(self, pages: list[SitePage], config: MkDocsConfig) -> None:
        stamp = _stamp(config)
        # Every page's navigation shows the home page, so it is part of every page's stamp.
        stamp += b"".join(pickle.dumps(p) for p in pages if p.src_uri == HOME)
        self.keys = {page.src_uri: _fingerprint(page, stamp) for page in pages}

    def _unchanged(self, uri: str) -> str | None:
        cached = self.html.get(uri)
        return cached[1] if cached is not None and cached[0] == self.keys.get(uri) else None

    def install(self, env: Environment) -> Environment:
        if env.loader is not None and not isinstance(env.loader, ChoiceLoader):
            env.loader = ChoiceLoader([DictLoader({EMPTY: ""}), env.loader])
        return env

    def markdown(self, page: Page, markdown: str) -> str:
        if self._unchanged(page.file.src_uri) is None:
            return markdown
        page.meta["template"] = EMPTY
        return ""

    def output(self, page: Page, output: str) -> str:
        uri = page.file.src_uri
        unchanged = self._unchanged(uri)
        if unchanged is not None:
            return unchanged
        if uri in self.keys:
            self.html[uri] = (self.keys[uri], output)
        return output
