//! Nothing is deleted out from under the user: "delete" moves a row to the
//! trash (it disappears everywhere and leaves the search index), "restore"
//! brings it back as it was, and only emptying the trash removes it for good.
//! A trashed account takes its people, ties, log, feedback and stories with
//! it, and they return with it.

use chrono::{DateTime, Utc};
use serde::Serialize;
use sqlx::{SqliteConnection, SqlitePool};

use crate::error::{Error, Result};
pub use crate::kinds::TrashKind;
use crate::store::trash as store;
use crate::summary;
use crate::text;

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
    if !store::delete(&mut tx, kind, id, &text::timestamp(now)).await? {
        return Err(Error::NotFound(kind.noun().into()));
    }
    let accounts = store::affected_accounts(&mut tx, kind, id).await?;
    refresh_live(&mut tx, &accounts).await?;
    tx.commit().await?;
    Ok(())
}

/// Brings one row back from the trash. Refused, with the reason, when that
/// would clash with what exists now.
pub async fn restore(pool: &SqlitePool, kind: TrashKind, id: &str, now: DateTime<Utc>) -> Result<()> {
    let mut tx = crate::db::begin_write(pool, now).await?;
    if !store::is_trashed(&mut tx, kind, id).await? {
        return Err(Error::NotFound(format!("{} in the trash", kind.noun())));
    }
    check_parents_live(&mut tx, kind, id).await?;
    if kind == TrashKind::Blueprint {
        crate::blueprint::store::check_restorable(&mut tx, id).await?;
    }
    if !store::restore(&mut tx, kind, id).await? {
        return Err(match kind {
            TrashKind::Account => Error::validation(
                "name",
                "an account with this name exists now; rename or delete that one, then restore this",
            ),
            _ => Error::validation("theirs_id", "these two are connected again already; edit that connection"),
        });
    }
    let accounts = store::affected_accounts(&mut tx, kind, id).await?;
    refresh_live(&mut tx, &accounts).await?;
    tx.commit().await?;
    Ok(())
}

/// A row comes back only into a live account, and a tie only between two
/// live people: otherwise it would be "restored" and still invisible.
async fn check_parents_live(conn: &mut SqliteConnection, kind: TrashKind, id: &str) -> Result<()> {
    match store::trashed_parent(conn, kind, id).await? {
        Some(what) => Err(Error::validation("trash", format!("{what} is in the trash too; restore that first"))),
        None => Ok(()),
    }
}

/// Everything in the trash, most recently deleted first. Rows inside a trashed
/// account are not listed separately: they come back with it.
pub async fn list(pool: &SqlitePool) -> Result<TrashList> {
    let mut conn = pool.acquire().await?;
    let (rows_total, listed_total) = store::totals(&mut conn).await?;
    let rows = store::items(&mut conn, LIST_LIMIT).await?;
    let items = rows
        .into_iter()
        .map(|store::ItemRow { kind, id, label, account_name, deleted_at }| {
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
            TrashItem { kind, id, label, account_name, deleted_at: deleted_at.into_text() }
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
    // Feedback takes the steps of its loop with it, by foreign-key cascade.
    let removed = store::empty(&mut tx).await?;
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
