"""The one catalog: complete in kk and ru, nothing obsolete, .mo files as their .po say."""

from __future__ import annotations

import gettext
import io
from pathlib import Path

import pytest
import yaml
from babel.messages.extract import extract_from_dir
from babel.messages.frontend import parse_mapping_cfg
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from click.testing import CliRunner

from site_builder.cli import cli
from site_builder.i18n import LOCALES, lang_from_environment

from .conftest import REPO


def _source_ids() -> set[str]:
    with open(REPO / "babel.cfg", encoding="utf-8") as cfg:
        method_map, options_map = parse_mapping_cfg(cfg)  # type: ignore[no-untyped-call]
    found = extract_from_dir(REPO, method_map, options_map)
    return {m[2] if isinstance(m[2], str) else m[2][0] for m in found}


@pytest.mark.parametrize("lang", ["kk", "ru", "en"])
def test_each_catalog_holds_exactly_the_strings_of_the_code(lang: str) -> None:
    with open(LOCALES / lang / "LC_MESSAGES/messages.po", "rb") as po:
        catalog = read_po(po, locale=lang)
    ids = {m.id if isinstance(m.id, str) else m.id[0] for m in catalog if m.id}
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
        ("en", "15 profiles, 2 votes: 0 errors, 0 warnings. All good."),
        ("ru", "15 профилей, 2 голосования: 0 ошибок, 0 предупреждений. Всё в порядке."),
        ("kk", "15 профиль, 2 дауыс беру: 0 қате, 0 ескерту. Бәрі дұрыс."),
    ],
)
def test_check_speaks_the_language_asked(content: Path, runner: CliRunner, lang: str, expected: str) -> None:
    result = runner.invoke(cli, ["--lang", lang, "check"])
    assert result.exit_code == 0
    assert result.stderr.strip() == expected


def test_plurals_follow_cldr(content: Path, runner: CliRunner) -> None:
    (content / "contests").joinpath(sorted(p.name for p in (content / "contests").iterdir())[0]).unlink()
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
    assert "# бір немесе бірнеше санат: " in text
    assert "Profile of one student" not in text
    assert yaml.safe_load(text)["name"]["kk"] == "Ержан Сапарұлы"
