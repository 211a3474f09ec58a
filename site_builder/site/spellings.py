"""The other spellings a visitor may type for a student's name, college and region.

Many phones have no Kazakh letters, so "Серікқызы" is typed "Сериккызы"; Russian texts write
it "Сериккызы" or "Серикказы"; a visitor abroad types "Serikkyzy". Pagefind matches whole
words (and their beginnings), not letters that look alike, so each profile page hands the
index these spellings as one more line of words (themes/profile.html), in every language's
index: a Kazakh page is found by its Russian and Latin spellings too.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from ..content.translit import transliterate

# A Kazakh letter as a keyboard without it types it: the nearest Russian letter.
FOLD = str.maketrans("әғқңөұүһіӘҒҚҢӨҰҮҺІ", "агкноуухиАГКНОУУХИ")
# Another Russian spelling of the patronymic ending -қызы, besides the folded one
# (applied to the folded word).
ENDINGS = {"кызы": ("казы",)}
_WORD = re.compile(r"\w+")


def words(text: str) -> list[str]:
    return _WORD.findall(text)


def spellings(texts: Iterable[str], shown: Iterable[str]) -> str:
    """Each word of ``texts`` folded to Russian letters, with its Russian endings and its
    Latin (passport) spelling, leaving out the words ``shown`` on the page already and
    repeats; one line of words, in a stable order."""
    seen = {word.casefold() for text in shown for word in words(text)}
    found: dict[str, None] = {}  # insertion-ordered set
    for text in texts:
        for word in words(text):
            folded = word.translate(FOLD)
            latin = transliterate(word)
            forms = [word, folded, latin.capitalize() if word[:1].isupper() else latin]
            for ending, others in ENDINGS.items():
                if folded.casefold().endswith(ending) and len(folded) > len(ending):
                    forms += [folded[: -len(ending)] + other for other in others]
            for form in forms:
                key = form.casefold()
                if key not in seen:
                    seen.add(key)
                    found[form] = None
    return " ".join(found)
