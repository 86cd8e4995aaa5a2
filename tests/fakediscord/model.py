"""The fake Discord's in-memory world: users, guilds, roles, members, channels, messages."""

from __future__ import annotations

import asyncio
import itertools
import time
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

DISCORD_EPOCH_MS = 1_420_070_400_000

# Channel types (Discord's numbers).
TEXT, DM, VOICE, CATEGORY, STAGE = 0, 1, 2, 4, 13

# Permission bits used by the standard guild.
ADMINISTRATOR = 1 << 3
MANAGE_CHANNELS = 1 << 4
MANAGE_GUILD = 1 << 5
VIEW_CHANNEL = 1 << 10
SEND_MESSAGES = 1 << 11
EMBED_LINKS = 1 << 14
ATTACH_FILES = 1 << 15
READ_MESSAGE_HISTORY = 1 << 16
CONNECT = 1 << 20
SPEAK = 1 << 21
MANAGE_ROLES = 1 << 28
MANAGE_EVENTS = 1 << 33
ALL_PERMISSIONS = (1 << 51) - 1
EVERYONE_PERMISSIONS = (
    VIEW_CHANNEL
    | SEND_MESSAGES
    | EMBED_LINKS
    | ATTACH_FILES
    | READ_MESSAGE_HISTORY
    | CONNECT
    | SPEAK
)


class Snowflakes:
    """Allocates increasing, realistic snowflake ids."""

    def __init__(self) -> None:
        base = (int(time.time() * 1000) - DISCORD_EPOCH_MS) << 22
        self._counter = itertools.count(base)

    def next(self) -> int:
        """A new unique id."""
        return next(self._counter)


def iso_now() -> str:
    """The current time as Discord's ISO 8601 timestamp."""
    return datetime.now(UTC).isoformat()


@dataclass
class User:
    """A Discord user (or bot account)."""

    id: int
    username: str
    global_name: str | None = None
    bot: bool = False
    dms_closed: bool = False

    def to_dict(self) -> dict[str, Any]:
        """The user object as Discord sends it."""
        return {
            "id": str(self.id),
            "username": self.username,
            "global_name": self.global_name,
            "discriminator": "0",
            "avatar": None,
            "bot": self.bot,
            "public_flags": 0,
        }


@dataclass
class Role:
    """A guild role with a permission bit field."""

    id: int
    name: str
    permissions: int = 0
    position: int = 0
    color: int = 0
    mentionable: bool = False
    managed: bool = False

    def to_dict(self) -> dict[str, Any]:
        """The role object as Discord sends it."""
        return {
            "id": str(self.id),
            "name": self.name,
            "permissions": str(self.permissions),
            "position": self.position,
            "color": self.color,
            "hoist": False,
            "managed": self.managed,
            "mentionable": self.mentionable,
            "flags": 0,
        }


@dataclass
class Member:
    """A user's membership of a guild."""

    user: User
    roles: list[int] = field(default_factory=list)
    nick: str | None = None
    joined_at: str = field(default_factory=iso_now)

    def to_dict(self, *, with_user: bool = True) -> dict[str, Any]:
        """The guild member object as Discord sends it."""
        data: dict[str, Any] = {
            "roles": [str(r) for r in self.roles],
            "nick": self.nick,
            "joined_at": self.joined_at,
            "deaf": False,
            "mute": False,
            "flags": 0,
            "pending": False,
        }
        if with_user:
            data["user"] = self.user.to_dict()
        return data


@dataclass
class Channel:
    """A guild channel (text, voice, stage, category) or a DM channel."""

    id: int
    type: int
    name: str | None = None
    guild_id: int | None = None
    position: int = 0
    parent_id: int | None = None
    recipient: User | None = None
    deleted: bool = False

    def to_dict(self) -> dict[str, Any]:
        """The channel object as Discord sends it."""
        data: dict[str, Any] = {"id": str(self.id), "type": self.type, "last_message_id": None}
        if self.type == DM:
            data["recipients"] = [self.recipient.to_dict()] if self.recipient else []
            return data
        data.update(
            name=self.name,
            position=self.position,
            permission_overwrites=[],
            parent_id=str(self.parent_id) if self.parent_id else None,
            nsfw=False,
        )
        if self.guild_id is not None:
            data["guild_id"] = str(self.guild_id)
        if self.type == TEXT:
            data.update(topic=None, rate_limit_per_user=0)
        if self.type in (VOICE, STAGE):
            data.update(bitrate=64000, user_limit=0, rtc_region=None)
        return data


@dataclass
class Attachment:
    """A file uploaded with a message, kept as bytes."""

    id: int
    filename: str
    data: bytes
    url: str
    content_type: str | None = None
    description: str | None = None

    def to_dict(self) -> dict[str, Any]:
        """The attachment object as Discord sends it."""
        url = self.url
        data: dict[str, Any] = {
            "id": str(self.id),
            "filename": self.filename,
            "size": len(self.data),
            "url": url,
            "proxy_url": url,
        }
        if self.content_type:
            data["content_type"] = self.content_type
        if self.description:
            data["description"] = self.description
        return data


@dataclass
class Message:
    """A message in a channel, with its components and attachments."""

    id: int
    channel_id: int
    author: User
    guild_id: int | None = None
    content: str = ""
    embeds: list[dict[str, Any]] = field(default_factory=list)
    components: list[dict[str, Any]] = field(default_factory=list)
    attachments: list[Attachment] = field(default_factory=list)
    flags: int = 0
    webhook_id: int | None = None
    interaction_id: int | None = None
    timestamp: str = field(default_factory=iso_now)
    edited_timestamp: str | None = None
    deleted: bool = False
    # Everything the bot sent for this message, newest last (content, embeds, ...).
    history: list[dict[str, Any]] = field(default_factory=list)
    # Who was notified when the message was created (after allowed_mentions).
    pinged_everyone: bool = False
    pinged_users: list[int] = field(default_factory=list)
    pinged_roles: list[int] = field(default_factory=list)

    @property
    def pings(self) -> set[str]:
        """Everyone notified by this message: {"@everyone", "user:<id>", "role:<id>"}."""
        found = {f"user:{u}" for u in self.pinged_users} | {f"role:{r}" for r in self.pinged_roles}
        return found | ({"@everyone"} if self.pinged_everyone else set())

    @property
    def ephemeral(self) -> bool:
        """Whether the message carries the EPHEMERAL flag."""
        return bool(self.flags & 64)

    def to_dict(self) -> dict[str, Any]:
        """The message object as Discord sends it."""
        data: dict[str, Any] = {
            "id": str(self.id),
            "channel_id": str(self.channel_id),
            "author": self.author.to_dict(),
            "content": self.content,
            "timestamp": self.timestamp,
            "edited_timestamp": self.edited_timestamp,
            "tts": False,
            "mention_everyone": self.pinged_everyone,
            "mentions": [],
            "mention_roles": [str(r) for r in self.pinged_roles],
            "attachments": [a.to_dict() for a in self.attachments],
            "embeds": self.embeds,
            "components": self.components,
            "pinned": False,
            "type": 0 if self.interaction_id is None else 20,
            "flags": self.flags,
        }
        if self.guild_id is not None:
            data["guild_id"] = str(self.guild_id)
        if self.webhook_id is not None:
            data["webhook_id"] = str(self.webhook_id)
        return data


@dataclass
class Guild:
    """A guild (server) with its roles, members, channels, voice states and events."""

    id: int
    name: str
    owner_id: int
    roles: dict[int, Role] = field(default_factory=dict)
    members: dict[int, Member] = field(default_factory=dict)
    channels: dict[int, Channel] = field(default_factory=dict)
    voice_states: dict[int, int] = field(default_factory=dict)  # user id -> channel id
    scheduled_events: dict[int, dict[str, Any]] = field(default_factory=dict)

    @property
    def everyone(self) -> Role:
        """The @everyone role (its id is the guild id)."""
        return self.roles[self.id]

    def permissions_of(self, user_id: int) -> int:
        """A member's guild-level permissions (owner and administrators get all)."""
        if user_id == self.owner_id:
            return ALL_PERMISSIONS
        member = self.members[user_id]
        perms = self.everyone.permissions
        for role_id in member.roles:
            perms |= self.roles[role_id].permissions
        return ALL_PERMISSIONS if perms & ADMINISTRATOR else perms

    def voice_state_dict(self, user_id: int, session_id: str = "fake-voice") -> dict[str, Any]:
        """A voice state object for a member (channel_id None when not in voice)."""
        channel_id = self.voice_states.get(user_id)
        return {
            "guild_id": str(self.id),
            "channel_id": str(channel_id) if channel_id else None,
            "user_id": str(user_id),
            "member": self.members[user_id].to_dict(),
            "session_id": session_id,
            "deaf": False,
            "mute": False,
            "self_deaf": False,
            "self_mute": False,
            "self_video": False,
            "suppress": False,
            "request_to_speak_timestamp": None,
        }

    def to_dict(self) -> dict[str, Any]:
        """The guild object (REST shape, without members or channels)."""
        return {
            "id": str(self.id),
            "name": self.name,
            "icon": None,
            "splash": None,
            "discovery_splash": None,
            "owner_id": str(self.owner_id),
            "afk_channel_id": None,
            "afk_timeout": 300,
            "verification_level": 0,
            "default_message_notifications": 0,
            "explicit_content_filter": 0,
            "roles": [r.to_dict() for r in self.roles.values()],
            "emojis": [],
            "stickers": [],
            "features": [],
            "mfa_level": 0,
            "application_id": None,
            "system_channel_id": None,
            "system_channel_flags": 0,
            "rules_channel_id": None,
            "vanity_url_code": None,
            "description": None,
            "banner": None,
            "premium_tier": 0,
            "preferred_locale": "en-GB",
            "public_updates_channel_id": None,
            "nsfw_level": 0,
            "premium_progress_bar_enabled": False,
        }

    def to_gateway_dict(self) -> dict[str, Any]:
        """The GUILD_CREATE payload: the guild with channels, members and voice states."""
        data = self.to_dict()
        data.update(
            unavailable=False,
            large=False,
            member_count=len(self.members),
            joined_at=iso_now(),
            members=[m.to_dict() for m in self.members.values()],
            channels=[c.to_dict() for c in self.channels.values() if not c.deleted],
            threads=[],
            presences=[],
            voice_states=[self.voice_state_dict(uid) for uid in self.voice_states],
            guild_scheduled_events=list(self.scheduled_events.values()),
            stage_instances=[],
        )
        return data


@dataclass
class Interaction:
    """An interaction the driver sent, with its token and what the bot answered."""

    id: int
    token: str
    type: int
    channel_id: int
    guild_id: int | None
    user: User
    created: float = field(default_factory=time.monotonic)
    expired: bool = False
    response_type: int | None = None
    original_message_id: int | None = None
    message_id: int | None = None  # the message a component was on
    data: dict[str, Any] = field(default_factory=dict)  # the interaction's own data
    response_data: dict[str, Any] | None = None
    response_files: list[Any] = field(default_factory=list)
    dispatched_at: float = 0.0
    responded_at: float | None = None
    followup_ids: list[int] = field(default_factory=list)
    answered: asyncio.Event = field(default_factory=asyncio.Event)
    failure: str | None = None  # a schema violation or protocol error on this token
