"""Rules for the Markdown texts: length, language and script (what the Markdown may contain
is in ``markdown``).

Everything is decided locally from the letters themselves: no network, no model.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from .wording import N_, Phrase

MIN_WORDS_PROFILE = 250
MIN_WORDS_PROGRAM = 120

# A word is a run of letters or digits, with inner hyphens or apostrophes ("іс-шара",
# "O'Brien"), so Kazakh letters count like any other; Markdown punctuation does not.
WORD_RE = re.compile(r"[^\W_]+(?:[-'’][^\W_]+)*")
COMMENT_RE = re.compile(r"<!--.*?-->", re.DOTALL)
LINK_TARGET_RE = re.compile(r"\]\([^)]*\)")
CYRILLIC_RE = re.compile(r"[\u0400-\u04FF]")
LATIN_RE = re.compile(r"[A-Za-z\u00C0-\u024F]")
KAZAKH_RE = re.compile(r"[әғқңөұүһіӘҒҚҢӨҰҮҺІ]")



@dataclass(frozen=True)
class TextIssue:
    line: int
    rule: str
    message: str
    hint: str


def strip_comments(text: str) -> str:
    """Editors' instruction comments are not part of the text; keep line numbers intact."""
    return COMMENT_RE.sub(lambda m: "\n" * m.group(0).count("\n"), text)


def count_words(text: str) -> int:
    prose = LINK_TARGET_RE.sub("]", strip_comments(text))
    return len(WORD_RE.findall(prose))


def _paragraphs(text: str) -> Iterator[tuple[int, str]]:
    start, chunk = 0, list[str]()
    for number, line in enumerate(text.splitlines(), 1):
        if line.strip():
            if not chunk:
                start = number
            chunk.append(line)
        elif chunk:
            yield start, "\n".join(chunk)
            chunk = []
    if chunk:
        yield start, "\n".join(chunk)


def _script_issue(lang: str, line: int, text: str, whole: bool) -> TextIssue | None:
    cyrillic = len(CYRILLIC_RE.findall(text))
    latin = len(LATIN_RE.findall(text))
    letters = cyrillic + latin
    # A short paragraph ("WorldSkills", a list item) says too little about its language;
    # English is stricter: a single Cyrillic letter is already wrong there.
    if letters == 0 or (lang != "en" and not whole and letters < 60):
        return None
    # Whole sentences for the text and for a paragraph, so that kk and ru can decline them.
    if lang == "en":
        if cyrillic:
            word = next(w for w in WORD_RE.findall(text) if CYRILLIC_RE.search(w))
            return TextIssue(
                line, "text.script",
                Phrase(N_("the text has Cyrillic letters ('{word}')") if whole
                       else N_("this paragraph has Cyrillic letters ('{word}')"), word=word),
                Phrase(N_("en.md must be in English only: transliterate names (Qazaqstan, Aruzhan)")),
            )
        return None
    if latin > 0.5 * letters:
        return TextIssue(line, "text.script", *_LATIN[lang, whole])
    kazakh = len(KAZAKH_RE.findall(text))
    if lang == "kk" and kazakh < 0.015 * cyrillic:
        return TextIssue(
            line, "text.language",
            Phrase(N_("the text looks Russian, not Kazakh (no ә ғ қ ң ө ұ ү һ і in {cyrillic} Cyrillic letters)")
                   if whole else
                   N_("this paragraph looks Russian, not Kazakh (no ә ғ қ ң ө ұ ү һ і in {cyrillic} Cyrillic "
                      "letters)"), cyrillic=cyrillic),
            Phrase(N_("kk.md must be in Kazakh; move Russian text to ru.md")),
        )
    if lang == "ru" and kazakh > 0.03 * cyrillic:
        return TextIssue(
            line, "text.language",
            Phrase(N_("the text looks Kazakh, not Russian ({kazakh} Kazakh letters)") if whole
                   else N_("this paragraph looks Kazakh, not Russian ({kazakh} Kazakh letters)"), kazakh=kazakh),
            Phrase(N_("ru.md must be in Russian; move Kazakh text to kk.md")),
        )
    if lang == "ru" and latin > 0.2 * letters:
        return TextIssue(
            line, "text.script",
            Phrase(N_("the text has too much Latin text for Russian ({latin} of {letters} letters)") if whole
                   else N_("this paragraph has too much Latin text for Russian ({latin} of {letters} letters)"),
                   latin=latin, letters=letters),
            Phrase(N_("ru.md must be in Russian; keep only names like WorldSkills in Latin")),
        )
    return None


# A kk or ru text in Latin letters: (message, hint) by language and whole text or paragraph.
_LATIN = {
    ("kk", True): (Phrase(N_("the text is written in Latin letters, not in Kazakh")),
                   Phrase(N_("kk.md must be in Kazakh (Cyrillic); move English text to en.md"))),
    ("kk", False): (Phrase(N_("this paragraph is written in Latin letters, not in Kazakh")),
                    Phrase(N_("kk.md must be in Kazakh (Cyrillic); move English text to en.md"))),
    ("ru", True): (Phrase(N_("the text is written in Latin letters, not in Russian")),
                   Phrase(N_("ru.md must be in Russian (Cyrillic); move English text to en.md"))),
    ("ru", False): (Phrase(N_("this paragraph is written in Latin letters, not in Russian")),
                    Phrase(N_("ru.md must be in Russian (Cyrillic); move English text to en.md"))),
}


def language_issues(lang: str, text: str) -> list[TextIssue]:
    """The whole text, then each paragraph: a Russian paragraph hiding in kk.md is caught too."""
    prose = strip_comments(text)
    whole = _script_issue(lang, 1, prose, whole=True)
    if whole is not None:
        return [whole]
    issues = []
    for line, paragraph in _paragraphs(prose):
        issue = _script_issue(lang, line, paragraph, whole=False)
        if issue is not None:
            issues.append(issue)
    return issues
