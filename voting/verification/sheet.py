"""The printable sheet of access codes (PDF, A4, cut along the lines) and its CSV twin.
Each card has a QR code opening the contest's page with the code in the URL *fragment*,
which browsers never send to a server, so no code reaches a web server's log."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import segno
from fpdf import FPDF

import site_builder

from .codes import pretty

# The DejaVu font shipped with the site builder: it has every Kazakh letter.
FONT = Path(site_builder.__file__).resolve().parent / "fonts" / "DejaVuSans.ttf"
COLUMNS, ROWS = 3, 5
CARD_W, CARD_H, MARGIN = 63.0, 54.0, 10.5

HEADING = {
    "kk": "Дауыс беру коды",
    "ru": "Код для голосования",
    "en": "Voting code",
}
HOW = "Сканерлеңіз / Отсканируйте / Scan · {url}"


def vote_url(public_url: str, contest_id: str, code: str) -> str:
    return f"{public_url.rstrip('/')}/contests/{contest_id}/#code={code}"


def write_csv(path: Path, public_url: str, contest_id: str, codes: list[str]) -> None:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(["contest", "code", "url"])
    for code in codes:
        writer.writerow([contest_id, pretty(code), vote_url(public_url, contest_id, code)])
    path.write_text(buffer.getvalue(), encoding="utf-8")


def write_pdf(path: Path, public_url: str, contest_id: str, title: str, codes: list[str]) -> None:
    pdf = FPDF(format="A4", unit="mm")
    pdf.set_auto_page_break(False)
    pdf.set_creator("top100")
    pdf.add_font("DejaVu", fname=str(FONT))
    per_page = COLUMNS * ROWS
    for index, code in enumerate(codes):
        if index % per_page == 0:
            pdf.add_page()
        slot = index % per_page
        x = MARGIN + (slot % COLUMNS) * CARD_W
        y = MARGIN + (slot // COLUMNS) * CARD_H
        pdf.set_draw_color(160, 160, 160)
        pdf.rect(x, y, CARD_W, CARD_H)
        url = vote_url(public_url, contest_id, code)
        qr = segno.make(url, error="m")
        image = io.BytesIO()
        qr.save(image, kind="png", scale=6, border=2)
        pdf.image(image, x=x + 2, y=y + 2, w=30, h=30)
        pdf.set_font("DejaVu", size=7)
        pdf.set_xy(x + 33, y + 3)
        pdf.multi_cell(CARD_W - 35, 3.2, "\n".join(HEADING.values()))
        pdf.set_xy(x + 33, y + 15)
        pdf.multi_cell(CARD_W - 35, 3.2, title)
        pdf.set_font("DejaVu", size=12)
        pdf.set_xy(x + 2, y + 35)
        pdf.cell(CARD_W - 4, 7, pretty(code), align="C")
        pdf.set_font("DejaVu", size=5)
        pdf.set_xy(x + 2, y + 44)
        pdf.multi_cell(CARD_W - 4, 2.6, HOW.format(url=f"{public_url.rstrip('/')}/contests/{contest_id}/"))
    pdf.output(str(path))
