-- One outbox for every message the bot owes someone (DMs, channel posts, edits), for every
-- feature. A row is written in the same transaction as the change that causes it and
-- delivered after commit by the one notifier (bot/notifier.py).
--
-- Key: (kind, subject_id, target_id, dedupe). kind names the feature's message
-- ('session.reminder'); subject_id what it is about (a session, a reminder, a poll);
-- target_id the member (audience 'member'), the channel (audience 'channel', 'edit',
-- 'delete') or 0 (audience 'panel': one row for the whole panel, expanded into one 'member'
-- row per member-role holder at delivery time); dedupe tells repeats apart ('60' for the
-- one-hour reminder). The same notice is never stored twice.
--
-- status: pending -> sending (claimed, attempts + 1) -> sent | skipped | failed.
-- A 'sending' row found at start-up was cut off by a crash; it is sent again with the same
-- Discord nonce, which Discord uses to refuse the copy if the first one went out.
CREATE TABLE notices (
    id           INTEGER PRIMARY KEY,
    guild_id     INTEGER,
    kind         TEXT    NOT NULL,
    subject_id   INTEGER NOT NULL DEFAULT 0,
    audience     TEXT    NOT NULL
                 CHECK (audience IN ('member', 'channel', 'panel', 'edit', 'delete')),
    target_id    INTEGER NOT NULL DEFAULT 0,
    dedupe       TEXT    NOT NULL DEFAULT '',
    channel_id   INTEGER,                   -- where to post; for a DM, the closed-DM fallback
    message_id   INTEGER,                   -- the message posted (or the one to edit/delete)
    owner_id     INTEGER,                   -- told once when it cannot be delivered
    payload      TEXT    NOT NULL DEFAULT '{}',  -- JSON, what the kind's renderer needs
    status       TEXT    NOT NULL DEFAULT 'pending'
                 CHECK (status IN ('pending', 'sending', 'sent', 'skipped', 'failed')),
    via          TEXT    CHECK (via IS NULL OR via IN ('dm', 'channel', 'expanded', 'none')),
    attempts     INTEGER NOT NULL DEFAULT 0,
    next_try_at  TEXT,                      -- NULL: at once
    last_error   TEXT,
    created_at   TEXT    NOT NULL,
    claimed_at   TEXT,
    sent_at      TEXT,
    UNIQUE (kind, subject_id, target_id, dedupe)
) STRICT;
CREATE INDEX notices_open ON notices (status, next_try_at) WHERE status IN ('pending', 'sending');

-- Session notices move here. Their whole-panel rows (member 0) of reminders and
-- cancellations become 'panel' rows; the auto-end note with no starter goes to the channel.
INSERT INTO notices (guild_id, kind, subject_id, audience, target_id, dedupe, channel_id,
                     owner_id, payload, status, via, created_at, sent_at, attempts)
SELECT s.guild_id,
       'session.' || n.kind,
       n.session_id,
       CASE WHEN n.member_id <> 0 THEN 'member'
            WHEN n.kind IN ('reminder', 'cancelled') THEN 'panel'
            ELSE 'channel' END,
       CASE WHEN n.member_id <> 0 OR n.kind IN ('reminder', 'cancelled') THEN n.member_id
            ELSE s.channel_id END,
       CASE WHEN n.kind = 'reminder' THEN CAST(n.offset_minutes AS TEXT) ELSE '' END,
       s.channel_id,
       s.created_by,
       CASE WHEN n.kind = 'reminder' THEN json_set(n.detail, '$.offset', n.offset_minutes)
            ELSE n.detail END,
       n.status,
       n.via,
       n.created_at,
       n.sent_at,
       CASE WHEN n.status = 'pending' THEN 0 ELSE 1 END
FROM session_notices AS n JOIN sessions AS s ON s.id = n.session_id
ORDER BY n.id;

DROP TABLE session_notices;
