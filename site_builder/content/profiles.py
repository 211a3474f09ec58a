"""One profile folder: its metadata, its three texts and its photo.

``inspect_profile`` looks at one folder only, so the check can run folders in parallel;
rules that compare profiles with each other or with reference data are in ``rules``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from . import shape
from .photo import inspect_photo
from .problems import Problem, Report, Severity
from .schema import LANGS, SLUG_RE, Profile
from .text import MIN_WORDS_PROFILE
from .wording import N_, Phrase
from .texts import load_text
from .yamlfile import LineMap

METADATA = "profile.yml"
PHOTO = "photo.jpg"
EXPECTED = {METADATA, PHOTO, *(f"{lang}.md" for lang in LANGS)}
_RENAMES = {
    "photo.jpeg": PHOTO, "photo.JPG": PHOTO, "Photo.jpg": PHOTO, "photo.JPEG": PHOTO,
    "profile.yaml": METADATA, "kz.md": "kk.md", "kaz.md": "kk.md", "rus.md": "ru.md",
    "eng.md": "en.md",
}


@dataclass
class ProfileEntry:
    """A profile folder as loaded: ``profile`` is None when its metadata is unusable."""

    slug: str
    year: int
    folder: Path
    profile: Profile | None
    lines: LineMap
    problems: list[Problem] = field(default_factory=list)

    @property
    def id(self) -> str:
        return f"{self.year}/{self.slug}"

    @property
    def metadata_path(self) -> Path:
        return self.folder / METADATA


def _check_texts(folder: Path, report: Report) -> None:
    for lang in LANGS:
        load_text(folder / f"{lang}.md", lang, MIN_WORDS_PROFILE, report, Phrase(
            N_("write the account of achievements in {file} (run 'top100 new profile' for a template)"),
            file=f"{lang}.md"))


def _check_files(folder: Path, report: Report) -> None:
    for child in sorted(folder.iterdir()):
        if child.name in EXPECTED or child.name.startswith("."):
            continue
        rename = _RENAMES.get(child.name)
        hint = N_("rename it to {name}") if rename else N_("remove it, or move it out of content/")
        report.add(child, 1, "(file)", N_("is not part of a profile and will not be published"), hint,
                   "file.unexpected", Severity.WARNING, name=rename)


def inspect_profile(folder: Path, base: Path, deep: bool = True) -> ProfileEntry:
    """Load ``folder``; with ``deep``, also check its texts, photo and stray files."""
    report = Report(base)
    year = int(folder.parent.name) if folder.parent.name.isdigit() else 0
    if not SLUG_RE.match(folder.name):
        report.add(folder, 1, "(folder)", N_("'{id}' is not a valid profile id"),
                   N_("name the folder in lowercase Latin letters and hyphens, e.g. aruzhan-serikkyzy"),
                   "id.format", id=folder.name)
    profile: Profile | None = None
    lines = LineMap()
    if (folder / METADATA).exists():
        profile, lines = shape.load(Profile, folder / METADATA, report)
    else:
        report.add(folder / METADATA, 1, "(file)", N_("is missing"),
                   N_("add profile.yml (run 'top100 new profile' for a template)"), "file.missing")
    if profile is not None and profile.year != year:
        report.add(folder / METADATA, lines.line_of(("year",)), "year",
                   N_("says {year} but the folder is under profiles/{folder}/"),
                   N_("move the folder to the right year, or correct the year"), "year.folder",
                   year=profile.year, folder=year)
    if deep:
        _check_texts(folder, report)
        for issue in inspect_photo(folder / PHOTO, report.display(folder)):
            report.add(folder / PHOTO, 1, "photo", issue.message, issue.hint, issue.rule,
                       Severity.WARNING if issue.warning else Severity.ERROR)
        _check_files(folder, report)
    return ProfileEntry(folder.name, year, folder, profile, lines, report.problems)
