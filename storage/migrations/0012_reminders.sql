-- Reminders members and coordinators set (/remind). The row is the truth: it is written
-- with its timer in one transaction, and marked sent (or skipped) in the transaction that
-- claims the timer and queues the message in the notices outbox, so a crash neither loses
-- nor repeats one.
CREATE TABLE reminders (
    id          INTEGER PRIMARY KEY,
    guild_id    INTEGER NOT NULL,
    kind        TEXT    NOT NULL CHECK (kind IN ('personal', 'panel')),
    owner_id    INTEGER NOT NULL,          -- who set it (personal: the only one who gets it)
    channel_id  INTEGER,                   -- where closed-DM fallbacks go
    text        TEXT    NOT NULL,
    due_at      TEXT    NOT NULL,
    timezone    TEXT    NOT NULL,          -- the zone `when` was read in
    status      TEXT    NOT NULL DEFAULT 'pending'
                CHECK (status IN ('pending', 'sent', 'skipped', 'cancelled')),
    timer_id    INTEGER,
    created_at  TEXT    NOT NULL,
    done_at     TEXT
) STRICT;
CREATE INDEX reminders_owner ON reminders (guild_id, owner_id, status);
CREATE INDEX reminders_open ON reminders (guild_id, status, due_at);

-- A member's own reminder settings in one panel: their time zone (NULL: the panel's) and
-- whether they get session reminders by DM.
CREATE TABLE reminder_settings (
    guild_id           INTEGER NOT NULL,
    member_id          INTEGER NOT NULL,
    timezone           TEXT,
    session_reminders  INTEGER NOT NULL DEFAULT 1 CHECK (session_reminders IN (0, 1)),
    updated_at         TEXT    NOT NULL,
    PRIMARY KEY (guild_id, member_id)
) STRICT;
