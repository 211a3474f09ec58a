"""Every rule code the content check can report, in one place.

``Report.add`` refuses a code that is not listed here, so this table is the complete list of
what ``top100 check`` can say; tests/test_corpus.py demands a case under tests/bad/ for each
code, and docs/editors*.md explain them to editors.
"""

from __future__ import annotations

RULES: dict[str, str] = {
    # Files: one loader per kind (files.py), so every file fails the same way.
    "file.missing": "a required file or folder is missing",
    "file.empty": "a YAML file has nothing in it",
    "file.encoding": "a text or YAML file is not saved as UTF-8",
    "file.unreadable": "a file cannot be read (a folder in its place, no permission)",
    "file.unexpected": "a stray file that will not be published (warning)",
    "layout.year": "something under profiles/ that is not a year folder",
    "layout.profile": "a file directly in a year folder",
    "yaml.syntax": "the YAML cannot be parsed",
    "yaml.duplicate-key": "a key appears twice in one YAML mapping",
    "json.syntax": "a JSON file (published results) cannot be parsed, or repeats a key",
    # Fields: pydantic's many error types, folded into what an editor has to do (shape.py).
    "field.missing": "a required field is missing",
    "field.unknown": "a field the schema does not know (often a typo)",
    "field.empty": "a field is empty",
    "field.choice": "a value that is not one of the allowed words",
    "field.type": "a value of the wrong kind (text, number, list, group)",
    "field.format": "a value of the wrong form (id, region code, date, address, or any other form)",
    "field.range": "a number or a list outside its allowed range",
    "field.markup": "a text field with < > or \" that a page could mistake for HTML",
    "field.birth-date-or-age": "neither or both of birth_date and age",
    "field.scope": "a contest scope that is not exactly one of college, region, national",
    "field.month-day": "a stage date that not every year has (02-29, 02-30)",
    "field.stages-each-once": "stages.yml does not define each stage exactly once",
    "id.format": "a profile or contest id that is not lowercase Latin with hyphens",
    "id.duplicate": "the same id used twice",
    "year.folder": "a profile's year differs from its year folder",
    "stage.dates": "a year's stage ends before it starts",
    # References between files (rules.py).
    "ref.region": "an unknown region code",
    "ref.region-year": "a region that did not exist in the profile's year",
    "ref.college": "an unknown college id",
    "ref.college-region": "a region that is not the college's region",
    "ref.category": "an unknown category id",
    "ref.category-duplicate": "a category listed twice",
    "ref.program": "an unknown youth programme id",
    "consent.future": "a consent date in the future",
    "consent.minor": "a minor who consented alone",
    "age.range": "a birth date that gives an age outside the programme's range",
    "quota.college": "more students advanced from one college than stages.yml allows",
    "quota.region": "more students advanced from one region than stages.yml allows",
    "quota.republic": "more republican winners in a year than stages.yml allows",
    "person.duplicate": "the same student twice in one year",
    "contest.scope": "a contest scope that does not fit its stage",
    "contest.window": "a vote that closes before it opens",
    "contest.stage-dates": "a vote outside its stage's dates",
    "contest.advance": "a vote in which everyone advances (warning)",
    "contest.candidate-duplicate": "a candidate listed twice",
    "contest.candidate-unknown": "a candidate without a profile that year",
    "contest.candidate-ineligible": "a candidate who may not stand in this vote",
    # Published results of closed votes (results.py).
    "results.contest": "results of no contest in content/contests/, or in a file named otherwise",
    "results.not-closed": "results written before the vote closed",
    "results.candidate": "results with ballots for someone who is not the contest's candidate",
    "results.total": "results whose total is not the sum of the candidates' ballots",
    # Texts (text.py) and their Markdown (markdown.py).
    "text.missing": "a language's text is missing",
    "words.too-few": "a text shorter than the minimum",
    "text.script": "a text in the wrong alphabet",
    "text.language": "a text in the wrong language",
    "text.template": "the template's instruction comment is still there (warning)",
    "markdown.html": "raw HTML in a text",
    "markdown.script": "a script or an event handler in a text",
    "markdown.embed": "an embedded frame or object in a text",
    "markdown.form": "a form or form field in a text",
    "markdown.attr-list": "an attribute list ({: ...}) in a text",
    "markdown.link": "a link that is not https:, http:, mailto: or in the site",
    "markdown.image": "an image in a text",
    "markdown.remote-image": "an image from another site in a text",
    # Photos (photo.py).
    "photo.missing": "photo.jpg is missing",
    "photo.unreadable": "photo.jpg cannot be read",
    "photo.not-jpeg": "photo.jpg is not a JPEG by its contents",
    "photo.broken": "photo.jpg is a damaged JPEG (headers or compressed pixels)",
    "photo.too-large": "photo.jpg is too large to process",
    "photo.too-small": "photo.jpg is smaller than the minimum",
    "photo.cmyk": "photo.jpg uses CMYK colours",
    "photo.gps": "photo.jpg carries GPS coordinates (warning)",
    "photo.truncated": "photo.jpg is cut off: the end of the image is missing",
    "photo.print-size": "photo.jpg is too small for the roll-up banner at 150 dpi (warning)",
    # The media register (site_builder/publicity/media.py).
    "media.file-name": "a media register file not named <year>.yml",
    "media.profile": "a publication about no profile of that year",
    "media.date-year": "a publication dated in another year than its file",
    "media.date-future": "a publication dated in the future",
    "media.duplicate": "the same publication recorded twice",
}


class UnknownRule(ValueError):
    """A programming error: a check reported a code that is not in :data:`RULES`."""


def known(rule: str) -> str:
    if rule not in RULES:
        raise UnknownRule(f"rule code '{rule}' is not listed in site_builder/content/codes.py")
    return rule
