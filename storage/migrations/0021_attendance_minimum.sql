-- The shortest time in a session, in minutes, that a panel counts as having attended without
-- a second look: people here for less are flagged in the end summary and on the review page,
-- and "Approve all of session N" leaves their entries for a one-by-one decision.
ALTER TABLE guild_settings ADD COLUMN attendance_minimum_minutes INTEGER NOT NULL DEFAULT 10
    CHECK (attendance_minimum_minutes BETWEEN 0 AND 240);
