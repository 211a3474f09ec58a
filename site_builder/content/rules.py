"""Rules that compare a file with reference data or with other files: ids, quotas,
duplicates, consent, and contests' candidates and windows."""

from __future__ import annotations

import datetime as dt
import difflib
from collections import defaultdict
from collections.abc import Iterable

from .contests import ContestEntry
from .problems import Report, Severity
from .profiles import ProfileEntry
from .reference import Reference
from .schema import AGE_MAX, AGE_MIN, STAGES

ADULT_AGE = 18
_STAGE_ORDER = {stage: index for index, stage in enumerate(STAGES)}


def _suggest(value: str, known: Iterable[str]) -> str:
    guess = difflib.get_close_matches(value, list(known), n=1, cutoff=0.6)
    return f"did you mean '{guess[0]}'?" if guess else ""


def _age_on(birth: dt.date, day: dt.date) -> int:
    return day.year - birth.year - ((day.month, day.day) < (birth.month, birth.day))


def check_profile_references(entry: ProfileEntry, ref: Reference, report: Report, today: dt.date) -> None:
    p = entry.profile
    if p is None:
        return
    path, line = entry.metadata_path, entry.lines.line_of
    region = ref.regions.get(p.region)
    if region is None:
        report.add(path, line(("region",)), "region", f"unknown region code '{p.region}'",
                   "use a code from content/regions.yml, for example KZ-75 for Almaty City", "ref.region")
    elif not region.exists_in(p.year):
        report.add(path, line(("region",)), "region",
                   f"{region.name(region.valid_from or p.year, 'en')} ({p.region}) did not exist in "
                   f"{p.year}; it was formed in {region.valid_from}",
                   f"use the region the college belonged to in {p.year}", "ref.region-year")
    college = ref.colleges.get(p.college)
    if college is None:
        hint = _suggest(p.college, ref.colleges) or "add the college to content/colleges.yml first"
        report.add(path, line(("college",)), "college", f"unknown college id '{p.college}'", hint,
                   "ref.college")
    elif region is not None and college.region != p.region:
        report.add(path, line(("region",)), "region",
                   f"is {p.region}, but college '{p.college}' is in {college.region}",
                   "make region match the college's region in content/colleges.yml", "ref.college-region")
    _check_ids(entry, "categories", p.categories, list(ref.categories), "category", report)
    if len(set(p.categories)) != len(p.categories):
        report.add(path, line(("categories",)), "categories", "lists a category twice",
                   "list each category once", "ref.category-duplicate")
    _check_ids(entry, "programs", p.programs, list(ref.programs), "programme", report)
    _check_consent(entry, report, today)


def _check_ids(entry: ProfileEntry, field_name: str, values: list[str], known: list[str], what: str,
               report: Report) -> None:
    rule = "ref.category" if field_name == "categories" else "ref.program"
    for index, value in enumerate(values):
        if value not in known:
            hint = _suggest(value, known) or f"use one of: {', '.join(known)}"
            report.add(entry.metadata_path, entry.lines.line_of((field_name, index)), f"{field_name}[{index}]",
                       f"unknown {what} '{value}'", hint, rule)


def _check_consent(entry: ProfileEntry, report: Report, today: dt.date) -> None:
    p = entry.profile
    assert p is not None
    path, line = entry.metadata_path, entry.lines.line_of
    consent = p.consent
    if consent.date > today:
        report.add(path, line(("consent", "date")), "consent.date",
                   f"is in the future ({consent.date})", "write the date the form was signed",
                   "consent.future")
    age = _age_on(p.birth_date, consent.date) if p.birth_date else p.age
    assert age is not None
    if p.birth_date is not None and not AGE_MIN <= age <= AGE_MAX:
        report.add(path, line(("birth_date",)), "birth_date",
                   f"gives an age of {age} on the consent date, outside {AGE_MIN} to {AGE_MAX}",
                   "check the birth date", "age.range")
    if age < ADULT_AGE and consent.given_by == "student":
        report.add(path, line(("consent", "given_by")), "consent.given_by",
                   f"the student was {age}, a minor, when consent was given; a minor cannot consent alone",
                   "record the consent signed by a parent or guardian: given_by: parent (or guardian)",
                   "consent.minor")


_PER = {
    "college": ("from college '{key}'", "from one college"),
    "region": ("from region {key}", "from one region"),
    "year": ("", "in a year"),
}


def check_quotas(entries: list[ProfileEntry], ref: Reference, report: Report) -> None:
    """Each stage in stages.yml sends on at most ``advance`` students per ``advance_per``.
    A profile's stage is the furthest it reached, so a stage's quota counts the profiles of
    the later stages; the last stage's "advance" is its winners, the profiles at it."""
    last = STAGES[-1]
    groups: dict[tuple[str, int, str], list[ProfileEntry]] = defaultdict(list)
    for entry in entries:
        p = entry.profile
        if p is None:
            continue
        for stage in ref.stages.values():
            if _STAGE_ORDER[p.stage] > _STAGE_ORDER[stage.id] or p.stage == stage.id == last:
                key = {"college": p.college, "region": p.region, "year": ""}[stage.advance_per]
                groups[(stage.id, p.year, key)].append(entry)
    for (stage_id, year, key), members in sorted(groups.items(), key=lambda item: item[0]):
        stage = ref.stages[stage_id]
        if len(members) <= stage.advance:
            continue
        source, unit = _PER[stage.advance_per]
        who = " ".join(filter(None, [f"{len(members)} students", source.format(key=key)]))
        what = (f"{len(members)} winners of the {stage_id} stage" if stage_id == last
                else f"{who} went on from the {stage_id} stage")
        names = ", ".join(sorted(m.slug for m in members))
        for member in members:
            report.add(member.metadata_path, member.lines.line_of(("stage",)), "stage",
                       f"{what} in {year}; content/stages.yml allows {stage.advance} {unit}",
                       f"check the stage of: {names}", f"quota.{stage_id}")


def check_duplicates(entries: list[ProfileEntry], report: Report) -> None:
    seen: dict[tuple[int, str, str], ProfileEntry] = {}
    for entry in entries:
        p = entry.profile
        if p is None:
            continue
        who = " ".join(p.name.en.casefold().split())
        born = str(p.birth_date) if p.birth_date else p.college
        key = (p.year, who, born)
        first = seen.setdefault(key, entry)
        if first is entry:
            continue
        for one, other in ((entry, first), (first, entry)):
            report.add(one.metadata_path, one.lines.line_of(("name",)), "name",
                       f"the same person as profiles/{other.id} (same name and "
                       f"{'birth date' if p.birth_date else 'college'}) in {p.year}",
                       "keep one profile per student and year; merge the two folders", "person.duplicate")


def check_contest(
    entry: ContestEntry, profiles: dict[tuple[int, str], ProfileEntry], ref: Reference, report: Report
) -> None:
    c = entry.contest
    path, line = entry.path, entry.lines.line_of
    expected_scope = {"college": "college", "region": "region", "republic": "national"}[c.stage]
    if c.scope.kind != expected_scope:
        report.add(path, line(("scope",)), "scope",
                   f"a {c.stage}-stage vote must have a {expected_scope} scope, not {c.scope.kind}",
                   f"write 'scope: {{{expected_scope}: ...}}' or change the stage", "contest.scope")
    if c.scope.college and c.scope.college not in ref.colleges:
        report.add(path, line(("scope", "college")), "scope.college",
                   f"unknown college id '{c.scope.college}'",
                   _suggest(c.scope.college, ref.colleges) or "use an id from content/colleges.yml",
                   "ref.college")
    if c.scope.region:
        region = ref.regions.get(c.scope.region)
        if region is None or not region.exists_in(c.year):
            report.add(path, line(("scope", "region")), "scope.region",
                       f"region '{c.scope.region}' does not exist in {c.year}",
                       "use a code from content/regions.yml", "ref.region")
    if entry.opens >= entry.closes:
        report.add(path, line(("closes",)), "closes",
                   f"the vote closes ({entry.closes:%Y-%m-%d %H:%M}) before it opens "
                   f"({entry.opens:%Y-%m-%d %H:%M})", "swap or correct the times", "contest.window")
    if c.stage in ref.stages:
        start, end = ref.stage_dates(c.stage, c.year)
        for field_name, moment in (("opens", entry.opens), ("closes", entry.closes)):
            if not start <= moment.date() <= end:
                report.add(path, line((field_name,)), field_name,
                           f"{moment:%Y-%m-%d %H:%M} is outside the {c.stage} stage of {c.year} "
                           f"({start} to {end})",
                           "keep the vote within the stage's dates, or change them in content/stages.yml",
                           "contest.stage-dates")
        default = ref.stages[c.stage].advance
        if entry.advance(default) >= len(c.candidates):
            report.add(path, line(("advance",)) if c.advance else line(("candidates",)), "advance",
                       f"{entry.advance(default)} advance out of {len(c.candidates)} candidates, so the "
                       "vote decides nothing", "set 'advance' below the number of candidates",
                       "contest.advance", severity=Severity.WARNING)
    _check_candidates(entry, profiles, report)



def _check_candidates(
    entry: ContestEntry, profiles: dict[tuple[int, str], ProfileEntry], report: Report
) -> None:
    c = entry.contest
    path, line = entry.path, entry.lines.line_of
    seen: set[str] = set()
    for index, slug in enumerate(c.candidates):
        where, field_name = line(("candidates", index)), f"candidates[{index}]"
        if slug in seen:
            report.add(path, where, field_name, f"'{slug}' is listed twice", "list each candidate once",
                       "contest.candidate-duplicate")
            continue
        seen.add(slug)
        candidate = profiles.get((c.year, slug))
        if candidate is None:
            other_years = sorted(year for year, s in profiles if s == slug)
            hint = (f"'{slug}' has profiles only in {', '.join(map(str, other_years))}" if other_years
                    else f"use a folder name from content/profiles/{c.year}/")
            report.add(path, where, field_name, f"unknown profile '{slug}' in {c.year}", hint,
                       "contest.candidate-unknown")
            continue
        p = candidate.profile
        if p is None:
            continue
        reason = ""
        if _STAGE_ORDER[p.stage] < _STAGE_ORDER[c.stage]:
            reason = f"reached only the {p.stage} stage"
        elif c.scope.college and p.college != c.scope.college:
            reason = f"studies at '{p.college}', not '{c.scope.college}'"
        elif c.scope.region and p.region != c.scope.region:
            reason = f"is from {p.region}, not {c.scope.region}"
        if reason:
            report.add(path, where, field_name, f"'{slug}' is not eligible: {reason}",
                       "remove the candidate or correct the profile", "contest.candidate-ineligible")
