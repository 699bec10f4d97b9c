-- Accounts: the customer organisations Rapport plans relationships for.
-- Timestamps are RFC 3339 UTC text; ids are UUIDv7 text (time-ordered).
CREATE TABLE accounts (
    id          TEXT PRIMARY KEY NOT NULL,
    name        TEXT NOT NULL,
    tier        TEXT NOT NULL CHECK (tier IN ('strategic', 'key', 'growth')),
    owner_name  TEXT,
    created_at  TEXT NOT NULL,
    updated_at  TEXT NOT NULL
);

CREATE UNIQUE INDEX accounts_name_unique ON accounts (name COLLATE NOCASE);
