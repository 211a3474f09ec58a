"""Latin folder names from names typed in Kazakh, Russian or English.

The table is the transliteration Kazakh passports use (the ICAO Doc 9303 letters with the
Kazakh-specific ones folded into their nearest Latin letter): Ержан Сапарұлы → yerzhan-saparuly,
Айгерім Төлегенқызы → aigerim-tolegenkyzy. A library such as ``transliterate`` knows Russian
only and gives "erzhan" and "Ajgerim", names no passport carries, so the table lives here.
"""

from __future__ import annotations

import re
import unicodedata

#: Letters that only Kazakh Cyrillic has: a name with one of them is written in Kazakh.
KAZAKH_LETTERS = frozenset("әғқңөұүһі")

_VOWELS = frozenset("аәеёиоөуұүыіэюя")
#: Е, Ё, Ю and Я start with a Y sound at the start of a word and after a vowel or a sign.
_IOTATED = {"е": ("ye", "e"), "ё": ("yo", "e"), "ю": ("yu", "iu"), "я": ("ya", "ia")}
_LETTERS = {
    "а": "a", "ә": "a", "б": "b", "в": "v", "г": "g", "ғ": "g", "д": "d", "ж": "zh", "з": "z",
    "и": "i", "й": "i", "к": "k", "қ": "k", "л": "l", "м": "m", "н": "n", "ң": "n", "о": "o",
    "ө": "o", "п": "p", "р": "r", "с": "s", "т": "t", "у": "u", "ұ": "u", "ү": "u", "ф": "f",
    "х": "kh", "һ": "h", "ц": "ts", "ч": "ch", "ш": "sh", "щ": "shch", "ъ": "", "ы": "y",
    "і": "i", "ь": "", "э": "e", "'": "", "’": "",
}


def transliterate(text: str) -> str:
    """The Latin spelling of a Cyrillic (Kazakh or Russian) text, lower case."""
    out: list[str] = []
    previous = ""
    for char in text.casefold():
        if char in _IOTATED:
            initial, inner = _IOTATED[char]
            out.append(initial if not previous.isalpha() or previous in _VOWELS or previous in "ъь"
                       else inner)
        else:
            out.append(_LETTERS.get(char, char))
        previous = char
    return "".join(out)


def slugify(name: str) -> str:
    """A folder name: lowercase Latin letters, digits and hyphens ('' when none are left)."""
    text = unicodedata.normalize("NFKD", transliterate(name))
    text = text.encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", text).strip("-")


def name_language(name: str) -> str | None:
    """kk for Kazakh letters, ru for other Cyrillic, en for Latin, None for anything else."""
    letters = [c for c in name.casefold() if c.isalpha()]
    if not letters:
        return None
    if any(c in KAZAKH_LETTERS for c in letters):
        return "kk"
    if any("а" <= c <= "я" or c == "ё" for c in letters):
        return "ru"
    if all(c.isascii() or unicodedata.name(c, "").startswith("LATIN") for c in letters):
        return "en"
    return None
