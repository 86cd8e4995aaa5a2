"""Run-time permission checks for app commands, enforced against the panel's roles."""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, TypeVar, cast

import discord
from discord import app_commands

from bot.error_handler import CheckBusy, CheckRefused
from bot.errors import NotAllowed
from bot.permissions import Level, Person, level_of
from bot.privacy import is_anonymous, without_ids
from bot.services.wellbeing import consent
from bot.text import common as text
from storage import audit, guild_settings
from storage.database import Busy
from storage.guild_settings import GuildSettings

if TYPE_CHECKING:
    from bot.app import LeapBot

log = logging.getLogger(__name__)

T = TypeVar("T")
LEVEL_ATTR = "__leap_level__"


def leap_bot(interaction: discord.Interaction[Any]) -> LeapBot:
    """The LeapBot behind an interaction."""
    return cast("LeapBot", interaction.client)


def guild_id_of(interaction: discord.Interaction[Any]) -> int:
    """The server an interaction came from; refuses direct messages with plain words."""
    if interaction.guild_id is None:
        raise app_commands.NoPrivateMessage(text.SERVER_ONLY)
    return interaction.guild_id


def person_of(member: discord.Member) -> Person:
    """What the rules need to know about a guild member: their roles and server rights."""
    return Person(
        member_id=member.id,
        role_ids=frozenset(role.id for role in member.roles),
        is_owner=member.guild.owner_id == member.id,
        can_manage_guild=member.guild_permissions.manage_guild,
    )


def people_of(guild: discord.Guild | None) -> tuple[Person, ...] | None:
    """Everyone (not bots) in a server as plain values; None when the member list is not
    known (no guild: the bot is not connected yet)."""
    if guild is None:
        return None
    return tuple(person_of(m) for m in guild.members if not m.bot)


def role_holders(guild: discord.Guild | None, role_id: int | None) -> list[int]:
    """The ids of the people (not bots) holding a role, e.g. every coordinator; none when
    the role is not set or not known."""
    role = guild.get_role(role_id) if guild is not None and role_id is not None else None
    return [] if role is None else [m.id for m in role.members if not m.bot]


def member_level(member: discord.Member, settings: GuildSettings) -> Level:
    """A guild member's level in their panel."""
    return level_of(settings, person_of(member))


async def caller_level(interaction: discord.Interaction[Any]) -> Level:
    """The level of whoever started an interaction (EVERYONE outside a server)."""
    if interaction.guild is None or not isinstance(interaction.user, discord.Member):
        return Level.EVERYONE
    bot = leap_bot(interaction)
    async with bot.db.read() as conn:
        settings = await guild_settings.get(conn, interaction.guild.id)
    return member_level(interaction.user, settings)


def refusal_text(guild: discord.Guild, settings: GuildSettings, needed: Level) -> str:
    """Plain words naming the role a person needs."""
    role_id = {
        Level.MEMBER: settings.member_role_id,
        Level.COORDINATOR: settings.coordinator_role_id,
        Level.ADMIN: settings.admin_role_id,
    }.get(needed)
    role = guild.get_role(role_id) if role_id is not None else None
    if role is not None:
        return text.NEED_ROLE.format(role=role.name)
    if needed is Level.ADMIN:
        return text.NEED_ADMIN_UNSET
    return text.NEED_ROLE_UNSET.format(
        level=text.LEVEL_NAMES[needed.name], role=text.ROLE_NAMES[needed.name]
    )


class ConsentNeeded(app_commands.CheckFailure):
    """The member has not agreed to what the bot keeps; they are asked first."""


async def ensure_consent(interaction: discord.Interaction[Any]) -> None:
    """Raise ConsentNeeded unless the caller agreed to what the bot keeps in this panel."""
    if interaction.guild_id is None:
        return
    bot = leap_bot(interaction)
    agreed = await consent.has_agreed(
        bot.db, bot.consent_cache, guild_id=interaction.guild_id, member_id=interaction.user.id
    )
    if not agreed:
        raise ConsentNeeded()


async def ensure_level(
    interaction: discord.Interaction[Any],
    needed: Level,
    *,
    consent_first: bool = True,
    anonymous: bool | None = None,
) -> Level:
    """Raise NotAllowed (and audit the refusal) unless the caller holds `needed`.

    Member commands and buttons also need the member's consent (ConsentNeeded), unless
    `consent_first` is False (commands that keep nothing personal, such as /break).
    An anonymous command or button (`anonymous`, by default the command's `@anonymous`
    mark) is refused naming nobody: no actor and no Discord ids in the audit row.
    """
    guild = interaction.guild
    if guild is None or not isinstance(interaction.user, discord.Member):
        raise app_commands.NoPrivateMessage(text.SERVER_ONLY)
    bot = leap_bot(interaction)
    async with bot.db.read() as conn:
        settings = await guild_settings.get(conn, guild.id)
    level = member_level(interaction.user, settings)
    if level >= needed:
        if needed is Level.MEMBER and consent_first:
            await ensure_consent(interaction)
        return level
    command = refused_target(interaction)
    detail = {"needed": needed.name, "had": level.name}
    if anonymous is None:
        anonymous = is_anonymous(interaction)
    async with bot.db.transaction() as conn:
        if anonymous:
            command = without_ids(command)
            await audit.record_anonymous(
                conn,
                guild_id=guild.id,
                action="permission.refused",
                now=bot.clock.now(),
                target=command,
                detail=detail,
            )
        else:
            await audit.record(
                conn,
                guild_id=guild.id,
                actor_id=interaction.user.id,
                action="permission.refused",
                now=bot.clock.now(),
                target=command,
                detail=detail,
            )
    log.info("Refused %s to a %s in guild %s", command, level.name, guild.id)
    raise NotAllowed(needed, refusal_text(guild, settings, needed))


def refused_target(interaction: discord.Interaction[Any]) -> str | None:
    """What a refused person tried to use: the command's name, or the button or form's id."""
    if interaction.command is not None:
        return interaction.command.qualified_name
    data = cast("dict[str, Any]", interaction.data or {})
    custom_id = data.get("custom_id")
    if not custom_id:
        return None
    if interaction.type is discord.InteractionType.modal_submit:
        return f"form:{custom_id}"
    return f"{'button' if data.get('component_type') == 2 else 'menu'}:{custom_id}"


def require(level: Level, *, consent_first: bool = True) -> Callable[[T], T]:
    """Decorator: the command runs only for callers at `level` or above (checked at run time).

    Member commands first ask for consent unless `consent_first` is False. A command also
    marked `@anonymous` (bot.privacy) is refused naming nobody.
    """

    async def predicate(interaction: discord.Interaction[Any]) -> bool:
        try:
            await ensure_level(interaction, level, consent_first=consent_first)
        except NotAllowed as error:
            raise CheckRefused(error) from error
        except Busy as error:
            raise CheckBusy() from error
        return True

    check = app_commands.check(predicate)

    def decorator(func: T) -> T:
        target = func.callback if isinstance(func, app_commands.Command) else func
        setattr(target, LEVEL_ATTR, level)
        return check(func)

    return decorator


def command_level(command: app_commands.Command[Any, Any, Any]) -> Level:
    """The level a command was declared for with `require` (EVERYONE if none)."""
    level = getattr(command.callback, LEVEL_ATTR, Level.EVERYONE)
    return Level(level)
