-- Payment runs: members held back (no payment preference yet), runs reopened by mistake,
-- and the channel where members with closed direct messages are told to say how to be paid.

-- A run made by mistake can be reopened: it stays on record (and its files downloadable),
-- marked with when, by whom and why; its entries go back to approved and unpaid.
ALTER TABLE payment_runs ADD COLUMN people_count INTEGER;          -- people paid, as made
ALTER TABLE payment_runs ADD COLUMN reopened_at TEXT;
ALTER TABLE payment_runs ADD COLUMN reopened_by INTEGER;
ALTER TABLE payment_runs ADD COLUMN reopen_reason TEXT;

-- Which entries a reopened run held, so the record stays complete after they are released.
CREATE TABLE payment_run_released (
    run_id    INTEGER NOT NULL REFERENCES payment_runs (id),
    entry_id  INTEGER NOT NULL REFERENCES hours_entries (id),
    PRIMARY KEY (run_id, entry_id)
) STRICT;

-- An entry in a run still never moves to another run; it may only leave a reopened run.
DROP TRIGGER hours_run_locked;
CREATE TRIGGER hours_run_locked
BEFORE UPDATE OF payment_run_id ON hours_entries
WHEN OLD.payment_run_id IS NOT NULL AND (
    NEW.payment_run_id IS NOT NULL
    OR (SELECT reopened_at FROM payment_runs WHERE id = OLD.payment_run_id) IS NULL
)
BEGIN
    SELECT RAISE(ABORT, 'An hours entry in a payment run never moves to another run.');
END;

ALTER TABLE guild_settings ADD COLUMN payments_channel_id INTEGER;
