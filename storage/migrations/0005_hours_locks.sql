-- Decided entries are never edited in place (corrections are new entries), and an entry
-- in a payment run never moves to another run: the database refuses, whatever the code does.
CREATE TRIGGER hours_decided_locked
BEFORE UPDATE OF guild_id, member_id, activity, minutes, work_date, session_id, source, status,
    note, created_by, created_at, decided_by, decided_at, decision_reason,
    rate_pence_per_hour, paid_minutes, amount_pence, corrects_entry_id ON hours_entries
WHEN OLD.status <> 'pending'
BEGIN
    SELECT RAISE(ABORT, 'A decided hours entry is never changed; add a correction instead.');
END;
CREATE TRIGGER hours_run_locked
BEFORE UPDATE OF payment_run_id ON hours_entries
WHEN OLD.payment_run_id IS NOT NULL
BEGIN
    SELECT RAISE(ABORT, 'An hours entry in a payment run never moves to another run.');
END;
