"""A closed vote's published results: content/results/<contest-id>.json, written by the vote
service (``flask --app voting results CONTEST --publish``) and committed by an operator.

Only counts and the ledger's public head: no voter, receipt or network is in the file. The
model here is the format's one definition; the vote service validates what it writes
against it, so a file it writes always loads here."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, Literal

from pydantic import Field, StringConstraints

from . import shape
from .contests import SUFFIXES, ContestEntry, to_almaty
from .files import entries, read_json
from .problems import Report
from .schema import Model, Slug
from .wording import N_
from .yamlfile import LineMap

FOLDER = "results"
Count = Annotated[int, Field(strict=True, ge=0)]
Hash = Annotated[str, StringConstraints(strict=True, pattern=r"^[0-9a-f]{64}$")]


class LedgerHead(Model):
    seq: Count
    hash: Hash


class SignedCheckpoint(Model):
    """The ledger's last signed checkpoint, as the ledger download publishes it."""

    checkpoint: dict[str, str | int]
    key: Annotated[str, StringConstraints(strict=True, pattern=r"^[0-9a-f]{64}$")]
    signature: Annotated[str, StringConstraints(strict=True, pattern=r"^[0-9a-f]{128}$")]


class PublishedResults(Model):
    demo: bool = False
    contest: Slug
    status: Literal["closed"]
    generated_at: dt.datetime
    total: Count  # valid ballots: cast minus voided
    ballots: dict[Slug, Count]  # per candidate
    voids: Count
    ledger: LedgerHead
    checkpoint: SignedCheckpoint | None = None


@dataclass
class ResultsEntry:
    path: Path
    results: PublishedResults
    lines: LineMap

    @property
    def contest_id(self) -> str:
        return self.results.contest


def load_results(folder: Path, report: Report) -> list[ResultsEntry]:
    found = []
    for path in entries(folder):
        if path.suffix != ".json":
            report.add(path, 1, "(file)", N_("is not a results file"),
                       N_("results are the JSON files the vote service writes, named <contest-id>.json"),
                       "file.unexpected")
            continue
        loaded = read_json(path, report)
        if loaded is None:
            continue
        results = shape.validate(PublishedResults, *loaded, path, report)
        if results is not None:
            found.append(ResultsEntry(path, results, loaded[1]))
    return found


def check_results(entry: ResultsEntry, contests: dict[str, ContestEntry], report: Report) -> bool:
    """The results name a contest of the content that had closed when they were written,
    its candidates only, and a total that is their sum. True when nothing is wrong."""
    r, path, line = entry.results, entry.path, entry.lines.line_of
    before = len(report.problems)
    contest = contests.get(r.contest)
    if contest is None and any((path.parent.parent / "contests" / f"{r.contest}{suffix}").exists()
                               for suffix in SUFFIXES):
        return False  # the contest's own file has errors; they are reported there
    if contest is None or path.stem != r.contest:
        problem = (N_("names no contest of content/contests/ ('{contest}')") if contest is None
                   else N_("is about contest '{contest}' but the file is named {file}"))
        report.add(path, line(("contest",)), "contest", problem,
                   N_("publish the results of a contest in content/contests/, as <contest-id>.json"),
                   "results.contest", contest=r.contest, file=path.name)
        return False
    if to_almaty(r.generated_at) < contest.closes:
        report.add(path, line(("generated_at",)), "generated_at",
                   N_("the results were written at {written}, before the vote closed ({closed})"),
                   N_("publish the results after the vote closes; if it was closed early, write the real "
                      "closing time in the contest file"), "results.not-closed",
                   written=f"{to_almaty(r.generated_at):%Y-%m-%d %H:%M}", closed=f"{contest.closes:%Y-%m-%d %H:%M}")
    for slug in r.ballots:
        if slug not in contest.contest.candidates:
            report.add(path, line(("ballots", slug)), f"ballots.{slug}",
                       N_("'{candidate}' is not a candidate of {contest}"),
                       N_("publish the file the vote service wrote, unchanged; if the contest file lost the "
                          "candidate after the vote, put them back"), "results.candidate",
                       candidate=slug, contest=r.contest)
    if r.total != sum(r.ballots.values()):
        report.add(path, line(("total",)), "total",
                   N_("is {total}, but the candidates' ballots add up to {sum}"),
                   N_("publish the file the vote service wrote, unchanged"), "results.total",
                   total=r.total, sum=sum(r.ballots.values()))
    return len(report.problems) == before


__all__ = ["FOLDER", "PublishedResults", "ResultsEntry", "check_results", "load_results"]
