"""The MkDocs adapter: what a build does with bad content, its helper processes, the search
index fed from the rendered pages, and Material's Kazakh strings."""

from __future__ import annotations

import gzip
import json
import os
import re
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import material

from site_builder.site.material_strings import material_words
from site_builder.site.search import content_area

from .sitebuild import REPO, mkdocs_build

# MkDocs hooks (plain modules named in mkdocs.yml) that watch the build from inside.
HELPERS_PLAN_NOTHING = """
import site_builder.plugin as plugin
import os

def forbidden(*args, **kwargs):
    raise RuntimeError("a helper loaded the content, hashed the photos or planned the site")

if os.environ.get("TOP100_SHARD"):
    plugin.load_content = plugin.build_photos = plugin.plan_site = forbidden
"""
MAIN_FAILS = """
import os, time
from pathlib import Path

RECORD = Path(__file__).parent / "helpers"

def on_post_page(output, page, config):
    if os.environ.get("TOP100_SHARD"):
        RECORD.mkdir(exist_ok=True)
        (RECORD / str(os.getpid())).touch()
        time.sleep(120)  # a helper still busy rendering
    else:
        for _ in range(600):  # the main build fails once a helper is at work
            if RECORD.exists() and any(RECORD.iterdir()):
                raise RuntimeError("the main build failed on purpose")
            time.sleep(0.1)
    return output
"""


def _config_with_hook(folder: Path, hook: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "hook.py").write_text(hook, encoding="utf-8")
    text = (REPO / "mkdocs.yml").read_text(encoding="utf-8")
    text = text.replace("docs_dir: content", f"docs_dir: {REPO / 'content'}")
    text = text.replace("custom_dir: themes", f"custom_dir: {REPO / 'themes'}")
    config = folder / "mkdocs.yml"
    config.write_text(text + "\nhooks:\n  - hook.py\n", encoding="utf-8")
    return config


def test_bad_content_stops_the_build_with_the_file_named(tmp_path: Path) -> None:
    docs = tmp_path / "content"
    shutil.copytree(REPO / "content", docs)
    profile = docs / "profiles/2026/aruzhan-serikkyzy/profile.yml"
    profile.write_text(
        profile.read_text(encoding="utf-8").replace("region: KZ-75", "region: KZ-99"), encoding="utf-8"
    )
    done = mkdocs_build(tmp_path / "site", tmp_path / "cache", search=False, docs=docs)
    assert done.returncode == 1
    assert (
        "profiles/2026/aruzhan-serikkyzy/profile.yml:13: region: [ref.region] "
        "unknown region code 'KZ-99'" in done.stderr
    )
    assert "Traceback" not in done.stderr


def _keys(path: Path) -> dict[str, str]:
    return dict(re.findall(r'"([\w.]+)": "([^"]*)"', path.read_text(encoding="utf-8")))


def test_the_kazakh_ui_translation_is_complete_and_kazakh() -> None:
    english = _keys(Path(material.__file__).parent / "templates/partials/languages/en.html")
    kazakh = material_words("kk")  # from the catalog (site_builder/site/material_strings.py)
    assert set(english) - {"search.config.pipeline", "search.config.separator"} <= set(kazakh)
    assert kazakh["language"] == "kk"
    words = [value for key, value in kazakh.items() if not key.startswith("search.config")]
    translated = [value for value in words if re.search("[әғқңөұүһі]", value, re.IGNORECASE)]
    assert len(translated) > len(words) // 2
    assert material_words("ru")["top"] == "К началу" and material_words("en") == {}


def test_pages_rendered_in_several_processes_equal_one_process(tmp_path: Path) -> None:
    """The helpers render from the plan they are handed: in them, loading the content,
    hashing a photo or planning the site raises, and the site is the same."""
    cache = tmp_path / "cache"
    config = _config_with_hook(tmp_path / "conf", HELPERS_PLAN_NOTHING)
    shared = mkdocs_build(tmp_path / "shared", cache, config=config, search=False, parallel=True)
    single = mkdocs_build(tmp_path / "single", cache, search=False, parallel=False)
    assert shared.returncode == 0 and single.returncode == 0, shared.stderr + single.stderr
    files = sorted(
        p.relative_to(tmp_path / "single") for p in (tmp_path / "single").rglob("*") if p.is_file()
    )
    assert files == sorted(
        p.relative_to(tmp_path / "shared") for p in (tmp_path / "shared").rglob("*") if p.is_file()
    )
    assert len(files) > 300
    for name in files:
        assert (tmp_path / "shared" / name).read_bytes() == (tmp_path / "single" / name).read_bytes(), name


FULL_RENDER = """
import site_builder.plugin as plugin

plugin.FRAMED = frozenset()  # every page through its whole Jinja template
"""


FRAMES_USED = """
import json
from pathlib import Path

def on_post_build(config):
    frames = config.plugins["top100"].frames
    kinds = [list(map(str, kind[:3])) for kind, frame in frames.frames.items() if frame is None]
    (Path(__file__).parent / "frames.json").write_text(json.dumps({"filled": frames.filled, "full": kinds}))
"""


def test_pages_filled_into_frames_equal_full_renders(tmp_path: Path) -> None:
    """Profiles and listings filled into their frames are byte for byte what their whole
    templates give, and no kind of page fell back to its whole template (the demo mixes
    profiles with a vote, whose pages carry the widget's words, and profiles without)."""
    cache = tmp_path / "cache"
    config = _config_with_hook(tmp_path / "conf", FULL_RENDER)
    full = mkdocs_build(tmp_path / "full", cache, config=config, search=False, parallel=False)
    used = _config_with_hook(tmp_path / "used", FRAMES_USED)
    framed = mkdocs_build(tmp_path / "framed", cache, config=used, search=False, parallel=False)
    assert full.returncode == 0 and framed.returncode == 0, full.stderr + framed.stderr
    pages = sorted(p.relative_to(tmp_path / "full") for p in (tmp_path / "full").rglob("*.html"))
    assert len(pages) > 100
    for name in pages:
        assert (tmp_path / "framed" / name).read_text() == (tmp_path / "full" / name).read_text(), name
    stats = json.loads((tmp_path / "used/frames.json").read_text())
    assert stats["full"] == [] and stats["filled"] > 40, stats


def _search_folders(tmp_path: Path) -> set[Path]:
    """The folders of search areas (in /dev/shm, or in the cache where there is none)."""
    return {*Path("/dev/shm").glob("top100-search-*"), *(tmp_path / "cache").glob("top100-search-*")}


def test_helpers_are_stopped_when_the_main_build_fails(tmp_path: Path) -> None:
    before = _search_folders(tmp_path)
    config = _config_with_hook(tmp_path / "conf", MAIN_FAILS)
    start = time.monotonic()
    done = mkdocs_build(tmp_path / "site", tmp_path / "cache", config=config, search=True)
    took = time.monotonic() - start
    assert done.returncode != 0
    assert "the main build failed on purpose" in done.stderr
    helpers = [int(p.name) for p in (tmp_path / "conf/helpers").iterdir()]
    assert helpers  # a helper was at work when the main build failed
    assert took < 90, "the main build waited for its helpers"
    for pid in helpers:
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            continue
        raise AssertionError(f"helper {pid} is still running")
    assert not list((tmp_path / "cache").glob("shards-*")), "the helpers' work folder was left behind"
    assert _search_folders(tmp_path) <= before, "the search areas were left behind"


def _fragments(bundle: Path) -> dict[str, tuple[str, str, str]]:
    """``{url: (language, title, indexed text)}`` of every page in a Pagefind bundle."""
    pages = {}
    for fragment in (bundle / "fragment").iterdir():
        data = json.loads(gzip.decompress(fragment.read_bytes()).removeprefix(b"pagefind_dcd"))
        pages[data["url"]] = (fragment.name.split("_")[0], data["meta"]["title"], data["content"])
    return pages


def test_search_index_from_rendered_content_areas_matches_a_crawl(tmp_path: Path) -> None:
    """The content areas written while the pages render give the index Pagefind's own crawl
    of the finished site gives: the same pages, languages, titles and text; and the folder
    of areas is gone afterwards."""
    site = tmp_path / "site"
    before = _search_folders(tmp_path)
    done = mkdocs_build(site, tmp_path / "cache", search=True)
    assert done.returncode == 0, done.stderr
    crawl = [sys.executable, "-m", "pagefind", "--site", str(site), "--output-path", str(tmp_path / "crawl")]
    crawled = subprocess.run([*crawl, "--silent"], capture_output=True, text=True)
    assert crawled.returncode == 0, crawled.stderr
    ours, theirs = _fragments(site / "pagefind"), _fragments(tmp_path / "crawl")
    assert ours == theirs
    langs = [lang for lang, _, _ in ours.values()]
    assert set(langs) == {"kk", "ru", "en"}
    entry = json.loads((site / "pagefind/pagefind-entry.json").read_text())
    assert {lang: info["page_count"] for lang, info in entry["languages"].items()} == {
        lang: langs.count(lang) for lang in ("kk", "ru", "en")
    }
    lang, title, text = ours["/ru/2026/aruzhan-serikkyzy/"]
    assert lang == "ru" and title in text and len(text.split()) > 100
    assert _search_folders(tmp_path) <= before


def test_a_rebuild_publishes_exactly_the_bundle_a_fresh_index_gives(tmp_path: Path) -> None:
    """The bundle kept between builds takes only the changed pages, and the site gets the
    files of the new index and none of the old one."""
    docs = tmp_path / "content"
    shutil.copytree(REPO / "content", docs)
    cache, site = tmp_path / "cache", tmp_path / "site"
    assert mkdocs_build(site, cache, search=True, docs=docs).returncode == 0
    text = docs / "profiles/2026/aruzhan-serikkyzy/en.md"
    text.write_text(text.read_text(encoding="utf-8") + "\nShe also tutors younger students in Pascal.\n",
                    encoding="utf-8")
    done = mkdocs_build(site, cache, search=True, docs=docs)
    assert done.returncode == 0, done.stderr
    fresh = mkdocs_build(tmp_path / "fresh", tmp_path / "empty-cache", search=True, docs=docs)
    assert fresh.returncode == 0, fresh.stderr

    def files(bundle: Path) -> set[str]:
        return {p.relative_to(bundle).as_posix() for p in bundle.rglob("*") if p.is_file()}

    assert files(site / "pagefind") == files(tmp_path / "fresh/pagefind")
    assert files(cache / "pagefind") == files(site / "pagefind")
    assert not (cache / "pagefind.indexing").exists()
    # A run killed while Pagefind wrote: the next build starts the kept bundle afresh instead
    # of keeping a half-written file Pagefind would leave alone.
    fragment = next((cache / "pagefind/fragment").iterdir())
    fragment.write_bytes(fragment.read_bytes()[:10])
    (cache / "pagefind.indexing").touch()
    assert mkdocs_build(site, cache, search=True, docs=docs).returncode == 0
    assert (site / "pagefind/fragment" / fragment.name).read_bytes() == (
        tmp_path / "fresh/pagefind/fragment" / fragment.name
    ).read_bytes()
    assert "Pascal" in _fragments(site / "pagefind")["/en/2026/aruzhan-serikkyzy/"][2]


def test_content_area_takes_the_whole_marked_element() -> None:
    page = (
        '<html lang="ru"><nav>menu</nav><article class="a" data-pagefind-body><h1>Name</h1>'
        "<article><p>inner</p></article><p>after inner</p></article><footer>x</footer></html>"
    )
    area = content_area(page)
    assert area is not None
    assert area.startswith('<article class="a" data-pagefind-body>') and area.endswith(
        "<p>after inner</p></article>"
    )
    assert content_area("<html><body><p>no marker</p></body></html>") is None


def _get(url: str) -> str:
    """The page without the live-reload call MkDocs adds when serving (it names the build)."""
    with urllib.request.urlopen(url, timeout=5) as response:
        return re.sub(r"livereload\(\d+, \d+\)", "livereload()", response.read().decode())


def _until(url: str, wanted: str, timeout: float = 60) -> str:
    end, last = time.monotonic() + timeout, ""
    while time.monotonic() < end:
        try:
            last = _get(url)
            if wanted in last:
                return last
        except OSError as exc:
            last = str(exc)
        time.sleep(0.1)
    raise AssertionError(f"{wanted!r} did not appear at {url}; last answer: {last[:2000]}")


def test_serve_renders_again_only_what_changed(tmp_path: Path) -> None:
    """`mkdocs serve` shows an edit, and a page it did not touch stays exactly as it was."""
    docs = tmp_path / "content"
    shutil.copytree(REPO / "content", docs)
    text = (REPO / "mkdocs.yml").read_text(encoding="utf-8").replace("docs_dir: content", f"docs_dir: {docs}")
    config = tmp_path / "mkdocs.yml"
    config.write_text(text.replace("custom_dir: themes", f"custom_dir: {REPO / 'themes'}"), encoding="utf-8")
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    env = {**os.environ, "TOP100_CACHE_DIR": str(tmp_path / "cache"), "TOP100_NOW": "2026-11-21T12:00",
           "TOP100_SEARCH": "false", "NO_MKDOCS_2_WARNING": "1"}  # fmt: skip
    server = subprocess.Popen(
        [sys.executable, "-m", "mkdocs", "serve", "-f", str(config), "-a", f"127.0.0.1:{port}"],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}/"
    edited, other = base + "ru/2026/aruzhan-serikkyzy/", base + "ru/2026/dias-nurlanuly/"
    try:
        _until(edited, "</html>", timeout=120)
        before = _get(other)
        text_file = docs / "profiles/2026/aruzhan-serikkyzy/ru.md"
        text_file.write_text(text_file.read_text(encoding="utf-8") + "\nПравка-12345\n", encoding="utf-8")
        _until(edited, "Правка-12345")
        assert _get(other) == before
    finally:
        server.terminate()
        server.wait(10)
