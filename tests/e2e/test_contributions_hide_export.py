"""/contribution hide and /contribution export: coordinators only, audited, no author info."""

from __future__ import annotations

import csv
import io

from fakediscord import Driver, FakeDiscord
from fakediscord.standard import StandardGuild
from helpers_contributions import contribute, live_session, posted, rows
from helpers_sessions import end

from bot.app import LeapBot
from bot.text import contributions as text
from storage import audit


async def _hidden(fake: FakeDiscord, world: StandardGuild) -> str:
    await fake.wait_until(
        lambda: any(
            "hidden by a coordinator" in m.content for m in fake.messages_in(world.general)
        ),
        3.0,
    )
    return next(m.content for m in fake.messages_in(world.general) if "hidden by" in m.content)


async def test_hide_replaces_the_post_with_a_note_and_the_reason(
    bot: LeapBot, driver: Driver, fake: FakeDiscord, world: StandardGuild
) -> None:
    await live_session(bot, driver, world)
    await contribute(driver, world.member, "Something unkind about a named person.")
    await posted(driver, fake, world.general, 1)
    r = await driver.slash(
        world.coordinator, "contribution hide", id="1", reason="It names someone"
    )
    note = await _hidden(fake, world)
    assert (r.content, note) == (
        text.HIDDEN_DONE.format(number=1),
        text.HIDDEN_POST.format(number=1, reason="It names someone"),
    )


async def test_a_hidden_text_is_kept_but_no_longer_shown(
    bot: LeapBot, driver: Driver, fake: FakeDiscord, world: StandardGuild
) -> None:
    await live_session(bot, driver, world)
    await contribute(driver, world.member, "Kept for the record.")
    await posted(driver, fake, world.general, 1)
    await driver.slash(world.coordinator, "contribution hide", id="1", reason="Off topic")
    await _hidden(fake, world)
    shown = [m.content for m in fake.messages_in(world.general) if not m.deleted]
    [row] = await rows(bot)
    assert (any("Kept for the record." in c for c in shown), row.body) == (
        False,
        "Kept for the record.",
    )


async def test_hiding_is_audited_without_any_author(
    bot: LeapBot, driver: Driver, fake: FakeDiscord, world: StandardGuild
) -> None:
    await live_session(bot, driver, world)
    await contribute(driver, world.member, "Hide me.")
    await driver.slash(world.coordinator, "contribution hide", id="1", reason="Off topic")
    async with bot.db.read() as conn:
        [entry] = await audit.recent(conn, world.guild.id, action="contribution.hide")
    written = str(entry)
    assert (
        entry.actor_id,
        entry.target,
        entry.detail["reason"],
        str(world.member.id) in written,
    ) == (
        world.coordinator.id,
        "contribution:1",
        "Off topic",
        False,
    )


async def test_members_cannot_hide(
    bot: LeapBot, driver: Driver, fake: FakeDiscord, world: StandardGuild
) -> None:
    await live_session(bot, driver, world)
    await contribute(driver, world.member, "Stay up.")
    r = await driver.slash(world.member2, "contribution hide", id="1", reason="I dislike it")
    assert ("Coordinator role" in r.content, [c.status for c in await rows(bot)]) == (
        True,
        ["shown"],
    )


async def test_hiding_twice_says_so(
    bot: LeapBot, driver: Driver, fake: FakeDiscord, world: StandardGuild
) -> None:
    await live_session(bot, driver, world)
    await contribute(driver, world.member, "Hide me.")
    await driver.slash(world.coordinator, "contribution hide", id="1", reason="Off topic")
    again = await driver.slash(world.coordinator, "contribution hide", id="1", reason="Again")
    assert again.content == text.HIDE_NOT_SHOWN.format(number=1)


async def _export(driver: Driver, world: StandardGuild, session: int) -> list[list[str]]:
    r = await driver.slash(world.coordinator, "contribution export", session=str(session))
    if r.deferred:
        await r.wait_response()
    [file] = r.files
    data = file.data.decode("utf-8-sig")
    return list(csv.reader(io.StringIO(data)))


async def test_export_lists_shown_posts_with_pseudonyms_and_no_ids(
    bot: LeapBot, driver: Driver, fake: FakeDiscord, world: StandardGuild
) -> None:
    session = await live_session(bot, driver, world)
    await contribute(driver, world.member, "First thought.")
    await contribute(driver, world.member2, '=HYPERLINK("http://x")')
    await contribute(driver, world.member, "Second thought.")
    table = await _export(driver, world, session)
    flat = str(table)
    ids = [str(u.id) for u in (world.member, world.member2, world.coordinator)]
    assert (
        [(r[0], r[1], r[3], r[4]) for r in table],
        [i for i in ids if i in flat],
    ) == (
        [
            ("#", "pseudonym", "text", "prompt"),
            ("1", "Contributor A", "First thought.", ""),
            ("2", "Contributor B", '\'=HYPERLINK("http://x")', ""),
            ("3", "Contributor A", "Second thought.", ""),
        ],
        [],
    )


async def test_export_leaves_out_hidden_and_taken_back_posts(
    bot: LeapBot, driver: Driver, fake: FakeDiscord, world: StandardGuild
) -> None:
    session = await live_session(bot, driver, world)
    await contribute(driver, world.member, "Taken back later.")
    await contribute(driver, world.member2, "Hidden later.")
    await contribute(driver, world.member, "Stays.")
    await driver.slash(world.member, "contribution delete", id="1")
    await driver.slash(world.coordinator, "contribution hide", id="2", reason="Off topic")
    await end(driver, world)
    table = await _export(driver, world, session)
    assert [r[3] for r in table[1:]] == ["Stays."]


async def test_export_is_for_coordinators(
    bot: LeapBot, driver: Driver, fake: FakeDiscord, world: StandardGuild
) -> None:
    session = await live_session(bot, driver, world)
    await contribute(driver, world.member, "Private to the panel.")
    r = await driver.slash(world.member, "contribution export", session=str(session))
    assert (r.files, "Coordinator role" in r.content) == ([], True)


async def test_export_of_a_session_without_posts_says_so(
    bot: LeapBot, driver: Driver, fake: FakeDiscord, world: StandardGuild
) -> None:
    session = await live_session(bot, driver, world)
    r = await driver.slash(world.coordinator, "contribution export", session=str(session))
    assert r.content == text.EXPORT_NONE.format(title="Leaflet review")
