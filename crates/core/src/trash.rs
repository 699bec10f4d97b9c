//! Nothing is deleted out from under the user: "delete" moves a row to the
//! trash (it disappears everywhere and leaves the search index), "restore"
//! brings it back as it was, and only emptying the trash removes it for good.
//! A trashed account takes its people, ties, log, feedback and stories with
//! it, and they return with it.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use sqlx::{SqliteConnection, SqlitePool};

use crate::error::{Error, Result};
use crate::summary;
use crate::text;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "snake_case")]
pub enum TrashKind {
    Account,
    Person,
    Connection,
    Interaction,
    Meeting,
    Blueprint,
    /// A piece of feedback, with the steps of its loop.
    Feedback,
    Story,
}

impl TrashKind {
    fn table(self) -> &'static str {
        match self {
            Self::Account => "accounts",
            Self::Person => "people",
            Self::Connection => "connections",
            Self::Interaction => "interactions",
            Self::Meeting => "meetings",
            Self::Blueprint => "blueprints",
            Self::Feedback => "feedback",
            Self::Story => "stories",
        }
    }

    fn noun(self) -> &'static str {
        match self {
            Self::Account => "account",
            Self::Person => "person",
            Self::Connection => "connection",
            Self::Interaction => "interaction",
            Self::Meeting => "meeting",
            Self::Blueprint => "blueprint",
            Self::Feedback => "feedback",
            Self::Story => "story",
        }
    }
}

/// The trash as the page shows it: the newest items and how many rows
/// "empty the trash" would remove (including those inside trashed accounts).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct TrashList {
    pub items: Vec<TrashItem>,
    /// Items listed above, before the cap.
    pub listed_total: u32,
    /// Every row in the trash.
    pub rows_total: u32,
}

/// How many items the trash page lists.
pub const LIST_LIMIT: u32 = 1000;

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct TrashItem {
    pub kind: TrashKind,
    pub id: String,
    /// What the user would recognise it by.
    pub label: String,
    /// The account it belonged to, if any.
    pub account_name: Option<String>,
    pub deleted_at: String,
}

/// The accounts whose summaries a change to this row affects.
async fn affected_accounts(conn: &mut SqliteConnection, kind: TrashKind, id: &str) -> Result<Vec<String>> {
    let sql = match kind {
        TrashKind::Account => "SELECT id FROM accounts WHERE id = ?1",
        TrashKind::Connection => "SELECT account_id FROM connections WHERE id = ?1",
        TrashKind::Interaction => "SELECT account_id FROM interactions WHERE id = ?1",
        // Meetings are not in the account summaries. A blueprint's planned
        // ties are drawn on the map, which is read fresh each time. Feedback
        // and stories count in the health score from the next time it is
        // recorded; the one already recorded for a day stays as it was.
        TrashKind::Meeting | TrashKind::Blueprint | TrashKind::Feedback | TrashKind::Story => return Ok(Vec::new()),
        TrashKind::Person => {
            "SELECT account_id FROM people WHERE id = ?1 AND account_id IS NOT NULL
             UNION SELECT account_id FROM connections WHERE ours_id = ?1
             UNION SELECT id FROM accounts WHERE owner_id = ?1 OR sponsor_id = ?1"
        }
    };
    Ok(sqlx::query_scalar(sql).bind(id).fetch_all(&mut *conn).await?)
}

/// Rewrites the summaries of the accounts a change touched (a trashed
/// account loses its row; a restored one gets it back).
async fn refresh_live(conn: &mut SqliteConnection, accounts: &[String]) -> Result<()> {
    for account in accounts {
        summary::refresh(conn, account).await?;
    }
    Ok(())
}

/// Moves one row to the trash.
pub async fn delete(pool: &SqlitePool, kind: TrashKind, id: &str, now: DateTime<Utc>) -> Result<()> {
    let mut tx = crate::db::begin_write(pool, now).await?;
    let done = sqlx::query(sql!("UPDATE {} SET deleted_at = ?2 WHERE id = ?1 AND deleted_at IS NULL", kind.table()))
        .bind(id)
        .bind(text::timestamp(now))
        .execute(&mut *tx)
        .await?;
    if done.rows_affected() == 0 {
        return Err(Error::NotFound(kind.noun().into()));
    }
    let accounts = affected_accounts(&mut tx, kind, id).await?;
    refresh_live(&mut tx, &accounts).await?;
    tx.commit().await?;
    Ok(())
}

/// Brings one row back from the trash. Refused, with the reason, when that
/// would clash with what exists now.
pub async fn restore(pool: &SqlitePool, kind: TrashKind, id: &str, now: DateTime<Utc>) -> Result<()> {
    let mut tx = crate::db::begin_write(pool, now).await?;
    let in_trash: Option<i64> =
        sqlx::query_scalar(sql!("SELECT 1 FROM {} WHERE id = ?1 AND deleted_at IS NOT NULL", kind.table()))
            .bind(id)
            .fetch_optional(&mut *tx)
            .await?;
    if in_trash.is_none() {
        return Err(Error::NotFound(format!("{} in the trash", kind.noun())));
    }
    check_parents_live(&mut tx, kind, id).await?;
    if kind == TrashKind::Blueprint {
        crate::blueprint::store::check_restorable(&mut tx, id).await?;
    }
    let result = sqlx::query(sql!("UPDATE {} SET deleted_at = NULL WHERE id = ?1", kind.table()))
        .bind(id)
        .execute(&mut *tx)
        .await;
    if let Err(sqlx::Error::Database(db)) = &result
        && db.is_unique_violation()
    {
        return Err(match kind {
            TrashKind::Account => Error::validation(
                "name",
                "an account with this name exists now; rename or delete that one, then restore this",
            ),
            _ => Error::validation("theirs_id", "these two are connected again already; edit that connection"),
        });
    }
    result?;
    let accounts = affected_accounts(&mut tx, kind, id).await?;
    refresh_live(&mut tx, &accounts).await?;
    tx.commit().await?;
    Ok(())
}

/// A row comes back only into a live account, and a tie only between two
/// live people: otherwise it would be "restored" and still invisible.
async fn check_parents_live(conn: &mut SqliteConnection, kind: TrashKind, id: &str) -> Result<()> {
    let sql = match kind {
        TrashKind::Account => return Ok(()),
        TrashKind::Person => {
            "SELECT 'their account ' || a.name FROM people p JOIN accounts a ON a.id = p.account_id
             WHERE p.id = ?1 AND a.deleted_at IS NOT NULL"
        }
        TrashKind::Interaction => {
            "SELECT 'its account ' || a.name FROM interactions i JOIN accounts a ON a.id = i.account_id
             WHERE i.id = ?1 AND a.deleted_at IS NOT NULL"
        }
        TrashKind::Meeting => {
            "SELECT 'its account ' || a.name FROM meetings m JOIN accounts a ON a.id = m.account_id
             WHERE m.id = ?1 AND a.deleted_at IS NOT NULL"
        }
        TrashKind::Blueprint => {
            "SELECT 'its account ' || a.name FROM blueprints b JOIN accounts a ON a.id = b.account_id
             WHERE b.id = ?1 AND a.deleted_at IS NOT NULL"
        }
        TrashKind::Feedback => {
            "SELECT 'its account ' || a.name FROM feedback f JOIN accounts a ON a.id = f.account_id
             WHERE f.id = ?1 AND a.deleted_at IS NOT NULL"
        }
        TrashKind::Story => {
            "SELECT 'its account ' || a.name FROM stories s JOIN accounts a ON a.id = s.account_id
             WHERE s.id = ?1 AND a.deleted_at IS NOT NULL"
        }
        TrashKind::Connection => {
            "SELECT 'its account ' || a.name FROM connections c JOIN accounts a ON a.id = c.account_id
             WHERE c.id = ?1 AND a.deleted_at IS NOT NULL
             UNION ALL
             SELECT p.name FROM connections c JOIN people p ON p.id IN (c.ours_id, c.theirs_id)
             WHERE c.id = ?1 AND p.deleted_at IS NOT NULL"
        }
    };
    let blocked: Option<String> = sqlx::query_scalar(sql).bind(id).fetch_optional(&mut *conn).await?;
    match blocked {
        Some(what) => Err(Error::validation("trash", format!("{what} is in the trash too; restore that first"))),
        None => Ok(()),
    }
}

/// Everything in the trash, most recently deleted first. Rows inside a trashed
/// account are not listed separately: they come back with it.
pub async fn list(pool: &SqlitePool) -> Result<TrashList> {
    let mut conn = pool.acquire().await?;
    let rows_total: i64 = sqlx::query_scalar(
        "SELECT (SELECT count(*) FROM accounts WHERE deleted_at IS NOT NULL)
              + (SELECT count(*) FROM people WHERE deleted_at IS NOT NULL)
              + (SELECT count(*) FROM connections WHERE deleted_at IS NOT NULL)
              + (SELECT count(*) FROM interactions WHERE deleted_at IS NOT NULL)
              + (SELECT count(*) FROM meetings WHERE deleted_at IS NOT NULL)
              + (SELECT count(*) FROM blueprints WHERE deleted_at IS NOT NULL)
              + (SELECT count(*) FROM feedback WHERE deleted_at IS NOT NULL)
              + (SELECT count(*) FROM stories WHERE deleted_at IS NOT NULL)",
    )
    .fetch_one(&mut *conn)
    .await?;
    let listed_total: i64 = sqlx::query_scalar(
        "SELECT (SELECT count(*) FROM accounts WHERE deleted_at IS NOT NULL)
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
                  WHERE s.deleted_at IS NOT NULL AND a.deleted_at IS NULL)",
    )
    .fetch_one(&mut *conn)
    .await?;
    let rows: Vec<(String, String, String, Option<String>, String)> = sqlx::query_as(
        "SELECT 'account', a.id, a.name, NULL, a.deleted_at FROM accounts a WHERE a.deleted_at IS NOT NULL
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
         LIMIT ?1",
    )
    .bind(LIST_LIMIT)
    .fetch_all(&mut *conn)
    .await?;
    let items = rows
        .into_iter()
        .map(|(kind, id, label, account_name, deleted_at)| {
            let kind = match kind.as_str() {
                "account" => TrashKind::Account,
                "person" => TrashKind::Person,
                "connection" => TrashKind::Connection,
                "meeting" => TrashKind::Meeting,
                "blueprint" => TrashKind::Blueprint,
                "feedback" => TrashKind::Feedback,
                "story" => TrashKind::Story,
                _ => TrashKind::Interaction,
            };
            let label = if kind == TrashKind::Feedback { first_words(&label, FEEDBACK_LABEL_CHARS) } else { label };
            TrashItem { kind, id, label, account_name, deleted_at }
        })
        .collect();
    let count = |n: i64| u32::try_from(n).unwrap_or(u32::MAX);
    Ok(TrashList { items, listed_total: count(listed_total), rows_total: count(rows_total) })
}

/// How much of a piece of feedback its trash label shows.
const FEEDBACK_LABEL_CHARS: usize = 60;

/// The first words of `text` on one line, cut at a word boundary within
/// `max` characters, with an ellipsis when something was left out.
fn first_words(text: &str, max: usize) -> String {
    let line = text.split_whitespace().collect::<Vec<_>>().join(" ");
    if line.chars().count() <= max {
        return line;
    }
    let cut: String = line.chars().take(max).collect();
    let words = match cut.rfind(' ') {
        Some(space) if space > 0 => &cut[..space],
        _ => cut.as_str(),
    };
    format!("{}…", words.trim_end_matches([',', ';', ':', '.', ' ']))
}

/// Removes everything in the trash for good.
pub async fn empty(pool: &SqlitePool, now: DateTime<Utc>) -> Result<u64> {
    let mut tx = crate::db::begin_write(pool, now).await?;
    let mut removed = 0;
    // Feedback takes the steps of its loop with it, by foreign-key cascade.
    for table in ["feedback", "stories", "blueprints", "meetings", "interactions", "connections", "people", "accounts"]
    {
        removed += sqlx::query(sql!("DELETE FROM {table} WHERE deleted_at IS NOT NULL"))
            .execute(&mut *tx)
            .await?
            .rows_affected();
    }
    // No summary changes: they already leave trashed rows out. (Rows inside a
    // trashed account go with it, by foreign-key cascade.)
    tx.commit().await?;
    Ok(removed)
}

#[cfg(test)]
mod tests {
    use super::first_words;

    #[test]
    fn a_label_is_the_first_words_on_one_line() {
        assert_eq!(first_words("Short and sweet.", 60), "Short and sweet.");
        assert_eq!(first_words("Two\nlines,   spaced", 60), "Two lines, spaced");
        assert_eq!(
            first_words("Your invoices never carry our purchase order number, so they sit in a queue", 40),
            "Your invoices never carry our purchase…"
        );
        assert_eq!(first_words("Onewordthatgoesonandon", 8), "Onewordt…");
    }
}
