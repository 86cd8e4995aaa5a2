"""The standard test guild: an owner, admin, coordinator, members, roles and channels."""

from __future__ import annotations

from dataclasses import dataclass

from . import model
from .server import FakeDiscord


@dataclass
class StandardGuild:
    """Handles to everything in the standard guild, for tests to act with."""

    guild: model.Guild
    owner: model.User
    admin: model.User
    coordinator: model.User
    member: model.User
    member2: model.User
    closed_dms: model.User  # a member whose DMs are closed (403 / 50007)
    admin_role: model.Role
    coordinator_role: model.Role
    member_role: model.Role
    general: model.Channel
    panel_voice: model.Channel
    stage: model.Channel


def build_standard_guild(fake: FakeDiscord) -> StandardGuild:
    """Create the standard guild in a fresh fake."""
    owner = fake.add_user("owner")
    guild = fake.add_guild("LEAP Test Panel", owner)
    admin_role = fake.add_role(
        guild, "Admin", model.ADMINISTRATOR | model.MANAGE_GUILD | model.MANAGE_ROLES
    )
    coordinator_role = fake.add_role(guild, "Coordinator", model.MANAGE_EVENTS)
    member_role = fake.add_role(guild, "Member")
    admin = fake.add_user("admin")
    coordinator = fake.add_user("coordinator")
    member = fake.add_user("alice")
    member2 = fake.add_user("bob")
    closed = fake.add_user("carol", dms_closed=True)
    fake.add_member(guild, admin, [admin_role])
    fake.add_member(guild, coordinator, [coordinator_role, member_role])
    for user in (member, member2, closed):
        fake.add_member(guild, user, [member_role])
    return StandardGuild(
        guild=guild,
        owner=owner,
        admin=admin,
        coordinator=coordinator,
        member=member,
        member2=member2,
        closed_dms=closed,
        admin_role=admin_role,
        coordinator_role=coordinator_role,
        member_role=member_role,
        general=fake.add_channel(guild, "general", model.TEXT),
        panel_voice=fake.add_channel(guild, "panel-voice", model.VOICE),
        stage=fake.add_channel(guild, "panel-stage", model.STAGE),
    )
