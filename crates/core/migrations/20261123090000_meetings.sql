-- Executive visits and their review gate (issue 4).
--
-- Times are kept as the wall clock of the meeting's own time zone (what the
-- invitation says) plus that zone's IANA name; the UTC instants beside them are
-- derived on every write and exist only so meetings can be ordered and picked
-- by date range across zones.

CREATE TABLE meetings (
    id                TEXT PRIMARY KEY NOT NULL,
    account_id        TEXT NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    title             TEXT NOT NULL,
    kind              TEXT NOT NULL CHECK (kind IN
                        ('connecting', 'negotiation', 'product_event', 'escalation',
                         'annual_review', 'business_review')),
    starts_local      TEXT NOT NULL,   -- YYYY-MM-DDTHH:MM in time_zone
    ends_local        TEXT NOT NULL,
    time_zone         TEXT NOT NULL,   -- IANA name
    starts_utc        TEXT NOT NULL,   -- RFC 3339, derived
    ends_utc          TEXT NOT NULL,
    location          TEXT,
    trip              TEXT,            -- groups meetings into a trip for a pack
    objective         TEXT,
    value_proposition TEXT,
    asks              TEXT,
    talking_points    TEXT,
    sensitivities     TEXT,
    logistics         TEXT,
    state             TEXT NOT NULL DEFAULT 'draft' CHECK (state IN
                        ('draft', 'submitted', 'challenged', 'approved', 'declined', 'held',
                         'followed_up')),
    -- Bumped on every change: the calendar export's SEQUENCE.
    revision          INTEGER NOT NULL DEFAULT 0,
    created_at        TEXT NOT NULL,
    updated_at        TEXT NOT NULL,
    deleted_at        TEXT,
    CHECK (ends_utc > starts_utc)
);
CREATE INDEX meetings_start ON meetings (starts_utc) WHERE deleted_at IS NULL;
CREATE INDEX meetings_account ON meetings (account_id, starts_utc) WHERE deleted_at IS NULL;
CREATE INDEX meetings_state ON meetings (state, starts_utc) WHERE deleted_at IS NULL;
CREATE INDEX meetings_trip ON meetings (trip, starts_utc) WHERE trip IS NOT NULL AND deleted_at IS NULL;
CREATE INDEX meetings_deleted ON meetings (deleted_at) WHERE deleted_at IS NOT NULL;

CREATE TABLE meeting_attendees (
    meeting_id TEXT NOT NULL REFERENCES meetings (id) ON DELETE CASCADE,
    person_id  TEXT NOT NULL REFERENCES people (id) ON DELETE CASCADE,
    PRIMARY KEY (meeting_id, person_id)
) WITHOUT ROWID;
CREATE INDEX meeting_attendees_person ON meeting_attendees (person_id, meeting_id);

-- The gate's record: every transition with who and when, and the challenge
-- thread (questions from the executive, answers from the team).
CREATE TABLE meeting_events (
    n          INTEGER PRIMARY KEY,
    meeting_id TEXT NOT NULL REFERENCES meetings (id) ON DELETE CASCADE,
    at         TEXT NOT NULL,
    actor      TEXT NOT NULL,
    action     TEXT NOT NULL CHECK (action IN
                 ('submit', 'challenge', 'answer', 'approve', 'decline', 'reopen',
                  'hold', 'follow_up')),
    from_state TEXT NOT NULL,
    to_state   TEXT NOT NULL,
    body       TEXT,
    reply_to   INTEGER REFERENCES meeting_events (n) ON DELETE CASCADE
);
CREATE INDEX meeting_events_meeting ON meeting_events (meeting_id, n);

-- Small per-vault preferences (the traveller's home time zone, their name …).
CREATE TABLE settings (
    key   TEXT PRIMARY KEY NOT NULL,
    value TEXT NOT NULL
) WITHOUT ROWID;
