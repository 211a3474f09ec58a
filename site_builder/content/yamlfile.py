"""Reading YAML with the line of every key, so a problem can point at its line."""

from __future__ import annotations

from collections.abc import Hashable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

try:  # libyaml is many times faster; the pure-Python parser gives the same marks
    from yaml import CSafeLoader as _Loader
except ImportError:  # pragma: no cover - depends on how PyYAML was built
    from yaml import SafeLoader as _Loader  # type: ignore[assignment]

Loc = tuple[str | int, ...]


@dataclass
class LineMap:
    """Where each key path starts in the file (1-based lines)."""

    lines: dict[Loc, int] = field(default_factory=dict)
    duplicates: list[tuple[Loc, int]] = field(default_factory=list)

    def line_of(self, loc: Loc) -> int:
        """The line of ``loc``, or of its closest parent that exists (a missing key)."""
        while loc:
            if loc in self.lines:
                return self.lines[loc]
            loc = loc[:-1]
        return self.lines.get((), 1)


class YamlSyntaxError(Exception):
    def __init__(self, line: int, problem: str, source: str = "") -> None:
        super().__init__(problem)
        self.line = line
        self.problem = problem
        self.source = source  # the text of the offending line


def _walk(node: yaml.Node, loc: Loc, out: LineMap) -> None:
    if isinstance(node, yaml.MappingNode):
        seen: set[Hashable] = set()
        for key_node, value_node in node.value:
            key = key_node.value
            here = (*loc, key)
            line = key_node.start_mark.line + 1
            if key in seen:
                out.duplicates.append((here, line))
            seen.add(key)
            out.lines.setdefault(here, line)
            _walk(value_node, here, out)
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            here = (*loc, index)
            out.lines[here] = item.start_mark.line + 1
            _walk(item, here, out)


def parse_yaml(text: str) -> tuple[Any, LineMap]:
    """Parse one YAML document; raise :class:`YamlSyntaxError` with a line on bad syntax."""
    loader = _Loader(text)
    try:
        node = loader.get_single_node()
        if node is None:
            return None, LineMap({(): 1})
        lines = LineMap({(): node.start_mark.line + 1})
        _walk(node, (), lines)
        return loader.construct_document(node), lines
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark is not None else 1
        rows = text.splitlines()
        source = rows[line - 1] if 0 < line <= len(rows) else ""
        raise YamlSyntaxError(line, exc.problem or str(exc), source) from None
    except yaml.YAMLError as exc:
        raise YamlSyntaxError(1, str(exc)) from None
    finally:
        loader.dispose()


def read_yaml(path: Path) -> tuple[Any, LineMap]:
    return parse_yaml(path.read_text(encoding="utf-8"))
