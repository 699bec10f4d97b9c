-- The book of business: full accounts, people on both sides, connections,
-- interactions, a trash, per-account summaries and one full-text index.
-- Conventions: ids are UUIDv7 text; timestamps RFC 3339 UTC text; calendar
-- dates 'YYYY-MM-DD'; enums are lowercase snake_case text checked here and in
-- the core. `deleted_at` set = in the trash (restorable); rows are only removed
-- for good when the trash is emptied.

ALTER TABLE accounts ADD COLUMN industry TEXT;
ALTER TABLE accounts ADD COLUMN region TEXT;
ALTER TABLE accounts ADD COLUMN currency TEXT CHECK (currency IS NULL OR (length(currency) = 3 AND currency = upper(currency)));
-- Whole units of `currency`.
ALTER TABLE accounts ADD COLUMN annual_revenue INTEGER CHECK (annual_revenue IS NULL OR annual_revenue >= 0);
ALTER TABLE accounts ADD COLUMN annual_margin INTEGER;
ALTER TABLE accounts ADD COLUMN owner_id TEXT REFERENCES people (id) ON DELETE SET NULL;
ALTER TABLE accounts ADD COLUMN sponsor_id TEXT REFERENCES people (id) ON DELETE SET NULL;
ALTER TABLE accounts ADD COLUMN business_environment TEXT;
ALTER TABLE accounts ADD COLUMN customer_strategy TEXT;
ALTER TABLE accounts ADD COLUMN mutual_goals TEXT;
ALTER TABLE accounts ADD COLUMN status TEXT NOT NULL DEFAULT 'active'
    CHECK (status IN ('prospect', 'active', 'at_risk', 'dormant', 'former'));
ALTER TABLE accounts ADD COLUMN last_customer_review TEXT;
ALTER TABLE accounts ADD COLUMN next_customer_review TEXT;
ALTER TABLE accounts ADD COLUMN last_internal_review TEXT;
ALTER TABLE accounts ADD COLUMN next_internal_review TEXT;
ALTER TABLE accounts ADD COLUMN deleted_at TEXT;

-- A trashed account's name may be reused; restoring it then asks for a rename.
DROP INDEX accounts_name_unique;
CREATE UNIQUE INDEX accounts_name_unique ON accounts (name COLLATE NOCASE) WHERE deleted_at IS NULL;
CREATE INDEX accounts_tier ON accounts (tier, name COLLATE NOCASE) WHERE deleted_at IS NULL;
CREATE INDEX accounts_owner ON accounts (owner_id) WHERE deleted_at IS NULL;
CREATE INDEX accounts_sponsor ON accounts (sponsor_id) WHERE deleted_at IS NULL;
CREATE INDEX accounts_deleted ON accounts (deleted_at) WHERE deleted_at IS NOT NULL;

-- Our people (account_id NULL, shared by every account) and theirs (one account).
CREATE TABLE people (
    id            TEXT PRIMARY KEY NOT NULL,
    side          TEXT NOT NULL CHECK (side IN ('ours', 'theirs')),
    account_id    TEXT REFERENCES accounts (id) ON DELETE CASCADE,
    name          TEXT NOT NULL,
    title         TEXT,
    -- ours only
    function      TEXT CHECK (function IS NULL OR function IN
                    ('executive', 'sales', 'product_development', 'customer_service',
                     'installation', 'logistics', 'finance', 'other')),
    -- theirs only
    department    TEXT,
    org_level     INTEGER NOT NULL CHECK (org_level BETWEEN 1 AND 12),
    reports_to_id TEXT REFERENCES people (id) ON DELETE SET NULL,
    decision_role TEXT CHECK (decision_role IS NULL OR decision_role IN
                    ('decision_maker', 'approver', 'influencer', 'user', 'gatekeeper')),
    disposition   TEXT CHECK (disposition IS NULL OR disposition IN
                    ('champion', 'supporter', 'neutral', 'sceptic', 'detractor')),
    email         TEXT,
    phone         TEXT,
    notes         TEXT,
    active        INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
    created_at    TEXT NOT NULL,
    updated_at    TEXT NOT NULL,
    deleted_at    TEXT,
    CHECK ((side = 'ours') = (account_id IS NULL)),
    CHECK (side = 'ours' OR function IS NULL),
    CHECK (side = 'theirs' OR (reports_to_id IS NULL AND decision_role IS NULL AND disposition IS NULL)),
    CHECK (reports_to_id IS NULL OR reports_to_id <> id)
);
CREATE INDEX people_account ON people (account_id, org_level) WHERE deleted_at IS NULL;
CREATE INDEX people_ours ON people (side, name COLLATE NOCASE) WHERE deleted_at IS NULL;
CREATE INDEX people_reports_to ON people (reports_to_id);
CREATE INDEX people_email ON people (email COLLATE NOCASE) WHERE email IS NOT NULL;
CREATE INDEX people_deleted ON people (deleted_at) WHERE deleted_at IS NOT NULL;

-- One of ours <-> one of theirs. account_id is theirs' account (kept for indexes).
CREATE TABLE connections (
    id           TEXT PRIMARY KEY NOT NULL,
    account_id   TEXT NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    ours_id      TEXT NOT NULL REFERENCES people (id) ON DELETE CASCADE,
    theirs_id    TEXT NOT NULL REFERENCES people (id) ON DELETE CASCADE,
    dimension    TEXT NOT NULL CHECK (dimension IN ('formal', 'personal', 'proxied')),
    intermediary TEXT,
    strength     INTEGER NOT NULL CHECK (strength BETWEEN 1 AND 5),
    cadence_days INTEGER CHECK (cadence_days IS NULL OR cadence_days BETWEEN 1 AND 3650),
    notes        TEXT,
    created_at   TEXT NOT NULL,
    updated_at   TEXT NOT NULL,
    deleted_at   TEXT,
    CHECK ((dimension = 'proxied') = (intermediary IS NOT NULL))
);
CREATE UNIQUE INDEX connections_pair ON connections (ours_id, theirs_id) WHERE deleted_at IS NULL;
CREATE INDEX connections_account ON connections (account_id) WHERE deleted_at IS NULL;
CREATE INDEX connections_theirs ON connections (theirs_id);
CREATE INDEX connections_deleted ON connections (deleted_at) WHERE deleted_at IS NOT NULL;

CREATE TABLE interactions (
    id          TEXT PRIMARY KEY NOT NULL,
    account_id  TEXT NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    occurred_on TEXT NOT NULL,
    kind        TEXT NOT NULL CHECK (kind IN
                  ('meeting', 'call', 'email', 'event', 'site_visit',
                   'annual_customer_review', 'executive_business_review', 'social')),
    summary     TEXT NOT NULL,
    outcomes    TEXT,
    follow_ups  TEXT,
    created_at  TEXT NOT NULL,
    updated_at  TEXT NOT NULL,
    deleted_at  TEXT
);
CREATE INDEX interactions_account_date ON interactions (account_id, occurred_on DESC) WHERE deleted_at IS NULL;
CREATE INDEX interactions_deleted ON interactions (deleted_at) WHERE deleted_at IS NOT NULL;

CREATE TABLE interaction_people (
    interaction_id TEXT NOT NULL REFERENCES interactions (id) ON DELETE CASCADE,
    person_id      TEXT NOT NULL REFERENCES people (id) ON DELETE CASCADE,
    PRIMARY KEY (interaction_id, person_id)
) WITHOUT ROWID;
CREATE INDEX interaction_people_person ON interaction_people (person_id, interaction_id);

-- Derived, one row per live account (none for a trashed one), rewritten in
-- the same transaction as any change that affects it. It carries everything
-- the account list shows, sorts and filters on, in narrow rows: the list never
-- reads the wide accounts rows (free text) nor re-runs the analysis for
-- 10,000 accounts.
CREATE TABLE account_summaries (
    account_id      TEXT PRIMARY KEY NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    name            TEXT NOT NULL,
    tier            TEXT NOT NULL,
    status          TEXT NOT NULL,
    industry        TEXT,
    currency        TEXT,
    annual_revenue  INTEGER,
    owner_id        TEXT,
    owner_name      TEXT,
    sponsor_id      TEXT,
    sponsor_name    TEXT,
    last_contact    TEXT,
    people_ours     INTEGER NOT NULL DEFAULT 0,
    people_theirs   INTEGER NOT NULL DEFAULT 0,
    connections     INTEGER NOT NULL DEFAULT 0,
    -- Space-separated flag codes, e.g. 'no_owner key_person'.
    flags           TEXT NOT NULL DEFAULT '',
    flag_count      INTEGER NOT NULL DEFAULT 0,
    key_person_id   TEXT
) WITHOUT ROWID;
CREATE INDEX account_summaries_name ON account_summaries (name COLLATE NOCASE);
CREATE INDEX account_summaries_tier ON account_summaries (tier, name COLLATE NOCASE);
CREATE INDEX account_summaries_revenue ON account_summaries (annual_revenue, name COLLATE NOCASE);
CREATE INDEX account_summaries_owner ON account_summaries (owner_name COLLATE NOCASE, name COLLATE NOCASE);
CREATE INDEX account_summaries_last_contact ON account_summaries (last_contact, name COLLATE NOCASE);
CREATE INDEX account_summaries_flags ON account_summaries (flag_count, name COLLATE NOCASE);
CREATE INDEX account_summaries_owner_id ON account_summaries (owner_id);
CREATE INDEX account_summaries_sponsor_id ON account_summaries (sponsor_id);


-- One search box for accounts, people and interaction text. Lives inside the
-- encrypted file like everything else. `search_rows` maps each indexed row to
-- an integer key (a real column, so it survives backup and restore) that is
-- the FTS rowid: keeping the index current costs a key lookup, never a scan.
-- Kept by the triggers below; trashed rows leave the index and come back on
-- restore. `title` holds names only (accounts, people), so a name search never
-- ranks a million interaction texts; their text is in `body`.
CREATE TABLE search_rows (
    n          INTEGER PRIMARY KEY,
    ref_id     TEXT NOT NULL UNIQUE,
    kind       TEXT NOT NULL CHECK (kind IN ('account', 'person', 'interaction')),
    account_id TEXT
);
CREATE VIRTUAL TABLE search_index USING fts5 (
    title,
    body,
    tokenize = 'unicode61 remove_diacritics 2',
    prefix = '2 3'
);

CREATE TRIGGER accounts_search_insert AFTER INSERT ON accounts BEGIN
    INSERT INTO search_rows (ref_id, kind, account_id) SELECT new.id, 'account', new.id WHERE new.deleted_at IS NULL;
    INSERT INTO search_index (rowid, title, body)
    SELECT n, new.name, concat_ws(' ', new.industry, new.region, new.business_environment, new.customer_strategy, new.mutual_goals) FROM search_rows WHERE ref_id = new.id AND new.deleted_at IS NULL;
END;
CREATE TRIGGER accounts_search_update AFTER UPDATE ON accounts BEGIN
    DELETE FROM search_index WHERE rowid = (SELECT n FROM search_rows WHERE ref_id = old.id);
    DELETE FROM search_rows WHERE ref_id = old.id;
    INSERT INTO search_rows (ref_id, kind, account_id) SELECT new.id, 'account', new.id WHERE new.deleted_at IS NULL;
    INSERT INTO search_index (rowid, title, body)
    SELECT n, new.name, concat_ws(' ', new.industry, new.region, new.business_environment, new.customer_strategy, new.mutual_goals) FROM search_rows WHERE ref_id = new.id AND new.deleted_at IS NULL;
END;
CREATE TRIGGER accounts_search_delete AFTER DELETE ON accounts BEGIN
    DELETE FROM search_index WHERE rowid = (SELECT n FROM search_rows WHERE ref_id = old.id);
    DELETE FROM search_rows WHERE ref_id = old.id;
END;

CREATE TRIGGER people_search_insert AFTER INSERT ON people BEGIN
    INSERT INTO search_rows (ref_id, kind, account_id) SELECT new.id, 'person', new.account_id WHERE new.deleted_at IS NULL;
    INSERT INTO search_index (rowid, title, body)
    SELECT n, new.name, concat_ws(' ', new.title, new.department, new.email, new.notes) FROM search_rows WHERE ref_id = new.id AND new.deleted_at IS NULL;
END;
CREATE TRIGGER people_search_update AFTER UPDATE ON people BEGIN
    DELETE FROM search_index WHERE rowid = (SELECT n FROM search_rows WHERE ref_id = old.id);
    DELETE FROM search_rows WHERE ref_id = old.id;
    INSERT INTO search_rows (ref_id, kind, account_id) SELECT new.id, 'person', new.account_id WHERE new.deleted_at IS NULL;
    INSERT INTO search_index (rowid, title, body)
    SELECT n, new.name, concat_ws(' ', new.title, new.department, new.email, new.notes) FROM search_rows WHERE ref_id = new.id AND new.deleted_at IS NULL;
END;
CREATE TRIGGER people_search_delete AFTER DELETE ON people BEGIN
    DELETE FROM search_index WHERE rowid = (SELECT n FROM search_rows WHERE ref_id = old.id);
    DELETE FROM search_rows WHERE ref_id = old.id;
END;

CREATE TRIGGER interactions_search_insert AFTER INSERT ON interactions BEGIN
    INSERT INTO search_rows (ref_id, kind, account_id) SELECT new.id, 'interaction', new.account_id WHERE new.deleted_at IS NULL;
    INSERT INTO search_index (rowid, title, body)
    SELECT n, '', concat_ws(' ', new.summary, new.outcomes, new.follow_ups) FROM search_rows WHERE ref_id = new.id AND new.deleted_at IS NULL;
END;
CREATE TRIGGER interactions_search_update AFTER UPDATE ON interactions BEGIN
    DELETE FROM search_index WHERE rowid = (SELECT n FROM search_rows WHERE ref_id = old.id);
    DELETE FROM search_rows WHERE ref_id = old.id;
    INSERT INTO search_rows (ref_id, kind, account_id) SELECT new.id, 'interaction', new.account_id WHERE new.deleted_at IS NULL;
    INSERT INTO search_index (rowid, title, body)
    SELECT n, '', concat_ws(' ', new.summary, new.outcomes, new.follow_ups) FROM search_rows WHERE ref_id = new.id AND new.deleted_at IS NULL;
END;
CREATE TRIGGER interactions_search_delete AFTER DELETE ON interactions BEGIN
    DELETE FROM search_index WHERE rowid = (SELECT n FROM search_rows WHERE ref_id = old.id);
    DELETE FROM search_rows WHERE ref_id = old.id;
END;

INSERT INTO search_rows (ref_id, kind, account_id) SELECT id, 'account', id FROM accounts;
INSERT INTO search_index (rowid, title, body) SELECT r.n, a.name, '' FROM search_rows r JOIN accounts a ON a.id = r.ref_id;

-- Owners typed as plain names before people existed become people on our side
-- (a sales manager by default; the user can correct them), one per name.
INSERT INTO people (id, side, name, function, org_level, created_at, updated_at)
SELECT lower(hex(randomblob(4)) || '-' || hex(randomblob(2)) || '-4' || substr(hex(randomblob(2)), 2) || '-'
             || substr('89ab', 1 + abs(random() % 4), 1) || substr(hex(randomblob(2)), 2) || '-' || hex(randomblob(6))),
       'ours', min(trim(owner_name)), 'sales', 3, min(created_at), min(created_at)
FROM accounts WHERE owner_name IS NOT NULL AND trim(owner_name) <> ''
GROUP BY lower(trim(owner_name));
UPDATE accounts SET owner_id = (SELECT p.id FROM people p WHERE p.side = 'ours' AND lower(p.name) = lower(trim(accounts.owner_name)))
WHERE owner_name IS NOT NULL AND trim(owner_name) <> '';
ALTER TABLE accounts DROP COLUMN owner_name;

-- Nothing is connected yet; the core keeps these rows current from here on.
INSERT INTO account_summaries (account_id, name, tier, status, owner_id, owner_name, flags, flag_count)
SELECT a.id, a.name, a.tier, a.status, a.owner_id, p.name,
       CASE WHEN a.tier IN ('strategic', 'key')
            THEN CASE WHEN a.owner_id IS NULL THEN 'no_owner ' ELSE '' END || 'no_sponsor no_ties'
            ELSE 'no_ties' END,
       CASE WHEN a.tier IN ('strategic', 'key') THEN CASE WHEN a.owner_id IS NULL THEN 3 ELSE 2 END ELSE 1 END
FROM accounts a LEFT JOIN people p ON p.id = a.owner_id;
