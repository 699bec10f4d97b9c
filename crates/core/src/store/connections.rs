//! Store: connections (ties between one of our people and one of theirs).

use chrono::NaiveDate;
use sqlx::SqliteConnection;

use super::{Timestamp, unless_unique};
use crate::error::Result;
use crate::kinds::Dimension;

/// How a tie is held: the fields an edit may change.
pub(crate) struct Fields {
    pub(crate) dimension: Dimension,
    pub(crate) intermediary: Option<String>,
    pub(crate) strength: u8,
    pub(crate) cadence_days: Option<u32>,
    pub(crate) notes: Option<String>,
}

/// The two ends of a new tie and the account it belongs to.
pub(crate) struct Ends<'a> {
    pub(crate) account_id: &'a str,
    pub(crate) ours_id: &'a str,
    pub(crate) theirs_id: &'a str,
}

/// Adds a tie; `Ok(false)` when these two are connected already.
pub(crate) async fn insert(
    conn: &mut SqliteConnection,
    id: &str,
    ends: &Ends<'_>,
    fields: &Fields,
    stamp: &str,
) -> Result<bool> {
    let insert = sqlx::query!(
        "INSERT INTO connections (id, account_id, ours_id, theirs_id, dimension, intermediary, strength,
             cadence_days, notes, created_at, updated_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?10)",
        id,
        ends.account_id,
        ends.ours_id,
        ends.theirs_id,
        fields.dimension,
        fields.intermediary,
        fields.strength,
        fields.cadence_days,
        fields.notes,
        stamp,
    );
    unless_unique(insert.execute(&mut *conn).await)
}

pub(crate) async fn update(conn: &mut SqliteConnection, id: &str, fields: &Fields, stamp: &str) -> Result<()> {
    sqlx::query!(
        "UPDATE connections SET dimension = ?2, intermediary = ?3, strength = ?4, cadence_days = ?5, notes = ?6,
             updated_at = ?7 WHERE id = ?1",
        id,
        fields.dimension,
        fields.intermediary,
        fields.strength,
        fields.cadence_days,
        fields.notes,
        stamp,
    )
    .execute(&mut *conn)
    .await?;
    Ok(())
}

/// A query for [`ConnectionRow`]s: connections with their derived contact
/// history, then `$rest` (the query macros take only literals, so the shared
/// part is spliced in here). Starts from their person (few interactions
/// each) and checks ours by key, so an executive who is in thousands of
/// interactions costs nothing extra.
macro_rules! select_connections {
    ($rest:tt $(, $arg:expr)* $(,)?) => {
        sqlx::query_as!(
            ConnectionRow,
            r#"SELECT c.id, c.account_id, c.ours_id, c.theirs_id, c.dimension, c.intermediary, c.strength,
                c.cadence_days, c.notes, c.created_at AS "created_at: Timestamp",
                c.updated_at AS "updated_at: Timestamp",
                (SELECT max(i.occurred_on) FROM interaction_people b
                    JOIN interaction_people a ON a.interaction_id = b.interaction_id AND a.person_id = c.ours_id
                    JOIN interactions i ON i.id = b.interaction_id AND i.deleted_at IS NULL
                  WHERE b.person_id = c.theirs_id) AS "last_contact: NaiveDate",
                (SELECT count(*) FROM interaction_people b
                    JOIN interaction_people a ON a.interaction_id = b.interaction_id AND a.person_id = c.ours_id
                    JOIN interactions i ON i.id = b.interaction_id AND i.deleted_at IS NULL
                  WHERE b.person_id = c.theirs_id) AS interactions
            FROM connections c "#
                + $rest
            $(, $arg)*
        )
    };
}

/// A tie as stored, with its derived contact history.
pub(crate) struct ConnectionRow {
    pub(crate) id: String,
    pub(crate) account_id: String,
    pub(crate) ours_id: String,
    pub(crate) theirs_id: String,
    pub(crate) dimension: String,
    pub(crate) intermediary: Option<String>,
    pub(crate) strength: i64,
    pub(crate) cadence_days: Option<i64>,
    pub(crate) notes: Option<String>,
    pub(crate) created_at: Timestamp,
    pub(crate) updated_at: Timestamp,
    pub(crate) last_contact: Option<NaiveDate>,
    pub(crate) interactions: i64,
}

/// A live tie.
pub(crate) async fn get(conn: &mut SqliteConnection, id: &str) -> Result<Option<ConnectionRow>> {
    Ok(select_connections!("WHERE c.id = ?1 AND c.deleted_at IS NULL", id).fetch_optional(&mut *conn).await?)
}

/// An account's live ties between two live people, oldest first.
pub(crate) async fn list(conn: &mut SqliteConnection, account_id: &str) -> Result<Vec<ConnectionRow>> {
    Ok(select_connections!(
        "JOIN people o ON o.id = c.ours_id AND o.deleted_at IS NULL
         JOIN people t ON t.id = c.theirs_id AND t.deleted_at IS NULL
         WHERE c.account_id = ?1 AND c.deleted_at IS NULL ORDER BY c.created_at, c.id",
        account_id
    )
    .fetch_all(&mut *conn)
    .await?)
}

/// Our live ties to one of theirs follow them to the account they moved to.
/// Returns how many moved.
pub(crate) async fn follow_to(
    conn: &mut SqliteConnection,
    theirs_id: &str,
    account_id: &str,
    stamp: &str,
) -> Result<u64> {
    let moved = sqlx::query!(
        "UPDATE connections SET account_id = ?2, updated_at = ?3 WHERE theirs_id = ?1 AND deleted_at IS NULL",
        theirs_id,
        account_id,
        stamp,
    )
    .execute(&mut *conn)
    .await?;
    Ok(moved.rows_affected())
}

/// Puts our live ties to one of theirs in the trash (they joined us: a tie
/// joins ours to theirs, so it ends there, restorable from the trash).
/// Returns how many.
pub(crate) async fn trash_ties_to(conn: &mut SqliteConnection, theirs_id: &str, stamp: &str) -> Result<u64> {
    let trashed = sqlx::query!(
        "UPDATE connections SET deleted_at = ?2 WHERE theirs_id = ?1 AND deleted_at IS NULL",
        theirs_id,
        stamp,
    )
    .execute(&mut *conn)
    .await?;
    Ok(trashed.rows_affected())
}

/// Who a tie joins (ours, theirs), trashed or not: a change list names the
/// two ends of a tie that has since gone.
pub(crate) async fn ends(conn: &mut SqliteConnection, id: &str) -> Result<Option<(String, String)>> {
    Ok(sqlx::query_as!(TieEnds, "SELECT ours_id, theirs_id FROM connections WHERE id = ?1", id)
        .fetch_optional(&mut *conn)
        .await?
        .map(|e| (e.ours_id, e.theirs_id)))
}

struct TieEnds {
    ours_id: String,
    theirs_id: String,
}
