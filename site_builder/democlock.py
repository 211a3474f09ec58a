"""The demo clock: the demo content shown on a day of its own calendar.

The demo's votes have fixed windows inside the regulation's stage dates (the regional vote
of 2026 is open in October 2026). So that ``make run`` shows an open vote on any day of any
year without bending those dates, it sets ``TOP100_DEMO_DATE``: the site build and the voting
service then both take that day as today, at the real time of day in Astana. A real
deployment leaves the variable unset and runs on the real clock.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Mapping

from .content import ALMATY

DEMO_DATE = "TOP100_DEMO_DATE"


class DemoDateError(ValueError):
    pass


def demo_date(environ: Mapping[str, str] = os.environ) -> dt.date | None:
    """The day set in ``TOP100_DEMO_DATE``, or None when it is unset or empty."""
    value = environ.get(DEMO_DATE, "").strip()
    if not value:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise DemoDateError(
            f"{DEMO_DATE}={value!r} is not a date: write it as YYYY-MM-DD (for example 2026-10-12), "
            "or unset it to use the real calendar"
        ) from None


def on_day(day: dt.date, moment: dt.datetime | None = None) -> dt.datetime:
    """``moment`` (default: now) moved onto ``day``, keeping its time of day in Astana."""
    real = (moment or dt.datetime.now(ALMATY)).astimezone(ALMATY)
    return dt.datetime.combine(day, real.timetz())


class DemoClock:
    """A clock for the voting service's ``TOP100_CLOCK``: aware datetimes on ``day``."""

    def __init__(self, day: dt.date) -> None:
        self.day = day

    def __call__(self) -> dt.datetime:
        return on_day(self.day)
