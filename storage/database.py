"""One long-lived aiosqlite connection, migrations, transactions and online backup."""

from __future__ import annotations

import asyncio
import logging
import os
import re
import sqlite3
from collections.abc import AsyncIterator, Awaitable, Callable, Iterable, Sequence
from contextlib import asynccontextmanager
from contextvars import ContextVar
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


class Busy(DatabaseError):
    """Another program held the database file for longer than BUSY_TIMEOUT_MS.

    Raised instead of sqlite3's "database is locked" by `transaction()` and `read()`; the
    transaction was rolled back, so that block saved nothing.
    """


class AlreadyRunning(DatabaseError):
    """Another copy of the bot already uses this database file."""


@dataclass(slots=True)
class Caller:
    """Who waits on the database in the current task (one interaction), if anyone.

    `answer_first` is awaited once before the task has to wait for the database (another
    program holds the file, or work queued behind such a wait), so the person is told
    "thinking…" within Discord's 3 seconds. `commits` counts the transactions this task
    committed, so a refusal after a busy wait can say truthfully whether anything was saved.
    """

    answer_first: Callable[[], Awaitable[None]] | None = None
    commits: int = 0

    async def before_wait(self) -> None:
        """Run `answer_first` (only once)."""
        hook, self.answer_first = self.answer_first, None
        if hook is not None:
            await hook()


CALLER: ContextVar[Caller | None] = ContextVar("leap_database_caller", default=None)


def _is_busy(exc: sqlite3.OperationalError) -> bool:
    code = getattr(exc, "sqlite_errorcode", None)
    if code is not None:
        return code & 0xFF in (sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED)
    return "locked" in str(exc) or "busy" in str(exc)


def _begin_now(conn: sqlite3.Connection) -> None:
    """BEGIN IMMEDIATE without SQLite's blocking wait: fails at once when the file is held.

    The caller then waits in asyncio (answering Discord first), never on the thread.
    """
    conn.execute("PRAGMA busy_timeout = 0")
    try:
        conn.execute("BEGIN IMMEDIATE")
    finally:
        conn.execute(f"PRAGMA busy_timeout = {int(BUSY_TIMEOUT_MS)}")


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
        self._savepoints = 0  # how deep savepoints are nested now (names them)
        # Names of tables written in the running transaction that someone listens to (see
        # Database.on_commit); handed to the listeners after COMMIT, dropped on ROLLBACK.
        self.touched: set[str] = set()

    def touch(self, name: str) -> None:
        """Note that this transaction wrote `name` (listeners hear of it after commit)."""
        self.touched.add(name)

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

    async def execute_each(
        self, statements: Sequence[tuple[str, Sequence[Any] | dict[str, Any]]]
    ) -> list[int]:
        """Run several statements in one thread round trip; return each one's changed rows.

        For the hot paths of a burst (a vote is a delete and an insert or two): each round
        trip to the connection's thread also makes the event loop wait for it.
        """

        def run(c: sqlite3.Connection) -> list[int]:
            return [c.execute(sql, params).rowcount for sql, params in statements]

        return await self._run(run)

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

    async def fold(
        self,
        sql: str,
        params: Sequence[Any] | dict[str, Any],
        fn: Callable[[Iterable[sqlite3.Row]], T],
    ) -> T:
        """Run one SELECT and hand its rows, one by one as SQLite makes them, to `fn` on the
        connection's thread; return what `fn` returns. For folding many rows into a few
        without holding them all in memory at once."""
        return await self._run(lambda c: fn(c.execute(sql, params)))

    async def fetchval(self, sql: str, params: Sequence[Any] | dict[str, Any] = ()) -> Any:
        """Return the first column of the first row, or None."""
        row = await self.fetchone(sql, params)
        return None if row is None else row[0]

    @asynccontextmanager
    async def savepoint(self) -> AsyncIterator[None]:
        """Run a block inside the current transaction so that an error undoes only the block.

        The error still propagates; the transaction around it goes on and can commit.
        """
        self._savepoints += 1
        name = f"leap_sp_{self._savepoints}"
        await self.execute(f"SAVEPOINT {name}")
        try:
            yield
        except BaseException:
            self.memo.clear()  # cached rows may hold what was just undone
            await self.execute(f"ROLLBACK TO {name}")
            await self.execute(f"RELEASE {name}")
            raise
        else:
            await self.execute(f"RELEASE {name}")
        finally:
            self._savepoints -= 1


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
        # Set while a transaction waits for another program to let go of the file: tasks
        # queued behind it answer Discord first instead of waiting in silence.
        self._stalled = asyncio.Event()
        self._commit_listeners: list[Callable[[frozenset[str]], None]] = []

    def on_commit(self, listener: Callable[[frozenset[str]], None]) -> None:
        """Call `listener` with the names touched (Conn.touch) after each commit that
        touched any; it must be quick and must not use the database (e.g. set an event)."""
        self._commit_listeners.append(listener)

    def _committed(self) -> None:
        touched = frozenset(self._conn.touched)
        self._conn.touched.clear()
        if not touched:
            return
        for listener in self._commit_listeners:
            try:
                listener(touched)
            except Exception:
                log.exception("A commit listener failed")

    @property
    def busy(self) -> bool:
        """True when several tasks already queue for the connection (a burst of clicks)."""
        return self._queued >= BUSY_QUEUE

    @asynccontextmanager
    async def _turn(self) -> AsyncIterator[None]:
        """Wait for the connection, counting how many tasks wait with us."""
        self._queued += 1
        try:
            await self._acquire()
        finally:
            self._queued -= 1
        try:
            yield
        finally:
            self._lock.release()

    async def _acquire(self) -> None:
        """Take the lock; if the task holding it is stalled on the file, answer first."""
        caller = CALLER.get()
        if caller is None or caller.answer_first is None or not self._lock.locked():
            await self._lock.acquire()
            return
        if self._stalled.is_set():
            await caller.before_wait()
            await self._lock.acquire()
            return
        acquire = asyncio.ensure_future(self._lock.acquire())
        stalled = asyncio.ensure_future(self._stalled.wait())
        try:
            await asyncio.wait((acquire, stalled), return_when=asyncio.FIRST_COMPLETED)
            if not acquire.done():
                await caller.before_wait()
            await acquire
        except BaseException:
            if acquire.done() and not acquire.cancelled() and acquire.exception() is None:
                self._lock.release()
            else:
                acquire.cancel()
            raise
        finally:
            stalled.cancel()

    async def _begin(self, deadline: float) -> None:
        """BEGIN IMMEDIATE, waiting (in asyncio) until `deadline` if another program holds
        the file; raise Busy when it is still held then."""
        try:
            await self._conn._run(_begin_now)
            return
        except sqlite3.OperationalError as exc:
            if not _is_busy(exc):
                raise
        loop = asyncio.get_running_loop()
        self._stalled.set()
        try:
            caller = CALLER.get()
            if caller is not None:
                await caller.before_wait()
            delay = 0.02
            while True:
                if loop.time() >= deadline:
                    raise Busy("Another program held the database file for too long.")
                await asyncio.sleep(min(delay, max(0.0, deadline - loop.time())))
                delay = min(delay * 2, 0.25)
                try:
                    await self._conn._run(_begin_now)
                    return
                except sqlite3.OperationalError as exc:
                    if not _is_busy(exc):
                        raise
        finally:
            self._stalled.clear()

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
            # Deleted rows are overwritten, so erased text (/mydata erase, taken-back
            # contributions) cannot be read back from free pages of the file.
            await raw.execute("PRAGMA secure_delete = ON")
            if migrate:
                await db.migrate()
        except (sqlite3.Error, DatabaseError) as exc:
            await raw.close()
            if isinstance(exc, DatabaseError):
                raise
            raise DatabaseError(f"Cannot use the database file at {path}: {exc}.") from exc
        return db

    async def checkpoint(self) -> None:
        """Copy the write-ahead log into the file and empty it, so old pages are gone from it."""
        async with self._lock:
            await self._raw.execute("PRAGMA wal_checkpoint(TRUNCATE)")

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
        """Run a block as one write transaction: committed on success, rolled back on error.

        When another program holds the file, this waits up to BUSY_TIMEOUT_MS in all
        (queueing included; the caller's `answer_first` runs before the wait), then raises
        Busy with nothing saved.
        """
        deadline = asyncio.get_running_loop().time() + BUSY_TIMEOUT_MS / 1000
        async with self._turn():
            try:
                await self._begin(deadline)
            except asyncio.CancelledError:
                # aiosqlite runs the BEGIN on its thread even when we stop waiting for it:
                # end it before letting go of the lock, or every later BEGIN would fail.
                await self._end_abandoned_begin()
                raise
            self._conn.touched.clear()
            try:
                yield self._conn
            except BaseException as exc:
                self._conn.memo.clear()
                self._conn.touched.clear()
                await self._raw.execute("ROLLBACK")
                if isinstance(exc, sqlite3.OperationalError) and _is_busy(exc):
                    raise Busy("The database file was held by another program.") from exc
                raise
            else:
                await self._raw.execute("COMMIT")
                caller = CALLER.get()
                if caller is not None:
                    caller.commits += 1
                self._committed()

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
            try:
                yield self._conn
            except sqlite3.OperationalError as exc:
                if _is_busy(exc):
                    raise Busy("The database file was held by another program.") from exc
                raise

    async def backup(self, target: Path) -> None:
        """Copy the whole database to `target` while it stays in use (SQLite backup API)."""
        target.parent.mkdir(parents=True, exist_ok=True)
        async with self._lock:
            dest = await aiosqlite.connect(target)
            try:
                await self._raw.backup(dest)
            finally:
                await dest.close()


def lock_path(database: Path) -> Path:
    """The lock file beside a database file: only one running bot may hold it."""
    return database.with_name(database.name + ".lock")


class InstanceLock:
    """An exclusive advisory lock on `<database>.lock`, held for as long as the bot runs.

    Two copies of the bot on one database would send every reminder twice, so the second
    one refuses to start. The operating system lets go of the lock when the process ends,
    even after a crash, so a stale lock file never blocks a start.
    """

    def __init__(self, path: Path, fd: int) -> None:
        self.path = path
        self._fd: int | None = fd

    @classmethod
    def acquire(cls, database: Path) -> InstanceLock:
        """Take the lock, or raise AlreadyRunning when another process holds it."""
        path = lock_path(database)
        path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
        try:
            _lock_exclusive(fd)
        except BlockingIOError:
            os.close(fd)
            raise AlreadyRunning(
                f"Another copy of the bot is already running on {database}, so this one "
                "will not start (two copies would send every reminder twice)."
            ) from None
        except BaseException:
            os.close(fd)
            raise
        os.ftruncate(fd, 0)
        os.write(fd, f"{os.getpid()}\n".encode())
        return cls(path, fd)

    def release(self) -> None:
        """Let go of the lock (closing the file releases it)."""
        if self._fd is not None:
            os.close(self._fd)
            self._fd = None


def _lock_exclusive(fd: int) -> None:
    """flock(LOCK_EX | LOCK_NB): BlockingIOError when another open file holds it."""
    try:
        import fcntl
    except ImportError:  # not POSIX: no advisory locks to take
        log.warning("This system has no file locks; cannot stop a second copy of the bot")
        return
    fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)


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
