"""`top100 print` and the print-size warning of `top100 check`."""

from __future__ import annotations

import subprocess
from pathlib import Path
from typing import Any

from click.testing import CliRunner
from PIL import Image

from site_builder.cli import cli
from site_builder.publicity.posters import BANNER


def test_print_writes_the_chosen_profiles_formats_and_languages(content: Path, runner: CliRunner) -> None:
    result = runner.invoke(cli, ["print", "content/profiles/2026/dias-nurlanuly", "--format", "a3",
                                 "--lang", "ru", "--lang", "en", "--site-url", "https://top100.example.kz/"])
    assert result.exit_code == 0, result.output
    made = sorted(p.relative_to("print").as_posix() for p in Path("print").rglob("*.pdf"))
    folder = "2026/dias-nurlanuly/dias-nurlanuly"
    assert made == [f"{folder}-a3-en.pdf", f"{folder}-a3-ru.pdf"]
    assert "2 PDF files" in result.stderr and "local address" not in result.stderr
    info = subprocess.run(["pdfinfo", f"print/{made[0]}"], capture_output=True, text=True).stdout
    assert "Title:" in info and "Dias" in info


def test_print_warns_when_the_qr_codes_would_open_a_local_address(content: Path, runner: CliRunner) -> None:
    result = runner.invoke(cli, ["print", "content/profiles/2026/dias-nurlanuly", "--format", "a3",
                                 "--lang", "kk", "--site-url", "http://127.0.0.1:8000/"])
    assert result.exit_code == 0 and "local address" in result.stderr


def test_print_needs_the_sites_address(content: Path, runner: CliRunner, monkeypatch: Any) -> None:
    monkeypatch.delenv("SITE_URL", raising=False)
    result = runner.invoke(cli, ["print", "content/profiles/2026/dias-nurlanuly"])
    assert result.exit_code == 2 and "pass --site-url" in result.output  # no mkdocs.yml here
    result = runner.invoke(cli, ["print", "content/profiles/2026/dias-nurlanuly", "--site-url", "top100.kz"])
    assert result.exit_code == 2 and "not a web address" in result.output
    assert not Path("print").exists()


def test_print_outside_any_profile_is_a_usage_error(content: Path, runner: CliRunner) -> None:
    result = runner.invoke(cli, ["print", "content/regions.yml", "--site-url", "https://x.kz/"])
    assert result.exit_code == 2 and "no valid profile" in result.output


def test_check_warns_once_per_photo_too_small_for_the_banner(content: Path, check: Any) -> None:
    photo = content / "profiles/2026/dias-nurlanuly/photo.jpg"
    metadata = content / "profiles/2026/dias-nurlanuly/profile.yml"
    result, data = check("content/profiles/2026/dias-nurlanuly")
    assert data["problems"] == []  # demo portraits are drawn: no original to ask for
    text = metadata.read_text(encoding="utf-8")
    metadata.write_text(text.replace("demo: true", "demo: false"), encoding="utf-8")
    need_w, need_h = BANNER.pixels_needed()
    result, data = check("content/profiles/2026/dias-nurlanuly")
    assert result.exit_code == 0
    [warning] = [p for p in data["problems"] if p["rule"] == "photo.print-size"]
    assert warning["severity"] == "warning" and f"{need_w}×{need_h} pixels" in warning["message"]
    Image.new("RGB", (need_w, need_h), (200, 180, 160)).save(photo, "JPEG")
    result, data = check("content/profiles/2026/dias-nurlanuly")
    assert [p for p in data["problems"] if p["rule"] == "photo.print-size"] == []
