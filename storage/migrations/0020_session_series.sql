-- Repeating sessions: a series says when its sessions start; each session of it is an
-- ordinary row of `sessions` (its own number, register, hours and cancel) that points back.
-- The bot keeps the next few sessions of a series made ahead of time and adds the next one
-- as each passes (a stored timer), so a series may go on for ever without rows for ever.

CREATE TABLE session_series (
    id              INTEGER PRIMARY KEY,
    guild_id        INTEGER NOT NULL,
    title           TEXT    NOT NULL,
    channel_id      INTEGER NOT NULL,
    length_minutes  INTEGER NOT NULL CHECK (length_minutes > 0),
    prep_minutes    INTEGER NOT NULL DEFAULT 0 CHECK (prep_minutes >= 0),
    agenda          TEXT,
    content_note    TEXT,
    repeat          TEXT    NOT NULL
                    CHECK (repeat IN ('weekly', 'fortnightly', 'monthly_weekday', 'monthly_date')),
    first_day       TEXT    NOT NULL,          -- the first session's date on the panel's clock
    local_time      TEXT    NOT NULL,          -- HH:MM on the panel's clock, the same every time
    timezone        TEXT    NOT NULL,          -- the panel's zone when the series was planned
    until_day       TEXT,                      -- the last date a session may fall on (inclusive)
    max_count       INTEGER CHECK (max_count IS NULL OR max_count BETWEEN 1 AND 52),
    made            INTEGER NOT NULL DEFAULT 0 CHECK (made >= 0),  -- sessions made so far
    stopped_at      TEXT,                      -- set when a coordinator called off the rest
    stopped_by      INTEGER,
    created_by      INTEGER NOT NULL,
    created_at      TEXT    NOT NULL
) STRICT;
CREATE INDEX session_series_guild ON session_series (guild_id);

ALTER TABLE sessions ADD COLUMN series_id INTEGER REFERENCES session_series (id);
ALTER TABLE sessions ADD COLUMN series_index INTEGER;  -- 0 for the first session of a series
CREATE UNIQUE INDEX sessions_series_index ON sessions (series_id, series_index)
    WHERE series_id IS NOT NULL;
