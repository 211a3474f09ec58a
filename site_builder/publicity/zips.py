"""ZIP archives with the same bytes for the same contents: a fixed date on every member,
members in a fixed order. Rebuilds then publish identical files, and caches stay valid."""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Iterable

FIXED = (2019, 7, 4, 0, 0, 0)  # the day the programme was approved


# JPEG, PDF and the like are compressed already: stored as they are, they cost no time.
STORED = (".jpg", ".jpeg", ".png", ".webp", ".pdf", ".zip")


def stable_zip(members: Iterable[tuple[str, bytes]]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, data in members:
            info = zipfile.ZipInfo(name, FIXED)
            info.compress_type = zipfile.ZIP_STORED if name.lower().endswith(STORED) else zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            archive.writestr(info, data)
    return buffer.getvalue()


_MODIFIED = re.compile(rb"<dcterms:modified([^>]*)>[^<]*</dcterms:modified>")


def stable_office_file(data: bytes) -> bytes:
    """An .xlsx as openpyxl saved it, with the save time taken out."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        members = [(info.filename, archive.read(info)) for info in archive.infolist()]
    members = [
        (name, _MODIFIED.sub(rb"<dcterms:modified\1>2019-07-04T00:00:00Z</dcterms:modified>", body))
        if name == "docProps/core.xml" else (name, body)
        for name, body in members
    ]
    return stable_zip(members)
