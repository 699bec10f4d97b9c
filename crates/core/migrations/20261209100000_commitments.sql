-- Commitments (issue 17): what we promised the customer and what they
-- promised us, made in a meeting or an interaction. "Late" is not stored: it
-- is an open commitment past its day by the app's clock.
CREATE TABLE commitments (
    id             TEXT PRIMARY KEY NOT NULL,
    account_id     TEXT NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    -- Which side promised: 'ours' (we) or 'theirs' (they).
    side           TEXT NOT NULL CHECK (side IN ('ours', 'theirs')),
    -- Who promised, on that side, and to whom on the other (either may be unnamed).
    by_person_id   TEXT REFERENCES people (id) ON DELETE SET NULL,
    to_person_id   TEXT REFERENCES people (id) ON DELETE SET NULL,
    what           TEXT NOT NULL,
    made_on        TEXT NOT NULL,   -- YYYY-MM-DD
    due_on         TEXT,            -- YYYY-MM-DD, by when (optional)
    -- Where it was made: a meeting or an interaction, or neither.
    meeting_id     TEXT REFERENCES meetings (id) ON DELETE SET NULL,
    interaction_id TEXT REFERENCES interactions (id) ON DELETE SET NULL,
    state          TEXT NOT NULL DEFAULT 'open' CHECK (state IN ('open', 'kept', 'dropped')),
    kept_on        TEXT,
    dropped_reason TEXT,
    created_at     TEXT NOT NULL,
    updated_at     TEXT NOT NULL,
    deleted_at     TEXT,
    CHECK (meeting_id IS NULL OR interaction_id IS NULL),
    CHECK ((state = 'kept') = (kept_on IS NOT NULL)),
    CHECK ((state = 'dropped') = (dropped_reason IS NOT NULL)),
    CHECK (due_on IS NULL OR due_on >= made_on)
);
CREATE INDEX commitments_account ON commitments (account_id, made_on DESC) WHERE deleted_at IS NULL;
-- Today and the portfolio read the open ones across the book.
CREATE INDEX commitments_open ON commitments (due_on) WHERE state = 'open' AND deleted_at IS NULL;
CREATE INDEX commitments_meeting ON commitments (meeting_id) WHERE meeting_id IS NOT NULL;
CREATE INDEX commitments_interaction ON commitments (interaction_id) WHERE interaction_id IS NOT NULL;
CREATE INDEX commitments_deleted ON commitments (deleted_at) WHERE deleted_at IS NOT NULL;
