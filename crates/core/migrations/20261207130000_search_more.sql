-- One search box for the whole book (issue 13): besides accounts, people and
-- interaction text, the index now holds meetings, blueprints (their question
-- and the ideas captured for them), the goals of a blueprint, feedback and
-- stories. Kept the same way as before: by triggers, in the same statement as
-- the write, so the index can never lag behind; a row in the trash leaves the
-- index and comes back on restore. A trashed account still hides everything
-- of its own at query time, as it hides its people and log.
--
-- `title` keeps holding names only — an account's, a person's, a meeting's, a
-- story's, a goal's, a blueprint's question — so a name search never ranks
-- the text of a million interactions; everything else is in `body`.

-- `search_rows.kind` is checked, so the table is rebuilt with the new kinds
-- (keeping every `n`, the FTS rowid, so the index itself is untouched). The
-- triggers that name it go first and come back unchanged below.
DROP TRIGGER accounts_search_insert;
DROP TRIGGER accounts_search_update;
DROP TRIGGER accounts_search_delete;
DROP TRIGGER people_search_insert;
DROP TRIGGER people_search_update;
DROP TRIGGER people_search_delete;
DROP TRIGGER interactions_search_insert;
DROP TRIGGER interactions_search_update;
DROP TRIGGER interactions_search_delete;

-- A goal has no id of its own outside its blueprint: its `ref_id` is the
-- blueprint's id, '/', the goal's, and `parent_id` is the blueprint's (so a
-- blueprint going to the trash takes its goals out of the index by key).
-- The rows are copied in key order and `ref_id` indexed afterwards (one sort
-- instead of a million random inserts into the index).
CREATE TABLE search_rows_new (
    n          INTEGER PRIMARY KEY,
    ref_id     TEXT NOT NULL,
    kind       TEXT NOT NULL CHECK (kind IN
                 ('account', 'person', 'interaction', 'meeting', 'blueprint', 'goal', 'feedback', 'story')),
    account_id TEXT,
    parent_id  TEXT
);
INSERT INTO search_rows_new (n, ref_id, kind, account_id) SELECT n, ref_id, kind, account_id FROM search_rows ORDER BY n;
DROP TABLE search_rows;
ALTER TABLE search_rows_new RENAME TO search_rows;
CREATE UNIQUE INDEX search_rows_ref ON search_rows (ref_id);
CREATE INDEX search_rows_parent ON search_rows (parent_id) WHERE parent_id IS NOT NULL;

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

-- Meetings: the title is the name; the plan's text is the body. A change of
-- state (the review gate) or of time leaves the index alone.
CREATE TRIGGER meetings_search_insert AFTER INSERT ON meetings BEGIN
    INSERT INTO search_rows (ref_id, kind, account_id) SELECT new.id, 'meeting', new.account_id WHERE new.deleted_at IS NULL;
    INSERT INTO search_index (rowid, title, body)
    SELECT n, new.title, concat_ws(' ', new.objective, new.value_proposition, new.location, new.trip, new.asks, new.talking_points, new.sensitivities, new.logistics) FROM search_rows WHERE ref_id = new.id AND new.deleted_at IS NULL;
END;
CREATE TRIGGER meetings_search_update
AFTER UPDATE OF account_id, title, location, trip, objective, value_proposition, asks, talking_points, sensitivities, logistics, deleted_at ON meetings BEGIN
    DELETE FROM search_index WHERE rowid = (SELECT n FROM search_rows WHERE ref_id = old.id);
    DELETE FROM search_rows WHERE ref_id = old.id;
    INSERT INTO search_rows (ref_id, kind, account_id) SELECT new.id, 'meeting', new.account_id WHERE new.deleted_at IS NULL;
    INSERT INTO search_index (rowid, title, body)
    SELECT n, new.title, concat_ws(' ', new.objective, new.value_proposition, new.location, new.trip, new.asks, new.talking_points, new.sensitivities, new.logistics) FROM search_rows WHERE ref_id = new.id AND new.deleted_at IS NULL;
END;
CREATE TRIGGER meetings_search_delete AFTER DELETE ON meetings BEGIN
    DELETE FROM search_index WHERE rowid = (SELECT n FROM search_rows WHERE ref_id = old.id);
    DELETE FROM search_rows WHERE ref_id = old.id;
END;

-- Blueprints: the question is the name; the ideas captured for it are the
-- body, rewritten when an idea comes, changes or goes (a blueprint has tens
-- of ideas, not thousands). Each goal is a row of its own, in the index while
-- its blueprint is out of the trash.
CREATE TRIGGER blueprints_search_insert AFTER INSERT ON blueprints BEGIN
    INSERT INTO search_rows (ref_id, kind, account_id) SELECT new.id, 'blueprint', new.account_id WHERE new.deleted_at IS NULL;
    INSERT INTO search_index (rowid, title, body)
    SELECT n, new.question, coalesce((SELECT group_concat(text, ' ') FROM blueprint_ideas WHERE blueprint_id = new.id), '')
      FROM search_rows WHERE ref_id = new.id AND new.deleted_at IS NULL;
END;
CREATE TRIGGER blueprints_search_update AFTER UPDATE OF account_id, question, deleted_at ON blueprints BEGIN
    DELETE FROM search_index WHERE rowid IN (SELECT n FROM search_rows WHERE ref_id = old.id OR parent_id = old.id);
    DELETE FROM search_rows WHERE ref_id = old.id OR parent_id = old.id;
    INSERT INTO search_rows (ref_id, kind, account_id) SELECT new.id, 'blueprint', new.account_id WHERE new.deleted_at IS NULL;
    INSERT INTO search_index (rowid, title, body)
    SELECT n, new.question, coalesce((SELECT group_concat(text, ' ') FROM blueprint_ideas WHERE blueprint_id = new.id), '')
      FROM search_rows WHERE ref_id = new.id AND new.deleted_at IS NULL;
    INSERT INTO search_rows (ref_id, kind, account_id, parent_id)
    SELECT new.id || '/' || g.id, 'goal', new.account_id, new.id FROM blueprint_goals g
     WHERE g.blueprint_id = new.id AND new.deleted_at IS NULL ORDER BY g.position;
    INSERT INTO search_index (rowid, title, body)
    SELECT r.n, g.title, concat_ws(' ', g.metric, g.unit) FROM search_rows r
      JOIN blueprint_goals g ON g.blueprint_id = new.id AND r.ref_id = new.id || '/' || g.id
     WHERE r.parent_id = new.id;
END;
CREATE TRIGGER blueprints_search_delete AFTER DELETE ON blueprints BEGIN
    DELETE FROM search_index WHERE rowid IN (SELECT n FROM search_rows WHERE ref_id = old.id OR parent_id = old.id);
    DELETE FROM search_rows WHERE ref_id = old.id OR parent_id = old.id;
END;

CREATE TRIGGER blueprint_ideas_search_insert AFTER INSERT ON blueprint_ideas BEGIN
    DELETE FROM search_index WHERE rowid = (SELECT n FROM search_rows WHERE ref_id = new.blueprint_id);
    INSERT INTO search_index (rowid, title, body)
    SELECT r.n, b.question, coalesce((SELECT group_concat(text, ' ') FROM blueprint_ideas WHERE blueprint_id = b.id), '')
      FROM search_rows r JOIN blueprints b ON b.id = r.ref_id WHERE r.ref_id = new.blueprint_id;
END;
CREATE TRIGGER blueprint_ideas_search_update AFTER UPDATE OF blueprint_id, text ON blueprint_ideas BEGIN
    DELETE FROM search_index WHERE rowid IN (SELECT n FROM search_rows WHERE ref_id IN (old.blueprint_id, new.blueprint_id));
    INSERT INTO search_index (rowid, title, body)
    SELECT r.n, b.question, coalesce((SELECT group_concat(text, ' ') FROM blueprint_ideas WHERE blueprint_id = b.id), '')
      FROM search_rows r JOIN blueprints b ON b.id = r.ref_id WHERE r.ref_id IN (old.blueprint_id, new.blueprint_id);
END;
CREATE TRIGGER blueprint_ideas_search_delete AFTER DELETE ON blueprint_ideas BEGIN
    DELETE FROM search_index WHERE rowid = (SELECT n FROM search_rows WHERE ref_id = old.blueprint_id);
    INSERT INTO search_index (rowid, title, body)
    SELECT r.n, b.question, coalesce((SELECT group_concat(text, ' ') FROM blueprint_ideas WHERE blueprint_id = b.id), '')
      FROM search_rows r JOIN blueprints b ON b.id = r.ref_id WHERE r.ref_id = old.blueprint_id;
END;

-- Goals: the title is the name; what it is measured by is the body.
CREATE TRIGGER blueprint_goals_search_insert AFTER INSERT ON blueprint_goals BEGIN
    INSERT INTO search_rows (ref_id, kind, account_id, parent_id)
    SELECT new.blueprint_id || '/' || new.id, 'goal', b.account_id, b.id FROM blueprints b
     WHERE b.id = new.blueprint_id AND b.deleted_at IS NULL;
    INSERT INTO search_index (rowid, title, body)
    SELECT n, new.title, concat_ws(' ', new.metric, new.unit) FROM search_rows WHERE ref_id = new.blueprint_id || '/' || new.id;
END;
CREATE TRIGGER blueprint_goals_search_update AFTER UPDATE OF blueprint_id, id, title, metric, unit ON blueprint_goals BEGIN
    DELETE FROM search_index WHERE rowid = (SELECT n FROM search_rows WHERE ref_id = old.blueprint_id || '/' || old.id);
    DELETE FROM search_rows WHERE ref_id = old.blueprint_id || '/' || old.id;
    INSERT INTO search_rows (ref_id, kind, account_id, parent_id)
    SELECT new.blueprint_id || '/' || new.id, 'goal', b.account_id, b.id FROM blueprints b
     WHERE b.id = new.blueprint_id AND b.deleted_at IS NULL;
    INSERT INTO search_index (rowid, title, body)
    SELECT n, new.title, concat_ws(' ', new.metric, new.unit) FROM search_rows WHERE ref_id = new.blueprint_id || '/' || new.id;
END;
CREATE TRIGGER blueprint_goals_search_delete AFTER DELETE ON blueprint_goals BEGIN
    DELETE FROM search_index WHERE rowid = (SELECT n FROM search_rows WHERE ref_id = old.blueprint_id || '/' || old.id);
    DELETE FROM search_rows WHERE ref_id = old.blueprint_id || '/' || old.id;
END;

-- Feedback has no name: what they said, its theme, and what became of it are the body.
CREATE TRIGGER feedback_search_insert AFTER INSERT ON feedback BEGIN
    INSERT INTO search_rows (ref_id, kind, account_id) SELECT new.id, 'feedback', new.account_id WHERE new.deleted_at IS NULL;
    INSERT INTO search_index (rowid, title, body)
    SELECT n, '', concat_ws(' ', new.text, new.theme, new.change, new.reason) FROM search_rows WHERE ref_id = new.id AND new.deleted_at IS NULL;
END;
CREATE TRIGGER feedback_search_update AFTER UPDATE OF account_id, text, theme, change, reason, deleted_at ON feedback BEGIN
    DELETE FROM search_index WHERE rowid = (SELECT n FROM search_rows WHERE ref_id = old.id);
    DELETE FROM search_rows WHERE ref_id = old.id;
    INSERT INTO search_rows (ref_id, kind, account_id) SELECT new.id, 'feedback', new.account_id WHERE new.deleted_at IS NULL;
    INSERT INTO search_index (rowid, title, body)
    SELECT n, '', concat_ws(' ', new.text, new.theme, new.change, new.reason) FROM search_rows WHERE ref_id = new.id AND new.deleted_at IS NULL;
END;
CREATE TRIGGER feedback_search_delete AFTER DELETE ON feedback BEGIN
    DELETE FROM search_index WHERE rowid = (SELECT n FROM search_rows WHERE ref_id = old.id);
    DELETE FROM search_rows WHERE ref_id = old.id;
END;

-- Stories: the title is the name; the department, impact and lesson are the body.
CREATE TRIGGER stories_search_insert AFTER INSERT ON stories BEGIN
    INSERT INTO search_rows (ref_id, kind, account_id) SELECT new.id, 'story', new.account_id WHERE new.deleted_at IS NULL;
    INSERT INTO search_index (rowid, title, body)
    SELECT n, new.title, concat_ws(' ', new.department, new.impact, new.lesson) FROM search_rows WHERE ref_id = new.id AND new.deleted_at IS NULL;
END;
CREATE TRIGGER stories_search_update AFTER UPDATE OF account_id, title, department, impact, lesson, deleted_at ON stories BEGIN
    DELETE FROM search_index WHERE rowid = (SELECT n FROM search_rows WHERE ref_id = old.id);
    DELETE FROM search_rows WHERE ref_id = old.id;
    INSERT INTO search_rows (ref_id, kind, account_id) SELECT new.id, 'story', new.account_id WHERE new.deleted_at IS NULL;
    INSERT INTO search_index (rowid, title, body)
    SELECT n, new.title, concat_ws(' ', new.department, new.impact, new.lesson) FROM search_rows WHERE ref_id = new.id AND new.deleted_at IS NULL;
END;
CREATE TRIGGER stories_search_delete AFTER DELETE ON stories BEGIN
    DELETE FROM search_index WHERE rowid = (SELECT n FROM search_rows WHERE ref_id = old.id);
    DELETE FROM search_rows WHERE ref_id = old.id;
END;

-- What is in the book already, oldest first so the newest text comes first in
-- a search. Rows in the trash stay out, as the triggers keep them.
INSERT INTO search_rows (ref_id, kind, account_id)
SELECT id, 'meeting', account_id FROM meetings WHERE deleted_at IS NULL ORDER BY created_at, id;
INSERT INTO search_rows (ref_id, kind, account_id)
SELECT id, 'blueprint', account_id FROM blueprints WHERE deleted_at IS NULL ORDER BY created_at, id;
INSERT INTO search_rows (ref_id, kind, account_id, parent_id)
SELECT b.id || '/' || g.id, 'goal', b.account_id, b.id FROM blueprint_goals g JOIN blueprints b ON b.id = g.blueprint_id
 WHERE b.deleted_at IS NULL ORDER BY b.created_at, b.id, g.position;
INSERT INTO search_rows (ref_id, kind, account_id)
SELECT id, 'feedback', account_id FROM feedback WHERE deleted_at IS NULL ORDER BY received_on, created_at, id;
INSERT INTO search_rows (ref_id, kind, account_id)
SELECT id, 'story', account_id FROM stories WHERE deleted_at IS NULL ORDER BY occurred_on, created_at, id;

-- Each source row finds its key by `ref_id` (unique), never by scanning the
-- map of a million interactions (CROSS JOIN keeps SQLite to that order).
INSERT INTO search_index (rowid, title, body)
SELECT r.n, m.title, concat_ws(' ', m.objective, m.value_proposition, m.location, m.trip, m.asks, m.talking_points, m.sensitivities, m.logistics)
  FROM meetings m CROSS JOIN search_rows r ON r.ref_id = m.id WHERE m.deleted_at IS NULL;
INSERT INTO search_index (rowid, title, body)
SELECT r.n, b.question, coalesce((SELECT group_concat(text, ' ') FROM blueprint_ideas WHERE blueprint_id = b.id), '')
  FROM blueprints b CROSS JOIN search_rows r ON r.ref_id = b.id WHERE b.deleted_at IS NULL;
INSERT INTO search_index (rowid, title, body)
SELECT r.n, g.title, concat_ws(' ', g.metric, g.unit)
  FROM blueprint_goals g CROSS JOIN search_rows r ON r.ref_id = g.blueprint_id || '/' || g.id;
INSERT INTO search_index (rowid, title, body)
SELECT r.n, '', concat_ws(' ', f.text, f.theme, f.change, f.reason)
  FROM feedback f CROSS JOIN search_rows r ON r.ref_id = f.id WHERE f.deleted_at IS NULL;
INSERT INTO search_index (rowid, title, body)
SELECT r.n, s.title, concat_ws(' ', s.department, s.impact, s.lesson)
  FROM stories s CROSS JOIN search_rows r ON r.ref_id = s.id WHERE s.deleted_at IS NULL;
