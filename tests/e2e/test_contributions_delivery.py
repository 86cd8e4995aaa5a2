"""Posts are stored first and sent after: a Discord failure or a restart loses nothing;
an answer to a prompt is posted as a reply to the prompt's message."""

from __future__ import annotations

import csv
import io
from datetime import timedelta
from typing import Any

import discord
from discord import app_commands
from fakediscord import Driver, FakeDiscord
from fakediscord.standard import StandardGuild
from helpers_contributions import contribute, live_session, posted, posts, rows
from helpers_sessions import launch

from bot.app import LeapBot
from bot.clock import ManualClock
from bot.text import contributions as text
from bot.ui.contributions import PromptAnswerModal


def _outage(fake: FakeDiscord, method: str, path: str) -> Any:
    """Discord answers 500 to every matching call until the rule is lifted."""
    return fake.fail(method, path, status=500, code=0, message="Internal Server Error", count=10**6)


async def _after_the_outage(bot: LeapBot, clock: ManualClock, rule: Any) -> None:
    """Lift the outage and let the notifier's retry (a minute later) run."""
    rule.remaining = 0
    clock.advance(timedelta(seconds=61))
    await bot.timers.run_due()
    await bot.notifier.wait_idle()


async def test_a_post_discord_refused_is_still_stored_and_the_author_told(
    bot: LeapBot, driver: Driver, fake: FakeDiscord, world: StandardGuild
) -> None:
    await live_session(bot, driver, world)
    _outage(fake, "POST", f"/channels/{world.general.id}/messages")
    r = await contribute(driver, world.member, "Posted when Discord lets me.")
    await bot.notifier.wait_idle()
    [row] = await rows(bot)
    assert ("#1" in r.text, posts(fake, world.general), row.body, row.message_id) == (
        True,
        [],
        "Posted when Discord lets me.",
        None,
    )


async def test_a_refused_post_goes_out_when_discord_is_back(
    bot: LeapBot, driver: Driver, fake: FakeDiscord, world: StandardGuild, clock: ManualClock
) -> None:
    await live_session(bot, driver, world)
    outage = _outage(fake, "POST", f"/channels/{world.general.id}/messages")
    await contribute(driver, world.member, "Posted when Discord lets me.")
    await bot.notifier.wait_idle()
    await _after_the_outage(bot, clock, outage)
    [post] = posts(fake, world.general)
    [row] = await rows(bot)
    assert (post.content, row.message_id) == (
        "**Contributor A** · #1\nPosted when Discord lets me.",
        post.id,
    )


async def test_a_refused_post_goes_out_after_a_restart(
    leap_settings: Any,
    start_bot: Any,
    bot: LeapBot,
    driver: Driver,
    fake: FakeDiscord,
    world: StandardGuild,
    clock: ManualClock,
) -> None:
    await live_session(bot, driver, world)
    outage = _outage(fake, "POST", f"/channels/{world.general.id}/messages")
    await contribute(driver, world.member, "Posted when Discord lets me.")
    await bot.notifier.wait_idle()
    await bot.close()
    second, _ = await launch(leap_settings, start_bot, clock)
    await _after_the_outage(second, clock, outage)
    [post] = posts(fake, world.general)
    [row] = await rows(second)
    assert (post.content.split("\n")[1], row.message_id) == (
        "Posted when Discord lets me.",
        post.id,
    )


async def test_a_post_taken_back_during_an_outage_never_shows(
    bot: LeapBot, driver: Driver, fake: FakeDiscord, world: StandardGuild, clock: ManualClock
) -> None:
    await live_session(bot, driver, world)
    outage = _outage(fake, "POST", f"/channels/{world.general.id}/messages")
    await contribute(driver, world.member, "Never mind.")
    await bot.notifier.wait_idle()
    await driver.slash(world.member, "contribution delete", id="1")
    await _after_the_outage(bot, clock, outage)
    assert posts(fake, world.general) == []


async def test_a_hide_discord_refused_is_done_when_discord_is_back(
    bot: LeapBot, driver: Driver, fake: FakeDiscord, world: StandardGuild, clock: ManualClock
) -> None:
    await live_session(bot, driver, world)
    await contribute(driver, world.member, "Hide me even if Discord is slow.")
    [post] = await posted(driver, fake, world.general, 1)
    await bot.notifier.wait_idle()
    outage = _outage(fake, "PATCH", f"/channels/{world.general.id}/messages/{post.id}")
    await driver.slash(world.coordinator, "contribution hide", id="1", reason="Off topic")
    await bot.notifier.wait_idle()
    during = post.content
    await _after_the_outage(bot, clock, outage)
    assert (during.split("\n")[0], post.content) == (
        "**Contributor A** · #1",
        text.HIDDEN_POST.format(number=1, reason="Off topic"),
    )


async def test_a_deleted_channel_does_not_block_other_posts(
    bot: LeapBot, driver: Driver, fake: FakeDiscord, world: StandardGuild
) -> None:
    await live_session(bot, driver, world)
    gone = fake.fail("POST", f"/channels/{world.general.id}/messages", status=404, code=10003)
    await contribute(driver, world.member, "Nowhere to go.")
    await fake.wait_until(lambda: gone.hits == 1)
    await contribute(driver, world.member, "This one shows.")
    shown = await posted(driver, fake, world.general, 1)
    assert [p.content.split("\n")[1] for p in shown] == ["This one shows."]


async def _prompt_form(bot: LeapBot, prompt_message: Any, session_id: int | None) -> None:
    """A stand-in for the prompt's "Answer anonymously" button: a command opening the form."""

    @app_commands.command(name="answer-test", description="Open the answer form")
    async def answer_test(interaction: discord.Interaction[Any]) -> None:
        await interaction.response.send_modal(
            PromptAnswerModal(
                prompt_id=7,
                channel_id=prompt_message.channel_id,
                message_id=prompt_message.id,
                session_id=session_id,
            )
        )

    bot.tree.add_command(answer_test)
    await bot.tree.sync()


async def test_an_answer_to_a_prompt_is_a_reply_to_it_and_exported_with_its_link(
    bot: LeapBot, driver: Driver, fake: FakeDiscord, world: StandardGuild
) -> None:
    session = await live_session(bot, driver, world)
    await driver.send_message(world.coordinator, "What did you think of the leaflet?")
    await driver.settle()
    prompt_message = fake.messages_in(world.general)[-1]
    await _prompt_form(bot, prompt_message, session)
    form = await driver.slash(world.member, "answer-test")
    answer = await driver.submit_modal(world.member, form, {"text": "It was too long."})
    if answer.deferred:
        await answer.wait_response()
    [post] = await posted(driver, fake, world.general, 1)
    export = await driver.slash(world.coordinator, "contribution export", session=str(session))
    if export.deferred:
        await export.wait_response()
    table = list(csv.reader(io.StringIO(export.files[0].data.decode("utf-8-sig"))))
    link = f"https://discord.com/channels/{world.guild.id}/{world.general.id}/{prompt_message.id}"
    assert (
        text.WHO_CAN_SEE in answer.text,
        int(post.history[0]["message_reference"]["message_id"]),
        table[1][4],
    ) == (True, prompt_message.id, link)
