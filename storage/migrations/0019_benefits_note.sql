-- The panel's own words for members on benefits, shown beside their weekly and monthly
-- totals in /hours me (NULL: none set).
ALTER TABLE guild_settings ADD COLUMN benefits_note TEXT;
