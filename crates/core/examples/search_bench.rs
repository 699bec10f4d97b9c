//! The search box on a large book with every kind of row in it: generates the
//! book (10,000 accounts, 200,000 people, 1,000,000 interactions by default)
//! in an encrypted vault, adds per account two meetings, a blueprint with five
//! ideas and three goals, three pieces of feedback and two stories (through
//! the index's triggers, as the app writes them), times searches, then times
//! the search migration's rebuild and backfill as an upgrade would run it.
//!
//! `cargo run --release -p rapport_core --example search_bench [accounts people interactions]`
//! Scale down for a quick look, e.g. `1000 20000 100000`.

use std::time::{Duration, Instant};

use chrono::Utc;
use rapport_core::{CreateOptions, KeySource, NoKeychain, Secret, Vault, VaultPaths, search};
use rapport_sample::{self as demo, LargeSize};

const RUNS: usize = 25;
const MIGRATION: &str = include_str!("../migrations/20261207130000_search_more.sql");

async fn median<F, Fut, T>(mut f: F) -> (Duration, Duration)
where
    F: FnMut(usize) -> Fut,
    Fut: Future<Output = T>,
{
    for i in 0..3 {
        f(i).await;
    }
    let mut samples = Vec::with_capacity(RUNS);
    for i in 0..RUNS {
        let start = Instant::now();
        f(i).await;
        samples.push(start.elapsed());
    }
    samples.sort();
    (samples[RUNS / 2], samples[RUNS * 95 / 100])
}

async fn exec(pool: &sqlx::SqlitePool, sql: &str) -> Duration {
    let start = Instant::now();
    sqlx::raw_sql(sqlx::AssertSqlSafe(sql.to_string())).execute(pool).await.unwrap();
    start.elapsed()
}

/// Rows of every new kind for each account, with words a search can find.
const MORE_ROWS: &str = "
BEGIN;
INSERT INTO meetings (id, account_id, title, kind, starts_local, ends_local, time_zone, starts_utc, ends_utc,
                      location, objective, value_proposition, talking_points, created_at, updated_at)
SELECT a.id || '-m' || k.k, a.id, 'Quarterly review with ' || a.name, 'business_review',
       '2026-12-0' || k.k || 'T09:00', '2026-12-0' || k.k || 'T10:00', 'Europe/Berlin',
       '2026-12-0' || k.k || 'T08:00:00Z', '2026-12-0' || k.k || 'T09:00:00Z',
       'Head office, ' || coalesce(a.region, 'Hamburg'), 'Agree the service roadmap for next year',
       'Fewer outages through predictive maintenance', 'Spare parts lead times; the pilot; pricing',
       a.created_at, a.created_at
FROM accounts a, (SELECT 1 AS k UNION ALL SELECT 2) k;
INSERT INTO blueprints (id, account_id, starts_on, ends_on, question, stage, revision, created_at, updated_at)
SELECT a.id || '-b', a.id, '2027-01-01', '2027-12-31', 'How do we become ' || a.name || '''s first call?', 'goals', 1,
       a.created_at, a.created_at
FROM accounts a;
INSERT INTO blueprint_ideas (blueprint_id, id, position, text, kind, chosen)
SELECT b.id, 'i' || k.k, k.k, 'Idea ' || k.k || ': a spare parts depot, crew training, a joint roadmap day', 'growth', 1
FROM blueprints b, (SELECT 1 AS k UNION ALL SELECT 2 UNION ALL SELECT 3 UNION ALL SELECT 4 UNION ALL SELECT 5) k;
INSERT INTO blueprint_goals (blueprint_id, id, position, title, metric, unit, target, status)
SELECT b.id, 'g' || k.k, k.k, 'Parts delivered within a day, step ' || k.k, 'Deliveries inside 24 hours', '%', 95,
       'on_track'
FROM blueprints b, (SELECT 1 AS k UNION ALL SELECT 2 UNION ALL SELECT 3) k;
INSERT INTO feedback (id, account_id, received_on, channel, text, theme, created_at, updated_at)
SELECT a.id || '-f' || k.k, a.id, '2026-11-0' || k.k, 'call',
       'Invoices never carry our purchase order number, so they wait in a queue', 'Invoicing', a.created_at, a.created_at
FROM accounts a, (SELECT 1 AS k UNION ALL SELECT 2 UNION ALL SELECT 3) k;
INSERT INTO stories (id, account_id, kind, title, department, occurred_on, resolved, impact, lesson, created_at, updated_at)
SELECT a.id || '-s' || k.k, a.id, 'success', 'Night shift rescue at ' || a.name, 'Customer service', '2026-10-0' || k.k, 1,
       'The plant kept running', 'Keep a spare pump on site', a.created_at, a.created_at
FROM accounts a, (SELECT 1 AS k UNION ALL SELECT 2) k;
COMMIT;";

/// Puts the schema back as it was before the search migration (for these
/// kinds), so it can be run again and timed.
const UNDO: &str = "
BEGIN;
DROP TRIGGER meetings_search_insert; DROP TRIGGER meetings_search_update; DROP TRIGGER meetings_search_delete;
DROP TRIGGER blueprints_search_insert; DROP TRIGGER blueprints_search_update; DROP TRIGGER blueprints_search_delete;
DROP TRIGGER blueprint_ideas_search_insert; DROP TRIGGER blueprint_ideas_search_update;
DROP TRIGGER blueprint_ideas_search_delete;
DROP TRIGGER blueprint_goals_search_insert; DROP TRIGGER blueprint_goals_search_update;
DROP TRIGGER blueprint_goals_search_delete;
DROP TRIGGER feedback_search_insert; DROP TRIGGER feedback_search_update; DROP TRIGGER feedback_search_delete;
DROP TRIGGER stories_search_insert; DROP TRIGGER stories_search_update; DROP TRIGGER stories_search_delete;
DELETE FROM search_index WHERE rowid IN (SELECT n FROM search_rows WHERE kind NOT IN ('account', 'person', 'interaction'));
DELETE FROM search_rows WHERE kind NOT IN ('account', 'person', 'interaction');
DROP INDEX search_rows_parent;
COMMIT;";

#[tokio::main]
async fn main() {
    let args: Vec<u64> = std::env::args().skip(1).filter_map(|a| a.parse().ok()).collect();
    let size = match args[..] {
        [accounts, people, interactions] => LargeSize { accounts, people, interactions },
        _ => LargeSize::LARGE,
    };
    let dir = tempfile::tempdir().unwrap();
    let options = CreateOptions { key_source: KeySource::Passphrase, passphrase: Some(Secret::new("bench pass")) };
    let keychain: std::sync::Arc<dyn rapport_core::KeyStore> = std::sync::Arc::new(NoKeychain);
    let created =
        Vault::create(&VaultPaths::new(dir.path().join("rapport.db")), options, &keychain, Utc::now()).await.unwrap();
    let pool = created.vault.pool().clone();
    let start = Instant::now();
    demo::generate_large(&pool, size, 7, Utc::now(), |_| {}).await.unwrap();
    println!(
        "book: {} accounts, {} people, {} interactions, generated in {:.1} s",
        size.accounts,
        size.people,
        size.interactions,
        start.elapsed().as_secs_f64()
    );
    let took = exec(&pool, MORE_ROWS).await;
    let count = async |sql: &'static str| -> i64 { sqlx::query_scalar(sql).fetch_one(&pool).await.unwrap() };
    println!(
        "added {} meetings, {} blueprints, {} ideas, {} goals, {} feedback, {} stories through the triggers in {:.1} s",
        count("SELECT count(*) FROM meetings").await,
        count("SELECT count(*) FROM blueprints").await,
        count("SELECT count(*) FROM blueprint_ideas").await,
        count("SELECT count(*) FROM blueprint_goals").await,
        count("SELECT count(*) FROM feedback").await,
        count("SELECT count(*) FROM stories").await,
        took.as_secs_f64()
    );

    let queries: [(&str, &[&str]); 6] = [
        ("two letters", &["ma", "jo", "qu", "pa"]),
        ("a name prefix", &["mar", "jon", "ann", "eli"]),
        ("a meeting title", &["quarterly review", "quarterly rev"]),
        ("words in every account's feedback", &["purchase order", "invoic"]),
        ("a goal's measure", &["deliveries inside", "within a day"]),
        ("two words of interaction text", &["price review", "site visit"]),
    ];
    println!("\n{:<40} {:>10} {:>10}   ({RUNS} runs, 30 results)", "search", "median", "p95");
    for (what, words) in queries {
        let (median, p95) = median(|i| search::search(&pool, words[i % words.len()], 30)).await;
        println!("{what:<40} {:>7.2} ms {:>7.2} ms", median.as_secs_f64() * 1e3, p95.as_secs_f64() * 1e3);
    }

    exec(&pool, UNDO).await;
    let rows = count("SELECT count(*) FROM search_rows").await;
    // Step by step (the file's paragraphs) on one connection, in one transaction as sqlx runs it.
    let mut conn = pool.acquire().await.unwrap();
    let mut steps = Vec::new();
    let start = Instant::now();
    sqlx::raw_sql("BEGIN").execute(&mut *conn).await.unwrap();
    for step in MIGRATION.split("\n\n") {
        let at = Instant::now();
        sqlx::raw_sql(sqlx::AssertSqlSafe(step.to_string())).execute(&mut *conn).await.unwrap();
        let first = step.lines().find(|l| !l.starts_with("--") && !l.trim().is_empty()).unwrap_or("").to_string();
        steps.push((at.elapsed(), first));
    }
    sqlx::raw_sql("COMMIT").execute(&mut *conn).await.unwrap();
    drop(conn);
    println!(
        "\nthe search migration (rebuild the map of {rows} indexed rows, backfill the new kinds): {:.1} s",
        start.elapsed().as_secs_f64()
    );
    steps.sort_by_key(|(took, _)| std::cmp::Reverse(*took));
    for (took, first) in steps.iter().take(4) {
        println!("  {:>7.2} s  {}", took.as_secs_f64(), first.chars().take(90).collect::<String>());
    }
    let after = count("SELECT count(*) FROM search_rows").await;
    println!("indexed rows after: {after}");
    created.vault.lock().await;
}
