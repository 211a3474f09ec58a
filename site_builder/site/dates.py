"""Dates and times as the site writes them: Babel's month names (Kazakh included), in
Astana time, one pattern per language. Every date a page, feed or card shows comes from here,
and the vote widget gets its month names from here (``month_names``)."""

from __future__ import annotations

import datetime as dt

from babel.dates import format_date, get_month_names

from ..content import ALMATY
from .strings import t

# "2026 жылғы 12 қазан", "12 октября 2026 года", "12 October 2026".
_LONG_DATES = {"kk": "y 'жылғы' d MMMM", "ru": "d MMMM y 'года'", "en": "d MMMM y"}
#: The Babel locale of each language: British English writes the day before the month.
LOCALES = {"kk": "kk", "ru": "ru", "en": "en_GB"}


def long_date(day: dt.date | dt.datetime, lang: str) -> str:
    """A day in words; a moment is first put into Astana time."""
    if isinstance(day, dt.datetime):
        day = day.astimezone(ALMATY).date()
    return format_date(day, _LONG_DATES[lang], locale=LOCALES[lang])


def date_time(moment: dt.datetime, lang: str) -> str:
    """"2026 жылғы 6 қазан, 10:00": the day in words and the time in Astana."""
    local = moment.astimezone(ALMATY)
    return f"{long_date(local.date(), lang)}, {local:%H:%M}"


def zoned(moment: dt.datetime, lang: str) -> str:
    """``date_time`` naming its zone, as every time shown to voters does (they read it anywhere)."""
    return f"{date_time(moment, lang)} ({t(lang, 'time_zone')})"


def month_names(lang: str) -> list[str]:
    """The twelve month names in the form a date takes ("12 октября", "12 қазан")."""
    names = get_month_names("wide", "format", LOCALES[lang])
    return [names[i] for i in range(1, 13)]
