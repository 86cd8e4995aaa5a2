"""The Bot subclass: it owns the database, the scheduler and the cogs for their lifetime."""

from __future__ import annotations

import hashlib
import json
import logging
import pkgutil
from typing import Any

import discord
from discord import app_commands
from discord.ext import commands

import cogs
from bot.anon_secret import load_secret
from bot.burst import Burst
from bot.clock import Clock, SystemClock
from bot.error_handler import on_app_command_error
from bot.notifier import Notifier
from bot.replies import opens_form, reply, watch_database_waits
from bot.services import panel_settings, timeparse
from bot.services.timers import TimerService
from bot.services.wellbeing.consent import ConsentCache
from bot.services.wellbeing.mydata import EraseGuard
from bot.settings import Settings
from bot.text import common as common_text
from bot.ui.open_views import has_handler, stop_open_views
from storage import meta
from storage.database import Database, InstanceLock

log = logging.getLogger(__name__)

# What the bot needs in a server: see the README's invite step.
BOT_PERMISSIONS = discord.Permissions(
    view_channel=True,
    send_messages=True,
    send_messages_in_threads=True,
    embed_links=True,
    attach_files=True,
    read_message_history=True,
    use_application_commands=True,
    manage_events=True,
    create_events=True,
)


def bot_intents() -> discord.Intents:
    """Guilds, members, voice states and direct messages; never message content."""
    intents = discord.Intents.none()
    intents.guilds = True
    intents.members = True
    intents.voice_states = True
    intents.dm_messages = True
    return intents


def cog_modules() -> list[str]:
    """Every cog module in the `cogs` package, by convention (names not starting with _)."""
    return sorted(
        f"cogs.{info.name}"
        for info in pkgutil.iter_modules(cogs.__path__)
        if not info.name.startswith("_")
    )


def invite_url(application_id: int) -> str:
    """The link that adds this bot to a server with the rights it needs."""
    return discord.utils.oauth_url(
        application_id, permissions=BOT_PERMISSIONS, scopes=("bot", "applications.commands")
    )


class LeapTree(app_commands.CommandTree["LeapBot"]):
    """The command tree: every slash command answers first if the database keeps it waiting."""

    async def interaction_check(self, interaction: discord.Interaction[LeapBot]) -> bool:
        """Watch this command's database waits (see `watch_database_waits`); never refuses."""
        if interaction.type is discord.InteractionType.application_command:
            watch_database_waits(interaction, answer_first=True, form_first=opens_form(interaction))
        return True


NO_HANDLER = "leap_no_handler"  # interaction.extras: a press no view will answer


class LeapBot(commands.Bot):
    """LEAP bot: slash commands over a SQLite database, with timers that survive restarts."""

    def __init__(self, settings: Settings, *, clock: Clock | None = None) -> None:
        super().__init__(
            command_prefix=commands.when_mentioned,
            intents=bot_intents(),
            help_command=None,
            allowed_mentions=discord.AllowedMentions.none(),
            tree_cls=LeapTree,
        )
        self.settings = settings
        self.clock: Clock = clock or SystemClock()
        # Read (or made) before anything connects, so a bad key stops the bot at once.
        self.anon_secret = load_secret(settings.anon_key_text(), settings.database_path)
        self._db: Database | None = None
        self._instance: InstanceLock | None = None
        self._timers: TimerService | None = None
        self._notifier: Notifier | None = None
        self.synced_scopes: list[str] = []
        self.consent_cache = ConsentCache()
        self.burst = Burst()  # when interactions last came in (answer first in a burst)
        self.erase_guard = EraseGuard()

    @property
    def db(self) -> Database:
        """The open database (available from `setup_hook` on)."""
        if self._db is None:
            raise RuntimeError("The database is not open yet.")
        return self._db

    @property
    def timers(self) -> TimerService:
        """The timer service (available from `setup_hook` on)."""
        if self._timers is None:
            raise RuntimeError("The timer service is not started yet.")
        return self._timers

    async def login(self, token: str) -> None:
        """Refuse to start beside another copy on the same database file, then log in.

        The lock is taken before anything talks to Discord; AlreadyRunning carries the one
        sentence the command line prints.
        """
        if self._instance is None:
            self._instance = InstanceLock.acquire(self.settings.database_path)
        await super().login(token)

    @property
    def notifier(self) -> Notifier:
        """The one notifier that sends the notices outbox (available from `setup_hook` on)."""
        if self._notifier is None:
            raise RuntimeError("The notifier is not made yet.")
        return self._notifier

    async def setup_hook(self) -> None:
        """Open the database, start timers, load cogs, sync commands if they changed."""
        self._db = await Database.open(self.settings.database_path)
        timeparse.warm_up()  # load dateparser's data now, not on a member's first command
        self._timers = TimerService(self._db, self.clock)
        db = self._db
        self._notifier = Notifier(
            self, db, self._timers, self.clock, lambda guild_id: panel_settings.get(db, guild_id)
        )
        self.tree.on_error = on_app_command_error  # type: ignore[method-assign]
        for module in cog_modules():
            await self.load_extension(module)
        log.info("Loaded %d cogs", len(self.cogs))
        # Handlers are registered by the cogs above, so late timers find them.
        await self._notifier.start()  # sends nothing before Discord has sent the servers
        pending = await self._timers.start()
        log.info("%d timers pending", pending)
        await self.sync_commands_if_changed()
        if self.application_id is not None:
            log.info("Invite link: %s", invite_url(self.application_id))

    def command_payload(self, guild: discord.abc.Snowflake | None = None) -> list[dict[str, Any]]:
        """The commands as Discord will receive them, in a stable order."""
        commands_ = self.tree.get_commands(guild=guild)
        payload = [command.to_dict(self.tree) for command in commands_]
        return sorted(payload, key=lambda c: (c.get("type", 1), c["name"]))

    def command_hash(self, guild: discord.abc.Snowflake | None = None) -> str:
        """A fingerprint of the command set and the application it belongs to.

        A new Discord application (a new bot on the same database) has no commands yet, so
        its id is part of the fingerprint.
        """
        payload = {"application": self.application_id, "commands": self.command_payload(guild)}
        text = json.dumps(payload, sort_keys=True, separators=(",", ":"))
        return hashlib.sha256(text.encode("utf-8")).hexdigest()

    async def sync_commands_if_changed(self) -> list[str]:
        """Sync global (and the optional test guild's) commands when their hash changed."""
        scopes: list[tuple[str, discord.Object | None]] = [("global", None)]
        if self.settings.discord_guild_id is not None:
            guild = discord.Object(self.settings.discord_guild_id)
            self.tree.copy_global_to(guild=guild)
            scopes.append((f"guild:{guild.id}", guild))
        synced: list[str] = []
        for scope, guild_obj in scopes:
            fingerprint = self.command_hash(guild_obj)
            key = f"commands_hash:{scope}"
            async with self.db.read() as conn:
                previous = await meta.get(conn, key)
            if previous == fingerprint:
                continue
            try:
                await self.tree.sync(guild=guild_obj)
            except discord.HTTPException as exc:
                # Discord keeps the commands it had; the hash is not stored, so the next
                # start tries again. Not worth stopping the bot for.
                log.error(
                    "Discord refused the command sync for %s (%s: %s). The bot runs on with the "
                    "commands Discord had. For a server (DISCORD_GUILD_ID), check the id and that "
                    "the bot was invited with the applications.commands scope. "
                    "The next start tries again.",
                    scope,
                    exc.status,
                    exc.text,
                )
                continue
            async with self.db.transaction() as conn:
                await meta.put(conn, key, fingerprint)
            synced.append(scope)
        if synced:
            log.info("Synced commands: %s", ", ".join(synced))
        else:
            log.info("Commands unchanged since the last sync; not syncing")
        self.synced_scopes = synced
        return synced

    async def on_ready(self) -> None:
        """After (re)connecting: send the notices that waited for Discord."""
        self.notifier.wake()

    def dispatch(self, event_name: str, /, *args: Any, **kwargs: Any) -> None:
        """Mark a button press that no view of this bot will answer, as it comes in."""
        if event_name == "interaction" and args:
            interaction = args[0]
            if interaction.type is discord.InteractionType.component and not has_handler(
                self._connection._view_store, interaction
            ):
                interaction.extras[NO_HANDLER] = True
        super().dispatch(event_name, *args, **kwargs)

    async def on_interaction(self, interaction: discord.Interaction[Any]) -> None:
        """Note when interactions come in (handlers answer first during a burst); answer a
        press on a button whose question is gone, which nothing else would answer."""
        self.burst.seen()
        if interaction.extras.get(NO_HANDLER):
            await reply(interaction, common_text.BUTTON_GONE)

    async def close(self) -> None:
        """Stop the scheduler, then the gateway, then close the database.

        Timers stop first, while the connection to Discord is still open, so a reminder
        that is being sent when the bot is told to stop is sent in full.
        """
        if self._timers is not None:
            await self._timers.stop()
        if self._notifier is not None:
            await self._notifier.stop()
        await super().close()
        stop_open_views()
        if self._db is not None:
            await self._db.close()
            self._db = None
        if self._instance is not None:
            self._instance.release()
            self._instance = None
