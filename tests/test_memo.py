"""The inspections kept between runs: a warm load reads only what changed, and never hides
a change."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from site_builder.content import memo as memo_module
from site_builder.content.memo import InspectionMemo, code_stamp
from site_builder.content.problems import Report
from site_builder.content.repository import load_content

REPO = Path(__file__).resolve().parents[1]
PROFILE = "profiles/2026/aruzhan-serikkyzy"


@pytest.fixture
def content(tmp_path: Path) -> Path:
    docs = tmp_path / "content"
    shutil.copytree(REPO / "content", docs)
    return docs


def _inspected(monkeypatch: pytest.MonkeyPatch) -> list[Path]:
    """Records every folder inspected afresh (not taken from the memo)."""
    seen: list[Path] = []
    original = InspectionMemo.inspect

    def inspect(self: InspectionMemo, folders, base, deep, run):  # type: ignore[no-untyped-def]
        def recording(todo: list[Path], todo_deep: list[bool]):  # type: ignore[no-untyped-def]
            seen.extend(todo)
            return run(todo, todo_deep)

        return original(self, folders, base, deep, recording)

    monkeypatch.setattr(InspectionMemo, "inspect", inspect)
    return seen


def _problems(docs: Path, memo: Path) -> list[str]:
    _, report = load_content(docs, Report(docs.parent), memo=memo)
    return [p.format() for p in report]


def test_a_warm_load_inspects_only_the_changed_folder(
    content: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    memo = tmp_path / "cache/inspected.pickle"
    seen = _inspected(monkeypatch)
    cold = _problems(content, memo)
    assert len(seen) > 10 and memo.exists()
    seen.clear()
    assert _problems(content, memo) == cold
    assert seen == []
    text = content / PROFILE / "en.md"
    text.write_text("Too short now.\n", encoding="utf-8")
    warm = _problems(content, memo)
    assert seen == [(content / PROFILE).resolve()] or seen == [content / PROFILE]
    assert any("[words.too-few]" in line and f"{PROFILE}/en.md" in line for line in warm), warm
    assert not any("[words.too-few]" in line for line in cold)


def test_a_removed_photo_is_reported_on_a_warm_load(content: Path, tmp_path: Path) -> None:
    memo = tmp_path / "cache/inspected.pickle"
    assert not any("photo.jpg" in line for line in _problems(content, memo))
    (content / PROFILE / "photo.jpg").unlink()
    assert any(f"{PROFILE}/photo.jpg" in line for line in _problems(content, memo))


def test_a_memo_of_other_code_or_a_cut_file_is_ignored(
    content: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    memo = tmp_path / "cache/inspected.pickle"
    cold = _problems(content, memo)
    memo.write_bytes(memo.read_bytes()[:100])  # an interrupted write, or a broken disk
    seen = _inspected(monkeypatch)
    assert _problems(content, memo) == cold and len(seen) > 10
    seen.clear()
    code_stamp.cache_clear()
    monkeypatch.setattr(memo_module, "_LIBRARIES", ("pydantic", "a-library-that-changed"))
    assert _problems(content, memo) == cold and len(seen) > 10
    code_stamp.cache_clear()
