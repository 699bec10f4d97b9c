//! The large-book benchmark: generates the book (10,000 accounts, 200,000
//! people, 1,000,000 interactions by default), then times what a user waits
//! for — the account list's first page, search, an account page, importing
//! the whole book — once under SQLCipher and once under plain SQLite from the
//! same build, and prints the encryption overhead as a ratio.
//!
//! `cargo run --release -p rapport_core --features bench --example book_bench [accounts people interactions]`
//! (or `scripts/bench.sh`). Scale down for a quick look, e.g. `1000 20000 100000`.

use std::io::BufWriter;
use std::path::Path;
use std::time::{Duration, Instant};

use chrono::Utc;
use rapport_core::accounts::{self, AccountQuery, AccountSort};
use rapport_core::kinds::Flag;
use rapport_core::{CreateOptions, KeySource, NoKeychain, Secret, Vault, VaultPaths, book, page, search};
use rapport_sample::{self as demo, LargeSize};
use sqlx::SqlitePool;

const RUNS: usize = 25;

struct Stat {
    median: Duration,
    p95: Duration,
}

async fn time<F, Fut, T>(mut f: F) -> Stat
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
    Stat { median: samples[RUNS / 2], p95: samples[RUNS * 95 / 100] }
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

async fn open(dir: &Path, encrypted: bool) -> (SqlitePool, Option<Vault>) {
    let path = dir.join("rapport.db");
    if encrypted {
        let options = CreateOptions { key_source: KeySource::Passphrase, passphrase: Some(Secret::new("bench pass")) };
        let keychain: std::sync::Arc<dyn rapport_core::KeyStore> = std::sync::Arc::new(NoKeychain);
        let created = Vault::create(&VaultPaths::new(path), options, &keychain, Utc::now()).await.unwrap();
        (created.vault.pool().clone(), Some(created.vault))
    } else {
        (rapport_core::bench::open_unencrypted(&path).await.unwrap(), None)
    }
}

struct Figures {
    rows: Vec<(&'static str, Stat)>,
    generate: Duration,
    import: Duration,
    file_mib: f64,
}

async fn run(size: LargeSize, encrypted: bool, export_to: &Path) -> Figures {
    let dir = tempfile::tempdir().unwrap();
    let (pool, vault) = open(dir.path(), encrypted).await;
    let start = Instant::now();
    demo::generate_large(&pool, size, 7, Utc::now(), |_| {}).await.unwrap();
    let generate = start.elapsed();

    let ids: Vec<String> = sqlx::query_scalar("SELECT account_id FROM account_summaries ORDER BY account_id LIMIT 200")
        .fetch_all(&pool)
        .await
        .unwrap();
    let mut rows = Vec::new();
    let first_page = AccountQuery { limit: 200, ..AccountQuery::default() };
    rows.push(("account list, first page (by name)", time(|_| accounts::query(&pool, &first_page)).await));
    let by_contact =
        AccountQuery { limit: 200, sort: AccountSort::LastContact, descending: true, ..AccountQuery::default() };
    rows.push(("account list, first page (by last contact)", time(|_| accounts::query(&pool, &by_contact)).await));
    let flagged = AccountQuery { limit: 200, flags: vec![Flag::KeyPerson], ..AccountQuery::default() };
    rows.push(("account list, key-person filter", time(|_| accounts::query(&pool, &flagged)).await));
    rows.push(("search, two letters", time(|i| search::search(&pool, ["ma", "jo", "an", "el"][i % 4], 30)).await));
    rows.push((
        "search, a name prefix",
        time(|i| search::search(&pool, ["mar", "jon", "ann", "eli"][i % 4], 30)).await,
    ));
    rows.push(("search, two words", time(|i| search::search(&pool, ["price review", "site visit"][i % 2], 30)).await));
    rows.push(("account page", time(|i| page::account_view(&pool, &ids[i % ids.len()])).await));

    if encrypted {
        let file = std::fs::File::create(export_to).unwrap();
        book::export(&pool, BufWriter::new(file), Utc::now()).await.unwrap();
    }
    if let Some(vault) = vault {
        vault.lock().await;
    } else {
        pool.close().await;
    }

    let fresh = tempfile::tempdir().unwrap();
    let (pool, vault) = open(fresh.path(), encrypted).await;
    let start = Instant::now();
    book::import(&pool, std::fs::File::open(export_to).unwrap(), Utc::now()).await.unwrap();
    let import = start.elapsed();
    let file_mib = std::fs::metadata(fresh.path().join("rapport.db")).unwrap().len() as f64 / 1048576.0;
    if let Some(vault) = vault {
        vault.lock().await;
    }
    Figures { rows, generate, import, file_mib }
}

#[tokio::main]
async fn main() {
    let args: Vec<u64> = std::env::args().skip(1).filter_map(|a| a.parse().ok()).collect();
    let size = match args[..] {
        [accounts, people, interactions] => LargeSize { accounts, people, interactions },
        _ => LargeSize::LARGE,
    };
    println!(
        "book: {} accounts, {} people, {} interactions; {RUNS} runs per query",
        size.accounts, size.people, size.interactions
    );
    let json = tempfile::tempdir().unwrap();
    let export = json.path().join("book.json");
    let cipher = run(size, true, &export).await;
    let json_mib = std::fs::metadata(&export).unwrap().len() as f64 / 1048576.0;
    let plain = run(size, false, &export).await;

    println!("\n{:<44} {:>16} {:>16} {:>7}", "", "SQLCipher", "plain SQLite", "ratio");
    for ((what, c), (_, p)) in cipher.rows.iter().zip(&plain.rows) {
        println!(
            "{what:<44} {:>7.2} ms (p95 {:>5.1}) {:>7.2} ms (p95 {:>5.1}) {:>6.2}×",
            ms(c.median),
            ms(c.p95),
            ms(p.median),
            ms(p.p95),
            ms(c.median) / ms(p.median)
        );
    }
    let secs = |d: Duration| d.as_secs_f64();
    println!(
        "{:<44} {:>13.1} s {:>16.1} s {:>6.2}×",
        "generate the book",
        secs(cipher.generate),
        secs(plain.generate),
        secs(cipher.generate) / secs(plain.generate)
    );
    println!(
        "{:<44} {:>13.1} s {:>16.1} s {:>6.2}×",
        format!("import the book ({json_mib:.0} MiB of JSON)"),
        secs(cipher.import),
        secs(plain.import),
        secs(cipher.import) / secs(plain.import)
    );
    println!("{:<44} {:>12.0} MiB {:>14.0} MiB", "database file after import", cipher.file_mib, plain.file_mib);
}
