-- The hours review in pages: each open review message remembers its filters and page, and
-- each coordinator can put an item to the back of their own queue ("Skip for now").

-- One row per coordinator and set of filters (0 or '' = no filter), reused when the same
-- review is opened again; buttons on the review message carry its id.
CREATE TABLE review_views (
    id              INTEGER PRIMARY KEY,
    guild_id        INTEGER NOT NULL,
    coordinator_id  INTEGER NOT NULL,
    member_id       INTEGER NOT NULL DEFAULT 0,
    session_id      INTEGER NOT NULL DEFAULT 0,
    activity        TEXT    NOT NULL DEFAULT '',
    page_offset     INTEGER NOT NULL DEFAULT 0 CHECK (page_offset >= 0),
    created_at      TEXT    NOT NULL,
    UNIQUE (guild_id, coordinator_id, member_id, session_id, activity)
) STRICT;

-- "Skip for now": the item goes to the back of this coordinator's queue (kind: 'hours', and
-- later other kinds of reviewable items). Skipping again moves it to the back again.
CREATE TABLE review_skips (
    guild_id        INTEGER NOT NULL,
    coordinator_id  INTEGER NOT NULL,
    kind            TEXT    NOT NULL,
    item_id         INTEGER NOT NULL,
    skipped_at      TEXT    NOT NULL,
    PRIMARY KEY (guild_id, coordinator_id, kind, item_id)
) STRICT, WITHOUT ROWID;

-- Pending entries of one session or one member, for the review's filters.
CREATE INDEX hours_pending_member ON hours_entries (guild_id, member_id, created_at)
    WHERE status = 'pending';
