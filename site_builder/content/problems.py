"""Problems found in content: one per line, in words an editor can act on."""

from __future__ import annotations

import enum
from collections.abc import Iterable, Iterator
from dataclasses import asdict, dataclass, field
from pathlib import Path

from .codes import known


class Severity(enum.StrEnum):
    ERROR = "error"
    WARNING = "warning"


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong with one file.

    ``rule`` is a stable code from :mod:`.codes` (documented in docs/editors.md) so tools and
    tests can tell problems apart without parsing the wording.
    """

    path: str
    line: int
    field: str
    message: str
    hint: str
    rule: str
    severity: Severity = Severity.ERROR

    def format(self) -> str:
        tag = "warning: " if self.severity is Severity.WARNING else ""
        return f"{self.path}:{self.line}: {self.field}: {tag}[{self.rule}] {self.message}; {self.hint}"

    def as_dict(self) -> dict[str, object]:
        data = asdict(self)
        data["severity"] = str(self.severity)
        return data


@dataclass
class Report:
    """Collects problems; paths are shown relative to ``base`` so messages stay short."""

    base: Path = field(default_factory=Path.cwd)
    problems: list[Problem] = field(default_factory=list)

    def display(self, path: Path) -> str:
        try:
            return path.resolve().relative_to(self.base.resolve()).as_posix()
        except ValueError:
            return path.as_posix()

    def add(
        self,
        path: Path,
        line: int,
        field_name: str,
        message: str,
        hint: str,
        rule: str,
        severity: Severity = Severity.ERROR,
    ) -> None:
        self.problems.append(
            Problem(self.display(path), max(line, 1), field_name, message, hint, known(rule), severity)
        )

    def extend(self, problems: Iterable[Problem]) -> None:
        self.problems.extend(problems)

    def __iter__(self) -> Iterator[Problem]:
        return iter(sorted(set(self.problems)))

    @property
    def errors(self) -> int:
        return sum(1 for p in set(self.problems) if p.severity is Severity.ERROR)

    @property
    def warnings(self) -> int:
        return sum(1 for p in set(self.problems) if p.severity is Severity.WARNING)
