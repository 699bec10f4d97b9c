//! The change log's triggers: generated from the schema, so every write to
//! the book's tables leaves an entry in `changes` in the same transaction
//! (see [`crate::changes`] for what an entry holds and how it is read).
//!
//! [`install`] runs at every open, after the migrations: a column added by a
//! later migration is recorded without anyone remembering to, and no write
//! path can skip the log. Who and when come from `change_context`, which every
//! write transaction sets first ([`crate::db::begin_write`]).

use std::collections::BTreeMap;

use sqlx::{Row, SqliteConnection, SqlitePool};

use crate::error::Result;

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

/// Columns of a logged table that the summary refresh derives from other
/// rows (`table`, `column`): not the book's history, like the tables in
/// [`UNLOGGED`]. A refresh that only moves them leaves no entry — a bulk load
/// stays one entry per record, and logging an interaction does not add an
/// update of every tie it touched.
const DERIVED_COLUMNS: [(&str, &str); 2] = [("connections", "last_contact"), ("connections", "due_on")];

/// The name the log gives a table's rows (`entity`), for the tables the book
/// has today; a table added later is logged under its own name.
const NOUNS: [(&str, &str); 25] = [
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
    ("commitments", "commitment"),
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

    /// The columns whose values the log keeps: all but the key, the stamps
    /// and the derived columns.
    fn fields(&self) -> impl Iterator<Item = &String> {
        self.columns.iter().filter(|c| {
            !self.key.contains(c)
                && !QUIET_COLUMNS.contains(&c.as_str())
                && !DERIVED_COLUMNS.contains(&(self.name.as_str(), c.as_str()))
        })
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
            // A statement that sets only derived columns does not fire it.
            let derived = |c: &String| DERIVED_COLUMNS.contains(&(t.as_str(), c.as_str()));
            let of = if self.columns.iter().any(derived) {
                let set: Vec<&str> = self.columns.iter().filter(|c| !derived(c)).map(String::as_str).collect();
                format!(" OF {}", set.join(", "))
            } else {
                String::new()
            };
            out.push((
                format!("changes_{t}_update"),
                format!(
                    "CREATE TRIGGER changes_{t}_update AFTER UPDATE{of} ON {t} BEGIN {} WHERE d.f <> '{{}}'; END",
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

    #[tokio::test]
    async fn a_tie_is_logged_when_edited_not_when_the_refresh_moves_its_dates() {
        let mut conn = schema().await;
        for (_, create) in tables(&mut conn).await.unwrap().iter().flat_map(Table::triggers) {
            sqlx::raw_sql(sqlx::AssertSqlSafe(create)).execute(&mut conn).await.unwrap();
        }
        sqlx::raw_sql(
            "INSERT INTO change_context (id, at, who, mode) VALUES (1, '2026-12-07T09:00:00.000Z', 'Ann', 'edit');
             INSERT INTO accounts (id, name, tier, status, created_at, updated_at)
                 VALUES ('a', 'Acme', 'key', 'active', 'x', 'x');
             INSERT INTO people (id, side, name, org_level, created_at, updated_at) VALUES ('o', 'ours', 'O', 3, 'x', 'x');
             INSERT INTO people (id, side, account_id, name, org_level, created_at, updated_at)
                 VALUES ('t', 'theirs', 'a', 'T', 3, 'x', 'x');
             INSERT INTO connections (id, account_id, ours_id, theirs_id, dimension, strength, created_at, updated_at)
                 VALUES ('c', 'a', 'o', 't', 'formal', 3, 'x', 'x');",
        )
        .execute(&mut conn)
        .await
        .unwrap();
        async fn logged(conn: &mut SqliteConnection) -> sqlx::Result<i64> {
            sqlx::query_scalar("SELECT count(*) FROM changes WHERE entity = 'connection'").fetch_one(conn).await
        }
        assert_eq!(logged(&mut conn).await.unwrap(), 1, "created");
        sqlx::query("UPDATE connections SET last_contact = '2026-12-01', due_on = '2026-12-31' WHERE id = 'c'")
            .execute(&mut conn)
            .await
            .unwrap();
        assert_eq!(logged(&mut conn).await.unwrap(), 1, "the refresh's dates are derived");
        sqlx::query("UPDATE connections SET strength = 4, due_on = '2027-01-31' WHERE id = 'c'")
            .execute(&mut conn)
            .await
            .unwrap();
        let fields: String =
            sqlx::query_scalar("SELECT fields FROM changes WHERE entity = 'connection' ORDER BY seq DESC LIMIT 1")
                .fetch_one(&mut conn)
                .await
                .unwrap();
        assert_eq!(fields, r#"{"strength":[3,4]}"#, "an edit is logged, without the derived column");
    }
}
