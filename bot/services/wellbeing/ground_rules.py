"""Ground rules: agreed, not imposed. Coordinators write them; members say they agree."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from bot.clock import Clock
from bot.errors import BadInput
from bot.services import readability
from bot.services.clean_text import clean_text
from bot.text import wellbeing as text
from storage import audit, guild_settings, members
from storage.database import Database

MAX_RULES = 4000


@dataclass(frozen=True, slots=True)
class RulesSaved:
    """The saved rules' reading ease and the panel's aim."""

    score: int
    threshold: int

    @property
    def hard(self) -> bool:
        """Whether the rules read harder than the panel aims for."""
        return self.score < self.threshold


async def current(db: Database, guild_id: int) -> str | None:
    """The panel's ground rules, if written."""
    async with db.read() as conn:
        return (await guild_settings.get(conn, guild_id)).ground_rules


async def set_rules(
    db: Database, clock: Clock, *, guild_id: int, actor_id: int, rules: str
) -> RulesSaved:
    """Save new ground rules (audited); everyone is asked to agree again."""
    if len(rules) > MAX_RULES:
        raise BadInput(text.GROUNDRULES_TOO_LONG.format(limit=MAX_RULES))
    cleaned = clean_text(rules, what="ground rules", limit=MAX_RULES, multiline=True)
    if cleaned is None:
        raise BadInput(text.GROUNDRULES_NONE)
    report = readability.score(cleaned)
    now = clock.now()
    async with db.transaction() as conn:
        settings = await guild_settings.get(conn, guild_id)
        await guild_settings.update(conn, guild_id, now, ground_rules=cleaned)
        await members.clear_ground_rules(conn, guild_id)
        await audit.record(
            conn,
            guild_id=guild_id,
            actor_id=actor_id,
            action="setup.groundrules",
            now=now,
            detail={"characters": len(cleaned)},
        )
    return RulesSaved(score=round(report.reading_ease), threshold=settings.readability_threshold)


async def agree(db: Database, clock: Clock, *, guild_id: int, member_id: int) -> bool:
    """Record that a member agrees; False when they had already agreed."""
    async with db.transaction() as conn:
        record = await members.get(conn, guild_id, member_id)
        if record.ground_rules_accepted_at is not None:
            return False
        await members.set_ground_rules_accepted(conn, guild_id, member_id, clock.now())
    return True


async def not_agreed(db: Database, guild_id: int, member_ids: Iterable[int]) -> list[int]:
    """Which of these members have not agreed to the current ground rules."""
    async with db.read() as conn:
        stored = await members.for_guild(conn, guild_id)
    return [m for m in member_ids if m not in stored or stored[m].ground_rules_accepted_at is None]
