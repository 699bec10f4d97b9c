//! Store: the search index (FTS5, inside the encrypted vault). Triggers keep
//! it (see the migrations); this module only reads it.

use sqlx::SqliteConnection;

use crate::error::Result;

/// A hit as read: the index row's number and score, and the hit's own row.
pub(crate) struct Row {
    pub(crate) n: i64,
    pub(crate) score: f64,
    pub(crate) kind: String,
    pub(crate) ref_id: String,
    pub(crate) id: String,
    pub(crate) blueprint_id: Option<String>,
    pub(crate) account_id: Option<String>,
    pub(crate) account_name: Option<String>,
    pub(crate) title: String,
    pub(crate) detail: String,
    pub(crate) marked: String,
}

/// What every hit needs, whichever column matched: each kind's title and
/// detail from its own row, found by key. `$hits` is the SQL (a literal) that
/// picks the index rows: `n`, `score` and `marked`.
///
/// sqlx cannot type what comes out of the FTS5 table or a CASE, and takes
/// `accounts.name` as NOT NULL through the LEFT JOIN, so those columns say
/// their type and whether they can be NULL themselves.
macro_rules! hits {
    ($hits:tt, $($arg:expr),+) => {
        sqlx::query_as!(
            Row,
            "WITH hits AS (" + $hits + r#")
             SELECT hits.n AS "n!", hits.score AS "score!: f64", r.kind AS kind, r.ref_id AS ref_id,
                    CASE r.kind WHEN 'goal' THEN coalesce(g.id, '') ELSE r.ref_id END AS "id!: String",
                    CASE r.kind WHEN 'goal' THEN r.parent_id WHEN 'blueprint' THEN r.ref_id END AS "blueprint_id?: String",
                    r.account_id AS account_id, a.name AS "account_name?",
                    coalesce(CASE r.kind
                        WHEN 'account' THEN a.name
                        WHEN 'person' THEN p.name
                        WHEN 'interaction' THEN i.occurred_on || ' · ' || substr(i.summary, 1, 120)
                        WHEN 'meeting' THEN m.title
                        WHEN 'blueprint' THEN b.question
                        WHEN 'goal' THEN g.title
                        WHEN 'feedback' THEN f.received_on || ' · ' || substr(f.text, 1, 120)
                        WHEN 'story' THEN s.title
                    END, '') AS "title!: String",
                    coalesce(CASE r.kind
                        WHEN 'account' THEN a.industry
                        WHEN 'person' THEN p.title
                        WHEN 'meeting' THEN substr(m.starts_local, 1, 10) || coalesce(' · ' || m.location, '')
                        WHEN 'blueprint' THEN b.starts_on || ' – ' || b.ends_on
                        WHEN 'goal' THEN b.question
                        WHEN 'feedback' THEN f.theme
                        WHEN 'story' THEN s.occurred_on || ' · ' || s.department
                    END, '') AS "detail!: String",
                    coalesce(hits.marked, '') AS "marked!: String"
             FROM hits JOIN search_rows r ON r.n = hits.n
             LEFT JOIN accounts a ON a.id = r.account_id
             LEFT JOIN people p ON r.kind = 'person' AND p.id = r.ref_id
             LEFT JOIN interactions i ON r.kind = 'interaction' AND i.id = r.ref_id
             LEFT JOIN meetings m ON r.kind = 'meeting' AND m.id = r.ref_id
             LEFT JOIN blueprints b ON r.kind IN ('blueprint', 'goal') AND b.id = coalesce(r.parent_id, r.ref_id)
             LEFT JOIN blueprint_goals g ON r.kind = 'goal' AND g.blueprint_id = r.parent_id
                                        AND g.id = substr(r.ref_id, length(r.parent_id) + 2)
             LEFT JOIN feedback f ON r.kind = 'feedback' AND f.id = r.ref_id
             LEFT JOIN stories s ON r.kind = 'story' AND s.id = r.ref_id
             WHERE r.account_id IS NULL OR a.deleted_at IS NULL"#,
            $($arg),+
        )
    };
}

/// Hits whose title matches `query` (an FTS5 query from `search::fts_query`):
/// best-ranked first when `by_rank`, else newest first; at most `limit`.
pub(crate) async fn names(conn: &mut SqliteConnection, query: &str, by_rank: bool, limit: u32) -> Result<Vec<Row>> {
    let query = format!("title : ({query})");
    let hits = if by_rank {
        hits!(
            "SELECT rowid AS n, rank AS score, highlight(search_index, 0, char(2), char(3)) AS marked
             FROM search_index WHERE search_index MATCH ?1 ORDER BY rank LIMIT ?2",
            query,
            limit
        )
        .fetch_all(&mut *conn)
        .await?
    } else {
        hits!(
            "SELECT rowid AS n, rank AS score, highlight(search_index, 0, char(2), char(3)) AS marked
             FROM search_index WHERE search_index MATCH ?1 ORDER BY rowid DESC LIMIT ?2",
            query,
            limit
        )
        .fetch_all(&mut *conn)
        .await?
    };
    Ok(hits)
}

/// Hits whose text matches `query`, newest first, at most `limit`, each with
/// an excerpt around the match.
pub(crate) async fn texts(conn: &mut SqliteConnection, query: &str, limit: u32) -> Result<Vec<Row>> {
    Ok(hits!(
        "SELECT rowid AS n, 0.0 AS score, snippet(search_index, 1, char(2), char(3), '…', 12) AS marked
         FROM search_index WHERE search_index MATCH ?1 ORDER BY rowid DESC LIMIT ?2",
        format!("body : ({query})"),
        limit
    )
    .fetch_all(&mut *conn)
    .await?)
}

#[cfg(test)]
mod tests {
    use crate::search::{HitKind, search};

    /// What was in the book before the index took these kinds is found after
    /// the migration; what was in the trash is not.
    #[tokio::test]
    async fn the_migration_indexes_what_is_already_there() {
        const MINE: i64 = 20261207130000;
        let pool = sqlx::sqlite::SqlitePoolOptions::new()
            .max_connections(1)
            .idle_timeout(None)
            .max_lifetime(None)
            .connect("sqlite::memory:")
            .await
            .unwrap();
        let run = async |sql: &str| sqlx::raw_sql(sqlx::AssertSqlSafe(sql.to_string())).execute(&pool).await.unwrap();
        for m in crate::db::MIGRATOR.migrations.iter().filter(|m| m.version < MINE) {
            run(m.sql.as_str()).await;
        }
        let t = "'2026-11-01T00:00:00.000Z'";
        run(&format!(
            "INSERT INTO accounts (id, name, tier, created_at, updated_at) VALUES ('a1', 'Lindenhof', 'key', {t}, {t});
             INSERT INTO interactions (id, account_id, occurred_on, kind, summary, created_at, updated_at)
                 VALUES ('i1', 'a1', '2026-10-01', 'call', 'Talked about turbines', {t}, {t});
             INSERT INTO meetings (id, account_id, title, kind, starts_local, ends_local, time_zone, starts_utc, ends_utc,
                                   location, objective, created_at, updated_at, deleted_at)
                 VALUES ('m1', 'a1', 'Harbour visit', 'connecting', '2026-11-26T09:30', '2026-11-26T11:00', 'Europe/Berlin',
                         '2026-11-26T08:30:00Z', '2026-11-26T10:00:00Z', 'Kiel', 'Agree the pilot', {t}, {t}, NULL),
                        ('m2', 'a1', 'Harbour dinner', 'connecting', '2026-11-27T19:00', '2026-11-27T21:00', 'Europe/Berlin',
                         '2026-11-27T18:00:00Z', '2026-11-27T20:00:00Z', NULL, NULL, {t}, {t}, {t});
             INSERT INTO blueprints (id, account_id, starts_on, ends_on, question, stage, revision, created_at, updated_at, deleted_at)
                 VALUES ('b1', 'a1', '2027-01-01', '2027-12-31', 'How do we win the fleet?', 'goals', 1, {t}, {t}, NULL),
                        ('b2', 'a1', '2026-01-01', '2026-12-31', 'An old fleet question', 'goals', 1, {t}, {t}, {t});
             INSERT INTO blueprint_ideas (blueprint_id, id, position, text, kind, chosen)
                 VALUES ('b1', 'i1', 0, 'A spare parts depot', 'growth', 1), ('b1', 'i2', 1, 'Crew training', 'growth', 0);
             INSERT INTO blueprint_goals (blueprint_id, id, position, title, metric, unit, target, status)
                 VALUES ('b1', 'g1', 0, 'Parts within a day', 'Deliveries inside 24 hours', '%', 90, 'on_track'),
                        ('b2', 'g1', 0, 'Old parts goal', NULL, NULL, NULL, 'done');
             INSERT INTO feedback (id, account_id, received_on, channel, text, theme, created_at, updated_at)
                 VALUES ('f1', 'a1', '2026-11-10', 'call', 'Invoices lack the order number', 'Invoicing', {t}, {t});
             INSERT INTO stories (id, account_id, kind, title, department, occurred_on, resolved, lesson, created_at, updated_at)
                 VALUES ('s1', 'a1', 'success', 'Night shift rescue', 'Service', '2026-10-01', 1, 'Keep a spare pump', {t}, {t});"
        ))
        .await;
        let mine = crate::db::MIGRATOR.migrations.iter().find(|m| m.version == MINE).unwrap();
        run(mine.sql.as_str()).await;

        let kinds = async |text: &str| -> Vec<(HitKind, String)> {
            search(&pool, text, 30).await.unwrap().into_iter().map(|h| (h.kind, h.id)).collect()
        };
        assert_eq!(kinds("harbour").await, [(HitKind::Meeting, "m1".to_string())], "the trashed dinner stays out");
        assert_eq!(kinds("kiel").await, [(HitKind::Meeting, "m1".to_string())]);
        assert_eq!(kinds("fleet").await, [(HitKind::Blueprint, "b1".to_string())]);
        assert_eq!(kinds("depot").await, [(HitKind::Blueprint, "b1".to_string())]);
        assert_eq!(kinds("parts").await, [(HitKind::Goal, "g1".to_string()), (HitKind::Blueprint, "b1".to_string())]);
        assert_eq!(kinds("deliveries").await, [(HitKind::Goal, "g1".to_string())]);
        assert_eq!(kinds("invoicing").await, [(HitKind::Feedback, "f1".to_string())]);
        assert_eq!(kinds("rescue").await, [(HitKind::Story, "s1".to_string())]);
        assert_eq!(kinds("pump").await, [(HitKind::Story, "s1".to_string())]);
        // What was indexed before keeps its place and its kind.
        assert_eq!(kinds("lindenhof").await, [(HitKind::Account, "a1".to_string())]);
        assert_eq!(kinds("turbines").await, [(HitKind::Interaction, "i1".to_string())]);
        // And the triggers keep working on the rebuilt map.
        run("UPDATE interactions SET summary = 'Talked about gearboxes' WHERE id = 'i1'").await;
        assert!(kinds("turbines").await.is_empty());
        run("UPDATE blueprints SET deleted_at = '2026-11-02T00:00:00.000Z' WHERE id = 'b1'").await;
        assert!(kinds("parts").await.is_empty(), "a trashed blueprint takes its goals out");
        run("UPDATE blueprints SET deleted_at = NULL WHERE id = 'b1'").await;
        assert_eq!(kinds("deliveries").await, [(HitKind::Goal, "g1".to_string())]);
    }
}
