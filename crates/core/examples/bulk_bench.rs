//! Bulk work on the large book (10,000 accounts, 200,000 people, 1,000,000
//! interactions by default) against the floor it is measured by (issue 14):
//!
//! 1. generating the book into a plain SQLite file the way the app does (the
//!    change log, the search rows and the summaries all on), the record
//!    inserts and the summary refresh timed apart;
//! 2. the floor: the same rows inserted into a plain SQLite file with the same
//!    tables and indexes but no triggers (so no change log and no search
//!    rows) and no summaries — one transaction, multi-row prepared inserts;
//! 3. the book exported as JSON and imported into a fresh plain file and a
//!    fresh SQLCipher vault.
//!
//! `cargo run --release -p rapport_core --features bench --example bulk_bench [accounts people interactions]`
//! (scale down for a quick look, e.g. `1000 20000 100000`; `BULK_BENCH_KEEP=DIR`
//! keeps the generated plain book in `DIR/generated.db`; `BULK_BENCH_RECORDING=rows`
//! generates it through the per-row triggers, as loads did before they were
//! recorded a batch at a time).

use std::io::BufWriter;
use std::path::Path;
use std::time::{Duration, Instant};

use chrono::Utc;
use rapport_core::bulk::Recording;
use rapport_core::{CreateOptions, KeySource, NoKeychain, Secret, Vault, VaultPaths, book};
use rapport_sample::{self as demo, LargeSize, Progress};
use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqliteSynchronous};
use sqlx::{Connection, QueryBuilder, Row, Sqlite, SqliteConnection, SqlitePool};

fn secs(d: Duration) -> f64 {
    d.as_secs_f64()
}

/// The machine's load average over the last minute (Linux).
fn load() -> String {
    std::fs::read_to_string("/proc/loadavg")
        .ok()
        .and_then(|s| s.split_whitespace().next().map(str::to_owned))
        .unwrap_or_else(|| "?".into())
}

/// One stored value, typed as SQLite stored it.
enum Value {
    Null,
    Integer(i64),
    Real(f64),
    Text(String),
}

/// The tables to copy, in the order the book's loader writes them, and their
/// columns.
async fn tables(conn: &mut SqliteConnection) -> Vec<(String, Vec<String>)> {
    let names: Vec<String> = sqlx::query_scalar(
        "SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%'
            AND name NOT LIKE 'search_%' AND name NOT IN ('account_summaries', 'changes', 'change_context',
            '_sqlx_migrations', 'settings')
          ORDER BY rowid",
    )
    .fetch_all(&mut *conn)
    .await
    .unwrap();
    let mut out = Vec::new();
    for name in names {
        let columns: Vec<String> = sqlx::query_scalar("SELECT name FROM pragma_table_info(?1) ORDER BY cid")
            .bind(&name)
            .fetch_all(&mut *conn)
            .await
            .unwrap();
        out.push((name, columns));
    }
    out
}

async fn rows_of(conn: &mut SqliteConnection, table: &str, columns: &[String]) -> Vec<Vec<Value>> {
    let select: Vec<String> = columns.iter().map(|c| format!("typeof({c}), {c}")).collect();
    let rows = sqlx::query(sqlx::AssertSqlSafe(format!("SELECT {} FROM {table}", select.join(", "))))
        .fetch_all(&mut *conn)
        .await
        .unwrap();
    rows.iter()
        .map(|row| {
            (0..columns.len())
                .map(|i| match row.get::<&str, _>(2 * i) {
                    "null" => Value::Null,
                    "integer" => Value::Integer(row.get(2 * i + 1)),
                    "real" => Value::Real(row.get(2 * i + 1)),
                    _ => Value::Text(row.get(2 * i + 1)),
                })
                .collect()
        })
        .collect()
}

/// The floor: every generated row of `from` inserted into a new plain file
/// with the same tables and indexes and no triggers. Returns the time the
/// inserts and the commit took (reading the rows back is not counted).
async fn floor(from: &SqlitePool, path: &Path) -> Duration {
    let mut source = from.acquire().await.unwrap();
    let schema: Vec<String> = sqlx::query_scalar(
        "SELECT sql FROM sqlite_schema WHERE type IN ('table', 'index') AND sql IS NOT NULL
            AND name NOT LIKE 'search_index_%' ORDER BY type DESC, rowid",
    )
    .fetch_all(&mut *source)
    .await
    .unwrap();
    let options = SqliteConnectOptions::new()
        .filename(path)
        .create_if_missing(true)
        .journal_mode(SqliteJournalMode::Wal)
        .synchronous(SqliteSynchronous::Full)
        .foreign_keys(true)
        .pragma("cache_size", "-262144")
        .pragma("temp_store", "MEMORY");
    let mut target = SqliteConnection::connect_with(&options).await.unwrap();
    for statement in &schema {
        sqlx::query(sqlx::AssertSqlSafe(statement.as_str())).execute(&mut target).await.unwrap();
    }
    let mut spent = Duration::ZERO;
    let mut tx = target.begin().await.unwrap();
    sqlx::query("PRAGMA defer_foreign_keys = ON").execute(&mut *tx).await.unwrap();
    for (table, columns) in tables(&mut source).await {
        let rows = rows_of(&mut source, &table, &columns).await;
        let started = Instant::now();
        // As the book's loader: as many rows per statement as SQLite's bound
        // parameters allow, capped at 500.
        for chunk in rows.chunks((32_766 / columns.len()).min(500)) {
            let mut query = QueryBuilder::<Sqlite>::new(format!("INSERT INTO {table} ({}) ", columns.join(", ")));
            query.push_values(chunk, |mut b, row| {
                for value in row {
                    match value {
                        Value::Null => b.push_bind(None::<String>),
                        Value::Integer(n) => b.push_bind(*n),
                        Value::Real(x) => b.push_bind(*x),
                        Value::Text(s) => b.push_bind(s.as_str()),
                    };
                }
            });
            query.build().persistent(true).execute(&mut *tx).await.unwrap();
        }
        spent += started.elapsed();
    }
    let started = Instant::now();
    tx.commit().await.unwrap();
    spent += started.elapsed();
    target.close().await.unwrap();
    spent
}

async fn encrypted(dir: &Path) -> (SqlitePool, Vault) {
    let options = CreateOptions { key_source: KeySource::Passphrase, passphrase: Some(Secret::new("bench pass")) };
    let keychain: std::sync::Arc<dyn rapport_core::KeyStore> = std::sync::Arc::new(NoKeychain);
    let created =
        Vault::create(&VaultPaths::new(dir.join("rapport.db")), options, &keychain, Utc::now()).await.unwrap();
    (created.vault.pool().clone(), created.vault)
}

#[tokio::main]
async fn main() {
    let args: Vec<u64> = std::env::args().skip(1).filter_map(|a| a.parse().ok()).collect();
    let size = match args[..] {
        [accounts, people, interactions] => LargeSize { accounts, people, interactions },
        _ => LargeSize::LARGE,
    };
    println!("book: {} accounts, {} people, {} interactions", size.accounts, size.people, size.interactions);
    // `BULK_BENCH_KEEP=DIR` keeps the generated plain book in DIR/generated.db
    // for a look at its query plans afterwards.
    let keep = std::env::var_os("BULK_BENCH_KEEP").map(std::path::PathBuf::from);
    let dir = tempfile::tempdir().unwrap();

    let load_before = load();
    let pool = rapport_core::bench::open_unencrypted(&dir.path().join("generated.db")).await.unwrap();
    // `BULK_BENCH_WITHOUT=changes|search|changes,search`: where the time goes,
    // by generating without the change log's or the search index's triggers.
    let without = std::env::var("BULK_BENCH_WITHOUT").unwrap_or_default();
    for (part, pattern) in [("changes", "changes\\_%"), ("search", "%\\_search\\_%")] {
        if without.split(',').any(|w| w == part) {
            let names: Vec<String> = sqlx::query_scalar(
                "SELECT name FROM sqlite_schema WHERE type = 'trigger' AND name LIKE ?1 ESCAPE '\\'",
            )
            .bind(pattern)
            .fetch_all(&pool)
            .await
            .unwrap();
            for name in &names {
                sqlx::query(sqlx::AssertSqlSafe(format!("DROP TRIGGER {name}"))).execute(&pool).await.unwrap();
            }
            println!("without the {part} triggers ({} dropped)", names.len());
        }
    }
    // `BULK_BENCH_RECORDING=rows`: the change log and search index written by
    // the per-row triggers, as before the load recorded them a batch at a time.
    let recording = match std::env::var("BULK_BENCH_RECORDING").as_deref() {
        Ok("rows") => Recording::RowByRow,
        _ => Recording::Batched,
    };
    println!("recording: {recording:?}");
    let started = Instant::now();
    let mut records_done = None;
    demo::generate_large_recorded(&pool, size, 7, Utc::now(), recording, |p| {
        if matches!(p, Progress::Summaries) {
            records_done = Some(started.elapsed());
        }
    })
    .await
    .unwrap();
    let generate = started.elapsed();
    let records = records_done.unwrap_or(generate);
    println!(
        "generate, plain SQLite (load {load_before} → {}): {:.1} s — records {:.1} s, summaries and commit {:.1} s",
        load(),
        secs(generate),
        secs(records),
        secs(generate - records)
    );

    let load_before = load();
    let floor = floor(&pool, &dir.path().join("floor.db")).await;
    println!(
        "floor, the same rows without triggers (load {load_before} → {}): {:.1} s; generate / floor {:.2}×",
        load(),
        secs(floor),
        secs(generate) / secs(floor)
    );

    let export = dir.path().join("book.json");
    book::export(&pool, BufWriter::new(std::fs::File::create(&export).unwrap()), Utc::now()).await.unwrap();
    pool.close().await;
    if let Some(keep) = keep {
        std::fs::create_dir_all(&keep).unwrap();
        std::fs::copy(dir.path().join("generated.db"), keep.join("generated.db")).unwrap();
    }
    std::fs::remove_file(dir.path().join("generated.db")).ok();
    let json_mib = std::fs::metadata(&export).unwrap().len() as f64 / 1_048_576.0;

    let load_before = load();
    let plain = rapport_core::bench::open_unencrypted(&dir.path().join("imported.db")).await.unwrap();
    let started = Instant::now();
    book::import(&plain, std::fs::File::open(&export).unwrap(), Utc::now()).await.unwrap();
    let import_plain = started.elapsed();
    plain.close().await;
    std::fs::remove_file(dir.path().join("imported.db")).ok();
    println!(
        "import {json_mib:.0} MiB of JSON, plain SQLite (load {load_before} → {}): {:.1} s; import / floor {:.2}×",
        load(),
        secs(import_plain),
        secs(import_plain) / secs(floor)
    );

    let load_before = load();
    let vault_dir = tempfile::tempdir().unwrap();
    let (cipher, vault) = encrypted(vault_dir.path()).await;
    let started = Instant::now();
    book::import(&cipher, std::fs::File::open(&export).unwrap(), Utc::now()).await.unwrap();
    let import_cipher = started.elapsed();
    vault.lock().await;
    println!(
        "import {json_mib:.0} MiB of JSON, SQLCipher (load {load_before} → {}): {:.1} s; import / floor {:.2}×",
        load(),
        secs(import_cipher),
        secs(import_cipher) / secs(floor)
    );
}
