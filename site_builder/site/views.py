"""What a template needs to show one thing (a student's card, a profile, a vote), as plain
data in one language, built from the content. ``plan`` decides which pages show them."""

from __future__ import annotations

import datetime as dt
import html
import re
from collections import Counter
from collections.abc import Mapping
from typing import Any
from urllib.parse import quote

from ..content import Content, ContestEntry, ProfileEntry, Report
from ..content.files import read_text
from ..content.schema import LANGS, STAGES
from ..content.text import strip_comments
from .dates import date_time, long_date, zoned
from .model import PhotoSet, prefix
from .outcome import outcome
from .spellings import spellings
from .strings import t


class Views:
    def __init__(
        self, content: Content, photos: Mapping[str, PhotoSet], site_url: str, now: dt.datetime
    ) -> None:
        self.ref, self.photos, self.site_url, self.now = content.reference, photos, site_url, now
        self.profiles = content.by_key()
        self.published = {r.contest_id: r.results for r in content.results}

    def region_name(self, code: str, year: int, lang: str) -> str:
        region = self.ref.regions.get(code)
        return region.name(year, lang) if region else code

    def status(self, contest: ContestEntry) -> str:
        return "upcoming" if self.now < contest.opens else "open" if self.now < contest.closes else "closed"

    def state(self, contest: ContestEntry) -> str:
        """What a vote's page shows: upcoming, open, or closed with its "results" published,
        or closed "awaiting" them (a sealed vote's tally stays off the site until then)."""
        status = self.status(contest)
        if status != "closed":
            return status
        return "results" if contest.id in self.published else "awaiting"

    def card(self, entry: ProfileEntry, lang: str) -> dict[str, Any]:
        p = entry.profile
        assert p is not None
        college = self.ref.colleges[p.college]
        return {
            "path": f"{prefix(lang)}{entry.year}/{entry.slug}/",
            "slug": entry.slug,
            "name": p.name.get(lang),
            "college": college.name.get(lang),
            "year": entry.year,
            "region": p.region.lower(),
            "region_name": self.region_name(p.region, p.year, lang),
            "categories": list(p.categories),
            "stage": p.stage,
            "stage_name": self.ref.stages[p.stage].name.get(lang),
            "photo": self.photos.get(entry.id),
            "alt": p.photo_alt.get(lang),
        }

    def home(
        self,
        lang: str,
        year: int,
        this_year: list[ProfileEntry],
        open_votes: list[ContestEntry],
        winners: list[ProfileEntry],
        winners_year: int,
    ) -> dict[str, Any]:
        """The stage timeline (with the current stage), the latest republican stage's students,
        counts by region and category, and the open votes."""
        today = self.now.date()
        timeline = []
        for stage in STAGES:
            start, end = self.ref.stage_dates(stage, year)
            state = "done" if today > end else "now" if today >= start else "upcoming"
            timeline.append(
                {
                    "name": self.ref.stages[stage].name.get(lang),
                    "start": start.isoformat(),
                    "end": end.isoformat(),
                    "start_text": long_date(start, lang),
                    "end_text": long_date(end, lang),
                    "state": state,
                }
            )
        regions = Counter(e.profile.region for e in this_year if e.profile)
        categories = Counter(c for e in this_year if e.profile for c in e.profile.categories)
        return {
            "year": year,
            "timeline": timeline,
            "winners": [self.card(e, lang) for e in winners],
            "winners_year": winners_year,
            "by_region": [
                (f"{prefix(lang)}regions/{code.lower()}/", self.region_name(code, year, lang), n)
                for code, n in sorted(regions.items(), key=lambda kv: (-kv[1], kv[0]))
            ],
            "by_category": [
                (f"{prefix(lang)}categories/{cid}/", self.ref.categories[cid].name.get(lang), categories[cid])
                for cid in self.ref.categories
                if categories[cid]
            ],
            "open_votes": [self.contest(c, lang) for c in open_votes],
        }

    def contest(self, contest: ContestEntry, lang: str) -> dict[str, Any]:
        c = contest.contest
        scope = (
            self.ref.colleges[c.scope.college].name.get(lang)
            if c.scope.college
            else self.region_name(c.scope.region, c.year, lang)
            if c.scope.region
            else t(lang, "scope_national")
        )
        advance = contest.advance(self.ref.stages[c.stage].advance)
        return {
            "id": contest.id,
            "path": f"{prefix(lang)}contests/{contest.id}/",
            "receipt_path": f"{prefix(lang)}receipt/",
            "title": c.title.get(lang),
            "scope": scope,
            "scope_label": t(lang, "college" if c.scope.college else "region"),
            "stage_name": self.ref.stages[c.stage].name.get(lang),
            # Every time shown names its zone (Astana time, UTC+5): voters read it anywhere.
            "opens": zoned(contest.opens, lang),
            "closes": zoned(contest.closes, lang),
            "closed_on": t(lang, "closed_on", date=date_time(contest.closes, lang)),
            "opens_iso": contest.opens.isoformat(),
            "closes_iso": contest.closes.isoformat(),
            "status": self.status(contest),
            "state": self.state(contest),
            "results": c.results,
            "advance": advance,
            "outcome": outcome(
                self.published[contest.id],
                list(c.candidates),
                advance,
                lambda slug: self.candidate_name(contest, slug, lang),
                lang,
            )
            if contest.id in self.published
            else None,
        }

    def candidate_name(self, contest: ContestEntry, slug: str, lang: str) -> str:
        entry = self.profiles.get((contest.contest.year, slug))
        return entry.profile.name.get(lang) if entry and entry.profile else slug

    def receipt_names(self, contests: list[ContestEntry], lang: str) -> dict[str, Any]:
        """What the receipt page words an answer with when the service does not say it:
        each vote's title and page, and its candidates' names."""
        return {
            c.id: {
                "title": c.contest.title.get(lang),
                "path": f"{prefix(lang)}contests/{c.id}/",
                "candidates": {s: self.candidate_name(c, s, lang) for s in c.contest.candidates},
            }
            for c in contests
        }

    def profile(
        self, entry: ProfileEntry, lang: str, contests: list[ContestEntry]
    ) -> tuple[dict[str, Any], str]:
        """Everything a profile page shows, and the raw text of its language."""
        p = entry.profile
        assert p is not None
        card = self.card(entry, lang)
        url = self.site_url.rstrip("/") + "/" + card["path"]
        # The one text loader (a byte-order mark dropped as in the check); the check passed it.
        text = read_text(entry.folder / f"{lang}.md", Report()) or ""
        votes = [
            self.contest(c, lang)
            for c in contests
            if c.contest.year == entry.year and entry.slug in c.contest.candidates
        ]
        data = {
            **card,
            "id": entry.id,
            "slug": entry.slug,
            "specialty": p.specialty.get(lang),
            "marks": t(lang, f"marks_{p.marks}"),
            "category_links": [
                (f"{prefix(lang)}categories/{c}/", self.ref.categories[c].name.get(lang))
                for c in p.categories
                if c in self.ref.categories
            ],
            "programs": [
                (f"{prefix(lang)}programs/{s}/", self.ref.programs[s].meta.title.get(lang))
                for s in p.programs
                if s in self.ref.programs
            ],
            "region_path": f"{prefix(lang)}regions/{p.region.lower()}/",
            "links": [(link.url, link.title.get(lang) if link.title else link.url) for link in p.links],
            "share": share_links(url, card["name"]),
            "url": url,
            "votes": votes,
            "card_image": f"cards/{entry.year}/{entry.slug}/{lang}.jpg",
            # For the search index only: the name as written in every language, and the
            # name, college and region each as typed without Kazakh letters or in Latin.
            "spellings": spellings(
                [*(p.name.get(other) for other in LANGS), card["college"], card["region_name"]],
                shown=(card["name"], card["college"], card["region_name"]),
            ),
        }
        return data, text


def description(markdown: str, limit: int = 160) -> str:
    """Plain text of a Markdown text, HTML-escaped: the theme's templates do not escape, and
    this goes into attributes (a quote or a code span's '<' could otherwise open a tag)."""
    text = re.sub(r"[#*_>`\[\]]|\(https?://[^)]*\)", "", strip_comments(markdown))
    text = " ".join(text.split())
    if len(text) > limit:
        text = text[: limit - 1].rsplit(" ", 1)[0].rstrip(",.;:—-") + "…"
    return html.escape(text, quote=True)


def share_links(url: str, title: str) -> list[tuple[str, str]]:
    """Plain links to each network's share page: no script of theirs is ever loaded."""
    u, text = quote(url, safe=""), quote(title, safe="")
    return [
        ("Telegram", f"https://t.me/share/url?url={u}&text={text}"),
        ("WhatsApp", f"https://wa.me/?text={text}%20{u}"),
        ("Facebook", f"https://www.facebook.com/sharer/sharer.php?u={u}"),
        ("VK", f"https://vk.com/share.php?url={u}&title={text}"),
        ("X", f"https://x.com/intent/post?url={u}&text={text}"),
    ]


_MENU: dict[str, tuple[str, ...]] = {
    # menu item: the first part of the page keys it is the active item for
    "home": ("home",),
    "years": ("years", "year", "profile"),
    "regions": ("regions", "region"),
    "categories": ("categories", "category"),
    "programs": ("programs", "program"),
    "contests": ("contests", "contest"),
    "receipt": ("receipt",),
    "stats": ("stats", "media"),
    "about": ("about",),
    "search": ("search",),
}


def menu(lang: str) -> list[tuple[str, str, tuple[str, ...]]]:
    """(label, path, page-key prefixes it is active for) of the main menu."""
    return [
        (
            t(lang, {"years": "archive", "receipt": "receipt_title"}.get(key, key)),
            prefix(lang) + ("" if key == "home" else f"{key}/"),
            keys,
        )
        for key, keys in _MENU.items()
    ]
