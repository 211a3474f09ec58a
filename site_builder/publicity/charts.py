"""Plain SVG charts drawn at build time: a tile map of Kazakhstan's 20 regions and
horizontal bar charts. No script, nothing fetched; every chart has a table beside it."""

from __future__ import annotations

from collections.abc import Sequence
from xml.sax.saxutils import escape, quoteattr

# (column, row) of each region's tile, west to east and north to south, roughly where it
# lies on the map (ISO 3166-2:KZ codes, the 2022 division).
TILES: dict[str, tuple[int, int]] = {
    "KZ-27": (0, 0), "KZ-39": (2, 0), "KZ-59": (3, 0), "KZ-55": (4, 0), "KZ-63": (5, 0),
    "KZ-23": (0, 1), "KZ-15": (1, 1), "KZ-62": (2, 1), "KZ-11": (3, 1), "KZ-71": (4, 1), "KZ-10": (5, 1),
    "KZ-47": (0, 2), "KZ-43": (1, 2), "KZ-35": (3, 2), "KZ-33": (5, 2),
    "KZ-61": (2, 3), "KZ-31": (3, 3), "KZ-19": (4, 3),
    "KZ-79": (2, 4), "KZ-75": (4, 4),
}
TILE_W, TILE_H, GAP = 132, 78, 6
# Light to dark: a count's shade is its share of the largest count.
SHADES = ("#e3f1f3", "#b5dde2", "#7cc0c9", "#3f9aa7", "#006978")
EMPTY, MISSING = "#f2f4f5", "#ffffff"
FONT = "font-family=\"DejaVu Sans, sans-serif\""


def shade(count: int, largest: int) -> str:
    if count <= 0 or largest <= 0:
        return EMPTY
    return SHADES[min(len(SHADES) - 1, (count * len(SHADES) - 1) // largest)]


def _lines(name: str, width: int = 20) -> list[str]:
    lines: list[str] = []
    for word in name.split():
        if lines and len(lines[-1]) + 1 + len(word) <= width:
            lines[-1] += f" {word}"
        else:
            lines.append(word)
    return lines[:3]


def tile_map(tiles: Sequence[tuple[str, str, int | None, str]], label: str) -> str:
    """``tiles``: (region code, name, count or None when the region did not exist, href)."""
    largest = max((count or 0 for _, _, count, _ in tiles), default=0)
    cols = 1 + max(col for col, _ in TILES.values())
    rows = 1 + max(row for _, row in TILES.values())
    width, height = cols * (TILE_W + GAP), rows * (TILE_H + GAP)
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" class="t100-chart" viewBox="0 0 {width} {height}" '
             f'width="{width}" height="{height}" role="img" aria-label={quoteattr(label)}>']
    for code, name, count, href in tiles:
        if code not in TILES:
            continue
        col, row = TILES[code]
        x, y = col * (TILE_W + GAP), row * (TILE_H + GAP)
        fill = MISSING if count is None else shade(count, largest)
        ink = "#ffffff" if fill in SHADES[3:] else "#182028"
        value = "—" if count is None else str(count)
        text = "".join(
            f'<tspan x="{x + 8}" dy="{13 if i else 0}">{escape(line)}</tspan>'
            for i, line in enumerate(_lines(name))
        )
        parts.append(
            f'<a href={quoteattr(href)}><title>{escape(name)}: {value}</title>'
            f'<rect x="{x}" y="{y}" width="{TILE_W}" height="{TILE_H}" rx="6" fill="{fill}" '
            f'stroke="#9aa7b0"/>'
            f'<text x="{x + 8}" y="{y + 16}" font-size="11" {FONT} fill="{ink}">{text}</text>'
            f'<text x="{x + TILE_W - 8}" y="{y + TILE_H - 10}" font-size="22" font-weight="bold" '
            f'text-anchor="end" {FONT} fill="{ink}">{value}</text></a>'
        )
    parts.append("</svg>")
    return "".join(parts)


def bar_chart(rows: Sequence[tuple[str, int]], label: str, width: int = 640) -> str:
    """Horizontal bars, one per (label, value), longest = the largest value."""
    bar_h, gap, text_w = 22, 8, 260
    largest = max((value for _, value in rows), default=0) or 1
    height = max(1, len(rows)) * (bar_h + gap)
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" class="t100-chart" viewBox="0 0 {width} {height}" '
             f'width="{width}" height="{height}" role="img" aria-label={quoteattr(label)}>']
    room = width - text_w - 50
    for index, (name, value) in enumerate(rows):
        y = index * (bar_h + gap)
        length = round(room * value / largest)
        short = name if len(name) <= 38 else name[:37] + "…"
        parts.append(
            f'<g><title>{escape(name)}: {value}</title>'
            f'<text x="{text_w - 8}" y="{y + 16}" font-size="12" text-anchor="end" {FONT} '
            f'fill="#182028">{escape(short)}</text>'
            f'<rect x="{text_w}" y="{y}" width="{max(length, 1)}" height="{bar_h}" fill="{SHADES[-1]}"/>'
            f'<text x="{text_w + length + 6}" y="{y + 16}" font-size="12" {FONT} '
            f'fill="#182028">{value}</text></g>'
        )
    parts.append("</svg>")
    return "".join(parts)
