"""Templates for a new profile folder, with short instructions inside each file."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from .reference import Reference
from .text import MIN_WORDS_PROFILE

MARKDOWN_TEMPLATES = {
    "kk": (
        "<!--\n"
        "Осы файлға студенттің жетістіктері туралы мәтінді қазақ тілінде жазыңыз: кемінде {words} сөз.\n"
        "Тек мәтін жазыңыз: HTML, сурет пен сілтеме қоспаңыз. Студенттің атын тақырып етіп\n"
        "жазудың қажеті жоқ, сайт оны өзі қосады. Мәтін дайын болғанда осы нұсқаулықты өшіріңіз.\n"
        "-->\n"
    ),
    "ru": (
        "<!--\n"
        "Напишите здесь на русском языке рассказ о достижениях студента: не меньше {words} слов.\n"
        "Только текст: без HTML, картинок и ссылок. Имя студента в заголовок выносить не нужно,\n"
        "сайт добавит его сам. Когда текст будет готов, удалите эту подсказку.\n"
        "-->\n"
    ),
    "en": (
        "<!--\n"
        "Write the account of the student's achievements here in English: at least {words} words.\n"
        "Plain text only: no HTML, images or links. Do not repeat the student's name as a heading;\n"
        "the site adds it. Delete this note once the text is written.\n"
        "-->\n"
    ),
}

PROFILE_TEMPLATE = """\
# Profile of one student for one year. Every field is explained in docs/editors.md.
# Empty values ("") must be filled in; run `top100 check {folder}` to see what is left.
name:                      # full name as written in each language
  kk: "{name_kk}"
  ru: "{name_ru}"
  en: "{name_en}"
year: {year}
college: {college}         # id from content/colleges.yml
specialty:                 # the specialty the student studies
  kk: ""
  ru: ""
  en: ""
region: {region}           # ISO 3166-2:KZ code from content/regions.yml
categories: []             # one or more of: {categories}
stage: college             # college, region or republic: the furthest stage reached
marks: excellent           # good or excellent
programs: []               # youth programmes, ids from content/programs/: {programs}
birth_date:                # YYYY-MM-DD; or remove this line and write `age: 17`
consent:                   # publication consent; the signed form stays at the college
  given_by: ""             # student (18 or older), parent or guardian (for a minor)
  date:                    # the day the form was signed, YYYY-MM-DD
  reference: ""            # the form's number in the college's records
photo_alt:                 # what the photo shows, for blind readers
  kk: ""
  ru: ""
  en: ""
links: []                  # optional: [{{url: "https://...", title: {{kk: ..., ru: ..., en: ...}}}}]
"""


def N_(message: str) -> str:
    """Marks a string for the catalog (babel extracts N_); it is translated where it is used."""
    return message


# The comments of PROFILE_TEMPLATE, in the editor's language (the catalog's msgids).
TEMPLATE_COMMENTS = (
    N_("Profile of one student for one year. Every field is explained in docs/editors.md."),
    N_('Empty values ("") must be filled in; run `top100 check {folder}` to see what is left.'),
    N_("full name as written in each language"),
    N_("id from content/colleges.yml"),
    N_("the specialty the student studies"),
    N_("ISO 3166-2:KZ code from content/regions.yml"),
    N_("one or more of: {categories}"),
    N_("college, region or republic: the furthest stage reached"),
    N_("good or excellent"),
    N_("youth programmes, ids from content/programs/: {programs}"),
    N_("YYYY-MM-DD; or remove this line and write `age: 17`"),
    N_("publication consent; the signed form stays at the college"),
    N_("student (18 or older), parent or guardian (for a minor)"),
    N_("the day the form was signed, YYYY-MM-DD"),
    N_("the form's number in the college's records"),
    N_("what the photo shows, for blind readers"),
    N_('optional: [{{url: "https://...", title: {{kk: ..., ru: ..., en: ...}}}}]'),
)


def _translated(template: str, gettext: Callable[[str], str]) -> str:
    lines = []
    for line in template.splitlines(keepends=True):
        code, sep, comment = line.partition("# ")
        lines.append(f"{code}{sep}{gettext(comment.rstrip(chr(10)))}\n" if sep else line)
    return "".join(lines)


def new_profile(
    root: Path, ref: Reference, slug: str, names: dict[str, str], year: int, college: str,
    gettext: Callable[[str], str] = str, lang: str = "en",
) -> Path:
    """Create the folder ``slug`` and its templates; raise FileExistsError if it exists.

    ``names`` maps kk, ru and en to the name in that language; a missing one stays empty.
    ``gettext`` translates the comments of profile.yml into the editor's language, ``lang``,
    in which the category and programme ids it lists are named too.
    """
    folder = root / "profiles" / str(year) / slug
    folder.mkdir(parents=True, exist_ok=False)
    known = ref.colleges.get(college)
    (folder / "profile.yml").write_text(_translated(PROFILE_TEMPLATE, gettext).format(
        folder=folder.relative_to(root.parent).as_posix() if root.parent in folder.parents else folder,
        **{f"name_{lang}": names.get(lang, "").replace('"', "").replace("\\", "")
           for lang in ("kk", "ru", "en")},
        year=year, college=college,
        region=known.region if known else '""',
        categories=", ".join(f"{ident} ({category.name.get(lang)})" for ident, category in ref.categories.items()),
        programs=", ".join(f"{ident} ({program.meta.title.get(lang)})" for ident, program in ref.programs.items()),
    ), encoding="utf-8")
    for lang, template in MARKDOWN_TEMPLATES.items():
        (folder / f"{lang}.md").write_text(template.format(words=MIN_WORDS_PROFILE), encoding="utf-8")
    return folder
