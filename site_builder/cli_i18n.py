"""The language of one run of ``top100`` (``--lang``, else the locale) and its gettext, for
every command module (cli.py, publicity/printing.py)."""

from __future__ import annotations

import gettext

import click

from .i18n import lang_from_environment, translation

# Where the group's --lang is kept, in the root context of the run.
LANG_KEY = "top100.lang"


def run_lang() -> str:
    ctx = click.get_current_context(silent=True)
    lang = ctx.find_root().meta.get(LANG_KEY) if ctx else None
    return str(lang or lang_from_environment())


def _catalog() -> gettext.NullTranslations:
    return translation(run_lang())


def _(message: str) -> str:
    return _catalog().gettext(message)


def ngettext(singular: str, plural: str, n: int) -> str:
    return _catalog().ngettext(singular, plural, n)
