"""1200×630 share cards (og:image) per profile, and for the home, region and vote pages, per
language, drawn with the DejaVu fonts shipped in site_builder/fonts (they have every Kazakh
letter)."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from PIL import Image, ImageDraw, ImageFont, ImageOps

from .parallel import run_all
from .plan import SitePlan
from .strings import t

FONTS = Path(__file__).resolve().parent.parent / "fonts"
SIZE = (1200, 630)
VERSION = "card-2"
ACCENT, INK, MUTED, PAPER = (0, 105, 120), (24, 32, 40), (80, 92, 104), (247, 249, 250)


@dataclass(frozen=True)
class CardSpec:
    photo: Path | None  # a cached derivative, already stripped and upright; None: the "100" mark
    brand: str
    name: str
    lines: tuple[str, ...]  # college, region, programme...
    footer: str

    def key(self) -> str:
        text = "\x1f".join((VERSION, str(self.photo), self.brand, self.name, *self.lines, self.footer))
        return hashlib.sha256(text.encode()).hexdigest()[:24]


def _font(bold: bool, size: int) -> ImageFont.FreeTypeFont:
    return ImageFont.truetype(str(FONTS / ("DejaVuSans-Bold.ttf" if bold else "DejaVuSans.ttf")), size)


def _wrap(
    draw: ImageDraw.ImageDraw, text: str, font: ImageFont.FreeTypeFont, width: int, max_lines: int
) -> list[str]:
    lines: list[str] = []
    for word in text.split():
        if lines and draw.textlength(f"{lines[-1]} {word}", font=font) <= width:
            lines[-1] = f"{lines[-1]} {word}"
        else:
            lines.append(word)
    if len(lines) > max_lines:
        lines = lines[:max_lines]
        lines[-1] = lines[-1].rstrip(",.;") + "…"
    return lines


def draw_card(spec: CardSpec, out: Path) -> None:
    card = Image.new("RGB", SIZE, PAPER)
    draw = ImageDraw.Draw(card)
    if spec.photo is None:
        draw.rectangle([0, 0, 472, 630], fill=ACCENT)
        draw.text((236, 315), "100", font=_font(True, 200), fill=PAPER, anchor="mm")
    else:
        with Image.open(spec.photo) as photo:
            portrait = ImageOps.fit(
                photo.convert("RGB"), (472, 630), Image.Resampling.LANCZOS, centering=(0.5, 0.35)
            )
        card.paste(portrait, (0, 0))
    draw.rectangle([472, 0, 484, 630], fill=ACCENT)
    x, width, y = 532, 620, 56
    brand = _font(True, 28)
    for line in _wrap(draw, spec.brand.upper(), brand, width, 2):
        draw.text((x, y), line, font=brand, fill=ACCENT)
        y += 38
    y += 22
    name = _font(True, 56 if len(spec.name) < 40 else 46)
    for line in _wrap(draw, spec.name, name, width, 3):
        draw.text((x, y), line, font=name, fill=INK)
        y += 68
    y += 18
    body = _font(False, 30)
    for text in spec.lines:
        for line in _wrap(draw, text, body, width, 2 if spec.photo else 3):
            if y > 540:
                break
            draw.text((x, y), line, font=body, fill=MUTED)
            y += 40
        y += 10
    draw.text((x, 572), spec.footer, font=_font(True, 26), fill=ACCENT)
    out.parent.mkdir(parents=True, exist_ok=True)
    card.save(out, "JPEG", quality=85, optimize=True)


def _job(args: tuple[CardSpec, Path]) -> None:
    draw_card(*args)


def build_cards(specs: dict[str, CardSpec], cache: Path, workers: int | None = None) -> dict[str, Path]:
    """``{published path: cached card}``; only cards whose inputs changed are drawn."""
    result = {path: cache / f"{spec.key()}.jpg" for path, spec in specs.items()}
    todo = [(spec, result[path]) for path, spec in specs.items() if not result[path].exists()]
    run_all(_job, todo, "share cards", "card", workers, chunksize=8)
    return result


def card_specs(plan: SitePlan, images: Path) -> dict[str, CardSpec]:
    """The share card of every page that has one: home, region and vote pages, and profiles."""
    specs = {}
    for page in plan.pages:
        data: dict[str, Any] = page.data
        photo = data.get("photo")
        if "card" in data:  # home, region and vote pages: no portrait
            card = data["card"]
            brand = t(page.lang, "site_name")
            brand = "" if brand == card["title"] else brand
            specs[data["card_image"]] = CardSpec(
                None, brand, card["title"], tuple(card["lines"]), card["footer"]
            )
        if page.template != "profile.html" or photo is None:
            continue
        lines = [data["college"], data["region_name"], *(title for _, title in data["programs"][:1])]
        specs[data["card_image"]] = CardSpec(
            images / photo.digest / f"{photo.widths[-1]}.jpg",
            t(page.lang, "site_name"),
            data["name"],
            tuple(lines),
            f"{data['stage_name']} · {data['year']}",
        )
    return specs
