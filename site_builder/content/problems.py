"""Problems found in content: one per line, in words an editor can act on."""

from __future__ import annotations

import enum
from collections.abc import Iterable, Iterator
from dataclasses import asdict, dataclass, field
from pathlib import Path

from .codes import known
from .wording import N_, Phrase, say


class Severity(enum.StrEnum):
    ERROR = "error"
    WARNING = "warning"


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong with one file.

    ``rule`` is a stable code from :mod:`.codes` (documented in docs/editors.md) so tools and
    tests can tell problems apart without parsing the wording. ``message`` and ``hint`` are
    English; when they are :class:`.wording.Phrase` objects (every check writes them so) they
    can also be said in Kazakh or Russian, which ``format`` and ``as_dict`` do on request.
    """

    path: str
    line: int
    field: str
    message: str
    hint: str
    rule: str
    severity: Severity = Severity.ERROR

    def format(self, lang: str = "en") -> str:
        """One line: ``path:line: field: [rule] message; hint``, the words in ``lang``."""
        tag = f"{_WARNING.say(lang)}: " if self.severity is Severity.WARNING else ""
        return (f"{self.path}:{self.line}: {self.field}: {tag}[{self.rule}] "
                f"{say(self.message, lang)}; {say(self.hint, lang)}")

    def as_dict(self, lang: str | None = None) -> dict[str, object]:
        """The fields, message and hint in English; with ``lang``, also ``localized``: the
        message and hint in that language (tools keep matching the English)."""
        data = asdict(self)
        data["message"], data["hint"] = str(self.message), str(self.hint)
        data["severity"] = str(self.severity)
        if lang is not None:
            data["localized"] = {"lang": lang, "message": say(self.message, lang),
                                 "hint": say(self.hint, lang)}
        return data


def _phrase(text: str, values: dict[str, object]) -> str:
    return text if isinstance(text, Phrase) else Phrase(text, **values)


_WARNING = Phrase(N_("warning"))


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
        /,
        severity: Severity = Severity.ERROR,
        **values: object,
    ) -> None:
        """``message`` and ``hint`` are English templates marked with ``N_`` and filled with
        ``values`` (or Phrases made already), so the problem can be shown in any language."""
        self.problems.append(Problem(
            self.display(path), max(line, 1), field_name, _phrase(message, values),
            _phrase(hint, values), known(rule), severity,
        ))

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
