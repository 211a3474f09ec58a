"""Published derivatives of each photo.jpg: WebP and JPEG at several widths, with the
orientation applied and every bit of metadata (EXIF, GPS, ICC, XMP, comments) left behind.

Derivatives live in a cache keyed by the photo's content hash, so a rebuild re-encodes
only photos that changed; the work is spread over all cores with a progress bar (``parallel.run_all``).
"""

from __future__ import annotations

import hashlib
import io
import json
from collections.abc import Iterable, Mapping
from pathlib import Path

from PIL import Image, ImageCms, ImageOps

from .model import PhotoSet
from .parallel import run_all

WIDTHS = (240, 480, 960)
# Part of every cache key: change it when the encoding below changes.
VERSION = "img-1"


def digest_of(path: Path) -> str:
    return hashlib.sha256(VERSION.encode() + path.read_bytes()).hexdigest()[:20]


def to_srgb(image: Image.Image, background: tuple[int, int, int] = (255, 255, 255)) -> Image.Image:
    """Apply orientation and colour profile, then drop everything but the pixels: a new RGB
    image with no EXIF, GPS, ICC, XMP or comment. Transparency is laid on ``background``."""
    image = ImageOps.exif_transpose(image) or image
    icc = image.info.get("icc_profile")
    if image.mode in {"RGBA", "LA", "PA"} or (image.mode == "P" and "transparency" in image.info):
        rgba = image.convert("RGBA")
        flat = Image.new("RGBA", rgba.size, (*background, 255))
        flat.alpha_composite(rgba)
        image = flat.convert("RGB")
    if icc and image.mode in {"RGB", "CMYK"}:
        try:
            source = ImageCms.ImageCmsProfile(io.BytesIO(icc))
            converted = ImageCms.profileToProfile(
                image, source, ImageCms.createProfile("sRGB"), outputMode="RGB"
            )
            image = converted or image
        except (ImageCms.PyCMSError, OSError):
            pass  # a broken profile: keep the pixels as they are
    clean = Image.new("RGB", image.size)
    clean.paste(image.convert("RGB"))  # a fresh image carries no info dict at all
    return clean


def make_derivatives(source: Path, folder: Path, widths: Iterable[int] = WIDTHS) -> dict[str, object]:
    folder.mkdir(parents=True, exist_ok=True)
    with Image.open(source) as original:
        image = to_srgb(original)
    width, height = image.size
    made = []
    smallest = min(widths)
    for target in sorted(widths, reverse=True):
        if target > width and target != smallest:
            continue  # never upscale; the smallest size is always made
        size = (target, round(height * target / width))
        resized = image.resize(size, Image.Resampling.LANCZOS)
        resized.save(folder / f"{target}.webp", "WEBP", quality=80, method=4)
        resized.save(folder / f"{target}.jpg", "JPEG", quality=82, optimize=True, progressive=True)
        made.append(target)
    meta = {"widths": sorted(made), "ratio": height / width}
    (folder / "meta.json").write_text(json.dumps(meta), encoding="utf-8")
    return meta


def _job(args: tuple[Path, Path]) -> None:
    make_derivatives(*args)


def build_photos(photos: Mapping[str, Path], cache: Path, workers: int | None = None) -> dict[str, PhotoSet]:
    """Derivatives for ``{profile id: photo.jpg}``; returns ``{profile id: PhotoSet}``."""
    digests = {key: digest_of(path) for key, path in photos.items() if path.exists()}
    todo = {
        digests[key]: path
        for key, path in photos.items()
        if key in digests and not (cache / digests[key] / "meta.json").exists()
    }
    run_all(_job, [(path, cache / digest) for digest, path in todo.items()], "photos", "photo", workers)
    result = {}
    for key, digest in digests.items():
        meta = json.loads((cache / digest / "meta.json").read_text(encoding="utf-8"))
        result[key] = PhotoSet(digest, tuple(meta["widths"]), meta["ratio"])
    return result


def media_files(photos: Iterable[PhotoSet], cache: Path) -> dict[str, Path]:
    """``{published path: cached file}`` for every derivative."""
    files = {}
    for photo in photos:
        for width in photo.widths:
            for ext in ("webp", "jpg"):
                files[f"media/{photo.digest}/{width}.{ext}"] = cache / photo.digest / f"{width}.{ext}"
    return files
