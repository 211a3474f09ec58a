"""Press kits: every member is there, and no image in a kit carries metadata, even when the
committed photo has GPS coordinates, a colour profile and a comment."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

from PIL import Image, ImageCms

from site_builder.content import load_content
from site_builder.publicity.portraits import print_photos
from site_builder.publicity.posters import build_posters
from site_builder.publicity.presskit import build_press_kits, press_kits
from site_builder.publicity.winners import all_winners

SITE = "https://top100.example.kz/"
GPS_IFD = 0x8825


def _photo_with_metadata(path: Path) -> None:
    with Image.open(path) as image:
        exif = image.getexif()
        exif[0x010F] = "PhoneMaker"  # camera make
        exif[GPS_IFD] = {1: "N", 2: (43.0, 15.0, 0.0), 3: "E", 4: (76.0, 54.0, 0.0)}
        icc = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()
        image.save(path, "JPEG", exif=exif, comment=b"taken at home", icc_profile=icc)


def assert_no_metadata(name: str, data: bytes) -> None:
    # In a poster too: the portrait embedded in the PDF is the stripped copy.
    assert b"Exif\x00\x00" not in data and b"PhoneMaker" not in data, name
    assert b"taken at home" not in data and b"GPS" not in data, name
    if name.endswith(".jpg"):
        assert b"http://ns.adobe.com/xap/" not in data, name
        with Image.open(io.BytesIO(data)) as image:
            assert not image.getexif(), name
            assert "icc_profile" not in image.info and "comment" not in image.info, name


def test_a_region_kit_holds_release_texts_portraits_posters_and_no_metadata(
    content: Path, tmp_path: Path
) -> None:
    photo = content / "profiles/2026/aruzhan-serikkyzy/photo.jpg"
    _photo_with_metadata(photo)
    assert b"PhoneMaker" in photo.read_bytes()
    loaded, _ = load_content(content, deep=False)
    winners = [w for w in all_winners(loaded, SITE) if w.year == 2026 and w.region == "KZ-75"]
    cache = tmp_path / "cache"
    posters = build_posters(winners, cache, ("a3",), workers=1)
    portraits = print_photos({w.photo for w in winners}, cache / "print-photos", workers=1)
    [kit] = press_kits(winners, SITE, portraits, posters, None)
    made = build_press_kits([kit], cache, workers=1)
    archive = zipfile.ZipFile(made["presskits/2026/kz-75.zip"])
    names = archive.namelist()
    slugs = sorted({w.slug for w in winners})
    assert names[:3] == ["press-release-kk.txt", "press-release-ru.txt", "press-release-en.txt"]
    for slug in slugs:
        assert {f"{slug}/portrait.jpg", f"{slug}/text-ru.md", f"{slug}/poster-a3-en.pdf"} <= set(names)
    for name in names:
        assert_no_metadata(name, archive.read(name))
    portrait = io.BytesIO(archive.read("aruzhan-serikkyzy/portrait.jpg"))
    with Image.open(portrait) as copy, Image.open(photo) as original:
        assert copy.size == original.size  # full resolution
    release = archive.read("press-release-ru.txt").decode()
    assert release.startswith("Город Алматы:") and f"{SITE}ru/regions/kz-75/" in release
    assert all(w.name in release and w.url in release for w in winners if w.lang == "ru")
    assert "Аружан Серікқызы" in archive.read("press-release-kk.txt").decode()


def test_a_kit_is_rewritten_only_when_a_member_changed(content: Path, tmp_path: Path) -> None:
    loaded, _ = load_content(content, deep=False)
    winners = [w for w in all_winners(loaded, SITE) if w.year == 2026]
    cache = tmp_path / "cache"
    portraits = print_photos({w.photo for w in winners}, cache / "print-photos", workers=1)
    kits = press_kits(winners, SITE, portraits, {}, None)
    first = build_press_kits(kits, cache, workers=1)
    stamps = {path: zipped.stat().st_mtime_ns for path, zipped in first.items()}
    text = content / "profiles/2026/dias-nurlanuly/en.md"
    text.write_text(text.read_text(encoding="utf-8") + "\nOne more line.\n", encoding="utf-8")
    loaded, _ = load_content(content, deep=False)
    again = press_kits([w for w in all_winners(loaded, SITE) if w.year == 2026], SITE, portraits, {}, None)
    second = build_press_kits(again, cache, workers=1)
    assert {p for p in second if second[p] != first[p]} == {"presskits/2026/kz-75.zip"}
    assert all(second[p].stat().st_mtime_ns == stamps[p] for p in second if p != "presskits/2026/kz-75.zip")
