"""sitemap.xml with every page and its language alternates (including x-default)."""

from __future__ import annotations

from collections.abc import Iterable
from xml.sax.saxutils import escape, quoteattr

from .model import DEFAULT_LANG, SitePage


def absolute(site_url: str, path: str) -> str:
    return site_url.rstrip("/") + "/" + path


def hreflang_links(page: SitePage, site_url: str) -> list[tuple[str, str]]:
    """(hreflang, absolute URL) for each language of ``page`` and x-default."""
    links = [(lang, absolute(site_url, path)) for lang, path in page.alternates.items()]
    default = page.alternates.get(DEFAULT_LANG)
    if default is not None:
        links.append(("x-default", absolute(site_url, default)))
    return links


def sitemap_xml(pages: Iterable[SitePage], site_url: str) -> str:
    rows = [
        '<?xml version="1.0" encoding="UTF-8"?>',
        '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" '
        'xmlns:xhtml="http://www.w3.org/1999/xhtml">',
    ]
    for page in pages:
        if page.data.get("noindex"):
            continue
        rows.append(f"<url><loc>{escape(absolute(site_url, page.path))}</loc>")
        rows.extend(
            f'<xhtml:link rel="alternate" hreflang="{lang}" href={quoteattr(url)}/>'
            for lang, url in hreflang_links(page, site_url)
        )
        rows.append("</url>")
    rows.append("</urlset>")
    return "\n".join(rows) + "\n"
