from __future__ import annotations

import pytest

from site_builder.content.yamlfile import YamlSyntaxError, parse_yaml


def test_every_key_and_item_has_its_line() -> None:
    data, lines = parse_yaml("name:\n  kk: Әсел\n  en: Assel\nitems:\n  - a\n  - b\n")
    assert data == {"name": {"kk": "Әсел", "en": "Assel"}, "items": ["a", "b"]}
    assert lines.line_of(("name", "en")) == 3
    assert lines.line_of(("items", 1)) == 6
    assert lines.line_of(("name", "ru")) == 1  # missing: the parent's line


def test_duplicate_keys_are_recorded() -> None:
    _, lines = parse_yaml("year: 2026\nyear: 2025\n")
    assert lines.duplicates == [(("year",), 2)]


def test_syntax_error_has_a_line() -> None:
    with pytest.raises(YamlSyntaxError) as caught:
        parse_yaml("a: 1\nb: [1, 2\nc: 3\n")
    assert caught.value.line >= 2


def test_common_yaml_mistakes_are_put_plainly() -> None:
    from site_builder.content.files import plain_yaml_problem

    with pytest.raises(YamlSyntaxError) as caught:
        parse_yaml("name:\n\tkk: Әсел\n")
    assert "Tab" in plain_yaml_problem(caught.value)
    with pytest.raises(YamlSyntaxError) as caught:
        parse_yaml("title: Vote: final\n")
    assert "needs quotes" in plain_yaml_problem(caught.value)
