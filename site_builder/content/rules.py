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
from .wording import N_, Joined, Phrase

ADULT_AGE = 18
_STAGE_ORDER = {stage: index for index, stage in enumerate(STAGES)}
# A stage inside a sentence; the templates around it take it as it is (kk: "… бойынша").
STAGE_WORDS = {
    "college": Phrase(N_("the college stage")),
    "region": Phrase(N_("the region stage")),
    "republic": Phrase(N_("the republic stage")),
}


def _suggest(value: str, known: Iterable[str]) -> str:
    guess = difflib.get_close_matches(value, list(known), n=1, cutoff=0.6)
    return Phrase(N_("did you mean '{guess}'?"), guess=guess[0]) if guess else ""


def _age_on(birth: dt.date, day: dt.date) -> int:
    return day.year - birth.year - ((day.month, day.day) < (birth.month, birth.day))


def check_profile_references(entry: ProfileEntry, ref: Reference, report: Report, today: dt.date) -> None:
    p = entry.profile
    if p is None:
        return
    path, line = entry.metadata_path, entry.lines.line_of
    region = ref.regions.get(p.region)
    if region is None:
        report.add(path, line(("region",)), "region", N_("unknown region code '{code}'"),
                   N_("use a code from content/regions.yml, for example KZ-75 for Almaty City"), "ref.region",
                   code=p.region)
    elif not region.exists_in(p.year):
        report.add(path, line(("region",)), "region",
                   N_("{name} ({code}) did not exist in {year}; it was formed in {formed}"),
                   N_("use the region the college belonged to in {year}"), "ref.region-year",
                   name=ref.region_named(p.region, region.valid_from or p.year, alone=True), code=p.region,
                   year=p.year, formed=region.valid_from)
    college = ref.colleges.get(p.college)
    if college is None:
        hint = _suggest(p.college, ref.colleges) or N_("add the college to content/colleges.yml first")
        report.add(path, line(("college",)), "college", N_("unknown college id '{college}'"), hint,
                   "ref.college", college=p.college)
    elif region is not None and college.region != p.region:
        report.add(path, line(("region",)), "region",
                   N_("is {region}, but college {college} is in {college_region}"),
                   N_("make region match the college's region in content/colleges.yml"), "ref.college-region",
                   region=ref.region_named(p.region, p.year), college=ref.college_named(p.college),
                   college_region=ref.region_named(college.region, p.year))
    known_categories = Joined(ref.category_named(c) for c in ref.categories)
    _check_ids(entry, "categories", p.categories, list(ref.categories), known_categories, report)
    if len(set(p.categories)) != len(p.categories):
        report.add(path, line(("categories",)), "categories", N_("lists a category twice"),
                   N_("list each category once"), "ref.category-duplicate")
    _check_ids(entry, "programs", p.programs, list(ref.programs),
               Joined(ref.program_named(c) for c in ref.programs), report)
    _check_consent(entry, report, today)


def _check_ids(entry: ProfileEntry, field_name: str, values: list[str], known: list[str], named: str,
               report: Report) -> None:
    """``named``: the known ids with their names, for the hint."""
    category = field_name == "categories"
    rule = "ref.category" if category else "ref.program"
    message = N_("unknown category '{value}'") if category else N_("unknown programme '{value}'")
    for index, value in enumerate(values):
        if value not in known:
            hint = _suggest(value, known) or N_("use one of: {known}")
            report.add(entry.metadata_path, entry.lines.line_of((field_name, index)), f"{field_name}[{index}]",
                       message, hint, rule, value=value, known=named)


def _check_consent(entry: ProfileEntry, report: Report, today: dt.date) -> None:
    p = entry.profile
    assert p is not None
    path, line = entry.metadata_path, entry.lines.line_of
    consent = p.consent
    if consent.date > today:
        report.add(path, line(("consent", "date")), "consent.date",
                   N_("is in the future ({date})"), N_("write the date the form was signed"),
                   "consent.future", date=consent.date)
    age = _age_on(p.birth_date, consent.date) if p.birth_date else p.age
    assert age is not None
    if p.birth_date is not None and not AGE_MIN <= age <= AGE_MAX:
        report.add(path, line(("birth_date",)), "birth_date",
                   N_("gives an age of {age} on the consent date, outside {min} to {max}"),
                   N_("check the birth date"), "age.range", age=age, min=AGE_MIN, max=AGE_MAX)
    if age < ADULT_AGE and consent.given_by == "student":
        report.add(path, line(("consent", "given_by")), "consent.given_by",
                   N_("the student was {age}, a minor, when consent was given; a minor cannot consent alone"),
                   N_("record the consent signed by a parent or guardian: given_by: parent (or guardian)"),
                   "consent.minor", age=age)


# What went over a stage's quota, by the stage's ``advance_per``, and the quota's unit.
_PER = {
    "college": (N_("{count} students from college {key} went on from {stage} in {year}; "
                   "content/stages.yml allows {allowed} {unit}"), Phrase(N_("from one college"))),
    "region": (N_("{count} students from region {key} went on from {stage} in {year}; "
                  "content/stages.yml allows {allowed} {unit}"), Phrase(N_("from one region"))),
    "year": (N_("{count} students went on from {stage} in {year}; content/stages.yml allows {allowed} {unit}"),
             Phrase(N_("in a year"))),
}
_WINNERS = N_("{count} winners of {stage} in {year}; content/stages.yml allows {allowed} {unit}")


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
        template, unit = _PER[stage.advance_per]
        named = {"college": ref.college_named(key), "region": ref.region_named(key, year), "year": key}
        names = ", ".join(sorted(m.slug for m in members))
        for member in members:
            report.add(member.metadata_path, member.lines.line_of(("stage",)), "stage",
                       _WINNERS if stage_id == last else template,
                       N_("check the stage of: {names}"), f"quota.{stage_id}",
                       count=len(members), key=named[stage.advance_per], stage=STAGE_WORDS[stage_id],
                       year=year, allowed=stage.advance, unit=unit, names=names)


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
                       N_("the same person as profiles/{other} (same name and birth date) in {year}")
                       if p.birth_date else
                       N_("the same person as profiles/{other} (same name and college) in {year}"),
                       N_("keep one profile per student and year; merge the two folders"), "person.duplicate",
                       other=other.id, year=p.year)


def check_contest(
    entry: ContestEntry, profiles: dict[tuple[int, str], ProfileEntry], ref: Reference, report: Report
) -> None:
    c = entry.contest
    path, line = entry.path, entry.lines.line_of
    expected_scope = {"college": "college", "region": "region", "republic": "national"}[c.stage]
    if c.scope.kind != expected_scope:
        report.add(path, line(("scope",)), "scope",
                   N_("a vote of {stage} must have a {expected} scope, not {kind}"),
                   N_("write 'scope: {{{expected}: ...}}' or change the stage"), "contest.scope",
                   stage=STAGE_WORDS[c.stage], expected=expected_scope, kind=c.scope.kind)
    if c.scope.college and c.scope.college not in ref.colleges:
        report.add(path, line(("scope", "college")), "scope.college",
                   N_("unknown college id '{college}'"),
                   _suggest(c.scope.college, ref.colleges) or N_("use an id from content/colleges.yml"),
                   "ref.college", college=c.scope.college)
    if c.scope.region:
        region = ref.regions.get(c.scope.region)
        if region is None or not region.exists_in(c.year):
            report.add(path, line(("scope", "region")), "scope.region",
                       N_("region '{code}' does not exist in {year}"),
                       N_("use a code from content/regions.yml"), "ref.region", code=c.scope.region, year=c.year)
    if entry.opens >= entry.closes:
        report.add(path, line(("closes",)), "closes",
                   N_("the vote closes ({closes}) before it opens ({opens})"),
                   N_("swap or correct the times"), "contest.window",
                   closes=f"{entry.closes:%Y-%m-%d %H:%M}", opens=f"{entry.opens:%Y-%m-%d %H:%M}")
    if c.stage in ref.stages:
        start, end = ref.stage_dates(c.stage, c.year)
        for field_name, moment in (("opens", entry.opens), ("closes", entry.closes)):
            if not start <= moment.date() <= end:
                report.add(path, line((field_name,)), field_name,
                           N_("{moment} is outside {stage} of {year} ({start} to {end})"),
                           N_("keep the vote within the stage's dates, or change them in content/stages.yml"),
                           "contest.stage-dates", moment=f"{moment:%Y-%m-%d %H:%M}",
                           stage=STAGE_WORDS[c.stage], year=c.year, start=start, end=end)
        default = ref.stages[c.stage].advance
        if entry.advance(default) >= len(c.candidates):
            report.add(path, line(("advance",)) if c.advance else line(("candidates",)), "advance",
                       N_("{advance} advance out of {candidates} candidates, so the vote decides nothing"),
                       N_("set 'advance' below the number of candidates"),
                       "contest.advance", Severity.WARNING,
                       advance=entry.advance(default), candidates=len(c.candidates))
    _check_candidates(entry, profiles, ref, report)


def _check_candidates(
    entry: ContestEntry, profiles: dict[tuple[int, str], ProfileEntry], ref: Reference, report: Report
) -> None:
    c = entry.contest
    path, line = entry.path, entry.lines.line_of
    seen: set[str] = set()
    for index, slug in enumerate(c.candidates):
        where, field_name = line(("candidates", index)), f"candidates[{index}]"
        if slug in seen:
            report.add(path, where, field_name, N_("'{slug}' is listed twice"), N_("list each candidate once"),
                       "contest.candidate-duplicate", slug=slug)
            continue
        seen.add(slug)
        candidate = profiles.get((c.year, slug))
        if candidate is None:
            other_years = sorted(year for year, s in profiles if s == slug)
            hint = (N_("'{slug}' has profiles only in {years}") if other_years
                    else N_("use a folder name from content/profiles/{year}/"))
            report.add(path, where, field_name, N_("unknown profile '{slug}' in {year}"), hint,
                       "contest.candidate-unknown", slug=slug, year=c.year,
                       years=", ".join(map(str, other_years)))
            continue
        p = candidate.profile
        if p is None:
            continue
        reason = ""
        if _STAGE_ORDER[p.stage] < _STAGE_ORDER[c.stage]:
            reason = Phrase(N_("reached only {stage}"), stage=STAGE_WORDS[p.stage])
        elif c.scope.college and p.college != c.scope.college:
            reason = Phrase(N_("studies at {college}, not {scope}"), college=ref.college_named(p.college),
                            scope=ref.college_named(c.scope.college))
        elif c.scope.region and p.region != c.scope.region:
            reason = Phrase(N_("is from {region}, not {scope}"), region=ref.region_named(p.region, c.year),
                            scope=ref.region_named(c.scope.region, c.year))
        if reason:
            report.add(path, where, field_name, N_("'{slug}' is not eligible: {reason}"),
                       N_("remove the candidate or correct the profile"), "contest.candidate-ineligible",
                       slug=slug, reason=reason)
