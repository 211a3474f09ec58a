"""The one catalog: complete in kk and ru, nothing obsolete, .mo files as their .po say; the
site's interface strings, the vote widget's words and the dates all come from it."""

from __future__ import annotations

import datetime as dt
import gettext
import io
import json
import pickle
import re
import string
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from babel.messages.extract import extract_from_dir
from babel.messages.frontend import parse_mapping_cfg
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from click.testing import CliRunner

from site_builder.cli import cli
from site_builder.content import Report
from site_builder.content.wording import N_, Joined, Named
from site_builder.i18n import LOCALES, lang_from_environment
from site_builder.site.dates import long_date, month_names, zoned
from site_builder.site.strings import COUNTED, STRINGS, t
from site_builder.site.widget import WIDGET_COUNTED, WIDGET_KEYS
from voting.problems import body, problem_texts
from voting.settings import MAIL_FROM
from voting.verification.mailer import message

from .conftest import REPO, TODAY


def _source_ids() -> set[tuple[str | None, str]]:
    """(context, msgid) of every string the sources in babel.cfg mark."""
    with open(REPO / "babel.cfg", encoding="utf-8") as cfg:
        method_map, options_map = parse_mapping_cfg(cfg)  # type: ignore[no-untyped-call]
    found = extract_from_dir(REPO, method_map, options_map)
    return {(m[4], m[2] if isinstance(m[2], str) else m[2][0]) for m in found}


@pytest.mark.parametrize("lang", ["kk", "ru", "en"])
def test_each_catalog_holds_exactly_the_strings_of_the_code(lang: str) -> None:
    with open(LOCALES / lang / "LC_MESSAGES/messages.po", "rb") as po:
        catalog = read_po(po, locale=lang)
    ids = {(m.context, m.id if isinstance(m.id, str) else m.id[0]) for m in catalog if m.id}
    missing, obsolete = _source_ids() - ids, ids - _source_ids()
    assert not missing, f"run pybabel extract/update: {sorted(missing)} missing in {lang}"
    assert not obsolete and not catalog.obsolete, f"obsolete in {lang}: {sorted(obsolete)}"
    if lang != "en":
        for message in catalog:
            if message.id:
                strings = message.string if isinstance(message.string, tuple) else (message.string,)
                assert all(strings) and not message.fuzzy, f"{lang}: {message.id!r} untranslated"

    # the committed .mo is the compiled .po
    compiled = io.BytesIO()
    write_mo(compiled, catalog)
    assert (LOCALES / lang / "LC_MESSAGES/messages.mo").read_bytes() == compiled.getvalue(), (
        "run pybabel compile -d site_builder/locales"
    )


@pytest.mark.parametrize(
    ("lang", "expected"),
    [
        ("en", "15 profiles, 4 votes: 0 errors, 0 warnings. All good."),
        ("ru", "15 профилей, 4 голосования: 0 ошибок, 0 предупреждений. Всё в порядке."),
        ("kk", "15 профиль, 4 дауыс беру: 0 қате, 0 ескерту. Бәрі дұрыс."),
    ],
)
def test_check_speaks_the_language_asked(content: Path, runner: CliRunner, lang: str, expected: str) -> None:
    result = runner.invoke(cli, ["--lang", lang, "check"])
    assert result.exit_code == 0
    assert result.stderr.strip() == expected


def test_plurals_follow_cldr(content: Path, runner: CliRunner) -> None:
    # One vote left, and one error: the Aktobe college vote's results name a contest now gone.
    for path in (content / "contests").iterdir():
        if path.stem != "2026-aktobe-region-regional":
            path.unlink()
    en = runner.invoke(cli, ["--lang", "en", "check"]).stderr
    ru = runner.invoke(cli, ["--lang", "ru", "check"]).stderr
    assert "1 vote: 1 error, 0 warnings" in en and "1 votes" not in en
    assert "1 голосование: 1 ошибка, 0 предупреждений" in ru


def test_the_locale_picks_the_language(content: Path) -> None:
    result = CliRunner(env={"LANGUAGE": "", "LC_ALL": "", "LC_MESSAGES": "", "LANG": "kk_KZ.UTF-8"}).invoke(
        cli, ["check"]
    )
    assert "Бәрі дұрыс" in result.stderr
    assert lang_from_environment({"LANGUAGE": "ru:en", "LANG": "kk_KZ.UTF-8"}) == "ru"
    assert lang_from_environment({"LANG": "C.UTF-8"}) == "en"
    assert lang_from_environment({"LANG": "de_DE.UTF-8"}) == "en"
    assert gettext.translation("messages", LOCALES, languages=["ru"]).gettext("{n} error")


def test_text_output_names_the_rule(content: Path, runner: CliRunner) -> None:
    (content / "regions.yml").write_text(
        (content / "regions.yml").read_text(encoding="utf-8") + "\n  - code: [\n", encoding="utf-8"
    )
    result = runner.invoke(cli, ["--lang", "en", "check"])
    assert "[yaml.syntax]" in result.output


def test_the_scaffold_speaks_the_editors_language(content: Path, runner: CliRunner) -> None:
    result = runner.invoke(
        cli, ["--lang", "kk", "new", "profile", "Ержан Сапарұлы", "--year", "2026",
              "--college", "almaty-polytechnic-college"]
    )
    assert result.exit_code == 0, result.output
    assert "қалтасы жасалды" in result.output
    text = (content / "profiles/2026/yerzhan-saparuly/profile.yml").read_text(encoding="utf-8")
    assert "# Бір студенттің бір жылғы профилі" in text
    assert "# бір немесе бірнеше санат: leadership (Көшбасшылар), " in text
    assert "Profile of one student" not in text
    assert yaml.safe_load(text)["name"]["kk"] == "Ержан Сапарұлы"


def _messages(pot: bytes) -> set[tuple[str | None, object, bool]]:
    catalog = read_po(io.BytesIO(pot))
    return {(m.context, m.id, "python-brace-format" in m.flags) for m in catalog if m.id}


def test_the_template_is_what_pybabel_extracts_today(tmp_path: Path) -> None:
    """The README's command, run again, gives the committed messages.pot (the header's date
    aside): a string added, changed or removed in the code without updating fails here."""
    pot = tmp_path / "messages.pot"
    done = subprocess.run(
        [str(Path(sys.executable).parent / "pybabel"), "extract", "-F", "babel.cfg", "--no-location",
         "--sort-output", "--project", "top100", "-o", str(pot), "."],
        cwd=REPO, capture_output=True, text=True,
    )
    assert done.returncode == 0, done.stderr
    committed = (LOCALES / "messages.pot").read_bytes()
    assert _messages(pot.read_bytes()) == _messages(committed), "run the README's pybabel extract"
    assert len(_messages(committed)) > 150  # the site's, the API's and the command's strings


# The interface strings' keys as the templates, the widget and the Python use them: t.key,
# "key" (not as a dict's own key), f"marks_{…}" and 'status_' ~ … (a key made from a value).
SOURCES = [*(REPO / "themes").rglob("*.html"), *(REPO / "themes/assets").glob("*.js"),
           *(REPO / "site_builder").rglob("*.py")]
KEY_TABLES = ("strings.py", "publicity_strings.py")


def _used_keys() -> tuple[set[str], list[re.Pattern[str]]]:
    literal: set[str] = set()
    made: list[re.Pattern[str]] = []
    for path in SOURCES:
        if path.name in KEY_TABLES:
            continue
        text = path.read_text(encoding="utf-8")
        literal |= set(re.findall(r"\bt\.(\w+)", text))
        literal |= set(re.findall(r"""["'](\w+)["'](?!\s*:)""", text))
        for made_key in re.findall(r"""\bf["']([a-z_]*\{[\w.]+\}[a-z_]*)["']""", text):
            made.append(re.compile(re.sub(r"\{[\w.]+\}", r"[a-z0-9]+", made_key) + "$"))
        for start in re.findall(r"""['"](\w+_)['"]\s*~""", text):
            made.append(re.compile(re.escape(start) + r"[a-z0-9_]+$"))
    return literal, made


def test_every_interface_string_is_used_and_every_one_used_exists() -> None:
    literal, made = _used_keys()
    keys = set(STRINGS["en"]) | COUNTED
    unused = sorted(k for k in keys if k not in literal and not any(p.match(k) for p in made))
    assert not unused, f"unused interface strings: {unused}"
    shown = set()
    for path in (REPO / "themes").rglob("*.html"):
        shown |= set(re.findall(r"\bt\.(\w+)", path.read_text(encoding="utf-8")))
    missing = shown - set(STRINGS["en"])  # a counted text is not one: t(lang, key, n=…) words it
    assert shown and not missing, f"templates read strings that do not exist: {missing}"
    assert all(STRINGS[lang].keys() == STRINGS["en"].keys() for lang in STRINGS)


def test_the_widget_reads_exactly_the_words_it_is_given() -> None:
    script = (REPO / "themes/assets/vote.js").read_text(encoding="utf-8")
    read = set(re.findall(r'\btext\("(\w+)"', script))  # text("key"), text(a ? "key" : "key"), field(…, "key"
    read |= {k for pair in re.findall(r'\btext\([^?;]*\?\s*"(\w+)"\s*:\s*"(\w+)"', script) for k in pair}
    read |= set(re.findall(r'\bfield\(box, form, "(\w+)"', script))
    # The check of the whole vote says audit_* texts by their ends: say(box, "wrong-key"),
    # a finding's kind ("edited") or "tally-" + how ("same", "behind", "differs").
    audit = (REPO / "themes/assets/ledger-check.js").read_text(encoding="utf-8")
    assert "data-t-" not in audit
    ends = set(re.findall(r'"([a-z][a-z0-9-]*)"', audit))
    ends |= {f"tally-{end}" for end in ends}
    read |= {f"audit_{end.replace('-', '_')}" for end in ends} & set(STRINGS["en"])
    assert read == set(WIDGET_KEYS)
    assert set(re.findall(r'\bcount\("(\w+)"', script)) == set(WIDGET_COUNTED) <= COUNTED
    assert "data-t-" not in script and "dataset.months" not in script  # one source: the JSON


@pytest.mark.parametrize(
    ("lang", "counted", "month"),
    [
        ("kk", {"one": "Барлығы: {n} дауыс", "other": "Барлығы: {n} дауыс"}, "қазан"),
        ("ru", {"one": "Всего: {n} голос", "few": "Всего: {n} голоса", "many": "Всего: {n} голосов"},
         "октября"),
        ("en", {"one": "{n} vote in total", "other": "{n} votes in total"}, "October"),
    ],
)
def test_a_vote_page_gives_the_widget_its_words_from_the_catalog(
    demo_site: Path, lang: str, counted: dict[str, str], month: str
) -> None:
    prefix = "" if lang == "kk" else f"{lang}/"
    html = (demo_site / prefix / "contests/2026-almaty-city-regional/index.html").read_text(encoding="utf-8")
    found = re.findall(r"<script type=\"application/json\" data-t100-words>(.*?)</script>", html, re.S)
    assert len(found) == 1
    words = json.loads(found[0])
    assert words["lang"] == lang and words["months"][9] == month
    assert words["counted"]["votes_total"] == counted
    assert words["texts"] == {key: t(lang, key) for key in WIDGET_KEYS}
    assert "data-t-" not in html
    about = (demo_site / prefix / "about/index.html").read_text(encoding="utf-8")
    assert "data-t100-words" not in about  # only the pages with a vote or the receipt form


def test_counts_take_the_plural_form_of_their_language() -> None:
    assert [t("en", "votes_total", n=n) for n in (1, 2)] == ["1 vote in total", "2 votes in total"]
    assert [t("ru", "votes_total", n=n) for n in (1, 3, 5, 11, 21, 22)] == [
        "Всего: 1 голос", "Всего: 3 голоса", "Всего: 5 голосов", "Всего: 11 голосов", "Всего: 21 голос",
        "Всего: 22 голоса",
    ]
    assert t("kk", "votes_total", n=5) == "Барлығы: 5 дауыс"


def test_the_api_words_its_problems_from_the_catalog() -> None:
    source = (REPO / "voting/problems.py").read_text(encoding="utf-8")
    assert not re.search("[а-яёәғқңөұүһі]", source, re.IGNORECASE)  # no second copy of kk/ru
    codes = problem_texts(lambda message: message)
    for lang in ("kk", "ru"):
        worded = {code: body(code, lang) for code in codes}
        for code, (status, title, detail) in codes.items():
            assert worded[code]["status"] == status
            assert worded[code]["title"] != title and worded[code]["detail"] != detail, (lang, code)
    assert body("already_voted", "kk")["title"] == "Сіз дауыс беріп қойғансыз"


@pytest.mark.parametrize(
    ("lang", "minutes", "expected"),
    [
        ("ru", 1, "Код действует 1 минуту."),
        ("ru", 3, "Код действует 3 минуты."),
        ("ru", 10, "Код действует 10 минут."),
        ("kk", 10, "Код 10 минут жарамды."),
        ("en", 1, "The code is valid for 1 minute."),
    ],
)
def test_the_code_mail_counts_its_minutes_in_the_voters_language(
    lang: str, minutes: int, expected: str
) -> None:
    mail = message({MAIL_FROM: "vote@example.kz"}, "voter@example.kz", "123456", lang, minutes)
    assert expected in mail.get_content() and "123456" in str(mail["Subject"])


def test_dates_are_babels_in_astana_time() -> None:
    day = dt.date(2026, 10, 12)
    assert [long_date(day, lang) for lang in ("kk", "ru", "en")] == [
        "2026 жылғы 12 қазан", "12 октября 2026 года", "12 October 2026"
    ]
    utc = dt.datetime(2026, 10, 15, 19, 30, tzinfo=dt.UTC)  # already the 16th in Astana (UTC+5)
    assert zoned(utc, "kk") == "2026 жылғы 16 қазан, 00:30 (Астана уақыты)"
    assert zoned(utc, "ru") == "16 октября 2026 года, 00:30 (время Астаны)"
    assert month_names("kk")[0] == "қаңтар" and len(month_names("ru")) == 12
def _placeholders(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


@pytest.mark.parametrize("lang", ["kk", "ru"])
def test_translations_fill_only_the_placeholders_of_their_msgid(lang: str) -> None:
    """A misspelt {placeholder} in a msgstr would stop `top100 check` with a KeyError."""
    with open(LOCALES / lang / "LC_MESSAGES/messages.po", "rb") as po:
        catalog = read_po(po, locale=lang)
    for entry in catalog:
        if entry.id and isinstance(entry.id, str):
            assert _placeholders(str(entry.string)) <= _placeholders(entry.id), (lang, entry.id)


@pytest.mark.parametrize(
    ("lang", "banned"),
    [("kk", ("байқау", "конкурс", "программа")), ("ru", ("конкурс", "бағдарлама"))],
)
def test_the_catalogs_keep_the_glossary(lang: str, banned: tuple[str, ...]) -> None:
    """docs/glossary.md: the project is жоба / проект; бағдарлама / программа only for a youth
    programme (жастар бағдарламасы / молодёжная программа); a category is санат / категория."""
    with open(LOCALES / lang / "LC_MESSAGES/messages.po", "rb") as po:
        strings = [str(m.string).lower() for m in read_po(po, locale=lang) if m.id and m.string]
    assert not [s for s in strings if any(word in s for word in banned)]
    program = "бағдарлама" if lang == "kk" else "программ"
    youth = "жастар бағдарлама" if lang == "kk" else "молодёжн"
    assert all(youth in s for s in strings if program in s)
    assert not [s for s in strings if "бағыт" in s or "номинац" in s]


def _break(content: Path) -> None:
    """Two profile mistakes whose messages carry values and region and college names."""
    profile = content / "profiles/2026/aruzhan-serikkyzy/profile.yml"
    profile.write_text(profile.read_text(encoding="utf-8").replace("region: KZ-75", "region: KZ-11"),
                       encoding="utf-8")
    other = content / "profiles/2026/dias-nurlanuly/profile.yml"
    other.write_text(other.read_text(encoding="utf-8").replace("year: 2026", "year: 2025"), encoding="utf-8")


@pytest.mark.parametrize(
    ("lang", "year", "region"),
    [
        ("kk",
         "year: [year.folder] 2025 деп жазылған, бірақ қалта profiles/2026/ ішінде тұр; "
         "қалтаны дұрыс жылдың ішіне жылжытыңыз немесе жылды түзетіңіз",
         "region: [ref.college-region] KZ-11 (Ақмола облысы) деп жазылған, бірақ колледж "
         "'almaty-digital-college' (Алматы цифрлық технологиялар колледжі) мына өңірде: "
         "KZ-75 (Алматы қаласы)"),
        ("ru",
         "year: [year.folder] указан 2025, но папка лежит в profiles/2026/; "
         "перенесите папку в нужный год или исправьте год",
         "region: [ref.college-region] указан KZ-11 (Акмолинская область), но колледж "
         "'almaty-digital-college' (Алматинский колледж цифровых технологий) находится в регионе "
         "KZ-75 (город Алматы)"),
        ("en",
         "year: [year.folder] says 2025 but the folder is under profiles/2026/; "
         "move the folder to the right year, or correct the year",
         "region: [ref.college-region] is KZ-11 (Akmola Region), but college 'almaty-digital-college' "
         "(Almaty College of Digital Technologies) is in KZ-75 (Almaty City)"),
    ],
)
def test_problems_speak_the_language_asked(
    content: Path, runner: CliRunner, lang: str, year: str, region: str
) -> None:
    _break(content)
    result = runner.invoke(cli, ["--lang", lang, "check", "--today", TODAY])
    assert result.exit_code == 1
    lines = result.stdout.splitlines()
    assert f"content/profiles/2026/dias-nurlanuly/profile.yml:7: {year}" in lines
    assert any(line.startswith(f"content/profiles/2026/aruzhan-serikkyzy/profile.yml:13: {region}")
               for line in lines), lines


def test_json_keeps_the_english_words_and_adds_the_asked_ones(content: Path, runner: CliRunner) -> None:
    _break(content)
    result = runner.invoke(cli, ["--lang", "kk", "check", "--format", "json", "--today", TODAY])
    data = json.loads(result.stdout)
    assert data["lang"] == "kk"
    year = next(p for p in data["problems"] if p["rule"] == "year.folder")
    assert year["message"] == "says 2025 but the folder is under profiles/2026/"
    assert year["localized"] == {
        "lang": "kk",
        "message": "2025 деп жазылған, бірақ қалта profiles/2026/ ішінде тұр",
        "hint": "қалтаны дұрыс жылдың ішіне жылжытыңыз немесе жылды түзетіңіз",
    }


def test_a_warning_and_a_nested_phrase_are_translated_too(content: Path, runner: CliRunner) -> None:
    _break(content)
    (content / "profiles/2026/dias-nurlanuly/photo.jpeg").write_bytes(b"")
    text = content / "profiles/2026/dias-nurlanuly/en.md"
    text.write_text(text.read_text(encoding="utf-8") + "\nСлово.\n", encoding="utf-8")
    lines = runner.invoke(cli, ["--lang", "ru", "check", "--today", TODAY]).stdout.splitlines()
    assert ("content/profiles/2026/dias-nurlanuly/photo.jpeg:1: (file): предупреждение: [file.unexpected] "
            "не входит в профиль и не будет опубликован; переименуйте его в photo.jpg") in lines
    assert any("[text.script] в тексте есть кириллица («Слово»)" in line for line in lines), lines
    assert any("[contest.candidate-ineligible] «aruzhan-serikkyzy» не может участвовать в этом голосовании: "
               "из региона KZ-11 (Акмолинская область), а не KZ-75 (город Алматы)" in line for line in lines)


def test_problems_keep_their_words_across_processes() -> None:
    """The check inspects profiles in worker processes: a problem comes back pickled."""
    report = Report(Path("/"))
    named = Named("KZ-75", {"kk": "Алматы қаласы", "ru": "город Алматы", "en": "Almaty City"})
    report.add(Path("/x.yml"), 3, "region", N_("unknown region code '{code}'"),
               N_("use one of: {known}"), "ref.region", code="KZ-99", known=Joined([named]))
    problem = pickle.loads(pickle.dumps(report.problems[0]))
    assert problem == report.problems[0] and hash(problem) == hash(report.problems[0])
    assert problem.format("kk") == ("x.yml:3: region: [ref.region] «KZ-99» өңір коды белгісіз; "
                                    "мыналардың бірін жазыңыз: KZ-75 (Алматы қаласы)")
    assert problem.message == "unknown region code 'KZ-99'" and isinstance(problem.message, str)


def test_the_scaffold_names_the_college_and_region(content: Path, runner: CliRunner) -> None:
    result = runner.invoke(
        cli, ["--lang", "ru", "new", "profile", "Ержан Сапарұлы", "--year", "2026",
              "--college", "almaty-polytechnic-college"]
    )
    assert result.exit_code == 0, result.output
    assert "Колледж: 'almaty-polytechnic-college' (" in result.output
    assert "регион: KZ-75 (город Алматы)." in result.output
    refused = runner.invoke(cli, ["--lang", "kk", "new", "profile", "Ержан", "--college", "nowhere"])
    assert refused.exit_code == 2
    assert "«nowhere» колледж id-і белгісіз" in refused.output
    assert "'almaty-polytechnic-college' (" in refused.output


def test_the_photo_command_speaks_the_editors_language(content: Path, runner: CliRunner) -> None:
    profile = "content/profiles/2026/aruzhan-serikkyzy"
    missing = runner.invoke(cli, ["--lang", "kk", "photo", "IMG_0001.HEIC", profile])
    assert missing.exit_code == 1
    assert "IMG_0001.HEIC: мұндай файл жоқ; жолды тексеріңіз" in missing.output
    focus = runner.invoke(cli, ["--lang", "ru", "photo", "IMG_0001.HEIC", profile, "--focus", "2,2"])
    assert focus.exit_code == 2 and "фокус «2,2» за пределами фото" in focus.output


def test_the_print_command_speaks_the_editors_language(content: Path, runner: CliRunner) -> None:
    result = runner.invoke(cli, ["--lang", "kk", "print", "--site-url", "ftp://example.kz"])
    assert result.exit_code == 2
    assert "сайттың мекенжайы «ftp://example.kz» — веб-мекенжай емес" in result.output
