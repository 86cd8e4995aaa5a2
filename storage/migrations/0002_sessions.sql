-- Panel sessions, their register (presence intervals) and the notices sent about them.

CREATE TABLE sessions (
    id                INTEGER PRIMARY KEY,
    guild_id          INTEGER NOT NULL,
    title             TEXT    NOT NULL,
    channel_id        INTEGER NOT NULL,
    starts_at         TEXT    NOT NULL,          -- planned start, aware UTC
    length_minutes    INTEGER NOT NULL CHECK (length_minutes > 0),
    prep_minutes      INTEGER NOT NULL DEFAULT 0 CHECK (prep_minutes >= 0),
    agenda            TEXT,
    content_note      TEXT,
    status            TEXT    NOT NULL DEFAULT 'scheduled'
                      CHECK (status IN ('scheduled', 'live', 'ended', 'cancelled')),
    event_id          INTEGER,                   -- the Discord scheduled event, if made
    card_channel_id   INTEGER,
    card_message_id   INTEGER,
    start_message_id  INTEGER,
    started_at        TEXT,
    started_by        INTEGER,
    heartbeat_at      TEXT,                      -- last moment the bot was watching it live
    ended_at          TEXT,
    ended_by          INTEGER,                   -- NULL when the bot ended it itself
    cancel_reason     TEXT,
    created_by        INTEGER NOT NULL,
    created_at        TEXT    NOT NULL
) STRICT;
CREATE INDEX sessions_guild_status ON sessions (guild_id, status, starts_at);
-- Two sessions cannot be live in the same channel.
CREATE UNIQUE INDEX sessions_one_live_per_channel ON sessions (channel_id) WHERE status = 'live';

CREATE TABLE attendance (
    id          INTEGER PRIMARY KEY,
    session_id  INTEGER NOT NULL REFERENCES sessions (id),
    member_id   INTEGER NOT NULL,
    joined_at   TEXT    NOT NULL,
    left_at     TEXT,                            -- NULL while present
    source      TEXT    NOT NULL CHECK (source IN ('voice', 'button')),
    CHECK (left_at IS NULL OR left_at >= joined_at)
) STRICT;
CREATE INDEX attendance_session_member ON attendance (session_id, member_id);
-- At most one open interval per member and source in a session.
CREATE UNIQUE INDEX attendance_one_open ON attendance (session_id, member_id, source)
    WHERE left_at IS NULL;

-- An outbox of messages about sessions (reminders, cancellations, thanks, auto-end notes).
-- A row is stored first, in the same transaction as the change that causes it, then sent;
-- a restart sends what is still pending and never repeats what was marked sent.
-- member_id 0 is the whole-panel row of a batch; it is expanded into one row per member.
CREATE TABLE session_notices (
    id              INTEGER PRIMARY KEY,
    session_id      INTEGER NOT NULL REFERENCES sessions (id),
    kind            TEXT    NOT NULL
                    CHECK (kind IN ('reminder', 'cancelled', 'thanks', 'auto_ended')),
    offset_minutes  INTEGER NOT NULL DEFAULT 0,  -- which reminder (minutes before start)
    member_id       INTEGER NOT NULL DEFAULT 0,
    status          TEXT    NOT NULL DEFAULT 'pending'
                    CHECK (status IN ('pending', 'sent', 'skipped')),
    via             TEXT    CHECK (via IS NULL OR via IN ('dm', 'channel', 'expanded', 'none')),
    detail          TEXT    NOT NULL DEFAULT '{}',  -- JSON
    created_at      TEXT    NOT NULL,
    sent_at         TEXT,
    UNIQUE (session_id, kind, offset_minutes, member_id)
) STRICT;
CREATE INDEX session_notices_pending ON session_notices (status, session_id);
