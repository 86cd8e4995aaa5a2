"""Cards and words for sessions: the session card, start card, end summary and notices.

Pure formatting from stored values to Discord embeds and text (times as Discord timestamps).
"""

from __future__ import annotations

from collections.abc import Iterable

import discord

from bot.services.sessions import lifecycle as service
from bot.services.sessions import recurrence
from bot.services.sessions import timers as session_timers
from bot.services.sessions.register import AttendeeLine
from bot.text import common as common_text
from bot.text import formatting
from bot.text import sessions as text
from storage.notices import Notice
from storage.session_series import Series
from storage.sessions import Session

SUMMARY_LINES = 30
FIELD_LIMIT = 1024  # Discord's limit for an embed field value


def when_full(session: Session) -> str:
    """The planned start as a full Discord timestamp."""
    return formatting.when_full(session.starts_at)


def when_rel(session: Session) -> str:
    """The planned start as a relative Discord timestamp ("in 2 hours")."""
    return formatting.when_rel(session.starts_at)


def repeat_words(series: Series) -> str:
    """How a series repeats, in words: 'every month on the first Tuesday at 18:00
    (Europe/London time)'."""
    first = series.first_day
    at = text.REPEAT_TIME.format(
        time=formatting.time_of_day(series.local_time), zone=series.timezone
    )
    return text.REPEAT_WORDS[series.repeat].format(
        weekday=formatting.weekday(first),
        nth=text.REPEAT_NTH[recurrence.week_of_month(first)],
        day=first.day,
        short=text.REPEAT_SHORT_MONTH if first.day > 28 else "",
        time=at,
    )


def series_end_words(series: Series, *, public: bool = True) -> str:
    """When a series ends, in words: 'until Wednesday 30 June 2027', '10 times in all'.
    `public=False` for the coordinator who planned it ('until you stop it')."""
    if series.stopped_at is not None:
        return text.REPEAT_STOPPED
    if series.until_day is not None:
        return text.REPEAT_UNTIL.format(day=formatting.day(series.until_day))
    if series.max_count is not None:
        return text.REPEAT_COUNT.format(count=series.max_count)
    return text.REPEAT_OPEN_PUBLIC if public else text.REPEAT_OPEN


def _first_capital(words: str) -> str:
    return words[:1].upper() + words[1:]


def session_card(session: Session, series: Series | None = None) -> discord.Embed:
    """The card posted in the session channel when a session is planned (for the first
    session of a series, with how it repeats)."""
    embed = discord.Embed(title=text.CARD_TITLE.format(number=session.id, title=session.title))
    embed.add_field(
        name=text.CARD_WHEN,
        value=text.CARD_WHEN_VALUE.format(when_full=when_full(session), when_rel=when_rel(session)),
        inline=False,
    )
    embed.add_field(name=text.CARD_WHERE, value=f"<#{session.channel_id}>", inline=True)
    embed.add_field(
        name=text.CARD_LENGTH, value=formatting.length(session.length_minutes), inline=True
    )
    if session.prep_minutes:
        embed.add_field(
            name=text.CARD_PREP, value=formatting.length(session.prep_minutes), inline=True
        )
    if session.agenda:
        embed.add_field(name=text.CARD_AGENDA, value=session.agenda[:1024], inline=False)
    if session.content_note:
        embed.add_field(name=text.CARD_NOTE, value=session.content_note, inline=False)
    if series is not None:
        embed.add_field(
            name=text.CARD_REPEATS,
            value=text.CARD_SERIES.format(
                rule=_first_capital(repeat_words(series)), end=series_end_words(series)
            ),
            inline=False,
        )
    embed.set_footer(text=text.CARD_FOOTER)
    return embed


def event_description(session: Session) -> str:
    """The scheduled event's description: the content note first (so members can decide
    before they join), then the agenda, within Discord's 1,000 characters."""
    body = session.agenda or text.EVENT_DESCRIPTION.format(
        length=formatting.length(session.length_minutes)
    )
    if session.content_note:
        note = text.REMINDER_NOTE.format(note=session.content_note)
        body = f"{note}\n\n{body}"
    return body[:1000]


def start_card(session: Session, ground_rules: str | None, *, voice: bool = True) -> discord.Embed:
    """The card with the register buttons, posted when a session starts (`voice`: it is held
    in a voice or stage channel, where being there counts)."""
    embed = discord.Embed(
        title=text.START_CARD_TITLE.format(number=session.id, title=session.title),
        description=text.START_CARD_BODY if voice else text.START_CARD_BODY_TEXT,
    )
    if session.content_note:
        embed.add_field(name=text.CARD_NOTE, value=session.content_note, inline=False)
    if ground_rules:
        embed.add_field(name=text.START_CARD_RULES, value=rules_on_card(ground_rules), inline=False)
    return embed


def rules_on_card(rules: str) -> str:
    """The ground rules as a card's field can hold them: whole, or else the whole lines (or
    sentences) that fit and a pointer to /groundrules, never cut off mid-word unsaid."""
    if len(rules) <= FIELD_LIMIT:
        return rules
    room = FIELD_LIMIT - len(text.START_CARD_RULES_MORE) - len(" …\n")
    kept = rules[:room]
    for mark, keep in (("\n", 0), (". ", 1), (" ", 0)):
        at = kept.rfind(mark)
        if at > room // 2:
            kept = kept[: at + keep]
            break
    return f"{kept.rstrip()} …\n{text.START_CARD_RULES_MORE}"


def ended_card(result: service.Ended) -> discord.Embed:
    """What the start card becomes when the session ends: only that it ended, who came and
    the thank-you (no "press I'm here" left)."""
    session = result.session
    embed = discord.Embed(
        title=text.ENDED_CARD_TITLE.format(number=session.id, title=session.title),
        description=text.ENDED_CARD_BODY,
    )
    came = [f"<@{line.member_id}>" for line in result.attendees]
    embed.add_field(
        name=text.ENDED_CARD_WHO,
        value=fit_lines(came) if came else text.ENDED_CARD_NOBODY,
        inline=False,
    )
    return embed


def paid_words(
    meeting: int, prep: int, *, alone: str = text.ENDED_PAID, with_prep: str = text.ENDED_PAID_PREP
) -> str:
    """Meeting time (and preparation, when there is any) in words, in the given sentence."""
    if prep:
        return with_prep.format(meeting=formatting.length(meeting), prep=formatting.length(prep))
    return alone.format(meeting=formatting.length(meeting))


def end_summary(result: service.Ended) -> discord.Embed:
    """The coordinator's private summary: who came, for how long, what will be paid."""
    session = result.session
    rule = text.ENDED_RULE.get(result.rule, text.ENDED_RULE["planned"])
    lines: list[str] = [rule.format(length=formatting.length(session.length_minutes)), ""]
    if not result.attendees:
        lines.append(text.ENDED_NOBODY)
    for line in result.attendees[:SUMMARY_LINES]:
        who = f"<@{line.member_id}>"
        present = formatting.length(line.present_minutes)
        if line.paid and line.short:
            paid = paid_words(line.meeting_minutes, line.prep_minutes)
            minimum = formatting.length(result.minimum)
            lines.append(
                text.ENDED_LINE_SHORT.format(who=who, present=present, minimum=minimum, paid=paid)
            )
        elif line.paid:
            paid = paid_words(line.meeting_minutes, line.prep_minutes)
            lines.append(text.ENDED_LINE.format(who=who, present=present, paid=paid))
        else:
            lines.append(text.ENDED_LINE_UNPAID.format(who=who, present=present))
    if len(result.attendees) > SUMMARY_LINES:
        lines.append(text.ENDED_MORE.format(count=len(result.attendees) - SUMMARY_LINES))
    if any(line.paid for line in result.attendees):
        lines += ["", text.ENDED_PENDING]
    if any(line.paid and line.short for line in result.attendees):
        lines.append(text.ENDED_SHORT_NOTE.format(minimum=formatting.length(result.minimum)))
    return discord.Embed(
        title=text.ENDED_TITLE.format(title=session.title), description="\n".join(lines)[:4000]
    )


def fit_lines(lines: list[str], limit: int = FIELD_LIMIT) -> str:
    """Whole lines up to `limit` characters, then "and N more." (never half a line, which
    would show a broken mention or timestamp)."""
    kept: list[str] = []
    used = 0
    for index, line in enumerate(lines):
        left = len(lines) - index - 1
        tail = len(text.ENDED_MORE.format(count=len(lines))) + 1 if left else 0
        if used + len(line) + tail > limit:
            kept.append(text.ENDED_MORE.format(count=len(lines) - index))
            break
        kept.append(line)
        used += len(line) + 1
    return "\n".join(kept)


def register_lines(attendees: Iterable[AttendeeLine]) -> str:
    """The register as plain lines for /session info."""
    lines = []
    for line in attendees:
        template = text.INFO_LINE_NOW if line.here_now else text.INFO_LINE
        lines.append(
            template.format(
                who=f"<@{line.member_id}>", present=formatting.length(line.present_minutes)
            )
        )
    return fit_lines(lines) or text.INFO_REGISTER_EMPTY


def notice_text(notice: Notice, session: Session, *, in_channel: bool) -> str:
    """The words of one session notice (a DM, or the channel version)."""
    detail = notice.payload
    fields = {
        "title": session.title,
        "when_full": when_full(session),
        "when_rel": when_rel(session),
        "length": formatting.length(session.length_minutes),
        "where": f"<#{session.channel_id}>",
    }
    if notice.kind == session_timers.NOTICE_REMINDER:
        body = (text.REMINDER_CHANNEL if in_channel else text.REMINDER_DM).format(**fields)
        if session.content_note:
            body += "\n" + text.REMINDER_NOTE.format(note=session.content_note)
        if detail.get("late"):
            body = common_text.LATE_APOLOGY + body
        return body
    if notice.kind == session_timers.NOTICE_CANCELLED:
        body = (text.CANCELLED_CHANNEL if in_channel else text.CANCELLED_DM).format(**fields)
        reason = detail.get("reason")
        if reason:
            body += "\n" + text.CANCELLED_REASON.format(reason=reason)
        return body
    if notice.kind == session_timers.NOTICE_STARTED_EARLY:
        early = formatting.length(int(detail.get("early", 0)), days=True)
        body = text.STARTED_EARLY_NOTICE.format(early=early, **fields)
        if session.content_note:
            body += "\n" + text.REMINDER_NOTE.format(note=session.content_note)
        return body
    if notice.kind == session_timers.NOTICE_THANKS:
        paid = paid_words(
            int(detail.get("meeting", 0)),
            int(detail.get("prep", 0)),
            alone=text.THANKS_PAID,
            with_prep=text.THANKS_PAID_PREP,
        )
        return text.THANKS_DM.format(title=session.title, number=session.id, paid=paid)
    return text.AUTO_ENDED_NOTE.format(title=session.title)
