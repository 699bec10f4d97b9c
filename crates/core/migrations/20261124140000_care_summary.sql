-- The portfolio and Today read one narrow row per account (issue 6): the
-- summary gains the margin, the day the account's next contact is due (its
-- last contact, or the day it was created, plus its target interval), and
-- the latest health score with its trend and the backsliding rules that
-- fired. The summary refresh and the health record keep them.

ALTER TABLE account_summaries ADD COLUMN annual_margin INTEGER;
ALTER TABLE account_summaries ADD COLUMN due_on TEXT;
ALTER TABLE account_summaries ADD COLUMN health INTEGER;
ALTER TABLE account_summaries ADD COLUMN health_on TEXT;
-- Points against the score closest to 90 days before the latest one.
ALTER TABLE account_summaries ADD COLUMN health_trend INTEGER;
-- Space-separated backsliding codes at the latest score: 'rarer', 'down_the_levels'.
ALTER TABLE account_summaries ADD COLUMN backslides TEXT NOT NULL DEFAULT '';
CREATE INDEX account_summaries_due ON account_summaries (due_on);

UPDATE account_summaries SET
    annual_margin = (SELECT a.annual_margin FROM accounts a WHERE a.id = account_summaries.account_id),
    due_on = (
        SELECT date(coalesce(account_summaries.last_contact, substr(a.created_at, 1, 10)),
                    '+' || coalesce(a.cadence_days,
                                    CASE account_summaries.tier WHEN 'strategic' THEN 30 WHEN 'key' THEN 60 ELSE 90 END)
                        || ' days')
          FROM accounts a WHERE a.id = account_summaries.account_id),
    health = (SELECT h.score FROM health_history h WHERE h.account_id = account_summaries.account_id
               ORDER BY h.on_date DESC LIMIT 1),
    health_on = (SELECT max(h.on_date) FROM health_history h WHERE h.account_id = account_summaries.account_id);
UPDATE account_summaries SET health_trend = health - (
        SELECT h.score FROM health_history h
         WHERE h.account_id = account_summaries.account_id AND h.on_date <= date(account_summaries.health_on, '-90 days')
         ORDER BY h.on_date DESC LIMIT 1)
 WHERE health_on IS NOT NULL;

-- Nothing is due on the ties of an account in the trash; Today counts overdue
-- ties from their index alone.
UPDATE connections SET due_on = NULL
 WHERE due_on IS NOT NULL AND account_id IN (SELECT id FROM accounts WHERE deleted_at IS NOT NULL);
