"""Ready posts for Telegram and Instagram per profile and language: a few sentences, the
link and the programme's hashtags, for editors and college staff to copy."""

from __future__ import annotations

from ..site.strings import t
from .winners import Winner

NETWORKS = ("Telegram", "Instagram")


def lead(w: Winner) -> str:
    return t(w.lang, "post_lead", name=w.name, site=w.brand, year=w.year, college=w.college,
             region=w.region_name, stage=w.stage_name)


def posts(w: Winner) -> list[tuple[str, str]]:
    """(network, text). Telegram makes the link clickable; Instagram captions do not, so its
    post names the site in words and ends with the hashtags, where that network reads them."""
    hashtags = t(w.lang, "hashtags")
    telegram = f"{lead(w)}\n\n{w.excerpt}\n\n{t(w.lang, 'post_link', url=w.url)}\n\n{hashtags}"
    instagram = f"{lead(w)}\n\n{w.excerpt}\n\n{t(w.lang, 'post_link_instagram', url=w.url)}\n\n{hashtags}"
    return list(zip(NETWORKS, (telegram, instagram), strict=True))
