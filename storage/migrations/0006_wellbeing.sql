-- Wellbeing: anonymous break requests, support requests, and the settings they use.

ALTER TABLE guild_settings ADD COLUMN staff_channel_id INTEGER;
ALTER TABLE guild_settings ADD COLUMN retention_years INTEGER NOT NULL DEFAULT 2
    CHECK (retention_years BETWEEN 1 AND 10);

-- "A member asked for a short break": no member, no pseudonym, only when and which session.
CREATE TABLE break_signals (
    id          INTEGER PRIMARY KEY,
    guild_id    INTEGER NOT NULL,
    session_id  INTEGER REFERENCES sessions (id) ON DELETE SET NULL,
    created_at  TEXT    NOT NULL
) STRICT;
CREATE INDEX break_signals_session ON break_signals (session_id);
CREATE INDEX break_signals_time ON break_signals (guild_id, created_at);

-- The 10-minute limit per member, keyed by an HMAC of guild and member (never the id).
-- Not linked to break_signals: it holds only the last time a notice was sent.
CREATE TABLE break_limits (
    limit_key   TEXT PRIMARY KEY,
    last_at     TEXT NOT NULL
) STRICT;

-- Support requests are named on purpose (the member agreed to share their name).
CREATE TABLE support_requests (
    id          INTEGER PRIMARY KEY,
    guild_id    INTEGER NOT NULL,
    member_id   INTEGER NOT NULL,
    message     TEXT,
    created_at  TEXT    NOT NULL
) STRICT;
CREATE INDEX support_requests_member ON support_requests (guild_id, member_id);
