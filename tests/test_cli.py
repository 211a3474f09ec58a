from __future__ import annotations

import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml
from click.testing import CliRunner

from site_builder.cli import cli

from .conftest import REPO, TODAY


def test_demo_content_passes_without_problems(content: Path, check: Any) -> None:
    result, data = check()
    assert result.exit_code == 0
    assert data["problems"] == []
    assert data["profiles"] >= 12 and data["contests"] == 4


def test_text_output_summarises(content: Path, runner: CliRunner) -> None:
    result = runner.invoke(cli, ["check", "--today", TODAY])
    assert result.exit_code == 0
    assert "All good" in result.stderr


def test_only_warnings_exit_zero(content: Path, check: Any) -> None:
    (content / "profiles/2026/dias-nurlanuly/photo.jpeg").write_bytes(b"")
    result, data = check()
    assert result.exit_code == 0
    assert [(p["rule"], p["severity"]) for p in data["problems"]] == [("file.unexpected", "warning")]
    assert "rename it to photo.jpg" in data["problems"][0]["hint"]


def test_paths_limit_the_report(content: Path, check: Any) -> None:
    (content / "profiles/2026/dias-nurlanuly/kk.md").write_text("Қысқа мәтін.\n", encoding="utf-8")
    result, data = check("content/profiles/2026/aruzhan-serikkyzy")
    assert result.exit_code == 0 and data["problems"] == []
    result, data = check("content/profiles/2026/dias-nurlanuly/ru.md")  # a file stands for its profile
    assert result.exit_code == 1
    assert [p["path"] for p in data["problems"]] == ["content/profiles/2026/dias-nurlanuly/kk.md"]


def test_a_changed_reference_file_rechecks_what_points_at_it(content: Path, check: Any) -> None:
    colleges = content / "colleges.yml"
    text = colleges.read_text(encoding="utf-8")
    colleges.write_text(text.replace("id: oral-transport-college", "id: oral-rail-college"), encoding="utf-8")
    result, data = check("content/colleges.yml")
    assert result.exit_code == 1
    assert [(p["path"], p["rule"]) for p in data["problems"]] == [
        ("content/profiles/2024/arman-sergazyuly/profile.yml", "ref.college")
    ]


def test_a_path_outside_the_content_folder_is_a_usage_error(content: Path, runner: CliRunner) -> None:
    result = runner.invoke(cli, ["check", str(REPO / "pyproject.toml")])
    assert result.exit_code == 2
    assert "not inside the content folder" in result.output


def test_not_a_content_folder(tmp_path: Path, runner: CliRunner) -> None:
    result = runner.invoke(cli, ["check", "--content", str(tmp_path)])
    assert result.exit_code == 2
    assert "not a content folder" in result.output


def test_new_profile_scaffolds_and_check_lists_what_is_left(
    content: Path, runner: CliRunner, check: Any
) -> None:
    result = runner.invoke(
        cli, ["new", "profile", "Dana Serikova", "--year", "2026", "--college", "almaty-polytechnic-college"]
    )
    assert result.exit_code == 0, result.output
    folder = content / "profiles/2026/dana-serikova"
    assert sorted(p.name for p in folder.iterdir()) == ["en.md", "kk.md", "profile.yml", "ru.md"]
    assert "region: KZ-75" in (folder / "profile.yml").read_text(encoding="utf-8")
    assert "қазақ тілінде" in (folder / "kk.md").read_text(encoding="utf-8")

    result, data = check("content/profiles/2026/dana-serikova")
    assert result.exit_code == 1
    rules = {p["rule"] for p in data["problems"]}
    assert {"words.too-few", "photo.missing", "field.empty", "field.choice"} <= rules
    fields = {p["field"] for p in data["problems"]}
    assert {"name.kk", "consent.given_by", "consent.date"} <= fields

    again = runner.invoke(
        cli, ["new", "profile", "Dana Serikova", "--year", "2026", "--college", "almaty-polytechnic-college"]
    )
    assert again.exit_code == 1 and "exists already" in again.output


def test_new_profile_from_a_kazakh_name(content: Path, runner: CliRunner) -> None:
    result = runner.invoke(
        cli, ["new", "profile", "Ержан Сапарұлы", "--year", "2026", "--college", "almaty-polytechnic-college",
              "--name-ru", "Ержан Сапарулы"]
    )
    assert result.exit_code == 0, result.output
    profile = yaml.safe_load(
        (content / "profiles/2026/yerzhan-saparuly/profile.yml").read_text(encoding="utf-8")
    )
    assert profile["name"] == {"kk": "Ержан Сапарұлы", "ru": "Ержан Сапарулы", "en": ""}


def test_new_profile_from_explicit_names_is_named_by_the_english_one(
    content: Path, runner: CliRunner
) -> None:
    result = runner.invoke(
        cli, ["new", "profile", "--year", "2026", "--college", "almaty-polytechnic-college",
              "--name-kk", "Әлия Нұрқызы", "--name-en", "Aliya Nurkyzy", "--name-ru", "Алия Нуркызы"]
    )
    assert result.exit_code == 0, result.output
    profile = yaml.safe_load(
        (content / "profiles/2026/aliya-nurkyzy/profile.yml").read_text(encoding="utf-8")
    )
    assert profile["name"] == {"kk": "Әлия Нұрқызы", "ru": "Алия Нуркызы", "en": "Aliya Nurkyzy"}


@pytest.mark.parametrize(
    "args",
    [["王芳"], ["Ержан Сапарұлы", "--name-kk", "Ержан Сапарұлы Әлиұлы"], []],
)
def test_new_profile_refuses_a_name_it_cannot_place(
    content: Path, runner: CliRunner, args: list[str]
) -> None:
    result = runner.invoke(cli, ["new", "profile", *args, "--college", "almaty-polytechnic-college"])
    assert result.exit_code == 2, result.output
    assert "Traceback" not in result.output
    assert not (content / "profiles" / "2026" / "u").exists()


def test_new_profile_refuses_an_unknown_college(content: Path, runner: CliRunner) -> None:
    result = runner.invoke(cli, ["new", "profile", "Dana Serikova", "--college", "nowhere"])
    assert result.exit_code == 2
    assert "unknown college id 'nowhere'" in result.output


def test_the_domain_imports_neither_mkdocs_nor_flask() -> None:
    code = (
        "import sys, site_builder.content, site_builder.cli; "
        "print([m for m in sys.modules if m.split('.')[0] in ('mkdocs', 'flask', 'material')])"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"
