"""Illustrated portraits drawn from a seed: licence-clean photos for demo and synthetic profiles.

python -m benchmarks.portraits content/profiles/2026/aruzhan-serikkyzy/photo.jpg --seed aruzhan --style f
"""

from __future__ import annotations

import argparse
import hashlib
import random
from pathlib import Path

from PIL import Image, ImageDraw, ImageFilter, ImageFont

WIDTH, HEIGHT = 900, 1200
SKIN = [(241, 204, 170), (224, 180, 140), (198, 150, 112), (233, 193, 160), (210, 165, 125)]
HAIR = [(30, 24, 22), (52, 36, 28), (74, 50, 34), (20, 20, 24)]
CLOTHES = [(31, 78, 121), (128, 38, 52), (36, 105, 92), (88, 62, 130), (190, 120, 40), (60, 60, 66)]
BACKDROPS = [
    ((224, 236, 244), (170, 200, 226)),
    ((246, 232, 214), (226, 190, 150)),
    ((226, 240, 228), (160, 206, 176)),
    ((238, 230, 246), (190, 172, 220)),
]


def draw_portrait(seed: str, style: str = "f", label: str = "DEMO") -> Image.Image:
    rng = random.Random(hashlib.sha256(seed.encode()).digest())
    top, bottom = rng.choice(BACKDROPS)
    image = Image.new("RGB", (WIDTH, HEIGHT))
    draw = ImageDraw.Draw(image)
    for y in range(HEIGHT):
        t = y / HEIGHT
        shade = tuple(int(a + (b - a) * t) for a, b in zip(top, bottom, strict=True))
        draw.line([(0, y), (WIDTH, y)], fill=shade)
    skin, hair, cloth = rng.choice(SKIN), rng.choice(HAIR), rng.choice(CLOTHES)
    cx, cy = WIDTH // 2 + rng.randint(-20, 20), 520 + rng.randint(-20, 20)
    if style == "f":  # long hair falls behind the shoulders
        draw.rounded_rectangle([cx - 230, cy - 250, cx + 230, cy + 330], radius=180, fill=hair)
    draw.ellipse([cx - 330, 880, cx + 330, 1400], fill=cloth)  # shoulders
    collar = tuple(min(255, c + 40) for c in cloth)
    draw.polygon([(cx - 90, 880), (cx, 990), (cx + 90, 880)], fill=collar)
    draw.rectangle([cx - 60, cy + 180, cx + 60, 900], fill=skin)  # neck
    draw.ellipse([cx - 180, cy - 230, cx + 180, cy + 250], fill=skin)  # face
    if style == "f":
        draw.chord([cx - 195, cy - 260, cx + 195, cy + 60], 180, 360, fill=hair)
    else:
        draw.chord([cx - 190, cy - 255, cx + 190, cy - 10], 180, 360, fill=hair)
        draw.rectangle([cx - 190, cy - 135, cx - 165, cy - 20], fill=hair)
        draw.rectangle([cx + 165, cy - 135, cx + 190, cy - 20], fill=hair)
    eye_y = cy + rng.randint(10, 30)
    for dx in (-70, 70):
        draw.ellipse([cx + dx - 18, eye_y - 12, cx + dx + 18, eye_y + 12], fill=(40, 32, 30))
        draw.arc([cx + dx - 40, eye_y - 50, cx + dx + 40, eye_y - 10], 200, 340, fill=hair, width=9)
    draw.arc([cx - 70, cy + 60, cx + 70, cy + 150], 20, 160, fill=(150, 70, 70), width=9)
    image = image.filter(ImageFilter.SMOOTH)
    if label:
        font = ImageFont.load_default(size=44)
        ImageDraw.Draw(image).text(
            (30, 24), label, fill=(255, 255, 255), font=font, stroke_width=3, stroke_fill=(60, 60, 60)
        )
    return image


def save_portrait(path: Path, seed: str, style: str = "f", label: str = "DEMO", quality: int = 85) -> None:
    draw_portrait(seed, style, label).save(path, "JPEG", quality=quality, optimize=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("path", type=Path)
    parser.add_argument("--seed", required=True)
    parser.add_argument("--style", choices=["f", "m"], default="f")
    args = parser.parse_args()
    save_portrait(args.path, args.seed, args.style)


if __name__ == "__main__":
    main()
