//! Store: a bulk load's change log and search index, a batch at a time.
//!
//! A load into an empty book (the JSON import, the generated books) sets the
//! per-row insert triggers of its big tables aside ([`set_aside`]); after each
//! batch, [`record`] writes what they would have written — the change log's
//! entries and the search index's rows — in a few statements over the batch,
//! in the same order, so the log and the index hold exactly what the triggers
//! would have left. [`put_back`] restores the triggers before the load
//! commits. Every other table, and every write outside a load, keeps its
//! triggers.

use sqlx::SqliteConnection;

use crate::error::Result;
use crate::vault::triggers;

/// Sets the insert triggers of the batched tables aside for the rest of the
/// transaction (see `vault/triggers.rs`).
pub(crate) async fn set_aside(conn: &mut SqliteConnection) -> Result<()> {
    triggers::set_aside(conn).await
}

/// Puts the triggers back (before the load commits); nothing when none are aside.
pub(crate) async fn put_back(conn: &mut SqliteConnection) -> Result<()> {
    triggers::put_back(conn).await
}

/// After a batch of `table` was inserted: when its triggers are aside, writes
/// the change log's entries and the search index's rows for the rows written
/// since the last batch, as the insert triggers would have, row after row.
pub(crate) async fn record(conn: &mut SqliteConnection, table: &str) -> Result<()> {
    let Some(aside) = triggers::aside(conn, table).await? else { return Ok(()) };
    triggers::record(conn, table, &aside).await?;
    let after = aside.after;
    // The search triggers' statements (migration `search_more`) over the
    // batch: the rows' keys in the order written, so each gets the `n` the
    // trigger would have given it; rows in the trash stay out.
    match table {
        "accounts" => {
            sqlx::query!(
                "INSERT INTO search_rows (ref_id, kind, account_id)
                 SELECT id, 'account', id FROM accounts WHERE rowid > ?1 AND deleted_at IS NULL ORDER BY rowid",
                after
            )
            .execute(&mut *conn)
            .await?;
            sqlx::query!(
                "INSERT INTO search_index (rowid, title, body)
                 SELECT r.n, a.name, concat_ws(' ', a.industry, a.region, a.business_environment, a.customer_strategy, a.mutual_goals)
                   FROM accounts a CROSS JOIN search_rows r ON r.ref_id = a.id
                  WHERE a.rowid > ?1 AND a.deleted_at IS NULL ORDER BY r.n",
                after
            )
            .execute(&mut *conn)
            .await?;
        }
        "people" => {
            sqlx::query!(
                "INSERT INTO search_rows (ref_id, kind, account_id)
                 SELECT id, 'person', account_id FROM people WHERE rowid > ?1 AND deleted_at IS NULL ORDER BY rowid",
                after
            )
            .execute(&mut *conn)
            .await?;
            sqlx::query!(
                "INSERT INTO search_index (rowid, title, body)
                 SELECT r.n, p.name, concat_ws(' ', p.title, p.department, p.email, p.notes)
                   FROM people p CROSS JOIN search_rows r ON r.ref_id = p.id
                  WHERE p.rowid > ?1 AND p.deleted_at IS NULL ORDER BY r.n",
                after
            )
            .execute(&mut *conn)
            .await?;
        }
        "interactions" => {
            sqlx::query!(
                "INSERT INTO search_rows (ref_id, kind, account_id)
                 SELECT id, 'interaction', account_id FROM interactions WHERE rowid > ?1 AND deleted_at IS NULL ORDER BY rowid",
                after
            )
            .execute(&mut *conn)
            .await?;
            sqlx::query!(
                "INSERT INTO search_index (rowid, title, body)
                 SELECT r.n, '', concat_ws(' ', x.summary, x.outcomes, x.follow_ups)
                   FROM interactions x CROSS JOIN search_rows r ON r.ref_id = x.id
                  WHERE x.rowid > ?1 AND x.deleted_at IS NULL ORDER BY r.n",
                after
            )
            .execute(&mut *conn)
            .await?;
        }
        _ => {}
    }
    Ok(())
}
