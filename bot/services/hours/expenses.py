"""Expenses: costs a member paid to take part, paid back at cost and never mixed with fees.

Rules:

* An amount is typed in pounds and read exactly, like a pay rate (money.parse_pounds):
  above zero, at most two decimals, no decimal comma, £1,000 at most, and at most the
  panel's own cap per claim when it has one (/setup expenses). Stored as whole pence.
* A receipt is optional: a photo (PNG, JPEG, GIF, WebP, HEIC) or a PDF of 8 MB or less,
  checked by its name, its declared type and its first bytes. Its bytes are kept in the
  database with their SHA-256 hash. Only the member, coordinators and admins see it.
* Coordinators approve or reject an expense in /hours review, like hours, and the member is
  told by the same decision message. Nobody decides their own claim. An approved expense is
  paid in exactly one payment run, in its own rows and columns.
"""

from __future__ import annotations

import hashlib
from collections.abc import Awaitable, Callable
from dataclasses import dataclass

from bot.clock import Clock
from bot.errors import BadInput, Conflict, NotAllowed, NotFound
from bot.permissions import Level
from bot.services.bounds import known_id
from bot.services.clean_text import clean_text
from bot.services.hours import ledger
from bot.services.hours import money as pay
from bot.text import expenses as text
from bot.text import hours as hours_text
from storage import audit, guild_settings, members
from storage import expenses as repo
from storage.database import Conn, Database
from storage.expenses import KINDS, Expense, Receipt

MAX_RECEIPT_BYTES = 8 * 1024 * 1024
MAX_NOTE = 500
MAX_FILENAME = 100
# Receipt types: file name endings and the types Discord reports for them.
RECEIPT_TYPES = {
    "png": "image/png",
    "jpg": "image/jpeg",
    "jpeg": "image/jpeg",
    "gif": "image/gif",
    "webp": "image/webp",
    "heic": "image/heic",
    "heif": "image/heif",
    "pdf": "application/pdf",
}


@dataclass(frozen=True, slots=True)
class ReceiptUpload:
    """A receipt as the member attached it: what Discord says about it, and a way to fetch
    its bytes (called only once everything else in the claim is fine)."""

    filename: str
    content_type: str | None
    size: int
    read: Callable[[], Awaitable[bytes]]


def read_amount(typed: str) -> int:
    """Pounds typed by a member -> whole pence, or a plain refusal (money.parse_pounds rules;
    zero is refused too)."""
    try:
        pence = pay.parse_pounds(typed)
    except pay.PayInputError as exc:
        if exc.reason == "negative":
            raise BadInput(text.AMOUNT_NEGATIVE) from None
        if exc.reason == "decimals":
            raise BadInput(text.AMOUNT_DECIMALS) from None
        if exc.reason == "too_big":
            raise BadInput(text.AMOUNT_TOO_BIG) from None
        raise BadInput(text.AMOUNT_UNREADABLE.format(text=typed.strip()[:20])) from None
    if pence <= 0:
        raise BadInput(text.AMOUNT_ZERO)
    return pence


def _extension(filename: str) -> str:
    return filename.rsplit(".", 1)[-1].lower() if "." in filename else ""


def check_receipt(upload: ReceiptUpload) -> str:
    """The receipt's type from its name and declared type, or a plain refusal."""
    wanted = RECEIPT_TYPES.get(_extension(upload.filename))
    declared = (upload.content_type or "").split(";", 1)[0].strip().lower()
    if wanted is None or (declared and declared not in RECEIPT_TYPES.values()):
        raise BadInput(text.RECEIPT_TYPE)
    if upload.size > MAX_RECEIPT_BYTES:
        raise BadInput(text.RECEIPT_TOO_BIG)
    return wanted


def sniffed_type(content: bytes) -> str | None:
    """The receipt type a file's first bytes show, or None when it is none of them."""
    if content.startswith(b"%PDF-"):
        return "application/pdf"
    if content.startswith(b"\x89PNG\r\n\x1a\n"):
        return "image/png"
    if content.startswith(b"\xff\xd8\xff"):
        return "image/jpeg"
    if content.startswith((b"GIF87a", b"GIF89a")):
        return "image/gif"
    if content[:4] == b"RIFF" and content[8:12] == b"WEBP":
        return "image/webp"
    if content[4:8] == b"ftyp" and content[8:12] in (b"heic", b"heix", b"mif1", b"msf1", b"heif"):
        return "image/heic"
    return None


def receipt_filename(filename: str) -> str:
    """A receipt's name kept short and safe for a ZIP file: letters, digits, dot, dash."""
    stem, dot, ext = filename.rpartition(".")
    if not dot:
        stem, ext = filename, ""
    safe = "".join(ch if ch.isascii() and (ch.isalnum() or ch in "-_") else "-" for ch in stem)
    safe = "-".join(part for part in safe.split("-") if part)[: MAX_FILENAME - 6] or "receipt"
    return f"{safe}.{ext.lower()[:5]}" if ext else safe


async def claim(
    db: Database,
    clock: Clock,
    *,
    guild_id: int,
    member_id: int,
    kind: str,
    amount: str,
    day: str | None = None,
    note: str | None = None,
    receipt: ReceiptUpload | None = None,
    display_name: str | None = None,
) -> Expense:
    """A member claims back a cost; it waits for a coordinator. Nothing is stored when any
    part of it is refused."""
    if kind not in KINDS:
        raise BadInput(text.KIND_UNKNOWN)
    pence = read_amount(amount)
    cleaned_note = clean_text(note, what=hours_text.FIELD_NOTE, limit=MAX_NOTE)
    declared = check_receipt(receipt) if receipt is not None else None
    now = clock.now()
    async with db.read() as conn:
        settings = await guild_settings.get(conn, guild_id)
    _check_cap(pence, settings.expense_cap_pence)
    today = ledger.today_in(settings.timezone, now)
    spent_on = (
        ledger.read_date(day, tz=settings.timezone, now=now) if day and day.strip() else today
    )
    if spent_on > today:
        raise BadInput(text.FUTURE)
    content = b""
    if receipt is not None:
        try:
            content = await receipt.read()
        except OSError:
            raise BadInput(text.RECEIPT_UNREAD) from None
        if not content:
            raise BadInput(text.RECEIPT_EMPTY)
        if len(content) > MAX_RECEIPT_BYTES:
            raise BadInput(text.RECEIPT_TOO_BIG)
        found = sniffed_type(content)
        if found is None or (found != declared and {found, declared} != _HEIF):
            raise BadInput(text.RECEIPT_TYPE)
    async with db.transaction() as conn:
        settings = await guild_settings.get(conn, guild_id)
        _check_cap(pence, settings.expense_cap_pence)  # the cap may have changed meanwhile
        receipt_id = None
        if receipt is not None and declared is not None:
            receipt_id = await repo.insert_receipt(
                conn,
                guild_id=guild_id,
                member_id=member_id,
                filename=receipt_filename(receipt.filename),
                content_type=declared,
                sha256=hashlib.sha256(content).hexdigest(),
                content=content,
                now=now,
            )
        expense = await repo.insert(
            conn,
            guild_id=guild_id,
            member_id=member_id,
            kind=kind,
            amount_pence=pence,
            spent_on=spent_on,
            note=cleaned_note,
            receipt_id=receipt_id,
            now=now,
        )
        if display_name:
            await members.note_name(conn, guild_id, member_id, display_name[:100], now)
        await audit.record(
            conn,
            guild_id=guild_id,
            actor_id=member_id,
            action="expenses.claim",
            now=now,
            target=f"expense:{expense.id}",
            detail={
                "kind": kind,
                "amount_pence": pence,
                "spent_on": spent_on.isoformat(),
                "receipt_sha256": hashlib.sha256(content).hexdigest() if receipt_id else None,
            },
        )
        return expense


_HEIF = {"image/heic", "image/heif"}


def _check_cap(pence: int, cap: int | None) -> None:
    if cap is not None and pence > cap:
        raise BadInput(text.OVER_CAP.format(cap=pay.pounds(cap)))


# --- decisions ----------------------------------------------------------------------------


async def _pending(conn: Conn, guild_id: int, expense_id: int, actor_id: int) -> Expense:
    expense = await repo.get(conn, guild_id, expense_id)
    if expense is None:
        raise NotFound(text.EXPENSE_NOT_FOUND.format(expense=expense_id))
    if expense.status != "pending":
        raise Conflict(text.ALREADY_DECIDED.format(expense=expense_id))
    if expense.member_id == actor_id:
        raise Conflict(text.OWN_CLAIM)
    return expense


async def decide(
    db: Database,
    clock: Clock,
    *,
    guild_id: int,
    expense_id: int,
    actor_id: int,
    approve: bool,
    reason: str | None = None,
) -> Expense:
    """Approve or reject one pending expense (a rejection needs a reason, shown to the
    member); audited, and the member is told by the hours decision message."""
    known_id(expense_id, text.EXPENSE_NOT_FOUND.format(expense=expense_id))
    cleaned = None
    if not approve:
        cleaned = clean_text(reason, what=hours_text.FIELD_REASON, limit=ledger.MAX_REASON)
        if not cleaned:
            raise BadInput(hours_text.REASON_NEEDED)
    now = clock.now()
    status = "approved" if approve else "rejected"
    async with db.transaction() as conn:
        expense = await _pending(conn, guild_id, expense_id, actor_id)
        if not await repo.decide(
            conn,
            guild_id=guild_id,
            expense_id=expense_id,
            status=status,
            decided_by=actor_id,
            now=now,
            reason=cleaned,
        ):
            raise Conflict(text.ALREADY_DECIDED.format(expense=expense_id))
        await audit.record(
            conn,
            guild_id=guild_id,
            actor_id=actor_id,
            action=f"expenses.{'approve' if approve else 'reject'}",
            now=now,
            target=f"expense:{expense_id}",
            detail={
                "member_id": expense.member_id,
                "amount_pence": expense.amount_pence,
                "reason": cleaned,
            },
        )
        decided = await repo.get(conn, guild_id, expense_id)
        assert decided is not None
        await ledger.tell_decided(conn, [], actor_id=actor_id, now=now, expenses=[decided])
        return decided


# --- what members and staff see -----------------------------------------------------------


async def receipt(
    db: Database, *, guild_id: int, expense_id: int, viewer_id: int, is_staff: bool
) -> tuple[Expense, Receipt]:
    """An expense's receipt, for the member who claimed it, coordinators and admins only."""
    known_id(expense_id, text.EXPENSE_NOT_FOUND.format(expense=expense_id))
    async with db.read() as conn:
        expense = await repo.get(conn, guild_id, expense_id)
        if expense is None:
            raise NotFound(text.EXPENSE_NOT_FOUND.format(expense=expense_id))
        if expense.member_id != viewer_id and not is_staff:
            raise NotAllowed(Level.COORDINATOR, text.RECEIPT_NOT_YOURS)
        if expense.receipt_id is None:
            raise NotFound(text.NO_RECEIPT.format(expense=expense_id))
        found = await repo.get_receipt(conn, guild_id, expense.receipt_id)
    if found is None:
        raise NotFound(text.NO_RECEIPT.format(expense=expense_id))
    return expense, found


def zip_name(expense: Expense) -> str:
    """The name a receipt has in a payment run's receipts file and its detail rows, so
    finance can match one to the other: 'expense-12-taxi.pdf'."""
    return f"expense-{expense.id}-{expense.receipt_name}" if expense.receipt_name else ""


def _read_cap(typed: str) -> int:
    """The cap an admin typed -> whole pence, or a refusal in an admin's words (the member's
    refusals from read_amount speak of claiming, not of setting a limit)."""
    try:
        pence = pay.parse_pounds(typed)
    except pay.PayInputError as exc:
        if exc.reason == "too_big":
            raise BadInput(text.CAP_TOO_BIG) from None
        raise BadInput(text.CAP_UNREADABLE.format(text=typed.strip()[:20])) from None
    if pence <= 0:
        raise BadInput(text.CAP_ZERO)
    return pence


async def set_cap(
    db: Database, clock: Clock, *, guild_id: int, actor_id: int, cap: str
) -> int | None:
    """Set (or, with 'none', clear) the most one expense claim may be; audited."""
    typed = cap.strip().lower()
    pence = None if typed in ("none", "no", "off", "no limit") else _read_cap(cap)
    now = clock.now()
    async with db.transaction() as conn:
        await guild_settings.update(conn, guild_id, now, expense_cap_pence=pence)
        await audit.record(
            conn,
            guild_id=guild_id,
            actor_id=actor_id,
            action="setup.expenses",
            now=now,
            detail={"cap_pence": pence},
        )
    return pence
