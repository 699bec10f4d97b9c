-- People who move (issue 17): a person's roles over time, one row per
-- organisation they held a role in. `account_id` is the customer, or NULL
-- for a role with us ("our people"). The person row keeps where they are
-- now; these rows are written when someone moves (the role they leave,
-- closed on the day, and the one they take), so a person who never moved
-- has none and their history is their person row alone. The person keeps
-- their id, so interactions, feedback and ties follow them.
CREATE TABLE person_roles (
    id         TEXT PRIMARY KEY NOT NULL,
    person_id  TEXT NOT NULL REFERENCES people (id) ON DELETE CASCADE,
    account_id TEXT REFERENCES accounts (id) ON DELETE CASCADE,
    title      TEXT,
    -- 'YYYY-MM-DD'; NULL when the role started before it was recorded.
    from_on    TEXT,
    -- 'YYYY-MM-DD' the day they left; NULL while they hold it.
    until_on   TEXT,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    CHECK (until_on IS NULL OR from_on IS NULL OR from_on <= until_on)
);
CREATE INDEX person_roles_person ON person_roles (person_id, from_on);
CREATE INDEX person_roles_account ON person_roles (account_id, until_on);
