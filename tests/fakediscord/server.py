"""FakeDiscord: the loopback server (REST + gateway), its world state and test controls."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import secrets
import time
from collections.abc import Callable, Iterator
from typing import Any

import discord
import yarl
from aiohttp import web

from . import model
from .gateway import Gateway
from .records import EditRecord, FailureRule, RateLimitRule, RequestRecord
from .rest import RestApi
from .schema import SchemaViolation

log = logging.getLogger("fakediscord")

API_PREFIX = "/api/v10"
CALLBACK_WINDOW = 3.0  # seconds Discord gives a bot to answer an interaction
TOKEN_LIFETIME = 15 * 60.0  # seconds an interaction token stays usable for follow-ups


class HarnessError(AssertionError):
    """The bot did something Discord would reject (bad payload, unknown route, no answer)."""


class FakeDiscord:
    """A loopback Discord: REST API and gateway on 127.0.0.1, with an in-memory world."""

    def __init__(self) -> None:
        self.ids = model.Snowflakes()
        self.application_id = self.ids.next()
        self.bot_user = model.User(self.application_id, "LEAP bot", bot=True)
        self.app_owner = model.User(self.ids.next(), "app-owner")
        self.users: dict[int, model.User] = {self.bot_user.id: self.bot_user}
        self.guilds: dict[int, model.Guild] = {}
        self.channels: dict[int, model.Channel] = {}
        self.messages: dict[int, model.Message] = {}
        self.dm_channels: dict[int, model.Channel] = {}  # user id -> DM channel
        self.global_commands: list[dict[str, Any]] = []
        self.guild_commands: dict[int, list[dict[str, Any]]] = {}
        self.command_puts: list[RequestRecord] = []
        self.interactions: dict[str, model.Interaction] = {}  # token -> interaction
        self.callback_window = CALLBACK_WINDOW
        self.token_lifetime = TOKEN_LIFETIME
        self.clock_offset = 0.0  # added to monotonic time for token ages
        # Tests always validate; benchmarks may turn it off, since it is the fake's own cost.
        self.validate_bodies = True

        # The bot clients running against this fake now (BotRunner adds and removes them),
        # so test helpers can reach the bot a driver is talking to.
        self.clients: list[Any] = []
        self.requests: list[RequestRecord] = []
        self.violations: list[SchemaViolation] = []
        self.unknown_routes: list[RequestRecord] = []
        self.protocol_errors: list[str] = []
        self.edits: list[EditRecord] = []
        self.deleted_messages: list[int] = []
        self.created_messages: list[model.Message] = []  # every message, in creation order
        # Nonces sent with enforce_nonce, and the message each made: Discord answers a repeat
        # with that message instead of making a new one.
        self.nonces: dict[str, int] = {}
        self.rate_limits: list[RateLimitRule] = []
        self.failures: list[FailureRule] = []

        self.gateway = Gateway(self)
        self.rest = RestApi(self)
        self._changed = asyncio.Condition()
        self._runner: web.AppRunner | None = None
        self.port = 0

    # -- lifecycle ------------------------------------------------------------------------

    async def start(self) -> None:
        """Listen on 127.0.0.1 on a free port."""
        app = web.Application(client_max_size=64 * 1024 * 1024)
        app.router.add_get("/gateway", self.gateway.handle)
        app.router.add_route("*", API_PREFIX + "/{tail:.*}", self.rest.handle)
        app.router.add_get("/attachments/{id}/{name}", self.rest.attachment)
        self._runner = web.AppRunner(app, access_log=None, handle_signals=False)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", 0, backlog=1024)
        await site.start()
        server = site._server
        assert server is not None
        assert server.sockets  # type: ignore[attr-defined]
        self.port = server.sockets[0].getsockname()[1]  # type: ignore[attr-defined]

    async def stop(self) -> None:
        """Close sockets and stop listening."""
        await self.gateway.close_all()
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None

    @property
    def base_url(self) -> str:
        """http://127.0.0.1:port"""
        return f"http://127.0.0.1:{self.port}"

    @property
    def api_url(self) -> str:
        """The REST base URL the client must use (stands in for https://discord.com/api/v10)."""
        return self.base_url + API_PREFIX

    @property
    def gateway_url(self) -> str:
        """The websocket URL (stands in for wss://gateway.discord.gg/)."""
        return f"ws://127.0.0.1:{self.port}/gateway"

    @contextlib.contextmanager
    def patched(self) -> Iterator[None]:
        """Point discord.py's REST base and default gateway at this fake; restore on exit."""
        old_base = discord.http.Route.BASE
        old_gateway = discord.gateway.DiscordWebSocket.DEFAULT_GATEWAY
        discord.http.Route.BASE = self.api_url
        discord.gateway.DiscordWebSocket.DEFAULT_GATEWAY = yarl.URL(self.gateway_url)
        try:
            yield
        finally:
            discord.http.Route.BASE = old_base
            discord.gateway.DiscordWebSocket.DEFAULT_GATEWAY = old_gateway

    # -- change notification --------------------------------------------------------------

    async def notify(self) -> None:
        """Wake everything waiting in wait_until (called after each state change)."""
        async with self._changed:
            self._changed.notify_all()

    async def wait_until(self, predicate: Callable[[], bool], within: float = 3.0) -> None:
        """Wait until predicate() holds, re-checked after each request the fake handles."""

        async def waiter() -> None:
            async with self._changed:
                await self._changed.wait_for(predicate)

        try:
            await asyncio.wait_for(waiter(), within)
        except TimeoutError:
            raise HarnessError(f"timed out after {within}s waiting for the bot") from None

    # -- world building -------------------------------------------------------------------

    def add_user(self, name: str, *, bot: bool = False, dms_closed: bool = False) -> model.User:
        """A new user (not yet in any guild)."""
        user = model.User(self.ids.next(), name, global_name=name.title(), bot=bot)
        user.dms_closed = dms_closed
        self.users[user.id] = user
        return user

    def add_guild(self, name: str, owner: model.User) -> model.Guild:
        """A new guild with an @everyone role; the owner and the bot are members."""
        guild = model.Guild(self.ids.next(), name, owner.id)
        guild.roles[guild.id] = model.Role(guild.id, "@everyone", model.EVERYONE_PERMISSIONS)
        self.guilds[guild.id] = guild
        guild.members[owner.id] = model.Member(owner)
        guild.members[self.bot_user.id] = model.Member(self.bot_user)
        return guild

    def add_role(self, guild: model.Guild, name: str, permissions: int = 0) -> model.Role:
        """A new role in a guild."""
        role = model.Role(self.ids.next(), name, permissions, position=len(guild.roles))
        guild.roles[role.id] = role
        return role

    def add_member(
        self, guild: model.Guild, user: model.User, roles: list[model.Role] | tuple = ()
    ) -> model.Member:
        """Make a user a member of a guild with some roles."""
        member = model.Member(user, [r.id for r in roles])
        guild.members[user.id] = member
        return member

    def add_channel(
        self, guild: model.Guild, name: str, type: int = model.TEXT, parent: Any = None
    ) -> model.Channel:
        """A new guild channel (model.TEXT, model.VOICE, model.STAGE or model.CATEGORY)."""
        channel = model.Channel(
            self.ids.next(),
            type,
            name,
            guild_id=guild.id,
            position=len(guild.channels),
            parent_id=parent.id if parent is not None else None,
        )
        guild.channels[channel.id] = channel
        self.channels[channel.id] = channel
        return channel

    def dm_channel(self, user: model.User) -> model.Channel:
        """The DM channel between the bot and a user (created on first use)."""
        channel = self.dm_channels.get(user.id)
        if channel is None:
            channel = model.Channel(self.ids.next(), model.DM, recipient=user)
            self.dm_channels[user.id] = channel
            self.channels[channel.id] = channel
        return channel

    def guild_of(self, channel: model.Channel) -> model.Guild | None:
        """The guild a channel belongs to (None for DMs)."""
        return self.guilds.get(channel.guild_id) if channel.guild_id else None

    # -- queries ---------------------------------------------------------------------------

    def messages_in(self, channel: model.Channel) -> list[model.Message]:
        """Every live message in a channel, oldest first."""
        return [m for m in self.created_messages if m.channel_id == channel.id and not m.deleted]

    def dms_to(self, user: model.User) -> list[model.Message]:
        """Every live message the bot sent to a user's DMs."""
        channel = self.dm_channels.get(user.id)
        if channel is None:
            return []
        return [m for m in self.messages_in(channel) if m.author.id == self.bot_user.id]

    def synced_command(self, name: str, guild_id: int | None = None) -> dict[str, Any] | None:
        """A top-level command as the bot last PUT it (guild commands first)."""
        if guild_id is not None:
            for cmd in self.guild_commands.get(guild_id, []):
                if cmd["name"] == name:
                    return cmd
        for cmd in self.global_commands:
            if cmd["name"] == name:
                return cmd
        return None

    def now(self) -> float:
        """The fake's clock for token ages (monotonic plus any age() shift)."""
        return time.monotonic() + self.clock_offset

    # -- failure injection ----------------------------------------------------------------

    def rate_limit(
        self, method: str, path: str, count: int = 1, retry_after: float = 0.05
    ) -> RateLimitRule:
        """Answer 429 (with Via and retry_after) to the next `count` matching requests.

        `path` is a concrete path below /api/v10 (``/channels/123/messages``) or a spec
        template (``/channels/{channel_id}/messages``); method may be "*".
        """
        rule = RateLimitRule(method.upper(), path, count, retry_after)
        self.rate_limits.append(rule)
        return rule

    def fail(
        self,
        method: str,
        path: str,
        *,
        status: int = 403,
        code: int = 50013,
        message: str = "Missing Permissions",
        count: int = 1,
    ) -> FailureRule:
        """Answer an error to the next `count` matching requests (default 403 / 50013).

        `path` is a concrete path below /api/v10 or a spec template; method may be "*".
        """
        rule = FailureRule(method.upper(), path, count, status, code, message)
        self.failures.append(rule)
        return rule

    def close_dms(self, user: model.User) -> None:
        """Make sending to this user's DMs fail with 403 / 50007."""
        user.dms_closed = True

    def delete_message(self, message: model.Message) -> None:
        """Delete a message behind the bot's back (later calls get 404 / 10008)."""
        message.deleted = True

    def delete_channel(self, channel: model.Channel) -> None:
        """Delete a channel behind the bot's back (later calls get 404 / 10003)."""
        channel.deleted = True

    def expire(self, token: str) -> None:
        """Make an interaction token unusable (webhook calls get 404 / 10015)."""
        self.interactions[token].expired = True

    def age(self, seconds: float) -> None:
        """Move the fake's token clock forward (15 minutes kills every token)."""
        self.clock_offset += seconds

    def new_token(self) -> str:
        """A fresh interaction token."""
        return "aW50ZXJhY3Rpb246" + secrets.token_urlsafe(24)

    # -- assertions ------------------------------------------------------------------------

    def pop_violations(self) -> list[SchemaViolation]:
        """Take (and forget) the schema violations recorded so far."""
        found, self.violations = self.violations, []
        return found

    def pop_unknown_routes(self) -> list[RequestRecord]:
        """Take (and forget) the requests to routes the fake does not know."""
        found, self.unknown_routes = self.unknown_routes, []
        return found

    def pop_protocol_errors(self) -> list[str]:
        """Take (and forget) the protocol errors (double or late answers, expired tokens)."""
        found, self.protocol_errors = self.protocol_errors, []
        return found

    def assert_clean(self) -> None:
        """Fail when the bot sent a body Discord would reject, called an unknown route,
        answered an interaction twice or late, or used an expired interaction token."""
        problems = [f"schema violation: {v}" for v in self.violations]
        problems += [f"unknown route: {r.method} {r.path}" for r in self.unknown_routes]
        problems += [f"protocol error: {p}" for p in self.protocol_errors]
        if problems:
            raise HarnessError("fake Discord saw problems:\n  " + "\n  ".join(problems))

    def record_edit(self, message: model.Message, payload: dict[str, Any]) -> None:
        """Keep an edit for results and assertions."""
        self.edits.append(EditRecord(message.id, payload))

    def store_message(self, message: model.Message) -> model.Message:
        """Add a message to the world."""
        self.messages[message.id] = message
        self.created_messages.append(message)
        return message
