-- Plain-language prompts put to the panel, the panel's own glossary words, and the
-- anonymous "This is unclear" signals on prompts.

-- A panel's own words. A word that is also in the built-in glossary replaces its meaning
-- for this panel; removing the row brings the built-in meaning back.
CREATE TABLE glossary_terms (
    guild_id    INTEGER NOT NULL,
    term        TEXT    NOT NULL CHECK (length(term) BETWEEN 1 AND 60),  -- lower case
    meaning     TEXT    NOT NULL CHECK (length(meaning) BETWEEN 1 AND 400),
    created_by  INTEGER NOT NULL,
    created_at  TEXT    NOT NULL,
    PRIMARY KEY (guild_id, term)
) STRICT;

-- A prompt is stored as a draft first (it needs an id for its buttons), claimed for posting
-- ('posting') so a double press cannot post it twice, then 'posted' with its message id.
CREATE TABLE prompts (
    id              INTEGER PRIMARY KEY,
    guild_id        INTEGER NOT NULL,
    session_id      INTEGER REFERENCES sessions (id),
    channel_id      INTEGER NOT NULL,                -- where it is (to be) posted
    message_id      INTEGER,                         -- the posted message
    text            TEXT    NOT NULL CHECK (length(text) BETWEEN 1 AND 2000),
    reading_ease    REAL    NOT NULL,                -- of the text as it stands
    status          TEXT    NOT NULL DEFAULT 'draft'
                    CHECK (status IN ('draft', 'posting', 'posted')),
    posted_anyway   INTEGER NOT NULL DEFAULT 0 CHECK (posted_anyway IN (0, 1)),
    -- The coordinator's notice when the third member finds it unclear: stored in the same
    -- transaction as that signal, then sent; a restart sends what is still pending.
    unclear_notice  TEXT    CHECK (unclear_notice IS NULL
                                   OR unclear_notice IN ('pending', 'sent', 'failed')),
    created_by      INTEGER NOT NULL,
    created_at      TEXT    NOT NULL,
    posted_at       TEXT,
    CHECK (status != 'posted' OR message_id IS NOT NULL)
) STRICT;
CREATE INDEX prompts_guild_status ON prompts (guild_id, status);
CREATE INDEX prompts_session ON prompts (session_id) WHERE session_id IS NOT NULL;
CREATE INDEX prompts_unclear_pending ON prompts (id) WHERE unclear_notice = 'pending';

-- "This is unclear": one row per member and prompt, keyed by an HMAC of guild, prompt and
-- member (bot/services/anonymity.py), never a user id. No time and no row id are kept, so
-- neither the moment nor the order of a press can be matched to a person.
CREATE TABLE prompt_unclear (
    prompt_id  INTEGER NOT NULL REFERENCES prompts (id),
    voter_key  TEXT    NOT NULL CHECK (length(voter_key) = 64),
    PRIMARY KEY (prompt_id, voter_key)
) STRICT, WITHOUT ROWID;
