"""The live register: voice presence, the persistent buttons, heartbeat and reconciliation.

- VOICE_STATE_UPDATE in a live session's channel opens or closes a presence interval.
- Every minute while sessions are live, a heartbeat records that the bot is watching;
  on shutdown one more is written.
- When a server becomes available (start-up, after an outage, or when the bot joins it),
  open voice intervals are reconciled with who is really in the channel
  (bot.services.sessions.register.reconcile).
"""

from __future__ import annotations

import logging

import discord
from discord.ext import commands, tasks

from bot.app import LeapBot
from bot.services.sessions import register
from bot.ui.session_views import DYNAMIC_ITEMS

log = logging.getLogger(__name__)


def voice_members(guild: discord.Guild, channel_id: int) -> list[int]:
    """Ids of the people (not bots) in a voice or stage channel now."""
    channel = guild.get_channel(channel_id)
    if not isinstance(channel, discord.VoiceChannel | discord.StageChannel):
        return []
    return [
        uid for uid in channel.voice_states if (m := guild.get_member(uid)) is None or not m.bot
    ]


class Register(commands.Cog):
    """Keeps every live session's register from voice presence and the buttons."""

    def __init__(self, bot: LeapBot) -> None:
        self.bot = bot
        # Servers whose registers are right now: reconciled since connecting, and the
        # gateway still up. Only these get heartbeats, so "last seen" never runs ahead.
        self.watching: set[int] = set()

    async def cog_load(self) -> None:
        """Make the session buttons work (also on messages sent before a restart)."""
        self.bot.add_dynamic_items(*DYNAMIC_ITEMS)
        self.heartbeat.start()

    async def cog_unload(self) -> None:
        """Stop the heartbeat, writing a last one: the moment the bot stopped watching."""
        self.heartbeat.cancel()
        self.bot.remove_dynamic_items(*DYNAMIC_ITEMS)
        try:
            await register.heartbeat(self.bot.db, self.bot.clock, self.watching)
        except Exception:
            log.warning("Could not write the last register heartbeat", exc_info=True)

    @tasks.loop(minutes=1)
    async def heartbeat(self) -> None:
        """Record that the bot is watching every live session now."""
        try:
            await register.heartbeat(self.bot.db, self.bot.clock, self.watching)
        except Exception:
            log.exception("Register heartbeat failed")

    @commands.Cog.listener()
    async def on_voice_state_update(
        self, member: discord.Member, before: discord.VoiceState, after: discord.VoiceState
    ) -> None:
        """Join, leave or move: update the register of any live session involved."""
        if member.bot:
            return
        before_id = before.channel.id if before.channel else None
        after_id = after.channel.id if after.channel else None
        if before_id == after_id:
            return  # mute, deafen, video: not a move
        await register.voice_moved(
            self.bot.db,
            self.bot.clock,
            guild_id=member.guild.id,
            member_id=member.id,
            before_channel_id=before_id,
            after_channel_id=after_id,
        )

    @commands.Cog.listener()
    async def on_disconnect(self) -> None:
        """The gateway dropped: voice updates may be missed until we reconnect."""
        if self.watching:
            await register.heartbeat(self.bot.db, self.bot.clock, self.watching)
        self.watching.clear()

    @commands.Cog.listener()
    async def on_resumed(self) -> None:
        """The gateway resumed and replays what we missed: the registers are right again."""
        self.watching.update(g.id for g in self.bot.guilds if not g.unavailable)

    @commands.Cog.listener()
    async def on_guild_unavailable(self, guild: discord.Guild) -> None:
        """A server went dark (Discord outage): stop vouching for its registers."""
        self.watching.discard(guild.id)

    @commands.Cog.listener()
    async def on_guild_available(self, guild: discord.Guild) -> None:
        """After start-up or an outage: match open voice intervals to who is really there."""
        await self.reconcile(guild)

    @commands.Cog.listener()
    async def on_guild_join(self, guild: discord.Guild) -> None:
        """The bot was added to a server while running: watch its registers from now."""
        await self.reconcile(guild)

    async def reconcile(self, guild: discord.Guild) -> list[register.ReconcileResult]:
        """Reconcile every live session of one server with its voice channels now."""
        live = await register.live_sessions(self.bot.db, guild.id)
        if not live:
            self.watching.add(guild.id)
            return []
        in_voice = {s.channel_id: voice_members(guild, s.channel_id) for s in live}
        results = await register.reconcile(
            self.bot.db, self.bot.clock, guild_id=guild.id, in_voice=in_voice
        )
        self.watching.add(guild.id)
        for r in results:
            log.info(
                "Session %s register: %d continue, %d closed, %d joined while away",
                r.session.id,
                len(r.continued),
                len(r.closed),
                len(r.opened),
            )
        return results


async def setup(bot: LeapBot) -> None:
    """Load the cog."""
    await bot.add_cog(Register(bot))
