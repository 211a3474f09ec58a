from __future__ import annotations

import pytest

from site_builder.content.markdown import markdown_issues
from site_builder.content.text import count_words, language_issues

KK = (
    "Студент колледжде оқып жүр және өңірлік чемпионатта жеңіске жетті. Ол достарымен бірге "
    "жаңа жоба құрып, мектеп оқушыларына көмектесті. Әр аптада шеберлік сағатын өткізеді."
)
RU = (
    "Студентка учится в колледже и победила в региональном чемпионате. Вместе с друзьями она "
    "создала новый проект и помогала школьникам. Каждую неделю она проводит мастер-классы."
)
EN = (
    "The student studies at the college and won the regional championship. Together with "
    "friends she started a new project and helped school pupils. Every week she runs workshops."
)


def test_counts_kazakh_words_as_a_reader_would() -> None:
    assert count_words("Әсел — «Өрлеу» жобасының қатысушысы, іс-шараны 2026 жылы өткізді.") == 8


def test_markdown_syntax_and_comments_are_not_words() -> None:
    text = "<!-- нұсқаулық мұнда -->\n## Жетістіктер\n\n- **Алтын** медаль [сайт](https://a.kz/x/y)\n"
    assert count_words(text) == 4


@pytest.mark.parametrize(("lang", "text"), [("kk", KK), ("ru", RU), ("en", EN)])
def test_right_language_passes(lang: str, text: str) -> None:
    assert language_issues(lang, text) == []


@pytest.mark.parametrize(
    ("lang", "text", "rule"),
    [
        ("kk", RU, "text.language"),
        ("kk", EN, "text.script"),
        ("ru", KK, "text.language"),
        ("ru", EN, "text.script"),
        ("en", EN + " Аружан", "text.script"),
    ],
)
def test_wrong_language_is_named(lang: str, text: str, rule: str) -> None:
    assert [issue.rule for issue in language_issues(lang, text)] == [rule]


def test_a_russian_paragraph_inside_kazakh_text_is_found_with_its_line() -> None:
    text = f"{KK}\n\n{KK}\n\n{RU}\n"
    issues = language_issues("kk", text)
    assert [(i.line, i.rule) for i in issues] == [(5, "text.language")]


def test_english_brand_names_in_russian_are_fine() -> None:
    assert language_issues("ru", RU + " Она участвовала в WorldSkills Kazakhstan.") == []


@pytest.mark.parametrize(
    ("snippet", "rule"),
    [
        ("<div>Сәлем</div>", "markdown.html"),
        ("Мәтін <span>ішінде</span>", "markdown.html"),
        ("<script src=x.js></script>", "markdown.script"),
        ("![](https://example.com/a.png)", "markdown.remote-image"),
        ("![](//example.com/a.png)", "markdown.remote-image"),
        ("![](team.png)", "markdown.image"),
    ],
)
def test_markdown_that_is_not_plain_text_is_refused(snippet: str, rule: str) -> None:
    issues = markdown_issues(f"Бірінші жол.\n\n{snippet}\n")
    assert [(i.rule, i.line) for i in issues] == [(rule, 3)]


def test_comments_autolinks_and_comparisons_are_allowed() -> None:
    text = "<!-- instructions -->\nSee <https://example.kz> and 3 < 5.\n"
    assert markdown_issues(text) == []
