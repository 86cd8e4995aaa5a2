"""Plain-language checks: Flesch reading ease, Flesch-Kincaid grade and jargon.

Formulas (Flesch 1948; Kincaid et al. 1975), over words, sentences and syllables:

* reading ease = 206.835 - 1.015 * words/sentences - 84.6 * syllables/words
* grade        = 0.39 * words/sentences + 11.8 * syllables/words - 15.59

Counting rules:

* Discord markup is removed first: code blocks and inline code, URLs, timestamps
  (``<t:123:F>``), mentions (``<@123>``, ``<#123>``, ``<@&123>``), custom emoji, and the
  formatting characters ``* _ ~ | ` >`` and heading ``#``. A masked link keeps its label.
* A sentence ends at ``.``, ``!``, ``?`` or a line break; pieces without words are dropped.
* A word is a run of letters (an apostrophe inside, as in "don't", is part of the word).
  Digits are not words.
* Syllables per word: the larger of pyphen's en_GB hyphenation points + 1 and a vowel-group
  count (pyphen will not split near word ends, so "people" would otherwise be 1).

Text with fewer than `MIN_WORDS` words is not scored (see `is_scorable`): the formulas mean
little for button labels, titles and one-line replies, and such text always passes.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from functools import cache, lru_cache
from importlib import resources
from typing import Final

import pyphen

__all__ = [
    "MIN_WORDS",
    "JargonTerm",
    "ReadabilityReport",
    "check_prompt",
    "find_jargon",
    "grade_of",
    "is_scorable",
    "load_default_glossary",
    "match_term",
    "reading_ease_of",
    "score",
    "sentences",
    "strip_markup",
    "syllables",
    "warm_up",
]

MIN_WORDS: Final = 8
LONG_SENTENCE: Final = 20
DEFAULT_THRESHOLD: Final = 60.0

_PYPHEN: Final = pyphen.Pyphen(lang="en_GB")

_MARKUP: Final = [
    (re.compile(r"```.*?```", re.DOTALL), " "),
    (re.compile(r"`[^`\n]*`"), " "),
    (re.compile(r"\[([^\]\n]*)\]\(\s*<?https?://[^)\s]*>?\s*\)"), r"\1"),
    (re.compile(r"<?https?://\S+"), " "),
    (re.compile(r"<t:-?\d+(?::[tTdDfFR])?>"), " "),
    (re.compile(r"<(?:@[!&]?|#)\d+>"), " "),
    (re.compile(r"<a?:\w+:\d+>"), " "),
    (re.compile(r"</[\w -]+:\d+>"), " "),
    (re.compile(r"^\s*(?:#{1,3}|-#|>{1,3})\s+", re.MULTILINE), ""),
    (re.compile(r"[*_~|`]+"), " "),
]
_SENTENCE_END: Final = re.compile(r"[.!?]+|\n+")
_WORD: Final = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)*")
_VOWELS: Final = re.compile(r"[aeiouy]+")
_HAS_WORD: Final = re.compile(r"[^\W_]")


@dataclass(frozen=True)
class JargonTerm:
    """A glossary term found in a text, with its plain meaning."""

    term: str
    meaning: str


@dataclass(frozen=True)
class ReadabilityReport:
    """How easy a text is to read, and what in it makes it harder."""

    reading_ease: float
    grade: float
    words: int
    sentences: int
    syllables: int
    long_sentences: tuple[str, ...] = ()
    jargon: tuple[JargonTerm, ...] = ()
    scorable: bool = True
    threshold: float = DEFAULT_THRESHOLD

    def passes(self, threshold: float | None = None) -> bool:
        """True when the text is too short to score or its reading ease meets the threshold."""
        limit = self.threshold if threshold is None else threshold
        return not self.scorable or self.reading_ease >= limit


def strip_markup(text: str) -> str:
    """Remove Discord markup (mentions, timestamps, URLs, formatting) before scoring."""
    for pattern, replacement in _MARKUP:
        text = pattern.sub(replacement, text)
    return text


def _vowel_groups(word: str) -> int:
    """Rough syllable count from vowel groups, with the common silent endings removed."""
    low = word.lower().replace("’", "'")
    count = len(_VOWELS.findall(low))
    if count > 1 and (
        (low.endswith("e") and not low.endswith(("le", "ee", "ye")))
        or (low.endswith("es") and not re.search(r"(?:[sxzg]|ch|sh|ce)es$", low))
        or (low.endswith("ed") and not re.search(r"[td]ed$", low))
    ):
        count -= 1
    return max(count, 1)


@lru_cache(maxsize=8192)
def syllables(word: str) -> int:
    """Syllables in one word: max of pyphen hyphenation points + 1 and vowel groups."""
    by_pyphen = len(_PYPHEN.positions(word.lower())) + 1
    return max(by_pyphen, _vowel_groups(word))


def _sentences(text: str) -> list[tuple[str, list[str]]]:
    """Split into sentences, each with its words; sentences without words are dropped."""
    pieces = []
    for raw in _SENTENCE_END.split(text):
        words = _WORD.findall(raw)
        if words:
            pieces.append((" ".join(raw.split()), words))
    return pieces


def sentences(text: str) -> list[tuple[str, int]]:
    """Each sentence of `text` as the scorer sees it (markup removed), with its word count."""
    return [(sentence, len(words)) for sentence, words in _sentences(strip_markup(text))]


def reading_ease_of(words: int, sentences: int, syllables: int) -> float:
    """Flesch reading ease from counts, to one decimal place."""
    return round(206.835 - 1.015 * words / sentences - 84.6 * syllables / words, 1)


def grade_of(words: int, sentences: int, syllables: int) -> float:
    """Flesch-Kincaid grade from counts, to one decimal place."""
    return round(0.39 * words / sentences + 11.8 * syllables / words - 15.59, 1)


def is_scorable(text: str) -> bool:
    """True when `text` has at least MIN_WORDS words after markup is removed."""
    return len(_WORD.findall(strip_markup(text))) >= MIN_WORDS


def score(text: str) -> ReadabilityReport:
    """Score `text` with the Flesch formulas (no jargon check)."""
    pieces = _sentences(strip_markup(text))
    words = [w for _, ws in pieces for w in ws]
    n_words, n_sentences = len(words), len(pieces)
    if n_words == 0:
        return ReadabilityReport(100.0, 0.0, 0, 0, 0, scorable=False)
    n_syllables = sum(syllables(w) for w in words)
    return ReadabilityReport(
        reading_ease=reading_ease_of(n_words, n_sentences, n_syllables),
        grade=grade_of(n_words, n_sentences, n_syllables),
        words=n_words,
        sentences=n_sentences,
        syllables=n_syllables,
        long_sentences=tuple(s for s, ws in pieces if len(ws) > LONG_SENTENCE),
        scorable=n_words >= MIN_WORDS,
    )


def check_prompt(
    text: str, *, threshold: float = DEFAULT_THRESHOLD, glossary: Mapping[str, str]
) -> ReadabilityReport:
    """Score a prompt and list the glossary terms it uses; `passes()` uses `threshold`."""
    report = score(text)
    return ReadabilityReport(
        reading_ease=report.reading_ease,
        grade=report.grade,
        words=report.words,
        sentences=report.sentences,
        syllables=report.syllables,
        long_sentences=report.long_sentences,
        jargon=find_jargon(text, glossary),
        scorable=report.scorable,
        threshold=threshold,
    )


# British and American spellings of one word, as rules over one lower-case part of a term.
# No rule changes a part's first letter, so a term always starts with its own first letter.
_SPELLINGS: Final = (
    (re.compile(r"is(?=e|a|ing)"), "i[sz]"),  # randomise, randomize; organisation
    (re.compile(r"ys(?=e|i)"), "y[sz]"),  # analyse, analyze
    (re.compile(r"(?<=[ivlbmnd])our"), "ou?r"),  # behaviour, behavior
    (re.compile(r"(?<=[bt])re$"), "(?:re|er)"),  # centre, center
    (re.compile(r"(?<=[bt])red$"), "(?:r|er)ed"),  # centred, centered
    (re.compile(r"amme$"), "am(?:me)?"),  # programme, program
    (re.compile(r"(?<=.)ae"), "a?e"),  # paediatric, pediatric; anaemia, anemia
    (re.compile(r"(?<=[hf])oe"), "o?e"),  # diarrhoea, diarrhea; foetus, fetus
    (re.compile(r"ll(?=ing|ed|or|er)"), "ll?"),  # counselling, counseling
    (re.compile(r"l(?=ment|ful)"), "ll?"),  # enrolment, enrollment
    (re.compile(r"(?<=lic|def|off)ence"), "en[cs]e"),  # licence, license
    (re.compile(r"dgement"), "dge?ment"),  # judgement, judgment
    (re.compile(r"geing"), "ge?ing"),  # ageing, aging
    (re.compile(r"ogue$"), "og(?:ue)?"),  # dialogue, dialog
)
_LETTERS_ONLY: Final = re.compile(r"[a-z]+")


def _spell(part: str) -> str:
    """Regex for one part of a term: the part as written, or its other spelling."""
    if not _LETTERS_ONLY.fullmatch(part):
        return re.escape(part)
    for rule, replacement in _SPELLINGS:
        part = rule.sub(replacement, part)
    return part


def _plural(part: str) -> str:
    """Regex for the last part of a term: the word or its plural."""
    if _LETTERS_ONLY.fullmatch(part):
        if part.endswith("y") and len(part) > 2 and part[-2] not in "aeiou":
            return _spell(part[:-1]) + "(?:y|ies)"  # study, studies
        if part.endswith("sis") and len(part) > 4:
            return _spell(part[:-3]) + "s(?:is|es)"  # hypothesis, hypotheses
        if part.endswith("um") and len(part) > 4:
            return _spell(part[:-2]) + "(?:um|a|ums)"  # datum, data; forum, forums
        if part.endswith(("erion", "menon")):
            return _spell(part[:-2]) + "(?:on|a)"  # criterion, criteria
    return _spell(part) + "(?:s|es)?"


def _parts(term: str) -> list[str]:
    return [p for p in re.split(r"[\s\-]+", term.strip().lower()) if p]


@lru_cache(maxsize=8192)
def _term_pattern(term: str) -> str:
    """Regex for one term: any case, space or hyphen between parts, spellings, plural."""
    parts = _parts(term)
    if not parts:
        return "(?!)"
    return r"[\s\-]*".join([*(_spell(p) for p in parts[:-1]), _plural(parts[-1])])


@dataclass(frozen=True)
class _Group:
    """The terms starting with one character (longest first), as one regex."""

    terms: tuple[str, ...]
    pattern: re.Pattern[str]


@dataclass(frozen=True)
class _Matcher:
    """Terms grouped by how they start: one small regex per group.

    A term whose pattern starts with two fixed letters is grouped under them ("co", "ra");
    any other under its first character. At each place a word may start, only the one or
    two groups for its first letters are tried, so a glossary of a thousand terms costs
    about as much as one of a few dozen. Each group's regex is cached on its own, so
    adding a word to a glossary builds one small group again, not all of them.
    """

    by_start: dict[str, _Group]

    def spans(self, text: str) -> Iterator[tuple[str, int, int]]:
        """(term, start, end) of each term used in `text`, left to right, never overlapping."""
        taken = 0
        groups = self.by_start
        for start_match in _TERM_START.finditer(text):
            start = start_match.start()
            if start < taken:
                continue
            best: tuple[str, int] | None = None
            for key in (text[start : start + 2].lower(), text[start].lower()):
                group = groups.get(key)
                if group is None:
                    continue
                match = group.pattern.match(text, start)
                if match is not None and (best is None or match.end() > best[1]):
                    best = (group.terms[int((match.lastgroup or "t0")[1:])], match.end())
            if best is not None:
                taken = best[1]
                yield best[0], start, taken


_TERM_START: Final = re.compile(r"(?<![^\W_])\S")
_TWO_LETTERS: Final = re.compile(r"[a-z]{2}(?![?*{])")


@lru_cache(maxsize=8192)
def _start_key(term: str) -> str:
    """The group a term belongs to: its two first letters when its pattern always starts
    with them, else its first character."""
    parts = _parts(term)
    if not parts:
        return ""
    pattern = _term_pattern(term)
    if _TWO_LETTERS.match(pattern) and pattern[:2] == parts[0][:2]:
        return pattern[:2]
    return parts[0][0]


@lru_cache(maxsize=4096)
def _group(terms: tuple[str, ...]) -> _Group:
    ordered = tuple(sorted(terms, key=lambda t: -len(t)))
    alternatives = "|".join(f"(?P<t{i}>{_term_pattern(t)})" for i, t in enumerate(ordered))
    return _Group(ordered, re.compile(rf"(?:{alternatives})(?![^\W_])", re.IGNORECASE))


@lru_cache(maxsize=32)
def _matcher(terms: tuple[str, ...]) -> _Matcher:
    groups: dict[str, list[str]] = {}
    for term in terms:
        key = _start_key(term)
        if key:
            groups.setdefault(key, []).append(term)
    return _Matcher({key: _group(tuple(sorted(ts))) for key, ts in groups.items()})


def _usable_terms(glossary: Mapping[str, str]) -> tuple[str, ...]:
    return tuple(t for t in glossary if _HAS_WORD.search(t))


def warm_up(glossary: Mapping[str, str]) -> None:
    """Build a glossary's patterns now (e.g. the built-in one at start-up), not on a
    coordinator's first check."""
    terms = _usable_terms(glossary)
    if terms:
        _matcher(terms)


def find_jargon(text: str, glossary: Mapping[str, str]) -> tuple[JargonTerm, ...]:
    """Glossary terms used in `text` (whole words or phrases, any case), in order of use.

    A term matches its plural (trial, trials; study, studies) and British or American
    spelling (randomised, randomized; behaviour, behavior), but never inside another word
    ("trial" is not found in "industrial").
    """
    terms = _usable_terms(glossary)
    if not terms or not text:
        return ()
    found: dict[str, JargonTerm] = {}
    for term, _, _ in _matcher(terms).spans(strip_markup(text)):
        found.setdefault(term, JargonTerm(term, glossary[term]))
    return tuple(found.values())


def match_term(query: str, glossary: Mapping[str, str]) -> str | None:
    """The glossary term that `query` is, as a whole (any case, plural or spelling), or None."""
    key = " ".join(query.split()).lower()
    if key in glossary:
        return key
    terms = _usable_terms(glossary)
    if not terms or not key:
        return None
    for term, start, end in _matcher(terms).spans(key):
        if start == 0 and end == len(key):
            return term
    return None


@cache
def _default_glossary() -> dict[str, str]:
    raw = resources.files("bot").joinpath("data/glossary.json").read_text(encoding="utf-8")
    data = json.loads(raw)
    return {str(k).strip().lower(): str(v).strip() for k, v in data.items()}


def load_default_glossary() -> dict[str, str]:
    """The jargon glossary shipped with the bot: lower-case term -> plain meaning (a copy)."""
    return dict(_default_glossary())
