//! Bulk loading for the book generators in `rapport_sample` (the first-run
//! sample and the large generated book): the same transaction, inserts and
//! summary refresh as [`crate::book::import`], for a loader outside this
//! crate. Not part of the product's API.

use chrono::{DateTime, Utc};
use sqlx::{SqliteConnection, SqlitePool};

use crate::book::CommitmentRecord;
use crate::book::{
    AccountRecord, Batch, BlueprintRecord, ConnectionRecord, FeedbackEventRecord, FeedbackRecord, HealthRecord,
    InteractionRecord, MeetingEventRecord, MeetingRecord, OwnershipAnswerRecord, PersonRecord, PersonRoleRecord,
    SettingsRecord, StoryRecord,
};
use crate::error::Result;

/// How a load writes the change log and the search index for its big tables
/// (accounts, people, ties, interactions). Both leave the same entries and
/// the same index; a load is [`Recording::Batched`], the other is there to
/// show it (the sample crate's tests compare them).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Recording {
    /// The per-row insert triggers are set aside for the load, and each batch
    /// is recorded in a few statements after it is inserted.
    Batched,
    /// Every row goes through the triggers, as any other write does.
    RowByRow,
}

/// Refuses a vault that holds any account or person (trash included: field
/// "book"); then checks foreign keys at commit only (records refer to others
/// inserted after them), and sets the triggers aside when `recording` says.
/// [`refresh_summaries`], the load's last step, puts them back.
async fn prepare(conn: &mut SqliteConnection, recording: Recording) -> Result<()> {
    crate::book::ensure_empty(conn, "book").await?;
    crate::store::book::defer_foreign_keys(conn).await?;
    if recording == Recording::Batched {
        crate::store::bulk::set_aside(conn).await?;
    }
    Ok(())
}

/// A write transaction for loading a book into an empty vault, recorded in the
/// change log as an import at `now` (one entry per record).
pub async fn begin(pool: &SqlitePool, now: DateTime<Utc>) -> Result<sqlx::Transaction<'static, sqlx::Sqlite>> {
    let mut tx = crate::db::begin_write_as(pool, crate::db::Stamp::Import(now)).await?;
    prepare(&mut tx, Recording::Batched).await?;
    Ok(tx)
}

/// A connection of its own for a large load: a big page cache, closed when
/// dropped (see `db::bulk_connection`).
pub async fn connection(pool: &SqlitePool) -> Result<sqlx::pool::PoolConnection<sqlx::Sqlite>> {
    crate::db::bulk_connection(pool).await
}

/// [`begin`] on a connection from [`connection`], recorded as `recording` says.
pub async fn begin_on(
    conn: &mut SqliteConnection,
    now: DateTime<Utc>,
    recording: Recording,
) -> Result<sqlx::Transaction<'_, sqlx::Sqlite>> {
    let mut tx = crate::db::begin_write_on(conn, crate::db::Stamp::Import(now)).await?;
    prepare(&mut tx, recording).await?;
    Ok(tx)
}

/// The stored text of a moment ("2026-11-23T09:30:00.000Z").
pub fn timestamp(at: DateTime<Utc>) -> String {
    crate::text::timestamp(at)
}

/// Recomputes every account's summary after the load, once its records are
/// in (the triggers set aside come back first). Call it before committing.
pub async fn refresh_summaries(conn: &mut SqliteConnection, now: DateTime<Utc>) -> Result<()> {
    crate::book::refresh_summaries(conn, now).await
}

/// Writes the book's settings.
pub async fn write_settings(conn: &mut SqliteConnection, settings: &SettingsRecord) -> Result<()> {
    crate::book::write_settings(conn, settings).await
}

macro_rules! inserts {
    ($($name:ident: $record:ty => $variant:ident;)*) => {$(
        #[doc = concat!("Inserts `rows` as [`crate::book::import`] does (`", stringify!($variant), "`).")]
        pub async fn $name(conn: &mut SqliteConnection, rows: Vec<$record>) -> Result<()> {
            crate::book::insert_batch(conn, &Batch::$variant { first: 0, rows }).await
        }
    )*};
}

inserts! {
    accounts: AccountRecord => Accounts;
    people: PersonRecord => People;
    person_roles: PersonRoleRecord => PersonRoles;
    connections: ConnectionRecord => Connections;
    interactions: InteractionRecord => Interactions;
    meetings: MeetingRecord => Meetings;
    meeting_events: MeetingEventRecord => MeetingEvents;
    blueprints: BlueprintRecord => Blueprints;
    feedback: FeedbackRecord => Feedback;
    feedback_events: FeedbackEventRecord => FeedbackEvents;
    stories: StoryRecord => Stories;
    ownership_answers: OwnershipAnswerRecord => OwnershipAnswers;
    health_history: HealthRecord => HealthHistory;
    commitments: CommitmentRecord => Commitments;
}
