"""Print posters and banners: real PDFs read back with poppler and zbar."""

from __future__ import annotations

import subprocess
from pathlib import Path
from typing import Any

import pytest

from site_builder.content import load_content
from site_builder.publicity.posters import BLEED_MM, FORMATS, build_posters
from site_builder.publicity.winners import Winner, all_winners, opening

from .conftest import DEMO

SITE = "https://top100.example.kz/"
PT_PER_MM = 72 / 25.4


def _winners(root: Path, slug: str) -> list[Winner]:
    content, _ = load_content(root, deep=False)
    return [w for w in all_winners(content, SITE) if w.slug == slug]


@pytest.fixture(scope="module")
def posters(tmp_path_factory: pytest.TempPathFactory) -> tuple[list[Winner], dict[str, Path]]:
    winners = _winners(DEMO, "aruzhan-serikkyzy")
    return winners, build_posters(winners, tmp_path_factory.mktemp("cache"), workers=1)


def _run(*command: str | Path) -> str:
    return subprocess.run([str(c) for c in command], capture_output=True, text=True, check=True).stdout


def test_every_language_and_format_is_a_pdf_with_bleed(posters: Any) -> None:
    winners, made = posters
    assert len(made) == 3 * len(FORMATS) and len(winners) == 3
    for path, pdf in made.items():
        fmt = path.rsplit("-", 2)[-2]
        width, height = (round(side + 2 * BLEED_MM, 1) for side in FORMATS[fmt].trim)
        info = _run("pdfinfo", pdf)
        size = next(line for line in info.splitlines() if line.startswith("Page size"))
        points = [float(v) for v in size.split(":")[1].split("pts")[0].split("x")]
        assert points == pytest.approx([width * PT_PER_MM, height * PT_PER_MM], abs=0.1)
        assert "Pages:           1" in info
        fonts = _run("pdffonts", pdf).splitlines()[2:]
        assert fonts and all(" yes yes yes " in line for line in fonts), fonts  # embedded, subset


def test_the_qr_code_opens_the_profile_and_the_name_is_there_in_three_scripts(
    posters: Any, tmp_path: Path
) -> None:
    winners, made = posters
    for w in winners:
        pdf = made[f"print/{w.year}/{w.slug}/{w.slug}-a3-{w.lang}.pdf"]
        _run("pdftoppm", "-r", "100", "-png", "-singlefile", pdf, tmp_path / w.lang)
        decoded = _run("zbarimg", "--quiet", "--raw", tmp_path / f"{w.lang}.png").strip()
        assert decoded == f"{SITE}{w.path}" == w.url
        text = " ".join(_run("pdftotext", pdf, "-").split())
        assert all(name in text for name in ("Аружан Серікқызы", "Аружан Сериккызы", "Aruzhan Serikkyzy"))
        assert w.college in text and w.excerpt.split()[-1] in text


def test_the_banner_qr_code_decodes_too(posters: Any, tmp_path: Path) -> None:
    winners, made = posters
    w = winners[0]
    _run("pdftoppm", "-r", "20", "-png", "-singlefile",
         made[f"print/{w.year}/{w.slug}/{w.slug}-banner-{w.lang}.pdf"], tmp_path / "banner")
    assert _run("zbarimg", "--quiet", "--raw", tmp_path / "banner.png").strip() == w.url


def test_a_rebuild_compiles_only_what_changed(content: Path, tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    first = build_posters(_winners(content, "dias-nurlanuly"), cache, ("a3",), workers=1)
    stamps = {path: pdf.stat().st_mtime_ns for path, pdf in first.items()}
    text = content / "profiles/2026/dias-nurlanuly/ru.md"
    old = text.read_text(encoding="utf-8")
    text.write_text("Новый первый абзац для плаката.\n\n" + old, encoding="utf-8")
    second = build_posters(_winners(content, "dias-nurlanuly"), cache, ("a3",), workers=1)
    changed = {path for path, pdf in second.items() if pdf != first[path]}
    assert changed == {"print/2026/dias-nurlanuly/dias-nurlanuly-a3-ru.pdf"}
    assert all(second[p].stat().st_mtime_ns == stamps[p] for p in second if p not in changed)
    assert "Новый первый абзац" in _run("pdftotext", second[next(iter(changed))], "-")


def test_the_excerpt_is_the_opening_cut_at_a_sentence() -> None:
    text = "<!-- note -->\n# Title\n\nFirst sentence here. " + "Second one is long. " * 30 + "\n\nNext."
    cut = opening(text, limit=60)
    assert cut == "First sentence here. Second one is long. Second one is long."
    assert opening("One " * 200, limit=40).endswith("…")


def test_an_editor_chosen_excerpt_wins(content: Path) -> None:
    path = content / "profiles/2026/dias-nurlanuly/profile.yml"
    path.write_text(path.read_text(encoding="utf-8") + "excerpt:\n  kk: Қысқа үзінді.\n"
                    "  ru: Короткая цитата.\n  en: A short excerpt.\n", encoding="utf-8")
    assert [w.excerpt for w in _winners(content, "dias-nurlanuly")] == [
        "Қысқа үзінді.", "Короткая цитата.", "A short excerpt."]
