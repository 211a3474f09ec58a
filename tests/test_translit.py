from __future__ import annotations

import pytest

from site_builder.content.translit import name_language, slugify, transliterate


@pytest.mark.parametrize(
    ("name", "slug"),
    [
        ("Ержан Сапарұлы", "yerzhan-saparuly"),
        ("Айгерім Төлегенқызы", "aigerim-tolegenkyzy"),
        ("Жәнібек Мұхамеджанұлы", "zhanibek-mukhamedzhanuly"),
        ("Жанғали Шыңғысұлы", "zhangali-shyngysuly"),
        ("Мақпал Әлиева", "makpal-aliyeva"),
        ("Һадиша Үсенова", "hadisha-usenova"),
        ("Юлия Ярославцева", "yuliya-yaroslavtseva"),
        ("Наталья Объедкова", "natalya-obyedkova"),
        ("Сергей Щукин", "sergei-shchukin"),
        ("Фёдор Хабаров", "fedor-khabarov"),
        ("Aruzhan Serikkyzy", "aruzhan-serikkyzy"),
        ("Zoë O'Neil", "zoe-oneil"),
    ],
)
def test_the_passport_transliteration(name: str, slug: str) -> None:
    assert slugify(name) == slug


def test_iotated_vowels_after_a_consonant_lose_their_y() -> None:
    assert transliterate("берен") == "beren"
    assert transliterate("любовь") == "liubov"


@pytest.mark.parametrize(
    ("name", "lang"),
    [
        ("Ержан Сапарұлы", "kk"),
        ("ІЛЬЯС", "kk"),
        ("Ержан Сапарулы", "ru"),
        ("Yerzhan Saparuly", "en"),
        ("Zoë", "en"),
        ("王芳", None),
        ("1234", None),
    ],
)
def test_the_language_of_a_name(name: str, lang: str | None) -> None:
    assert name_language(name) == lang


def test_nothing_latin_is_an_empty_slug() -> None:
    assert slugify("王芳") == ""
