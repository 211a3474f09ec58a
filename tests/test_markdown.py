"""The one Markdown: what the check refuses, the renderer leaves out and nh3 strips anyway."""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any

import pytest

from site_builder.content.markdown import link_allowed, markdown_issues, render
from site_builder.plugin import Top100Plugin
from site_builder.site.markup import content_html, sanitise
from site_builder.site.model import SitePage

LEAD = "Бірінші жол.\n\n"


@pytest.mark.parametrize(
    ("snippet", "rule"),
    [
        ("[сілтеме](javascript:alert(1))", "markdown.link"),
        ("[сілтеме](JaVaScRiPt:alert(1))", "markdown.link"),
        ("<javascript:alert(1)>", "markdown.link"),
        ("[сілтеме](data:text/html;base64,PHNjcmlwdD4=)", "markdown.link"),
        ("[сілтеме](//evil.example/)", "markdown.link"),
        ("[сілтеме][x]\n\n[x]: vbscript:msgbox", "markdown.link"),
        ('Мәтін\n{: onclick="alert(2)" }', "markdown.script"),
        ("## Тақырып {: #id .class }", "markdown.attr-list"),
        ("Мәтін {.lead}", "markdown.attr-list"),
        ('<a href="#" onmouseover="alert(1)">x</a>', "markdown.script"),
        ("<div>\n<script>alert(1)</script>\n</div>", "markdown.script"),
        ('<iframe src="https://example.com"></iframe>', "markdown.embed"),
        ("<object data=x.swf></object>", "markdown.embed"),
        ('<form action="https://example.com"><input name=a></form>', "markdown.form"),
        ("Мәтін <button>бас</button>", "markdown.form"),
        ("<div>Сәлем</div>", "markdown.html"),
        ("![](https://example.com/a.png)", "markdown.remote-image"),
        ("![](team.png)", "markdown.image"),
    ],
)
def test_each_way_out_of_plain_markdown_has_its_rule_and_line(snippet: str, rule: str) -> None:
    issues = markdown_issues(LEAD + snippet + "\n")
    assert [i.rule for i in issues][:1] == [rule]
    assert issues[0].line == (4 if snippet.startswith("Мәтін\n") else 3)


def test_lines_follow_soft_breaks() -> None:
    text = "Бір\nекі\nүш [x](javascript:void(0))\n\nтөрт\n{: .wide }\n"
    found = [(i.line, i.rule) for i in markdown_issues(text)]
    assert found == [(3, "markdown.link"), (6, "markdown.attr-list")]


@pytest.mark.parametrize(
    "text",
    [
        "<!-- instructions -->\nSee <https://example.kz> and 3 < 5.\n",
        "[Орлеу](https://example.kz/orleu), [хат](mailto:info@example.kz), [бет](../2026/), [тақ](#top)",
        "Код: `{: .x}` және `<b>`\n\n    <script>ішінде код</script>\n",
        "Фигуралы жақша {бос} және {1, 2}",
    ],
)
def test_plain_markdown_passes(text: str) -> None:
    assert markdown_issues(text) == []


@pytest.mark.parametrize(
    ("href", "allowed"),
    [
        ("https://example.kz/", True), ("http://example.kz", True), ("mailto:a@example.kz", True),
        ("../2026/aruzhan/", True), ("/ru/", True), ("#top", True),
        ("javascript:alert(1)", False), ("JAVASCRIPT:x", False), ("data:text/html,x", False),
        ("//evil.example/", False), ("ftp://example.kz", False), ("http://[::1", False),
    ],
)
def test_link_policy(href: str, allowed: bool) -> None:
    assert link_allowed(href) is allowed


def test_the_renderer_leaves_out_what_the_check_refuses() -> None:
    html = render(
        "[a](javascript:alert(1)) [b](https://example.kz)\n\n<script>alert(1)</script>\n\n"
        "x <img src=x onerror=alert(1)> ![i](https://example.com/t.png)\n\n{: onclick=\"alert(2)\" }\n"
    )
    assert "javascript:" not in html
    assert "<script" not in html and "onerror" not in html and "<img" not in html
    assert '<a href="https://example.kz">b</a>' in html
    assert "onclick" in html and "<p>{: onclick" in html  # shown as text, never an attribute


def test_sanitiser_strips_what_markup_could_still_carry() -> None:
    dirty = (
        '<p onclick="x()">a<script>alert(1)</script><a href="javascript:alert(1)">b</a>'
        '<iframe src="https://example.com"></iframe><img src="https://example.com/a.png">'
        '<a href="https://example.kz" style="color:red">c</a></p><!-- c --><form><input></form>'
    )
    clean = sanitise(dirty)
    assert clean == '<p>a<a rel="noopener noreferrer">b</a><a href="https://example.kz" ' \
        'rel="noopener noreferrer">c</a></p>'


def test_content_html_keeps_prose() -> None:
    html = content_html("## Жетістіктер\n\n*Бір* **екі** `үш`\n\n- төрт\n\n1. бес\n\n> алты\n")
    for tag in ("<h2>", "<em>", "<strong>", "<code>", "<ul>", "<ol>", "<blockquote>"):
        assert tag in html


def test_the_plugin_publishes_the_text_through_the_sanitiser() -> None:
    plugin = Top100Plugin()
    spec = SitePage("profile/2026/x", "kk", "2026/x/", "profile.html", "X", "",
                    body="Мәтін [сілтеме](javascript:alert(1))\n\n<script>alert(1)</script>\n")
    plugin.by_uri = {spec.src_uri: spec}
    page: Any = SimpleNamespace(file=SimpleNamespace(src_uri=spec.src_uri))
    # Whatever MkDocs made of the file is replaced by the checked renderer's output.
    html = plugin.on_page_content('<p onclick="x">mkdocs</p>', page=page, config=None, files=None)  # type: ignore[arg-type]
    assert html == '<p>Мәтін <a rel="noopener noreferrer">сілтеме</a></p>\n'


def test_a_page_description_from_a_text_cannot_leave_its_attribute() -> None:
    from site_builder.site.views import description

    text = 'Ол: "сәлем" деді. `"><script>alert(1)</script>` және 3 < 5 & 6'
    expected = "Ол: &quot;сәлем&quot; деді. &quot;&lt;scriptalert(1)&lt;/script және 3 &lt; 5 &amp; 6"
    assert description(text) == expected
