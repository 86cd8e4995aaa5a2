"""Unit tests for bot.services.readability: Flesch scores, markup, jargon and the glossary."""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.services.readability import (
    MIN_WORDS,
    JargonTerm,
    check_prompt,
    find_jargon,
    grade_of,
    is_scorable,
    load_default_glossary,
    match_term,
    reading_ease_of,
    score,
    sentences,
    strip_markup,
    syllables,
)

# 9 words, 2 sentences, 15 syllables (wa-ter, beau-ti-ful, in-for-ma-tion; the rest one each).
# Reading ease = 206.835 - 1.015 * 9/2 - 84.6 * 15/9 = 61.2675 -> 61.3
# Grade        = 0.39 * 9/2 + 11.8 * 15/9 - 15.59  = 5.8317  -> 5.8
HAND_TEXT = "Water is beautiful. The small cat likes good information."

PLAIN = "We will meet on Tuesday. Bring a cup of tea. We will talk about the new leaflet."
HARD = (
    "The multidisciplinary implementation methodology necessitates comprehensive "
    "organisational consideration of heterogeneous epidemiological characteristics."
)


@pytest.mark.parametrize(
    ("word", "count"),
    [("cat", 1), ("water", 2), ("beautiful", 3), ("information", 4), ("people", 2)],
)
def test_syllables_of_known_words(word: str, count: int) -> None:
    assert syllables(word) == count


def test_syllables_ignore_silent_e() -> None:
    assert syllables("make") == 1


def test_hand_computed_reading_ease() -> None:
    assert score(HAND_TEXT).reading_ease == 61.3


def test_hand_computed_grade() -> None:
    assert score(HAND_TEXT).grade == 5.8


def test_hand_text_counts_words() -> None:
    assert score(HAND_TEXT).words == 9


def test_hand_text_counts_sentences() -> None:
    assert score(HAND_TEXT).sentences == 2


def test_hand_text_counts_syllables() -> None:
    assert score(HAND_TEXT).syllables == 15


def test_plain_text_passes() -> None:
    assert score(PLAIN).passes(60.0)


def test_hard_text_fails() -> None:
    assert not score(HARD).passes(60.0)


def test_hard_text_has_high_grade() -> None:
    assert score(HARD).grade > 15


def test_line_break_ends_a_sentence() -> None:
    assert score("First line here\nSecond line here").sentences == 2


def test_question_and_exclamation_end_sentences() -> None:
    assert score("Is it good? Yes it is! Thank you.").sentences == 3


def test_long_sentence_is_listed() -> None:
    long = " ".join(["word"] * 21) + "."
    assert score(f"Short one. {long}").long_sentences == (" ".join(["word"] * 21),)


def test_twenty_word_sentence_is_not_long() -> None:
    assert score(" ".join(["word"] * 20) + ".").long_sentences == ()


def test_empty_text_scores_without_error() -> None:
    assert score("").words == 0


def test_empty_text_is_not_scorable() -> None:
    assert not score("").scorable


# --- short strings ------------------------------------------------------------------------


def test_short_text_is_not_scorable() -> None:
    assert not is_scorable("Agree")


def test_text_at_min_words_is_scorable() -> None:
    assert is_scorable(" ".join(["word"] * MIN_WORDS))


def test_text_below_min_words_is_not_scorable() -> None:
    assert not is_scorable(" ".join(["word"] * (MIN_WORDS - 1)))


def test_markup_does_not_count_toward_min_words() -> None:
    assert not is_scorable("Starts <t:1790000000:F> <@123> <@456> <#789> https://example.org/a/b")


def test_short_hard_text_still_passes() -> None:
    assert score("Multidisciplinary epidemiological considerations.").passes(60.0)


# --- markup -------------------------------------------------------------------------------


def test_strip_markup_removes_timestamp() -> None:
    assert "t:" not in strip_markup("Starts at <t:1790000000:F>.")


def test_strip_markup_removes_mentions() -> None:
    assert strip_markup("Hi <@123> and <@!45> in <#67> for <@&89>").split() == [
        "Hi",
        "and",
        "in",
        "for",
    ]


def test_strip_markup_removes_url() -> None:
    assert strip_markup("See https://example.org/long/path?x=1 now").split() == ["See", "now"]


def test_strip_markup_keeps_masked_link_label() -> None:
    assert strip_markup("Read [the leaflet](https://example.org/x)").split() == [
        "Read",
        "the",
        "leaflet",
    ]


def test_strip_markup_removes_bold() -> None:
    assert strip_markup("**Bold** and __under__").split() == ["Bold", "and", "under"]


def test_markup_does_not_change_score() -> None:
    marked = "**We** will meet <t:1790000000:F>. Bring a cup of <@123> tea. See https://x.org/y"
    plain = "We will meet. Bring a cup of tea. See"
    assert score(marked) == score(plain)


# --- jargon -------------------------------------------------------------------------------

GLOSSARY = {
    "cohort": "A group of people followed over time.",
    "randomised controlled trial": "A fair test where chance picks the groups.",
    "trial": "A test of something new.",
    "co-production": "Working as equals.",
    "ppi": "Patient and public involvement.",
}


def test_jargon_is_found_with_meaning() -> None:
    assert find_jargon("We will study a cohort.", GLOSSARY) == (
        JargonTerm("cohort", "A group of people followed over time."),
    )


def test_jargon_match_ignores_case() -> None:
    assert [t.term for t in find_jargon("Our PPI group", GLOSSARY)] == ["ppi"]


def test_jargon_matches_plural() -> None:
    assert [t.term for t in find_jargon("Two cohorts", GLOSSARY)] == ["cohort"]


def test_jargon_needs_whole_word() -> None:
    assert find_jargon("The cohorting plan", GLOSSARY) == ()


def test_jargon_prefers_longest_phrase() -> None:
    found = find_jargon("It was a randomised controlled trial.", GLOSSARY)
    assert [t.term for t in found] == ["randomised controlled trial"]


def test_jargon_phrase_matches_american_spelling() -> None:
    found = find_jargon("a randomized controlled trial", GLOSSARY)
    assert [t.term for t in found] == ["randomised controlled trial"]


def test_jargon_phrase_spans_line_break() -> None:
    found = find_jargon("a randomised\ncontrolled trial", GLOSSARY)
    assert [t.term for t in found] == ["randomised controlled trial"]


def test_jargon_hyphen_is_optional() -> None:
    assert [t.term for t in find_jargon("Coproduction matters", GLOSSARY)] == ["co-production"]


def test_jargon_is_listed_once_in_order_of_use() -> None:
    found = find_jargon("PPI and a cohort, then PPI again.", GLOSSARY)
    assert [t.term for t in found] == ["ppi", "cohort"]


def test_jargon_in_url_is_ignored() -> None:
    assert find_jargon("See https://example.org/cohort", GLOSSARY) == ()


def test_punctuation_only_term_is_never_found() -> None:
    assert find_jargon("Any text at all.", {"-": "dash", " ": "space"}) == ()


def test_no_glossary_finds_nothing() -> None:
    assert find_jargon("A cohort.", {}) == ()


def test_check_prompt_lists_jargon() -> None:
    report = check_prompt("What should the cohort be told?", glossary=GLOSSARY)
    assert [t.term for t in report.jargon] == ["cohort"]


def test_check_prompt_uses_its_threshold() -> None:
    report = check_prompt(PLAIN, threshold=200.0, glossary=GLOSSARY)
    assert not report.passes()


def test_plain_score_has_no_jargon() -> None:
    assert score("What should the cohort be told about the plan today?").jargon == ()


# --- default glossary ---------------------------------------------------------------------


def test_default_glossary_is_large() -> None:
    assert len(load_default_glossary()) >= 60


def test_default_glossary_keys_are_lower_case() -> None:
    assert all(term == term.lower() for term in load_default_glossary())


def test_default_glossary_has_co_production() -> None:
    assert "co-production" in load_default_glossary()


def test_default_glossary_is_a_copy() -> None:
    load_default_glossary()["cohort"] = "changed"
    assert load_default_glossary()["cohort"] != "changed"


@pytest.mark.parametrize(("term", "meaning"), sorted(load_default_glossary().items()))
def test_default_meaning_is_plain(term: str, meaning: str) -> None:
    assert score(meaning).passes(60.0), f"{term}: {score(meaning).reading_ease}"


def test_default_glossary_finds_its_own_terms() -> None:
    glossary = load_default_glossary()
    missing = [t for t in glossary if [j.term for j in find_jargon(t, glossary)] != [t]]
    assert missing == []


# --- robustness ---------------------------------------------------------------------------


@settings(deadline=None, max_examples=300)
@given(text=st.text(max_size=400))
def test_score_never_raises(text: str) -> None:
    assert score(text).words >= 0


@settings(deadline=None)
@given(text=st.text(max_size=200))
def test_find_jargon_never_raises(text: str) -> None:
    assert isinstance(find_jargon(text, GLOSSARY), tuple)


@settings(deadline=None)
@given(
    text=st.text(max_size=100),
    glossary=st.dictionaries(st.text(min_size=1, max_size=12), st.text(max_size=20), max_size=5),
)
def test_found_jargon_always_comes_from_glossary(text: str, glossary: dict[str, str]) -> None:
    assert all(hit.term in glossary for hit in find_jargon(text, glossary))


# --- published Flesch examples ------------------------------------------------------------
# "The Australian platypus is seemingly a hybrid of a mammal and reptilian creature."
# is published with 13 words, 24 syllables, reading ease 37.5 and grade 11.3 (Flesch and
# Flesch-Kincaid articles); "Green Eggs and Ham" averages 5.7 words per sentence and 1.02
# syllables per word, grade -1.3.
PLATYPUS = "The Australian platypus is seemingly a hybrid of a mammal and reptilian creature."


def test_published_platypus_counts_give_published_reading_ease() -> None:
    assert reading_ease_of(13, 1, 24) == 37.5


def test_published_platypus_counts_give_published_grade() -> None:
    assert grade_of(13, 1, 24) == 11.3


def test_scorer_counts_the_platypus_sentence_as_published() -> None:
    report = score(PLATYPUS)
    assert (report.words, report.sentences, report.syllables) == (13, 1, 24)


def test_scorer_gives_the_platypus_sentence_its_published_scores() -> None:
    report = score(PLATYPUS)
    assert (report.reading_ease, report.grade) == (37.5, 11.3)


def test_green_eggs_and_ham_ratios_give_the_published_grade() -> None:
    assert grade_of(5700, 1000, 5814) == -1.3


def test_the_cat_sat_on_the_mat_scores_116() -> None:
    assert score("The cat sat on the mat.").reading_ease == 116.1


# --- matching plurals, spellings and whole words ------------------------------------------

BIG = load_default_glossary()


@pytest.mark.parametrize(
    ("text", "term"),
    [
        ("Two trials ran.", "trial"),
        ("Our hypotheses were wrong.", "hypothesis"),
        ("The inclusion criteria are long.", "inclusion criteria"),
        ("People were randomized.", "randomised"),
        ("A person-centered plan.", "person-centred"),
        ("The randomised controlled trials.", "randomised controlled trial"),
        ("Some PPI work.", "ppi"),
        ("A focus-group today.", "focus group"),
    ],
)
def test_built_in_terms_match_plurals_and_spellings(text: str, term: str) -> None:
    assert term in [j.term for j in find_jargon(text, BIG)]


@pytest.mark.parametrize(
    ("text", "term"),
    [
        ("The studies ended.", "study"),
        ("Children's behavior.", "behaviour"),
        ("A pediatric ward.", "paediatric"),
        ("The community center.", "centre"),
        ("We analyzed it.", "analysed"),
        ("Enrollment is open.", "enrolment"),
        ("A new program.", "programme"),
    ],
)
def test_other_spellings_match(text: str, term: str) -> None:
    assert [j.term for j in find_jargon(text, {term: "x"})] == [term]


@pytest.mark.parametrize(
    "text",
    ["An industrial estate.", "Retrial of the case.", "Trialling it", "A cohorting plan."],
)
def test_a_term_inside_another_word_is_not_found(text: str) -> None:
    assert find_jargon(text, {"trial": "A test.", "cohort": "A group."}) == ()


def test_match_term_takes_a_plural_as_the_word() -> None:
    assert match_term("Cohorts", BIG) == "cohort"


def test_match_term_needs_the_whole_query() -> None:
    assert match_term("cohort study design", BIG) is None


def test_sentences_come_with_word_counts() -> None:
    assert sentences("One two three. Four five!") == [("One two three", 3), ("Four five", 2)]


# --- the built-in glossary ----------------------------------------------------------------


def test_built_in_glossary_has_at_least_150_terms() -> None:
    assert len(BIG) >= 150


@pytest.mark.parametrize(
    "term",
    [
        "trial",
        "cohort",
        "efficacy",
        "qualitative",
        "methodology",
        "intervention",
        "stakeholder",
        "randomised",
        "longitudinal",
        "heterogeneous",
        "protocol",
        "consent form",
        "ethics committee",
        "ppi",
        "co-production",
    ],
)
def test_built_in_glossary_has_the_core_terms(term: str) -> None:
    assert term in BIG
