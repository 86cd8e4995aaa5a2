"""/contribution export: a session's contributions as CSV, with no ids of any kind.

Columns: #, pseudonym, time (the panel's time zone), text, prompt (a link to the prompt a
contribution answers, if any). Hidden and taken-back contributions are left out. Text cells
never start with =, +, -, @, tab or carriage return (formula injection).
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from bot.clock import Clock
from bot.errors import NotFound
from bot.services.contributions import rules
from bot.services.hours.cells import safe_cell
from bot.text import contributions as words
from bot.text import sessions as session_words
from storage import audit, guild_settings
from storage import contributions as repo
from storage import sessions as session_repo
from storage.contributions import Contribution
from storage.database import Database
from storage.sessions import Session


@dataclass(frozen=True, slots=True)
class ExportFile:
    """The CSV file for one session, and what it holds."""

    session: Session
    count: int
    name: str
    content: bytes


def prompt_link(row: Contribution) -> str:
    """A link to the prompt message a contribution answers, or an empty cell."""
    if row.reply_to_id is None:
        return ""
    return f"https://discord.com/channels/{row.guild_id}/{row.channel_id}/{row.reply_to_id}"


def build_csv(rows: list[Contribution], timezone: str) -> bytes:
    """The CSV bytes (UTF-8 with a byte-order mark, so spreadsheets show accents)."""
    zone = ZoneInfo(timezone)
    out = io.StringIO(newline="")
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(words.EXPORT_COLUMNS)
    for row in rows:
        writer.writerow(
            [
                row.number,
                rules.pseudonym(row.letter),
                row.created_at.astimezone(zone)
                .replace(tzinfo=None)
                .isoformat(sep=" ", timespec="minutes"),
                safe_cell(row.body or ""),
                prompt_link(row),
            ]
        )
    return out.getvalue().encode("utf-8-sig")


async def export_session(
    db: Database, clock: Clock, *, guild_id: int, actor_id: int, session_id: int
) -> ExportFile:
    """A session's shown contributions as CSV (audited: who exported which session)."""
    async with db.transaction() as conn:
        session = await session_repo.get(conn, session_id, guild_id=guild_id)
        if session is None:
            raise NotFound(session_words.NOT_FOUND)
        rows = await repo.shown_in_session(conn, session.id)
        settings = await guild_settings.get(conn, guild_id)
        await audit.record(
            conn,
            guild_id=guild_id,
            actor_id=actor_id,
            action="contribution.export",
            now=clock.now(),
            target=f"session:{session.id}",
            detail={"count": len(rows)},
        )
    content = build_csv(rows, settings.timezone)
    return ExportFile(session, len(rows), f"contributions-session-{session.id}.csv", content)
