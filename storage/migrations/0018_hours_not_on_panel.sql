-- Time a coordinator added for someone who did not hold the member role at the time (they
-- confirmed it first): the payment run flags these entries so finance checks them.
ALTER TABLE hours_entries ADD COLUMN not_on_panel INTEGER NOT NULL DEFAULT 0
    CHECK (not_on_panel IN (0, 1));

-- The mark is as fixed as the rest of a decided entry.
DROP TRIGGER hours_decided_locked;
CREATE TRIGGER hours_decided_locked
BEFORE UPDATE OF guild_id, member_id, activity, minutes, work_date, session_id, source, status,
    note, created_by, created_at, decided_by, decided_at, decision_reason,
    rate_pence_per_hour, paid_minutes, amount_pence, corrects_entry_id, not_on_panel
    ON hours_entries
WHEN OLD.status <> 'pending'
BEGIN
    SELECT RAISE(ABORT, 'A decided hours entry is never changed; add a correction instead.');
END;
