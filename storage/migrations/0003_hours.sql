-- Hours and pay: the ledger, versioned rates, members' payment preferences, payment runs.

CREATE TABLE payment_runs (
    id           INTEGER PRIMARY KEY,
    guild_id     INTEGER NOT NULL,
    period_from  TEXT    NOT NULL,               -- ISO date, inclusive
    period_to    TEXT    NOT NULL,               -- ISO date, inclusive
    budget_code  TEXT,                           -- as set when the run was made
    entry_count  INTEGER NOT NULL DEFAULT 0,
    total_pence  INTEGER NOT NULL DEFAULT 0,
    created_by   INTEGER,                        -- NULL when made from the command line
    created_at   TEXT    NOT NULL,
    CHECK (period_from <= period_to)
) STRICT;
CREATE INDEX payment_runs_guild ON payment_runs (guild_id, id);

-- The files a run produced, kept so a run downloads again byte for byte.
CREATE TABLE payment_run_files (
    run_id   INTEGER NOT NULL REFERENCES payment_runs (id),
    name     TEXT    NOT NULL,                   -- e.g. 'summary.csv', 'detail.csv', 'run.xlsx'
    content  BLOB    NOT NULL,
    PRIMARY KEY (run_id, name)
) STRICT;

CREATE TABLE hours_entries (
    id                   INTEGER PRIMARY KEY,
    guild_id             INTEGER NOT NULL,
    member_id            INTEGER NOT NULL,
    activity             TEXT    NOT NULL CHECK (activity IN
                             ('meeting', 'preparation', 'review', 'training', 'travel', 'other')),
    minutes              INTEGER NOT NULL CHECK (minutes BETWEEN -1440 AND 1440),
    work_date            TEXT    NOT NULL,       -- ISO date in the panel's time zone
    session_id           INTEGER REFERENCES sessions (id),
    source               TEXT    NOT NULL CHECK (source IN ('attendance', 'claim', 'adjustment')),
    status               TEXT    NOT NULL DEFAULT 'pending'
                         CHECK (status IN ('pending', 'approved', 'rejected')),
    note                 TEXT,
    created_by           INTEGER NOT NULL,
    created_at           TEXT    NOT NULL,
    decided_by           INTEGER,
    decided_at           TEXT,
    decision_reason      TEXT,
    rate_pence_per_hour  INTEGER CHECK (rate_pence_per_hour IS NULL OR rate_pence_per_hour >= 0),
    paid_minutes         INTEGER,                -- minutes paid after the daily cap, at approval
    amount_pence         INTEGER,                -- frozen at approval
    corrects_entry_id    INTEGER REFERENCES hours_entries (id),
    payment_run_id       INTEGER REFERENCES payment_runs (id),
    CHECK (minutes > 0 OR source = 'adjustment'),
    CHECK (minutes <> 0),
    CHECK (status <> 'approved' OR (rate_pence_per_hour IS NOT NULL AND paid_minutes IS NOT NULL
                                    AND amount_pence IS NOT NULL AND decided_at IS NOT NULL)),
    CHECK (status <> 'pending' OR (decided_at IS NULL AND amount_pence IS NULL)),
    CHECK (payment_run_id IS NULL OR status = 'approved')
) STRICT;
-- The export: approved, unpaid entries of a panel in a period, and the entries of a run.
CREATE INDEX hours_export ON hours_entries (guild_id, status, payment_run_id, work_date);
CREATE INDEX hours_member ON hours_entries (guild_id, member_id, work_date);
CREATE INDEX hours_session ON hours_entries (session_id) WHERE session_id IS NOT NULL;
CREATE INDEX hours_pending ON hours_entries (guild_id, status, created_at) WHERE status = 'pending';
-- Ending a session twice never writes a member's time twice.
CREATE UNIQUE INDEX hours_one_attendance ON hours_entries (session_id, member_id, activity)
    WHERE source = 'attendance';

CREATE TABLE rates (
    id              INTEGER PRIMARY KEY,
    guild_id        INTEGER NOT NULL,
    activity        TEXT    NOT NULL CHECK (activity IN
                        ('meeting', 'preparation', 'review', 'training', 'travel', 'other')),
    pence_per_hour  INTEGER NOT NULL CHECK (pence_per_hour BETWEEN 0 AND 100000),
    effective_from  TEXT    NOT NULL,            -- ISO date
    created_by      INTEGER,
    created_at      TEXT    NOT NULL
) STRICT;
-- The rate in force: the latest effective_from on or before the work date; the newest row wins.
CREATE INDEX rates_lookup ON rates (guild_id, activity, effective_from, id);

CREATE TABLE members (
    guild_id                 INTEGER NOT NULL,
    member_id                INTEGER NOT NULL,
    display_name             TEXT,               -- last name seen, for exports made offline
    payment_method           TEXT CHECK (payment_method IS NULL
                                 OR payment_method IN ('bank', 'voucher', 'decline')),
    payee_name               TEXT,
    receives_benefits        INTEGER NOT NULL DEFAULT 0 CHECK (receives_benefits IN (0, 1)),
    public_sector            INTEGER NOT NULL DEFAULT 0 CHECK (public_sector IN (0, 1)),
    payment_updated_at       TEXT,
    consent_at               TEXT,
    ground_rules_accepted_at TEXT,
    created_at               TEXT    NOT NULL,
    PRIMARY KEY (guild_id, member_id)
) STRICT;
