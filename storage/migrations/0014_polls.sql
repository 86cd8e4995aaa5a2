-- Consensus polls: the poll, its options, votes, reasons, nudges and published outcomes.
--
-- Anonymous polls (anonymous = 1) never store who voted. A vote is stored under a voter key:
-- an HMAC of the guild, the poll and the member under a secret kept outside the database, so
-- one member's vote counts once and can be changed, and nobody can link it to the member from
-- the database. member_id stays NULL on anonymous polls; the triggers below refuse anything
-- else. Named polls (anonymous = 0) say so before anyone votes, and store the member id too.
-- Votes, reasons and nudges are WITHOUT ROWID tables: no row id records the order of votes.

CREATE TABLE polls (
    id                 INTEGER PRIMARY KEY,
    guild_id           INTEGER NOT NULL,
    channel_id         INTEGER NOT NULL,
    message_id         INTEGER,                 -- the public poll message, once posted
    question           TEXT    NOT NULL CHECK (length(question) BETWEEN 1 AND 300),
    kind               TEXT    NOT NULL CHECK (kind IN ('consensus', 'gradient', 'choice', 'time')),
    anonymous          INTEGER NOT NULL DEFAULT 1 CHECK (anonymous IN (0, 1)),
    hide_results       INTEGER NOT NULL DEFAULT 1 CHECK (hide_results IN (0, 1)),
    multiple           INTEGER NOT NULL DEFAULT 0 CHECK (multiple IN (0, 1)),
    threshold          INTEGER NOT NULL DEFAULT 75 CHECK (threshold BETWEEN 1 AND 100),
    quorum             INTEGER CHECK (quorum IS NULL OR quorum >= 1),
    session_id         INTEGER REFERENCES sessions (id),
    closes_at          TEXT,                    -- NULL: only a coordinator closes it
    status             TEXT    NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'closed')),
    created_by         INTEGER NOT NULL,
    created_at         TEXT    NOT NULL,
    closed_at          TEXT,
    closed_by          INTEGER,                 -- NULL when it closed at its deadline
    electorate         INTEGER,                 -- member-role holders when the result was made
    -- What the bot still owes Discord about this poll, stored with the change that causes it
    -- and marked once delivered, so a restart finishes what a crash interrupted.
    result_state       TEXT    NOT NULL DEFAULT 'none'
                       CHECK (result_state IN ('none', 'due', 'posted')),
    result_message_id  INTEGER,
    nudge_state        TEXT    NOT NULL DEFAULT 'none'
                       CHECK (nudge_state IN ('none', 'due', 'sent')),
    CHECK (status = 'open' OR closed_at IS NOT NULL),
    CHECK (status = 'closed' OR result_state = 'none')
) STRICT;
CREATE INDEX polls_guild_status ON polls (guild_id, status, id);
CREATE INDEX polls_owed ON polls (result_state, nudge_state)
    WHERE result_state = 'due' OR nudge_state = 'due';

-- Consensus and gradient polls store their fixed answers here too (label is the answer's code,
-- e.g. 'block'); choice polls store what was typed; time polls store the time.
CREATE TABLE poll_options (
    poll_id    INTEGER NOT NULL REFERENCES polls (id),
    position   INTEGER NOT NULL CHECK (position BETWEEN 0 AND 24),
    label      TEXT    NOT NULL,
    starts_at  TEXT,
    PRIMARY KEY (poll_id, position)
) STRICT, WITHOUT ROWID;

-- One row per voter and option. answer: for time polls 2 yes, 1 if needed, 0 no; else 2.
CREATE TABLE poll_votes (
    poll_id    INTEGER NOT NULL,
    voter_key  TEXT    NOT NULL CHECK (length(voter_key) = 64),
    position   INTEGER NOT NULL,
    answer     INTEGER NOT NULL DEFAULT 2 CHECK (answer IN (0, 1, 2)),
    member_id  INTEGER,                          -- named polls only
    PRIMARY KEY (poll_id, voter_key, position),
    FOREIGN KEY (poll_id, position) REFERENCES poll_options (poll_id, position)
) STRICT, WITHOUT ROWID;

-- A reason given with a Block or Disagree (one per voter and poll), shown without names.
CREATE TABLE poll_reasons (
    poll_id    INTEGER NOT NULL REFERENCES polls (id),
    voter_key  TEXT    NOT NULL CHECK (length(voter_key) = 64),
    position   INTEGER NOT NULL,
    reason     TEXT    NOT NULL CHECK (length(reason) BETWEEN 1 AND 500),
    member_id  INTEGER,                          -- named polls only
    PRIMARY KEY (poll_id, voter_key)
) STRICT, WITHOUT ROWID;

-- Members already nudged about a poll (by voter key, never by id), so a restart in the middle
-- of nudging never nudges anyone twice.
CREATE TABLE poll_nudges (
    poll_id    INTEGER NOT NULL REFERENCES polls (id),
    voter_key  TEXT    NOT NULL CHECK (length(voter_key) = 64),
    PRIMARY KEY (poll_id, voter_key)
) STRICT, WITHOUT ROWID;

-- "You said, we did": what was done about a poll, and when to review it. The newest row of a
-- poll is its outcome; an older one stays as history.
CREATE TABLE poll_outcomes (
    id            INTEGER PRIMARY KEY,
    poll_id       INTEGER NOT NULL REFERENCES polls (id),
    text          TEXT    NOT NULL CHECK (length(text) BETWEEN 1 AND 1500),
    review_on     TEXT,                          -- ISO date, panel time zone
    review_state  TEXT    NOT NULL DEFAULT 'none'
                  CHECK (review_state IN ('none', 'planned', 'due', 'sent', 'replaced')),
    message_id    INTEGER,
    created_by    INTEGER NOT NULL,
    created_at    TEXT    NOT NULL
) STRICT;
CREATE INDEX poll_outcomes_poll ON poll_outcomes (poll_id, id);
CREATE INDEX poll_outcomes_due ON poll_outcomes (review_state) WHERE review_state = 'due';

-- An anonymous poll never stores who voted or gave a reason, whatever the code does.
CREATE TRIGGER poll_votes_anonymous
BEFORE INSERT ON poll_votes
WHEN NEW.member_id IS NOT NULL AND (SELECT anonymous FROM polls WHERE id = NEW.poll_id) = 1
BEGIN
    SELECT RAISE(ABORT, 'An anonymous vote never stores who voted.');
END;
CREATE TRIGGER poll_reasons_anonymous
BEFORE INSERT ON poll_reasons
WHEN NEW.member_id IS NOT NULL AND (SELECT anonymous FROM polls WHERE id = NEW.poll_id) = 1
BEGIN
    SELECT RAISE(ABORT, 'An anonymous reason never stores who gave it.');
END;
-- A vote is replaced (deleted and inserted), never edited. The one change allowed is cutting
-- the link to a member when they erase their data (/mydata erase): a new random voter key,
-- and no member id.
CREATE TRIGGER poll_votes_no_update
BEFORE UPDATE OF poll_id, position, answer ON poll_votes
BEGIN
    SELECT RAISE(ABORT, 'A vote is replaced, never edited.');
END;
CREATE TRIGGER poll_votes_no_new_member
BEFORE UPDATE OF member_id ON poll_votes
WHEN NEW.member_id IS NOT NULL
BEGIN
    SELECT RAISE(ABORT, 'A vote never gains a member id.');
END;
CREATE TRIGGER poll_reasons_no_update
BEFORE UPDATE ON poll_reasons
BEGIN
    SELECT RAISE(ABORT, 'A reason is replaced, never edited.');
END;

-- After a poll closes its votes are never added or taken away, so its published count stays.
CREATE TRIGGER poll_votes_closed_insert
BEFORE INSERT ON poll_votes
WHEN (SELECT status FROM polls WHERE id = NEW.poll_id) IS NOT 'open'
BEGIN
    SELECT RAISE(ABORT, 'A closed poll takes no more votes.');
END;
CREATE TRIGGER poll_votes_closed_delete
BEFORE DELETE ON poll_votes
WHEN (SELECT status FROM polls WHERE id = OLD.poll_id) = 'closed'
BEGIN
    SELECT RAISE(ABORT, 'The votes of a closed poll are never taken away.');
END;
CREATE TRIGGER poll_reasons_closed_insert
BEFORE INSERT ON poll_reasons
WHEN (SELECT status FROM polls WHERE id = NEW.poll_id) IS NOT 'open'
BEGIN
    SELECT RAISE(ABORT, 'A closed poll takes no more reasons.');
END;
