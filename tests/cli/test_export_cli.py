"""`python -m bot export-hours`: a real payment run from the command line."""

from __future__ import annotations

import asyncio
import csv
import io
import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path

import pytest

from bot.__main__ import main
from bot.clock import ManualClock
from bot.services import panel_settings
from bot.services.hours import ledger as hours
from bot.services.hours import payment_runs as export
from bot.services.hours import payment_settings as payments
from storage.database import Database

GUILD = 10
NOW = datetime(2026, 3, 2, 12, 0, tzinfo=UTC)


async def _fill(path: Path, guilds: tuple[int, ...] = (GUILD,)) -> list[int]:
    db = await Database.open(path)
    clock = ManualClock(NOW)
    ids = []
    try:
        for guild in guilds:
            await payments.set_rate(
                db,
                clock,
                guild_id=guild,
                actor_id=1,
                activity="review",
                pounds_per_hour="12.50",
                from_date="2026-01-01",
            )
            await payments.set_preference(
                db,
                clock,
                guild_id=guild,
                member_id=100,
                method="bank",
                payee_name="Alice Smith",
                receives_benefits=False,
                public_sector=False,
            )
            entry = await hours.claim(
                db,
                clock,
                guild_id=guild,
                member_id=100,
                activity="review",
                minutes=90,
                day="2026-02-10",
            )
            await hours.approve(db, clock, guild_id=guild, entry_id=entry.id, actor_id=2)
            ids.append(entry.id)
    finally:
        await db.close()
    return ids


def _export(db: Path, out: Path, *extra: str) -> int:
    return main(
        [
            "export-hours",
            "--from",
            "2026-01-01",
            "--to",
            "2026-03-31",
            "--out",
            str(out),
            "--db",
            str(db),
            *extra,
        ]
    )


def _rows(path: Path) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(path.read_text("utf-8-sig"), newline="")))


def test_the_command_line_writes_the_summary(tmp_path: Path) -> None:
    db = tmp_path / "leap.sqlite3"
    asyncio.run(_fill(db))
    assert _export(db, tmp_path / "pay.csv") == 0
    fees = [r for r in _rows(tmp_path / "pay.csv") if r["row"] == "fees"]
    assert [(r["paid minutes"], r["amount"]) for r in fees] == [("90", "18.75")]


def test_the_command_line_names_members_held_back(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = tmp_path / "leap.sqlite3"
    asyncio.run(_fill(db))

    async def claim_without_preference() -> None:
        database = await Database.open(db)
        try:
            entry = await hours.claim(
                database,
                ManualClock(NOW),
                guild_id=GUILD,
                member_id=300,
                activity="review",
                minutes=30,
                day="2026-02-11",
            )
            await hours.approve(
                database, ManualClock(NOW), guild_id=GUILD, entry_id=entry.id, actor_id=2
            )
        finally:
            await database.close()

    asyncio.run(claim_without_preference())
    assert _export(db, tmp_path / "pay.csv") == 0
    assert "member 300" in capsys.readouterr().out


def test_the_command_line_says_to_check_time_added_for_someone_not_on_the_panel(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = tmp_path / "leap.sqlite3"
    asyncio.run(_fill(db))

    async def add_for_someone_without_the_role() -> None:
        database = await Database.open(db)
        clock = ManualClock(NOW)
        try:
            await panel_settings.set_roles(
                database,
                clock,
                guild_id=GUILD,
                actor_id=1,
                coordinator_role_id=20,
                member_role_id=21,
                admin_role_id=22,
            )
            await hours.add_adjustment(
                database,
                clock,
                guild_id=GUILD,
                actor_id=2,
                member_id=100,
                minutes=30,
                activity="review",
                note="Helped at the event",
                day="2026-02-12",
                role_ids=[],
                anyway=True,
            )
        finally:
            await database.close()

    asyncio.run(add_for_someone_without_the_role())
    assert _export(db, tmp_path / "pay.csv") == 0
    assert "1 entry was added for someone not on the panel" in capsys.readouterr().out


def test_the_command_line_writes_the_detail_next_to_it(tmp_path: Path) -> None:
    db = tmp_path / "leap.sqlite3"
    [entry_id] = asyncio.run(_fill(db))
    _export(db, tmp_path / "pay.csv")
    assert [r["entry id"] for r in _rows(tmp_path / "pay-detail.csv")] == [str(entry_id)]


def test_the_command_line_run_is_a_real_run(tmp_path: Path) -> None:
    db = tmp_path / "leap.sqlite3"
    asyncio.run(_fill(db))
    _export(db, tmp_path / "pay.csv")

    async def stored() -> bytes:
        database = await Database.open(db)
        try:
            result = await export.run_files(database, guild_id=GUILD, run_id=1)
        finally:
            await database.close()
        return result.files[0].content

    assert asyncio.run(stored()) == (tmp_path / "pay.csv").read_bytes()


def test_a_second_command_line_export_pays_nothing_twice(tmp_path: Path) -> None:
    db = tmp_path / "leap.sqlite3"
    asyncio.run(_fill(db))
    _export(db, tmp_path / "one.csv")
    assert (_export(db, tmp_path / "two.csv"), (tmp_path / "two.csv").exists()) == (2, False)


def test_an_unwritable_out_file_exports_nothing(tmp_path: Path) -> None:
    db = tmp_path / "leap.sqlite3"
    asyncio.run(_fill(db))
    (tmp_path / "taken.csv").mkdir()  # a folder where the file should go
    refused = _export(db, tmp_path / "taken.csv")
    assert (refused, _export(db, tmp_path / "pay.csv")) == (2, 0)


def test_the_command_line_can_write_a_workbook(tmp_path: Path) -> None:
    from openpyxl import load_workbook

    db = tmp_path / "leap.sqlite3"
    asyncio.run(_fill(db))
    _export(db, tmp_path / "pay.xlsx", "--format", "xlsx")
    book = load_workbook(tmp_path / "pay.xlsx")
    assert book.sheetnames == ["Summary", "Detail"]


def test_with_two_servers_the_command_line_asks_which(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = tmp_path / "leap.sqlite3"
    asyncio.run(_fill(db, (GUILD, GUILD + 1)))
    assert _export(db, tmp_path / "pay.csv") == 2
    assert "--guild" in capsys.readouterr().err


def test_with_two_servers_the_guild_option_chooses(tmp_path: Path) -> None:
    db = tmp_path / "leap.sqlite3"
    asyncio.run(_fill(db, (GUILD, GUILD + 1)))
    assert _export(db, tmp_path / "pay.csv", "--guild", str(GUILD + 1)) == 0
    assert _rows(tmp_path / "pay.csv")[0]["run id"] == "1"


def test_a_bad_date_gets_a_plain_message(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = tmp_path / "leap.sqlite3"
    asyncio.run(_fill(db))
    code = main(
        ["export-hours", "--from", "1 Jan", "--to", "2026-03-31", "--out", "x.csv", "--db", str(db)]
    )
    assert (code, "YYYY-MM-DD" in capsys.readouterr().err) == (2, True)


def test_python_dash_m_bot_runs_the_export(tmp_path: Path) -> None:
    db = tmp_path / "leap.sqlite3"
    asyncio.run(_fill(db))
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "bot",
            "export-hours",
            "--from",
            "2026-01-01",
            "--to",
            "2026-03-31",
            "--out",
            str(tmp_path / "p.csv"),
            "--db",
            str(db),
        ],
        capture_output=True,
        text=True,
        check=False,
        cwd=Path(__file__).parents[2],
    )
    assert (done.returncode, "Payment run 1" in done.stdout) == (0, True)


def test_dates_are_work_dates_not_export_dates(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = tmp_path / "leap.sqlite3"
    asyncio.run(_fill(db))  # the work date is 2026-02-10
    code = main(
        [
            "export-hours",
            "--from",
            "2026-03-01",
            "--to",
            "2026-03-31",
            "--out",
            str(tmp_path / "p.csv"),
            "--db",
            str(db),
        ]
    )
    assert (code, "no approved hours" in capsys.readouterr().err) == (2, True)


async def _add_expense(path: Path) -> bytes:
    """An approved £6.40 fare with a PDF receipt for member 100."""
    from bot.services.hours import expenses

    content = b"%PDF-1.4\n% fare\n%%EOF\n"

    async def read() -> bytes:
        return content

    db = await Database.open(path)
    clock = ManualClock(NOW)
    try:
        claimed = await expenses.claim(
            db,
            clock,
            guild_id=GUILD,
            member_id=100,
            kind="travel",
            amount="6.40",
            day="2026-02-11",
            receipt=expenses.ReceiptUpload("fare.pdf", "application/pdf", len(content), read),
        )
        await expenses.decide(
            db, clock, guild_id=GUILD, expense_id=claimed.id, actor_id=2, approve=True
        )
    finally:
        await db.close()
    return content


def test_the_command_line_writes_expenses_and_their_receipts(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    import zipfile

    db = tmp_path / "leap.sqlite3"
    asyncio.run(_fill(db))
    receipt = asyncio.run(_add_expense(db))
    out = tmp_path / "pay.csv"
    code = _export(db, out)
    detail = [r for r in _rows(tmp_path / "pay-detail.csv") if r["source"] == "expense"]
    archive = zipfile.ZipFile(tmp_path / "pay-receipts.zip")
    assert (
        code,
        [(r["expenses"], r["receipt"]) for r in detail],
        archive.namelist(),
        archive.read("expense-1-fare.pdf"),
        "expenses paid back at cost: £6.40" in capsys.readouterr().out,
    ) == (0, [("6.40", "expense-1-fare.pdf")], ["expense-1-fare.pdf"], receipt, True)
