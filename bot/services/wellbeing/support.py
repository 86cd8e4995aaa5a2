"""/support: a member asks the coordinators for support, with their name, after confirming.

The request is stored and one DM per coordinator is queued in the notices outbox in the same
transaction, so a crash or a Discord fault never loses it (the notifier tries again). The
outbox rows hold no words: each DM is made from the stored request when it is sent, so a
request erased before then is never sent. The DM is `dm_only` (bot/notifier.py): a
coordinator whose DMs are closed gets nothing in any channel, not even a mention.
"""

from __future__ import annotations

from dataclasses import dataclass

from bot.clock import Clock
from bot.errors import BadInput
from bot.permissions import RoleHolders
from bot.services import notices
from bot.services.clean_text import clean_text
from bot.text import wellbeing as text
from storage import guild_settings, wellbeing
from storage import notices as notice_repo
from storage.database import Database
from storage.guild_settings import GuildSettings
from storage.wellbeing import SupportRequest

MAX_MESSAGE = 2000
KIND_SUPPORT = "wellbeing.support"  # a member's named support request, a DM to a coordinator


@dataclass(frozen=True, slots=True)
class SupportSent:
    """A stored request, what the member should read next, and who it can reach."""

    request_id: int
    signposting: str
    coordinators: int  # coordinators it was queued for (the member left out)
    reachable: int  # of those, how many did not have DMs closed the last time we tried


@dataclass(frozen=True, slots=True)
class Delivery:
    """How a request's DMs went so far."""

    reached: int  # delivered by DM
    unreachable: int  # DMs closed, or given up
    waiting: int  # not tried yet, or to be tried again

    @property
    def nobody(self) -> bool:
        """Every DM was tried and none got through."""
        return self.reached == 0 and self.waiting == 0


def signposting_of(settings: GuildSettings) -> str:
    """The help lines a member sees after /support: the panel's own, else the default ones
    (Samaritans, NHS 111, 999)."""
    return settings.support_text or text.DEFAULT_SIGNPOSTING


async def signposting(db: Database, guild_id: int) -> str:
    """The panel's help lines (see signposting_of)."""
    async with db.read() as conn:
        return signposting_of(await guild_settings.get(conn, guild_id))


def check_message(message: str | None) -> str | None:
    """The message as it will be sent, or BadInput when it is too long or blank."""
    if message is None:
        return None
    if len(message) > MAX_MESSAGE:
        raise BadInput(text.SUPPORT_TOO_LONG.format(limit=MAX_MESSAGE))
    return clean_text(message, what="message", limit=MAX_MESSAGE)


async def send_support(
    db: Database,
    clock: Clock,
    *,
    guild_id: int,
    member_id: int,
    message: str | None,
    coordinators: RoleHolders,
) -> SupportSent:
    """Store a confirmed support request and queue a DM to each holder of the coordinator
    role (not the member themself) in the same transaction; return the signposting text."""
    cleaned = check_message(message)
    now = clock.now()
    async with db.transaction() as conn:
        settings = await guild_settings.get(conn, guild_id)
        to = sorted({c for c in coordinators(settings.coordinator_role_id) if c != member_id})
        request_id = await wellbeing.add_support(
            conn, guild_id=guild_id, member_id=member_id, message=cleaned, now=now
        )
        for coordinator_id in to:
            await notices.to_member(
                conn,
                KIND_SUPPORT,
                coordinator_id,
                now=now,
                guild_id=guild_id,
                subject_id=request_id,
            )
        closed = await notice_repo.closed_among(conn, guild_id, to) if to else []
    return SupportSent(
        request_id=request_id,
        signposting=signposting_of(settings),
        coordinators=len(to),
        reachable=len(to) - len(closed),
    )


async def request(db: Database, request_id: int) -> SupportRequest | None:
    """A stored request, to make its DM (None once the member erased it)."""
    async with db.read() as conn:
        return await wellbeing.get_support(conn, request_id)


async def delivery(db: Database, request_id: int) -> Delivery:
    """How the DMs of a request went so far."""
    sent = await notices.about(db, request_id, [KIND_SUPPORT])
    reached = sum(n.status == notice_repo.SENT and n.via == "dm" for n in sent)
    waiting = sum(n.status in (notice_repo.PENDING, notice_repo.SENDING) for n in sent)
    return Delivery(reached=reached, unreachable=len(sent) - reached - waiting, waiting=waiting)
