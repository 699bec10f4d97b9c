//! One search box for the whole book — accounts, people, interaction text,
//! meetings, blueprints and their goals, feedback and stories — over the FTS5
//! index that lives inside the encrypted vault. Triggers keep the index (see
//! the migrations); this module only reads it.

use serde::Serialize;
use sqlx::SqlitePool;

use crate::error::Result;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "snake_case")]
pub enum HitKind {
    Account,
    Person,
    Interaction,
    Meeting,
    Blueprint,
    /// A goal of a blueprint; it opens on its blueprint.
    Goal,
    Feedback,
    Story,
}

impl HitKind {
    fn from_stored(kind: &str) -> Self {
        match kind {
            "account" => Self::Account,
            "person" => Self::Person,
            "meeting" => Self::Meeting,
            "blueprint" => Self::Blueprint,
            "goal" => Self::Goal,
            "feedback" => Self::Feedback,
            "story" => Self::Story,
            _ => Self::Interaction,
        }
    }
}

/// Where the words were found.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "snake_case")]
pub enum MatchIn {
    /// In the name: the snippet is the title with the words marked.
    Title,
    /// In the text: the snippet is an excerpt around them.
    Text,
}

/// A run of plain text, matched or not. The UI renders it as text.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct SnippetPart {
    pub text: String,
    /// One of the words searched for.
    pub matched: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct SearchHit {
    pub kind: HitKind,
    /// The row's id (a goal's own id within its blueprint).
    pub id: String,
    /// The blueprint page it opens on: a blueprint's own id, a goal's blueprint.
    pub blueprint_id: Option<String>,
    /// The account it belongs to (none for our own people).
    pub account_id: Option<String>,
    pub account_name: Option<String>,
    pub title: String,
    /// What tells it apart beyond its title, plain text: a person's job
    /// title, a meeting's day and place, the question a goal serves.
    pub detail: String,
    pub matched_in: MatchIn,
    /// The match in context, the searched words marked.
    pub snippet: Vec<SnippetPart>,
}

/// Marks around a match in what FTS5 returns, split off by [`parts`]: control
/// characters, which the core refuses in every text it stores.
const OPEN: char = '\u{2}';
const CLOSE: char = '\u{3}';

/// The longest word taken from the box: no word in the book is longer, and a
/// pasted page costs no more than a sentence.
const MAX_WORD: usize = 64;
/// The most words taken from the box.
const MAX_WORDS: usize = 12;

/// Turns what the user typed into an FTS5 query: every word must match, the
/// last as a prefix (search as you type); quotes and operators are taken
/// literally, so no input is a syntax error.
pub fn fts_query(input: &str) -> Option<String> {
    let words: Vec<String> = input
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .take(MAX_WORDS)
        .map(|w| format!("\"{}\"", w.chars().take(MAX_WORD).collect::<String>()))
        .collect();
    let (last, rest) = words.split_last()?;
    let mut query = rest.join(" ");
    if !query.is_empty() {
        query.push(' ');
    }
    query.push_str(last);
    query.push('*');
    Some(query)
}

/// Splits FTS5 output marked with [`OPEN`] and [`CLOSE`] into runs of text.
fn parts(marked: &str) -> Vec<SnippetPart> {
    let mut out: Vec<SnippetPart> = Vec::new();
    // The pieces alternate: outside, inside, outside … (marks never nest).
    for (i, text) in marked.split([OPEN, CLOSE]).enumerate() {
        let matched = i % 2 == 1;
        if text.is_empty() {
            continue;
        }
        match out.last_mut() {
            Some(last) if last.matched == matched => last.text.push_str(text),
            _ => out.push(SnippetPart { text: text.to_string(), matched }),
        }
    }
    out
}

#[derive(sqlx::FromRow)]
struct Row {
    n: i64,
    score: f64,
    kind: String,
    ref_id: String,
    id: String,
    blueprint_id: Option<String>,
    account_id: Option<String>,
    account_name: Option<String>,
    title: String,
    detail: String,
    marked: String,
}

/// What every hit needs, whichever column matched: each kind's title and
/// detail from its own row, found by key.
fn hits_sql(hits: &str) -> String {
    format!(
        "WITH hits AS ({hits})
         SELECT hits.n AS n, hits.score AS score, r.kind AS kind, r.ref_id AS ref_id,
                CASE r.kind WHEN 'goal' THEN coalesce(g.id, '') ELSE r.ref_id END AS id,
                CASE r.kind WHEN 'goal' THEN r.parent_id WHEN 'blueprint' THEN r.ref_id END AS blueprint_id,
                r.account_id AS account_id, a.name AS account_name,
                coalesce(CASE r.kind
                    WHEN 'account' THEN a.name
                    WHEN 'person' THEN p.name
                    WHEN 'interaction' THEN i.occurred_on || ' · ' || substr(i.summary, 1, 120)
                    WHEN 'meeting' THEN m.title
                    WHEN 'blueprint' THEN b.question
                    WHEN 'goal' THEN g.title
                    WHEN 'feedback' THEN f.received_on || ' · ' || substr(f.text, 1, 120)
                    WHEN 'story' THEN s.title
                END, '') AS title,
                coalesce(CASE r.kind
                    WHEN 'account' THEN a.industry
                    WHEN 'person' THEN p.title
                    WHEN 'meeting' THEN substr(m.starts_local, 1, 10) || coalesce(' · ' || m.location, '')
                    WHEN 'blueprint' THEN b.starts_on || ' – ' || b.ends_on
                    WHEN 'goal' THEN b.question
                    WHEN 'feedback' THEN f.theme
                    WHEN 'story' THEN s.occurred_on || ' · ' || s.department
                END, '') AS detail,
                coalesce(hits.marked, '') AS marked
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
         WHERE r.account_id IS NULL OR a.deleted_at IS NULL"
    )
}

/// Names first (accounts, then the rest — people, meetings, blueprints,
/// goals, stories — best match first, newest first while fewer than three
/// letters are typed), then the newest text that matches (interactions,
/// feedback, the plans of meetings …). Each half is cut off inside the index
/// (`ORDER BY rank` on names only; `ORDER BY rowid DESC` on text, which FTS5
/// walks without sorting), and each hit's own row is then read by key, so a
/// two-letter prefix over a million interactions costs no more than a
/// precise word.
pub async fn search(pool: &SqlitePool, input: &str, limit: u32) -> Result<Vec<SearchHit>> {
    let Some(query) = fts_query(input) else { return Ok(Vec::new()) };
    let limit = limit.clamp(1, 200);
    let mut conn = pool.acquire().await?;
    // With only one or two letters typed, relevance cannot tell the matches
    // apart (and ranking them all is the slow part): show the newest names;
    // from the third letter on, the best-ranked.
    let longest = input.split(|c: char| !c.is_alphanumeric()).map(|w| w.chars().count()).max().unwrap_or(0);
    let by_rank = longest >= 3;
    let names_order = if by_rank { "rank" } else { "rowid DESC" };
    let mut names: Vec<Row> = sqlx::query_as(sqlx::AssertSqlSafe(hits_sql(&format!(
        "SELECT rowid AS n, rank AS score, highlight(search_index, 0, char(2), char(3)) AS marked
         FROM search_index WHERE search_index MATCH ?1 ORDER BY {names_order} LIMIT ?2"
    ))))
    .bind(format!("title : ({query})"))
    .bind(limit)
    .fetch_all(&mut *conn)
    .await?;
    let mut text: Vec<Row> = sqlx::query_as(sqlx::AssertSqlSafe(hits_sql(
        "SELECT rowid AS n, 0.0 AS score, snippet(search_index, 1, char(2), char(3), '…', 12) AS marked
         FROM search_index WHERE search_index MATCH ?1 ORDER BY rowid DESC LIMIT ?2",
    )))
    .bind(format!("body : ({query})"))
    .bind(limit)
    .fetch_all(&mut *conn)
    .await?;

    // Accounts first; then best-ranked (or newest) first, ties broken by the
    // newest, so the order never depends on how SQLite joined.
    names.sort_by(|x, y| {
        let group = |r: &Row| u8::from(r.kind != "account");
        let order = if by_rank { x.score.total_cmp(&y.score) } else { std::cmp::Ordering::Equal };
        group(x).cmp(&group(y)).then(order).then(y.n.cmp(&x.n))
    });
    text.sort_by_key(|row| std::cmp::Reverse(row.n));

    let mut seen = std::collections::HashSet::new();
    let tagged =
        names.into_iter().map(|row| (row, MatchIn::Title)).chain(text.into_iter().map(|row| (row, MatchIn::Text)));
    Ok(tagged
        .filter(|(row, _)| seen.insert(row.ref_id.clone()))
        .take(limit as usize)
        .map(|(row, matched_in)| SearchHit {
            kind: HitKind::from_stored(&row.kind),
            id: row.id,
            blueprint_id: row.blueprint_id,
            account_id: row.account_id,
            account_name: row.account_name,
            title: row.title,
            detail: row.detail,
            matched_in,
            snippet: parts(&row.marked),
        })
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn user_text_becomes_a_safe_prefix_query() {
        assert_eq!(fts_query("nord").as_deref(), Some("\"nord\"*"));
        assert_eq!(fts_query("ana  ok").as_deref(), Some("\"ana\" \"ok\"*"));
        assert_eq!(fts_query("\"AND\" OR (x*").as_deref(), Some("\"AND\" \"OR\" \"x\"*"));
        assert_eq!(fts_query("Müller-Lüdenscheidt").as_deref(), Some("\"Müller\" \"Lüdenscheidt\"*"));
        assert_eq!(fts_query("  ** "), None);
        assert_eq!(
            fts_query("a NEAR(b c, 2) -d ^e title:f").as_deref(),
            Some("\"a\" \"NEAR\" \"b\" \"c\" \"2\" \"d\" \"e\" \"title\" \"f\"*")
        );
    }

    #[test]
    fn a_long_paste_is_cut_to_a_few_short_words() {
        let word = "x".repeat(10_000);
        assert_eq!(fts_query(&word), Some(format!("\"{}\"*", "x".repeat(MAX_WORD))));
        let many = "word ".repeat(1000);
        let query = fts_query(&many).unwrap();
        assert_eq!(query.matches("\"word\"").count(), MAX_WORDS);
    }

    #[test]
    fn marked_text_splits_into_runs() {
        let run = |text: &str, matched| SnippetPart { text: text.into(), matched };
        assert_eq!(
            parts("…met \u{2}Ravi\u{3} at the \u{2}hall\u{3}"),
            vec![run("…met ", false), run("Ravi", true), run(" at the ", false), run("hall", true)]
        );
        assert_eq!(parts("\u{2}Nord\u{3}\u{2}wind\u{3}"), vec![run("Nordwind", true)]);
        assert_eq!(parts("no match"), vec![run("no match", false)]);
        assert_eq!(parts(""), Vec::<SnippetPart>::new());
    }

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
