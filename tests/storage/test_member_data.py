"""The member-data contract covers every table that holds data about a member."""

from __future__ import annotations

import re
from pathlib import Path

from bot.services.readability import score
from storage import member_data
from storage.database import Database

# Columns that name a person (or hold a keyed hash of one).
PERSON_COLUMN = re.compile(
    r"^(\w+_)?(member|user|actor|author|voter|owner|recipient|coordinator|admin|person)"
    r"(_id|_ids)?$|^\w+_by$|^\w+_key$|^payee_name$"
)
# Columns ending in _key that are not about a person.
NOT_PERSON = {("bot_meta", "key")}


async def _person_tables(db: Database) -> set[str]:
    found: set[str] = set()
    async with db.read() as conn:
        tables = [
            r[0]
            for r in await conn.fetchall(
                "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
            )
        ]
        for table in tables:
            columns = [r[1] for r in await conn.fetchall(f"PRAGMA table_info({table})")]
            if any(
                PERSON_COLUMN.match(c) and (table, c) not in NOT_PERSON and c != "dedupe_key"
                for c in columns
            ):
                found.add(table)
    return found


async def test_every_table_about_a_member_has_a_store(tmp_path: Path) -> None:
    db = await Database.open(tmp_path / "leap.sqlite3")
    try:
        missing = await _person_tables(db) - member_data.covered_tables()
    finally:
        await db.close()
    assert missing == set()


def test_every_kept_store_says_why() -> None:
    assert [s.name for s in member_data.kept() if not s.kept_because] == []


def test_every_reason_for_keeping_is_easy_to_read() -> None:
    """/mydata erase shows these reasons to members, so they meet the bot/text bar too."""
    hard = [s.name for s in member_data.kept() if score(s.kept_because or "").reading_ease < 60]
    assert hard == []


def test_the_column_check_knows_a_person_when_it_sees_one() -> None:
    columns = ["member_id", "coordinator_id", "reopened_by", "author", "voter_key", "channel_id"]
    assert [bool(PERSON_COLUMN.match(c)) for c in columns] == [True, True, True, True, True, False]
