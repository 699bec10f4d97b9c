-- Blueprints (issue 5): one per account per planning period. The aggregate
-- lives in `blueprint` (pure); `blueprint::store` loads it from these rows,
-- applies one command and writes back only the rows that changed.

CREATE TABLE blueprints (
    id         TEXT PRIMARY KEY NOT NULL,
    account_id TEXT NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    starts_on  TEXT NOT NULL,   -- YYYY-MM-DD, both days included
    ends_on    TEXT NOT NULL,
    question   TEXT NOT NULL,
    stage      TEXT NOT NULL CHECK (stage IN
                 ('frame', 'ideas', 'prioritise', 'goals', 'people', 'approve', 'track')),
    revision   INTEGER NOT NULL CHECK (revision >= 1),
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    deleted_at TEXT,
    CHECK (ends_on >= starts_on)
);
CREATE INDEX blueprints_account ON blueprints (account_id, starts_on) WHERE deleted_at IS NULL;
CREATE INDEX blueprints_deleted ON blueprints (deleted_at) WHERE deleted_at IS NOT NULL;

CREATE TABLE blueprint_participants (
    blueprint_id TEXT NOT NULL REFERENCES blueprints (id) ON DELETE CASCADE,
    position     INTEGER NOT NULL,
    person_id    TEXT NOT NULL REFERENCES people (id) ON DELETE CASCADE,
    function     TEXT NOT NULL,
    PRIMARY KEY (blueprint_id, person_id)
) WITHOUT ROWID;

CREATE TABLE blueprint_ideas (
    blueprint_id   TEXT NOT NULL REFERENCES blueprints (id) ON DELETE CASCADE,
    id             TEXT NOT NULL,
    position       INTEGER NOT NULL,
    text           TEXT NOT NULL,
    participant_id TEXT,
    kind           TEXT NOT NULL CHECK (kind IN
                     ('innovation', 'implementation_failure', 'relationship', 'growth', 'risk')),
    impact         INTEGER CHECK (impact BETWEEN 1 AND 5),
    effort         INTEGER CHECK (effort BETWEEN 1 AND 5),
    chosen         INTEGER NOT NULL CHECK (chosen IN (0, 1)),
    merged_into    TEXT,
    split_from     TEXT,
    PRIMARY KEY (blueprint_id, id)
) WITHOUT ROWID;

CREATE TABLE blueprint_ballots (
    blueprint_id   TEXT NOT NULL REFERENCES blueprints (id) ON DELETE CASCADE,
    participant_id TEXT NOT NULL,
    idea_id        TEXT NOT NULL,
    votes          INTEGER NOT NULL CHECK (votes > 0),
    PRIMARY KEY (blueprint_id, participant_id, idea_id)
) WITHOUT ROWID;

-- The goals of the revision being worked on. Approved revisions are copied
-- whole into blueprint_revisions and never change.
CREATE TABLE blueprint_goals (
    blueprint_id   TEXT NOT NULL REFERENCES blueprints (id) ON DELETE CASCADE,
    id             TEXT NOT NULL,
    position       INTEGER NOT NULL,
    title          TEXT NOT NULL,
    owner_id       TEXT,
    counterpart_id TEXT,
    target_date    TEXT,
    metric         TEXT,
    unit           TEXT,
    baseline       REAL,
    target         REAL,
    status         TEXT NOT NULL CHECK (status IN
                     ('not_started', 'on_track', 'at_risk', 'off_track', 'done')),
    PRIMARY KEY (blueprint_id, id),
    CHECK ((metric IS NULL) = (target IS NULL))
) WITHOUT ROWID;

CREATE TABLE blueprint_goal_ideas (
    blueprint_id TEXT NOT NULL REFERENCES blueprints (id) ON DELETE CASCADE,
    goal_id      TEXT NOT NULL,
    position     INTEGER NOT NULL,
    idea_id      TEXT NOT NULL,
    PRIMARY KEY (blueprint_id, goal_id, idea_id)
) WITHOUT ROWID;

CREATE TABLE blueprint_goal_people (
    blueprint_id TEXT NOT NULL REFERENCES blueprints (id) ON DELETE CASCADE,
    goal_id      TEXT NOT NULL,
    position     INTEGER NOT NULL,
    person_id    TEXT NOT NULL REFERENCES people (id) ON DELETE CASCADE,
    side         TEXT NOT NULL CHECK (side IN ('ours', 'theirs')),
    PRIMARY KEY (blueprint_id, goal_id, person_id)
) WITHOUT ROWID;

-- New ties to make: shown on the relationship map as planned.
CREATE TABLE blueprint_planned_connections (
    blueprint_id TEXT NOT NULL REFERENCES blueprints (id) ON DELETE CASCADE,
    goal_id      TEXT NOT NULL,
    position     INTEGER NOT NULL,
    ours_id      TEXT NOT NULL REFERENCES people (id) ON DELETE CASCADE,
    theirs_id    TEXT NOT NULL REFERENCES people (id) ON DELETE CASCADE,
    cadence_days INTEGER NOT NULL CHECK (cadence_days BETWEEN 1 AND 365),
    PRIMARY KEY (blueprint_id, goal_id, ours_id, theirs_id)
) WITHOUT ROWID;
CREATE INDEX blueprint_planned_theirs ON blueprint_planned_connections (theirs_id);

CREATE TABLE blueprint_reviews (
    blueprint_id TEXT NOT NULL REFERENCES blueprints (id) ON DELETE CASCADE,
    n            INTEGER NOT NULL,
    revision     INTEGER NOT NULL,
    by_id        TEXT NOT NULL,
    at           TEXT NOT NULL,
    verdict      TEXT NOT NULL CHECK (verdict IN ('approved', 'sent_back')),
    comment      TEXT,
    PRIMARY KEY (blueprint_id, n)
) WITHOUT ROWID;

-- One frozen copy of the goals per approval. Insert-only.
CREATE TABLE blueprint_revisions (
    blueprint_id TEXT NOT NULL REFERENCES blueprints (id) ON DELETE CASCADE,
    revision     INTEGER NOT NULL,
    approved_by  TEXT NOT NULL,
    approved_at  TEXT NOT NULL,
    goals        TEXT NOT NULL,   -- JSON array of goals as approved
    PRIMARY KEY (blueprint_id, revision)
) WITHOUT ROWID;
CREATE TRIGGER blueprint_revisions_frozen BEFORE UPDATE ON blueprint_revisions
BEGIN
    SELECT RAISE(ABORT, 'an approved revision never changes');
END;

CREATE TABLE blueprint_check_ins (
    blueprint_id TEXT NOT NULL REFERENCES blueprints (id) ON DELETE CASCADE,
    n            INTEGER NOT NULL,
    goal_id      TEXT NOT NULL,
    on_date      TEXT NOT NULL,
    value        REAL NOT NULL,
    note         TEXT,
    status       TEXT NOT NULL CHECK (status IN
                   ('not_started', 'on_track', 'at_risk', 'off_track', 'done')),
    PRIMARY KEY (blueprint_id, n)
) WITHOUT ROWID;

-- What is being typed and not yet committed (the idea in the capture box, a
-- comment being written), saved as it is typed so closing the app mid-sentence
-- loses nothing.
CREATE TABLE blueprint_drafts (
    blueprint_id TEXT NOT NULL REFERENCES blueprints (id) ON DELETE CASCADE,
    slot         TEXT NOT NULL,
    text         TEXT NOT NULL,
    updated_at   TEXT NOT NULL,
    PRIMARY KEY (blueprint_id, slot)
) WITHOUT ROWID;
