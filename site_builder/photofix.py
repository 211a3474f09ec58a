"""Turn a photo from a phone into a profile's photo.jpg that passes the photo rules.

Reads JPEG, PNG and HEIC (iPhone), applies the EXIF orientation, converts the colours to
sRGB with the embedded profile (Display P3 and others), crops to the portrait ratio of the
photo rule around a focus point, scales down to a sensible size and writes a fresh JPEG
that carries no metadata at all (no EXIF, GPS, ICC profile, XMP or comment).
"""

from __future__ import annotations

import os
import tempfile
import warnings
from dataclasses import dataclass
from pathlib import Path

import pillow_heif
from PIL import Image, UnidentifiedImageError

from .content.photo import MIN_HEIGHT, MIN_WIDTH
from .content.profiles import PHOTO
from .content.wording import N_, Phrase
from .site.images import to_srgb

pillow_heif.register_heif_opener()

FORMATS = {"JPEG": "JPEG", "PNG": "PNG", "HEIF": "HEIC", "MPO": "JPEG"}  # MPO: JPEG with extras
SOURCE_SUFFIXES = {".jpg", ".jpeg", ".png", ".heic", ".heif"}
# Twice the rule's minimum: sharp on dense phone screens, small in the repository.
SCALE = 2
TARGET = (MIN_WIDTH * SCALE, MIN_HEIGHT * SCALE)
QUALITY = 88
FOCUS_WORDS = {
    "center": (0.5, 0.5),
    "centre": (0.5, 0.5),
    "top": (0.5, 0.0),
    "bottom": (0.5, 1.0),
    "left": (0.0, 0.5),
    "right": (1.0, 0.5),
}


class PhotoError(Exception):
    """A photo that cannot be made into a portrait; the message (a Phrase, which the command
    says in the editor's language) names it and says what to do."""


@dataclass(frozen=True)
class Fixed:
    target: Path
    source_size: tuple[int, int]
    size: tuple[int, int]
    source_format: str
    replaced: bool


def parse_focus(text: str) -> tuple[float, float]:
    """``top``, ``center``... or ``X,Y`` (fractions of the width and height, 0 to 1)."""
    word = FOCUS_WORDS.get(text.strip().lower())
    if word is not None:
        return word
    try:
        x, y = (float(part) for part in text.split(","))
    except ValueError:
        raise PhotoError(Phrase(
            N_("focus '{text}' is not understood; use {words} or X,Y such as 0.5,0.3"),
            text=text, words=", ".join(FOCUS_WORDS),
        )) from None
    if not (0 <= x <= 1 and 0 <= y <= 1):
        raise PhotoError(Phrase(
            N_("focus '{text}' is outside the photo; X and Y go from 0 to 1, e.g. 0.5,0.3"), text=text
        ))
    return x, y


def crop_box(size: tuple[int, int], focus: tuple[float, float]) -> tuple[int, int, int, int]:
    """The largest box of the rule's portrait ratio, centred on ``focus`` as far as the
    photo's edges allow."""
    width, height = size
    if width * MIN_HEIGHT > height * MIN_WIDTH:  # wider than the ratio: cut the sides
        box_w, box_h = height * MIN_WIDTH // MIN_HEIGHT, height
    else:
        box_w, box_h = width, width * MIN_HEIGHT // MIN_WIDTH
    left = min(max(round(focus[0] * width - box_w / 2), 0), width - box_w)
    top = min(max(round(focus[1] * height - box_h / 2), 0), height - box_h)
    return left, top, left + box_w, top + box_h


def _open(source: Path) -> Image.Image:
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            image = Image.open(source)
            kind = image.format or "unknown"
            if kind not in FORMATS:
                image.close()
                raise PhotoError(Phrase(N_("{source}: is a {kind} image; export it as JPEG, PNG or HEIC"),
                                        source=source, kind=kind))
            image.load()
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise PhotoError(Phrase(
            N_("{source}: declares an absurd size (a decompression bomb, or a panorama of hundreds of "
               "megapixels); export it again at the phone's normal size"), source=source
        )) from None
    except UnidentifiedImageError:
        raise PhotoError(Phrase(
            N_("{source}: is not a photo this tool can read; use a JPEG, PNG or HEIC file"), source=source
        )) from None
    except FileNotFoundError:
        raise PhotoError(Phrase(N_("{source}: no such file; check the path"), source=source)) from None
    except IsADirectoryError:
        raise PhotoError(Phrase(N_("{source}: is a folder; give a photo file"), source=source)) from None
    except PermissionError:
        raise PhotoError(Phrase(N_("{source}: cannot be read (permission denied)"), source=source)) from None
    except (OSError, SyntaxError, ValueError) as exc:
        raise PhotoError(Phrase(
            N_("{source}: is damaged and cannot be read ({reason}); copy it from the phone again"),
            source=source, reason=str(exc),
        )) from None
    return image


def portrait(image: Image.Image, focus: tuple[float, float], source: Path) -> Image.Image:
    """Orientation, sRGB and no metadata; then the crop and the size."""
    clean = to_srgb(image)
    box = crop_box(clean.size, focus)
    width, height = box[2] - box[0], box[3] - box[1]
    if width < MIN_WIDTH or height < MIN_HEIGHT:
        raise PhotoError(Phrase(
            N_("{source}: is {size} pixels, and the portrait cut from it is only {cut}; the site needs at "
               "least {minimum}. Use the original photo from the phone, not a thumbnail or a copy sent "
               "through a messenger"),
            source=source, size=f"{clean.width}×{clean.height}", cut=f"{width}×{height}",
            minimum=f"{MIN_WIDTH}×{MIN_HEIGHT}",
        ))
    size = (min(width, TARGET[0]), min(height, TARGET[1]))
    return clean.resize(size, Image.Resampling.LANCZOS, box=box)


def fix_photo(source: Path, profile: Path, focus: tuple[float, float] = (0.5, 0.5)) -> Fixed:
    """Write ``profile/photo.jpg`` from ``source``; nothing is changed when this fails."""
    if not (profile / "profile.yml").is_file():
        raise PhotoError(Phrase(
            N_("{profile}: is not a profile folder (it has no profile.yml); "
               "create it with `top100 new profile` or check the path"), profile=profile
        ))
    with _open(source) as image:
        kind, size = FORMATS[image.format or ""], image.size
        result = portrait(image, focus, source)
    target = profile / PHOTO
    replaced = target.exists()
    # Written beside the target and moved over it: an interrupted run leaves the old photo whole.
    handle, temporary = tempfile.mkstemp(prefix=".photo-", suffix=".jpg", dir=profile)
    try:
        with os.fdopen(handle, "wb") as out:
            result.save(out, "JPEG", quality=QUALITY, optimize=True, progressive=True)
        os.replace(temporary, target)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    return Fixed(target, size, result.size, kind, replaced)


def batch_pairs(folder: Path, profiles: Path) -> tuple[list[tuple[Path, Path]], list[str]]:
    """Photos in ``folder`` named after profile folders in ``profiles``:
    ``aruzhan-serikkyzy.heic`` goes to ``profiles/aruzhan-serikkyzy/photo.jpg``."""
    pairs: list[tuple[Path, Path]] = []
    problems: list[str] = []
    for source in sorted(p for p in folder.iterdir() if p.is_file() and not p.name.startswith(".")):
        if source.suffix.lower() not in SOURCE_SUFFIXES:
            problems.append(Phrase(N_("{source}: skipped, not a JPEG, PNG or HEIC file"), source=source))
            continue
        profile = profiles / source.stem
        if not profile.is_dir():
            problems.append(Phrase(
                N_("{source}: no profile folder '{profile}'; name the photo after the student's folder"),
                source=source, profile=profile,
            ))
            continue
        pairs.append((source, profile))
    return pairs, problems
