"""Checking and posting prompts: the plain-language report, the panel's bar, drafts.

A prompt is stored before it is posted, because its buttons carry its id. At or above the
panel's threshold (`/setup prompts threshold`, default 60) it is claimed for posting at
once; below it, it stays a draft until the coordinator edits it (checked again) or posts it
anyway (noted in the audit log). A claim moves a draft to 'posting' in one statement, so a
double press cannot post it twice; the post is recorded once Discord has it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final

from bot.clock import Clock
from bot.errors import BadInput, Conflict, NotFound
from bot.services.clean_text import clean_text
from bot.services.prompts.glossary import glossary_in
from bot.services.readability import (
    LONG_SENTENCE,
    JargonTerm,
    ReadabilityReport,
    check_prompt,
    find_jargon,
    score,
    sentences,
    strip_markup,
)
from bot.text import prompts as text
from storage import audit, guild_settings
from storage import prompts as repo
from storage import sessions as sessions_repo
from storage.database import Database
from storage.prompts import DRAFT, POSTED, POSTING, Prompt

TEXT_MAX: Final = 2000
HARDEST_MIN_WORDS: Final = 3

# Reading ease -> reading-age band (words in bot/text/prompts.py BANDS), highest first.
_BANDS: Final = (
    (80.0, "very_easy"),
    (70.0, "easy"),
    (60.0, "plain"),
    (50.0, "bit_hard"),
    (30.0, "quite_hard"),
)


@dataclass(frozen=True, slots=True)
class Sentence:
    """A sentence quoted in a report, with its word count."""

    text: str
    words: int


@dataclass(frozen=True, slots=True)
class PromptCheck:
    """The plain-language report on a prompt, against the panel's threshold."""

    report: ReadabilityReport
    threshold: int
    band: str
    long_sentences: tuple[Sentence, ...]
    hardest: Sentence | None
    passes: bool

    @property
    def jargon(self) -> tuple[JargonTerm, ...]:
        """Glossary words found, each with its plain meaning."""
        return self.report.jargon

    @property
    def shown_ease(self) -> int:
        """The reading ease as a whole number from 0 to 100."""
        return max(0, min(100, round(self.report.reading_ease)))

    @property
    def shown_grade(self) -> int:
        """The US school grade as a whole number, never below 1."""
        return max(1, round(self.report.grade))


@dataclass(frozen=True, slots=True)
class Submitted:
    """A stored prompt and its check; `prompt.status` is 'posting' when it may go out now."""

    prompt: Prompt
    check: PromptCheck

    @property
    def ready(self) -> bool:
        """True when the prompt is claimed for posting (it met the bar)."""
        return self.prompt.status == POSTING


def band(reading_ease: float) -> str:
    """The reading-age band of a reading ease score (a key of text.BANDS)."""
    for floor, name in _BANDS:
        if reading_ease >= floor:
            return name
    return "hard"


def clean_prompt(value: str | None) -> str:
    """The prompt as it will be posted (trimmed); BadInput when empty, too long or wordless."""
    cleaned = clean_text(value, what="question", multiline=True)
    if not cleaned:
        raise BadInput(text.TEXT_EMPTY)
    if len(cleaned) > TEXT_MAX:
        raise BadInput(text.TEXT_TOO_LONG.format(count=f"{len(cleaned):,}", limit=f"{TEXT_MAX:,}"))
    if score(cleaned).words == 0 or not strip_markup(cleaned).strip():
        raise BadInput(text.TEXT_NO_WORDS)
    return cleaned


def assess(prompt: str, glossary: dict[str, str], threshold: int) -> PromptCheck:
    """Score a prompt and list its long sentences, hardest sentence and hard words."""
    report = check_prompt(prompt, threshold=float(threshold), glossary=glossary)
    parts = [Sentence(s, n) for s, n in sentences(prompt)]
    long_ones = tuple(p for p in parts if p.words > LONG_SENTENCE)
    passes = report.passes()
    hardest = None
    if not passes and not long_ones:
        candidates = [p for p in parts if p.words >= HARDEST_MIN_WORDS]
        if candidates:
            hardest = min(candidates, key=lambda p: score(p.text).reading_ease)
    return PromptCheck(
        report=report,
        threshold=threshold,
        band=band(report.reading_ease),
        long_sentences=long_ones,
        hardest=hardest,
        passes=passes,
    )


async def check(db: Database, guild_id: int, prompt: str | None) -> PromptCheck:
    """The plain-language report on a prompt, against this panel's glossary and threshold."""
    cleaned = clean_prompt(prompt)
    async with db.read() as conn:
        settings = await guild_settings.get(conn, guild_id)
        glossary = await glossary_in(conn, guild_id)
    return assess(cleaned, glossary, settings.readability_threshold)


async def submit(
    db: Database,
    clock: Clock,
    *,
    guild_id: int,
    actor_id: int,
    prompt: str | None,
    channel_id: int,
    session_id: int | None = None,
) -> Submitted:
    """Check a prompt and store it: claimed for posting when it meets the bar, else a draft.

    With a session it goes to the session's channel (and is linked to the session).
    """
    cleaned = clean_prompt(prompt)
    now = clock.now()
    async with db.transaction() as conn:
        if session_id is not None:
            session = await sessions_repo.get(conn, session_id, guild_id=guild_id)
            if session is None:
                raise NotFound(text.SESSION_NOT_FOUND)
            if session.status == sessions_repo.CANCELLED:
                raise BadInput(text.SESSION_CANCELLED)
            channel_id = session.channel_id
        settings = await guild_settings.get(conn, guild_id)
        result = assess(cleaned, await glossary_in(conn, guild_id), settings.readability_threshold)
        prompt_id = await repo.insert(
            conn,
            guild_id=guild_id,
            channel_id=channel_id,
            session_id=session_id,
            text=cleaned,
            reading_ease=result.report.reading_ease,
            created_by=actor_id,
            now=now,
            status=POSTING if result.passes else DRAFT,
        )
        stored = await repo.get(conn, prompt_id)
    assert stored is not None
    return Submitted(stored, result)


def _refuse_unless_draft(found: Prompt | None) -> Prompt:
    if found is None:
        raise NotFound(text.NOT_FOUND)
    if found.status == POSTED:
        raise Conflict(text.ALREADY_POSTED)
    if found.status == POSTING:
        raise Conflict(text.BEING_POSTED)
    return found


async def revise(db: Database, *, guild_id: int, prompt_id: int, prompt: str | None) -> Submitted:
    """Replace a draft's text and check it again; claimed for posting if it now meets the bar."""
    cleaned = clean_prompt(prompt)
    async with db.transaction() as conn:
        _refuse_unless_draft(await repo.get(conn, prompt_id, guild_id=guild_id))
        settings = await guild_settings.get(conn, guild_id)
        result = assess(cleaned, await glossary_in(conn, guild_id), settings.readability_threshold)
        await repo.revise(conn, prompt_id, text=cleaned, reading_ease=result.report.reading_ease)
        if result.passes:
            await repo.claim(conn, prompt_id, anyway=False)
        stored = await repo.get(conn, prompt_id)
    assert stored is not None
    return Submitted(stored, result)


async def post_anyway(db: Database, *, guild_id: int, prompt_id: int) -> Prompt:
    """Claim a draft for posting as it is, below the bar (the audit log notes it when posted)."""
    async with db.transaction() as conn:
        _refuse_unless_draft(await repo.get(conn, prompt_id, guild_id=guild_id))
        await repo.claim(conn, prompt_id, anyway=True)
        stored = await repo.get(conn, prompt_id)
    assert stored is not None
    return stored


async def draft(db: Database, *, guild_id: int, prompt_id: int) -> Prompt:
    """A draft of this panel (to fill the edit form); refuses one already posted."""
    async with db.read() as conn:
        return _refuse_unless_draft(await repo.get(conn, prompt_id, guild_id=guild_id))


async def posted(
    db: Database, clock: Clock, *, prompt_id: int, message_id: int, actor_id: int
) -> Prompt:
    """Record that a claimed prompt is now posted as `message_id`; audited."""
    now = clock.now()
    async with db.transaction() as conn:
        await repo.mark_posted(conn, prompt_id, message_id=message_id, now=now)
        stored = await repo.get(conn, prompt_id)
        assert stored is not None
        await audit.record(
            conn,
            guild_id=stored.guild_id,
            actor_id=actor_id,
            action="prompt.posted_anyway" if stored.posted_anyway else "prompt.posted",
            now=now,
            target=f"prompt:{prompt_id}",
            detail={
                "reading_ease": stored.reading_ease,
                "channel_id": stored.channel_id,
                "session_id": stored.session_id,
            },
        )
    return stored


async def not_posted(db: Database, prompt_id: int) -> None:
    """Put a claimed prompt back to draft when Discord would not take the post."""
    async with db.transaction() as conn:
        await repo.release(conn, prompt_id)


async def posted_prompt(db: Database, *, guild_id: int, prompt_id: int) -> Prompt:
    """A posted prompt of this panel (to answer it); NotFound for anything else."""
    async with db.read() as conn:
        found = await repo.get(conn, prompt_id, guild_id=guild_id)
    if found is None or found.status != POSTED:
        raise NotFound(text.NOT_FOUND)
    return found


async def words_in(db: Database, *, guild_id: int, prompt_id: int) -> tuple[JargonTerm, ...]:
    """The glossary words in a posted prompt, with this panel's meanings."""
    async with db.read() as conn:
        found = await repo.get(conn, prompt_id, guild_id=guild_id)
        if found is None:
            raise NotFound(text.NOT_FOUND)
        glossary = await glossary_in(conn, guild_id)
    return find_jargon(found.text, glossary)
