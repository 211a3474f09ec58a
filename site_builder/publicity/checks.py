"""``top100 check`` rules for what the publicity outputs need: portraits large enough for
the roll-up banner, and a well-formed media register."""

from __future__ import annotations

import datetime as dt

from PIL import Image, UnidentifiedImageError

from ..content import Content, Report, Severity
from ..content.wording import N_
from .media import check_register
from .posters import BANNER, DPI


def check_print_size(content: Content, report: Report) -> None:
    """A warning, not an error: the site and the A3 poster still look right."""
    need_w, need_h = BANNER.pixels_needed()
    cm_w, cm_h = (round(mm / 10) for mm in BANNER.portrait)
    for entry in content.valid_profiles:
        if entry.profile is not None and entry.profile.demo:
            continue  # a demo portrait is a drawn illustration: there is no original to ask for
        photo = entry.folder / "photo.jpg"
        try:
            with Image.open(photo) as image:  # headers only
                width, height = image.size
        except (OSError, UnidentifiedImageError):
            continue  # the photo rules report a missing or broken photo already
        if width < need_w or height < need_h:
            report.add(
                photo, 1, "photo",
                N_("is {size} pixels, too small for the roll-up banner: its portrait prints "
                   "at {cm} cm and needs at least {need} pixels for {dpi} dpi"),
                N_("ask the college for the original photo from the camera or phone "
                   "(the site and the A3 poster are fine as it is)"),
                "photo.print-size", Severity.WARNING,
                size=f"{width}×{height}", cm=f"{cm_w}×{cm_h}", need=f"{need_w}×{need_h}", dpi=DPI,
            )


def publicity_rules(content: Content, report: Report, today: dt.date | None = None) -> None:
    check_print_size(content, report)
    check_register(content, report, today)
