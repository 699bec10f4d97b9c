//! Store: the trash, across the tables whose rows can be in it.

use sqlx::SqliteConnection;

use super::{Timestamp, unless_unique};
use crate::error::Result;
use crate::kinds::TrashKind;

/// Runs a statement on the table that holds rows of `kind`. The query macro
/// gets the SQL before the table's name and after it, which sqlx joins with
/// the name (literals joined by `+`), so each table's statement is checked
/// at compile time; what follows the macro call runs it.
macro_rules! on_table {
    ($kind:expr, $query:ident!($before:tt, $after:tt $(, $arg:expr)* $(,)?) $($then:tt)*) => {
        match $kind {
            TrashKind::Account => sqlx::$query!($before + "accounts" + $after $(, $arg)*) $($then)*,
            TrashKind::Person => sqlx::$query!($before + "people" + $after $(, $arg)*) $($then)*,
            TrashKind::Connection => sqlx::$query!($before + "connections" + $after $(, $arg)*) $($then)*,
            TrashKind::Interaction => sqlx::$query!($before + "interactions" + $after $(, $arg)*) $($then)*,
            TrashKind::Meeting => sqlx::$query!($before + "meetings" + $after $(, $arg)*) $($then)*,
            TrashKind::Blueprint => sqlx::$query!($before + "blueprints" + $after $(, $arg)*) $($then)*,
            TrashKind::Feedback => sqlx::$query!($before + "feedback" + $after $(, $arg)*) $($then)*,
            TrashKind::Story => sqlx::$query!($before + "stories" + $after $(, $arg)*) $($then)*,
        }
    };
}

/// Moves a live row to the trash; `false` when there is none.
pub(crate) async fn delete(conn: &mut SqliteConnection, kind: TrashKind, id: &str, stamp: &str) -> Result<bool> {
    let done = on_table!(
        kind,
        query!("UPDATE ", " SET deleted_at = ?2 WHERE id = ?1 AND deleted_at IS NULL", id, stamp)
            .execute(&mut *conn)
            .await?
    );
    Ok(done.rows_affected() > 0)
}

/// Whether the row is in the trash.
pub(crate) async fn is_trashed(conn: &mut SqliteConnection, kind: TrashKind, id: &str) -> Result<bool> {
    let in_trash = on_table!(
        kind,
        query_scalar!("SELECT 1 FROM ", " WHERE id = ?1 AND deleted_at IS NOT NULL", id)
            .fetch_optional(&mut *conn)
            .await?
    );
    Ok(in_trash.is_some())
}

/// Takes the row out of the trash; `Ok(false)` when a unique index refuses
/// (a live account has its name, or the two people are connected again).
pub(crate) async fn restore(conn: &mut SqliteConnection, kind: TrashKind, id: &str) -> Result<bool> {
    unless_unique(on_table!(
        kind,
        query!("UPDATE ", " SET deleted_at = NULL WHERE id = ?1", id).execute(&mut *conn).await
    ))
}

/// The accounts whose summaries a change to this row affects.
pub(crate) async fn affected_accounts(conn: &mut SqliteConnection, kind: TrashKind, id: &str) -> Result<Vec<String>> {
    Ok(match kind {
        TrashKind::Account => {
            sqlx::query_scalar!("SELECT id FROM accounts WHERE id = ?1", id).fetch_all(&mut *conn).await?
        }
        TrashKind::Connection => {
            sqlx::query_scalar!("SELECT account_id FROM connections WHERE id = ?1", id).fetch_all(&mut *conn).await?
        }
        TrashKind::Interaction => {
            sqlx::query_scalar!("SELECT account_id FROM interactions WHERE id = ?1", id).fetch_all(&mut *conn).await?
        }
        // Meetings are not in the account summaries. A blueprint's planned
        // ties are drawn on the map, which is read fresh each time. Feedback
        // and stories count in the health score from the next time it is
        // recorded; the one already recorded for a day stays as it was.
        TrashKind::Meeting | TrashKind::Blueprint | TrashKind::Feedback | TrashKind::Story => Vec::new(),
        // `!`: the first part keeps only people with an account, which
        // SQLite's nullability inference does not see.
        TrashKind::Person => {
            sqlx::query_scalar!(
                r#"SELECT account_id AS "account_id!" FROM people WHERE id = ?1 AND account_id IS NOT NULL
                 UNION SELECT account_id FROM connections WHERE ours_id = ?1
                 UNION SELECT id FROM accounts WHERE owner_id = ?1 OR sponsor_id = ?1"#,
                id
            )
            .fetch_all(&mut *conn)
            .await?
        }
    })
}

/// What in the trash keeps this row from coming back: its account ("its
/// account Nordhavn"), or one of a tie's people; `None` when nothing does.
pub(crate) async fn trashed_parent(conn: &mut SqliteConnection, kind: TrashKind, id: &str) -> Result<Option<String>> {
    Ok(match kind {
        TrashKind::Account => None,
        TrashKind::Person => {
            sqlx::query_scalar!(
                r#"SELECT 'their account ' || a.name AS parent FROM people p JOIN accounts a ON a.id = p.account_id
                 WHERE p.id = ?1 AND a.deleted_at IS NOT NULL"#,
                id
            )
            .fetch_optional(&mut *conn)
            .await?
        }
        TrashKind::Interaction => {
            sqlx::query_scalar!(
                r#"SELECT 'its account ' || a.name AS parent FROM interactions i JOIN accounts a ON a.id = i.account_id
                 WHERE i.id = ?1 AND a.deleted_at IS NOT NULL"#,
                id
            )
            .fetch_optional(&mut *conn)
            .await?
        }
        TrashKind::Meeting => {
            sqlx::query_scalar!(
                r#"SELECT 'its account ' || a.name AS parent FROM meetings m JOIN accounts a ON a.id = m.account_id
                 WHERE m.id = ?1 AND a.deleted_at IS NOT NULL"#,
                id
            )
            .fetch_optional(&mut *conn)
            .await?
        }
        TrashKind::Blueprint => {
            sqlx::query_scalar!(
                r#"SELECT 'its account ' || a.name AS parent FROM blueprints b JOIN accounts a ON a.id = b.account_id
                 WHERE b.id = ?1 AND a.deleted_at IS NOT NULL"#,
                id
            )
            .fetch_optional(&mut *conn)
            .await?
        }
        TrashKind::Feedback => {
            sqlx::query_scalar!(
                r#"SELECT 'its account ' || a.name AS parent FROM feedback f JOIN accounts a ON a.id = f.account_id
                 WHERE f.id = ?1 AND a.deleted_at IS NOT NULL"#,
                id
            )
            .fetch_optional(&mut *conn)
            .await?
        }
        TrashKind::Story => {
            sqlx::query_scalar!(
                r#"SELECT 'its account ' || a.name AS parent FROM stories s JOIN accounts a ON a.id = s.account_id
                 WHERE s.id = ?1 AND a.deleted_at IS NOT NULL"#,
                id
            )
            .fetch_optional(&mut *conn)
            .await?
        }
        TrashKind::Connection => {
            sqlx::query_scalar!(
                r#"SELECT 'its account ' || a.name AS parent FROM connections c JOIN accounts a ON a.id = c.account_id
                 WHERE c.id = ?1 AND a.deleted_at IS NOT NULL
                 UNION ALL
                 SELECT p.name FROM connections c JOIN people p ON p.id IN (c.ours_id, c.theirs_id)
                 WHERE c.id = ?1 AND p.deleted_at IS NOT NULL"#,
                id
            )
            .fetch_optional(&mut *conn)
            .await?
        }
    })
}

/// How many rows are in the trash, and how many of them the trash lists
/// (those inside a trashed account come back with it).
pub(crate) async fn totals(conn: &mut SqliteConnection) -> Result<(i64, i64)> {
    // `!`: a sum of counts is never NULL, which SQLite's inference does not
    // tell.
    let rows_total = sqlx::query_scalar!(
        r#"SELECT (SELECT count(*) FROM accounts WHERE deleted_at IS NOT NULL)
              + (SELECT count(*) FROM people WHERE deleted_at IS NOT NULL)
              + (SELECT count(*) FROM connections WHERE deleted_at IS NOT NULL)
              + (SELECT count(*) FROM interactions WHERE deleted_at IS NOT NULL)
              + (SELECT count(*) FROM meetings WHERE deleted_at IS NOT NULL)
              + (SELECT count(*) FROM blueprints WHERE deleted_at IS NOT NULL)
              + (SELECT count(*) FROM feedback WHERE deleted_at IS NOT NULL)
              + (SELECT count(*) FROM stories WHERE deleted_at IS NOT NULL) AS "rows!""#,
    )
    .fetch_one(&mut *conn)
    .await?;
    let listed_total = sqlx::query_scalar!(
        r#"SELECT (SELECT count(*) FROM accounts WHERE deleted_at IS NOT NULL)
              + (SELECT count(*) FROM people p LEFT JOIN accounts a ON a.id = p.account_id
                  WHERE p.deleted_at IS NOT NULL AND (a.id IS NULL OR a.deleted_at IS NULL))
              + (SELECT count(*) FROM connections c JOIN accounts a ON a.id = c.account_id
                  WHERE c.deleted_at IS NOT NULL AND a.deleted_at IS NULL)
              + (SELECT count(*) FROM interactions i JOIN accounts a ON a.id = i.account_id
                  WHERE i.deleted_at IS NOT NULL AND a.deleted_at IS NULL)
              + (SELECT count(*) FROM meetings m JOIN accounts a ON a.id = m.account_id
                  WHERE m.deleted_at IS NOT NULL AND a.deleted_at IS NULL)
              + (SELECT count(*) FROM blueprints b JOIN accounts a ON a.id = b.account_id
                  WHERE b.deleted_at IS NOT NULL AND a.deleted_at IS NULL)
              + (SELECT count(*) FROM feedback f JOIN accounts a ON a.id = f.account_id
                  WHERE f.deleted_at IS NOT NULL AND a.deleted_at IS NULL)
              + (SELECT count(*) FROM stories s JOIN accounts a ON a.id = s.account_id
                  WHERE s.deleted_at IS NOT NULL AND a.deleted_at IS NULL) AS "listed!""#,
    )
    .fetch_one(&mut *conn)
    .await?;
    Ok((rows_total, listed_total))
}

/// One item of the trash list: `kind` is the stored word of a [`TrashKind`].
pub(crate) struct ItemRow {
    pub(crate) kind: String,
    pub(crate) id: String,
    pub(crate) label: String,
    pub(crate) account_name: Option<String>,
    pub(crate) deleted_at: Timestamp,
}

/// The items the trash lists, most recently deleted first, at most `limit`.
pub(crate) async fn items(conn: &mut SqliteConnection, limit: u32) -> Result<Vec<ItemRow>> {
    // SQLite's inference reads the columns from the first part alone: `!`, no
    // part's label is NULL, nor its time of deletion (each keeps rows in the
    // trash); `?`, the account's name is NULL for an account and for one of
    // our people.
    Ok(sqlx::query_as!(
        ItemRow,
        r#"SELECT 'account' AS kind, a.id AS id, a.name AS "label!", NULL AS "account_name?",
                a.deleted_at AS "deleted_at!: Timestamp"
           FROM accounts a WHERE a.deleted_at IS NOT NULL
         UNION ALL
         SELECT 'person', p.id, p.name || coalesce(' — ' || p.title, ''), a.name, p.deleted_at
           FROM people p LEFT JOIN accounts a ON a.id = p.account_id
          WHERE p.deleted_at IS NOT NULL AND (a.id IS NULL OR a.deleted_at IS NULL)
         UNION ALL
         SELECT 'connection', c.id, o.name || ' ↔ ' || t.name, a.name, c.deleted_at
           FROM connections c JOIN people o ON o.id = c.ours_id JOIN people t ON t.id = c.theirs_id
           JOIN accounts a ON a.id = c.account_id
          WHERE c.deleted_at IS NOT NULL AND a.deleted_at IS NULL
         UNION ALL
         SELECT 'interaction', i.id, i.occurred_on || ' ' || substr(i.summary, 1, 80), a.name, i.deleted_at
           FROM interactions i JOIN accounts a ON a.id = i.account_id
          WHERE i.deleted_at IS NOT NULL AND a.deleted_at IS NULL
         UNION ALL
         SELECT 'meeting', m.id, substr(m.starts_local, 1, 10) || ' ' || m.title, a.name, m.deleted_at
           FROM meetings m JOIN accounts a ON a.id = m.account_id
          WHERE m.deleted_at IS NOT NULL AND a.deleted_at IS NULL
         UNION ALL
         SELECT 'blueprint', b.id, 'Blueprint ' || b.starts_on || ' to ' || b.ends_on, a.name, b.deleted_at
           FROM blueprints b JOIN accounts a ON a.id = b.account_id
          WHERE b.deleted_at IS NOT NULL AND a.deleted_at IS NULL
         UNION ALL
         SELECT 'feedback', f.id, substr(f.text, 1, 200), a.name, f.deleted_at
           FROM feedback f JOIN accounts a ON a.id = f.account_id
          WHERE f.deleted_at IS NOT NULL AND a.deleted_at IS NULL
         UNION ALL
         SELECT 'story', s.id, s.title, a.name, s.deleted_at
           FROM stories s JOIN accounts a ON a.id = s.account_id
          WHERE s.deleted_at IS NOT NULL AND a.deleted_at IS NULL
         ORDER BY 5 DESC
         LIMIT ?1"#,
        limit,
    )
    .fetch_all(&mut *conn)
    .await?)
}

/// Removes everything in the trash for good; how many rows went.
pub(crate) async fn empty(conn: &mut SqliteConnection) -> Result<u64> {
    let mut removed = 0;
    // Feedback takes the steps of its loop with it, by foreign-key cascade.
    for kind in [
        TrashKind::Feedback,
        TrashKind::Story,
        TrashKind::Blueprint,
        TrashKind::Meeting,
        TrashKind::Interaction,
        TrashKind::Connection,
        TrashKind::Person,
        TrashKind::Account,
    ] {
        removed += on_table!(kind, query!("DELETE FROM ", " WHERE deleted_at IS NOT NULL").execute(&mut *conn).await?)
            .rows_affected();
    }
    Ok(removed)
}
