"""Privilege levels, ordered: everyone < member < coordinator < admin."""

from __future__ import annotations

from collections.abc import Callable, Collection, Sequence
from dataclasses import dataclass
from enum import IntEnum

from storage.guild_settings import GuildSettings

# Who holds a role, worked out by the caller that talks to Discord: given the role's id (None
# when the panel has not set it), the ids of the people holding it (none when unknown).
RoleHolders = Callable[[int | None], Sequence[int]]


class Level(IntEnum):
    """What a person may do in a panel."""

    EVERYONE = 0
    MEMBER = 1
    COORDINATOR = 2
    ADMIN = 3


def level_for(
    settings: GuildSettings,
    *,
    role_ids: Collection[int],
    is_owner: bool,
    can_manage_guild: bool,
) -> Level:
    """The highest level a person holds, from their roles and server rights.

    The server owner and anyone who can manage the server count as admins even before
    `/setup roles` runs. Until a member role is set, everyone counts as a member.
    """
    if is_owner or can_manage_guild:
        return Level.ADMIN
    if settings.admin_role_id is not None and settings.admin_role_id in role_ids:
        return Level.ADMIN
    if settings.coordinator_role_id is not None and settings.coordinator_role_id in role_ids:
        return Level.COORDINATOR
    if settings.member_role_id is None or settings.member_role_id in role_ids:
        return Level.MEMBER
    return Level.EVERYONE


@dataclass(frozen=True, slots=True)
class Person:
    """What Discord says about one person in a server, as plain values (no discord objects),
    so a service can apply a rule that depends on who holds which role."""

    member_id: int
    role_ids: frozenset[int] = frozenset()
    is_owner: bool = False
    can_manage_guild: bool = False


def level_of(settings: GuildSettings, person: Person) -> Level:
    """The highest level a person holds (see `level_for`)."""
    return level_for(
        settings,
        role_ids=person.role_ids,
        is_owner=person.is_owner,
        can_manage_guild=person.can_manage_guild,
    )
