"""Problem wording that every editor's language can show.

A check writes its message as an English template with named placeholders, marked with
``N_`` for the catalog, and the values that fill it: ``Phrase(N_("says {year} but …"),
year=2025)``. The result *is* the English text (a ``str``), so problems compare, sort and
hash as before and code that only needs English reads it as any string; it also keeps the
template and the values, so ``say("kk")`` looks the template up in the gettext catalog
(site_builder/locales) when the problem is shown. The check itself never needs to know a
language.

A value may itself be a Phrase (said in the same language) or a :class:`Named` code, which
shows its name in that language beside the code: ``KZ-75 (Алматы қаласы)``.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from ..i18n import DEFAULT_LANG, translation


def N_(message: str) -> str:
    """Marks a template for ``pybabel extract``; it is translated when the problem is shown."""
    return message


class Named(str):
    """A code (region, category, programme, college) shown with its name in the language
    asked: ``KZ-75 (Almaty City)``, ``KZ-75 (Алматы қаласы)``; ``quoted`` puts the code in
    quotes (``'leaders' (Көшбасшылар)``), ``alone`` shows the name only."""

    code: str
    names: dict[str, str]
    style: str

    def __new__(cls, code: str, names: Mapping[str, str], style: str = "code") -> Named:
        self = super().__new__(cls, _with_name(code, names.get(DEFAULT_LANG, ""), style))
        self.code, self.names, self.style = code, dict(names), style
        return self

    def say(self, lang: str) -> str:
        return _with_name(self.code, self.names.get(lang) or self.names.get(DEFAULT_LANG, ""), self.style)

    def __reduce__(self) -> tuple[Any, ...]:  # for the worker processes of the check
        return (Named, (self.code, self.names, self.style))


def _with_name(code: str, name: str, style: str) -> str:
    if style == "alone":
        return name or code
    shown = f"'{code}'" if style == "quoted" else code
    return f"{shown} ({name})" if name and name != code else shown


class Joined(str):
    """A list of values, each said in the language asked: ``a, b (Name), c``."""

    items: tuple[object, ...]

    def __new__(cls, items: Iterable[object]) -> Joined:
        kept = tuple(items)
        self = super().__new__(cls, ", ".join(map(str, kept)))
        self.items = kept
        return self

    def say(self, lang: str) -> str:
        return ", ".join(say(item, lang) for item in self.items)

    def __reduce__(self) -> tuple[Any, ...]:
        return (Joined, (self.items,))


class Phrase(str):
    """English text made from a template and values, which it keeps to say it again in kk or ru."""

    template: str
    values: dict[str, object]

    def __new__(cls, template: str, /, **values: object) -> Phrase:
        self = super().__new__(cls, _fill(template, values, DEFAULT_LANG))
        self.template, self.values = template, values
        return self

    def say(self, lang: str) -> str:
        if lang == DEFAULT_LANG:
            return str(self)
        return _fill(translation(lang).gettext(self.template), self.values, lang)

    def __reduce__(self) -> tuple[Any, ...]:
        return (_phrase, (self.template, self.values))


def _phrase(template: str, values: dict[str, object]) -> Phrase:
    return Phrase(template, **values)


def _fill(template: str, values: Mapping[str, object], lang: str) -> str:
    return template.format_map({key: say(value, lang) for key, value in values.items()})


def say(text: object, lang: str) -> str:
    """``text`` in ``lang``: a Phrase or Named is translated, anything else shown as it is."""
    if isinstance(text, Phrase | Named | Joined):
        return text.say(lang)
    return str(text)


__all__ = ["N_", "Joined", "Named", "Phrase", "say"]
