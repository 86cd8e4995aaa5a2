"""The glossary: built-in words (bot/data/glossary.json) plus each panel's own words.

A panel's word replaces a built-in word's meaning for that panel; removing it brings the
built-in meaning back. Every meaning must be plain: a reading ease of 60 or more, or too
short to score (under 8 words).
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass
from typing import Final

from bot.clock import Clock
from bot.errors import BadInput, NotFound
from bot.services.clean_text import clean_text
from bot.services.readability import (
    find_jargon,
    is_scorable,
    load_default_glossary,
    match_term,
    score,
    sentences,
    strip_markup,
)
from bot.text import glossary as text
from storage import audit
from storage import glossary as repo
from storage.database import Conn, Database
from storage.glossary import PanelTerm

TERM_MAX: Final = 60
MEANING_MAX: Final = 400
PANEL_MAX: Final = 500
MEANING_EASE: Final = 60.0
SUGGESTIONS: Final = 25

# A word or short phrase: letters and digits, with spaces, hyphens, apostrophes and a few
# joining marks inside. No emoji, links, mentions or markdown.
_TERM: Final = re.compile(r"[^\W_](?:[\w '’.&/+\-]*[^\W_])?")
_LETTER: Final = re.compile(r"[^\W\d_]")
_WORD: Final = re.compile(r"[^\W\d_]+")


@dataclass(frozen=True, slots=True)
class Explained:
    """A word and what it means; `panel` when the meaning is the panel's own."""

    term: str
    meaning: str
    panel: bool


@dataclass(frozen=True, slots=True)
class Added:
    """A saved panel word, and what it replaced (a built-in meaning, or the panel's own)."""

    term: str
    meaning: str
    over_built_in: bool
    changed: bool


@dataclass(frozen=True, slots=True)
class Removed:
    """A removed panel word, and the built-in meaning that is back (if any)."""

    term: str
    built_in: str | None


def _key(term: str) -> str:
    return " ".join(term.split()).lower()


def clean_term(term: str | None) -> str:
    """A term as stored: trimmed, single spaces, lower case; BadInput when unusable."""
    key = _key(clean_text(term, what="word") or "")
    if not key:
        raise BadInput(text.TERM_EMPTY)
    if len(key) > TERM_MAX:
        raise BadInput(text.TERM_TOO_LONG.format(limit=TERM_MAX))
    if not _TERM.fullmatch(key) or not _LETTER.search(key):
        raise BadInput(text.TERM_BAD)
    return key


def clean_meaning(meaning: str | None, glossary: dict[str, str]) -> str:
    """A meaning as stored: trimmed, in words, and plain; BadInput saying why not."""
    value = clean_text(meaning, what="meaning")
    if not value:
        raise BadInput(text.MEANING_EMPTY)
    if len(value) > MEANING_MAX:
        raise BadInput(text.MEANING_TOO_LONG.format(count=len(value), limit=MEANING_MAX))
    if not _WORD.search(strip_markup(value)):
        raise BadInput(text.MEANING_NO_WORDS)
    if is_scorable(value):
        report = score(value)
        if report.reading_ease < MEANING_EASE:
            raise BadInput(_why_hard(value, report.reading_ease, report.long_sentences, glossary))
    return value


def _why_hard(
    meaning: str, ease: float, long_sentences: tuple[str, ...], glossary: dict[str, str]
) -> str:
    lines = [
        text.MEANING_HARD.format(score=max(0, min(100, round(ease))), needed=round(MEANING_EASE))
    ]
    if long_sentences:
        longest = max(words for _, words in sentences(meaning))
        lines.append(text.MEANING_HARD_LONG.format(words=longest))
    hard = [j.term for j in find_jargon(meaning, glossary)]
    if hard:
        lines.append(text.MEANING_HARD_WORDS.format(words=", ".join(hard[:8])))
    if not long_sentences and not hard:
        lines.append(text.MEANING_HARD_SHORT)
    return "\n".join(lines)


async def glossary_in(conn: Conn, guild_id: int) -> dict[str, str]:
    """A panel's glossary: the built-in words, with the panel's own added or replacing them."""
    merged = load_default_glossary()
    for row in await repo.for_guild(conn, guild_id):
        merged[row.term] = row.meaning
    return merged


async def panel_glossary(db: Database, guild_id: int) -> dict[str, str]:
    """A panel's glossary (built-in words plus its own), term -> meaning."""
    async with db.read() as conn:
        return await glossary_in(conn, guild_id)


async def explain(db: Database, guild_id: int, query: str) -> Explained:
    """What a word means for this panel (plurals and spellings match); NotFound with hints."""
    key = _key(clean_text(query, what="word") or "")
    if not key:
        raise BadInput(text.QUERY_EMPTY)
    if len(key) > TERM_MAX:
        raise BadInput(text.TERM_TOO_LONG.format(limit=TERM_MAX))
    async with db.read() as conn:
        glossary = await glossary_in(conn, guild_id)
        own = {row.term for row in await repo.for_guild(conn, guild_id)}
    term = match_term(key, glossary)
    if term is None:
        message = text.UNKNOWN.format(term=key)
        close = difflib.get_close_matches(key, list(glossary), n=3, cutoff=0.75)
        if close:
            message += "\n" + text.UNKNOWN_SUGGEST.format(words=", ".join(close))
        raise NotFound(message)
    return Explained(term=term, meaning=glossary[term], panel=term in own)


def rank(typed: str, terms: list[str], *, limit: int = SUGGESTIONS) -> list[str]:
    """Terms for autocomplete: those starting with what was typed, then those with a word
    starting with it, then those containing it, then close spellings."""
    key = _key(typed)
    ordered = sorted(terms)
    if not key:
        return ordered[:limit]
    found: dict[str, None] = {}
    for test in (
        lambda t: t.startswith(key),
        lambda t: any(w.startswith(key) for w in re.split(r"[\s\-]+", t)),
        lambda t: key in t,
    ):
        for term in ordered:
            if len(found) >= limit:
                return list(found)
            if test(term):
                found.setdefault(term)
    for term in difflib.get_close_matches(key, ordered, n=limit, cutoff=0.6):
        found.setdefault(term)
    return list(found)[:limit]


async def suggest(db: Database, guild_id: int, typed: str) -> list[str]:
    """Up to 25 of the panel's glossary words matching what was typed (prefix, then fuzzy)."""
    return rank(typed, list(await panel_glossary(db, guild_id)))


async def suggest_own(db: Database, guild_id: int, typed: str) -> list[str]:
    """Up to 25 of the panel's own words matching what was typed."""
    return rank(typed, [row.term for row in await panel_terms(db, guild_id)])


async def add(
    db: Database, clock: Clock, *, guild_id: int, actor_id: int, term: str, meaning: str
) -> Added:
    """Add a panel word, or give a word (built-in or not) the panel's own meaning; audited."""
    key = clean_term(term)
    built_in = load_default_glossary()
    now = clock.now()
    async with db.transaction() as conn:
        glossary = await glossary_in(conn, guild_id)
        value = clean_meaning(meaning, glossary)
        existing = await repo.get(conn, guild_id, key)
        if existing is None and await repo.count(conn, guild_id) >= PANEL_MAX:
            raise BadInput(text.TOO_MANY.format(limit=PANEL_MAX))
        await repo.put(
            conn, guild_id=guild_id, term=key, meaning=value, created_by=actor_id, now=now
        )
        await audit.record(
            conn,
            guild_id=guild_id,
            actor_id=actor_id,
            action="glossary.add",
            now=now,
            target=f"glossary:{key}",
            detail={
                "meaning": value,
                "replaced": "panel" if existing else ("built-in" if key in built_in else None),
            },
        )
    return Added(
        term=key, meaning=value, over_built_in=key in built_in, changed=existing is not None
    )


async def remove(db: Database, clock: Clock, *, guild_id: int, actor_id: int, term: str) -> Removed:
    """Remove a panel word (a built-in meaning it replaced comes back); audited."""
    key = clean_term(term)
    built_in = load_default_glossary()
    now = clock.now()
    async with db.transaction() as conn:
        own = {row.term: row.meaning for row in await repo.for_guild(conn, guild_id)}
        found = match_term(key, own)
        if found is None:
            if match_term(key, built_in) is not None:
                raise NotFound(text.REMOVE_BUILT_IN.format(term=key))
            raise NotFound(text.REMOVE_UNKNOWN.format(term=key))
        await repo.remove(conn, guild_id, found)
        await audit.record(
            conn,
            guild_id=guild_id,
            actor_id=actor_id,
            action="glossary.remove",
            now=now,
            target=f"glossary:{found}",
            detail={"meaning": own[found]},
        )
    return Removed(term=found, built_in=built_in.get(found))


async def panel_terms(db: Database, guild_id: int) -> list[PanelTerm]:
    """The panel's own words, in alphabetical order."""
    async with db.read() as conn:
        return await repo.for_guild(conn, guild_id)
