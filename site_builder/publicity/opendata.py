"""Open data: each year's figures as CSV and XLSX, and the participants' public fields as
CSV and JSON. Only what the profile pages publish: no birth date, age or consent record."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from typing import Any

from openpyxl import Workbook

from ..content import Content
from ..content.schema import LANGS
from ..site.model import prefix
from .stats import by_year, year_figures
from .zips import stable_office_file

FIGURE_COLUMNS = ["section", "key", "label_kk", "label_ru", "label_en", "count"]
PARTICIPANT_COLUMNS = [
    "year", "id", "name_kk", "name_ru", "name_en", "college", "college_kk", "college_ru", "college_en",
    "region", "region_kk", "region_ru", "region_en", "specialty_kk", "specialty_ru", "specialty_en",
    "categories", "stage", "marks", "programs", "url_kk", "url_ru", "url_en",
]
# A fixed date inside the file, so the same figures give the same bytes.
EPOCH = dt.datetime(2019, 7, 4)


def figure_rows(content: Content, year: int) -> list[list[Any]]:
    per_lang = {lang: year_figures(content, year, lang) for lang in LANGS}
    rows: list[list[Any]] = []
    for section, kk_rows in per_lang["kk"].sections.items():
        # Each language sorts by its own names: match the rows by key, list them by key.
        labels = {lang: {r.key: r.label for r in per_lang[lang].sections[section]} for lang in LANGS}
        for row in sorted(kk_rows, key=lambda r: r.key) if section == "by_region" else kk_rows:
            rows.append([section, row.key, *(labels[lang][row.key] for lang in LANGS),
                         "" if row.count is None else row.count])
    for row in by_year(content, "en"):
        rows.append(["by_year", row.key, row.key, row.key, row.key, row.count])
    return rows


def figures_csv(content: Content, year: int) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(FIGURE_COLUMNS)
    writer.writerows(figure_rows(content, year))
    return ("\ufeff" + buffer.getvalue()).encode()  # the BOM makes spreadsheet programs read UTF-8


def figures_xlsx(content: Content, year: int) -> bytes:
    book = Workbook()
    sheets: dict[str, list[list[Any]]] = {}
    for row in figure_rows(content, year):
        sheets.setdefault(row[0], []).append(row[1:])
    for number, (section, rows) in enumerate(sheets.items()):
        sheet = book.worksheets[0] if number == 0 else book.create_sheet()
        sheet.title = section
        sheet.append(FIGURE_COLUMNS[1:])
        for row in rows:
            sheet.append(row)
    book.properties.created = book.properties.modified = EPOCH
    buffer = io.BytesIO()
    book.save(buffer)
    return stable_office_file(buffer.getvalue())


def participants(content: Content, year: int, site_url: str) -> list[dict[str, Any]]:
    ref = content.reference
    base = site_url.rstrip("/") + "/"
    found = []
    for entry in sorted(content.valid_profiles, key=lambda e: e.slug):
        p = entry.profile
        if p is None or entry.year != year:
            continue
        college, region = ref.colleges.get(p.college), ref.regions.get(p.region)
        record: dict[str, Any] = {"year": entry.year, "id": entry.slug}
        record.update({f"name_{lang}": p.name.get(lang) for lang in LANGS})
        record["college"] = p.college
        record.update({f"college_{lang}": college.name.get(lang) if college else "" for lang in LANGS})
        record["region"] = p.region
        record.update({f"region_{lang}": region.name(year, lang) if region else "" for lang in LANGS})
        record.update({f"specialty_{lang}": p.specialty.get(lang) for lang in LANGS})
        record.update({"categories": list(p.categories), "stage": p.stage, "marks": p.marks,
                       "programs": list(p.programs)})
        record.update({f"url_{lang}": f"{base}{prefix(lang)}{year}/{entry.slug}/" for lang in LANGS})
        found.append(record)
    return found


def participants_json(content: Content, year: int, site_url: str) -> bytes:
    return json.dumps(participants(content, year, site_url), ensure_ascii=False, indent=1).encode()


def participants_csv(content: Content, year: int, site_url: str) -> bytes:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, PARTICIPANT_COLUMNS, lineterminator="\n")
    writer.writeheader()
    for record in participants(content, year, site_url):
        writer.writerow({k: " ".join(v) if isinstance(v, list) else v for k, v in record.items()})
    return ("\ufeff" + buffer.getvalue()).encode()


def open_data_files(content: Content, site_url: str) -> dict[str, bytes]:
    """``{published path: bytes}`` for every year."""
    files = {}
    for year in sorted({e.year for e in content.valid_profiles}):
        files[f"data/{year}/figures.csv"] = figures_csv(content, year)
        files[f"data/{year}/figures.xlsx"] = figures_xlsx(content, year)
        files[f"data/{year}/participants.csv"] = participants_csv(content, year, site_url)
        files[f"data/{year}/participants.json"] = participants_json(content, year, site_url)
    return files
