"""Material's page chrome rendered once per kind of page, then filled in for each page.

Of the 10 ms a profile page costs to render, about 85 % is the same for every profile in one
language and folder: Material's head, header, menus, drawer, footer and scripts. A frame is
that chrome rendered once with marked stand-ins for what differs from page to page (title,
description, addresses, the language links) and for the content block; a page is then its
own content block and a few string joins.

A frame is trusted only after it has reproduced, byte for byte, the full render of the first
two pages of its kind; otherwise that kind of page is rendered in full, as before. The kind
(``_kind``) holds everything else the chrome reads, so two pages of one kind differ only in
the stand-ins.
"""

from __future__ import annotations

import re
from typing import Any

from jinja2 import Environment, Template
from markupsafe import escape
from mkdocs.structure.pages import Page

# The templates whose content block stands alone (their macros imported inside it): profiles
# and listings, 8,000 of the 8,100 pages at N = 2,500.
FRAMED = frozenset({"profile.html", "listing.html"})
# Values that differ between pages of one kind; "alt:<lang>" are the language links.
FILLED = ("title", "description", "canonical", "og_image")
CONTENT = "content"
CHECKS = 2  # pages of each kind rendered in full and compared before the frame is trusted
_MARK = re.compile("\ue000([a-z_:]+)(\"&|&#34;&amp;)\ue001")


def _mark(name: str) -> str:
    # A quote and an ampersand, so an escaped copy (&#34;&amp;) can be told from a raw one.
    return f'\ue000{name}"&\ue001'


class _Frame:
    def __init__(self, html: str) -> None:
        # [literal, name, escaped?, literal, name, escaped?, ..., literal]
        self.parts: list[str] = _MARK.split(html)

    def fill(self, values: dict[str, str]) -> str:
        out = [self.parts[0]]
        for i in range(1, len(self.parts), 3):
            value = values[self.parts[i]]
            out.append(value if self.parts[i + 1] == '"&' else str(escape(value)))
            out.append(self.parts[i + 2])
        return "".join(out)


class Frames:
    """The frames of one build, by kind of page; ``render`` gives a page's HTML."""

    def __init__(self, env: Environment) -> None:
        self.env = env
        self.frames: dict[tuple[Any, ...], _Frame | None] = {}
        self.checked: dict[tuple[Any, ...], int] = {}
        self._wrappers: dict[str, Template] = {}
        self.filled = 0  # pages made from a frame

    @staticmethod
    def _kind(page: Page) -> tuple[Any, ...]:
        m = page.meta
        data = m.get("data") or {}
        # Everything the chrome (main.html, partials/) reads but the stand-ins: the strings and
        # the menu follow the language; the widget's words are one document per language.
        return (
            m["template"], m["lang"], page.url.rpartition("/")[0].rpartition("/")[0],
            str(m.get("key", "")).split("/")[0], m.get("demo"), m.get("demo_date"),
            m.get("widget_words"),
            *(bool(m.get(name)) for name in FILLED),
            *(data.get(name) for name in ("base", "noindex", "feed")),
            tuple(code for code, _, _ in m.get("alternates", ())),
        )  # fmt: skip

    @staticmethod
    def _values(page: Page, content: str) -> dict[str, str]:
        m = page.meta
        values = {name: str(m.get(name) or "") for name in FILLED}
        values.update({f"alt:{code}": href for code, _, href in m.get("alternates", ())})
        values[CONTENT] = content
        return values

    def _content(self, template: str, context: dict[str, Any]) -> str:
        source = self.env.get_template(template)
        return "".join(source.blocks[CONTENT](source.new_context(dict(context))))

    def _frame(self, template: str, page: Page, context: dict[str, Any]) -> _Frame:
        wrapper = self._wrappers.get(template)
        if wrapper is None:  # the page's own template, its content block a stand-in
            wrapper = self._wrappers[template] = self.env.from_string(
                f'{{% extends "{template}" %}}{{% block {CONTENT} %}}{_mark(CONTENT)}{{% endblock %}}'
            )
        real = page.meta
        marked = dict(real, **{name: _mark(name) for name in FILLED if real.get(name)})
        links = real.get("alternates", ())
        marked["alternates"] = [(code, name, _mark(f"alt:{code}")) for code, name, _ in links]
        page.meta = marked
        try:
            return _Frame(wrapper.render(context))
        finally:
            page.meta = real

    def render(self, page: Page, context: dict[str, Any]) -> str:
        """The page's HTML, from its frame once the frame has proved itself."""
        template = page.meta["template"]
        kind = self._kind(page)
        if kind not in self.frames:
            self.frames[kind] = self._frame(template, page, context)
        frame = self.frames[kind]
        if frame is None or self.checked.get(kind, 0) >= CHECKS:
            if frame is None:
                return self.env.get_template(template).render(context)
            self.filled += 1
            return frame.fill(self._values(page, self._content(template, context)))
        full = self.env.get_template(template).render(context)
        self.checked[kind] = self.checked.get(kind, 0) + 1
        if frame.fill(self._values(page, self._content(template, context))) != full:
            self.frames[kind] = None  # something in the chrome differs: render this kind in full
        return full
