-- Anonymous contributions. There is no user column of any kind: the author is known only
-- through two keyed hashes made with a secret kept outside the database
-- (bot/services/anonymity.py), so a copy of this file cannot be linked to anyone.
--
-- * pseudonym_key: HMAC(secret, pseudonym:guild:session:user), the same for all of one
--   member's posts in one session (or on one prompt outside a session), so the post can say
--   "Contributor C" (letter 2) without saying who;
-- * author_key: HMAC(secret, author:guild:user), so an author can take back their own posts
--   and /mydata can find them. NULL once erased.
--
-- The rows are also the outbox of the posts: `synced` is 0 while Discord does not yet show
-- what `status` says (a new post to send, a hidden one to edit, a taken-back one to delete);
-- the bot sends after commit and again after a restart until it is 1.
CREATE TABLE contributions (
    id              INTEGER PRIMARY KEY,
    guild_id        INTEGER NOT NULL,
    number          INTEGER NOT NULL CHECK (number > 0),          -- the panel-wide #N
    session_id      INTEGER REFERENCES sessions (id),
    prompt_id       INTEGER,                                      -- the prompt it answers
    pseudonym_key   TEXT    NOT NULL CHECK (length(pseudonym_key) = 64),
    letter          INTEGER NOT NULL CHECK (letter >= 0),         -- 0 is A, 25 Z, 26 AA
    author_key      TEXT    CHECK (author_key IS NULL OR length(author_key) = 64),
    body            TEXT    CHECK (body IS NULL OR length(body) BETWEEN 1 AND 1500),
    status          TEXT    NOT NULL DEFAULT 'shown'
                    CHECK (status IN ('shown', 'hidden', 'taken_back')),
    hidden_reason   TEXT,
    channel_id      INTEGER NOT NULL,                             -- where it is posted
    reply_to_id     INTEGER,                                      -- the prompt's message
    message_id      INTEGER,                                      -- the bot's own post
    synced          INTEGER NOT NULL DEFAULT 0 CHECK (synced IN (0, 1)),
    created_at      TEXT    NOT NULL,
    UNIQUE (guild_id, number),
    CHECK (session_id IS NOT NULL OR prompt_id IS NOT NULL),
    CHECK ((status = 'taken_back') = (body IS NULL)),
    CHECK (status != 'hidden' OR hidden_reason IS NOT NULL)
) STRICT;
CREATE INDEX contributions_session_pseudonym
    ON contributions (session_id, pseudonym_key, created_at);
CREATE INDEX contributions_session_letter ON contributions (session_id, letter);
CREATE INDEX contributions_prompt_pseudonym
    ON contributions (prompt_id, pseudonym_key, created_at) WHERE session_id IS NULL;
CREATE INDEX contributions_author ON contributions (guild_id, author_key);
CREATE INDEX contributions_unsynced ON contributions (id) WHERE synced = 0;

-- Two people never share a pseudonym letter in one session (or on one prompt).
CREATE TRIGGER contributions_one_letter_each
BEFORE INSERT ON contributions
WHEN EXISTS (
    SELECT 1 FROM contributions c
    WHERE c.session_id IS NEW.session_id
      AND (NEW.session_id IS NOT NULL OR c.prompt_id IS NEW.prompt_id)
      AND (c.letter = NEW.letter) != (c.pseudonym_key = NEW.pseudonym_key)
)
BEGIN
    SELECT RAISE(ABORT, 'a pseudonym letter belongs to one person per session');
END;
