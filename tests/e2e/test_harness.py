"""Tests of the fake Discord harness itself, driving a real discord.py Bot with a small cog."""

from __future__ import annotations

import asyncio
import datetime
import hashlib
import io
from typing import Any

import discord
import pytest
from discord import app_commands
from discord.ext import commands
from fakediscord import CommandError, Driver, FakeDiscord, HarnessError, Upload
from fakediscord.standard import StandardGuild

ZONES = ["Europe/London", "Europe/Paris", "America/New_York", "Asia/Tokyo"]


class VoteView(discord.ui.View):
    """A persistent view with one stable custom_id."""

    def __init__(self, bot: HarnessBot) -> None:
        super().__init__(timeout=None)
        self.bot = bot

    @discord.ui.button(label="Agree", custom_id="vote:agree", style=discord.ButtonStyle.green)
    async def agree(self, interaction: discord.Interaction, button: discord.ui.Button[Any]) -> None:
        """Count the click and show the new total on the message."""
        self.bot.clicks += 1
        await interaction.response.edit_message(content=f"Votes: {self.bot.clicks}")


class FeedbackModal(discord.ui.Modal, title="Feedback"):
    """A one-field form."""

    text: discord.ui.TextInput[Any] = discord.ui.TextInput(
        label="Your feedback", custom_id="feedback:text"
    )

    async def on_submit(self, interaction: discord.Interaction) -> None:
        """Echo the text back, privately."""
        await interaction.response.send_message(f"Thanks: {self.text.value}", ephemeral=True)


class RefreshView(discord.ui.View):
    """A button that defers the update, then edits the original message."""

    def __init__(self) -> None:
        super().__init__(timeout=None)

    @discord.ui.button(label="Refresh", custom_id="refresh")
    async def refresh(
        self, interaction: discord.Interaction, button: discord.ui.Button[Any]
    ) -> None:
        """Type 6, then PATCH @original, then a follow-up edited in place."""
        await interaction.response.defer()
        await interaction.edit_original_response(content="Refreshed")
        note = await interaction.followup.send("note", ephemeral=True, wait=True)
        await note.edit(content="note, edited")


class LetterMenu(discord.ui.Select[Any]):
    """A string select of three letters."""

    def __init__(self) -> None:
        options = [discord.SelectOption(label=x) for x in "abc"]
        super().__init__(custom_id="pick:letter", options=options)

    async def callback(self, interaction: discord.Interaction) -> None:
        """Show the choice and remove the menu."""
        await interaction.response.edit_message(content=f"Picked {self.values[0]}", view=None)


class HarnessCog(commands.Cog):
    """Small commands that exercise each part of the harness."""

    setup = app_commands.Group(
        name="setup",
        description="Set the panel up",
        default_permissions=discord.Permissions(manage_guild=True),
    )

    def __init__(self, bot: HarnessBot) -> None:
        self.bot = bot

    @app_commands.command(description="Answer privately")
    async def ping(self, interaction: discord.Interaction) -> None:
        """Reply 'pong' ephemerally."""
        await interaction.response.send_message("pong", ephemeral=True)

    @setup.command(name="timezone", description="Set the time zone")
    async def timezone(
        self,
        interaction: discord.Interaction,
        name: str,
        channel: discord.TextChannel | None = None,
    ) -> None:
        """Echo the zone and channel."""
        where = channel.mention if channel else "nowhere"
        await interaction.response.send_message(f"Zone {name} in {where}", ephemeral=True)

    @timezone.autocomplete("name")
    async def timezone_complete(
        self, interaction: discord.Interaction, current: str
    ) -> list[app_commands.Choice[str]]:
        """Zones containing what was typed."""
        found = [z for z in ZONES if current.lower() in z.lower()]
        return [app_commands.Choice(name=z, value=z) for z in found]

    @app_commands.command(description="Echo every option type")
    async def options(
        self,
        interaction: discord.Interaction,
        who: discord.Member,
        role: discord.Role,
        where: discord.abc.GuildChannel,
        count: int,
        ratio: float,
        flag: bool,
        word: str,
    ) -> None:
        """Describe the parsed options."""
        self.bot.seen["options"] = (who, role, where, count, ratio, flag, word)
        await interaction.response.send_message("ok", ephemeral=True)

    @app_commands.command(description="Think, then answer")
    async def slow(self, interaction: discord.Interaction) -> None:
        """Defer ephemerally, then follow up."""
        await interaction.response.defer(ephemeral=True, thinking=True)
        await interaction.followup.send("done", ephemeral=True)

    @app_commands.command(description="Think in public, answer 'privately'")
    async def public(self, interaction: discord.Interaction) -> None:
        """Defer publicly, then send an 'ephemeral' follow-up (Discord keeps it public)."""
        await interaction.response.defer(thinking=True)
        await interaction.followup.send("here", ephemeral=True)

    @app_commands.command(description="Post a vote")
    async def vote(self, interaction: discord.Interaction) -> None:
        """Post the persistent vote view."""
        await interaction.response.send_message("Votes: 0", view=VoteView(self.bot))

    @app_commands.command(description="Open a form")
    async def feedback(self, interaction: discord.Interaction) -> None:
        """Open the feedback modal."""
        await interaction.response.send_modal(FeedbackModal())

    @app_commands.command(description="DM a member")
    async def dm(self, interaction: discord.Interaction, member: discord.Member) -> None:
        """DM a member; say whether it worked."""
        try:
            await member.send("Hello from the panel")
        except discord.Forbidden as exc:
            self.bot.seen["dm_error"] = exc
            await interaction.response.send_message("closed", ephemeral=True)
        else:
            await interaction.response.send_message("sent", ephemeral=True)

    @app_commands.command(description="Echo a file")
    async def upload(self, interaction: discord.Interaction, file: discord.Attachment) -> None:
        """Read the file and send it back."""
        data = await file.read()
        digest = hashlib.sha256(data).hexdigest()
        echo = discord.File(io.BytesIO(data), filename=f"echo-{file.filename}")
        await interaction.response.send_message(digest, file=echo, ephemeral=True)

    @app_commands.command(description="Post in the channel")
    async def announce(self, interaction: discord.Interaction, text: str) -> None:
        """Send a channel message, then confirm."""
        assert isinstance(interaction.channel, discord.TextChannel)
        await interaction.response.defer(ephemeral=True)
        await interaction.channel.send(text)
        await interaction.followup.send("posted", ephemeral=True)

    @app_commands.command(description="Defer, then follow up when released")
    async def later(self, interaction: discord.Interaction) -> None:
        """Defer; follow up once the test releases; keep any error."""
        await interaction.response.defer(ephemeral=True)
        await self.bot.release.wait()
        try:
            await interaction.followup.send("late")
        except discord.HTTPException as exc:
            self.bot.seen["late_error"] = exc
        self.bot.done.set()

    @app_commands.command(description="Send too many embed fields")
    async def bad(self, interaction: discord.Interaction) -> None:
        """Reply with an embed of 30 fields (Discord allows 25)."""
        embed = discord.Embed(title="Too many")
        for i in range(30):
            embed.add_field(name=f"f{i}", value="v")
        await interaction.response.send_message(embed=embed)

    @app_commands.command(description="Send embeds too long in all")
    async def huge(self, interaction: discord.Interaction) -> None:
        """Two embeds of 3,500 characters each: each is valid, together over Discord's 6,000."""
        embeds = [discord.Embed(description="x" * 3500) for _ in range(2)]
        await interaction.response.send_message(embeds=embeds)

    @app_commands.command(description="Pick a letter")
    async def pick(self, interaction: discord.Interaction) -> None:
        """Post a select menu."""
        view = discord.ui.View(timeout=None)  # a timeout would leave a task behind
        view.add_item(LetterMenu())
        await interaction.response.send_message("Pick one", view=view)

    @app_commands.command(description="Post a refresh button")
    async def board(self, interaction: discord.Interaction) -> None:
        """Post a message with a Refresh button."""
        await interaction.response.send_message("Board", view=RefreshView())

    @app_commands.command(description="Post in this channel")
    async def post(self, interaction: discord.Interaction) -> None:
        """channel.send; keep the message or the error."""
        assert isinstance(interaction.channel, discord.TextChannel)
        try:
            self.bot.seen["posted"] = await interaction.channel.send("Hello panel")
        except discord.HTTPException as exc:
            self.bot.seen["post_error"] = exc
        await interaction.response.send_message("done", ephemeral=True)

    @app_commands.command(description="Ping everyone")
    async def shout(self, interaction: discord.Interaction) -> None:
        """channel.send with @everyone and the default allowed mentions."""
        assert isinstance(interaction.channel, discord.TextChannel)
        await interaction.channel.send("@everyone look")
        await interaction.response.send_message("done", ephemeral=True)

    @app_commands.command(description="Edit the posted message")
    async def repost(self, interaction: discord.Interaction) -> None:
        """Edit the message /post sent; keep any error."""
        try:
            await self.bot.seen["posted"].edit(content="Edited")
        except discord.HTTPException as exc:
            self.bot.seen["edit_error"] = exc
        await interaction.response.send_message("done", ephemeral=True)

    @app_commands.command(description="Plan an event")
    async def event(self, interaction: discord.Interaction) -> None:
        """Create a scheduled event in panel-voice, then rename it."""
        assert interaction.guild is not None
        voice = discord.utils.get(interaction.guild.voice_channels, name="panel-voice")
        assert voice is not None
        start = discord.utils.utcnow() + datetime.timedelta(days=1)
        event = await interaction.guild.create_scheduled_event(
            name="Panel",
            start_time=start,
            channel=voice,
            privacy_level=discord.PrivacyLevel.guild_only,
        )
        await event.edit(name="Panel session")
        await interaction.response.send_message("planned", ephemeral=True)

    @app_commands.command(description="Fetch things over REST")
    async def lookup(self, interaction: discord.Interaction, member: discord.Member) -> None:
        """Fetch the guild, a member, the roles and the channel; keep what came back."""
        assert interaction.guild is not None
        assert interaction.channel is not None
        guild = await self.bot.fetch_guild(interaction.guild.id)
        fetched = await interaction.guild.fetch_member(member.id)
        roles = await interaction.guild.fetch_roles()
        channel = await self.bot.fetch_channel(interaction.channel.id)
        names = sorted(r.name for r in roles)
        self.bot.seen["lookup"] = (guild.name, fetched.name, names, getattr(channel, "name", ""))
        await interaction.response.send_message("found", ephemeral=True)

    @app_commands.command(description="Call a route the fake does not have")
    async def emojis(self, interaction: discord.Interaction) -> None:
        """Fetch the guild's emojis; keep the error."""
        assert interaction.guild is not None
        try:
            await interaction.guild.fetch_emojis()
        except discord.HTTPException as exc:
            self.bot.seen["emoji_error"] = exc
        await interaction.response.send_message("done", ephemeral=True)

    @app_commands.command(description="Answer when released")
    async def wait(self, interaction: discord.Interaction) -> None:
        """Respond only after the test releases; keep any error."""
        await self.bot.release.wait()
        try:
            await interaction.response.send_message("finally")
        except discord.HTTPException as exc:
            self.bot.seen["wait_error"] = exc
        self.bot.done.set()

    @commands.Cog.listener()
    async def on_voice_state_update(
        self, member: discord.Member, before: discord.VoiceState, after: discord.VoiceState
    ) -> None:
        """Queue every voice change."""
        ids = [c.id if c else None for c in (before.channel, after.channel)]
        await self.bot.voice.put((member.id, ids[0], ids[1]))

    @commands.Cog.listener()
    async def on_message(self, message: discord.Message) -> None:
        """Queue messages from people (not the bot)."""
        if not message.author.bot:
            await self.bot.inbox.put(message)


class HarnessBot(commands.Bot):
    """A plain commands.Bot that loads the cog, re-adds the persistent view and syncs."""

    def __init__(self, *, sync: bool = True) -> None:
        intents = discord.Intents.none()
        intents.guilds = intents.members = intents.voice_states = True
        intents.dm_messages = intents.guild_messages = True
        super().__init__(command_prefix=commands.when_mentioned, intents=intents)
        self.sync = sync
        self.clicks = 0
        self.seen: dict[str, Any] = {}
        self.voice: asyncio.Queue[tuple[int, int | None, int | None]] = asyncio.Queue()
        self.inbox: asyncio.Queue[discord.Message] = asyncio.Queue()
        self.release = asyncio.Event()
        self.done = asyncio.Event()

    async def setup_hook(self) -> None:
        """Load the cog, register the persistent view, sync commands."""
        await self.add_cog(HarnessCog(self))
        self.add_view(VoteView(self))
        if self.sync:
            await self.tree.sync()


@pytest.fixture
async def bot(start_bot: Any) -> HarnessBot:
    """A started HarnessBot."""
    instance = HarnessBot()
    await start_bot(instance)
    return instance


async def test_login_round_trip_caches_the_standard_guild(
    bot: HarnessBot, fake: FakeDiscord, world: StandardGuild
) -> None:
    """The bot logs in as the fake's bot user and sees the guild's members and channels."""
    guild = bot.get_guild(world.guild.id)
    seen = (
        bot.user and bot.user.id,
        guild and guild.get_member(world.member.id) is not None,
        guild and guild.get_channel(world.panel_voice.id) is not None,
    )
    assert seen == (fake.bot_user.id, True, True)


async def test_command_sync_is_recorded(bot: HarnessBot, fake: FakeDiscord) -> None:
    """tree.sync() PUTs the global commands, and the fake keeps them."""
    assert [r.method for r in fake.command_puts] == ["PUT"]
    names = sorted(c["name"] for c in fake.global_commands)
    assert {"ping", "setup", "vote"} <= set(names)


async def test_slash_command_is_answered_ephemerally(
    bot: HarnessBot, driver: Driver, world: StandardGuild
) -> None:
    """/ping answers with an ephemeral 'pong' message."""
    r = await driver.slash(world.member, "ping")
    assert (r.callback_type, r.content, r.ephemeral) == (4, "pong", True)


async def test_subcommand_with_options_reaches_the_bot(
    bot: HarnessBot, driver: Driver, world: StandardGuild
) -> None:
    """/setup timezone passes its string and resolved channel option."""
    r = await driver.slash(
        world.admin, "setup timezone", name="Europe/London", channel=world.general
    )
    assert r.content == f"Zone Europe/London in <#{world.general.id}>"


async def test_every_option_type_is_resolved(
    bot: HarnessBot, driver: Driver, world: StandardGuild
) -> None:
    """User, role, channel, integer, number, boolean and string options arrive typed."""
    await driver.slash(
        world.admin, "options", who=world.member, role=world.member_role,
        where=world.panel_voice, count=3, ratio=0.5, flag=True, word="hi",
    )  # fmt: skip
    who, role, where, count, ratio, flag, word = bot.seen["options"]
    assert (who.id, role.id, where.id, count, ratio, flag, word) == (
        world.member.id, world.member_role.id, world.panel_voice.id, 3, 0.5, True, "hi",
    )  # fmt: skip


async def test_unknown_option_raises(bot: HarnessBot, driver: Driver, world: StandardGuild) -> None:
    """Naming an option the bot did not sync fails the test (catches renamed options)."""
    with pytest.raises(CommandError, match="unknown options"):
        await driver.slash(world.admin, "setup timezone", zone="Europe/London")


async def test_autocomplete_returns_the_bots_choices(
    bot: HarnessBot, driver: Driver, world: StandardGuild
) -> None:
    """Typing 'europe' offers the two European zones."""
    choices = await driver.autocomplete(
        world.admin, "setup timezone", focused="name", name="europe"
    )
    assert [c["value"] for c in choices] == ["Europe/London", "Europe/Paris"]


async def test_deferred_command_follows_up(
    bot: HarnessBot, driver: Driver, world: StandardGuild
) -> None:
    """/slow defers ephemerally and its follow-up becomes the response."""
    r = await driver.slash(world.member, "slow")
    message = await r.wait_response()
    assert (r.callback_type, message.content, r.ephemeral) == (5, "done", True)


async def test_button_click_edits_the_message(
    bot: HarnessBot, driver: Driver, world: StandardGuild
) -> None:
    """Clicking Agree updates the vote message in place (callback type 7)."""
    posted = await driver.slash(world.coordinator, "vote")
    r = await driver.click(world.member, posted, label="Agree")
    assert (r.callback_type, r.content, r.message is posted.message) == (7, "Votes: 1", True)


async def test_modal_submission_reaches_on_submit(
    bot: HarnessBot, driver: Driver, world: StandardGuild
) -> None:
    """The feedback form's text comes back in the bot's reply."""
    opened = await driver.slash(world.member, "feedback")
    r = await driver.submit_modal(world.member, opened, {"Your feedback": "Clear enough"})
    assert r.content == "Thanks: Clear enough"


async def test_dm_is_delivered(bot: HarnessBot, driver: Driver, world: StandardGuild) -> None:
    """/dm sends the member a direct message."""
    r = await driver.slash(world.coordinator, "dm", member=world.member)
    assert [m.content for m in r.dms] == ["Hello from the panel"]


async def test_closed_dms_raise_forbidden_in_the_bot(
    bot: HarnessBot, driver: Driver, world: StandardGuild
) -> None:
    """A member with closed DMs makes member.send raise Forbidden with code 50007."""
    await driver.slash(world.coordinator, "dm", member=world.closed_dms)
    error = bot.seen["dm_error"]
    assert (type(error), error.code) == (discord.Forbidden, 50007)


async def test_dm_to_the_bot_is_received(
    bot: HarnessBot, driver: Driver, world: StandardGuild
) -> None:
    """A member's direct message reaches on_message as a DM."""
    await driver.send_dm(world.member, "can I add something?")
    message = await asyncio.wait_for(bot.inbox.get(), 3)
    assert (message.content, message.guild) == ("can I add something?", None)


async def test_voice_join_and_leave_are_seen(
    bot: HarnessBot, driver: Driver, world: StandardGuild
) -> None:
    """Joining then leaving panel-voice reaches on_voice_state_update twice."""
    await driver.join_voice(world.member, world.panel_voice)
    joined = await asyncio.wait_for(bot.voice.get(), 3)
    await driver.leave_voice(world.member)
    left = await asyncio.wait_for(bot.voice.get(), 3)
    voice = world.panel_voice.id
    assert [joined, left] == [(world.member.id, None, voice), (world.member.id, voice, None)]


async def test_file_attachment_round_trips_byte_for_byte(
    bot: HarnessBot, driver: Driver, world: StandardGuild
) -> None:
    """The bot reads the uploaded bytes and uploads them back unchanged."""
    data = bytes(range(256)) * 40
    r = await driver.slash(world.member, "upload", file=Upload("notes.bin", data))
    assert (r.content, r.files[0].data) == (hashlib.sha256(data).hexdigest(), data)


async def test_dropped_gateway_is_resumed(
    bot: HarnessBot, fake: FakeDiscord, driver: Driver, world: StandardGuild
) -> None:
    """After a dropped connection the client sends RESUME and still gets interactions."""
    await fake.gateway.drop()
    await fake.gateway.wait_resumed()
    r = await driver.slash(world.member, "ping")
    resumes = [p for p in fake.gateway.received if p["op"] == 6]
    assert (len(resumes), fake.gateway.identifies, r.content) == (1, 1, "pong")


async def test_reconnect_request_is_resumed(
    bot: HarnessBot, fake: FakeDiscord, driver: Driver, world: StandardGuild
) -> None:
    """Op 7 RECONNECT makes the client reconnect with RESUME, not a new IDENTIFY."""
    await fake.gateway.request_reconnect()
    await fake.gateway.wait_resumed()
    assert (fake.gateway.identifies, fake.gateway.resumes) == (1, 1)


async def test_rate_limited_request_is_retried(
    bot: HarnessBot, fake: FakeDiscord, driver: Driver, world: StandardGuild
) -> None:
    """A 429 on channel messages is retried after retry_after, and the message arrives once."""
    rule = fake.rate_limit("POST", "/channels/{channel_id}/messages", count=1, retry_after=0.05)
    r = await driver.slash(world.coordinator, "announce", text="Session at 2pm")
    await r.wait_followup()
    assert (rule.hits, [m.content for m in r.channel_messages]) == (1, ["Session at 2pm"])


async def test_expired_token_gives_unknown_webhook(
    bot: HarnessBot, fake: FakeDiscord, driver: Driver, world: StandardGuild
) -> None:
    """A follow-up on an expired token fails in the bot with NotFound code 10015."""
    r = await driver.slash(world.member, "later")
    fake.expire(r.interaction.token)
    bot.release.set()
    await asyncio.wait_for(bot.done.wait(), 3)
    error = bot.seen["late_error"]
    fake.pop_protocol_errors()  # the expired token use is recorded; expected here
    assert (type(error), error.code) == (discord.NotFound, 10015)


async def test_persistent_view_survives_a_restart(
    start_bot: Any, fake: FakeDiscord, driver: Driver, world: StandardGuild
) -> None:
    """A new bot instance answers a click on the old instance's message."""
    first = HarnessBot()
    runner = await start_bot(first)
    posted = await driver.slash(world.coordinator, "vote")
    await runner.stop()
    second = HarnessBot(sync=False)
    await start_bot(second)
    r = await driver.click(world.member, posted.message, custom_id="vote:agree")
    assert (r.content, first.clicks, second.clicks) == ("Votes: 1", 0, 1)


async def test_invalid_payload_is_a_schema_violation(
    bot: HarnessBot, fake: FakeDiscord, driver: Driver, world: StandardGuild
) -> None:
    """An embed with 30 fields is rejected as Discord would, and recorded as a violation."""
    with pytest.raises(HarnessError, match="schema violation"):
        await driver.slash(world.member, "bad")
    violations = fake.pop_violations()
    assert [v.template for v in violations] == [
        "/interactions/{interaction_id}/{interaction_token}/callback"
    ]


async def test_embeds_over_6000_characters_in_all_are_a_violation(
    bot: HarnessBot, fake: FakeDiscord, driver: Driver, world: StandardGuild
) -> None:
    """Discord refuses a message whose embeds hold more than 6,000 characters together."""
    with pytest.raises(HarnessError, match="schema violation"):
        await driver.slash(world.member, "huge")
    violations = fake.pop_violations()
    assert [v.errors for v in violations] == [("embeds: 7000 characters in all, over 6000",)]


async def test_unanswered_interaction_fails_the_driver(
    start_bot: Any, fake: FakeDiscord, driver: Driver, world: StandardGuild
) -> None:
    """A command the running bot does not know is never answered, and the driver says so."""
    await start_bot(HarnessBot())
    fake.global_commands.append({"id": "1", "name": "ghost", "type": 1, "options": []})
    with pytest.raises(HarnessError, match="did not answer"):
        await driver.slash(world.member, "ghost", within=0.3)


async def test_select_choice_reaches_the_bot(
    bot: HarnessBot, driver: Driver, world: StandardGuild
) -> None:
    """Choosing 'b' in the select menu updates the message to say so."""
    posted = await driver.slash(world.member, "pick")
    r = await driver.select(world.member, posted, ["b"], custom_id="pick:letter")
    assert (r.callback_type, r.content, r.components) == (7, "Picked b", [])


async def test_edit_of_a_deleted_message_is_not_found(
    bot: HarnessBot, fake: FakeDiscord, driver: Driver, world: StandardGuild
) -> None:
    """Editing a message deleted behind the bot's back raises NotFound 10008."""
    r = await driver.slash(world.coordinator, "post")
    fake.delete_message(r.channel_messages[0])
    await driver.slash(world.coordinator, "repost")
    error = bot.seen["edit_error"]
    assert (type(error), error.code) == (discord.NotFound, 10008)


async def test_send_to_a_deleted_channel_is_not_found(
    bot: HarnessBot, fake: FakeDiscord, driver: Driver, world: StandardGuild
) -> None:
    """Sending to a channel deleted behind the bot's back raises NotFound 10003."""
    fake.delete_channel(world.general)
    await driver.slash(world.coordinator, "post")
    error = bot.seen["post_error"]
    assert (type(error), error.code) == (discord.NotFound, 10003)


async def test_injected_failure_reaches_the_bot(
    bot: HarnessBot, fake: FakeDiscord, driver: Driver, world: StandardGuild
) -> None:
    """fake.fail makes the next channel message answer 403 Missing Permissions."""
    fake.fail("POST", "/channels/{channel_id}/messages")
    await driver.slash(world.coordinator, "post")
    error = bot.seen["post_error"]
    assert (type(error), error.code) == (discord.Forbidden, 50013)


async def test_scheduled_event_is_created_and_edited(
    bot: HarnessBot, fake: FakeDiscord, driver: Driver, world: StandardGuild
) -> None:
    """The bot's scheduled event lands in the guild with its new name and voice channel."""
    await driver.slash(world.coordinator, "event")
    events = [(e["name"], e["channel_id"]) for e in world.guild.scheduled_events.values()]
    assert events == [("Panel session", str(world.panel_voice.id))]


async def test_unknown_route_is_recorded(
    bot: HarnessBot, fake: FakeDiscord, driver: Driver, world: StandardGuild
) -> None:
    """A call to a route the fake lacks is a 404 in the bot and recorded for the teardown."""
    await driver.slash(world.member, "emojis")
    unknown = [(r.method, r.template) for r in fake.pop_unknown_routes()]
    assert unknown == [("GET", "/guilds/{guild_id}/emojis")]


async def test_answer_after_three_seconds_is_refused(
    bot: HarnessBot, fake: FakeDiscord, driver: Driver, world: StandardGuild
) -> None:
    """A callback after Discord's 3-second window raises NotFound 10062 in the bot."""
    await driver.dispatch_slash(world.member, "wait")
    fake.age(3.5)
    bot.release.set()
    await asyncio.wait_for(bot.done.wait(), 3)
    error = bot.seen["wait_error"]
    fake.pop_protocol_errors()  # the late answer is recorded; expected here
    assert (type(error), error.code) == (discord.NotFound, 10062)


async def test_guild_message_content_needs_the_intent(
    bot: HarnessBot, driver: Driver, world: StandardGuild
) -> None:
    """Without the message content intent the bot sees guild messages with empty content."""
    await driver.send_message(world.member, "hello everyone")
    message = await asyncio.wait_for(bot.inbox.get(), 3)
    assert (message.content, message.channel.id) == ("", world.general.id)


async def test_voice_state_before_start_arrives_in_guild_create(
    start_bot: Any, driver: Driver, world: StandardGuild
) -> None:
    """A member already in panel-voice when the bot starts is in the channel's members."""
    await driver.join_voice(world.member, world.panel_voice)
    bot = HarnessBot()
    await start_bot(bot)
    channel = bot.get_channel(world.panel_voice.id)
    assert isinstance(channel, discord.VoiceChannel)
    assert [m.id for m in channel.members] == [world.member.id]


async def test_deferred_update_edits_the_clicked_message(
    bot: HarnessBot, driver: Driver, world: StandardGuild
) -> None:
    """defer() on a click, then edit_original_response, changes the clicked message."""
    board = await driver.slash(world.coordinator, "board")
    r = await driver.click(world.member, board, label="Refresh")
    await r.wait_for(lambda r: any(m.content == "note, edited" for m in r.followups))
    assert (r.callback_type, r.message is board.message, r.content) == (6, True, "Refreshed")


async def test_pings_are_worked_out_from_allowed_mentions(
    bot: HarnessBot, driver: Driver, world: StandardGuild
) -> None:
    """A message with @everyone and no allowed_mentions limits pings everyone."""
    r = await driver.slash(world.coordinator, "shout")
    assert [m.pings for m in r.channel_messages] == [{"@everyone"}]


async def test_settle_waits_for_the_bots_handlers(
    bot: HarnessBot, driver: Driver, world: StandardGuild
) -> None:
    """After driver.settle() the voice handler has already run."""
    await driver.join_voice(world.member, world.panel_voice)
    await driver.settle()
    assert bot.voice.qsize() == 1


async def test_default_permissions_hide_commands_from_members(
    bot: HarnessBot, driver: Driver, world: StandardGuild
) -> None:
    """/setup (manage_guild) is visible to the admin and hidden from a member."""
    seen = (driver.visible_to(world.admin, "setup"), driver.visible_to(world.member, "setup"))
    assert seen == (True, False)


async def test_late_answer_fails_the_test_at_teardown(
    bot: HarnessBot, fake: FakeDiscord, driver: Driver, world: StandardGuild
) -> None:
    """A callback after the 3-second window is a protocol error that assert_clean reports."""
    await driver.dispatch_slash(world.member, "wait")
    fake.age(3.5)
    bot.release.set()
    await asyncio.wait_for(bot.done.wait(), 3)
    with pytest.raises(HarnessError, match="answered after"):
        fake.assert_clean()
    fake.pop_protocol_errors()


async def test_role_change_reaches_the_member_cache(
    bot: HarnessBot, driver: Driver, world: StandardGuild
) -> None:
    """After set_roles and settle, the bot's cached member holds the Coordinator role."""
    await driver.set_roles(world.member, [world.member_role, world.coordinator_role])
    await driver.settle()
    guild = bot.get_guild(world.guild.id)
    member = guild and guild.get_member(world.member.id)
    assert member is not None
    assert world.coordinator_role.id in [r.id for r in member.roles]


async def test_a_public_deferral_stays_public(
    bot: HarnessBot, driver: Driver, world: StandardGuild
) -> None:
    """The follow-up that fills a public deferral is public even when sent as ephemeral."""
    r = await driver.slash(world.member, "public")
    message = await r.wait_response()
    assert (message.content, r.ephemeral) == ("here", False)


async def test_rest_fetches_return_the_fakes_world(
    bot: HarnessBot, driver: Driver, world: StandardGuild
) -> None:
    """fetch_guild, fetch_member, fetch_roles and fetch_channel answer from the fake's model."""
    await driver.slash(world.admin, "lookup", member=world.member)
    roles = ["@everyone", "Admin", "Coordinator", "Member"]
    assert bot.seen["lookup"] == ("LEAP Test Panel", "alice", roles, "general")


async def test_files_over_discord_s_size_limit_are_refused(
    bot: HarnessBot, driver: Driver, world: StandardGuild
) -> None:
    """A message whose files come to more than 10 MiB is refused (413 / 40005), as on
    Discord, so a bot that sends big files must split them."""
    data = b"x" * (10 * 1024 * 1024 + 1)
    r = await driver.dispatch_slash(world.member, "upload", file=Upload("big.bin", data))
    sent = await r.wait_request(
        "POST", "/interactions/{interaction_id}/{interaction_token}/callback"
    )
    await driver.settle()
    assert (sent.status, r.files) == (413, [])
