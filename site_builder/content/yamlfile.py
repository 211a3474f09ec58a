"""Reading YAML with the line of every key, so a problem can point at its line."""

from __future__ import annotations

from collections.abc import Hashable
from dataclasses import dataclass, field
from typing import Any

import yaml

from .wording import N_, Phrase

try:  # libyaml is many times faster; the pure-Python parser gives the same marks
    from yaml import CSafeLoader as _Base
except ImportError:  # pragma: no cover - depends on how PyYAML was built
    from yaml import SafeLoader as _Base  # type: ignore[assignment]

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


class _Loader(_Base):
    """PyYAML's safe constructors raise ValueError and friends for scalars such as
    ``2026-02-30`` or ``!!int abc``; here they become marked errors with a line."""

    def construct_object(self, node: yaml.Node, deep: bool = False) -> Any:
        try:
            return super().construct_object(node, deep)
        except (ValueError, TypeError, AttributeError, OverflowError) as exc:
            value = node.value if isinstance(node, yaml.ScalarNode) else node.tag
            raise yaml.constructor.ConstructorError(
                None, None,
                Phrase(N_("'{value}' cannot be read as {kind} ({reason})"), value=value,
                       kind=node.tag.rsplit(":", 1)[-1], reason=str(exc)),
                node.start_mark,
            ) from None


def _walk(node: yaml.Node, loc: Loc, out: LineMap, seen_nodes: set[int]) -> None:
    # An alias points at a node seen before: walking it again could loop forever (&a [*a])
    # or take exponential time (a "billion laughs" file).
    if id(node) in seen_nodes:
        return
    seen_nodes.add(id(node))
    if isinstance(node, yaml.MappingNode):
        seen: set[Hashable] = set()
        for key_node, value_node in node.value:
            if not isinstance(key_node, yaml.ScalarNode):
                raise yaml.constructor.ConstructorError(
                    None, None, Phrase(N_("a list or a group used as a key")), key_node.start_mark
                )
            key = key_node.value
            here = (*loc, key)
            line = key_node.start_mark.line + 1
            if key in seen:
                out.duplicates.append((here, line))
            seen.add(key)
            out.lines.setdefault(here, line)
            _walk(value_node, here, out, seen_nodes)
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            here = (*loc, index)
            out.lines[here] = item.start_mark.line + 1
            _walk(item, here, out, seen_nodes)


def parse_yaml(text: str) -> tuple[Any, LineMap]:
    """Parse one YAML document; raise :class:`YamlSyntaxError` with a line on bad syntax."""
    loader = _Loader(text)
    try:
        node = loader.get_single_node()
        if node is None:
            return None, LineMap({(): 1})
        lines = LineMap({(): node.start_mark.line + 1})
        _walk(node, (), lines, set())
        return loader.construct_document(node), lines
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark is not None else 1
        rows = text.splitlines()
        source = rows[line - 1] if 0 < line <= len(rows) else ""
        raise YamlSyntaxError(line, exc.problem or str(exc), source) from None
    except yaml.YAMLError as exc:
        raise YamlSyntaxError(1, str(exc)) from None
    except RecursionError:
        raise YamlSyntaxError(1, Phrase(N_("lists or groups nested too deeply"))) from None
    finally:
        loader.dispose()
