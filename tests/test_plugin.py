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
