//! Store: the interaction log and who was in each interaction.

use chrono::NaiveDate;
use sqlx::{QueryBuilder, Sqlite, SqliteConnection};

use super::Timestamp;
use crate::error::Result;
use crate::kinds::InteractionKind;

/// What an interaction says: the fields an edit may change.
pub(crate) struct Fields {
    pub(crate) occurred_on: NaiveDate,
    pub(crate) kind: InteractionKind,
    pub(crate) summary: String,
    pub(crate) outcomes: Option<String>,
    pub(crate) follow_ups: Option<String>,
    /// Kept out of every document but the executive's own copy.
    pub(crate) private: bool,
    /// People on both sides, by id, each once.
    pub(crate) people: Vec<String>,
}

pub(crate) async fn insert(
    conn: &mut SqliteConnection,
    id: &str,
    account_id: &str,
    fields: &Fields,
    stamp: &str,
) -> Result<()> {
    sqlx::query!(
        "INSERT INTO interactions (id, account_id, occurred_on, kind, summary, outcomes, follow_ups, private,
             created_at, updated_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?9)",
        id,
        account_id,
        fields.occurred_on,
        fields.kind,
        fields.summary,
        fields.outcomes,
        fields.follow_ups,
        fields.private,
        stamp,
    )
    .execute(&mut *conn)
    .await?;
    write_people(conn, id, &fields.people).await
}

pub(crate) async fn update(conn: &mut SqliteConnection, id: &str, fields: &Fields, stamp: &str) -> Result<()> {
    sqlx::query!(
        "UPDATE interactions SET occurred_on = ?2, kind = ?3, summary = ?4, outcomes = ?5, follow_ups = ?6,
             private = ?7, updated_at = ?8 WHERE id = ?1",
        id,
        fields.occurred_on,
        fields.kind,
        fields.summary,
        fields.outcomes,
        fields.follow_ups,
        fields.private,
        stamp,
    )
    .execute(&mut *conn)
    .await?;
    write_people(conn, id, &fields.people).await
}

/// Replaces who was in the interaction.
async fn write_people(conn: &mut SqliteConnection, id: &str, people: &[String]) -> Result<()> {
    sqlx::query!("DELETE FROM interaction_people WHERE interaction_id = ?1", id).execute(&mut *conn).await?;
    // Two parameters a row: at most 100 people (`interactions::MAX_PEOPLE`)
    // stay far below SQLite's limit, but chunk anyway.
    for chunk in people.chunks(1000) {
        let mut insert: QueryBuilder<Sqlite> =
            QueryBuilder::new("INSERT INTO interaction_people (interaction_id, person_id) ");
        insert.push_values(chunk, |mut row, person| {
            row.push_bind(id).push_bind(person);
        });
        insert.build().execute(&mut *conn).await?;
    }
    Ok(())
}

/// A query for [`InteractionRow`]s: the columns, then `$rest` (the query
/// macros take only literals, so the shared part is spliced in here).
macro_rules! select_interactions {
    ($rest:tt $(, $arg:expr)* $(,)?) => {
        sqlx::query_as!(
            InteractionRow,
            r#"SELECT i.id, i.account_id, i.occurred_on AS "occurred_on: NaiveDate", i.kind, i.summary, i.outcomes,
                i.follow_ups, i.private AS "private: bool",
                (SELECT group_concat(person_id, ' ') FROM interaction_people WHERE interaction_id = i.id) AS people,
                i.created_at AS "created_at: Timestamp", i.updated_at AS "updated_at: Timestamp"
            FROM interactions i "#
                + $rest
            $(, $arg)*
        )
    };
}

/// An interaction as stored, with its people's ids space separated.
pub(crate) struct InteractionRow {
    pub(crate) id: String,
    pub(crate) account_id: String,
    pub(crate) occurred_on: NaiveDate,
    pub(crate) kind: String,
    pub(crate) summary: String,
    pub(crate) outcomes: Option<String>,
    pub(crate) follow_ups: Option<String>,
    pub(crate) private: bool,
    pub(crate) people: Option<String>,
    pub(crate) created_at: Timestamp,
    pub(crate) updated_at: Timestamp,
}

/// A live interaction.
pub(crate) async fn get(conn: &mut SqliteConnection, id: &str) -> Result<Option<InteractionRow>> {
    Ok(select_interactions!("WHERE i.id = ?1 AND i.deleted_at IS NULL", id).fetch_optional(&mut *conn).await?)
}

/// An account's live interactions, newest first, a window at a time.
pub(crate) async fn list(
    conn: &mut SqliteConnection,
    account_id: &str,
    offset: u32,
    limit: u32,
) -> Result<Vec<InteractionRow>> {
    Ok(select_interactions!(
        "WHERE i.account_id = ?1 AND i.deleted_at IS NULL
         ORDER BY i.occurred_on DESC, i.created_at DESC, i.id LIMIT ?2 OFFSET ?3",
        account_id,
        limit,
        offset
    )
    .fetch_all(&mut *conn)
    .await?)
}

/// How many live interactions the account has.
pub(crate) async fn count(conn: &mut SqliteConnection, account_id: &str) -> Result<i64> {
    Ok(sqlx::query_scalar!(
        "SELECT count(*) FROM interactions WHERE account_id = ?1 AND deleted_at IS NULL",
        account_id
    )
    .fetch_one(&mut *conn)
    .await?)
}
