-- Each tie's last contact and next due day (added by the care migration) were
-- filled in only by the next refresh of the tie's account, so a tie given a
-- cadence before then never showed as overdue on Today until something
-- touched its account. This fills them in as the summary's refresh does: for
-- a live tie between live people of a live account, the last interaction both
-- ends attended, and, when it has a cadence and both people are active, that
-- day (or the day the tie was recorded) plus the cadence. Nothing is due on
-- any other tie.

UPDATE connections SET last_contact = (
        SELECT max(i.occurred_on) FROM interaction_people b
          JOIN interaction_people a ON a.interaction_id = b.interaction_id AND a.person_id = connections.ours_id
          JOIN interactions i ON i.id = b.interaction_id AND i.deleted_at IS NULL
         WHERE b.person_id = connections.theirs_id)
 WHERE deleted_at IS NULL
   AND EXISTS (SELECT 1 FROM accounts a WHERE a.id = connections.account_id AND a.deleted_at IS NULL)
   AND EXISTS (SELECT 1 FROM people o WHERE o.id = connections.ours_id AND o.deleted_at IS NULL)
   AND EXISTS (SELECT 1 FROM people t WHERE t.id = connections.theirs_id AND t.deleted_at IS NULL);

UPDATE connections SET due_on = CASE
    WHEN deleted_at IS NULL AND cadence_days IS NOT NULL
     AND EXISTS (SELECT 1 FROM accounts a WHERE a.id = connections.account_id AND a.deleted_at IS NULL)
     AND EXISTS (SELECT 1 FROM people o WHERE o.id = connections.ours_id AND o.deleted_at IS NULL AND o.active = 1)
     AND EXISTS (SELECT 1 FROM people t WHERE t.id = connections.theirs_id AND t.deleted_at IS NULL
                    AND t.active = 1 AND t.account_id = connections.account_id)
    THEN date(substr(coalesce(last_contact, created_at), 1, 10), '+' || cadence_days || ' days')
END;

-- A former customer is due for contact only with a cadence set on purpose,
-- not by its tier's default.
UPDATE account_summaries SET due_on = NULL
 WHERE due_on IS NOT NULL
   AND EXISTS (SELECT 1 FROM accounts a WHERE a.id = account_summaries.account_id
                  AND a.status = 'former' AND a.cadence_days IS NULL);
