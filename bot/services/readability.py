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
from collections.abc import Mapping
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
    "is_scorable",
    "load_default_glossary",
    "score",
    "strip_markup",
    "syllables",
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
    per_sentence = n_words / n_sentences
    per_word = n_syllables / n_words
    return ReadabilityReport(
        reading_ease=round(206.835 - 1.015 * per_sentence - 84.6 * per_word, 1),
        grade=round(0.39 * per_sentence + 11.8 * per_word - 15.59, 1),
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


def _term_pattern(term: str) -> str:
    """Regex for one term: any case, space or hyphen between parts, -ise/-ize, plural."""
    parts = [re.escape(p) for p in re.split(r"[\s\-]+", term.strip()) if p]
    body = r"[\s\-]*".join(parts)
    body = re.sub(r"is(?=e|a)", "i[sz]", body)
    return body + r"(?:s|es)?"


@lru_cache(maxsize=32)
def _jargon_regex(terms: tuple[str, ...]) -> re.Pattern[str]:
    ordered = sorted(range(len(terms)), key=lambda i: -len(terms[i]))
    alternatives = "|".join(f"(?P<t{i}>{_term_pattern(terms[i])})" for i in ordered)
    return re.compile(rf"(?<![^\W_])(?:{alternatives})(?![^\W_])", re.IGNORECASE)


def find_jargon(text: str, glossary: Mapping[str, str]) -> tuple[JargonTerm, ...]:
    """Glossary terms used in `text` (whole words or phrases, any case), in order of use."""
    terms = tuple(t for t in glossary if _HAS_WORD.search(t))
    if not terms or not text:
        return ()
    found: dict[str, JargonTerm] = {}
    for match in _jargon_regex(terms).finditer(strip_markup(text)):
        term = terms[int((match.lastgroup or "t0")[1:])]
        found.setdefault(term, JargonTerm(term, glossary[term]))
    return tuple(found.values())


@cache
def _default_glossary() -> dict[str, str]:
    raw = resources.files("bot").joinpath("data/glossary.json").read_text(encoding="utf-8")
    data = json.loads(raw)
    return {str(k).strip().lower(): str(v).strip() for k, v in data.items()}


def load_default_glossary() -> dict[str, str]:
    """The jargon glossary shipped with the bot: lower-case term -> plain meaning (a copy)."""
    return dict(_default_glossary())
