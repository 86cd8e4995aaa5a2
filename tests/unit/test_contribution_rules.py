"""Pure rules for anonymous contributions: pseudonym letters, what text can be posted."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.errors import BadInput
from bot.services.clean_text import TextRefused
from bot.services.contributions.rules import (
    clean_contribution,
    clean_reason,
    letters,
    parse_number,
    pseudonym,
)
from bot.text import contributions as text


@pytest.mark.parametrize(
    ("index", "expected"),
    [
        (0, "A"),
        (1, "B"),
        (25, "Z"),
        (26, "AA"),
        (27, "AB"),
        (51, "AZ"),
        (52, "BA"),
        (701, "ZZ"),
        (702, "AAA"),
    ],
)
def test_letters_go_a_to_z_then_aa(index: int, expected: str) -> None:
    assert letters(index) == expected


def test_the_pseudonym_reads_contributor_and_letters() -> None:
    assert pseudonym(27) == "Contributor AB"


@given(st.integers(0, 20_000), st.integers(0, 20_000))
def test_different_indexes_never_share_letters(a: int, b: int) -> None:
    assert (letters(a) == letters(b)) == (a == b)


def test_text_is_tidied_but_kept() -> None:
    assert clean_contribution("  Too many\u200b words.  \n\n\n\nSecond line ") == (
        "Too many words.\n\nSecond line"
    )


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (None, text.EMPTY),
        (" \n\t ", text.EMPTY),
        ("🙂🙂", text.NO_WORDS),
        ("<@123456> <#987654>", text.NO_WORDS),
        ("** ** || ||", text.NO_WORDS),
        ("bell\x07", text.CONTROL_CHARS),
        ("ab\u202ecd", text.CONTROL_CHARS),
        ("```py\nprint(1)", text.UNCLOSED_CODE),
        ("__Contributor AB__ — #12", text.FAKE_HEADER),
    ],
)
def test_unpostable_text_is_refused_in_plain_words(value: str | None, expected: str) -> None:
    with pytest.raises(BadInput) as refused:
        clean_contribution(value)
    assert refused.value.text == expected


def test_1501_characters_are_too_many() -> None:
    with pytest.raises(TextRefused) as refused:
        clean_contribution("a" * 1501)
    assert "1500 characters" in refused.value.text


@pytest.mark.parametrize(
    "value", ["I agree with Contributor B about #3.", "`#1` Contributor A", "Emoji 👍 ok"]
)
def test_ordinary_mentions_of_pseudonyms_are_fine(value: str) -> None:
    assert clean_contribution(value) == value


@pytest.mark.parametrize(("value", "expected"), [("12", 12), ("#12", 12), (" # 7 ", 7)])
def test_numbers_are_read_as_people_type_them(value: str, expected: int) -> None:
    assert parse_number(value) == expected


@pytest.mark.parametrize("value", ["", "abc", "0", "1e3", "-3", "1234567890"])
def test_other_numbers_are_refused(value: str) -> None:
    with pytest.raises(BadInput):
        parse_number(value)


def test_a_blank_reason_is_refused() -> None:
    with pytest.raises(BadInput):
        clean_reason("   ")
