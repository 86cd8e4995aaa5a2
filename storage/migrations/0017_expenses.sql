-- Expenses: costs a member paid to take part (fares, care, data, printing), paid back at
-- cost, apart from fees. A coordinator approves or rejects each claim in /hours review; an
-- approved expense goes in one payment run, like an hours entry, in its own rows and columns.

-- A receipt's file, kept in the database with its SHA-256 hash so finance can check it.
CREATE TABLE expense_receipts (
    id            INTEGER PRIMARY KEY,
    guild_id      INTEGER NOT NULL,
    member_id     INTEGER NOT NULL,
    filename      TEXT    NOT NULL,
    content_type  TEXT    NOT NULL,
    size          INTEGER NOT NULL CHECK (size BETWEEN 1 AND 8388608),
    sha256        TEXT    NOT NULL CHECK (length(sha256) = 64),
    content       BLOB    NOT NULL,
    created_at    TEXT    NOT NULL,
    CHECK (length(content) = size)
) STRICT;

CREATE TABLE expenses (
    id               INTEGER PRIMARY KEY,
    guild_id         INTEGER NOT NULL,
    member_id        INTEGER NOT NULL,
    kind             TEXT    NOT NULL CHECK (kind IN ('travel', 'care', 'data', 'printing', 'other')),
    amount_pence     INTEGER NOT NULL CHECK (amount_pence BETWEEN 1 AND 100000),
    spent_on         TEXT    NOT NULL,           -- ISO date in the panel's time zone
    note             TEXT,
    receipt_id       INTEGER REFERENCES expense_receipts (id),
    status           TEXT    NOT NULL DEFAULT 'pending'
                     CHECK (status IN ('pending', 'approved', 'rejected')),
    created_at       TEXT    NOT NULL,
    decided_by       INTEGER,
    decided_at       TEXT,
    decision_reason  TEXT,
    payment_run_id   INTEGER REFERENCES payment_runs (id),
    CHECK (status <> 'pending' OR decided_at IS NULL),
    CHECK (payment_run_id IS NULL OR status = 'approved')
) STRICT;
CREATE INDEX expenses_export ON expenses (guild_id, status, payment_run_id, spent_on);
CREATE INDEX expenses_member ON expenses (guild_id, member_id, spent_on);
CREATE INDEX expenses_pending ON expenses (guild_id, created_at) WHERE status = 'pending';

-- What was claimed never changes: a decision only sets the status and who decided.
CREATE TRIGGER expenses_claim_locked
BEFORE UPDATE OF guild_id, member_id, kind, amount_pence, spent_on, receipt_id ON expenses
BEGIN
    SELECT RAISE(ABORT, 'An expense claim is never changed.');
END;

-- An expense in a run never moves to another run; it may only leave a reopened run.
CREATE TRIGGER expenses_run_locked
BEFORE UPDATE OF payment_run_id ON expenses
WHEN OLD.payment_run_id IS NOT NULL AND (
    NEW.payment_run_id IS NOT NULL
    OR (SELECT reopened_at FROM payment_runs WHERE id = OLD.payment_run_id) IS NULL
)
BEGIN
    SELECT RAISE(ABORT, 'An expense in a payment run never moves to another run.');
END;

-- Which expenses a reopened run held, so the record stays complete after they are released.
CREATE TABLE payment_run_released_expenses (
    run_id      INTEGER NOT NULL REFERENCES payment_runs (id),
    expense_id  INTEGER NOT NULL REFERENCES expenses (id),
    PRIMARY KEY (run_id, expense_id)
) STRICT;

-- A run's expenses, apart from its fees (total_pence stays the fees).
ALTER TABLE payment_runs ADD COLUMN expense_count INTEGER NOT NULL DEFAULT 0;
ALTER TABLE payment_runs ADD COLUMN expenses_pence INTEGER NOT NULL DEFAULT 0;

-- The most one expense claim may be, in pence (NULL: no cap beyond £1,000).
ALTER TABLE guild_settings ADD COLUMN expense_cap_pence INTEGER;
