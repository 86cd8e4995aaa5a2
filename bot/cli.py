"""What the command line does: run the bot, check settings, back up the database."""

from __future__ import annotations

import asyncio
import logging
import os
import signal
import sys
from pathlib import Path

import aiohttp
import discord

from bot.settings import Settings, SettingsError, load_settings

log = logging.getLogger("bot")

EXIT_SETTINGS = 2
EXIT_UNREACHABLE = 1
NO_CONNECTION = "Cannot reach Discord: check this computer's internet connection, then start again."


def fail(message: str, code: int = EXIT_SETTINGS) -> int:
    """Print one plain sentence to stderr and return the settings exit status."""
    print(message, file=sys.stderr)
    return code


def _settings_or_none() -> Settings | str:
    try:
        return load_settings()
    except SettingsError as exc:
        return str(exc)


def run_bot() -> int:
    """Start the bot and run it until SIGINT or SIGTERM."""
    settings = _settings_or_none()
    if isinstance(settings, str):
        return fail(settings)
    from bot.logging_setup import setup_logging

    setup_logging(settings.log_level, secrets=[settings.discord_token.get_secret_value()])
    try:
        asyncio.run(_run(settings))
    except discord.LoginFailure:
        return fail(
            "Discord did not accept the DISCORD_TOKEN: copy a fresh token from the Bot page "
            "of the Discord developer portal into .env."
        )
    except discord.PrivilegedIntentsRequired:
        return fail(
            "Discord refused the Server Members intent: switch on 'Server Members Intent' "
            "on the Bot page of the Discord developer portal, then start again."
        )
    except _startup_errors() as exc:
        return fail(str(exc))
    except (aiohttp.ClientConnectionError, OSError):
        log.debug("Could not connect to Discord", exc_info=True)
        return fail(NO_CONNECTION, EXIT_UNREACHABLE)
    except KeyboardInterrupt:
        pass
    return 0


def _startup_errors() -> tuple[type[Exception], ...]:
    from bot.anon_secret import AnonSecretError
    from storage.database import DatabaseError

    return (DatabaseError, AnonSecretError)


async def _run(settings: Settings) -> None:
    from bot.app import LeapBot

    await serve(LeapBot(settings), settings.discord_token.get_secret_value())


async def serve(bot: discord.Client, token: str) -> None:
    """Run the bot until it closes; SIGINT and SIGTERM close it cleanly."""
    loop = asyncio.get_running_loop()
    handled: list[signal.Signals] = []
    closing: list[asyncio.Task[None]] = []

    def on_signal() -> None:
        if not closing:
            closing.append(asyncio.create_task(bot.close()))

    for sig in (signal.SIGINT, signal.SIGTERM):
        try:
            loop.add_signal_handler(sig, on_signal)
            handled.append(sig)
        except NotImplementedError:
            pass
    try:
        async with bot:
            await bot.start(token)
        if closing:  # a signal started the close: let it finish (scheduler, database)
            await closing[0]
    finally:
        for sig in handled:
            loop.remove_signal_handler(sig)
    log.info("LEAP bot stopped cleanly")


def check() -> int:
    """Validate the settings and the database and print what was found."""
    settings = _settings_or_none()
    if isinstance(settings, str):
        return fail(settings)
    from storage import meta
    from storage.database import Database, DatabaseError, load_migrations

    async def inspect() -> tuple[int, int, dict[str, int]]:
        db = await Database.open(settings.database_path)
        try:
            async with db.read() as conn:
                counts = await meta.row_counts(conn)
            return await db.version(), len(load_migrations()), counts
        finally:
            await db.close()

    try:
        version, latest, counts = asyncio.run(inspect())
    except DatabaseError as exc:
        return fail(str(exc))
    print("Settings: OK (token found, not shown).")
    print(_anon_key_line(settings))
    print(f"Database: {settings.database_path.resolve()} (schema version {version} of {latest}).")
    print(f"Panels set up: {counts['guild_settings']}.")
    print(f"Timers stored: {counts['timers']}. Audit entries: {counts['audit_log']}.")
    if settings.discord_guild_id:
        print(f"Test server for instant commands: {settings.discord_guild_id}.")
    return 0


def _anon_key_line(settings: Settings) -> str:
    """One line on the anonymity key: where it comes from and whether its file is private."""
    from bot.anon_secret import key_status

    status = key_status(settings.anon_key_text(), settings.database_path)
    if status.source == "env":
        return "Anonymity key: from LEAP_ANON_KEY (not shown)."
    if status.source == "missing":
        return (
            f"Anonymity key: none yet. The bot makes {status.path} on its first start (mode 0600)."
        )
    mode = status.mode or 0
    verdict = "OK" if mode & 0o077 == 0 else "WARNING: others can read it, run chmod 600 on it"
    return f"Anonymity key: {status.path}, file mode {mode:04o} ({verdict})."


def backup(path: str) -> int:
    """Copy the database to `path` consistently, even while the bot runs."""
    settings = _settings_or_none()
    if isinstance(settings, str):
        return fail(settings)
    from storage.database import DatabaseError, backup_file

    target = Path(path)
    try:
        backup_file(settings.database_path, target)
    except (DatabaseError, OSError) as exc:
        return fail(f"The backup failed: {exc}")
    print(f"Backed up {settings.database_path} to {target}.")
    return 0


def _unwritable(*paths: Path) -> Path | None:
    """The first path that cannot be written as a file (a folder, or a read-only place)."""
    for path in paths:
        folder = path.parent
        try:
            folder.mkdir(parents=True, exist_ok=True)
        except OSError:
            return folder
        if path.is_dir() or not os.access(folder, os.W_OK):
            return path
        if path.exists() and not os.access(path, os.W_OK):
            return path
    return None


def export_hours(
    *, start: str, end: str, out: str, fmt: str, guild: int | None, db_path: str | None
) -> int:
    """Make a payment run from the command line, with the same code as /hours export.

    Writes the summary to `out` (CSV, or the workbook with --format xlsx) and the detail
    file next to it (`<out stem>-detail.csv`), and the receipts of the run's expenses in
    `<out stem>-receipts.zip` when it has any.
    """
    from dataclasses import replace
    from datetime import date

    from bot.clock import SystemClock
    from bot.errors import LeapError
    from bot.services.hours import payment_runs as export
    from bot.services.hours.money import pounds
    from storage.database import Database, DatabaseError
    from storage.payment_runs import guild_ids

    if db_path is None:
        settings = _settings_or_none()
        if isinstance(settings, str):
            return fail(settings)
        database = settings.database_path
    else:
        database = Path(db_path)
    if not database.exists():
        return fail(f"There is no database file at {database}.")
    try:
        period_from, period_to = date.fromisoformat(start), date.fromisoformat(end)
    except ValueError:
        return fail("Write dates as YYYY-MM-DD, for example --from 2026-01-01 --to 2026-03-31.")

    target = Path(out)
    detail_path = target.with_name(f"{target.stem}-detail.csv")
    receipts_path = target.with_name(f"{target.stem}-receipts.zip")
    blocked = _unwritable(target, detail_path, receipts_path)
    receipts: list[bytes] = []
    if blocked is not None:  # say so before a run marks any hours as sent
        return fail(f"Cannot write {blocked}. Nothing was exported. Pick another --out file.")

    async def run() -> export.RunResult | str:
        db = await Database.open(database)
        try:
            if guild is None:
                async with db.read() as conn:
                    found = await guild_ids(conn)
                if len(found) != 1:
                    listed = ", ".join(str(g) for g in found) or "none"
                    return f"Say which server with --guild (servers in the database: {listed})."
                chosen = found[0]
            else:
                chosen = guild
            made = await export.create_run(
                db,
                SystemClock(),
                guild_id=chosen,
                actor_id=None,
                period_from=period_from,
                period_to=period_to,
            )
            if fmt == "xlsx":  # the workbook alone, then the detail CSV beside it
                book = await export.run_files(db, guild_id=chosen, run_id=made.run.id, fmt=fmt)
                made = replace(made, files=[*book.files, made.files[1]])
            if made.receipts:  # one ZIP file: no message size limit here
                zips = export.receipt_zips(db, guild_id=chosen, run_id=made.run.id, limit=2**62)
                receipts.extend([part.content async for part in zips])
            return made
        finally:
            await db.close()

    try:
        result = asyncio.run(run())
    except LeapError as exc:
        return fail(exc.text)
    except DatabaseError as exc:
        return fail(str(exc))
    if isinstance(result, str):
        return fail(result)
    main_file, detail = result.files
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(main_file.content)
        detail_path.write_bytes(detail.content)
        if receipts:
            receipts_path.write_bytes(receipts[0])
    except OSError as exc:
        return fail(
            f"Payment run {result.run.id} was made, but the file could not be written: {exc}. "
            f"Nothing is lost: /hours export run:{result.run.id} downloads it again."
        )
    print(
        f"Payment run {result.run.id}: {result.run.entry_count} entries for {result.people} "
        f"people, {pounds(result.run.total_pence)} in all."
    )
    if result.run.expense_count:
        print(
            f"Besides those fees, {result.run.expense_count} expenses paid back at cost: "
            f"{pounds(result.run.expenses_pence)}; together "
            f"{pounds(result.run.total_pence + result.run.expenses_pence)}."
        )
    print(f"Wrote {target} and {detail_path}.")
    if receipts:
        print(f"Wrote the receipts to {receipts_path} (named as in the detail file).")
    if result.not_on_panel:
        count = result.not_on_panel
        flagged = "1 entry was" if count == 1 else f"{count} entries were"
        print(
            f"Please check before paying: {flagged} added for someone not on the panel "
            "(marked in the detail file)."
        )
    waiting = [h.name for h in result.held_back if h.reason == "no_preference"]
    if waiting:
        print(
            f"Held back (no payment preference yet, their hours stay unpaid): "
            f"{', '.join(waiting)}. Ask them to use /payment preference."
        )
    owing = [h.name for h in result.held_back if h.reason == "owes"]
    if owing:
        print(
            f"Held back (corrections take off more than this run pays them; it comes off "
            f"their next pay): {', '.join(owing)}."
        )
    declining = [h.name for h in result.held_back if h.reason == "declines"]
    if declining:
        print(
            f"Held back (they chose no payment, so their expenses wait): {', '.join(declining)}. "
            "Ask them if they want them paid back."
        )
    if result.unpaid_before:
        print(
            f"Please note: some approved hours from before {start} are not paid yet "
            f"({result.unpaid_before} entries). Make a run that starts earlier to pay them."
        )
    return 0
