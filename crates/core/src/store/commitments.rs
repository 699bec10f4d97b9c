//! Store: commitments, what each side promised the other (see
//! [`crate::commitments`] for the rules).

use chrono::NaiveDate;
use sqlx::SqliteConnection;

use crate::error::Result;
use crate::kinds::{CommitmentState, Side};

/// A commitment with the names it points at. Only live people are named: a
/// promiser in the trash reads as unnamed until restored.
#[derive(Debug, Clone, sqlx::FromRow)]
pub(crate) struct CommitmentRow {
    pub id: String,
    pub account_id: String,
    pub account_name: String,
    pub side: Side,
    pub by_person_id: Option<String>,
    pub by_name: Option<String>,
    pub to_person_id: Option<String>,
    pub to_name: Option<String>,
    pub what: String,
    pub made_on: NaiveDate,
    pub due_on: Option<NaiveDate>,
    pub meeting_id: Option<String>,
    pub interaction_id: Option<String>,
    pub state: CommitmentState,
    pub kept_on: Option<NaiveDate>,
    pub dropped_reason: Option<String>,
    pub updated_at: String,
}

/// The one SELECT head every read of commitments shares.
macro_rules! select_commitments {
    ($rest:tt $(, $arg:expr)* $(,)?) => {
        sqlx::query_as!(
            CommitmentRow,
            r#"SELECT c.id, c.account_id, a.name AS account_name, c.side AS "side: Side",
        c.by_person_id, b.name AS "by_name?", c.to_person_id, t.name AS "to_name?", c.what,
        c.made_on AS "made_on: NaiveDate", c.due_on AS "due_on: NaiveDate", c.meeting_id, c.interaction_id,
        c.state AS "state: CommitmentState", c.kept_on AS "kept_on: NaiveDate", c.dropped_reason, c.updated_at
   FROM commitments c JOIN accounts a ON a.id = c.account_id AND a.deleted_at IS NULL
   LEFT JOIN people b ON b.id = c.by_person_id AND b.deleted_at IS NULL
   LEFT JOIN people t ON t.id = c.to_person_id AND t.deleted_at IS NULL
"# + $rest
            $(, $arg)*
        )
    };
}

/// A live commitment of a live account.
pub(crate) async fn get(conn: &mut SqliteConnection, id: &str) -> Result<Option<CommitmentRow>> {
    Ok(select_commitments!(r#"  WHERE c.id = ?1 AND c.deleted_at IS NULL"#, id).fetch_optional(&mut *conn).await?)
}

/// Which commitments to read: every filter given must hold.
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct Filter<'a> {
    pub account_id: Option<&'a str>,
    pub meeting_id: Option<&'a str>,
    pub interaction_id: Option<&'a str>,
    /// Only those still open (late ones included).
    pub open_only: bool,
}

/// Live commitments of live accounts, by the day they are due (those with no
/// day last), then the day they were made.
pub(crate) async fn list(conn: &mut SqliteConnection, f: Filter<'_>) -> Result<Vec<CommitmentRow>> {
    Ok(select_commitments!(
        r#"  WHERE c.deleted_at IS NULL AND (?1 IS NULL OR c.account_id = ?1) AND (?2 IS NULL OR c.meeting_id = ?2)
    AND (?3 IS NULL OR c.interaction_id = ?3) AND (?4 = 0 OR c.state = 'open')
  ORDER BY c.due_on IS NULL, c.due_on, c.made_on, c.id"#,
        f.account_id,
        f.meeting_id,
        f.interaction_id,
        f.open_only
    )
    .fetch_all(&mut *conn)
    .await?)
}

/// Open commitments across the book on one side, by due day: what Today reads.
pub(crate) async fn open_on_side(conn: &mut SqliteConnection, side: Side) -> Result<Vec<CommitmentRow>> {
    Ok(select_commitments!(
        r#"  WHERE c.deleted_at IS NULL AND c.state = 'open' AND c.side = ?1
  ORDER BY c.due_on IS NULL, c.due_on, c.made_on, c.id"#,
        side
    )
    .fetch_all(&mut *conn)
    .await?)
}

/// What the commitment form sets.
pub(crate) struct Fields<'a> {
    pub side: Side,
    pub by_person_id: Option<&'a str>,
    pub to_person_id: Option<&'a str>,
    pub what: &'a str,
    pub made_on: NaiveDate,
    pub due_on: Option<NaiveDate>,
    pub meeting_id: Option<&'a str>,
    pub interaction_id: Option<&'a str>,
}

pub(crate) async fn insert(
    conn: &mut SqliteConnection,
    id: &str,
    account_id: &str,
    f: &Fields<'_>,
    stamp: &str,
) -> Result<()> {
    sqlx::query!(
        "INSERT INTO commitments (id, account_id, side, by_person_id, to_person_id, what, made_on, due_on, meeting_id,
                                  interaction_id, state, created_at, updated_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, 'open', ?11, ?11)",
        id,
        account_id,
        f.side,
        f.by_person_id,
        f.to_person_id,
        f.what,
        f.made_on,
        f.due_on,
        f.meeting_id,
        f.interaction_id,
        stamp
    )
    .execute(&mut *conn)
    .await?;
    Ok(())
}

/// Rewrites what was promised; where it was made and its state stay.
pub(crate) async fn update(conn: &mut SqliteConnection, id: &str, f: &Fields<'_>, stamp: &str) -> Result<()> {
    sqlx::query!(
        "UPDATE commitments SET side = ?2, by_person_id = ?3, to_person_id = ?4, what = ?5, made_on = ?6, due_on = ?7,
                                updated_at = ?8
          WHERE id = ?1",
        id,
        f.side,
        f.by_person_id,
        f.to_person_id,
        f.what,
        f.made_on,
        f.due_on,
        stamp
    )
    .execute(&mut *conn)
    .await?;
    Ok(())
}

/// Marks it kept (with the day), dropped (with the reason) or open again.
pub(crate) async fn set_state(
    conn: &mut SqliteConnection,
    id: &str,
    state: CommitmentState,
    kept_on: Option<NaiveDate>,
    dropped_reason: Option<&str>,
    stamp: &str,
) -> Result<()> {
    sqlx::query!(
        "UPDATE commitments SET state = ?2, kept_on = ?3, dropped_reason = ?4, updated_at = ?5 WHERE id = ?1",
        id,
        state,
        kept_on,
        dropped_reason,
        stamp
    )
    .execute(&mut *conn)
    .await?;
    Ok(())
}

/// Puts it in the trash.
pub(crate) async fn trash(conn: &mut SqliteConnection, id: &str, stamp: &str) -> Result<()> {
    sqlx::query!("UPDATE commitments SET deleted_at = ?2, updated_at = ?2 WHERE id = ?1", id, stamp)
        .execute(&mut *conn)
        .await?;
    Ok(())
}

/// One account's promises of ours that count for its health: kept on or
/// after `since`, and open past their day before `today`.
pub(crate) struct HealthCounts {
    pub kept: i64,
    pub late: i64,
}

pub(crate) async fn health_counts(
    conn: &mut SqliteConnection,
    account_id: &str,
    since: NaiveDate,
    today: NaiveDate,
) -> Result<HealthCounts> {
    Ok(sqlx::query_as!(
        HealthCounts,
        r#"SELECT coalesce(sum(state = 'kept' AND kept_on >= ?2), 0) AS "kept!: i64",
                  coalesce(sum(state = 'open' AND due_on < ?3), 0) AS "late!: i64"
             FROM commitments
            WHERE account_id = ?1 AND side = 'ours' AND deleted_at IS NULL"#,
        account_id,
        since,
        today
    )
    .fetch_one(&mut *conn)
    .await?)
}

/// Open commitments per live account, and how many of them are late by `today`.
pub(crate) struct OpenCount {
    pub account_id: String,
    pub open: i64,
    pub late: i64,
}

pub(crate) async fn open_counts(conn: &mut SqliteConnection, today: NaiveDate) -> Result<Vec<OpenCount>> {
    Ok(sqlx::query_as!(
        OpenCount,
        r#"SELECT c.account_id, count(*) AS "open!: i64", coalesce(sum(c.due_on < ?1), 0) AS "late!: i64"
             FROM commitments c JOIN accounts a ON a.id = c.account_id AND a.deleted_at IS NULL
            WHERE c.state = 'open' AND c.deleted_at IS NULL
            GROUP BY c.account_id"#,
        today
    )
    .fetch_all(&mut *conn)
    .await?)
}
