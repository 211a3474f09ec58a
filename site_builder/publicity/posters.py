"""Print-ready PDFs per winner and language: an A3 poster and an 85×200 cm roll-up banner,
typeset by Typst (poster.typ) with the DejaVu fonts embedded, 3 mm bleed and crop marks.

Each PDF is cached under a key made of everything it shows (texts, the photo's content hash,
the layout and the template), so a rebuild compiles only the posters whose inputs changed;
the work is spread over all cores with a progress bar (``parallel.run_all``).
"""

from __future__ import annotations

import hashlib
import io
import json
from collections.abc import Mapping
from dataclasses import asdict, dataclass
from functools import cache
from pathlib import Path
from typing import Any

import segno
import typst

from ..site.parallel import run_all
from ..site.sharecards import FONTS
from ..site.strings import t
from .portraits import print_photos
from .winners import Winner

TEMPLATE = Path(__file__).with_name("poster.typ")
VERSION = "print-1"
BLEED_MM = 3.0
DPI = 150  # the least resolution a portrait may print at


@dataclass(frozen=True)
class Layout:
    """Millimetres on the trimmed sheet; the template scales nothing on its own."""

    trim: tuple[float, float]
    portrait: tuple[float, float]
    margin: float
    band: float
    footer: float
    gap: float
    qr: float
    brand_size: float
    name_size: float
    text_size: float
    other_size: float
    excerpt_size: float

    def pixels_needed(self) -> tuple[int, int]:
        """Pixels the portrait needs to print at ``DPI``."""
        width, height = self.portrait
        return round(width / 25.4 * DPI), round(height / 25.4 * DPI)


FORMATS: dict[str, Layout] = {
    "a3": Layout(
        trim=(297, 420), portrait=(120, 160), margin=15, band=30, footer=12, gap=6, qr=42,
        brand_size=7, name_size=16, text_size=6.2, other_size=5, excerpt_size=6,
    ),
    # Read from a few metres away: a larger portrait, and text about four times the poster's.
    "banner": Layout(
        trim=(850, 2000), portrait=(480, 640), margin=45, band=110, footer=45, gap=24, qr=170,
        brand_size=24, name_size=70, text_size=26, other_size=20, excerpt_size=28,
    ),
}
BANNER = FORMATS["banner"]


def qr_svg(url: str) -> str:
    buffer = io.BytesIO()
    segno.make(url, error="m").save(buffer, kind="svg", border=4, light="white", xmldecl=False)
    return buffer.getvalue().decode()


def poster_data(w: Winner, fmt: str, photo: Path) -> dict[str, Any]:
    layout = FORMATS[fmt]
    return {
        **asdict(layout),
        "bleed": BLEED_MM,
        "lang": w.lang,
        "title": f"{w.name} — {w.brand}",
        "brand": w.brand,
        "name": w.name,
        "others": [n for n in w.names if n != w.name],
        "stage": w.stage_name,
        "year": w.year,
        "college": w.college,
        "region": w.region_name,
        "categories": list(w.categories),
        "excerpt": w.excerpt,
        "read_more": t(w.lang, "poster_read_more"),
        "footer_text": t(w.lang, "poster_footer"),
        "url": w.url,  # the QR code is drawn from it when the poster is compiled
        "photo": str(photo.resolve()),
    }


@dataclass(frozen=True)
class PosterJob:
    data: str  # JSON for poster.typ
    out: Path


def published_path(w: Winner, fmt: str) -> str:
    return f"print/{w.year}/{w.slug}/{w.slug}-{fmt}-{w.lang}.pdf"


@cache
def _compiler() -> typst.Compiler:
    # One per process: loading the fonts once saves most of a poster's time.
    return typst.Compiler(str(TEMPLATE), root="/", font_paths=[str(FONTS)], ignore_system_fonts=True)


def compile_poster(job: PosterJob) -> None:
    job.out.parent.mkdir(parents=True, exist_ok=True)
    data = json.loads(job.data)
    data["qr_svg"] = qr_svg(data["url"])  # here, in the worker: encoding is most of a cached rebuild
    pdf = _compiler().compile(format="pdf", sys_inputs={"data": json.dumps(data)})
    assert isinstance(pdf, bytes)
    partial = job.out.with_suffix(".part")
    partial.write_bytes(pdf)
    partial.replace(job.out)  # an interrupted build never leaves half a PDF in the cache


def build_posters(
    winners: list[Winner],
    cache: Path,
    formats: tuple[str, ...] = tuple(FORMATS),
    workers: int | None = None,
    photos: Mapping[Path, Path] | None = None,
) -> dict[str, Path]:
    """``{published path: cached PDF}`` for every winner and format; ``photos`` are the
    stripped portraits when the caller has them already (``print_photos``)."""
    if photos is None:
        photos = print_photos({w.photo for w in winners}, cache / "print-photos", workers)
    template = hashlib.sha256(VERSION.encode() + TEMPLATE.read_bytes()).hexdigest()
    result: dict[str, Path] = {}
    todo: list[PosterJob] = []
    for w in winners:
        for fmt in formats:
            photo = photos[w.photo]
            data = poster_data(w, fmt, photo)
            key = hashlib.sha256((template + json.dumps(data, sort_keys=True)).encode()).hexdigest()[:24]
            out = cache / "print" / f"{key}.pdf"
            result[published_path(w, fmt)] = out
            if not out.exists():
                todo.append(PosterJob(json.dumps(data), out))
    run_all(compile_poster, todo, "posters", "pdf", workers, chunksize=4)
    return result
