"""Privilege levels from roles and server rights."""

from __future__ import annotations

from bot.permissions import Level, level_for
from storage.guild_settings import GuildSettings

CONFIGURED = GuildSettings(guild_id=1, admin_role_id=10, coordinator_role_id=20, member_role_id=30)


def test_levels_are_ordered() -> None:
    assert Level.EVERYONE < Level.MEMBER < Level.COORDINATOR < Level.ADMIN


def test_server_owner_is_admin_before_setup() -> None:
    level = level_for(GuildSettings(guild_id=1), role_ids=(), is_owner=True, can_manage_guild=False)
    assert level is Level.ADMIN


def test_manage_server_counts_as_admin() -> None:
    level = level_for(CONFIGURED, role_ids=(), is_owner=False, can_manage_guild=True)
    assert level is Level.ADMIN


def test_admin_role_is_admin() -> None:
    level = level_for(CONFIGURED, role_ids={10}, is_owner=False, can_manage_guild=False)
    assert level is Level.ADMIN


def test_coordinator_role_is_coordinator() -> None:
    level = level_for(CONFIGURED, role_ids={20, 30}, is_owner=False, can_manage_guild=False)
    assert level is Level.COORDINATOR


def test_member_role_is_member() -> None:
    level = level_for(CONFIGURED, role_ids={30}, is_owner=False, can_manage_guild=False)
    assert level is Level.MEMBER


def test_without_member_role_once_set_is_everyone() -> None:
    level = level_for(CONFIGURED, role_ids={99}, is_owner=False, can_manage_guild=False)
    assert level is Level.EVERYONE


def test_everyone_is_a_member_until_a_member_role_is_set() -> None:
    level = level_for(
        GuildSettings(guild_id=1), role_ids=(), is_owner=False, can_manage_guild=False
    )
    assert level is Level.MEMBER
