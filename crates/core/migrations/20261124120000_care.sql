-- Keeping relationships from sliding back (issue 6): feedback and the loop we
-- owe the customer, the stories told about us, each account's target cadence,
-- the ownership check, and the health score's history.

-- Days between contacts we aim for; NULL for the tier's default.
ALTER TABLE accounts ADD COLUMN cadence_days INTEGER CHECK (cadence_days BETWEEN 1 AND 3650);

-- Each tie's last contact (an interaction both ends attended) and the day the
-- next contact is due (last contact, or the day the tie was recorded, plus its
-- cadence; NULL without a cadence or when either end has left), kept by the
-- account summary's refresh so Today finds overdue ties across the whole book
-- by walking one index.
ALTER TABLE connections ADD COLUMN last_contact TEXT;
ALTER TABLE connections ADD COLUMN due_on TEXT;
CREATE INDEX connections_due ON connections (due_on) WHERE due_on IS NOT NULL AND deleted_at IS NULL;

CREATE TABLE feedback (
    id            TEXT PRIMARY KEY NOT NULL,
    account_id    TEXT NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    -- Their person who said it.
    person_id     TEXT REFERENCES people (id) ON DELETE SET NULL,
    received_on   TEXT NOT NULL,   -- YYYY-MM-DD
    channel       TEXT NOT NULL CHECK (channel IN ('meeting', 'call', 'email', 'survey', 'review', 'other')),
    text          TEXT NOT NULL,
    theme         TEXT,
    state         TEXT NOT NULL DEFAULT 'new' CHECK (state IN ('new', 'acting', 'done', 'deferred', 'declined')),
    -- done: the change the customer can see, and when they could see it
    change        TEXT,
    visible_on    TEXT,
    -- deferred: the day it comes back
    reconsider_on TEXT,
    -- declined: why
    reason        TEXT,
    thanked_on    TEXT,
    thanked_how   TEXT CHECK (thanked_how IS NULL OR thanked_how IN ('note', 'call', 'handwritten')),
    created_at    TEXT NOT NULL,
    updated_at    TEXT NOT NULL,
    deleted_at    TEXT,
    CHECK ((thanked_on IS NULL) = (thanked_how IS NULL)),
    CHECK (state <> 'deferred' OR reconsider_on IS NOT NULL),
    CHECK (state <> 'done' OR (change IS NOT NULL AND visible_on IS NOT NULL)),
    CHECK (state <> 'declined' OR reason IS NOT NULL)
);
CREATE INDEX feedback_account ON feedback (account_id, received_on DESC) WHERE deleted_at IS NULL;
CREATE INDEX feedback_reconsider ON feedback (reconsider_on) WHERE state = 'deferred' AND deleted_at IS NULL;
CREATE INDEX feedback_unthanked ON feedback (received_on) WHERE thanked_on IS NULL AND deleted_at IS NULL;
CREATE INDEX feedback_deleted ON feedback (deleted_at) WHERE deleted_at IS NOT NULL;

-- Every step of the loop with who and when.
CREATE TABLE feedback_events (
    n           INTEGER PRIMARY KEY,
    feedback_id TEXT NOT NULL REFERENCES feedback (id) ON DELETE CASCADE,
    at          TEXT NOT NULL,
    actor       TEXT NOT NULL,
    action      TEXT NOT NULL CHECK (action IN ('act', 'complete', 'defer', 'decline', 'reopen', 'thank')),
    from_state  TEXT NOT NULL,
    to_state    TEXT NOT NULL,
    note        TEXT
);
CREATE INDEX feedback_events_feedback ON feedback_events (feedback_id, n);

CREATE TABLE stories (
    id          TEXT PRIMARY KEY NOT NULL,
    account_id  TEXT NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    kind        TEXT NOT NULL CHECK (kind IN ('success', 'horror')),
    title       TEXT NOT NULL,
    -- Our department it came from.
    department  TEXT NOT NULL,
    occurred_on TEXT NOT NULL,
    impact      TEXT,
    failure     TEXT CHECK (failure IS NULL OR failure IN ('late', 'short', 'broken', 'unanswered', 'other')),
    resolved    INTEGER NOT NULL CHECK (resolved IN (0, 1)),
    lesson      TEXT,
    created_at  TEXT NOT NULL,
    updated_at  TEXT NOT NULL,
    deleted_at  TEXT,
    CHECK (kind = 'horror' OR (failure IS NULL AND resolved = 1))
);
CREATE INDEX stories_account ON stories (account_id, occurred_on DESC) WHERE deleted_at IS NULL;
CREATE INDEX stories_deleted ON stories (deleted_at) WHERE deleted_at IS NOT NULL;

-- The ownership check: our answers to a fixed list of questions per account.
CREATE TABLE ownership_answers (
    account_id TEXT NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    question   TEXT NOT NULL CHECK (question IN
                 ('owner', 'function', 'investment', 'environment', 'evolution', 'both_win')),
    answer     TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    PRIMARY KEY (account_id, question)
) WITHOUT ROWID;

-- One score per account per day it was computed, for the trend.
CREATE TABLE health_history (
    account_id TEXT NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    on_date    TEXT NOT NULL,
    score      INTEGER NOT NULL CHECK (score BETWEEN 0 AND 100),
    parts      TEXT NOT NULL,   -- JSON: each part's points
    PRIMARY KEY (account_id, on_date)
) WITHOUT ROWID;
