"""The register of media publications about participants: content/media/<year>.yml, one
entry per article, broadcast or post, recorded by editors. The regulation expects more
than 20 a year; the media page counts them per region and year."""

from __future__ import annotations

import datetime as dt
import difflib
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated

from pydantic import RootModel, StringConstraints

from ..content import Content, ProfileEntry, Report, shape
from ..content.files import entries
from ..content.schema import Model, Slug, Text
from ..content.wording import N_, Phrase
from ..content.yamlfile import LineMap

FOLDER = "media"
GOAL = 20  # the regulation: "more than 20 publications" a year
_YEAR_FILE = re.compile(r"^(\d{4})\.ya?ml$")


class Publication(Model):
    profile: Slug  # the profile's folder name in that year
    outlet: Text  # newspaper, channel, site or account
    date: dt.date
    url: Annotated[str, StringConstraints(strict=True, pattern=r"^https://\S+$")]
    title: Text | None = None


class RegisterFile(RootModel[list[Publication]]):
    pass


@dataclass(frozen=True)
class Record:
    year: int
    profile_id: str  # "2026/aruzhan-serikkyzy"
    region: str
    outlet: str
    date: dt.date
    url: str
    title: str | None


def _files(root: Path, report: Report | None) -> list[tuple[int, Path]]:
    found = []
    for path in entries(root / FOLDER):
        match = _YEAR_FILE.match(path.name)
        if match is None:
            if report is not None:
                report.add(path, 1, "(file)", N_("is not a media register file"),
                           N_("name it after the year of the publications, e.g. content/media/2026.yml"),
                           "media.file-name")
            continue
        found.append((int(match.group(1)), path))
    return found


Problem = tuple[int, str, str, str, str]  # line, field, message, hint, rule


def _problem(item: Publication, index: int, year: int, lines: LineMap, found: ProfileEntry | None,
             in_year: list[str], seen: dict[str, tuple[str, int]], today: dt.date | None) -> Problem | None:
    line = lines.line_of
    if found is None:
        guess = difflib.get_close_matches(item.profile, in_year, n=1, cutoff=0.6)
        return (line((index, "profile")), f"[{index}].profile",
                Phrase(N_("no profile '{profile}' in content/profiles/{year}/"),
                       profile=item.profile, year=year),
                Phrase(N_("did you mean '{guess}'?"), guess=guess[0]) if guess
                else Phrase(N_("use the folder name of a {year} profile"), year=year),
                "media.profile")
    if item.date.year != year:
        return (line((index, "date")), f"[{index}].date",
                Phrase(N_("is in {dated}, but this is the register of {year}"),
                       dated=item.date.year, year=year),
                Phrase(N_("move the entry to content/media/{dated}.yml, or correct the date"),
                       dated=item.date.year),
                "media.date-year")
    if today is not None and item.date > today:
        return (line((index, "date")), f"[{index}].date",
                Phrase(N_("is in the future ({date})"), date=item.date),
                Phrase(N_("write the day the publication came out")), "media.date-future")
    if item.url in seen:
        file, where = seen[item.url]
        return (line((index, "url")), f"[{index}].url",
                Phrase(N_("is already recorded ({file}, line {line})"), file=file, line=where),
                Phrase(N_("record each publication once")), "media.duplicate")
    return None


def read_register(
    content: Content, report: Report | None = None, today: dt.date | None = None
) -> list[Record]:
    """Every valid publication; with ``report``, every problem is reported there (and, with
    ``today``, publications dated later: a mistyped date)."""
    keyed = content.by_key()
    records: list[Record] = []
    seen: dict[str, tuple[str, int]] = {}
    for year, path in _files(content.root, report):
        register, lines = shape.load(RegisterFile, path, report if report is not None else Report())
        if register is None:
            continue
        in_year = [slug for (y, slug) in keyed if y == year]
        for index, item in enumerate(register.root):
            entry = keyed.get((year, item.profile))
            if entry is not None and entry.profile is None:
                continue  # the profile's own file has errors; they are reported there
            problem = _problem(item, index, year, lines, entry, in_year, seen, today)
            if problem is not None:
                if report is not None:
                    report.add(path, *problem)
                continue
            assert entry is not None and entry.profile is not None
            seen[item.url] = (path.name, lines.line_of((index, "url")))
            records.append(Record(year, entry.id, entry.profile.region, item.outlet, item.date, item.url,
                                  item.title))
    return records


def check_register(content: Content, report: Report, today: dt.date | None = None) -> None:
    read_register(content, report, today or dt.date.today())
