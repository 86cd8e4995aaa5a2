-- Foundation: panel settings, the audit log, generic timers and bot metadata.

CREATE TABLE guild_settings (
    guild_id              INTEGER PRIMARY KEY,
    timezone              TEXT    NOT NULL DEFAULT 'Europe/London',
    admin_role_id         INTEGER,
    coordinator_role_id   INTEGER,
    member_role_id        INTEGER,
    reminder_offsets      TEXT    NOT NULL DEFAULT '1440,60',  -- minutes before, descending
    attendance_rule       TEXT    NOT NULL DEFAULT 'planned'
                          CHECK (attendance_rule IN ('planned', 'measured')),
    readability_threshold INTEGER NOT NULL DEFAULT 60,
    daily_cap_minutes     INTEGER CHECK (daily_cap_minutes IS NULL OR daily_cap_minutes > 0),
    budget_code           TEXT,
    ground_rules          TEXT,
    support_text          TEXT,
    updated_at            TEXT    NOT NULL
) STRICT;

CREATE TABLE audit_log (
    id          INTEGER PRIMARY KEY,
    guild_id    INTEGER NOT NULL,
    actor_id    INTEGER,            -- NULL for the bot itself
    action      TEXT    NOT NULL,   -- e.g. 'setup.roles', 'permission.refused'
    target      TEXT,               -- what was acted on, e.g. 'session:12'
    detail      TEXT    NOT NULL DEFAULT '{}',  -- JSON
    created_at  TEXT    NOT NULL
) STRICT;
CREATE INDEX audit_log_guild_time ON audit_log (guild_id, created_at);

CREATE TABLE timers (
    id          INTEGER PRIMARY KEY,
    guild_id    INTEGER,
    kind        TEXT    NOT NULL,
    due_at      TEXT    NOT NULL,
    payload     TEXT    NOT NULL DEFAULT '{}',  -- JSON
    status      TEXT    NOT NULL DEFAULT 'pending'
                CHECK (status IN ('pending', 'done', 'cancelled')),
    created_at  TEXT    NOT NULL,
    fired_at    TEXT,
    late        INTEGER NOT NULL DEFAULT 0
) STRICT;
CREATE INDEX timers_pending ON timers (status, due_at);
CREATE INDEX timers_kind ON timers (kind, status);

CREATE TABLE bot_meta (
    key    TEXT PRIMARY KEY,
    value  TEXT NOT NULL
) STRICT;
