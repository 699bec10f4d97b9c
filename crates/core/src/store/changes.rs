//! The change log: what changed in the book, who changed it and when.
//!
//! Every write to the book's tables leaves an entry in `changes`, in the same
//! transaction as the write, written by triggers ([`crate::vault`]'s
//! `triggers`, generated from the schema at every open). A user's edit
//! records the fields it changed, with their old and new values; a bulk load
//! (a book or CSV import, the generated sample) records one entry per record
//! and no fields. Derived tables (summaries, health scores, the search index),
//! drafts and local settings keep no history.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use sqlx::{SqliteConnection, SqlitePool};

use crate::error::{Error, Result};

/// How a change came about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "snake_case")]
pub enum ChangeMode {
    /// Someone changed it in the app or the CLI.
    Edit,
    /// It came in with a bulk load: a book, a CSV file, the sample.
    Import,
    /// Written by upkeep (it should not happen to the book's tables).
    Upkeep,
}

/// What happened to the row.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "snake_case")]
pub enum ChangeAction {
    Create,
    Update,
    Trash,
    Restore,
    Delete,
}

impl ChangeMode {
    fn parse(text: &str) -> Result<Self> {
        Ok(match text {
            "edit" => Self::Edit,
            "import" => Self::Import,
            "upkeep" => Self::Upkeep,
            other => return Err(Error::Corrupt(format!("the change log holds an unknown mode {other:?}"))),
        })
    }
}

impl ChangeAction {
    /// Every action, as the log stores them.
    pub const ALL: &'static [ChangeAction] = &[Self::Create, Self::Update, Self::Trash, Self::Restore, Self::Delete];

    fn parse(text: &str) -> Result<Self> {
        Ok(match text {
            "create" => Self::Create,
            "update" => Self::Update,
            "trash" => Self::Trash,
            "restore" => Self::Restore,
            "delete" => Self::Delete,
            other => return Err(Error::Corrupt(format!("the change log holds an unknown action {other:?}"))),
        })
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Create => "create",
            Self::Update => "update",
            Self::Trash => "trash",
            Self::Restore => "restore",
            Self::Delete => "delete",
        }
    }
}

/// One field's values before and after, as JSON values (text, number or null).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct FieldDiff {
    pub field: String,
    #[cfg_attr(feature = "specta", specta(type = Option<String>))]
    pub old: serde_json::Value,
    #[cfg_attr(feature = "specta", specta(type = Option<String>))]
    pub new: serde_json::Value,
}

/// One entry of the change log.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct Change {
    /// Order of writing: later changes have larger numbers.
    #[cfg_attr(feature = "specta", specta(type = f64))]
    pub seq: i64,
    #[cfg_attr(feature = "specta", specta(type = String))]
    pub at: DateTime<Utc>,
    /// The name set in Settings when it was written, if any.
    pub who: Option<String>,
    pub mode: ChangeMode,
    pub action: ChangeAction,
    /// What kind of record: `account`, `person`, `connection`, `interaction`…
    pub entity: String,
    pub entity_id: String,
    /// The account the record belongs to, when it belongs to one.
    pub account_id: Option<String>,
    /// The fields that changed, in column order of the log (empty for an
    /// import, which records the record and not its fields).
    pub fields: Vec<FieldDiff>,
}

/// An entry as stored; [`read_change`] checks it.
pub(super) struct ChangeRow {
    pub(super) seq: i64,
    pub(super) at: String,
    pub(super) who: Option<String>,
    pub(super) mode: String,
    pub(super) action: String,
    pub(super) entity: String,
    pub(super) entity_id: String,
    pub(super) account_id: Option<String>,
    pub(super) fields: Option<String>,
}

pub(super) fn read_change(row: ChangeRow) -> Result<Change> {
    let at = &row.at;
    let at = DateTime::parse_from_rfc3339(at)
        .map_err(|e| Error::Corrupt(format!("the change log holds a bad time {at:?}: {e}")))?
        .with_timezone(&Utc);
    let fields = match row.fields {
        None => Vec::new(),
        Some(json) => {
            let map: serde_json::Map<String, serde_json::Value> = serde_json::from_str(&json)
                .map_err(|e| Error::Corrupt(format!("the change log holds bad fields: {e}")))?;
            map.into_iter()
                .map(|(field, pair)| {
                    let (old, new) = match pair {
                        serde_json::Value::Array(mut v) if v.len() == 2 => {
                            let new = v.pop().unwrap_or_default();
                            (v.pop().unwrap_or_default(), new)
                        }
                        other => (serde_json::Value::Null, other),
                    };
                    FieldDiff { field, old, new }
                })
                .collect()
        }
    };
    Ok(Change {
        seq: row.seq,
        at,
        who: row.who,
        mode: ChangeMode::parse(&row.mode)?,
        action: ChangeAction::parse(&row.action)?,
        entity: row.entity,
        entity_id: row.entity_id,
        account_id: row.account_id,
        fields,
    })
}

/// A query for [`ChangeRow`]s: the columns, then `$rest` (the query macros
/// take only literals, so the shared part is spliced in here).
macro_rules! select_changes {
    ($rest:tt $(, $arg:expr)* $(,)?) => {
        sqlx::query_as!(
            ChangeRow,
            "SELECT seq, at, who, mode, action, entity, entity_id, account_id, fields FROM changes " + $rest
            $(, $arg)*
        )
    };
}

/// The history of one record, oldest first. For an account (`entity` =
/// "account") that is everything recorded against it: the account itself and
/// its people, ties, interactions, meetings, blueprints and care records.
pub async fn history(pool: &SqlitePool, entity: &str, id: &str) -> Result<Vec<Change>> {
    let rows = if entity == "account" {
        select_changes!("WHERE account_id = ?1 ORDER BY at, seq", id).fetch_all(pool).await?
    } else {
        select_changes!("WHERE entity = ?1 AND entity_id = ?2 ORDER BY at, seq", entity, id).fetch_all(pool).await?
    };
    rows.into_iter().map(read_change).collect()
}

/// The history of one account (see [`history`]) from `since` on.
pub async fn account_since(pool: &SqlitePool, account_id: &str, since: DateTime<Utc>) -> Result<Vec<Change>> {
    account_between_in(&mut *pool.acquire().await?, account_id, since, None).await
}

/// The history of one account from `since` on, up to and including `until`
/// when given, oldest first.
pub async fn account_between(
    pool: &SqlitePool,
    account_id: &str,
    since: DateTime<Utc>,
    until: Option<DateTime<Utc>>,
) -> Result<Vec<Change>> {
    account_between_in(&mut *pool.acquire().await?, account_id, since, until).await
}

pub(crate) async fn account_between_in(
    conn: &mut SqliteConnection,
    account_id: &str,
    since: DateTime<Utc>,
    until: Option<DateTime<Utc>>,
) -> Result<Vec<Change>> {
    let since = crate::text::timestamp(since);
    // The log's times are all written by `text::timestamp`, so they order as text.
    let until = until.map_or_else(|| "9999".to_string(), crate::text::timestamp);
    let rows =
        select_changes!("WHERE account_id = ?1 AND at >= ?2 AND at <= ?3 ORDER BY at, seq", account_id, since, until)
            .fetch_all(&mut *conn)
            .await?;
    rows.into_iter().map(read_change).collect()
}

/// When `field` of each record last changed by someone's edit (its
/// creation in the app counts: a created record's fields are all logged),
/// for the `entity` records named. Records with no such entry (loaded in
/// bulk, or never given the field) are left out.
pub(crate) async fn field_changed_at(
    conn: &mut SqliteConnection,
    entity: &str,
    ids: &[&str],
    field: &str,
) -> Result<Vec<(String, DateTime<Utc>)>> {
    let path = format!("$.{field}");
    let mut out = Vec::with_capacity(ids.len());
    for id in ids {
        // `!`: max() over rows the WHERE found; none found gives no row here
        // because of the GROUP BY.
        let at = sqlx::query_scalar!(
            r#"SELECT max(at) AS "at!: String" FROM changes
                WHERE entity = ?1 AND entity_id = ?2 AND mode = 'edit' AND json_type(fields, ?3) IS NOT NULL
                GROUP BY entity_id"#,
            entity,
            id,
            path
        )
        .fetch_optional(&mut *conn)
        .await?;
        if let Some(at) = at {
            let at = DateTime::parse_from_rfc3339(&at)
                .map_err(|e| Error::Corrupt(format!("the change log holds a bad time {at:?}: {e}")))?;
            out.push(((*id).to_string(), at.with_timezone(&Utc)));
        }
    }
    Ok(out)
}

/// Everything recorded from `since` on, oldest first, at most `limit` entries.
pub async fn changes_since(pool: &SqlitePool, since: DateTime<Utc>, limit: u32) -> Result<Vec<Change>> {
    let since = crate::text::timestamp(since);
    let rows = select_changes!("WHERE at >= ?1 ORDER BY at, seq LIMIT ?2", since, limit).fetch_all(pool).await?;
    rows.into_iter().map(read_change).collect()
}

/// What a run of writes touched: the kinds of record and the accounts, for
/// refreshing the views that show them.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct Touched {
    /// The last entry of the log read: pass it to the next call.
    #[cfg_attr(feature = "specta", specta(type = f64))]
    pub last_seq: i64,
    /// Kinds of record written (`account`, `person`, `meeting`…), sorted.
    pub entities: Vec<String>,
    /// Accounts whose records were written, sorted.
    pub account_ids: Vec<String>,
}

/// The newest entry's number (0 for an empty log).
pub async fn last_seq(pool: &SqlitePool) -> Result<i64> {
    Ok(sqlx::query_scalar!("SELECT max(seq) FROM changes").fetch_one(pool).await?.unwrap_or(0))
}

/// What was written after entry `after` (see [`Touched`]).
pub async fn touched_after(pool: &SqlitePool, after: i64) -> Result<Touched> {
    let last = last_seq(pool).await?;
    if last <= after {
        return Ok(Touched { last_seq: last.max(after), ..Touched::default() });
    }
    let entities = sqlx::query_scalar!(
        "SELECT DISTINCT entity FROM changes WHERE seq > ?1 AND seq <= ?2 ORDER BY entity",
        after,
        last
    )
    .fetch_all(pool)
    .await?;
    // `!`: the WHERE clause keeps only entries of an account, which SQLite's
    // nullability inference does not see.
    let account_ids = sqlx::query_scalar!(
        r#"SELECT DISTINCT account_id AS "account_id!" FROM changes
            WHERE seq > ?1 AND seq <= ?2 AND account_id IS NOT NULL ORDER BY 1"#,
        after,
        last,
    )
    .fetch_all(pool)
    .await?;
    Ok(Touched { last_seq: last, entities, account_ids })
}
