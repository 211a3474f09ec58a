"""The MkDocs adapter: what a build does with bad content, and Material's Kazakh strings."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import material

from .sitebuild import REPO, mkdocs_build


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
        "profiles/2026/aruzhan-serikkyzy/profile.yml:13: region: unknown region code 'KZ-99'" in done.stderr
    )
    assert "Traceback" not in done.stderr


def _keys(path: Path) -> dict[str, str]:
    return dict(re.findall(r'"([\w.]+)": "([^"]*)"', path.read_text(encoding="utf-8")))


def test_the_kazakh_ui_translation_is_complete_and_kazakh() -> None:
    english = _keys(Path(material.__file__).parent / "templates/partials/languages/en.html")
    kazakh = _keys(REPO / "themes/partials/languages/kk.html")
    assert set(english) <= set(kazakh)
    assert kazakh["language"] == "kk"
    words = [value for key, value in kazakh.items() if not key.startswith("search.config")]
    translated = [value for value in words if re.search("[әғқңөұүһі]", value, re.IGNORECASE)]
    assert len(translated) > len(words) // 2


def test_pages_rendered_in_several_processes_equal_one_process(tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    shared = mkdocs_build(tmp_path / "shared", cache, search=False, parallel=True)
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
