"""The one way content files are read: every Markdown text and every YAML file comes through
here, so an unreadable, mis-encoded or empty file gets the same code and words wherever it
is (photos have theirs in ``photo``). Nothing here raises for a file's contents."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from .problems import Report
from .yamlfile import LineMap, YamlSyntaxError, parse_yaml

GUIDE = "docs/editors.md"
UTF8_HINT = "save it as UTF-8 (in Notepad: File → Save as → Encoding: UTF-8)"

# libyaml's words for the mistakes editors make most, in plainer ones.
_YAML_PROBLEMS = {
    "mapping values are not allowed": "a ': ' where a value was expected (text with ': ' needs quotes)",
    "could not find expected ':'": "a line without the 'name: value' colon",
    "did not find expected key": "a line indented differently from the ones around it",
    "found unexpected end of stream": "an unclosed quote or bracket",
}


def entries(folder: Path) -> list[Path]:
    """What an editor put in a folder of files (contests, results, the media register), in
    name order; hidden files and a README are not content."""
    if not folder.is_dir():
        return []
    return [
        path for path in sorted(folder.iterdir())
        if not path.name.startswith(".") and path.name.lower() != "readme.md"
    ]


def plain_yaml_problem(error: YamlSyntaxError) -> str:
    if "\t" in error.source:
        return "a Tab character (indent with spaces, not Tabs)"
    problem = error.problem
    for known, plain in _YAML_PROBLEMS.items():
        if problem.startswith(known):
            return plain
    return problem


def _legacy_encoding(data: bytes) -> str:
    """Windows editors in Kazakhstan save Cyrillic as Windows-1251 unless told otherwise."""
    try:
        text = data.decode("cp1251")
    except UnicodeDecodeError:
        return ""
    cyrillic = sum(1 for char in text if "\u0400" <= char <= "\u04ff")
    return " (it looks like Windows-1251)" if cyrillic > len(text) // 4 else ""


def decode(path: Path, data: bytes, report: Report, field_name: str = "(file)") -> str | None:
    """UTF-8 (a byte-order mark is dropped); anything else is a ``file.encoding`` problem on
    the line of the first byte that is not UTF-8."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        report.add(path, line, field_name, f"is not UTF-8 text{_legacy_encoding(data)}", UTF8_HINT,
                   "file.encoding")
        return None


def read_text(path: Path, report: Report, field_name: str = "(file)") -> str | None:
    """The text of ``path``, or None with the reason in ``report``."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        report.add(path, 1, field_name, f"cannot be read ({exc.strerror or exc})",
                   "it must be a readable text file; check its name and permissions", "file.unreadable")
        return None
    return decode(path, data, report, field_name)


def read_yaml(path: Path, report: Report) -> tuple[Any, LineMap] | None:
    """The data of one YAML file and the line of every key, or None with the reason in
    ``report`` (an empty file is ``file.empty``: nothing in it can be valid)."""
    text = read_text(path, report)
    if text is None:
        return None
    try:
        data, lines = parse_yaml(text)
    except YamlSyntaxError as exc:
        report.add(path, exc.line, "(file)", f"is not valid YAML: {plain_yaml_problem(exc)}",
                   "check indentation and quoting on this line and the one above", "yaml.syntax")
        return None
    if data is None:
        report.add(path, 1, "(file)", "is empty", f"fill it in (see {GUIDE})", "file.empty")
        return None
    return data, lines


def _unique_keys(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    seen: dict[str, Any] = {}
    for key, value in pairs:
        if key in seen:
            raise ValueError(f"the key '{key}' appears twice")
        seen[key] = value
    return seen


def read_json(path: Path, report: Report) -> tuple[Any, LineMap] | None:
    """The data of one JSON file (written by a program, such as published results) and the
    line of every key, or None with the reason in ``report``."""
    text = read_text(path, report)
    if text is None:
        return None
    try:
        data = json.loads(text, object_pairs_hook=_unique_keys)
    except json.JSONDecodeError as exc:
        report.add(path, exc.lineno, "(file)", f"is not valid JSON: {exc.msg}",
                   "publish the file the vote service wrote, unchanged", "json.syntax")
        return None
    except (ValueError, RecursionError) as exc:
        report.add(path, 1, "(file)", f"is not valid JSON: {exc or 'nested too deeply'}",
                   "publish the file the vote service wrote, unchanged", "json.syntax")
        return None
    # JSON is YAML's flow style, so the YAML reader finds each key's line for the messages;
    # a file it reads otherwise (JSON's rare escapes) keeps its problems on line 1.
    try:
        lines = parse_yaml(text)[1]
    except YamlSyntaxError:
        lines = LineMap()
    return data, lines
