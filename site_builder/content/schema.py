"""The shape of every content file, as pydantic models.

Only shape and value ranges live here; rules that need other files (does this region exist,
is this college full) live in ``rules``. Every model forbids unknown fields so a misspelt
key is reported instead of silently ignored.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Annotated, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, StringConstraints, model_validator
from pydantic_core import PydanticCustomError

LANGS: tuple[str, ...] = ("kk", "ru", "en")
STAGES: tuple[str, ...] = ("college", "region", "republic")
SLUG_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
REGION_CODE_RE = r"^KZ-\d{2}$"
# The programme is for college students: an age outside this range is a typo in a date.
AGE_MIN, AGE_MAX = 13, 35
FIRST_YEAR, LAST_YEAR = 2019, 2100  # the regulation dates from 2019
_MARKUP = re.compile(r'[<>"]')


def _no_markup(value: str) -> str:
    """Templates put these texts into HTML (attributes included) as they are."""
    if _MARKUP.search(value):
        raise PydanticCustomError("markup", "contains < > or a double quote")
    return value


Text = Annotated[
    str, StringConstraints(strict=True, strip_whitespace=True, min_length=1), AfterValidator(_no_markup)
]
Year = Annotated[int, Field(strict=True, ge=FIRST_YEAR, le=LAST_YEAR)]
Slug = Annotated[str, StringConstraints(strict=True, pattern=SLUG_RE.pattern)]
Stage = Literal["college", "region", "republic"]
# How a contest's voters prove they are someone (voting/verification/): a device's proof of
# work, an e-mail code, a Telegram login, or a printed one-time code for a closed electorate.
Verification = Literal["device", "email", "telegram", "codes"]


def _every_year(value: str) -> str:
    """A month-day must exist in every year: 02-30 never does, 02-29 only in leap years."""
    month, day = (int(part) for part in value.split("-"))
    try:
        dt.date(2023, month, day)
    except ValueError:
        raise PydanticCustomError("month-day", "not a day every year has") from None
    return value


MonthDay = Annotated[
    str,
    StringConstraints(strict=True, pattern=r"^(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$"),
    AfterValidator(_every_year),
]


class Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Localized(Model):
    """The same text in Kazakh, Russian and English."""

    kk: Text
    ru: Text
    en: Text

    def get(self, lang: str) -> str:
        value: str = getattr(self, lang)
        return value


class Consent(Model):
    given_by: Literal["student", "parent", "guardian"]
    date: dt.date
    # The number of the signed form that the college keeps; the form itself, and the
    # name of whoever signed it, never go into the repository.
    reference: Text | None = None


class Link(Model):
    url: Annotated[str, StringConstraints(strict=True, pattern=r"^https://[^\s<>\"']+$")]
    title: Localized | None = None


class Profile(Model):
    demo: bool = False
    name: Localized
    year: Year
    college: Slug
    specialty: Localized
    region: Annotated[str, StringConstraints(strict=True, pattern=REGION_CODE_RE)]
    categories: Annotated[list[Slug], Field(min_length=1)]
    stage: Stage
    marks: Literal["good", "excellent"]
    programs: list[Slug] = []
    birth_date: dt.date | None = None
    age: Annotated[int, Field(strict=True, ge=AGE_MIN, le=AGE_MAX)] | None = None
    consent: Consent
    photo_alt: Localized
    links: list[Link] = []
    # A sentence or two for posters, banners and social posts; when absent, the opening
    # paragraph of each text, cut at a sentence.
    excerpt: Localized | None = None

    @model_validator(mode="after")
    def _one_of_birth_date_or_age(self) -> Profile:
        if (self.birth_date is None) == (self.age is None):
            raise PydanticCustomError("birth-date-or-age", "give exactly one of birth_date or age")
        return self


class Contest(Model):
    demo: bool = False
    year: Year
    stage: Stage
    scope: ContestScope
    title: Localized
    opens: dt.datetime
    closes: dt.datetime
    advance: Annotated[int, Field(strict=True, ge=1, le=100)] | None = None
    results: Literal["live", "sealed"]
    verification: Verification = "device"
    candidates: Annotated[list[Slug], Field(min_length=2)]


class ContestScope(Model):
    """Exactly one of: a college id, a region code, or ``national: true``."""

    college: Slug | None = None
    region: Annotated[str, StringConstraints(strict=True, pattern=REGION_CODE_RE)] | None = None
    national: bool = False

    @model_validator(mode="after")
    def _exactly_one(self) -> ContestScope:
        if sum((self.college is not None, self.region is not None, self.national)) != 1:
            raise PydanticCustomError("scope", "exactly one of college, region or national")
        return self

    @property
    def kind(self) -> str:
        return "college" if self.college else "region" if self.region else "national"


class NamePeriod(Model):
    from_year: Annotated[int | None, Field(alias="from")] = None
    until: int | None = None
    kk: Text
    ru: Text
    en: Text

    def covers(self, year: int) -> bool:
        return (self.from_year or 0) <= year <= (self.until or 9999)


class Region(Model):
    code: Annotated[str, StringConstraints(strict=True, pattern=REGION_CODE_RE)]
    kind: Literal["city", "region"]
    valid_from: int | None = None
    valid_until: int | None = None
    names: Annotated[list[NamePeriod], Field(min_length=1)]

    def exists_in(self, year: int) -> bool:
        return (self.valid_from or 0) <= year <= (self.valid_until or 9999)

    def name(self, year: int, lang: str) -> str:
        for period in self.names:
            if period.covers(year):
                return str(getattr(period, lang))
        return str(getattr(self.names[-1], lang))


class Category(Model):
    id: Slug
    number: int
    name: Localized
    description: Localized


class StageDates(Model):
    starts: MonthDay | None = None
    ends: MonthDay | None = None
    nominations_due: MonthDay | None = None


class StageDefinition(Model):
    id: Stage
    name: Localized
    starts: MonthDay
    ends: MonthDay
    nominations_due: MonthDay | None = None
    advance: Annotated[int, Field(strict=True, ge=1)]
    advance_per: Literal["college", "region", "year"]


class StagesFile(Model):
    stages: Annotated[list[StageDefinition], Field(min_length=3, max_length=3)]
    years: dict[Year, dict[Stage, StageDates]] = {}

    @model_validator(mode="after")
    def _each_stage_once(self) -> StagesFile:
        if sorted(stage.id for stage in self.stages) != sorted(STAGES):
            raise PydanticCustomError("stages-each-once", "each stage once")
        return self


class College(Model):
    id: Slug
    region: Annotated[str, StringConstraints(strict=True, pattern=REGION_CODE_RE)]
    name: Localized
    demo: bool = False


class Program(Model):
    title: Localized
    summary: Localized
    since: int | None = None


class PageMeta(Model):
    """A fixed page of the site (content/pages/<slug>/page.yml)."""

    title: Localized
    description: Localized


Contest.model_rebuild()
