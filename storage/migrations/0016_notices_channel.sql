-- Closed direct messages everywhere: where a panel's closed-DM mentions go, and who is known
-- to have direct messages closed (so coordinators can be told how many).

-- The channel for mentions of members whose DMs are closed (NULL: the channel of the thing
-- the message is about, e.g. the session's channel).
ALTER TABLE guild_settings ADD COLUMN notices_channel_id INTEGER;

-- Members whose last direct message was refused (403). A DM that goes through removes them.
CREATE TABLE closed_dms (
    guild_id   INTEGER NOT NULL,
    member_id  INTEGER NOT NULL,
    seen_at    TEXT    NOT NULL,
    PRIMARY KEY (guild_id, member_id)
) STRICT;
