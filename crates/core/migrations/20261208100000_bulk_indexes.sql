-- The summary refresh clears the due day of an account's ties that are not
-- live (in the trash, or with a person in it): `account_id = ? AND id NOT IN
-- (...)`. The only index on connections.account_id was partial (WHERE
-- deleted_at IS NULL), which that statement cannot use, so SQLite scanned
-- every tie in the book for every account refreshed: 24 ms per account at
-- 10,000 accounts, paid by every edit and 10,000 times by a bulk load (issue
-- 14). One full index serves both: with deleted_at second, the live ties'
-- lookups (`account_id = ? AND deleted_at IS NULL`) still use both columns.
DROP INDEX connections_account;
CREATE INDEX connections_account ON connections (account_id, deleted_at);

-- A change to one of our people refreshes every account they are tied to
-- (`connections WHERE ours_id = ?`, trash included), which only the partial
-- pair index covered.
CREATE INDEX connections_ours ON connections (ours_id);
