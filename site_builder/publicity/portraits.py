"""Portraits at full resolution for print and press kits, with every bit of metadata left
behind (``images.to_srgb``), cached under the photo's content hash."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from PIL import Image

from ..site.images import digest_of, to_srgb
from ..site.parallel import run_all


def _strip(args: tuple[Path, Path]) -> None:
    source, out = args
    with Image.open(source) as original:
        clean = to_srgb(original)
    out.parent.mkdir(parents=True, exist_ok=True)
    partial = out.with_suffix(".part")
    clean.save(partial, "JPEG", quality=92, subsampling=0)
    partial.replace(out)


def print_photos(sources: Iterable[Path], cache: Path, workers: int | None = None) -> dict[Path, Path]:
    """``{photo.jpg: stripped full-resolution copy}``; only new or changed photos are redone."""
    result = {source: cache / f"{digest_of(source)}.jpg" for source in sources}
    # Two profiles may share a photo: one job per distinct content.
    todo = list({out: (source, out) for source, out in result.items() if not out.exists()}.values())
    run_all(_strip, todo, "print photos", "photo", workers)
    return result
