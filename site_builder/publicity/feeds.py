"""Atom feeds (RFC 4287), one per language: new participants, votes opening, votes closed.

feedgen writes the XML; every date comes from the content, so a rebuild of the same content
gives the same feed."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from xml.sax.saxutils import escape

from feedgen.feed import FeedGenerator

from ..content import ALMATY, Content
from ..site.dates import zoned
from ..site.model import prefix
from ..site.strings import t
from .winners import Winner

MAX_ENTRIES = 50


@dataclass(frozen=True)
class Event:
    key: str  # stable: the entry's id is the site URL plus this key
    when: dt.datetime
    title: str
    summary: str
    link: str


# The feeds live together in one folder with a small sitemap of their own: Material's script
# fetches "sitemap.xml" beside every <link rel="alternate"> of a page (the feed's is one), and
# would otherwise get a 404 under /ru/ and /en/ and parse the whole site's sitemap under /.
FOLDER = "feeds"


def feed_path(lang: str) -> str:
    return f"{FOLDER}/{lang}.xml"


def feeds_sitemap(site_url: str, langs: Iterable[str]) -> bytes:
    """The feeds folder's sitemap: the three feeds and nothing else."""
    base = site_url.rstrip("/") + "/"
    urls = "".join(f"<url><loc>{escape(base + feed_path(lang))}</loc></url>" for lang in langs)
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        f'<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">{urls}</urlset>\n'
    ).encode()


def events(content: Content, winners: list[Winner], lang: str, site_url: str,
           now: dt.datetime) -> list[Event]:
    base = site_url.rstrip("/") + "/"
    found: list[Event] = []
    for w in winners:
        if w.lang != lang:
            continue
        start, _ = content.reference.stage_dates(w.stage, w.year)
        # The day the student entered the stage they reached (not later than today).
        day = min(start, now.date())
        found.append(Event(
            f"profile/{w.id}/{w.stage}",
            dt.datetime.combine(day, dt.time(9), tzinfo=ALMATY),
            t(lang, "feed_new_winner", name=w.name, stage=w.stage_name, year=w.year),
            f"{w.college}, {w.region_name}. {w.excerpt}",
            w.url,
        ))
    for contest in content.contests:
        c = contest.contest
        link = f"{base}{prefix(lang)}contests/{contest.id}/"
        if contest.opens <= now:
            found.append(Event(
                f"contest/{contest.id}/opens",
                contest.opens,
                t(lang, "feed_vote_opens", title=c.title.get(lang)),
                t(lang, "feed_vote_opens_summary", opens=zoned(contest.opens, lang),
                  closes=zoned(contest.closes, lang)),
                link,
            ))
        if contest.closes <= now:
            found.append(Event(
                f"contest/{contest.id}/closed", contest.closes,
                t(lang, "feed_vote_closed", title=c.title.get(lang)),
                t(lang, "feed_vote_closed_summary", date=zoned(contest.closes, lang)),
                link,
            ))
    found.sort(key=lambda e: (e.when, e.key), reverse=True)
    return found[:MAX_ENTRIES]


def atom(content: Content, winners: list[Winner], lang: str, site_url: str, now: dt.datetime) -> bytes:
    base = site_url.rstrip("/") + "/"
    home = f"{base}{prefix(lang)}"
    items = events(content, winners, lang, site_url, now)
    feed = FeedGenerator()
    feed.id(f"{base}{feed_path(lang)}")
    feed.title(t(lang, "feed_title", site=t(lang, "site_name")))
    feed.subtitle(t(lang, "feed_subtitle"))
    feed.author({"name": t(lang, "site_name")})
    feed.link(href=home, rel="alternate", type="text/html", hreflang=lang)
    feed.link(href=f"{base}{feed_path(lang)}", rel="self", type="application/atom+xml")
    feed.language(lang)
    feed.updated(items[0].when if items else dt.datetime(2019, 7, 4, tzinfo=ALMATY))
    for event in reversed(items):  # feedgen prepends: the newest ends up first
        entry = feed.add_entry()
        entry.id(f"{base}#{event.key}")
        entry.title(event.title)
        entry.summary(event.summary)
        entry.link(href=event.link, rel="alternate", type="text/html", hreflang=lang)
        entry.updated(event.when)
        entry.published(event.when)
    xml: bytes = feed.atom_str(pretty=True)
    return xml
