"""Closing end to end: by command and at the deadline (also across a restart), the result,
late presses, /poll results, "You said, we did", review reminders, /poll list and nudges."""

from __future__ import annotations

import copy
from datetime import timedelta
from typing import Any

from fakediscord import Driver, FakeDiscord
from fakediscord.results import Result, message_text
from fakediscord.standard import StandardGuild
from helpers_polls import (
    buttons,
    close,
    create,
    only_poll,
    poll_message,
    poll_text,
    results_in,
    vote,
    whole_minute,  # noqa: F401  # an autouse fixture
)
from helpers_sessions import answered, launch

from bot.app import LeapBot
from bot.clock import ManualClock
from storage import audit
from storage import notices as notice_repo


async def _votes(bot: LeapBot) -> int:
    async with bot.db.read() as conn:
        return int(await conn.fetchval("SELECT COUNT(*) FROM poll_votes"))


def _dm_users(fake: FakeDiscord, result: Result) -> list[int]:
    owners = {c.id: uid for uid, c in fake.dm_channels.items()}
    return sorted(owners[m.channel_id] for m in result.dms)


# --- by command -----------------------------------------------------------------------------


async def test_close_posts_the_result_in_the_channel(
    bot: LeapBot, driver: Driver, world: StandardGuild, fake: FakeDiscord
) -> None:
    await create(driver, world)
    poll = await only_poll(bot)
    for user in (world.member, world.member2, world.coordinator):
        await vote(driver, fake, poll, user, "Agree")
    await close(driver, world, poll)
    shown = message_text(results_in(fake, world.general)[0])
    assert "Agree: ███ 3" in shown
    assert ("3 of 4 voted." in shown, "Outcome: **Agreed**" in shown) == (True, True)


async def test_every_result_line_carries_a_number(
    bot: LeapBot, driver: Driver, world: StandardGuild, fake: FakeDiscord
) -> None:
    await create(driver, world)
    poll = await only_poll(bot)
    await vote(driver, fake, poll, world.member, "Agree")
    await close(driver, world, poll)
    shown = message_text(results_in(fake, world.general)[0])
    lines = [line for line in shown.splitlines() if line.split(":")[0] in {
        "Agree", "Abstain", "Disagree", "Block"}]  # fmt: skip
    assert [line.rsplit(" ", 1)[1] for line in lines] == ["1", "0", "0", "0"]


async def test_close_tells_the_coordinator_where_the_result_is(
    bot: LeapBot, driver: Driver, world: StandardGuild, fake: FakeDiscord
) -> None:
    await create(driver, world)
    r = await close(driver, world, await only_poll(bot))
    assert (r.ephemeral, f"<#{world.general.id}>" in r.text) == (True, True)


async def test_close_removes_the_buttons_from_the_poll(
    bot: LeapBot, driver: Driver, world: StandardGuild, fake: FakeDiscord
) -> None:
    await create(driver, world)
    await close(driver, world, await only_poll(bot))
    poll = await only_poll(bot)
    assert (buttons(poll_message(fake, poll)), "Poll (closed)" in poll_text(fake, poll)) == (
        [],
        True,
    )


async def test_a_press_after_close_is_refused_and_changes_nothing(
    bot: LeapBot, driver: Driver, world: StandardGuild, fake: FakeDiscord
) -> None:
    await create(driver, world)
    poll = await only_poll(bot)
    stale = copy.deepcopy(poll_message(fake, poll))  # a client that has not redrawn yet
    await vote(driver, fake, poll, world.member, "Agree")
    await close(driver, world, poll)
    r = await answered(await driver.click(world.member2, stale, label="Abstain"))
    assert (r.ephemeral, "has closed" in r.text, await _votes(bot)) == (True, True, 1)


async def test_closed_poll_shows_final_turnout(
    bot: LeapBot, driver: Driver, world: StandardGuild, fake: FakeDiscord
) -> None:
    await create(driver, world)
    poll = await only_poll(bot)
    await vote(driver, fake, poll, world.member, "Agree")
    await close(driver, world, poll)
    assert "1 of 4 voted." in poll_text(fake, poll)


async def test_closing_twice_says_it_is_already_closed(
    bot: LeapBot, driver: Driver, world: StandardGuild, fake: FakeDiscord
) -> None:
    await create(driver, world)
    poll = await only_poll(bot)
    await close(driver, world, poll)
    r = await driver.slash(world.coordinator, "poll close", poll=str(poll.id))
    assert ("already closed" in r.text, len(results_in(fake, world.general))) == (True, 1)


async def test_member_cannot_close_a_poll(
    bot: LeapBot, driver: Driver, world: StandardGuild, fake: FakeDiscord
) -> None:
    await create(driver, world)
    poll = await only_poll(bot)
    await driver.slash(world.member, "poll close", poll=str(poll.id))
    assert (await only_poll(bot)).is_open


async def test_close_is_audited_with_the_coordinator(
    bot: LeapBot, driver: Driver, world: StandardGuild, fake: FakeDiscord
) -> None:
    await create(driver, world)
    await close(driver, world, await only_poll(bot))
    async with bot.db.read() as conn:
        entries = await audit.recent(conn, world.guild.id, action="poll.close")
    assert [e.actor_id for e in entries] == [world.coordinator.id]


async def test_close_autocomplete_offers_open_polls(
    bot: LeapBot, driver: Driver, world: StandardGuild, fake: FakeDiscord
) -> None:
    await create(driver, world, question="Shall we meet on Zoom?")
    choices = await driver.autocomplete(
        world.coordinator, "poll close", focused="poll", poll="zoom"
    )
    assert [c["name"] for c in choices] == ["#1 Shall we meet on Zoom?"]


async def test_outcome_wording_for_a_block(
    bot: LeapBot, driver: Driver, world: StandardGuild, fake: FakeDiscord
) -> None:
    await create(driver, world)
    poll = await only_poll(bot)
    await vote(driver, fake, poll, world.member, "Agree")
    await vote(driver, fake, poll, world.member2, "Block")
    await close(driver, world, poll)
    assert "Outcome: **Not agreed: 1 block**" in message_text(results_in(fake, world.general)[0])


async def test_outcome_wording_for_a_missed_threshold(
    bot: LeapBot, driver: Driver, world: StandardGuild, fake: FakeDiscord
) -> None:
    for n in range(1, 4):
        await driver.member_joins(fake.add_user(f"extra{n}"), [world.member_role])
    await create(driver, world)
    poll = await only_poll(bot)
    members = [m.user for m in world.guild.members.values() if world.member_role.id in m.roles]
    for user in members[:3]:
        await vote(driver, fake, poll, user, "Agree")
    for user in members[3:5]:
        opened = await driver.click(user, poll_message(fake, poll), label="Disagree")
        await answered(await driver.submit_modal(user, opened, {}))
    await close(driver, world, poll)
    assert "Outcome: **Not agreed: 60% agree, 75% needed**" in message_text(
        results_in(fake, world.general)[0]
    )


async def test_outcome_wording_for_a_missed_quorum(
    bot: LeapBot, driver: Driver, world: StandardGuild, fake: FakeDiscord
) -> None:
    await create(driver, world, quorum=3)
    poll = await only_poll(bot)
    await vote(driver, fake, poll, world.member, "Agree")
    await close(driver, world, poll)
    assert "Outcome: **No decision: not enough people voted (quorum 3)**" in message_text(
        results_in(fake, world.general)[0]
    )


async def test_named_poll_result_shows_who_voted_for_what(
    bot: LeapBot, driver: Driver, world: StandardGuild, fake: FakeDiscord
) -> None:
    await create(driver, world, anonymous=False)
    poll = await only_poll(bot)
    await vote(driver, fake, poll, world.member, "Agree")
    await close(driver, world, poll)
    assert f"Agree: <@{world.member.id}>" in message_text(results_in(fake, world.general)[0])


# --- at the deadline ------------------------------------------------------------------------


async def test_poll_closes_by_itself_at_its_deadline(
    bot: LeapBot, driver: Driver, world: StandardGuild, fake: FakeDiscord, clock: ManualClock
) -> None:
    await create(driver, world, closes="in 1 minute")
    await vote(driver, fake, await only_poll(bot), world.member, "Agree")
    clock.advance(timedelta(minutes=1))
    await bot.timers.run_due()
    await driver.settle()
    poll = await only_poll(bot)
    assert (
        poll.is_open,
        len(results_in(fake, world.general)),
        buttons(poll_message(fake, poll)),
    ) == (
        False,
        1,
        [],
    )


async def test_a_vote_after_the_deadline_but_before_the_timer_is_refused(
    bot: LeapBot, driver: Driver, world: StandardGuild, fake: FakeDiscord, clock: ManualClock
) -> None:
    await create(driver, world, closes="in 1 minute")
    clock.advance(timedelta(minutes=1, seconds=5))
    r = await vote(driver, fake, await only_poll(bot), world.member, "Agree")
    assert ("has closed" in r.text, await _votes(bot)) == (True, 0)


async def test_deadline_passed_while_the_bot_was_down_closes_it_at_start_up(
    leap_settings: Any,
    start_bot: Any,
    bot: LeapBot,
    driver: Driver,
    world: StandardGuild,
    fake: FakeDiscord,
    clock: ManualClock,
) -> None:
    await create(driver, world, closes="in 1 hour")
    await vote(driver, fake, await only_poll(bot), world.member, "Agree")
    await bot.close()
    clock.advance(timedelta(hours=2))
    second, _ = await launch(leap_settings, start_bot, clock)
    await second.timers.wait_idle()
    await driver.settle()
    shown = message_text(results_in(fake, world.general)[0])
    assert ("Agree: █ 1" in shown, "1 of 4 voted." in shown) == (True, True)


async def test_buttons_still_work_after_a_restart(
    leap_settings: Any,
    start_bot: Any,
    bot: LeapBot,
    driver: Driver,
    world: StandardGuild,
    fake: FakeDiscord,
    clock: ManualClock,
) -> None:
    await create(driver, world)
    await bot.close()
    second, _ = await launch(leap_settings, start_bot, clock)
    r = await vote(driver, fake, await only_poll(second), world.member, "Agree")
    assert "**Agree**" in r.text


async def test_the_result_is_not_posted_twice_after_a_restart(
    leap_settings: Any,
    start_bot: Any,
    bot: LeapBot,
    driver: Driver,
    world: StandardGuild,
    fake: FakeDiscord,
    clock: ManualClock,
) -> None:
    await create(driver, world)
    await close(driver, world, await only_poll(bot))
    await bot.close()
    await launch(leap_settings, start_bot, clock)
    await driver.settle()
    assert len(results_in(fake, world.general)) == 1


# --- /poll results --------------------------------------------------------------------------


async def test_results_after_close_show_counts_and_outcome(
    bot: LeapBot, driver: Driver, world: StandardGuild, fake: FakeDiscord
) -> None:
    await create(driver, world)
    poll = await only_poll(bot)
    await vote(driver, fake, poll, world.member, "Agree")
    await close(driver, world, poll)
    r = await driver.slash(world.member2, "poll results", poll=str(poll.id))
    assert ("Agree: █ 1" in r.text, "Outcome: **Agreed**" in r.text) == (True, True)


# --- You said, we did -----------------------------------------------------------------------


async def _outcome(driver: Driver, world: StandardGuild, poll: Any, **options: Any) -> Any:
    values = {"poll": str(poll.id), "text": "We moved the meetings to Zoom."} | options
    result = await answered(await driver.slash(world.coordinator, "poll outcome", **values))
    await driver.settle()
    return result


def _we_did(fake: FakeDiscord, world: StandardGuild) -> list[str]:
    texts = [message_text(m) for m in fake.messages_in(world.general)]
    return [t for t in texts if "You said, we did" in t]


async def test_outcome_posts_you_said_we_did_with_question_and_result(
    bot: LeapBot, driver: Driver, world: StandardGuild, fake: FakeDiscord
) -> None:
    await create(driver, world)
    poll = await only_poll(bot)
    await vote(driver, fake, poll, world.member, "Agree")
    await close(driver, world, poll)
    await _outcome(driver, world, poll)
    shown = _we_did(fake, world)[0]
    assert "Shall we meet on Zoom?" in shown
    assert ("Agreed" in shown, "We moved the meetings to Zoom." in shown) == (True, True)


def _outage(fake: FakeDiscord, world: StandardGuild) -> Any:
    """Discord answers 500 to every post in #general until the rule is lifted."""
    path = f"/channels/{world.general.id}/messages"
    return fake.fail("POST", path, status=500, code=0, message="Internal Server Error", count=10**6)


async def _retries_run(bot: LeapBot, clock: ManualClock) -> None:
    """Let the outbox's retries over the next two hours run (1, 5, 15 and 60 minutes)."""
    for minutes in (1, 5, 15, 60):
        clock.advance(timedelta(minutes=minutes, seconds=1))
        await bot.timers.run_due()
        await bot.notifier.wait_idle()


async def test_an_outcome_discord_refused_is_posted_once_when_discord_is_back(
    bot: LeapBot, driver: Driver, world: StandardGuild, fake: FakeDiscord, clock: ManualClock
) -> None:
    await create(driver, world)
    poll = await only_poll(bot)
    await close(driver, world, poll)
    outage = _outage(fake, world)
    await _outcome(driver, world, poll)
    await bot.notifier.wait_idle()
    during = _we_did(fake, world)
    outage.remaining = 0
    await _retries_run(bot, clock)
    assert (during, len(_we_did(fake, world))) == ([], 1)


async def test_an_outcome_owed_when_the_bot_stopped_is_posted_after_a_restart(
    leap_settings: Any,
    start_bot: Any,
    bot: LeapBot,
    driver: Driver,
    world: StandardGuild,
    fake: FakeDiscord,
    clock: ManualClock,
) -> None:
    await create(driver, world)
    poll = await only_poll(bot)
    await close(driver, world, poll)
    outage = _outage(fake, world)
    await _outcome(driver, world, poll)
    await bot.notifier.wait_idle()
    await bot.close()
    outage.remaining = 0
    second, _ = await launch(leap_settings, start_bot, clock)
    await _retries_run(second, clock)
    assert len(_we_did(fake, world)) == 1


async def test_only_the_newest_outcome_goes_up_after_an_outage(
    bot: LeapBot, driver: Driver, world: StandardGuild, fake: FakeDiscord, clock: ManualClock
) -> None:
    await create(driver, world)
    poll = await only_poll(bot)
    await close(driver, world, poll)
    outage = _outage(fake, world)
    await _outcome(driver, world, poll, text="We asked about Zoom.")
    await _outcome(driver, world, poll)
    outage.remaining = 0
    await _retries_run(bot, clock)
    [shown] = _we_did(fake, world)
    assert ("We moved the meetings to Zoom." in shown, "about Zoom" in shown) == (True, False)


async def test_the_review_reminder_links_an_outcome_posted_after_an_outage(
    bot: LeapBot, driver: Driver, world: StandardGuild, fake: FakeDiscord, clock: ManualClock
) -> None:
    await create(driver, world)
    poll = await only_poll(bot)
    await close(driver, world, poll)
    outage = _outage(fake, world)
    await _outcome(driver, world, poll, review="in 3 days")
    outage.remaining = 0
    await _retries_run(bot, clock)
    [post] = [m for m in fake.messages_in(world.general) if "You said, we did" in message_text(m)]
    clock.advance(timedelta(days=4))
    result = Result(fake)
    await bot.timers.run_due()
    dm = await result.wait_dm(world.coordinator)
    assert f"/{world.general.id}/{post.id}" in dm.content


async def test_outcome_on_an_open_poll_is_refused(
    bot: LeapBot, driver: Driver, world: StandardGuild, fake: FakeDiscord
) -> None:
    await create(driver, world)
    r = await _outcome(driver, world, await only_poll(bot))
    assert ("still open" in r.text, _we_did(fake, world)) == (True, [])


async def test_outcome_review_date_in_the_past_is_refused(
    bot: LeapBot, driver: Driver, world: StandardGuild, fake: FakeDiscord
) -> None:
    await create(driver, world)
    poll = await only_poll(bot)
    await close(driver, world, poll)
    r = await _outcome(driver, world, poll, review="yesterday")
    assert ("after today" in r.text, _we_did(fake, world)) == (True, [])


async def test_review_date_reminds_the_coordinators_with_links(
    bot: LeapBot, driver: Driver, world: StandardGuild, fake: FakeDiscord, clock: ManualClock
) -> None:
    await create(driver, world)
    poll = await only_poll(bot)
    await close(driver, world, poll)
    await _outcome(driver, world, poll, review="in 3 days")
    clock.advance(timedelta(days=4))
    result = Result(fake)
    await bot.timers.run_due()
    dm = await result.wait_dm(world.coordinator)
    link = f"https://discord.com/channels/{world.guild.id}/{world.general.id}/{poll.message_id}"
    assert ("We moved the meetings to Zoom." in dm.content, link in dm.content) == (True, True)
    assert _dm_users(fake, result) == [world.coordinator.id]


async def test_outcome_is_listed_with_its_poll(
    bot: LeapBot, driver: Driver, world: StandardGuild, fake: FakeDiscord
) -> None:
    await create(driver, world)
    poll = await only_poll(bot)
    await vote(driver, fake, poll, world.member, "Agree")
    await close(driver, world, poll)
    await _outcome(driver, world, poll)
    r = await driver.slash(world.member, "poll list")
    assert "#1 Shall we meet on Zoom?: Agreed" in r.text
    assert "You said, we did: We moved the meetings to Zoom." in r.text


async def test_list_shows_open_polls_with_turnout(
    bot: LeapBot, driver: Driver, world: StandardGuild, fake: FakeDiscord
) -> None:
    await create(driver, world, question="Pizza or soup?")
    await vote(driver, fake, await only_poll(bot), world.member, "Agree")
    r = await driver.slash(world.member2, "poll list")
    assert "#1 Pizza or soup? (1 of 4 has voted, no closing time)" in r.text


# --- nudges ---------------------------------------------------------------------------------


async def _nudge(bot: LeapBot, fake: FakeDiscord, clock: ManualClock) -> Result:
    """Move to the nudge time of a poll closing in 2 days (24 hours before) and fire it."""
    clock.advance(timedelta(days=1, minutes=1))
    result = Result(fake)
    await bot.timers.run_due()
    await bot.timers.wait_idle()
    return result


async def test_nudges_reach_only_members_who_have_not_voted(
    bot: LeapBot, driver: Driver, world: StandardGuild, fake: FakeDiscord, clock: ManualClock
) -> None:
    await create(driver, world, closes="in 2 days")
    await vote(driver, fake, await only_poll(bot), world.member, "Agree")
    result = await _nudge(bot, fake, clock)
    # carol's direct messages are closed: she is mentioned in the channel instead
    assert _dm_users(fake, result) == sorted([world.member2.id, world.coordinator.id])


async def test_nudge_says_when_the_poll_closes(
    bot: LeapBot, driver: Driver, world: StandardGuild, fake: FakeDiscord, clock: ManualClock
) -> None:
    await create(driver, world, closes="in 2 days")
    poll = await only_poll(bot)
    result = await _nudge(bot, fake, clock)
    dm = await result.wait_dm(world.member2)
    assert f"<t:{int(poll.closes_at.timestamp())}:R>" in dm.content  # type: ignore[union-attr]


async def test_closed_dms_get_one_mention_listing_only_them(
    bot: LeapBot, driver: Driver, world: StandardGuild, fake: FakeDiscord, clock: ManualClock
) -> None:
    await create(driver, world, closes="in 2 days")
    await vote(driver, fake, await only_poll(bot), world.member, "Agree")
    result = await _nudge(bot, fake, clock)
    posts = [m for m in result.channel_messages if m.channel_id == world.general.id]
    assert [m.pings for m in posts] == [{f"user:{world.closed_dms.id}"}]


async def test_in_a_secret_poll_the_mention_does_not_show_who_has_not_voted(
    bot: LeapBot, driver: Driver, world: StandardGuild, fake: FakeDiscord, clock: ManualClock
) -> None:
    """carol (DMs known closed) voted; dee (DMs closed) did not. The one channel mention
    names both and does not say who has not voted, or the channel would learn it."""
    dee = fake.add_user("dee", dms_closed=True)
    await driver.member_joins(dee, [world.member_role])
    async with bot.db.transaction() as conn:
        await notice_repo.mark_closed(conn, world.guild.id, world.closed_dms.id, now=clock.now())
    await create(driver, world, closes="in 2 days")
    await vote(driver, fake, await only_poll(bot), world.closed_dms, "Agree")
    result = await _nudge(bot, fake, clock)
    posts = [m for m in result.channel_messages if m.channel_id == world.general.id]
    assert [(m.pings, "and you have not voted yet" in m.content) for m in posts] == [
        ({f"user:{world.closed_dms.id}", f"user:{dee.id}"}, False)
    ]


async def test_in_a_named_poll_the_mention_lists_only_those_who_have_not_voted(
    bot: LeapBot, driver: Driver, world: StandardGuild, fake: FakeDiscord, clock: ManualClock
) -> None:
    dee = fake.add_user("dee", dms_closed=True)
    await driver.member_joins(dee, [world.member_role])
    async with bot.db.transaction() as conn:
        await notice_repo.mark_closed(conn, world.guild.id, world.closed_dms.id, now=clock.now())
    await create(driver, world, closes="in 2 days", anonymous=False)
    await vote(driver, fake, await only_poll(bot), world.closed_dms, "Agree")
    result = await _nudge(bot, fake, clock)
    posts = [m for m in result.channel_messages if m.channel_id == world.general.id]
    assert [(m.pings, "and you have not voted yet" in m.content) for m in posts] == [
        ({f"user:{dee.id}"}, True)
    ]


async def test_nudges_are_sent_once_even_after_a_restart(
    leap_settings: Any,
    start_bot: Any,
    bot: LeapBot,
    driver: Driver,
    world: StandardGuild,
    fake: FakeDiscord,
    clock: ManualClock,
) -> None:
    await create(driver, world, closes="in 2 days")
    await _nudge(bot, fake, clock)
    await bot.close()
    result = Result(fake)
    await launch(leap_settings, start_bot, clock)
    await driver.settle()
    assert result.dms == []


def _dm_outage(fake: FakeDiscord, user: Any, count: int = 10**6) -> Any:
    """Discord answers 500 to the next `count` direct messages to this member."""
    path = f"/channels/{fake.dm_channel(user).id}/messages"
    return fake.fail("POST", path, status=500, code=0, message="Internal Server Error", count=count)


async def test_a_nudge_discord_refused_for_a_moment_is_sent_when_it_answers(
    bot: LeapBot, driver: Driver, world: StandardGuild, fake: FakeDiscord, clock: ManualClock
) -> None:
    await create(driver, world, closes="in 2 days")
    _dm_outage(fake, world.member2, count=3)  # longer than one try (discord.py tries again)
    await _nudge(bot, fake, clock)
    assert len(fake.dms_to(world.member2)) == 1


async def test_a_member_discord_keeps_refusing_a_nudge_is_mentioned_in_the_channel(
    bot: LeapBot, driver: Driver, world: StandardGuild, fake: FakeDiscord, clock: ManualClock
) -> None:
    await create(driver, world, closes="in 2 days")
    await vote(driver, fake, await only_poll(bot), world.member, "Agree")
    _dm_outage(fake, world.member2)
    result = await _nudge(bot, fake, clock)
    posts = [m for m in result.channel_messages if m.channel_id == world.general.id]
    assert [m.pings for m in posts] == [{f"user:{world.closed_dms.id}", f"user:{world.member2.id}"}]


async def test_a_nudge_mention_discord_refused_is_posted_later_and_nobody_is_nudged_twice(
    bot: LeapBot, driver: Driver, world: StandardGuild, fake: FakeDiscord, clock: ManualClock
) -> None:
    await create(driver, world, closes="in 2 days")
    outage = _outage(fake, world)
    result = await _nudge(bot, fake, clock)
    outage.remaining = 0
    clock.advance(timedelta(minutes=1, seconds=1))
    await bot.timers.run_due()
    await bot.timers.wait_idle()
    posts = [m for m in result.channel_messages if m.channel_id == world.general.id]
    assert ([m.pings for m in posts], len(result.dms)) == ([{f"user:{world.closed_dms.id}"}], 3)


async def test_a_poll_closed_early_sends_no_nudge(
    bot: LeapBot, driver: Driver, world: StandardGuild, fake: FakeDiscord, clock: ManualClock
) -> None:
    await create(driver, world, closes="in 2 days")
    await close(driver, world, await only_poll(bot))
    result = await _nudge(bot, fake, clock)
    assert result.dms == []


async def test_reasons_that_do_not_fit_follow_in_more_messages(
    bot: LeapBot, driver: Driver, world: StandardGuild, fake: FakeDiscord
) -> None:
    crowd = [fake.add_user(f"voter{n}") for n in range(12)]
    for user in crowd:
        await driver.member_joins(user, [world.member_role])
    await create(driver, world)
    poll = await only_poll(bot)
    for n, user in enumerate(crowd):
        opened = await driver.click(user, poll_message(fake, poll), label="Disagree")
        reason = f"Reason {n:02d}. " + "It is too far for me to travel. " * 14
        await answered(await driver.submit_modal(user, opened, {"reason": reason[:500]}))
    await close(driver, world, poll)
    texts = [message_text(m) for m in fake.messages_in(world.general)]
    shown = "\n".join(t for t in texts if "Reason " in t)
    assert all(f"Reason {n:02d}." in shown for n in range(12))
    assert any(t.startswith("More reasons from the poll") for t in texts)
