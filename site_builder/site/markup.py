"""Content HTML as it is published: rendered by the content model's one Markdown, then
sanitised against an allowlist (nh3), so a rule the checker missed still cannot put a script,
a frame or a foreign image on a page that shares its origin with the vote."""

from __future__ import annotations

import nh3

from ..content.markdown import LINK_SCHEMES, render

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
