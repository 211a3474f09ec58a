"""Print outputs at N synthetic profiles: every poster and banner (3 languages each) and every
region's press kit, on all cores with a progress bar; then a rebuild with nothing changed
(all cached by content hash) and one after a single text changed.

    python -m benchmarks.print_outputs [--profiles 100 2500] [--workers 2]
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

from site_builder.content import ALMATY, LANGS, load_content
from site_builder.publicity.feeds import atom
from site_builder.publicity.opendata import open_data_files
from site_builder.publicity.pages import publicity_pages
from site_builder.publicity.portraits import print_photos
from site_builder.publicity.posters import build_posters
from site_builder.publicity.posts import posts
from site_builder.publicity.presskit import build_press_kits, press_kits
from site_builder.publicity.winners import Winner, all_winners

from .synthetic import Plan, generate

SITE = "https://top100.example.kz/"
T = TypeVar("T")


def _timed(label: str, work: Callable[[], T]) -> tuple[T, float]:
    start = time.perf_counter()
    result = work()
    took = time.perf_counter() - start
    print(f"  {label}: {took:.1f} s", flush=True)
    return result, took


def _outputs(content: Path, cache: Path, workers: int) -> tuple[int, int]:
    loaded, _ = load_content(content, deep=False)
    winners: list[Winner] = all_winners(loaded, SITE)
    portraits = print_photos({w.photo for w in winners}, cache / "print-photos", workers)
    posters = build_posters(winners, cache, workers=workers, photos=portraits)
    kits = build_press_kits(press_kits(winners, SITE, portraits, posters, None), cache, workers)
    return len(posters), len(kits)


def _site_extras(content: Path) -> int:
    """What every site build adds besides print: pages, feeds, posts and open data."""
    loaded, _ = load_content(content, deep=False)
    winners = all_winners(loaded, SITE)
    pages = publicity_pages(loaded)
    now = dt.datetime(2026, 11, 21, 12, tzinfo=ALMATY)
    feeds = [atom(loaded, winners, lang, SITE, now) for lang in LANGS]
    data = open_data_files(loaded, SITE)
    return len(pages) + len(feeds) + len(data) + len([posts(w) for w in winners])


def run(profiles: int, workers: int) -> dict[str, object]:
    with tempfile.TemporaryDirectory(prefix="top100-print-") as tmp:
        root = Path(tmp) / "content"
        generate(root, Plan(profiles=profiles))
        cache = Path(tmp) / "cache"
        print(f"N = {profiles} profiles, {workers} workers", flush=True)
        (pdfs, zips), cold = _timed("cold build", lambda: _outputs(root, cache, workers))
        _, warm = _timed("rebuild, nothing changed", lambda: _outputs(root, cache, workers))
        text = next(root.glob("profiles/*/*/ru.md"))
        text.write_text(text.read_text(encoding="utf-8") + "\nЕщё одна строка.\n", encoding="utf-8")
        _, one = _timed("rebuild after one text changed", lambda: _outputs(root, cache, workers))
        _, extras = _timed("site extras (pages, feeds, posts, open data)", lambda: _site_extras(root))
        size = sum(f.stat().st_size for f in cache.rglob("*") if f.is_file())
        return {
            "profiles": profiles, "pdfs": pdfs, "press_kits": zips, "cold_s": round(cold, 1),
            "warm_s": round(warm, 1), "one_changed_s": round(one, 1), "site_extras_s": round(extras, 1),
            "cache_mb": round(size / 1e6),
        }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--profiles", type=int, nargs="+", default=[100, 2500])
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 1)
    args = parser.parse_args()
    load = os.getloadavg()
    results = [run(n, args.workers) for n in args.profiles]
    print(json.dumps({"load_before": [round(x, 2) for x in load], "results": results}, indent=1))


if __name__ == "__main__":
    main()
