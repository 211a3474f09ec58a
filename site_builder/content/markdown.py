"""The one Markdown of the site: the parser that checks a text is the parser that renders it.

CommonMark (markdown-it), nothing more: no attribute lists, no raw HTML, no images, and links
only to https:, http:, mailto: or within the site. ``markdown_issues`` reports each of these
with its line; ``render`` leaves them out, so even a text nobody checked cannot put a script
on a page (the site sanitises the result once more, see site_builder/site/markup.py).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any
from urllib.parse import urlsplit

from markdown_it import MarkdownIt
from markdown_it.token import Token

from .text import TextIssue
from .wording import N_, Phrase

LINK_SCHEMES = frozenset({"https", "http", "mailto"})

# Python-Markdown's attr_list syntax: {: #id .class key=value }, {#id}, {.class}.
ATTR_LIST_RE = re.compile(r"\{:[^{}]*\}|\{[ \t]*[#.][\w-]+[^{}]*\}|\{[^{}]*\bon[a-z]+[ \t]*=[^{}]*\}")
HANDLER_RE = re.compile(r"\bon[a-z]+[ \t\n]*=", re.IGNORECASE)
TAG_RE = re.compile(r"<\s*([a-z][a-z0-9-]*)", re.IGNORECASE)  # opening tags only
EMBEDS = frozenset({"iframe", "frame", "frameset", "object", "embed", "applet", "portal"})
FORMS = frozenset({"form", "input", "button", "textarea", "select", "option", "label", "fieldset"})
_SCRIPTS = Phrase(N_("remove it: texts cannot run scripts; a script on a page could cast votes"))
_PLAIN = Phrase(N_("remove it: texts are plain Markdown; the site adds layout, video and links itself"))


def link_allowed(href: str) -> bool:
    """https:, http: and mailto: links, and links within the site (no scheme, no host)."""
    try:
        parts = urlsplit(href)
    except ValueError:  # a malformed host such as http://[::1
        return False
    if parts.scheme:
        return parts.scheme.lower() in LINK_SCHEMES
    return not parts.netloc  # //host/... leaves the site


def _parser() -> MarkdownIt:
    md = MarkdownIt("commonmark")
    # markdown-it would silently turn [x](javascript:...) into plain text; let every link
    # through the parser so the check can name it and the renderer can drop its target.
    md.validateLink = lambda url: True  # type: ignore[method-assign]
    md.add_render_rule("html_block", _nothing)
    md.add_render_rule("html_inline", _nothing)
    md.add_render_rule("image", _nothing)
    md.add_render_rule("link_open", _link_open)
    return md


def _nothing(self: Any, tokens: Sequence[Token], idx: int, options: Any, env: Any) -> str:
    return ""


def _link_open(self: Any, tokens: Sequence[Token], idx: int, options: Any, env: Any) -> str:
    token = tokens[idx]
    if not link_allowed(str(token.attrGet("href") or "")):
        token.attrs.pop("href", None)
    result: str = self.renderToken(tokens, idx, options, env)
    return result


MARKDOWN = _parser()


def render(text: str) -> str:
    """HTML of ``text`` without raw HTML, images or links the site does not allow."""
    html: str = MARKDOWN.render(text)
    return html


def _html_issue(line: int, html: str) -> TextIssue:
    snippet = " ".join(html.split())[:40]
    names = {name.lower() for name in TAG_RE.findall(html)}
    handler = HANDLER_RE.search(html)
    if "script" in names or handler:
        what = Phrase(N_("contains a script (<script>)")) if "script" in names or handler is None \
            else Phrase(N_("contains an event handler ({found})"), found=handler.group(0).rstrip("= "))
        return TextIssue(line, "markdown.script", what, _SCRIPTS)
    if names & EMBEDS:
        return TextIssue(line, "markdown.embed",
                         Phrase(N_("contains an embedded frame or object ({found})"), found=snippet),
                         Phrase(N_("remove it: pages load nothing from other sites; the site adds layout, "
                                   "video and links itself")))
    if names & FORMS:
        return TextIssue(line, "markdown.form", Phrase(N_("contains a form or form field ({found})"), found=snippet),
                         Phrase(N_("remove it: the only form on the site is the vote")))
    return TextIssue(line, "markdown.html", Phrase(N_("contains raw HTML ({found})"), found=snippet), _PLAIN)


def _image_issue(line: int, src: str) -> TextIssue:
    if re.match(r"^(?:[a-z][a-z0-9+.-]*:|//)", src, re.IGNORECASE):
        return TextIssue(
            line, "markdown.remote-image", Phrase(N_("contains a remote image ({found})"), found=src[:60]),
            Phrase(N_("remove it: published pages load nothing from other sites; the portrait is photo.jpg")),
        )
    return TextIssue(
        line, "markdown.image", Phrase(N_("contains an image ({found})"), found=src[:60]),
        Phrase(N_("remove it: the only image of a profile is its photo.jpg")),
    )


def _attr_list_issue(line: int, found: str) -> TextIssue:
    if HANDLER_RE.search(found):
        return TextIssue(line, "markdown.script",
                         Phrase(N_("contains an event handler ({found})"), found=found[:40]), _SCRIPTS)
    return TextIssue(line, "markdown.attr-list",
                     Phrase(N_("contains an attribute list ({found})"), found=found[:40]), _PLAIN)


def _is_comment_or_closing(html: str) -> bool:
    # Instruction comments are allowed; a closing tag belongs to an opening one reported already.
    return html.strip().startswith(("<!--", "</"))


def _inline_issues(token: Token) -> list[TextIssue]:
    issues: list[TextIssue] = []
    line = (token.map or (0, 0))[0] + 1
    for child in token.children or ():
        if child.type == "html_inline" and not _is_comment_or_closing(child.content):
            issues.append(_html_issue(line, child.content))
        elif child.type == "image":
            issues.append(_image_issue(line, str(child.attrGet("src") or "")))
        elif child.type == "link_open":
            href = str(child.attrGet("href") or "")
            if not link_allowed(href):
                issues.append(TextIssue(
                    line, "markdown.link", Phrase(N_("links to '{href}'"), href=href[:60]),
                    Phrase(N_("link only to https://, http:// or mailto: addresses, or to pages of this site")),
                ))
        elif child.type == "text":
            issues.extend(_attr_list_issue(line, m.group(0)) for m in ATTR_LIST_RE.finditer(child.content))
        line += child.content.count("\n") + (child.type in {"softbreak", "hardbreak"})
    return issues


def markdown_issues(text: str) -> list[TextIssue]:
    # No HTML, link, image or attribute list is possible without one of these: skip the parser.
    if not any(char in text for char in "<[{"):
        return []
    issues: list[TextIssue] = []
    for token in MARKDOWN.parse(text):
        if token.type == "html_block" and not _is_comment_or_closing(token.content):
            issues.append(_html_issue((token.map or (0, 0))[0] + 1, token.content))
        elif token.type == "inline":
            issues.extend(_inline_issues(token))
    return issues
