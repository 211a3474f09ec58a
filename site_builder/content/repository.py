"""Load the whole content tree and run every rule on it.

The site builder, the voting service's contest import and the ``top100`` command all come
through :func:`load_content`, so they agree on what valid content is.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Callable, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from itertools import repeat
from pathlib import Path

from . import rules
from .contests import ContestEntry, load_contests
from .memo import InspectionMemo
from .problems import Report, Severity
from .profiles import ProfileEntry, inspect_profile
from .reference import Reference, load_reference
from .results import FOLDER as RESULTS
from .results import ResultsEntry, check_results, load_results
from .wording import N_

# Below this many profiles, starting worker processes costs more than it saves.
PARALLEL_FROM = 150


@dataclass
class Content:
    root: Path
    reference: Reference
    profiles: list[ProfileEntry] = field(default_factory=list)
    contests: list[ContestEntry] = field(default_factory=list)
    # Published results that passed every rule, so pages and figures can trust their counts.
    results: list[ResultsEntry] = field(default_factory=list)

    def by_key(self) -> dict[tuple[int, str], ProfileEntry]:
        return {(entry.year, entry.slug): entry for entry in self.profiles}

    @property
    def valid_profiles(self) -> list[ProfileEntry]:
        return [entry for entry in self.profiles if entry.profile is not None]


def _profile_folders(root: Path, report: Report) -> list[Path]:
    folders: list[Path] = []
    profiles = root / "profiles"
    if not profiles.is_dir():
        return folders
    for year_dir in sorted(profiles.iterdir()):
        if year_dir.name.startswith("."):
            continue
        if not year_dir.is_dir() or not (year_dir.name.isdigit() and len(year_dir.name) == 4):
            report.add(year_dir, 1, "(folder)", N_("is not a year folder"),
                       N_("profiles go in content/profiles/<year>/<profile-id>/"), "layout.year")
            continue
        for folder in sorted(year_dir.iterdir()):
            if folder.name.startswith("."):
                continue
            if folder.is_dir():
                folders.append(folder)
            else:
                report.add(folder, 1, "(file)", N_("is not inside a profile folder"),
                           N_("move it into content/profiles/{year}/<profile-id>/"),
                           "layout.profile", year=year_dir.name)
    return folders


def _inspect_all(folders: list[Path], base: Path, deep: list[bool], workers: int) -> list[ProfileEntry]:
    if workers <= 1 or len(folders) < PARALLEL_FROM:
        return [inspect_profile(f, base, d) for f, d in zip(folders, deep, strict=True)]
    chunk = max(1, len(folders) // (workers * 8))
    with ProcessPoolExecutor(max_workers=workers) as pool:
        return list(pool.map(inspect_profile, folders, repeat(base), deep, chunksize=chunk))


def _under(path: Path, scopes: Sequence[Path]) -> bool:
    return any(path == scope or scope in path.parents for scope in scopes)


def load_content(
    root: Path,
    report: Report | None = None,
    scopes: Sequence[Path] | None = None,
    today: dt.date | None = None,
    workers: int | None = None,
    deep: bool = True,
    memo: Path | None = None,
) -> tuple[Content, Report]:
    """Load and check ``root``. ``scopes`` limits the slow per-file checks (texts, photos) to
    profiles under those paths, and ``deep=False`` skips them (for callers that need only the
    model); cross-file rules always see every profile. ``memo`` is a file keeping each
    folder's inspection between runs (see :mod:`.memo`)."""
    report = report if report is not None else Report()
    root = root.resolve()
    resolved = [s.resolve() for s in scopes] if scopes else [root]
    reference = load_reference(root, report)
    folders = _profile_folders(root, report)
    checks = [deep and (_under(f, resolved) or any(f in s.parents for s in resolved)) for f in folders]
    count = workers or os.cpu_count() or 1
    remembered = InspectionMemo(memo)
    entries = remembered.inspect(
        folders, report.base, checks, lambda todo, deep: _inspect_all(todo, report.base, deep, count)
    )
    remembered.save()
    content = Content(root, reference, entries, load_contests(root / "contests", report))
    today = today or dt.date.today()
    for entry in entries:
        report.extend(entry.problems)
        rules.check_profile_references(entry, reference, report, today)
    valid = content.valid_profiles
    rules.check_quotas(valid, reference, report)
    rules.check_duplicates(valid, report)
    keyed = content.by_key()
    for contest in content.contests:
        rules.check_contest(contest, keyed, reference, report)
    contests = {c.id: c for c in content.contests}
    content.results = [r for r in load_results(root / RESULTS, report) if check_results(r, contests, report)]
    return content, report


def check(root: Path, paths: Sequence[Path] = (), today: dt.date | None = None,
          base: Path | None = None,
          extra: Sequence[Callable[[Content, Report], None]] = ()) -> tuple[Content, Report]:
    """Every problem in the content under ``paths`` (all of ``root`` when empty); ``extra``
    rules (the publicity package's) see the loaded content and report into the same list."""
    full = Report(base or Path.cwd())
    scopes = [_scope(p.resolve(), root.resolve()) for p in paths]
    content, _ = load_content(root, full, scopes or None, today)
    for rule in extra:
        rule(content, full)
    if not scopes:
        return content, full
    kept = Report(full.base)
    kept.extend(p for p in full.problems if _under((full.base / p.path).resolve(), scopes))
    return content, kept


def _scope(path: Path, root: Path) -> Path:
    """A file inside a profile folder stands for its whole profile; reference data
    (regions, colleges, stages, programmes) for everything that points at it."""
    if path.is_file() and path.parent.parent.parent.name == "profiles":
        return path.parent
    if path.parent == root or root / "programs" in path.parents:
        return root
    return path


__all__ = ["Content", "Report", "Severity", "check", "load_content"]
