-- Teams (issue 15, docs/SYNC.md): this vault's membership of a team and what
-- it needs to share changes through the team server. Local state, like the
-- settings: none of these tables is in the change log (vault/triggers.rs
-- leaves out every `team_` table) or in the book export.
--
-- No key is kept here: the member's key pairs and server password are in the
-- OS keychain. The invitation secrets below are inside the encrypted vault.

-- At most one team per vault.
CREATE TABLE team_membership (
    id          INTEGER PRIMARY KEY CHECK (id = 1),
    team_id     TEXT NOT NULL,
    team_name   TEXT NOT NULL,
    -- postgres://ROLE@HOST:PORT/DATABASE: never a password.
    server_url  TEXT NOT NULL,
    member_id   TEXT NOT NULL,
    role        TEXT NOT NULL CHECK (role IN ('owner', 'member')),
    -- The owner's key fingerprint as the invitation named it (a member checks
    -- the server's roster against it); this member's own for an owner.
    owner_fingerprint TEXT NOT NULL,
    -- The last server event applied here (server seq).
    pulled_seq  INTEGER NOT NULL DEFAULT 0 CHECK (pulled_seq >= 0),
    -- The last local change-log entry pushed, and the last one given a clock.
    pushed_seq  INTEGER NOT NULL DEFAULT 0 CHECK (pushed_seq >= 0),
    stamped_seq INTEGER NOT NULL DEFAULT 0 CHECK (stamped_seq >= pushed_seq),
    -- The hybrid logical clock: milliseconds << 12 | a counter.
    clock       INTEGER NOT NULL DEFAULT 0,
    joined_at   TEXT NOT NULL
);

-- The clock given to each local change between stamping and pushing, so a
-- push repeated after a crash carries the same clocks.
CREATE TABLE team_outgoing (
    seq INTEGER PRIMARY KEY,
    hlc INTEGER NOT NULL
);

-- Per field, who wrote the value this vault holds and at what clock: the
-- merge keeps the greater (hlc, member) (docs/SYNC.md, "Merge").
CREATE TABLE team_field_clocks (
    entity    TEXT NOT NULL,
    entity_id TEXT NOT NULL,
    field     TEXT NOT NULL,
    hlc       INTEGER NOT NULL,
    member_id TEXT NOT NULL,
    PRIMARY KEY (entity, entity_id, field)
) WITHOUT ROWID;

-- Per author, the last of their change numbers applied here: a pushed batch
-- repeated after a crash, or an event the server replays, applies nothing.
CREATE TABLE team_authors (
    member_id TEXT PRIMARY KEY,
    last_seq  INTEGER NOT NULL
) WITHOUT ROWID;

-- Change-log entries written by applying others' events: never pushed back.
CREATE TABLE team_received (
    seq INTEGER PRIMARY KEY
);

-- Events pulled but not applied, with why (a refused signature, a record the
-- book cannot take): shown by `rapport sync`, kept for the record.
CREATE TABLE team_skipped (
    server_seq INTEGER PRIMARY KEY,
    member_id  TEXT NOT NULL,
    reason     TEXT NOT NULL,
    at         TEXT NOT NULL
);

-- Invitations this owner made: the one-time secret in the code proves a
-- joiner's public keys (the server never sees it).
CREATE TABLE team_invitations (
    secret     TEXT PRIMARY KEY,
    created_at TEXT NOT NULL,
    used_by    TEXT
);
