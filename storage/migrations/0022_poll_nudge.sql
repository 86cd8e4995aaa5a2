-- How long before a poll closes members who have not voted are reminded, in minutes
-- (/setup polls nudge; 1 minute to 14 days). A poll shorter than twice this is reminded
-- half-way instead. A poll keeps the time it was made with.
ALTER TABLE guild_settings ADD COLUMN poll_nudge_minutes INTEGER NOT NULL DEFAULT 1440
    CHECK (poll_nudge_minutes BETWEEN 1 AND 20160);
