"""One Markdown text of a profile, programme or page: read through the one text loader, then
its length, language and Markdown checked the same way wherever it lives."""

from __future__ import annotations

from pathlib import Path

from .files import read_text
from .markdown import markdown_issues
from .problems import Report, Severity
from .text import count_words, language_issues
from .wording import N_


def load_text(path: Path, lang: str, min_words: int, report: Report, missing_hint: str) -> str | None:
    """The text of ``path`` (None when it is missing or unreadable), every problem reported."""
    if not path.exists():
        report.add(path, 1, "text", N_("is missing"), missing_hint, "text.missing")
        return None
    text = read_text(path, report, "text")
    if text is None:
        return None
    words = count_words(text)
    if words < min_words:
        report.add(path, 1, "text", N_("has {words} words, fewer than the {min_words} required"),
                   N_("write at least {more} more words"), "words.too-few",
                   words=words, min_words=min_words, more=min_words - words)
    for issue in [*language_issues(lang, text), *markdown_issues(text)]:
        report.add(path, issue.line, "text", issue.message, issue.hint, issue.rule)
    if "<!--" in text:
        report.add(path, 1, "text", N_("still has the template's instruction comment"),
                   N_("delete the lines between <!-- and --> once the text is written"),
                   "text.template", Severity.WARNING)
    return text
