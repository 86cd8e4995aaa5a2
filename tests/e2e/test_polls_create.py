"""/poll create end to end: the four types, the public message, defaults and bad input."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from fakediscord import Driver, FakeDiscord
from fakediscord.commands import CommandError
from fakediscord.standard import StandardGuild
from helpers_polls import (
    buttons,
    create,
    only_poll,
    poll_message,
    poll_text,
    whole_minute,  # noqa: F401  # an autouse fixture
)

from bot.app import LeapBot
from bot.clock import ManualClock
from bot.services.polls.lifecycle import KIND_CLOSE, KIND_NUDGE
from storage import timers as timer_repo


def _stamp(when: Any, style: str = "F") -> str:
    return f"<t:{int(when.timestamp())}:{style}>"


async def _count(bot: LeapBot, table: str) -> int:
    async with bot.db.read() as conn:
        return int(await conn.fetchval(f"SELECT COUNT(*) FROM {table}"))


# --- each type ------------------------------------------------------------------------------


async def test_consensus_poll_has_four_buttons(
    bot: LeapBot, driver: Driver, world: StandardGuild, fake: FakeDiscord
) -> None:
    await create(driver, world)
    message = poll_message(fake, await only_poll(bot))
    assert [b["label"] for b in buttons(message)] == ["Agree", "Abstain", "Disagree", "Block"]


async def test_consensus_poll_says_what_block_means(
    bot: LeapBot, driver: Driver, world: StandardGuild, fake: FakeDiscord
) -> None:
    await create(driver, world)
    assert "**Block**: I think this would do harm and I would not go along with it." in poll_text(
        fake, await only_poll(bot)
    )


async def test_consensus_poll_explains_every_answer(
    bot: LeapBot, driver: Driver, world: StandardGuild, fake: FakeDiscord
) -> None:
    await create(driver, world)
    shown = poll_text(fake, await only_poll(bot))
    assert all(f"**{name}**: " in shown for name in ("Agree", "Abstain", "Disagree", "Block"))


async def test_gradient_poll_has_five_explained_levels(
    bot: LeapBot, driver: Driver, world: StandardGuild, fake: FakeDiscord
) -> None:
    await create(driver, world, type="gradient")
    poll = await only_poll(bot)
    names = ["Strongly agree", "Agree", "Not sure", "Disagree", "Block"]
    shown = poll_text(fake, poll)
    assert [b["label"] for b in buttons(poll_message(fake, poll))] == names
    assert all(f"**{name}**: " in shown for name in names)


async def test_choice_poll_offers_its_options_in_a_menu(
    bot: LeapBot, driver: Driver, world: StandardGuild, fake: FakeDiscord
) -> None:
    await create(driver, world, type="choice", options="Zoom; Teams; In person")
    menu = buttons(poll_message(fake, await only_poll(bot)))[0]
    assert ([o["label"] for o in menu["options"]], menu["max_values"]) == (
        ["Zoom", "Teams", "In person"],
        1,
    )


async def test_choice_poll_with_multiple_lets_people_pick_several(
    bot: LeapBot, driver: Driver, world: StandardGuild, fake: FakeDiscord
) -> None:
    await create(driver, world, type="choice", options="Zoom; Teams; In person", multiple=True)
    menu = buttons(poll_message(fake, await only_poll(bot)))[0]
    assert (menu["min_values"], menu["max_values"]) == (1, 3)


async def test_time_poll_shows_each_time_as_a_discord_timestamp(
    bot: LeapBot, driver: Driver, world: StandardGuild, fake: FakeDiscord, clock: ManualClock
) -> None:
    await create(driver, world, type="time", options="in 2 days; in 3 days")
    poll = await only_poll(bot)
    first = clock.now() + timedelta(days=2)
    assert f"**Time 1**: {_stamp(first)}" in poll_text(fake, poll)


async def test_time_poll_has_yes_if_needed_and_no_for_each_time(
    bot: LeapBot, driver: Driver, world: StandardGuild, fake: FakeDiscord
) -> None:
    await create(driver, world, type="time", options="in 2 days; in 3 days")
    labels = [b["label"] for b in buttons(poll_message(fake, await only_poll(bot)))]
    assert labels == [
        "Time 1: Yes",
        "Time 1: If needed",
        "Time 1: No",
        "Time 2: Yes",
        "Time 2: If needed",
        "Time 2: No",
    ]


async def test_time_options_are_read_in_the_panel_time_zone(
    bot: LeapBot, driver: Driver, world: StandardGuild, fake: FakeDiscord
) -> None:
    await driver.slash(world.owner, "setup timezone", name="America/New_York")
    await create(driver, world, type="time", options="2031-06-01 09:00; 2031-06-02 09:00")
    async with bot.db.read() as conn:
        first = await conn.fetchval("SELECT starts_at FROM poll_options ORDER BY position")
    assert first.startswith("2031-06-01T13:00:00")  # 09:00 in New York is 13:00 UTC


# --- the public message ---------------------------------------------------------------------


async def test_defaults_are_secret_votes_and_hidden_counts(
    bot: LeapBot, driver: Driver, world: StandardGuild
) -> None:
    await create(driver, world)
    poll = await only_poll(bot)
    assert (poll.anonymous, poll.hide_results, poll.threshold, poll.quorum, poll.closes_at) == (
        True,
        True,
        75,
        None,
        None,
    )


async def test_message_says_in_one_sentence_that_votes_are_secret(
    bot: LeapBot, driver: Driver, world: StandardGuild, fake: FakeDiscord
) -> None:
    await create(driver, world)
    assert "Nobody, not even the coordinators, can see how you voted." in poll_text(
        fake, await only_poll(bot)
    )


async def test_named_poll_says_so_before_anyone_votes(
    bot: LeapBot, driver: Driver, world: StandardGuild, fake: FakeDiscord
) -> None:
    await create(driver, world, anonymous=False)
    assert "This poll is not secret." in poll_text(fake, await only_poll(bot))


async def test_message_shows_turnout_as_n_of_m_member_role_holders(
    bot: LeapBot, driver: Driver, world: StandardGuild, fake: FakeDiscord
) -> None:
    await create(driver, world)
    # coordinator, alice, bob and carol hold the member role; the admin and owner do not
    assert "0 of 4 have voted." in poll_text(fake, await only_poll(bot))


async def test_message_shows_the_closing_time_as_discord_timestamps(
    bot: LeapBot, driver: Driver, world: StandardGuild, fake: FakeDiscord, clock: ManualClock
) -> None:
    await create(driver, world, closes="in 2 days")
    closes = clock.now() + timedelta(days=2)
    shown = poll_text(fake, await only_poll(bot))
    assert (_stamp(closes) in shown, _stamp(closes, "R") in shown) == (True, True)


async def test_without_closes_the_message_says_a_coordinator_closes_it(
    bot: LeapBot, driver: Driver, world: StandardGuild, fake: FakeDiscord
) -> None:
    await create(driver, world)
    assert "When a coordinator closes it." in poll_text(fake, await only_poll(bot))


async def test_message_states_the_threshold_and_quorum(
    bot: LeapBot, driver: Driver, world: StandardGuild, fake: FakeDiscord
) -> None:
    await create(driver, world, threshold=60, quorum=3)
    shown = poll_text(fake, await only_poll(bot))
    assert ("at least 60%" in shown, "At least 3 people must vote" in shown) == (True, True)


async def test_question_with_a_mention_pings_nobody(
    bot: LeapBot, driver: Driver, world: StandardGuild, fake: FakeDiscord
) -> None:
    await create(driver, world, question=f"@everyone shall <@{world.member.id}> chair?")
    assert poll_message(fake, await only_poll(bot)).pings == set()


async def test_coordinator_hears_when_members_get_a_nudge(
    bot: LeapBot, driver: Driver, world: StandardGuild, clock: ManualClock
) -> None:
    reply = await create(driver, world, closes="in 3 days")
    nudge = clock.now() + timedelta(days=2)
    assert _stamp(nudge) in reply.text


async def test_closes_stores_a_close_timer_and_a_nudge_timer(
    bot: LeapBot, driver: Driver, world: StandardGuild, clock: ManualClock
) -> None:
    await create(driver, world, closes="in 10 hours")
    async with bot.db.read() as conn:
        pending = [t for t in await timer_repo.pending(conn) if t.kind.startswith("poll.")]
    # a poll open for 10 hours is nudged half-way, 5 hours before it closes
    assert sorted((t.kind, t.due_at - clock.now()) for t in pending) == [
        (KIND_CLOSE, timedelta(hours=10)),
        (KIND_NUDGE, timedelta(hours=5)),
    ]


async def test_member_cannot_create_a_poll(
    bot: LeapBot, driver: Driver, world: StandardGuild
) -> None:
    r = await driver.slash(world.member, "poll create", question="Pizza?", type="consensus")
    assert (r.ephemeral, await _count(bot, "polls")) == (True, 0)


# --- bad input ------------------------------------------------------------------------------

BAD_INPUT = [
    pytest.param({"question": "x" * 301}, "too long", id="question over 300"),
    pytest.param({"question": "\u200b\u200b"}, "nothing anyone can see", id="question empty"),
    pytest.param({"type": "choice", "options": "Only one"}, "at least 2", id="one option"),
    pytest.param(
        {"type": "choice", "options": "; ".join(f"Option {n}" for n in range(26))},
        "at most 25",
        id="26 options",
    ),
    pytest.param({"type": "choice", "options": "Red; Blue; red"}, "twice", id="duplicate"),
    pytest.param({"type": "choice"}, "needs options", id="choice without options"),
    pytest.param({"options": "A; B"}, "leave the options out", id="options on consensus"),
    pytest.param({"closes": "yesterday 2pm"}, "already gone", id="closes in the past"),
    pytest.param({"closes": "when pigs fly"}, "could not", id="closes unreadable"),
    pytest.param(
        {"type": "choice", "options": "A; B", "threshold": 60}, "only for", id="threshold"
    ),
    pytest.param({"quorum": 5}, "more than the 4 members", id="quorum over members"),
    pytest.param({"multiple": True}, "Only choice polls", id="multiple on consensus"),
    pytest.param(
        {"type": "time", "options": "in 2 days; in 2 days"}, "same time", id="same time twice"
    ),
    pytest.param({"type": "time", "options": "in 2 days; last Monday"}, "time 2", id="past time"),
    pytest.param({"session": "99"}, "could not find that session", id="unknown session"),
]


@pytest.mark.parametrize(("options", "expected"), BAD_INPUT)
async def test_bad_input_gets_a_plain_private_message(
    bot: LeapBot, driver: Driver, world: StandardGuild, options: dict[str, Any], expected: str
) -> None:
    r = await create(driver, world, **options)
    assert (r.ephemeral, expected in r.text) == (True, True), r.text


@pytest.mark.parametrize(("options", "expected"), BAD_INPUT)
async def test_bad_input_stores_nothing(
    bot: LeapBot,
    driver: Driver,
    world: StandardGuild,
    fake: FakeDiscord,
    options: dict[str, Any],
    expected: str,
) -> None:
    await create(driver, world, **options)
    stored = [
        await _count(bot, t) for t in ("polls", "poll_options", "timers WHERE kind LIKE 'poll.%'")
    ]
    public = [m for m in fake.messages_in(world.general) if not m.flags & 64]
    assert (stored, public) == ([0, 0, 0], [])


@pytest.mark.parametrize("threshold", [0, 101])
async def test_discord_refuses_a_threshold_outside_1_to_100(
    bot: LeapBot, driver: Driver, world: StandardGuild, threshold: int
) -> None:
    with pytest.raises(CommandError, match="1 to 100"):
        await create(driver, world, threshold=threshold)
    assert await _count(bot, "polls") == 0


async def test_unknown_poll_gets_a_plain_private_message(
    bot: LeapBot, driver: Driver, world: StandardGuild
) -> None:
    r = await driver.slash(world.coordinator, "poll close", poll="42")
    assert (r.ephemeral, "could not find that poll" in r.text) == (True, True)


async def test_a_poll_for_a_session_names_it(
    bot: LeapBot, driver: Driver, world: StandardGuild, fake: FakeDiscord
) -> None:
    from helpers_sessions import only_session, schedule

    await schedule(driver, world)
    session = await only_session(bot, world.guild.id)
    await create(driver, world, session=str(session.id))
    assert "For the session: Leaflet review" in poll_text(fake, await only_poll(bot))
