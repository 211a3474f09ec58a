"""Every page of the site, planned from the content: URL, language, title, data.

Nothing here renders HTML; templates in themes/ do that with ``SitePage.data``.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

from ..content import Content, PageEntry, ProfileEntry
from ..content.schema import LANGS
from ..content.text import strip_comments
from .dates import date_time
from .model import PhotoSet, SitePage, link_alternates, prefix
from .strings import pagefind_words, t
from .views import Views, description

PAGE_SIZE = 60
CARD_WIDTH, PROFILE_WIDTH = 480, 960


@dataclass
class SitePlan:
    pages: list[SitePage]
    site_url: str
    demo: bool

    def absolute(self, path: str) -> str:
        return self.site_url.rstrip("/") + "/" + path


class Planner:
    def __init__(
        self, content: Content, photos: Mapping[str, PhotoSet], site_url: str, now: dt.datetime
    ) -> None:
        self.c, self.ref, self.photos = content, content.reference, photos
        self.statics: Mapping[str, PageEntry] = content.reference.pages
        self.site_url, self.now = site_url, now
        self.views = Views(content, photos, site_url, now)
        self.profiles = sorted(content.valid_profiles, key=lambda e: (-e.year, e.profile.name.en))  # type: ignore[union-attr]
        years = sorted({e.year for e in self.profiles}, reverse=True)
        self.years = years
        self.current_year = now.year if now.year in years else (years[0] if years else now.year)
        self.contests = sorted(content.contests, key=lambda e: (e.opens, e.id))
        self.pages: list[SitePage] = []

    def add(self, page: SitePage) -> None:
        self.pages.append(page)

    def listing(
        self,
        key: str,
        path: str,
        lang: str,
        title: str,
        description: str,
        entries: list[ProfileEntry],
        extra: dict[str, Any] | None = None,
        body: str = "",
        template: str = "listing.html",
    ) -> None:
        """A card grid, split into pages of PAGE_SIZE; filters list what the grid contains."""
        cards = [self.views.card(e, lang) for e in entries]
        if len(description) < 60:
            description = f"{description} — {t(lang, 'site_name')}. {t(lang, 'students')}: {len(cards)}."
        chunks = [cards[i : i + PAGE_SIZE] for i in range(0, len(cards), PAGE_SIZE)] or [[]]
        # (value, name, page): without JavaScript a filter is a link to the region or category page.
        regions = sorted(
            {(c["region"], c["region_name"], f"{prefix(lang)}regions/{c['region']}/") for c in cards},
            key=lambda r: r[1],
        )
        categories = [
            (cid, cat.name.get(lang), f"{prefix(lang)}categories/{cid}/")
            for cid, cat in self.ref.categories.items()
            if any(cid in c["categories"] for c in cards)
        ]
        for number, chunk in enumerate(chunks, 1):
            here = path if number == 1 else f"{path}page/{number}/"
            pager = {
                "number": number,
                "count": len(chunks),
                "previous": (path if number == 2 else f"{path}page/{number - 1}/") if number > 1 else None,
                "next": f"{path}page/{number + 1}/" if number < len(chunks) else None,
            }
            self.add(
                SitePage(
                    key if number == 1 else f"{key}/page/{number}",
                    lang,
                    here,
                    template,
                    title if number == 1 else f"{title} · {t(lang, 'page', n=number)}",
                    description,
                    body=body if number == 1 else "",
                    data={
                        "cards": chunk,
                        "total": len(cards),
                        "pager": pager,
                        "filter_regions": regions,
                        "filter_categories": categories,
                        **(extra or {}),
                    },
                )
            )

    # --- pages ---------------------------------------------------------------------
    def plan(self) -> SitePlan:
        for lang in LANGS:
            self.home(lang)
            self.static("about", lang, "page.html")
            self.add(
                SitePage(
                    "search",
                    lang,
                    f"{prefix(lang)}search/",
                    "search.html",
                    t(lang, "search"),
                    t(lang, "search_intro"),
                    data={"pagefind": pagefind_words(lang)},
                )
            )
            self.add(
                SitePage(
                    "receipt",
                    lang,
                    f"{prefix(lang)}receipt/",
                    "receipt.html",
                    t(lang, "receipt_title"),
                    t(lang, "receipt_intro"),
                    data={"contests": self.views.receipt_names(self.contests, lang)},
                )
            )
            self.not_found(lang)
            self.year_pages(lang)
            self.region_pages(lang)
            self.category_pages(lang)
            self.program_pages(lang)
            self.contest_pages(lang)
            for entry in self.profiles:
                self.profile_page(entry, lang)
        link_alternates(self.pages)
        demo = any(e.profile.demo for e in self.profiles if e.profile) or any(
            c.contest.demo for c in self.contests
        )
        return SitePlan(self.pages, self.site_url, demo)

    def not_found(self, lang: str) -> None:
        """<lang>/404.html: sent for any missing path, so its links resolve from its own
        folder (a <base> element), wherever the visitor mistyped."""
        self.add(
            SitePage(
                "notfound",
                lang,
                f"{prefix(lang)}404.html",
                "404.html",
                t(lang, "not_found_title"),
                t(lang, "not_found_text"),
                data={"base": urlsplit(self.site_url).path.rstrip("/") + "/" + prefix(lang), "noindex": True},
            )
        )

    def static(self, slug: str, lang: str, template: str) -> None:
        page = self.statics[slug]
        self.add(
            SitePage(
                slug,
                lang,
                f"{prefix(lang)}{slug}/",
                template,
                page.meta.title.get(lang),
                page.meta.description.get(lang),
                body=page.texts[lang],
            )
        )

    def home(self, lang: str) -> None:
        this_year = [e for e in self.profiles if e.year == self.current_year]
        open_votes = [c for c in self.contests if self.views.status(c) == "open"]
        # Before a year's republican stage has winners, the home shows the latest year's.
        promoted = [e for e in self.profiles if e.year <= self.current_year and e.profile
                    and e.profile.stage == "republic"]
        winners_year = max((e.year for e in promoted), default=self.current_year)
        winners = [e for e in promoted if e.year == winners_year]
        intro = self.statics["home"]
        self.add(
            SitePage(
                "home",
                lang,
                prefix(lang),
                "home.html",
                t(lang, "site_name"),
                intro.meta.description.get(lang),
                body=intro.texts[lang],
                data={
                    **self.views.home(lang, self.current_year, this_year, open_votes, winners, winners_year),
                    **share_card("home", lang, t(lang, "site_name"), [intro.meta.description.get(lang)],
                                 str(self.current_year)),
                },
            )
        )

    def index_page(self, key: str, label: str, lang: str, items: list[tuple[str, str, int]]) -> None:
        """/<key>/: links with counts (years, regions, categories, programmes)."""
        self.add(
            SitePage(
                key,
                lang,
                f"{prefix(lang)}{key}/",
                "index.html",
                t(lang, label),
                t(lang, f"{label}_intro"),
                data={"items": items},
            )
        )

    def year_pages(self, lang: str) -> None:
        counts = Counter(e.year for e in self.profiles)
        self.index_page(
            "years",
            "archive",
            lang,
            [(f"{prefix(lang)}{y}/", t(lang, "year_title", year=y), counts[y]) for y in self.years],
        )
        for year in self.years:
            self.listing(
                f"year/{year}",
                f"{prefix(lang)}{year}/",
                lang,
                t(lang, "year_students", year=year),
                t(lang, "year_students", year=year),
                [e for e in self.profiles if e.year == year],
            )

    def region_pages(self, lang: str) -> None:
        items = []
        for code, region in self.ref.regions.items():
            members = [e for e in self.profiles if e.profile and e.profile.region == code]
            name = region.name(self.current_year, lang)
            path = f"{prefix(lang)}regions/{code.lower()}/"
            items.append((path, name, len(members)))
            card = share_card(f"regions/{code.lower()}", lang, name,
                              [f"{t(lang, 'students')}: {len(members)}"], t(lang, "region"))
            self.listing(
                f"region/{code.lower()}", path, lang, name, f"{t(lang, 'site_name')}: {name}", members,
                extra=card,
            )
        items.sort(key=lambda item: item[1])
        self.index_page("regions", "regions", lang, items)

    def category_pages(self, lang: str) -> None:
        items = []
        for cid, category in self.ref.categories.items():
            members = [e for e in self.profiles if e.profile and cid in e.profile.categories]
            path = f"{prefix(lang)}categories/{cid}/"
            items.append((path, category.name.get(lang), len(members)))
            self.listing(
                f"category/{cid}",
                path,
                lang,
                category.name.get(lang),
                category.description.get(lang),
                members,
                body=category.description.get(lang),
            )
        self.index_page("categories", "categories", lang, items)

    def program_pages(self, lang: str) -> None:
        items = []
        for slug, program in self.ref.programs.items():
            members = [e for e in self.profiles if e.profile and slug in e.profile.programs]
            path = f"{prefix(lang)}programs/{slug}/"
            items.append((path, program.meta.title.get(lang), len(members)))
            self.listing(
                f"program/{slug}",
                path,
                lang,
                program.meta.title.get(lang),
                program.meta.summary.get(lang),
                members,
                body=program.texts.get(lang, ""),
                extra={"subtitle": t(lang, "program_students")},
            )
        self.index_page("programs", "programs", lang, items)

    def profile_page(self, entry: ProfileEntry, lang: str) -> None:
        data, text = self.views.profile(entry, lang, self.contests)
        page = SitePage(
            f"profile/{entry.id}",
            lang,
            data["path"],
            "profile.html",
            data["name"],
            description(text),
            body=strip_comments(text),
            data=data,
        )
        self.add(page)

    def contest_pages(self, lang: str) -> None:
        keyed = self.c.by_key()
        for contest in self.contests:
            summary = self.views.contest(contest, lang)
            members = [
                keyed[(contest.contest.year, s)]
                for s in contest.contest.candidates
                if (contest.contest.year, s) in keyed
            ]
            self.listing(
                f"contest/{contest.id}",
                summary["path"],
                lang,
                summary["title"],
                f"{summary['title']}. {t(lang, 'opens')}: {summary['opens']}",
                [m for m in members if m.profile],
                extra={
                    "contest": summary,
                    **share_card(
                        f"contests/{contest.id}",
                        lang,
                        summary["title"],
                        [summary["scope"],
                         f"{date_time(contest.opens, lang)} — {date_time(contest.closes, lang)}",
                         f"({t(lang, 'time_zone')})"],
                        f"{summary['stage_name']} · {contest.contest.year}",
                    ),
                },
                template="contest.html",
            )
        self.add(
            SitePage(
                "contests",
                lang,
                f"{prefix(lang)}contests/",
                "contests.html",
                t(lang, "contests"),
                t(lang, "contests_intro"),
                data={"contests": [self.views.contest(c, lang) for c in reversed(self.contests)]},
            )
        )


def share_card(key: str, lang: str, title: str, lines: list[str], footer: str) -> dict[str, Any]:
    """The og:image of a page without a portrait (home, region, vote): drawn by sharecards."""
    return {
        "card_image": f"cards/{key}/{lang}.jpg",
        "card": {"title": title, "lines": [line for line in lines if line], "footer": footer},
    }


def plan_site(content: Content, photos: Mapping[str, PhotoSet], site_url: str, now: dt.datetime) -> SitePlan:
    return Planner(content, photos, site_url, now).plan()


__all__ = ["SitePlan", "plan_site"]
