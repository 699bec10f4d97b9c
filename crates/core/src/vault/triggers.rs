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

/// The table whose rows the log names `entity` (the reverse of [`noun`]).
pub(crate) fn table_of(entity: &str) -> &str {
    NOUNS.iter().find(|(_, n)| *n == entity).map_or(entity, |(t, _)| t)
}

/// What a table looks like to the trigger generator (and to the team merge,
/// which writes the same columns the log records).
pub(crate) struct Table {
    pub(crate) name: String,
    /// Every column, in schema order.
    pub(crate) columns: Vec<String>,
    /// The row's identity: `id`, else the primary key's columns.
    pub(crate) key: Vec<String>,
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
    pub(crate) fn fields(&self) -> impl Iterator<Item = &String> {
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

/// The big tables of a bulk load (a book import, the generated books), whose
/// change-log insert triggers a load sets aside ([`set_aside`]) and replaces
/// by one statement per batch ([`record`]): a trigger runs a program per row,
/// a statement runs one over the batch. The entries are the triggers' own, in
/// the same order. Every other table keeps its triggers during a load.
pub(crate) const BATCHED: [&str; 5] = ["accounts", "people", "connections", "interactions", "interaction_people"];

/// The search index's insert triggers on the batched tables
/// (`migrations/*search*`), set aside with the change log's; the store fills
/// the index for the batch instead (`store::bulk`).
const SEARCH_TRIGGERS: [&str; 3] = ["accounts_search_insert", "people_search_insert", "interactions_search_insert"];

impl Table {
    /// What the insert trigger writes, for every row written after a mark
    /// (`?1`), in the order they were written: a table with rowids by rowid;
    /// a table without (`interaction_people`) by its parent's rowid
    /// (`parent`: the parent table, its key and the column naming it), then
    /// its own key, which is the order the loader inserts a record's rows in.
    fn created_after(&self, parent: Option<(&str, &str, &str)>) -> String {
        let entity = noun(&self.name);
        let (from, after, order) = match parent {
            None => (format!("{} t", self.name), "t.rowid > ?1".to_string(), "t.rowid".to_string()),
            Some((table, key, column)) => {
                let own: Vec<String> = self.key.iter().map(|c| format!("t.{c}")).collect();
                (
                    format!("{table} p JOIN {} t ON t.{column} = p.{key}", self.name),
                    "p.rowid > ?1".to_string(),
                    format!("p.rowid, {}", own.join(", ")),
                )
            }
        };
        format!(
            "INSERT INTO changes (at, who, mode, action, entity, entity_id, account_id, fields) \
             SELECT coalesce(c.at, strftime('%Y-%m-%dT%H:%M:%fZ', 'now')), c.who, coalesce(c.mode, 'upkeep'), \
             'create', '{entity}', {id}, {account}, CASE WHEN c.mode = 'import' THEN NULL ELSE {fields} END \
             FROM {from} LEFT JOIN change_context c ON c.id = 1 WHERE {after} ORDER BY {order}",
            id = self.id_expr("t"),
            account = self.account_expr("t"),
            fields = self.fields_json(None, Some("t")),
        )
    }
}

/// A batched table's insert triggers, set aside for the transaction: what
/// replaces them, and how far it has recorded.
pub(crate) struct Aside {
    /// The change log's entries for the rows after `?1` ([`Table::created_after`]).
    record: String,
    /// The table whose rowids mark the rows (the table, or its parent).
    source: String,
    /// The last rowid of `source` recorded so far.
    pub after: i64,
}

/// Sets the insert triggers of the [`BATCHED`] tables aside for the rest of
/// the transaction (a bulk load into an empty book): the change log's and the
/// search index's. They are kept in a temporary table and come back with
/// [`put_back`] before the load commits; a load that fails rolls their
/// removal back with everything else.
pub(crate) async fn set_aside(conn: &mut SqliteConnection) -> Result<()> {
    let tables = tables(&mut *conn).await?;
    sqlx::raw_sql(
        "CREATE TEMP TABLE triggers_aside (
             name   TEXT PRIMARY KEY,
             tbl    TEXT NOT NULL,
             sql    TEXT NOT NULL,
             record TEXT,
             source TEXT,
             after  INTEGER NOT NULL DEFAULT 0
         )",
    )
    .execute(&mut *conn)
    .await?;
    for table in tables.iter().filter(|t| BATCHED.contains(&t.name.as_str())) {
        let parent = (table.name == "interaction_people").then_some(("interactions", "id", "interaction_id"));
        let name = format!("changes_{}_insert", table.name);
        sqlx::query(
            "INSERT INTO temp.triggers_aside (name, tbl, sql, record, source)
             SELECT name, tbl_name, sql, ?2, ?3 FROM main.sqlite_schema WHERE type = 'trigger' AND name = ?1",
        )
        .bind(&name)
        .bind(table.created_after(parent))
        .bind(parent.map_or(table.name.as_str(), |(p, _, _)| p))
        .execute(&mut *conn)
        .await?;
    }
    for name in SEARCH_TRIGGERS {
        sqlx::query(
            "INSERT INTO temp.triggers_aside (name, tbl, sql)
             SELECT name, tbl_name, sql FROM main.sqlite_schema WHERE type = 'trigger' AND name = ?1",
        )
        .bind(name)
        .execute(&mut *conn)
        .await?;
    }
    let names: Vec<String> =
        sqlx::query_scalar("SELECT name FROM temp.triggers_aside ORDER BY name").fetch_all(&mut *conn).await?;
    for name in names {
        sqlx::query(sql!("DROP TRIGGER main.\"{name}\"")).execute(&mut *conn).await?;
    }
    Ok(())
}

/// The change log's insert trigger on `table`, when a load has set it aside.
pub(crate) async fn aside(conn: &mut SqliteConnection, table: &str) -> Result<Option<Aside>> {
    let set_aside: bool =
        sqlx::query_scalar("SELECT EXISTS (SELECT 1 FROM sqlite_temp_schema WHERE name = 'triggers_aside')")
            .fetch_one(&mut *conn)
            .await?;
    if !set_aside {
        return Ok(None);
    }
    let row: Option<(String, String, i64)> =
        sqlx::query_as("SELECT record, source, after FROM temp.triggers_aside WHERE tbl = ?1 AND record IS NOT NULL")
            .bind(table)
            .fetch_optional(&mut *conn)
            .await?;
    Ok(row.map(|(record, source, after)| Aside { record, source, after }))
}

/// Writes the change log's entries for the rows of `aside`'s table written
/// since the last call, and moves its mark past them.
pub(crate) async fn record(conn: &mut SqliteConnection, table: &str, aside: &Aside) -> Result<()> {
    sqlx::query(sqlx::AssertSqlSafe(aside.record.as_str())).bind(aside.after).execute(&mut *conn).await?;
    sqlx::query(sql!(
        "UPDATE temp.triggers_aside SET after = (SELECT coalesce(max(rowid), 0) FROM main.\"{}\") \
         WHERE tbl = ?1 AND record IS NOT NULL",
        aside.source
    ))
    .bind(table)
    .execute(&mut *conn)
    .await?;
    Ok(())
}

/// Puts the triggers [`set_aside`] took back, before the load commits; does
/// nothing when none are aside.
pub(crate) async fn put_back(conn: &mut SqliteConnection) -> Result<()> {
    let set_aside: bool =
        sqlx::query_scalar("SELECT EXISTS (SELECT 1 FROM sqlite_temp_schema WHERE name = 'triggers_aside')")
            .fetch_one(&mut *conn)
            .await?;
    if !set_aside {
        return Ok(());
    }
    let creates: Vec<String> =
        sqlx::query_scalar("SELECT sql FROM temp.triggers_aside ORDER BY name").fetch_all(&mut *conn).await?;
    for create in creates {
        sqlx::raw_sql(sqlx::AssertSqlSafe(create)).execute(&mut *conn).await?;
    }
    sqlx::raw_sql("DROP TABLE temp.triggers_aside").execute(&mut *conn).await?;
    Ok(())
}

/// Reads the book's tables from the schema.
pub(crate) async fn tables(conn: &mut SqliteConnection) -> Result<Vec<Table>> {
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
    // `team_` tables are a vault's own team state (migration 20261209140000).
    for name in names.iter().filter(|n| !UNLOGGED.contains(&n.as_str()) && !n.starts_with("team_")) {
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
