"""`top100 photo`: phone photos made with Pillow (rotated by EXIF, Display P3, GPS, PNG with
alpha, HEIC, oversized) become a photo.jpg whose bytes are upright, sRGB, metadata-free,
of the right size, and pass `top100 check`."""

from __future__ import annotations

import io
import struct
import subprocess
import sys
from pathlib import Path
from typing import Any

import pillow_heif
import pytest
from click.testing import CliRunner
from PIL import Image

from site_builder.cli import cli
from site_builder.content.photo import MIN_HEIGHT, MIN_WIDTH
from site_builder.photofix import TARGET, crop_box, parse_focus

PROFILE = Path("content/profiles/2026/aruzhan-serikkyzy")
ORIENTATION, GPS_IFD = 0x0112, 0x8825
RED, BLUE, GREEN = (230, 20, 20), (20, 20, 230), (20, 200, 20)


def display_p3() -> bytes:
    """A Display P3 ICC profile (v2 matrix/TRC, D50-adapted primaries, gamma 2.2)."""

    def s15(*values: float) -> bytes:
        return b"".join(struct.pack(">i", round(v * 65536)) for v in values)

    xyz = {
        b"wtpt": (0.9642, 1.0, 0.8249),
        b"rXYZ": (0.5151, 0.2412, -0.0011),
        b"gXYZ": (0.2920, 0.6922, 0.0419),
        b"bXYZ": (0.1571, 0.0666, 0.7841),
    }
    text = b"Display P3 (test)\x00"
    tags: list[tuple[bytes, bytes]] = [
        (b"desc", b"desc" + bytes(4) + struct.pack(">I", len(text)) + text + bytes(4 + 4 + 2 + 1 + 67)),
        (b"cprt", b"text" + bytes(4) + b"none\x00\x00\x00\x00"),
        *((sig, b"XYZ " + bytes(4) + s15(*value)) for sig, value in xyz.items()),
    ]
    curve = b"curv" + bytes(4) + struct.pack(">IH", 1, round(2.2 * 256)) + bytes(2)
    tags += [(b"rTRC", curve), (b"gTRC", curve), (b"bTRC", curve)]
    offset = 128 + 4 + 12 * len(tags)
    table, data = b"", b""
    for sig, body in tags:
        table += sig + struct.pack(">II", offset + len(data), len(body))
        data += body + bytes(-len(body) % 4)
    size = offset + len(data)
    header = (
        struct.pack(">I", size) + bytes(4) + struct.pack(">I", 0x02100000) + b"mntrRGB XYZ "
        + struct.pack(">6H", 2026, 1, 1, 0, 0, 0) + b"acsp" + bytes(24) + bytes(4)
        + s15(0.9642, 1.0, 0.8249) + bytes(4) + bytes(16) + bytes(28)
    )  # fmt: skip
    assert len(header) == 128
    return header + struct.pack(">I", len(tags)) + table + data


def halves(size: tuple[int, int], first: tuple[int, int, int], second: tuple[int, int, int]) -> Image.Image:
    """Left half ``first``, right half ``second``."""
    image = Image.new("RGB", size, second)
    image.paste(first, (0, 0, size[0] // 2, size[1]))
    return image


def phone_jpeg(path: Path, image: Image.Image, orientation: int = 1, icc: bytes | None = None) -> Path:
    exif = Image.Exif()
    exif[ORIENTATION] = orientation
    exif[0x010F] = "PhoneMaker"  # Make
    exif.get_ifd(GPS_IFD).update({1: "N", 2: (43.0, 15.0, 0.0), 3: "E", 4: (76.0, 53.0, 0.0)})
    extra: dict[str, Any] = {"icc_profile": icc} if icc else {}
    image.save(path, "JPEG", quality=95, exif=exif, **extra)
    return path


def app_segments(data: bytes) -> list[int]:
    """The JPEG's APPn markers (0xE0-0xEF) and COM markers before the image data."""
    markers, pos = [], 2
    while pos < len(data) and data[pos] == 0xFF:
        marker = data[pos + 1]
        if marker == 0xDA:  # start of scan
            break
        length = struct.unpack(">H", data[pos + 2 : pos + 4])[0]
        if 0xE0 <= marker <= 0xEF or marker == 0xFE:
            markers.append(marker)
        pos += 2 + length
    return markers


def assert_clean(path: Path) -> Image.Image:
    data = path.read_bytes()
    assert data[:3] == b"\xff\xd8\xff" and data[-2:] == b"\xff\xd9"
    assert app_segments(data) == [0xE0]  # JFIF only: no EXIF, ICC, XMP, comment
    assert b"http://ns.adobe.com/xap" not in data and b"Exif" not in data
    image = Image.open(io.BytesIO(data))
    assert image.format == "JPEG" and image.mode == "RGB"
    assert "icc_profile" not in image.info and "exif" not in image.info
    assert not image.getexif()
    return image


def truncated_jpeg() -> bytes:
    """A real phone-sized JPEG cut off half way, as an interrupted copy leaves it."""
    buffer = io.BytesIO()
    halves((900, 1200), RED, BLUE).save(buffer, "JPEG", quality=95)
    return buffer.getvalue()[: len(buffer.getvalue()) // 2]


def near(pixel: Any, colour: tuple[int, int, int], tolerance: int = 30) -> bool:
    return all(abs(a - b) <= tolerance for a, b in zip(pixel, colour, strict=True))


@pytest.fixture
def photo(runner: CliRunner, content: Path) -> Any:
    def run(*args: str) -> Any:
        return runner.invoke(cli, ["photo", *args])

    return run


def test_rotated_gps_jpeg_becomes_upright_clean_and_passes_the_check(
    content: Path, photo: Any, check: Any, tmp_path: Path
) -> None:
    # Stored landscape, left red and right blue; orientation 6 shows it turned 90° clockwise,
    # so the person sees red on top and blue below.
    source = phone_jpeg(tmp_path / "IMG_0001.jpg", halves((1600, 1200), RED, BLUE), orientation=6)
    result = photo(str(source), str(PROFILE))
    assert result.exit_code == 0, result.output
    assert "1200×1600" in result.output
    image = assert_clean(PROFILE / "photo.jpg")
    assert image.size == TARGET == (1200, 1600)
    assert near(image.getpixel((600, 100)), RED) and near(image.getpixel((600, 1500)), BLUE)
    done, report = check(str(PROFILE))
    assert done.exit_code == 0
    assert [p for p in report["problems"] if p["field"] == "photo"] == []


def test_display_p3_is_converted_to_srgb(content: Path, photo: Any, tmp_path: Path) -> None:
    orange = (200, 100, 50)
    source = phone_jpeg(tmp_path / "p3.jpg", Image.new("RGB", (900, 1200), orange), icc=display_p3())
    assert Image.open(source).info["icc_profile"]
    assert photo(str(source), str(PROFILE)).exit_code == 0
    red, green, blue = assert_clean(PROFILE / "photo.jpg").getpixel((450, 600))  # type: ignore[misc]
    # The same numbers mean a more saturated orange in P3: in sRGB red grows, blue shrinks.
    assert red >= orange[0] + 10 and blue <= orange[2] - 10, (red, green, blue)
    without = tmp_path / "plain.jpg"
    Image.new("RGB", (900, 1200), orange).save(without, quality=95)
    assert photo(str(without), str(PROFILE)).exit_code == 0
    assert near(Image.open(PROFILE / "photo.jpg").getpixel((450, 600)), orange, 4)


def test_png_with_alpha_is_laid_on_white(content: Path, photo: Any, tmp_path: Path) -> None:
    image = Image.new("RGBA", (800, 1000), (0, 0, 0, 0))
    image.paste((20, 200, 20, 255), (200, 300, 600, 700))
    image.save(tmp_path / "cut-out.png")
    assert photo(str(tmp_path / "cut-out.png"), str(PROFILE)).exit_code == 0
    result = assert_clean(PROFILE / "photo.jpg")
    assert result.size == (750, 1000)  # the 3:4 crop, never scaled up
    assert near(result.getpixel((5, 5)), (255, 255, 255), 6)
    assert near(result.getpixel((375, 500)), GREEN)


def test_heic_from_an_iphone(content: Path, photo: Any, tmp_path: Path) -> None:
    source = tmp_path / "IMG_0002.HEIC"
    heif = pillow_heif.from_pillow(halves((1500, 2000), RED, BLUE))
    heif.save(str(source), quality=90)
    assert source.read_bytes()[4:12] == b"ftypheic"
    result = photo(str(source), str(PROFILE))
    assert result.exit_code == 0, result.output
    assert "HEIC" in result.output
    image = assert_clean(PROFILE / "photo.jpg")
    assert image.size == (1200, 1600)
    assert near(image.getpixel((100, 800)), RED) and near(image.getpixel((1100, 800)), BLUE)


def test_oversized_landscape_is_cropped_around_the_focus(content: Path, photo: Any, tmp_path: Path) -> None:
    wide = Image.new("RGB", (6000, 3000), BLUE)
    wide.paste(GREEN, (0, 0, 2000, 3000))  # the student stands on the left
    source = phone_jpeg(tmp_path / "wide.jpg", wide)
    assert photo(str(source), str(PROFILE), "--focus", "left").exit_code == 0
    image = assert_clean(PROFILE / "photo.jpg")
    assert image.size == (1200, 1600)
    assert near(image.getpixel((600, 800)), GREEN)
    assert photo(str(source), str(PROFILE), "--focus", "0.9,0.5").exit_code == 0
    assert near(Image.open(PROFILE / "photo.jpg").getpixel((600, 800)), BLUE)


def test_crop_box_keeps_the_focus_inside_the_photo() -> None:
    assert crop_box((4000, 3000), (0.5, 0.5)) == (875, 0, 3125, 3000)
    assert crop_box((4000, 3000), (0.0, 0.5)) == (0, 0, 2250, 3000)
    assert crop_box((3000, 6000), (0.5, 0.0)) == (0, 0, 3000, 4000)
    assert crop_box((3000, 6000), parse_focus("bottom")) == (0, 2000, 3000, 6000)
    left, top, right, bottom = crop_box((3000, 12000), parse_focus("0.5,0.3"))
    assert (right - left) * MIN_HEIGHT == (bottom - top) * MIN_WIDTH
    assert (top + bottom) / 2 == pytest.approx(0.3 * 12000, abs=1)
    assert crop_box((3000, 6000), parse_focus("0.5,0.3"))[1] == 0  # clamped at the top edge


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (lambda p: p.write_text("not a photo", encoding="utf-8"), "is not a photo this tool can read"),
        (lambda p: Image.new("RGB", (900, 1200)).save(p, "GIF"), "is a GIF image; export it as JPEG"),
        (lambda p: Image.new("RGB", (500, 700)).save(p, "JPEG"), "the site needs at least 600×800"),
        (lambda p: Image.new("RGB", (2000, 700)).save(p, "JPEG"), "portrait cut from it is only 525×700"),
        (lambda p: p.write_bytes(truncated_jpeg()), "is damaged and cannot be read"),
        (lambda p: None, "no such file"),
    ],
)
def test_bad_sources_are_one_line_errors(
    content: Path, photo: Any, tmp_path: Path, make: Any, message: str
) -> None:
    source = tmp_path / "source.jpg"
    make(source)
    before = (PROFILE / "photo.jpg").read_bytes()
    result = photo(str(source), str(PROFILE))
    assert result.exit_code == 1
    assert message in result.output and result.output.startswith("Error: ")
    assert len(result.output.strip().splitlines()) == 1
    assert (PROFILE / "photo.jpg").read_bytes() == before  # the old photo is untouched
    assert [p.name for p in PROFILE.iterdir() if p.name.startswith(".photo-")] == []


def test_a_missing_profile_folder_and_a_bad_focus(content: Path, photo: Any, tmp_path: Path) -> None:
    source = phone_jpeg(tmp_path / "ok.jpg", Image.new("RGB", (900, 1200)))
    missing = photo(str(source), "content/profiles/2026/nobody")
    assert missing.exit_code == 1 and "is not a profile folder (it has no profile.yml)" in missing.output
    focus = photo(str(source), str(PROFILE), "--focus", "upward")
    assert focus.exit_code == 2 and "focus 'upward' is not understood" in focus.output


def test_a_folder_of_photos_named_after_the_profiles(content: Path, photo: Any, tmp_path: Path) -> None:
    batch = tmp_path / "from-phone"
    batch.mkdir()
    folders = sorted(p for p in PROFILE.parent.iterdir() if p.is_dir())[:2]
    for number, folder in enumerate(folders):
        phone_jpeg(batch / f"{folder.name}.jpg", Image.new("RGB", (1000, 1400), (40 * number, 90, 90)), 1)
    phone_jpeg(batch / "someone-else.jpg", Image.new("RGB", (1000, 1400)))
    result = photo(str(batch), str(PROFILE.parent))
    assert result.exit_code == 1
    assert "someone-else.jpg: no profile folder" in result.output
    assert "2 photos written, 1 problem" in result.output
    for folder in folders:
        assert assert_clean(folder / "photo.jpg").size == (1000, 1333)


def test_the_console_script_never_shows_a_traceback(content: Path, tmp_path: Path) -> None:
    source = tmp_path / "broken.heic"
    source.write_bytes(b"\x00\x00\x00\x18ftypheic" + bytes(64))
    done = subprocess.run(
        [str(Path(sys.executable).parent / "top100"), "photo", str(source), str(PROFILE)],
        capture_output=True,
        text=True,
        cwd=content.parent,
    )
    assert done.returncode == 1
    assert "Traceback" not in done.stderr
    assert done.stderr.startswith("Error: ") and str(source) in done.stderr
