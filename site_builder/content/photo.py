"""Checks on a profile's photo.jpg: its headers, then a fast decode at 1/8 scale (never a full one)."""

from __future__ import annotations

import warnings
from dataclasses import dataclass, replace
from pathlib import Path

from .wording import N_, Phrase

MIN_WIDTH, MIN_HEIGHT = 600, 800
# What to export when a photo is far too large: sharp on any screen, a few hundred kilobytes.
GOOD_WIDTH, GOOD_HEIGHT = 1200, 1600
# 50 megapixels decode to about 150 MB of RGB; anything larger is a camera original or a
# crafted "decompression bomb", and the site never needs more than a few megapixels.
MAX_PIXELS = 50_000_000
GPS_IFD = 0x8825

_SIGNATURES = {
    b"\x89PNG": N_("a PNG image"),
    b"GIF8": N_("a GIF image"),
    b"RIFF": N_("a WebP image"),
    b"%PDF": N_("a PDF document"),
    b"II*\x00": N_("a TIFF image"),
    b"MM\x00*": N_("a TIFF image"),
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
            return Phrase(name)
    if head[4:8] == b"ftyp":
        return Phrase(N_("a HEIC/HEIF photo (iPhone format)"))
    return Phrase(N_("not an image this tool recognises"))


def fix_hint(profile: str) -> str:
    """``top100 photo`` turns a phone's JPEG, PNG or HEIC into a photo.jpg that passes."""
    return Phrase(N_("or make one from the original (JPEG, PNG or HEIC) with: top100 photo SOURCE {profile}"),
                  profile=profile)


def inspect_photo(path: Path, profile: str = "PROFILE") -> list[PhotoIssue]:
    """Problems of the photo at ``path``; ``profile`` is the folder as the editor sees it."""
    fix = fix_hint(profile)
    return [
        issue if issue.rule in _NOT_FIXABLE else replace(issue, hint=Phrase("{hint}; {fix}", hint=issue.hint, fix=fix))
        for issue in _inspect(path)
    ]


# A file the system cannot read, or a photo too small to make a portrait from, needs a new
# original rather than a conversion.
_NOT_FIXABLE = frozenset({"photo.unreadable", "photo.too-small"})
SIZE = f"{MIN_WIDTH}×{MIN_HEIGHT}"
GOOD = f"{GOOD_WIDTH}×{GOOD_HEIGHT}"


def _inspect(path: Path) -> list[PhotoIssue]:
    # Pillow is in the `site` extra: the voting service loads the content model without it.
    from PIL import Image, UnidentifiedImageError

    export = Phrase(N_("export it from a photo editor as JPEG (RGB), at least {size} pixels"), size=SIZE)
    try:
        with path.open("rb") as handle:
            head = handle.read(12)
            handle.seek(-2, 2) if path.stat().st_size >= 2 else None
            tail = handle.read(2)
    except FileNotFoundError:
        return [PhotoIssue("photo.missing", Phrase(N_("photo.jpg is missing")),
                           Phrase(N_("add the student's portrait as photo.jpg (JPEG, at least {size} pixels)"),
                                  size=SIZE))]
    except OSError as exc:
        return [PhotoIssue("photo.unreadable", Phrase(N_("cannot be read ({reason})"), reason=exc.strerror),
                           Phrase(N_("check the file's permissions, or copy it again")))]
    if not head.startswith(b"\xff\xd8\xff"):
        return [PhotoIssue("photo.not-jpeg",
                           Phrase(N_("is not a JPEG file by its contents ({what})"), what=_what_is(head)), export)]
    try:
        with warnings.catch_warnings():
            # Pillow's own warnings about damaged EXIF are noise here: the issues say it.
            warnings.simplefilter("ignore")
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(path) as image:  # lazy: reads the headers, decodes no pixels
                width, height = image.size
                mode = image.mode
                exif = image.getexif()
                has_gps = bool(exif.get_ifd(GPS_IFD)) if exif else False
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        return [PhotoIssue("photo.too-large", Phrase(N_("declares an absurd size (a decompression bomb)")),
                           Phrase(N_("export the photo again at a normal size, about {size} pixels"), size=GOOD))]
    except (UnidentifiedImageError, OSError, SyntaxError) as exc:
        return [PhotoIssue("photo.broken", Phrase(N_("cannot be read as a JPEG ({reason})"), reason=str(exc)), export)]
    issues: list[PhotoIssue] = []
    if width * height > MAX_PIXELS:
        issues.append(PhotoIssue(
            "photo.too-large",
            Phrase(N_("is {size} pixels ({megapixels} megapixels), too large to process"),
                   size=f"{width}×{height}", megapixels=f"{width * height / 1e6:.0f}"),
            Phrase(N_("resize it to about {size} pixels before committing"), size=GOOD),
        ))
    if width < MIN_WIDTH or height < MIN_HEIGHT:
        issues.append(PhotoIssue(
            "photo.too-small", Phrase(N_("is {size} pixels, smaller than {minimum}"), size=f"{width}×{height}",
                                      minimum=SIZE),
            Phrase(N_("use a portrait photo at least {width} pixels wide and {height} pixels high"),
                   width=MIN_WIDTH, height=MIN_HEIGHT),
        ))
    if mode == "CMYK":
        issues.append(PhotoIssue(
            "photo.cmyk", Phrase(N_("uses CMYK colours (a print file); browsers show it wrongly")),
            Phrase(N_("export it again as an RGB (sRGB) JPEG")),
        ))
    if has_gps:
        issues.append(PhotoIssue(
            "photo.gps", Phrase(N_("carries GPS coordinates of where it was taken")),
            Phrase(N_("the site removes them, but the repository keeps them: export it again without location")),
            warning=True,
        ))
    if all(issue.warning for issue in issues):  # worth decoding only if nothing else is wrong
        issues.extend(_decode_issues(path, tail == b"\xff\xd9", export))
    return issues


def _decode_issues(path: Path, ends: bool, export: Phrase) -> list[PhotoIssue]:
    """Headers can be sound while the compressed pixels are cut off or damaged, and the site
    build would then fail on the photo. Decoding at 1/8 scale (the JPEG decoder skips most
    of the work) reads the whole stream for about a millisecond."""
    from PIL import Image  # the `site` extra, as in _inspect

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            with Image.open(path) as image:
                image.draft("RGB", (max(1, image.width // 8), max(1, image.height // 8)))
                image.load()
    except (OSError, SyntaxError, ValueError) as exc:
        if not ends or "truncated" in str(exc):
            return [PhotoIssue("photo.truncated", Phrase(N_("is cut off: the end of the image is missing")),
                               Phrase(N_("copy the photo again from the original, or export it again")))]
        return [PhotoIssue("photo.broken", Phrase(N_("cannot be decoded ({reason})"), reason=str(exc)), export)]
    return []
