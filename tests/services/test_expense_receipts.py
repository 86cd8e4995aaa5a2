"""Receipts of a payment run's expenses come as ZIP files within Discord's size limit, each
receipt once, named as in the detail file."""

from __future__ import annotations

import io
import zipfile
from collections.abc import AsyncIterator
from datetime import date
from pathlib import Path

import pytest
from hours_support import ADMIN, ALICE, COORD, GUILD, clock

from bot.services.hours import expenses as expense_rules
from bot.services.hours import payment_runs as export
from bot.services.hours import payment_settings as payments
from storage.database import Database


@pytest.fixture
async def db(tmp_path: Path) -> AsyncIterator[Database]:
    database = await Database.open(tmp_path / "t.sqlite3")
    await payments.set_preference(
        database,
        clock(),
        guild_id=GUILD,
        member_id=ALICE,
        method="bank",
        payee_name="Alice",
        receives_benefits=False,
        public_sector=False,
    )
    yield database
    await database.close()


async def _with_receipt(db: Database, content: bytes, name: str) -> int:
    async def read() -> bytes:
        return content

    claimed = await expense_rules.claim(
        db,
        clock(),
        guild_id=GUILD,
        member_id=ALICE,
        kind="printing",
        amount="2",
        day="2026-02-10",
        receipt=expense_rules.ReceiptUpload(name, "application/pdf", len(content), read),
    )
    await expense_rules.decide(
        db, clock(), guild_id=GUILD, expense_id=claimed.id, actor_id=COORD, approve=True
    )
    return claimed.id


async def _zips(db: Database, limit: int) -> list[export.RunFile]:
    result = await export.create_run(
        db,
        clock(),
        guild_id=GUILD,
        actor_id=ADMIN,
        period_from=date(2026, 2, 1),
        period_to=date(2026, 2, 28),
    )
    return [
        z async for z in export.receipt_zips(db, guild_id=GUILD, run_id=result.run.id, limit=limit)
    ]


async def test_receipts_are_split_into_zips_within_the_limit(db: Database) -> None:
    made = {}
    for number in range(3):
        content = b"%PDF-1.4\n" + bytes([number]) * 400
        expense_id = await _with_receipt(db, content, f"r{number}.pdf")
        made[f"expense-{expense_id}-r{number}.pdf"] = content
    zips = await _zips(db, limit=2000)
    found = {}
    for part in zips:
        archive = zipfile.ZipFile(io.BytesIO(part.content))
        found.update({name: archive.read(name) for name in archive.namelist()})
    assert (
        [z.name for z in zips],
        all(len(z.content) <= 2000 for z in zips),
        found,
    ) == (
        [
            "payment-run-1-receipts-1-of-3.zip",
            "payment-run-1-receipts-2-of-3.zip",
            "payment-run-1-receipts-3-of-3.zip",
        ],
        True,
        made,
    )


async def test_small_receipts_share_one_zip(db: Database) -> None:
    for number in range(3):
        await _with_receipt(db, b"%PDF-1.4\n" + bytes([number]) * 400, f"r{number}.pdf")
    zips = await _zips(db, limit=10 * 1024 * 1024)
    assert [(z.name, len(zipfile.ZipFile(io.BytesIO(z.content)).namelist())) for z in zips] == [
        ("payment-run-1-receipts.zip", 3)
    ]
