"""Checks on a profile's photo.jpg that read its headers only, never the whole image."""

from __future__ import annotations

import warnings
from dataclasses import dataclass
from pathlib import Path

MIN_WIDTH, MIN_HEIGHT = 600, 800
# 50 megapixels decode to about 150 MB of RGB; anything larger is a camera original or a
# crafted "decompression bomb", and the site never needs more than a few megapixels.
MAX_PIXELS = 50_000_000
GPS_IFD = 0x8825

_SIGNATURES = {
    b"\x89PNG": "a PNG image",
    b"GIF8": "a GIF image",
    b"RIFF": "a WebP image",
    b"%PDF": "a PDF document",
    b"II*\x00": "a TIFF image",
    b"MM\x00*": "a TIFF image",
}


@dataclass(frozen=True)
class PhotoIssue:
    rule: str
    message: str
    hint: str
    warning: bool = False


def _what_is(head: bytes) -> str:
    for signature, name in _SIGNATURES.items():
        if head.startswith(signature):
            return name
    if head[4:8] == b"ftyp":
        return "a HEIC/HEIF photo (iPhone format)"
    return "not an image this tool recognises"


def inspect_photo(path: Path) -> list[PhotoIssue]:
    # Pillow is in the `site` extra: the voting service loads the content model without it.
    from PIL import Image, UnidentifiedImageError

    export = "export it from a photo editor as JPEG (RGB), at least 600×800 pixels"
    try:
        with path.open("rb") as handle:
            head = handle.read(12)
            handle.seek(-2, 2) if path.stat().st_size >= 2 else None
            tail = handle.read(2)
    except FileNotFoundError:
        return [PhotoIssue("photo.missing", "photo.jpg is missing",
                           "add the student's portrait as photo.jpg (JPEG, at least 600×800 pixels)")]
    except OSError as exc:
        return [PhotoIssue("photo.unreadable", f"cannot be read ({exc.strerror})",
                           "check the file's permissions, or copy it again")]
    if not head.startswith(b"\xff\xd8\xff"):
        return [PhotoIssue("photo.not-jpeg", f"is not a JPEG file by its contents ({_what_is(head)})",
                           export)]
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(path) as image:  # lazy: reads the headers, decodes no pixels
                width, height = image.size
                mode = image.mode
                exif = image.getexif()
                has_gps = bool(exif.get_ifd(GPS_IFD)) if exif else False
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        return [PhotoIssue("photo.too-large", "declares an absurd size (a decompression bomb)",
                           "export the photo again at a normal size, about 1200×1600 pixels")]
    except (UnidentifiedImageError, OSError, SyntaxError) as exc:
        return [PhotoIssue("photo.broken", f"cannot be read as a JPEG ({exc})", export)]
    issues: list[PhotoIssue] = []
    if width * height > MAX_PIXELS:
        issues.append(PhotoIssue(
            "photo.too-large",
            f"is {width}×{height} pixels ({width * height / 1e6:.0f} megapixels), too large to process",
            "resize it to about 1200×1600 pixels before committing",
        ))
    if width < MIN_WIDTH or height < MIN_HEIGHT:
        issues.append(PhotoIssue(
            "photo.too-small", f"is {width}×{height} pixels, smaller than 600×800",
            "use a portrait photo at least 600 pixels wide and 800 pixels high",
        ))
    if mode == "CMYK":
        issues.append(PhotoIssue(
            "photo.cmyk", "uses CMYK colours (a print file); browsers show it wrongly",
            "export it again as an RGB (sRGB) JPEG",
        ))
    if has_gps:
        issues.append(PhotoIssue(
            "photo.gps", "carries GPS coordinates of where it was taken",
            "the site removes them, but the repository keeps them: export it again without location",
            warning=True,
        ))
    if tail != b"\xff\xd9":
        issues.append(PhotoIssue(
            "photo.truncated", "seems cut off (no JPEG end marker)",
            "copy or export the photo again", warning=True,
        ))
    return issues
