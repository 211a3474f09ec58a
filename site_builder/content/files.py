"""The one way content files are read: every Markdown text and every YAML file comes through
here, so an unreadable, mis-encoded or empty file gets the same code and words wherever it
is (photos have theirs in ``photo``). Nothing here raises for a file's contents."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from .problems import Report
from .wording import N_, Phrase
from .yamlfile import LineMap, YamlSyntaxError, parse_yaml

GUIDE = "docs/editors.md"
UTF8_HINT = N_("save it as UTF-8 (in Notepad: File → Save as → Encoding: UTF-8)")

# libyaml's words for the mistakes editors make most, in plainer ones.
_YAML_PROBLEMS = {
    "mapping values are not allowed": N_("a ': ' where a value was expected (text with ': ' needs quotes)"),
    "could not find expected ':'": N_("a line without the 'name: value' colon"),
    "did not find expected key": N_("a line indented differently from the ones around it"),
    "found unexpected end of stream": N_("an unclosed quote or bracket"),
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
    """Our words for libyaml's (a Phrase), or its own when we have none."""
    if "\t" in error.source:
        return Phrase(N_("a Tab character (indent with spaces, not Tabs)"))
    problem = error.problem
    for known, plain in _YAML_PROBLEMS.items():
        if problem.startswith(known):
            return Phrase(plain)
    return problem


def _legacy_encoding(data: bytes) -> bool:
    """Windows editors in Kazakhstan save Cyrillic as Windows-1251 unless told otherwise."""
    try:
        text = data.decode("cp1251")
    except UnicodeDecodeError:
        return False
    cyrillic = sum(1 for char in text if "\u0400" <= char <= "\u04ff")
    return cyrillic > len(text) // 4


def decode(path: Path, data: bytes, report: Report, field_name: str = "(file)") -> str | None:
    """UTF-8 (a byte-order mark is dropped); anything else is a ``file.encoding`` problem on
    the line of the first byte that is not UTF-8."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        message = N_("is not UTF-8 text (it looks like Windows-1251)") if _legacy_encoding(data) \
            else N_("is not UTF-8 text")
        report.add(path, line, field_name, message, UTF8_HINT, "file.encoding")
        return None


def read_text(path: Path, report: Report, field_name: str = "(file)") -> str | None:
    """The text of ``path``, or None with the reason in ``report``."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        report.add(path, 1, field_name, N_("cannot be read ({reason})"),
                   N_("it must be a readable text file; check its name and permissions"), "file.unreadable",
                   reason=exc.strerror or exc)
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
        report.add(path, exc.line, "(file)", N_("is not valid YAML: {problem}"),
                   N_("check indentation and quoting on this line and the one above"), "yaml.syntax",
                   problem=plain_yaml_problem(exc))
        return None
    if data is None:
        report.add(path, 1, "(file)", N_("is empty"), N_("fill it in (see {guide})"), "file.empty",
                   guide=GUIDE)
        return None
    return data, lines


_AS_WRITTEN = N_("publish the file the vote service wrote, unchanged")


def _unique_keys(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    seen: dict[str, Any] = {}
    for key, value in pairs:
        if key in seen:
            raise ValueError(Phrase(N_("the key '{key}' appears twice"), key=key))
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
        report.add(path, exc.lineno, "(file)", N_("is not valid JSON: {problem}"), _AS_WRITTEN,
                   "json.syntax", problem=exc.msg)
        return None
    except (ValueError, RecursionError) as exc:
        said = exc.args[0] if isinstance(exc, ValueError) and exc.args else str(exc)
        report.add(path, 1, "(file)", N_("is not valid JSON: {problem}"), _AS_WRITTEN, "json.syntax",
                   problem=said or Phrase(N_("nested too deeply")))
        return None
    # JSON is YAML's flow style, so the YAML reader finds each key's line for the messages;
    # a file it reads otherwise (JSON's rare escapes) keeps its problems on line 1.
    try:
        lines = parse_yaml(text)[1]
    except YamlSyntaxError:
        lines = LineMap()
    return data, lines
