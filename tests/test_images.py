from __future__ import annotations

import os
from pathlib import Path

from PIL import Image

from site_builder.site.images import build_photos, media_files


def _photo_with_gps_and_rotation(path: Path) -> Path:
    exif = Image.Exif()
    exif[0x0112] = 6  # Orientation: the camera was turned; viewers rotate 90° clockwise
    exif[0x8825] = {1: "N", 2: (43.0, 15.0, 0.0), 3: "E", 4: (76.0, 55.0, 0.0)}
    exif[0x010F] = "PhoneMaker"
    Image.new("RGB", (1200, 900), (10, 120, 200)).save(path, "JPEG", exif=exif, quality=90)
    return path


def test_derivatives_are_upright_and_stripped(tmp_path: Path) -> None:
    source = _photo_with_gps_and_rotation(tmp_path / "photo.jpg")
    photos = build_photos({"2026/x": source}, tmp_path / "cache", workers=1)
    photo = photos["2026/x"]
    assert photo.widths == (240, 480)  # upright, it is 900 wide: no 960 derivative
    files = media_files(photos.values(), tmp_path / "cache")
    assert len(files) == 2 * len(photo.widths)
    for path in files.values():
        with Image.open(path) as image:
            width, height = image.size
            assert height > width  # the rotation was applied, not left to a tag
            assert not image.getexif()
            assert not {"exif", "icc_profile", "xmp", "comment"} & set(image.info)
        assert b"PhoneMaker" not in path.read_bytes()


def test_a_small_photo_is_never_upscaled(tmp_path: Path) -> None:
    source = tmp_path / "photo.jpg"
    Image.new("RGB", (600, 800), (200, 200, 200)).save(source, "JPEG")
    photo = build_photos({"p": source}, tmp_path / "cache", workers=1)["p"]
    assert photo.widths == (240, 480)
    assert photo.height(480) == 640


def test_unchanged_photos_are_not_encoded_again(tmp_path: Path) -> None:
    source = _photo_with_gps_and_rotation(tmp_path / "photo.jpg")
    cache = tmp_path / "cache"
    first = build_photos({"p": source}, cache, workers=1)["p"]
    stamps = {p: p.stat().st_mtime_ns for p in media_files([first], cache).values()}
    os.utime(source)  # touching the file changes nothing: the key is its content
    second = build_photos({"p": source}, cache, workers=1)["p"]
    assert second == first
    assert {p: p.stat().st_mtime_ns for p in media_files([second], cache).values()} == stamps
