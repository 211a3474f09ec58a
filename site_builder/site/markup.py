"""Content HTML as it is published: rendered by the content model's one Markdown, then
sanitised against an allowlist (nh3), so a rule the checker missed still cannot put a script,
a frame or a foreign image on a page that shares its origin with the vote."""

from __future__ import annotations

import hashlib
from pathlib import Path

import nh3

from ..content.markdown import LINK_SCHEMES, render
from ..content.memo import load_stamped, save_stamped

# What CommonMark produces for prose, and nothing else: no img, no attributes but links'.
TAGS = frozenset({
    "p", "br", "hr", "h1", "h2", "h3", "h4", "h5", "h6", "ul", "ol", "li", "blockquote",
    "pre", "code", "em", "strong", "a",
})
ATTRIBUTES = {"a": {"href", "title"}, "ol": {"start"}}


def sanitise(html: str) -> str:
    return nh3.clean(
        html,
        tags=set(TAGS),
        attributes={tag: set(names) for tag, names in ATTRIBUTES.items()},
        url_schemes=set(LINK_SCHEMES),
        link_rel="noopener noreferrer",
        strip_comments=True,
    )


def content_html(markdown: str) -> str:
    """The HTML of one page's text (profile, programme, page or category description)."""
    return sanitise(render(markdown))


def _markup_stamp() -> bytes:
    """What the HTML of a text depends on besides the text: the Markdown rules, the allowlist
    above and the two libraries."""
    from importlib.metadata import version

    sources = (Path(__file__), Path(render.__code__.co_filename))
    libraries = f"{version('markdown-it-py')}/{version('nh3')}".encode()
    return b"".join(p.read_bytes() for p in sources) + libraries


class RenderedTexts:
    """The published HTML of texts by their digest, kept between builds in one file.

    Rendering and sanitising 8,000 texts costs several CPU-seconds on every build although a
    build changes few of them; a text's HTML depends only on the text and on the rules above.
    """

    def __init__(self, path: Path | None) -> None:
        self.path = path
        self._stamp = hashlib.blake2b(_markup_stamp(), digest_size=16).hexdigest()
        self._known: dict[bytes, str] = {}
        self._used: set[bytes] = set()
        self._changed = False
        if path is not None:
            self._known = load_stamped(path, self._stamp)

    def html(self, markdown: str) -> str:
        key = hashlib.blake2b(markdown.encode(), digest_size=16).digest()
        self._used.add(key)
        found = self._known.get(key)
        if found is None:
            found = self._known[key] = content_html(markdown)
            self._changed = True
        return found

    def save(self) -> None:
        """Write the texts of this build (and no others) when any was new or dropped."""
        if self.path is None or not (self._changed or len(self._used) != len(self._known)):
            return
        save_stamped(self.path, self._stamp, {key: self._known[key] for key in self._used})
