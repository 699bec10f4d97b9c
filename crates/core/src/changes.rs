//! The change log: what changed in the book, who changed it and when.
//!
//! Every write to the book's tables leaves a row in `changes`, in the same
//! transaction as the write. The rows are written by triggers generated here
//! from the schema ([`install`], at every open after the migrations), so no
//! write path can skip the log and a column added later is recorded without
//! anyone remembering to. Who and when come from `change_context`, which every
//! write transaction sets first ([`crate::db::begin_write`]): the user named in
//! settings and the app's clock.
//!
//! A user's edit records the fields it changed, with their old and new values.
//! A bulk load (a book or CSV import, the generated sample) records one row per
//! record and no fields. Derived tables (summaries, health scores, the search
//! index), drafts and local settings keep no history.

use std::collections::BTreeMap;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use sqlx::{Row, SqliteConnection, SqlitePool};

use crate::error::{Error, Result};

/// Tables that are not part of the book's history: derived data, the search
/// index, drafts being typed, local preferences and the log itself.
const UNLOGGED: [&str; 8] = [
    "account_summaries",
    "health_history",
    "search_rows",
    "blueprint_drafts",
    "settings",
    "change_context",
    "changes",
    "_sqlx_migrations",
];

/// Columns that change with every write and say nothing by themselves.
const QUIET_COLUMNS: [&str; 2] = ["created_at", "updated_at"];

/// The name the log gives a table's rows (`entity`), for the tables the book
/// has today; a table added later is logged under its own name.
const NOUNS: [(&str, &str); 24] = [
    ("accounts", "account"),
    ("people", "person"),
    ("connections", "connection"),
    ("interactions", "interaction"),
    ("interaction_people", "interaction_person"),
    ("meetings", "meeting"),
    ("meeting_attendees", "meeting_attendee"),
    ("meeting_events", "meeting_event"),
    ("blueprints", "blueprint"),
    ("blueprint_participants", "blueprint_participant"),
    ("blueprint_ideas", "blueprint_idea"),
    ("blueprint_ballots", "blueprint_ballot"),
    ("blueprint_goals", "blueprint_goal"),
    ("blueprint_goal_ideas", "blueprint_goal_idea"),
    ("blueprint_goal_people", "blueprint_goal_person"),
    ("blueprint_planned_connections", "blueprint_planned_connection"),
    ("blueprint_reviews", "blueprint_review"),
    ("blueprint_revisions", "blueprint_revision"),
    ("blueprint_check_ins", "blueprint_check_in"),
    ("feedback", "feedback"),
    ("feedback_events", "feedback_event"),
    ("stories", "story"),
    ("ownership_answers", "ownership_answer"),
    ("tier_defaults", "tier_default"),
];

fn noun(table: &str) -> &str {
    NOUNS.iter().find(|(t, _)| *t == table).map_or(table, |(_, n)| n)
}

/// What a table looks like to the trigger generator.
struct Table {
    name: String,
    /// Every column, in schema order.
    columns: Vec<String>,
    /// The row's identity: `id`, else the primary key's columns.
    key: Vec<String>,
    /// How to find the row's account from `OLD`/`NEW` (`{row}` stands for it).
    account: Option<String>,
}

impl Table {
    fn id_expr(&self, row: &str) -> String {
        let parts: Vec<String> = self.key.iter().map(|c| format!("CAST({row}.{c} AS TEXT)")).collect();
        match parts.len() {
            0 => format!("CAST({row}.rowid AS TEXT)"),
            1 => parts[0].clone(),
            _ => parts.join(" || '/' || "),
        }
    }

    fn account_expr(&self, row: &str) -> String {
        self.account.as_ref().map_or_else(|| "NULL".into(), |a| a.replace("{row}", row))
    }

    /// The columns whose values the log keeps: all but the key and the stamps.
    fn fields(&self) -> impl Iterator<Item = &String> {
        self.columns.iter().filter(|c| !self.key.contains(c) && !QUIET_COLUMNS.contains(&c.as_str()))
    }

    /// `json_object('column', ROW.column, …)` over the logged columns.
    fn object(&self, row: &str) -> String {
        let pairs: Vec<String> = self.fields().map(|c| format!("'{c}', {row}.{c}")).collect();
        format!("json_object({})", pairs.join(", "))
    }

    /// `{"column": [old, new]}` for the given rows' values, only where they
    /// differ (`None` stands for a missing row: null); `'{}'` when none do.
    fn fields_json(&self, old: Option<&str>, new: Option<&str>) -> String {
        if self.fields().next().is_none() {
            return "'{}'".into();
        }
        match (old, new) {
            (Some(old), Some(new)) => format!(
                "(SELECT json_group_object(n.key, json_array(o.value, n.value)) FROM json_each({}) o \
                 JOIN json_each({}) n ON n.key = o.key WHERE o.value IS NOT n.value)",
                self.object(old),
                self.object(new)
            ),
            (None, Some(new)) => format!(
                "(SELECT json_group_object(key, json_array(NULL, value)) FROM json_each({}) WHERE value IS NOT NULL)",
                self.object(new)
            ),
            (Some(old), None) => format!(
                "(SELECT json_group_object(key, json_array(value, NULL)) FROM json_each({}) WHERE value IS NOT NULL)",
                self.object(old)
            ),
            (None, None) => "'{}'".into(),
        }
    }

    fn has_deleted_at(&self) -> bool {
        self.columns.iter().any(|c| c == "deleted_at")
    }

    /// The three triggers' names and statements. Each writes one entry,
    /// unless an update changed none of the logged columns.
    fn triggers(&self) -> Vec<(String, String)> {
        let t = &self.name;
        let entity = noun(t);
        let entry = |action: &str, row: &str, fields: String| {
            format!(
                "INSERT INTO changes (at, who, mode, action, entity, entity_id, account_id, fields) \
                 SELECT coalesce(c.at, strftime('%Y-%m-%dT%H:%M:%fZ', 'now')), c.who, coalesce(c.mode, 'upkeep'), \
                 {action}, '{entity}', {id}, {account}, CASE WHEN c.mode = 'import' THEN NULL ELSE d.f END \
                 FROM (SELECT {fields} AS f) d LEFT JOIN change_context c ON c.id = 1",
                id = self.id_expr(row),
                account = self.account_expr(row),
            )
        };
        let mut out = vec![
            (
                format!("changes_{t}_insert"),
                format!(
                    "CREATE TRIGGER changes_{t}_insert AFTER INSERT ON {t} BEGIN {}; END",
                    entry("'create'", "NEW", self.fields_json(None, Some("NEW")))
                ),
            ),
            (
                format!("changes_{t}_delete"),
                format!(
                    "CREATE TRIGGER changes_{t}_delete AFTER DELETE ON {t} BEGIN {}; END",
                    entry("'delete'", "OLD", self.fields_json(Some("OLD"), None))
                ),
            ),
        ];
        if self.fields().next().is_some() {
            let action = if self.has_deleted_at() {
                "CASE WHEN OLD.deleted_at IS NULL AND NEW.deleted_at IS NOT NULL THEN 'trash' \
                 WHEN OLD.deleted_at IS NOT NULL AND NEW.deleted_at IS NULL THEN 'restore' ELSE 'update' END"
            } else {
                "'update'"
            };
            out.push((
                format!("changes_{t}_update"),
                format!(
                    "CREATE TRIGGER changes_{t}_update AFTER UPDATE ON {t} BEGIN {} WHERE d.f <> '{{}}'; END",
                    entry(action, "NEW", self.fields_json(Some("OLD"), Some("NEW")))
                ),
            ));
        }
        out
    }
}

/// Reads the book's tables from the schema.
async fn tables(conn: &mut SqliteConnection) -> Result<Vec<Table>> {
    let names: Vec<String> = sqlx::query_scalar(
        "SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%' \
         AND name NOT LIKE 'search_index%' AND sql NOT LIKE 'CREATE VIRTUAL%' ORDER BY name",
    )
    .fetch_all(&mut *conn)
    .await?;
    let mut columns_of: BTreeMap<String, Vec<(String, i64)>> = BTreeMap::new();
    for name in &names {
        let rows = sqlx::query("SELECT name, pk FROM pragma_table_info(?1) ORDER BY cid")
            .bind(name)
            .fetch_all(&mut *conn)
            .await?;
        columns_of.insert(name.clone(), rows.iter().map(|r| (r.get::<String, _>(0), r.get::<i64, _>(1))).collect());
    }
    let mut out = Vec::new();
    for name in names.iter().filter(|n| !UNLOGGED.contains(&n.as_str())) {
        let cols = &columns_of[name];
        let columns: Vec<String> = cols.iter().map(|(c, _)| c.clone()).collect();
        let key = if columns.iter().any(|c| c == "id") {
            vec!["id".to_string()]
        } else {
            let mut pk: Vec<&(String, i64)> = cols.iter().filter(|(_, pk)| *pk > 0).collect();
            pk.sort_by_key(|(_, pk)| *pk);
            pk.into_iter().map(|(c, _)| c.clone()).collect()
        };
        let account = if name == "accounts" {
            Some("{row}.id".to_string())
        } else if columns.iter().any(|c| c == "account_id") {
            Some("{row}.account_id".to_string())
        } else {
            // Through the parent the row belongs to, when that has an account.
            let fks = sqlx::query("SELECT \"from\", \"table\", \"to\" FROM pragma_foreign_key_list(?1) ORDER BY id")
                .bind(name)
                .fetch_all(&mut *conn)
                .await?;
            fks.iter()
                .map(|r| (r.get::<String, _>(0), r.get::<String, _>(1), r.get::<Option<String>, _>(2)))
                .find(|(_, parent, _)| {
                    columns_of.get(parent).is_some_and(|pc| pc.iter().any(|(c, _)| c == "account_id"))
                })
                .map(|(from, parent, to)| {
                    let to = to.unwrap_or_else(|| "id".into());
                    format!("(SELECT account_id FROM {parent} WHERE {to} = {{row}}.{from})")
                })
        };
        out.push(Table { name: name.clone(), columns, key, account });
    }
    Ok(out)
}

/// Brings the change-log triggers in line with the schema: after the
/// migrations, at every open. Writes only when they differ (a new vault, or
/// the first open after a migration), in one transaction.
pub(crate) async fn install(pool: &SqlitePool) -> Result<()> {
    let mut conn = pool.acquire().await?;
    let wanted: BTreeMap<String, String> =
        tables(&mut conn).await?.iter().flat_map(Table::triggers).collect::<BTreeMap<_, _>>();
    let present: BTreeMap<String, String> = sqlx::query_as::<_, (String, String)>(
        "SELECT name, sql FROM sqlite_schema WHERE type = 'trigger' AND name LIKE 'changes\\_%' ESCAPE '\\'",
    )
    .fetch_all(&mut *conn)
    .await?
    .into_iter()
    .collect();
    if wanted == present {
        return Ok(());
    }
    let mut tx = sqlx::Connection::begin_with(&mut *conn, "BEGIN IMMEDIATE").await?;
    for name in present.keys() {
        sqlx::query(sql!("DROP TRIGGER IF EXISTS \"{name}\"")).execute(&mut *tx).await?;
    }
    for create in wanted.values() {
        sqlx::raw_sql(sqlx::AssertSqlSafe(create.clone())).execute(&mut *tx).await?;
    }
    tx.commit().await?;
    Ok(())
}

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
// The blueprint's revision diff has a `FieldChange` too and the generated
// TypeScript has one namespace (the JSON of a struct does not carry its name).
#[serde(rename = "ChangeLogField")]
pub struct FieldChange {
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
    pub fields: Vec<FieldChange>,
}

fn read_change(row: &sqlx::sqlite::SqliteRow) -> Result<Change> {
    let at: String = row.get("at");
    let at = DateTime::parse_from_rfc3339(&at)
        .map_err(|e| Error::Corrupt(format!("the change log holds a bad time {at:?}: {e}")))?
        .with_timezone(&Utc);
    let fields: Option<String> = row.get("fields");
    let fields = match fields {
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
                    FieldChange { field, old, new }
                })
                .collect()
        }
    };
    Ok(Change {
        seq: row.get("seq"),
        at,
        who: row.get("who"),
        mode: ChangeMode::parse(row.get("mode"))?,
        action: ChangeAction::parse(row.get("action"))?,
        entity: row.get("entity"),
        entity_id: row.get("entity_id"),
        account_id: row.get("account_id"),
        fields,
    })
}

const COLUMNS: &str = "seq, at, who, mode, action, entity, entity_id, account_id, fields";

/// The history of one record, oldest first. For an account (`entity` =
/// "account") that is everything recorded against it: the account itself and
/// its people, ties, interactions, meetings, blueprints and care records.
pub async fn history(pool: &SqlitePool, entity: &str, id: &str) -> Result<Vec<Change>> {
    let rows = if entity == "account" {
        sqlx::query(sql!("SELECT {COLUMNS} FROM changes WHERE account_id = ?1 ORDER BY at, seq"))
            .bind(id)
            .fetch_all(pool)
            .await?
    } else {
        sqlx::query(sql!("SELECT {COLUMNS} FROM changes WHERE entity = ?1 AND entity_id = ?2 ORDER BY at, seq"))
            .bind(entity)
            .bind(id)
            .fetch_all(pool)
            .await?
    };
    rows.iter().map(read_change).collect()
}

/// The history of one account (see [`history`]) from `since` on.
pub async fn account_since(pool: &SqlitePool, account_id: &str, since: DateTime<Utc>) -> Result<Vec<Change>> {
    let rows = sqlx::query(sql!("SELECT {COLUMNS} FROM changes WHERE account_id = ?1 AND at >= ?2 ORDER BY at, seq"))
        .bind(account_id)
        .bind(crate::text::timestamp(since))
        .fetch_all(pool)
        .await?;
    rows.iter().map(read_change).collect()
}

/// Everything recorded from `since` on, oldest first, at most `limit` entries.
pub async fn changes_since(pool: &SqlitePool, since: DateTime<Utc>, limit: u32) -> Result<Vec<Change>> {
    let rows = sqlx::query(sql!("SELECT {COLUMNS} FROM changes WHERE at >= ?1 ORDER BY at, seq LIMIT ?2"))
        .bind(crate::text::timestamp(since))
        .bind(i64::from(limit))
        .fetch_all(pool)
        .await?;
    rows.iter().map(read_change).collect()
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
    Ok(sqlx::query_scalar::<_, Option<i64>>("SELECT max(seq) FROM changes").fetch_one(pool).await?.unwrap_or(0))
}

/// What was written after entry `after` (see [`Touched`]).
pub async fn touched_after(pool: &SqlitePool, after: i64) -> Result<Touched> {
    let last = last_seq(pool).await?;
    if last <= after {
        return Ok(Touched { last_seq: last.max(after), ..Touched::default() });
    }
    let entities: Vec<String> =
        sqlx::query_scalar("SELECT DISTINCT entity FROM changes WHERE seq > ?1 AND seq <= ?2 ORDER BY entity")
            .bind(after)
            .bind(last)
            .fetch_all(pool)
            .await?;
    let account_ids: Vec<String> = sqlx::query_scalar(
        "SELECT DISTINCT account_id FROM changes WHERE seq > ?1 AND seq <= ?2 AND account_id IS NOT NULL ORDER BY 1",
    )
    .bind(after)
    .bind(last)
    .fetch_all(pool)
    .await?;
    Ok(Touched { last_seq: last, entities, account_ids })
}

#[cfg(test)]
mod tests {
    use super::*;
    use sqlx::Connection;

    async fn schema() -> SqliteConnection {
        let mut conn = SqliteConnection::connect("sqlite::memory:").await.unwrap();
        crate::db::MIGRATOR.run(&mut conn).await.unwrap();
        conn
    }

    #[tokio::test]
    async fn every_book_table_gets_its_triggers_and_derived_ones_none() {
        let mut conn = schema().await;
        let tables = tables(&mut conn).await.unwrap();
        let names: Vec<&str> = tables.iter().map(|t| t.name.as_str()).collect();
        for logged in ["accounts", "people", "connections", "interactions", "meetings", "feedback", "stories"] {
            assert!(names.contains(&logged), "{logged} is logged: {names:?}");
        }
        for unlogged in UNLOGGED {
            assert!(!names.contains(&unlogged), "{unlogged} is not logged");
        }
        let meeting_events = tables.iter().find(|t| t.name == "meeting_events").unwrap();
        assert_eq!(meeting_events.key, ["n"]);
        assert_eq!(
            meeting_events.account.as_deref(),
            Some("(SELECT account_id FROM meetings WHERE id = {row}.meeting_id)")
        );
        // Every generated statement is valid SQL.
        for (_, create) in tables.iter().flat_map(Table::triggers) {
            sqlx::raw_sql(sqlx::AssertSqlSafe(create)).execute(&mut conn).await.unwrap();
        }
    }
}
