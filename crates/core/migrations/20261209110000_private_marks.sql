-- Private marks (issue 17, audiences): an interaction marked private keeps
-- its summary, outcomes and follow-ups out of every document but the
-- executive's own copy. The change log's triggers are generated from the
-- schema at open, so the new column is recorded by itself.
ALTER TABLE interactions ADD COLUMN private INTEGER NOT NULL DEFAULT 0 CHECK (private IN (0, 1));
