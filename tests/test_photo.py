from __future__ import annotations

from pathlib import Path

from PIL import Image

from site_builder.content.photo import inspect_photo


def _jpeg(path: Path, size: tuple[int, int] = (600, 800), exif: Image.Exif | None = None) -> Path:
    Image.new("RGB", size, (120, 140, 160)).save(path, "JPEG", exif=exif or Image.Exif())
    return path


def test_a_plain_portrait_passes(tmp_path: Path) -> None:
    assert inspect_photo(_jpeg(tmp_path / "photo.jpg")) == []


def test_gps_in_exif_is_a_warning(tmp_path: Path) -> None:
    exif = Image.Exif()
    exif[0x8825] = {1: "N", 2: (43.0, 15.0, 0.0)}  # GPS IFD: latitude
    issues = inspect_photo(_jpeg(tmp_path / "photo.jpg", exif=exif))
    assert [(i.rule, i.warning) for i in issues] == [("photo.gps", True)]


def test_a_cut_off_file_is_an_error(tmp_path: Path) -> None:
    """The build could not decode it, so the check does not let it pass."""
    path = _jpeg(tmp_path / "photo.jpg")
    path.write_bytes(path.read_bytes()[:-200])
    assert [(i.rule, i.warning) for i in inspect_photo(path)] == [("photo.truncated", False)]


def test_damaged_pixels_behind_sound_headers_are_found(tmp_path: Path) -> None:
    path = _jpeg(tmp_path / "photo.jpg")
    data = path.read_bytes()
    # The first Huffman table's class/id byte set to 5: the headers still read, decoding fails.
    dht = data.index(b"\xff\xc4")
    path.write_bytes(data[: dht + 4] + b"\x05" + data[dht + 5 :])
    [issue] = inspect_photo(path)
    assert (issue.rule, issue.warning) == ("photo.broken", False)
    assert "cannot be decoded" in issue.message


def test_landscape_photo_is_too_small_in_height(tmp_path: Path) -> None:
    issues = inspect_photo(_jpeg(tmp_path / "photo.jpg", size=(1200, 700)))
    assert [i.rule for i in issues] == ["photo.too-small"]
    assert "1200×700" in issues[0].message


def test_a_fixable_photo_points_at_the_photo_command(tmp_path: Path) -> None:
    path = tmp_path / "photo.jpg"
    path.write_bytes(b"\x89PNG\r\n\x1a\n" + b"\x00" * 64)
    [issue] = inspect_photo(path, "content/profiles/2026/aruzhan-serikkyzy")
    assert issue.rule == "photo.not-jpeg"
    assert issue.hint.endswith("top100 photo SOURCE content/profiles/2026/aruzhan-serikkyzy")
    small = _jpeg(tmp_path / "small.jpg", size=(300, 400))
    assert "top100 photo" not in inspect_photo(small, "x")[0].hint  # a bigger original is needed
