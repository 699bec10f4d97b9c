-- The change log (issue 14): every write to the book's tables leaves one row
-- here, in the same transaction, saying what changed, who changed it and when.
-- The rows are written by triggers that the core generates from the schema
-- at every open (`changes::install`), so a column added by a later migration
-- is recorded without anyone remembering to, and no write path can skip it.

-- Who and when the current write transaction is recorded as: set at the start
-- of every write (`db::begin_write` and friends). One row, overwritten; only
-- ever read inside the transaction that set it.
CREATE TABLE change_context (
    id   INTEGER PRIMARY KEY CHECK (id = 1),
    at   TEXT,            -- RFC 3339 UTC with milliseconds, the app's clock
    who  TEXT,            -- settings.your_name at the time
    mode TEXT NOT NULL CHECK (mode IN ('edit', 'import', 'upkeep'))
);

CREATE TABLE changes (
    seq        INTEGER PRIMARY KEY,
    at         TEXT NOT NULL,
    who        TEXT,
    -- 'edit': a user's change, with its fields; 'import': one row per record
    -- loaded in bulk (book, CSV, sample), without fields.
    mode       TEXT NOT NULL CHECK (mode IN ('edit', 'import', 'upkeep')),
    action     TEXT NOT NULL CHECK (action IN ('create', 'update', 'trash', 'restore', 'delete')),
    entity     TEXT NOT NULL,   -- the table
    entity_id  TEXT NOT NULL,   -- its id, or its key columns joined by '/'
    account_id TEXT,            -- the account the row belongs to, when it has one
    -- {"column": [old, new], ...}: only the columns that changed (created:
    -- old null; deleted: new null); null for an import.
    fields     TEXT CHECK (fields IS NULL OR json_valid(fields))
);
CREATE INDEX changes_entity ON changes (entity, entity_id, seq);
CREATE INDEX changes_account ON changes (account_id, at) WHERE account_id IS NOT NULL;
CREATE INDEX changes_at ON changes (at);
