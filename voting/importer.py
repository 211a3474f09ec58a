"""Import contests from content/contests/ (through the shared content model), as often as
wanted: titles, windows and candidates follow the content, ballots are never lost."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from site_builder.content import Content, ProfileEntry, load_content

from .db import write_transaction
from .models import Candidate, Contest, LedgerEntry
from .service import audit, utc


class ImportRefused(Exception):
    pass


@dataclass
class ImportReport:
    created: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    dropped: list[str] = field(default_factory=list)
    withdrawn: list[str] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)  # in the database, no longer in content


def load(content_dir: Path) -> Content:
    # The model only (deep=False): texts and photos are the site's concern, and their checks
    # need Pillow, which the voting service does not install.
    content, report = load_content(content_dir, deep=False)
    errors = [p.format() for p in report if p.severity == "error"]
    if errors:
        raise ImportRefused(
            "the content has errors; fix them first (top100 check):\n" + "\n".join(errors[:20])
        )
    return content


def import_contests(content: Content, allow_drop: bool = False) -> ImportReport:
    report = ImportReport()
    profiles = content.by_key()
    with write_transaction():
        for entry in content.contests:
            c = entry.contest
            scope = (
                f"college:{c.scope.college}"
                if c.scope.college
                else f"region:{c.scope.region}"
                if c.scope.region
                else "national"
            )
            fields = {
                "year": c.year,
                "stage": c.stage,
                "scope": scope,
                "title_kk": c.title.kk,
                "title_ru": c.title.ru,
                "title_en": c.title.en,
                "opens_at": utc(entry.opens),
                "closes_at": utc(entry.closes),
                "results": c.results,
                "verification": c.verification,
                "demo": c.demo,
                "advance": entry.advance(content.reference.stages[c.stage].advance),
            }
            contest = Contest.get_or_none(Contest.id == entry.id)
            if contest is None:
                contest = Contest.create(id=entry.id, **fields)
                report.created.append(entry.id)
            else:
                for name, value in fields.items():
                    setattr(contest, name, value)
                contest.save()
                report.updated.append(entry.id)
            _sync_candidates(contest, entry.contest.candidates, profiles, allow_drop, report)
            audit("import", entry.id, candidates=list(c.candidates))
        known = {e.id for e in content.contests}
        report.missing = [c.id for c in Contest.select(Contest.id) if c.id not in known]
    return report


def _sync_candidates(
    contest: Contest,
    slugs: list[str],
    profiles: dict[tuple[int, str], ProfileEntry],
    allow_drop: bool,
    report: ImportReport,
) -> None:
    wanted = {slug: position for position, slug in enumerate(slugs)}
    for candidate in Candidate.select().where(Candidate.contest == contest):
        if candidate.slug in wanted:
            continue
        has_ballots = (
            LedgerEntry.select()
            .where(
                (LedgerEntry.contest == contest)
                & (LedgerEntry.kind == "ballot")
                & (LedgerEntry.candidate == candidate.slug)
            )
            .exists()
        )
        if not has_ballots:
            candidate.delete_instance()
            report.dropped.append(f"{contest.id}/{candidate.slug}")
        elif allow_drop:
            candidate.withdrawn = True  # the ballots stay in the ledger and in the tally
            candidate.save()
            report.withdrawn.append(f"{contest.id}/{candidate.slug}")
            audit("withdraw", contest.id, candidate=candidate.slug)
        else:
            raise ImportRefused(
                f"contest {contest.id}: candidate '{candidate.slug}' has ballots but is no longer in the "
                "content; restore the candidate, or import again with --allow-drop to withdraw them "
                "(their ballots stay in the ledger)"
            )
    for slug, position in wanted.items():
        profile = profiles[(contest.year, slug)].profile
        assert profile is not None  # the content was checked before the import
        names = {f"name_{lang}": profile.name.get(lang) for lang in ("kk", "ru", "en")}
        existing = Candidate.get_or_none((Candidate.contest == contest) & (Candidate.slug == slug))
        if existing is None:
            Candidate.create(contest=contest, slug=slug, position=position, **names)
        else:
            for name, value in {**names, "position": position, "withdrawn": False}.items():
                setattr(existing, name, value)
            existing.save()
