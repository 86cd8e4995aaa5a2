"""Unit and property tests for bot.services.clean_text: what is saved is what people see."""

from __future__ import annotations

import unicodedata

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.services.clean_text import INVISIBLE, TextRefused, clean_text, has_visible

RLO = "\u202e"  # right-to-left override
ZWSP = "\u200b"
ZWJ = "\u200d"
ZWNJ = "\u200c"


def refusal(value: str, **kwargs: object) -> str:
    with pytest.raises(TextRefused) as info:
        clean_text(value, what="title", **kwargs)  # type: ignore[arg-type]
    return info.value.reason


@pytest.mark.parametrize(
    "value",
    [ZWSP, ZWSP * 5, f"{ZWSP} {RLO}", "\u2066\u2069", "\u3164", "\u2800", "\u00ad\ufeff", "\u0301"],
)
def test_text_with_nothing_visible_is_refused(value: str) -> None:
    assert refusal(value) == "invisible"


def test_refusal_names_the_field_in_plain_words() -> None:
    with pytest.raises(TextRefused) as info:
        clean_text(ZWSP, what="payee name")
    assert "payee name" in info.value.text


@pytest.mark.parametrize("value", ["", "   ", "\n\t "])
def test_only_spaces_counts_as_nothing_typed(value: str) -> None:
    assert clean_text(value, what="note") is None


def test_none_stays_none() -> None:
    assert clean_text(None, what="note") is None


def test_right_to_left_override_is_removed() -> None:
    assert clean_text(f"Ann{RLO}eman", what="name") == "Anneman"


def test_zero_width_space_inside_a_word_is_removed() -> None:
    assert clean_text(f"Bud{ZWSP}get", what="code") == "Budget"


def test_emoji_joiner_is_kept() -> None:
    family = f"\U0001f469{ZWJ}\U0001f4bb"  # woman technologist
    assert clean_text(family, what="title") == family


def test_non_joiner_in_persian_is_kept() -> None:
    word = f"\u0645\u06cc{ZWNJ}\u062e\u0648\u0627\u0647\u0645"  # "I want", with a ZWNJ
    assert clean_text(word, what="title") == word


def test_england_flag_keeps_its_tags() -> None:
    england = "\U0001f3f4\U000e0067\U000e0062\U000e0065\U000e006e\U000e0067\U000e007f"
    assert clean_text(f"Go {england}", what="title") == f"Go {england}"


def test_stray_tag_characters_are_removed() -> None:
    hidden = "".join(chr(0xE0000 + ord(c)) for c in "pay me")
    assert clean_text(f"Hello{hidden}", what="note") == "Hello"


def test_text_is_normalised_to_nfc() -> None:
    assert clean_text("Cafe\u0301", what="title") == "Caf\u00e9"


def test_spaces_and_line_breaks_become_one_space() -> None:
    assert clean_text("  Week\t1 \n\n plan  ", what="title") == "Week 1 plan"


def test_control_characters_are_removed() -> None:
    assert clean_text("Bus\x00 fare\x07", what="note") == "Bus fare"


def test_multiline_keeps_line_breaks() -> None:
    assert clean_text("One\r\nTwo  words\n\n\n\nThree", what="agenda", multiline=True) == (
        "One\nTwo words\n\nThree"
    )


def test_limit_counts_what_is_kept() -> None:
    assert clean_text("ab" + ZWSP * 10, what="code", limit=2) == "ab"


def test_text_over_the_limit_is_refused() -> None:
    assert refusal("abc", limit=2) == "too_long"


def test_plain_text_is_unchanged() -> None:
    assert clean_text("Planning meeting: week 3", what="title") == "Planning meeting: week 3"


# --- properties ---------------------------------------------------------------------------

MIXED = st.text(
    alphabet=st.one_of(
        st.characters(codec="utf-8"),
        st.sampled_from([*sorted(INVISIBLE), ZWJ, ZWNJ, " ", "\n", "\t", "\U000e0041"]),
    ),
    max_size=40,
)


@settings(deadline=None, max_examples=400)
@given(value=MIXED, multiline=st.booleans())
def test_kept_text_has_no_hidden_characters_and_something_visible(
    value: str, multiline: bool
) -> None:
    try:
        cleaned = clean_text(value, what="note", multiline=multiline)
    except TextRefused:
        return
    if cleaned is None:
        assert not value.strip()
        return
    assert (
        INVISIBLE.isdisjoint(cleaned),
        has_visible(cleaned),
        unicodedata.is_normalized("NFC", cleaned),
        cleaned == cleaned.strip(),
    ) == (True, True, True, True)


@settings(deadline=None, max_examples=200)
@given(value=MIXED)
def test_cleaning_twice_changes_nothing(value: str) -> None:
    try:
        once = clean_text(value, what="note")
    except TextRefused:
        return
    assert clean_text(once, what="note") == once


@settings(deadline=None, max_examples=200)
@given(value=st.text(alphabet=st.sampled_from([*sorted(INVISIBLE), " ", "\n"]), min_size=1))
def test_hidden_characters_alone_never_pass(value: str) -> None:
    try:
        cleaned = clean_text(value, what="note")
    except TextRefused:
        return
    assert (cleaned, value.strip()) == (None, "")
