"""Contests (public votes) as editors commit them in content/contests/."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from zoneinfo import ZoneInfo

from . import shape
from .files import entries
from .problems import Report
from .schema import SLUG_RE, Contest
from .wording import N_
from .yamlfile import LineMap

# Kazakhstan keeps one time zone, UTC+5, since 1 March 2024 (tz database 2024a and later).
ALMATY = ZoneInfo("Asia/Almaty")
SUFFIXES = (".yml", ".yaml")


def to_almaty(moment: dt.datetime) -> dt.datetime:
    """Editors write local times; a time without an offset is Almaty time."""
    if moment.tzinfo is None:
        return moment.replace(tzinfo=ALMATY)
    return moment.astimezone(ALMATY)


@dataclass
class ContestEntry:
    id: str
    path: Path
    contest: Contest
    lines: LineMap

    @property
    def opens(self) -> dt.datetime:
        return to_almaty(self.contest.opens)

    @property
    def closes(self) -> dt.datetime:
        return to_almaty(self.contest.closes)

    def advance(self, default: int) -> int:
        return self.contest.advance or default


def load_contests(folder: Path, report: Report) -> list[ContestEntry]:
    loaded: dict[str, ContestEntry] = {}
    for path in entries(folder):
        if path.suffix not in SUFFIXES:
            report.add(path, 1, "(file)", N_("is not a contest file"),
                       N_("contests are YAML files named <id>.yml; remove or rename it"), "file.unexpected")
            continue
        ident = path.stem
        if not SLUG_RE.match(ident):
            report.add(path, 1, "(file)", N_("'{id}' is not a valid contest id"),
                       N_("name the file in lowercase Latin letters, digits and hyphens"), "id.format",
                       id=ident)
            continue
        if ident in loaded:
            report.add(path, 1, "(file)", N_("contest id '{id}' is used twice ({other})"),
                       N_("rename one of the files"), "id.duplicate", id=ident, other=loaded[ident].path.name)
            continue
        contest, lines = shape.load(Contest, path, report)
        if contest is not None:
            loaded[ident] = ContestEntry(ident, path, contest, lines)
    return list(loaded.values())
