"""One long-lived aiosqlite connection, migrations, transactions and online backup."""

from __future__ import annotations

import asyncio
import logging
import re
import sqlite3
from collections.abc import AsyncIterator, Callable, Iterable, Sequence
from contextlib import asynccontextmanager
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any, TypeVar

import aiosqlite

log = logging.getLogger(__name__)

T = TypeVar("T")

_MIGRATION_NAME = re.compile(r"^(\d{4})_[a-z0-9_]+\.sql$")
BUSY_TIMEOUT_MS = 5000
# With this many tasks already waiting for the connection, callers should answer Discord
# first ("thinking…") and send the result when their turn comes.
BUSY_QUEUE = 1


class DatabaseError(Exception):
    """The database could not be opened, migrated or copied."""


@dataclass(frozen=True, slots=True)
class Migration:
    """One numbered forward-only schema change."""

    version: int
    name: str
    sql: str


def load_migrations() -> list[Migration]:
    """Read the numbered `.sql` files shipped in `storage/migrations`, in order."""
    found: list[Migration] = []
    for entry in resources.files("storage.migrations").iterdir():
        match = _MIGRATION_NAME.match(entry.name)
        if match:
            found.append(Migration(int(match.group(1)), entry.name, entry.read_text("utf-8")))
    found.sort(key=lambda m: m.version)
    versions = [m.version for m in found]
    if versions != list(range(1, len(found) + 1)):
        raise DatabaseError(f"Migrations must be numbered 1..n without gaps, found {versions}.")
    return found


class Conn:
    """The connection as seen inside one transaction or read: parameterised SQL only."""

    def __init__(self, raw: aiosqlite.Connection) -> None:
        self._raw = raw
        # Small read-through cache for hot rows (e.g. panel settings read by every
        # permission check). Repositories fill it on read and drop entries on write; a
        # rolled-back transaction clears it, so it never outlives uncommitted data.
        self.memo: dict[tuple[str, int], Any] = {}

    async def _run(self, fn: Callable[[sqlite3.Connection], T]) -> T:
        """Run one small function on the connection's own thread: a single round trip.

        aiosqlite's public cursor API costs two or three thread round trips per statement
        (execute, fetch, close); under a burst of clicks those round trips are most of the
        time each transaction holds the lock. `_execute` is aiosqlite's own queueing
        primitive (the version is pinned in constraints.txt; tests cover every use).
        """
        raw = self._raw
        result: T = await raw._execute(fn, raw._conn)
        return result

    async def execute(self, sql: str, params: Sequence[Any] | dict[str, Any] = ()) -> int:
        """Run one statement; return the number of rows it changed."""
        return await self._run(lambda c: c.execute(sql, params).rowcount)

    async def insert(self, sql: str, params: Sequence[Any] | dict[str, Any] = ()) -> int:
        """Run one INSERT; return the new row id."""
        row_id = await self._run(lambda c: c.execute(sql, params).lastrowid)
        if row_id is None:
            raise DatabaseError("The insert did not return a row id.")
        return row_id

    async def executemany(self, sql: str, rows: Iterable[Sequence[Any]]) -> None:
        """Run one statement for many parameter rows."""
        await self._raw.executemany(sql, rows)

    async def fetchone(
        self, sql: str, params: Sequence[Any] | dict[str, Any] = ()
    ) -> sqlite3.Row | None:
        """Return the first row of a query, or None."""
        row: sqlite3.Row | None = await self._run(lambda c: c.execute(sql, params).fetchone())
        return row

    async def fetchall(
        self, sql: str, params: Sequence[Any] | dict[str, Any] = ()
    ) -> list[sqlite3.Row]:
        """Return every row of a query."""
        return await self._run(lambda c: c.execute(sql, params).fetchall())

    async def fetchval(self, sql: str, params: Sequence[Any] | dict[str, Any] = ()) -> Any:
        """Return the first column of the first row, or None."""
        row = await self.fetchone(sql, params)
        return None if row is None else row[0]


class Database:
    """The bot's single SQLite connection.

    Every task shares the one connection, and so its transaction: an asyncio lock
    serialises transactions and reads, so one task's rollback never swallows another
    task's write. Never await a Discord call while holding a transaction.
    """

    def __init__(self, path: Path, raw: aiosqlite.Connection) -> None:
        self.path = path
        self._raw = raw
        self._conn = Conn(raw)
        self._lock = asyncio.Lock()
        self._queued = 0  # tasks waiting for the lock

    @property
    def busy(self) -> bool:
        """True when several tasks already queue for the connection (a burst of clicks)."""
        return self._queued >= BUSY_QUEUE

    @asynccontextmanager
    async def _turn(self) -> AsyncIterator[None]:
        """Wait for the connection, counting how many tasks wait with us."""
        self._queued += 1
        try:
            await self._lock.acquire()
        finally:
            self._queued -= 1
        try:
            yield
        finally:
            self._lock.release()

    @classmethod
    async def open(cls, path: Path, *, migrate: bool = True) -> Database:
        """Open (creating folders as needed), set pragmas and apply pending migrations."""
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            raw = await aiosqlite.connect(path, isolation_level=None)
        except (OSError, sqlite3.Error) as exc:
            raise DatabaseError(f"Cannot open the database file at {path}: {exc}.") from exc
        raw.row_factory = sqlite3.Row
        db = cls(path, raw)
        try:
            await raw.execute("PRAGMA busy_timeout = " + str(int(BUSY_TIMEOUT_MS)))
            await raw.execute("PRAGMA journal_mode = WAL")
            await raw.execute("PRAGMA foreign_keys = ON")
            await raw.execute("PRAGMA synchronous = NORMAL")
            if migrate:
                await db.migrate()
        except (sqlite3.Error, DatabaseError) as exc:
            await raw.close()
            if isinstance(exc, DatabaseError):
                raise
            raise DatabaseError(f"Cannot use the database file at {path}: {exc}.") from exc
        return db

    async def close(self) -> None:
        """Wait for the running transaction, then close the connection."""
        async with self._lock:
            await self._raw.close()

    async def version(self) -> int:
        """The schema version recorded in the file (`PRAGMA user_version`)."""
        async with self.read() as conn:
            return int(await conn.fetchval("PRAGMA user_version"))

    async def migrate(self) -> list[int]:
        """Apply each pending migration in its own transaction; return the versions applied."""
        applied: list[int] = []
        async with self._lock:
            current = int(await self._conn.fetchval("PRAGMA user_version"))
            for migration in load_migrations():
                if migration.version <= current:
                    continue
                script = (
                    "BEGIN IMMEDIATE;\n"
                    f"{migration.sql}\n;\n"
                    f"PRAGMA user_version = {migration.version};\n"
                    "COMMIT;"
                )
                try:
                    await self._raw.executescript(script)
                except sqlite3.Error as exc:
                    if self._raw.in_transaction:
                        await self._raw.execute("ROLLBACK")
                    raise DatabaseError(
                        f"Database migration {migration.name} failed: {exc}. "
                        "The database was left as it was."
                    ) from exc
                log.info("Applied database migration %s", migration.name)
                applied.append(migration.version)
        return applied

    @asynccontextmanager
    async def transaction(self) -> AsyncIterator[Conn]:
        """Run a block as one write transaction: committed on success, rolled back on error."""
        async with self._turn():
            try:
                await self._raw.execute("BEGIN IMMEDIATE")
            except asyncio.CancelledError:
                # aiosqlite runs the BEGIN on its thread even when we stop waiting for it:
                # end it before letting go of the lock, or every later BEGIN would fail.
                await self._end_abandoned_begin()
                raise
            try:
                yield self._conn
            except BaseException:
                self._conn.memo.clear()
                await self._raw.execute("ROLLBACK")
                raise
            else:
                await self._raw.execute("COMMIT")

    async def _end_abandoned_begin(self) -> None:
        try:
            await self._raw.execute("ROLLBACK")
        except sqlite3.OperationalError:
            pass  # the BEGIN itself failed (busy): there is no transaction to end

    @asynccontextmanager
    async def read(self) -> AsyncIterator[Conn]:
        """Run a block of reads while no transaction of ours is half-done.

        The lock keeps other tasks' writes out until the block ends, so its reads agree
        with each other; no BEGIN is needed for that, which saves two round trips.
        """
        async with self._turn():
            yield self._conn

    async def backup(self, target: Path) -> None:
        """Copy the whole database to `target` while it stays in use (SQLite backup API)."""
        target.parent.mkdir(parents=True, exist_ok=True)
        async with self._lock:
            dest = await aiosqlite.connect(target)
            try:
                await self._raw.backup(dest)
            finally:
                await dest.close()


def backup_file(source: Path, target: Path) -> None:
    """Copy a database file consistently, even while the bot writes to it."""
    if not source.exists():
        raise DatabaseError(f"There is no database file at {source}.")
    if target.exists() and target.resolve() == source.resolve():
        raise DatabaseError("The copy must go to a different file from the database itself.")
    target.parent.mkdir(parents=True, exist_ok=True)
    try:
        src = sqlite3.connect(f"file:{source}?mode=ro", uri=True, timeout=BUSY_TIMEOUT_MS / 1000)
    except sqlite3.Error as exc:
        raise DatabaseError(f"Cannot read the database file {source}: {exc}.") from exc
    try:
        try:
            dest = sqlite3.connect(target)
        except sqlite3.Error as exc:
            raise DatabaseError(
                f"Cannot write a copy to {target}: {exc}. Give a file path you can write to."
            ) from exc
        try:
            src.backup(dest)
        except sqlite3.Error as exc:
            raise DatabaseError(f"Cannot copy {source} to {target}: {exc}.") from exc
        finally:
            dest.close()
    finally:
        src.close()
