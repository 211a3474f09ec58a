"""The one loader per file kind: the same codes and words for every text and YAML file, in
``top100 check`` and in ``mkdocs build`` alike."""

from __future__ import annotations

import shutil
from pathlib import Path

from site_builder.content.files import read_text, read_yaml
from site_builder.content.problems import Report

from .conftest import DEMO
from .sitebuild import mkdocs_build

RU = "Программа «Өрлеу»\nвторая строка\n"


def _rules(report: Report) -> list[tuple[str, int]]:
    return [(p.rule, p.line) for p in report]


def test_utf8_with_or_without_a_byte_order_mark(tmp_path: Path) -> None:
    for data in (RU.encode(), b"\xef\xbb\xbf" + RU.encode()):
        (tmp_path / "ru.md").write_bytes(data)
        report = Report(tmp_path)
        assert read_text(tmp_path / "ru.md", report) == RU
        assert _rules(report) == []


def test_windows_1251_is_named_with_the_line(tmp_path: Path) -> None:
    path = tmp_path / "ru.md"
    path.write_bytes(b"plain ascii line\n" + "Программа молодёжи".encode("cp1251"))
    report = Report(tmp_path)
    assert read_text(path, report) is None
    [problem] = list(report)
    assert (problem.rule, problem.line) == ("file.encoding", 2)
    assert "Windows-1251" in problem.message and "UTF-8" in problem.hint


def test_yaml_problems_share_the_codes(tmp_path: Path) -> None:
    cases = {
        "empty.yml": (b"# nothing\n", [("file.empty", 1)]),
        "cp1251.yml": ("title: Колледж\n".encode("cp1251"), [("file.encoding", 1)]),
        "syntax.yml": (b"a: 1\nb: [1, 2\n", [("yaml.syntax", 3)]),
        "date.yml": (b"a: 1\nday: 2026-02-30\n", [("yaml.syntax", 2)]),
        "key.yml": (b"? [a, b]\n: c\n", [("yaml.syntax", 1)]),
    }
    for name, (data, expected) in cases.items():
        (tmp_path / name).write_bytes(data)
        report = Report(tmp_path)
        assert read_yaml(tmp_path / name, report) is None, name
        assert _rules(report) == expected, name
    (tmp_path / "folder.yml").mkdir()
    report = Report(tmp_path)
    assert read_yaml(tmp_path / "folder.yml", report) is None
    assert _rules(report) == [("file.unreadable", 1)]


def test_a_cp1251_programme_text_stops_the_build_with_a_message(tmp_path: Path) -> None:
    docs = tmp_path / "content"
    shutil.copytree(DEMO, docs)
    text = docs / "programs" / "orleu" / "ru.md"
    text.write_bytes(text.read_text(encoding="utf-8").encode("cp1251", "replace"))

    done = mkdocs_build(tmp_path / "site", tmp_path / "cache", search=False, docs=docs, parallel=False)

    assert done.returncode != 0
    assert "Traceback" not in done.stderr
    assert (
        "programs/orleu/ru.md:1: text: [file.encoding] is not UTF-8 text (it looks like Windows-1251)"
        in done.stderr
    )
