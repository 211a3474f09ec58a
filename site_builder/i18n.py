"""The project's gettext catalogs (site_builder/locales/<lang>/LC_MESSAGES/messages.po).

English source strings are the msgids; kk and ru are translated, en falls back to the msgid.
The compiled .mo files are committed beside the .po files: the core and vote installs carry
no Babel to compile them, a wheel must hold them, and `make run` on a clean clone needs no
build step. tests/test_i18n.py fails when a .mo differs from its .po or a string is missing.
"""

from __future__ import annotations

import gettext
import os
from functools import cache
from pathlib import Path

LOCALES = Path(__file__).parent / "locales"
DOMAIN = "messages"
LANGS = ("kk", "ru", "en")
DEFAULT_LANG = "en"
#: The variables gettext reads, in its order: LANGUAGE may list several (kk:ru).
LOCALE_VARIABLES = ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG")


@cache
def translation(lang: str) -> gettext.NullTranslations:
    """The catalog of ``lang``; English (the msgids) for en or an unknown language."""
    return gettext.translation(DOMAIN, LOCALES, languages=[lang], fallback=True)


def lang_from_environment(environ: dict[str, str] | None = None) -> str:
    """kk, ru or en from the locale variables (``kk_KZ.UTF-8`` → kk); en when none fits."""
    env = os.environ if environ is None else environ
    for variable in LOCALE_VARIABLES:
        for value in env.get(variable, "").split(":"):
            code = value.split(".")[0].split("@")[0].split("_")[0].split("-")[0].lower()
            if code in LANGS:
                return code
            if code and code not in ("c", "posix"):
                break
    return DEFAULT_LANG
