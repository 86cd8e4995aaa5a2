"""Voting end to end: receipts, changed votes, reasons, members only, hidden counts, turnout."""

from __future__ import annotations

import asyncio
import itertools
import re
from typing import Any

from fakediscord import Driver, FakeDiscord
from fakediscord.results import message_text
from fakediscord.standard import StandardGuild
from helpers_polls import (
    buttons,
    close,
    create,
    only_poll,
    poll_message,
    poll_text,
    results_in,
    settle_edits,
    vote,
    whole_minute,  # noqa: F401  # an autouse fixture
)
from helpers_sessions import answered

from bot.app import LeapBot


async def _votes(bot: LeapBot) -> int:
    async with bot.db.read() as conn:
        return int(await conn.fetchval("SELECT COUNT(*) FROM poll_votes"))


async def _result(driver: Driver, world: StandardGuild, fake: FakeDiscord, bot: LeapBot) -> str:
    await close(driver, world, await only_poll(bot))
    return message_text(results_in(fake, world.general)[-1])


# --- each type ------------------------------------------------------------------------------


async def test_receipt_names_the_choice_and_that_it_can_change(
    bot: LeapBot, driver: Driver, world: StandardGuild, fake: FakeDiscord
) -> None:
    await create(driver, world, closes="in 2 days")
    r = await vote(driver, fake, await only_poll(bot), world.member, "Agree")
    assert (r.ephemeral, "**Agree**" in r.text, "change your vote until" in r.text) == (
        True,
        True,
        True,
    )


async def test_consensus_vote_is_counted(
    bot: LeapBot, driver: Driver, world: StandardGuild, fake: FakeDiscord
) -> None:
    await create(driver, world)
    await vote(driver, fake, await only_poll(bot), world.member, "Agree")
    assert "Agree: █ 1" in await _result(driver, world, fake, bot)


async def test_gradient_vote_is_counted(
    bot: LeapBot, driver: Driver, world: StandardGuild, fake: FakeDiscord
) -> None:
    await create(driver, world, type="gradient")
    await vote(driver, fake, await only_poll(bot), world.member, "Strongly agree")
    assert "Strongly agree: █ 1" in await _result(driver, world, fake, bot)


async def test_choice_vote_through_the_menu_is_counted(
    bot: LeapBot, driver: Driver, world: StandardGuild, fake: FakeDiscord
) -> None:
    await create(driver, world, type="choice", options="Zoom; Teams")
    poll = await only_poll(bot)
    r = await answered(await driver.select(world.member, poll_message(fake, poll), ["1"]))
    assert "**Teams**" in r.text
    assert "Teams: █ 1" in await _result(driver, world, fake, bot)


async def test_choice_with_multiple_counts_each_pick(
    bot: LeapBot, driver: Driver, world: StandardGuild, fake: FakeDiscord
) -> None:
    await create(driver, world, type="choice", options="Zoom; Teams; Phone", multiple=True)
    poll = await only_poll(bot)
    await answered(await driver.select(world.member, poll_message(fake, poll), ["0", "2"]))
    shown = await _result(driver, world, fake, bot)
    assert ("Zoom: █ 1" in shown, "Teams: 0" in shown, "Phone: █ 1" in shown) == (
        True,
        True,
        True,
    )


async def test_time_answers_are_counted_per_time(
    bot: LeapBot, driver: Driver, world: StandardGuild, fake: FakeDiscord
) -> None:
    await create(driver, world, type="time", options="in 2 days; in 3 days")
    poll = await only_poll(bot)
    await vote(driver, fake, poll, world.member, "Time 1: Yes")
    await vote(driver, fake, poll, world.member, "Time 2: If needed")
    await vote(driver, fake, poll, world.member2, "Time 2: Yes")
    shown = await _result(driver, world, fake, bot)
    assert "Yes: █ 1 · If needed: █ 1 · No: 0" in shown  # time 2, ranked first
    assert "2 of 4 voted." in shown


async def test_time_receipt_lists_every_answer_so_far(
    bot: LeapBot, driver: Driver, world: StandardGuild, fake: FakeDiscord
) -> None:
    await create(driver, world, type="time", options="in 2 days; in 3 days")
    poll = await only_poll(bot)
    await vote(driver, fake, poll, world.member, "Time 1: Yes")
    r = await vote(driver, fake, poll, world.member, "Time 2: No")
    assert "Time 1: Yes, Time 2: No" in r.text


async def test_time_result_names_the_best_time(
    bot: LeapBot, driver: Driver, world: StandardGuild, fake: FakeDiscord
) -> None:
    await create(driver, world, type="time", options="in 2 days; in 3 days")
    poll = await only_poll(bot)
    await vote(driver, fake, poll, world.member, "Time 2: Yes")
    assert "Outcome: **Best time: Time 2 (<t:" in await _result(driver, world, fake, bot)


# --- changing a vote ------------------------------------------------------------------------


async def test_changed_vote_replaces_the_old_one(
    bot: LeapBot, driver: Driver, world: StandardGuild, fake: FakeDiscord
) -> None:
    await create(driver, world)
    poll = await only_poll(bot)
    await vote(driver, fake, poll, world.member, "Agree")
    await vote(driver, fake, poll, world.member, "Abstain")
    shown = await _result(driver, world, fake, bot)
    assert ("Agree: 0" in shown, "Abstain: █ 1" in shown, "1 of 4 voted." in shown) == (
        True,
        True,
        True,
    )


async def test_changed_choice_with_multiple_replaces_the_whole_pick(
    bot: LeapBot, driver: Driver, world: StandardGuild, fake: FakeDiscord
) -> None:
    await create(driver, world, type="choice", options="Zoom; Teams; Phone", multiple=True)
    poll = await only_poll(bot)
    await answered(await driver.select(world.member, poll_message(fake, poll), ["0", "1"]))
    await answered(await driver.select(world.member, poll_message(fake, poll), ["2"]))
    shown = await _result(driver, world, fake, bot)
    assert ("Zoom: 0" in shown, "Teams: 0" in shown, "Phone: █ 1" in shown) == (True, True, True)


async def test_changed_time_answer_replaces_only_that_time(
    bot: LeapBot, driver: Driver, world: StandardGuild, fake: FakeDiscord
) -> None:
    await create(driver, world, type="time", options="in 2 days; in 3 days")
    poll = await only_poll(bot)
    await vote(driver, fake, poll, world.member, "Time 1: Yes")
    await vote(driver, fake, poll, world.member, "Time 2: Yes")
    r = await vote(driver, fake, poll, world.member, "Time 1: No")
    assert "Time 1: No, Time 2: Yes" in r.text


# --- reasons --------------------------------------------------------------------------------


async def test_block_opens_a_reason_form(
    bot: LeapBot, driver: Driver, world: StandardGuild, fake: FakeDiscord
) -> None:
    await create(driver, world)
    r = await driver.click(world.member, poll_message(fake, await only_poll(bot)), label="Block")
    assert r.callback_type == 9


async def test_disagree_opens_a_reason_form(
    bot: LeapBot, driver: Driver, world: StandardGuild, fake: FakeDiscord
) -> None:
    await create(driver, world, type="gradient")
    r = await driver.click(world.member, poll_message(fake, await only_poll(bot)), label="Disagree")
    assert r.callback_type == 9


async def test_agree_opens_no_form(
    bot: LeapBot, driver: Driver, world: StandardGuild, fake: FakeDiscord
) -> None:
    await create(driver, world)
    r = await driver.click(world.member, poll_message(fake, await only_poll(bot)), label="Agree")
    assert r.callback_type != 9


async def test_reason_is_shown_in_the_result_without_a_name(
    bot: LeapBot, driver: Driver, world: StandardGuild, fake: FakeDiscord
) -> None:
    await create(driver, world)
    opened = await driver.click(
        world.member, poll_message(fake, await only_poll(bot)), label="Block"
    )
    await answered(await driver.submit_modal(world.member, opened, {"reason": "Too costly."}))
    shown = await _result(driver, world, fake, bot)
    assert 'Block: "Too costly."' in shown
    assert (str(world.member.id) in shown, world.member.username in shown) == (False, False)


async def test_reason_form_can_be_sent_empty(
    bot: LeapBot, driver: Driver, world: StandardGuild, fake: FakeDiscord
) -> None:
    await create(driver, world)
    opened = await driver.click(
        world.member, poll_message(fake, await only_poll(bot)), label="Disagree"
    )
    r = await answered(await driver.submit_modal(world.member, opened, {}))
    assert "**Disagree**" in r.text


async def test_block_counts_even_if_the_form_is_closed_without_sending(
    bot: LeapBot, driver: Driver, world: StandardGuild, fake: FakeDiscord
) -> None:
    await create(driver, world)
    await driver.click(world.member, poll_message(fake, await only_poll(bot)), label="Block")
    await driver.settle()
    assert "Outcome: **Not agreed: 1 block**" in await _result(driver, world, fake, bot)


async def test_a_reason_over_500_letters_is_refused(
    bot: LeapBot, driver: Driver, world: StandardGuild, fake: FakeDiscord
) -> None:
    await create(driver, world)
    opened = await driver.click(
        world.member, poll_message(fake, await only_poll(bot)), label="Block"
    )
    # Discord's form stops at 500; a client that sends more gets a plain refusal
    opened.modal["components"][0]["components"][0].pop("max_length", None)
    r = await answered(await driver.submit_modal(world.member, opened, {"reason": "x" * 501}))
    assert "too long" in r.text


async def test_changing_away_from_block_takes_the_reason_off(
    bot: LeapBot, driver: Driver, world: StandardGuild, fake: FakeDiscord
) -> None:
    await create(driver, world)
    poll = await only_poll(bot)
    opened = await driver.click(world.member, poll_message(fake, poll), label="Block")
    await answered(await driver.submit_modal(world.member, opened, {"reason": "Too costly."}))
    r = await vote(driver, fake, poll, world.member, "Agree")
    assert "old reason was taken off" in r.text
    assert "Too costly." not in await _result(driver, world, fake, bot)


# --- who may vote ---------------------------------------------------------------------------


async def test_someone_without_the_member_role_is_refused(
    bot: LeapBot, driver: Driver, world: StandardGuild, fake: FakeDiscord
) -> None:
    await create(driver, world)
    r = await vote(driver, fake, await only_poll(bot), world.admin, "Agree")
    assert (r.ephemeral, "Only panel members can vote" in r.text) == (True, True)


async def test_a_refused_vote_stores_nothing(
    bot: LeapBot, driver: Driver, world: StandardGuild, fake: FakeDiscord
) -> None:
    await create(driver, world)
    await vote(driver, fake, await only_poll(bot), world.admin, "Agree")
    assert await _votes(bot) == 0


async def test_a_non_member_pressing_block_gets_no_form(
    bot: LeapBot, driver: Driver, world: StandardGuild, fake: FakeDiscord
) -> None:
    await create(driver, world)
    r = await vote(driver, fake, await only_poll(bot), world.owner, "Block")
    assert (r.callback_type, "Only panel members can vote" in r.text) == (4, True)


async def test_a_non_member_choosing_in_the_menu_is_refused(
    bot: LeapBot, driver: Driver, world: StandardGuild, fake: FakeDiscord
) -> None:
    await create(driver, world, type="choice", options="Zoom; Teams")
    poll = await only_poll(bot)
    r = await answered(await driver.select(world.admin, poll_message(fake, poll), ["0"]))
    assert ("Only panel members" in r.text, await _votes(bot)) == (True, 0)


# --- hidden counts and turnout --------------------------------------------------------------


async def test_hidden_counts_appear_nowhere_on_the_poll_before_close(
    bot: LeapBot, driver: Driver, world: StandardGuild, fake: FakeDiscord
) -> None:
    await create(driver, world)
    poll = await only_poll(bot)
    await vote(driver, fake, poll, world.member, "Agree")
    await vote(driver, fake, poll, world.member2, "Abstain")
    await settle_edits(driver)
    shown = poll_text(fake, poll)
    labels = [b["label"] for b in buttons(poll_message(fake, poll))]
    numbers = set(re.findall(r"\d+", shown.replace("75%", "").replace(f"#{poll.id}", "")))
    assert (numbers, labels) == ({"2", "4"}, ["Agree", "Abstain", "Disagree", "Block"])


async def test_results_before_close_show_only_turnout_even_to_coordinators(
    bot: LeapBot, driver: Driver, world: StandardGuild, fake: FakeDiscord
) -> None:
    await create(driver, world)
    poll = await only_poll(bot)
    await vote(driver, fake, poll, world.member, "Agree")
    r = await driver.slash(world.coordinator, "poll results", poll=str(poll.id))
    assert ("1 of 4 has voted." in r.text, "Agree" in r.text) == (True, False)


async def test_open_counts_show_on_the_poll_as_votes_come_in(
    bot: LeapBot, driver: Driver, world: StandardGuild, fake: FakeDiscord
) -> None:
    await create(driver, world, hide_results=False)
    poll = await only_poll(bot)
    await vote(driver, fake, poll, world.member, "Agree")
    await settle_edits(driver)
    assert "Agree: █ 1" in poll_text(fake, poll)


async def test_open_counts_are_in_results_before_close(
    bot: LeapBot, driver: Driver, world: StandardGuild, fake: FakeDiscord
) -> None:
    await create(driver, world, hide_results=False)
    poll = await only_poll(bot)
    await vote(driver, fake, poll, world.member, "Agree")
    r = await driver.slash(world.member2, "poll results", poll=str(poll.id))
    assert "Agree: █ 1" in r.text


async def test_turnout_line_follows_the_votes(
    bot: LeapBot, driver: Driver, world: StandardGuild, fake: FakeDiscord
) -> None:
    await create(driver, world)
    poll = await only_poll(bot)
    await vote(driver, fake, poll, world.member, "Agree")
    await vote(driver, fake, poll, world.member2, "Agree")
    await vote(driver, fake, poll, world.member2, "Abstain")  # a change is not a new voter
    await settle_edits(driver)
    assert "2 of 4 have voted." in poll_text(fake, poll)


async def test_turnout_edits_come_at_most_about_once_a_second(
    bot: LeapBot, driver: Driver, world: StandardGuild, fake: FakeDiscord
) -> None:
    crowd = [fake.add_user(f"voter{n}") for n in range(40)]
    for user in crowd:
        await driver.member_joins(user, [world.member_role])
    await driver.settle()
    await create(driver, world)
    poll = await only_poll(bot)
    message = poll_message(fake, poll)
    for wave in range(4):  # 40 votes over about two seconds
        group = crowd[wave * 10 : wave * 10 + 10]
        await asyncio.gather(*(driver.click(u, message, label="Agree", within=10) for u in group))
        await asyncio.sleep(0.6)
    await settle_edits(driver)
    times = [e.at for e in fake.edits if e.message_id == poll.message_id]
    gaps = [b - a for a, b in itertools.pairwise(times)]
    assert (len(times) >= 2, all(g > 0.9 for g in gaps)) == (True, True), gaps
    assert "40 of 44 have voted." in poll_text(fake, poll)


# --- consent ----------------------------------------------------------------------------------


async def _newcomer(driver: Driver, fake: FakeDiscord, world: StandardGuild) -> Any:
    user = fake.add_user("dana")
    await driver.member_joins(user, [world.member_role])
    await driver.settle()
    return user


async def test_a_secret_vote_needs_no_consent_question(
    bot: LeapBot, driver: Driver, world: StandardGuild, fake: FakeDiscord
) -> None:
    newcomer = await _newcomer(driver, fake, world)
    await create(driver, world)
    r = await vote(driver, fake, await only_poll(bot), newcomer, "Agree")
    assert "**Agree**" in r.text


async def test_a_named_poll_asks_a_new_member_for_consent_before_keeping_their_name(
    bot: LeapBot, driver: Driver, world: StandardGuild, fake: FakeDiscord
) -> None:
    newcomer = await _newcomer(driver, fake, world)
    await create(driver, world, anonymous=False)
    r = await vote(driver, fake, await only_poll(bot), newcomer, "Agree")
    assert ("what this bot keeps about you" in r.text, await _votes(bot)) == (True, 0)


async def test_a_burst_of_votes_is_answered_receipted_and_counted_once_each(
    bot: LeapBot, driver: Driver, world: StandardGuild, fake: FakeDiscord
) -> None:
    crowd = [fake.add_user(f"voter{n}") for n in range(30)]
    for user in crowd:
        await driver.member_joins(user, [world.member_role])
    await create(driver, world)
    poll = await only_poll(bot)
    message = poll_message(fake, poll)
    pressed = await asyncio.gather(*(driver.click(u, message, label="Agree") for u in crowd))
    for r in pressed:
        if r.deferred:
            await r.wait_followup()
    receipts = ["Your vote is saved: **Agree**." in r.text for r in pressed]
    assert (receipts.count(True), await _votes(bot)) == (30, 30)
