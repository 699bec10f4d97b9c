//! Today and the portfolio on the large book (10,000 accounts, 200,000
//! people, 1,000,000 interactions by default), in a real encrypted vault:
//! how long each takes through the core, and how long scoring every
//! account's health for the day takes (the job the app runs after unlocking).
//!
//! `cargo run --release -p rapport_core --example care_bench [accounts people interactions]`
//! (also a step of `scripts/bench.sh`). Generating the large book takes about
//! 13 minutes; with `CARE_BENCH_VAULT=DIR` the book is kept in DIR and reused
//! by the next run (passphrase "bench pass"), so only the measurements repeat;
//! `CARE_BENCH_DAY=YYYY-MM-DD` scores health as of that day (a kept book is
//! scored once a day).

use std::time::{Duration, Instant};

use chrono::Utc;
use rapport_core::brief::BriefOptions;
use rapport_core::care::{portfolio, today};
use rapport_core::report;
use rapport_core::{CreateOptions, KeySource, NoKeychain, Secret, Vault, VaultPaths};
use rapport_sample::{self as demo, LargeSize};

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

const RUNS: usize = 15;

#[tokio::main]
async fn main() {
    let args: Vec<u64> = std::env::args().skip(1).map(|a| a.parse().expect("three numbers")).collect();
    let size = match args[..] {
        [accounts, people, interactions] => LargeSize { accounts, people, interactions },
        _ => LargeSize::LARGE,
    };
    let kept = std::env::var_os("CARE_BENCH_VAULT").map(std::path::PathBuf::from);
    let temp = tempfile::tempdir().unwrap();
    let dir = kept.clone().unwrap_or_else(|| temp.path().to_path_buf());
    std::fs::create_dir_all(&dir).unwrap();
    let paths = VaultPaths::new(dir.join("rapport.db"));
    let keychain: std::sync::Arc<dyn rapport_core::KeyStore> = std::sync::Arc::new(NoKeychain);
    let secret = Secret::new("bench pass");
    let now = Utc::now();
    // `CARE_BENCH_DAY=YYYY-MM-DD` scores as of another day, so a kept book
    // already scored today can be scored again.
    let day = std::env::var("CARE_BENCH_DAY")
        .map(|d| d.parse().expect("CARE_BENCH_DAY: a date as YYYY-MM-DD"))
        .unwrap_or_else(|_| now.date_naive());
    let vault = if kept.is_some() && paths.db.exists() {
        println!("Reusing the large book in {}", dir.display());
        Vault::unlock_with_secret(&paths, &secret, &keychain).await.unwrap()
    } else {
        let options = CreateOptions { key_source: KeySource::Passphrase, passphrase: Some(secret) };
        let vault = Vault::create(&paths, options, &keychain, now).await.unwrap().vault;
        let started = Instant::now();
        demo::generate_large(vault.pool(), size, 7, now, |_| {}).await.unwrap();
        println!(
            "Large book: {} accounts, {} people, {} interactions, generated in {:.1} s",
            size.accounts,
            size.people,
            size.interactions,
            started.elapsed().as_secs_f64()
        );
        vault
    };
    let pool = vault.pool();

    let started = Instant::now();
    let scored = portfolio::record_all(pool, day, |_, _| std::ops::ControlFlow::Continue(())).await.unwrap();
    let scoring = started.elapsed();
    if scored == 0 {
        println!("  scoring every account's health for the day   (all scored today already)");
    } else {
        println!(
            "  scoring every account's health for the day   {:8.1} s  ({scored} accounts, {:.2} ms each)",
            scoring.as_secs_f64(),
            ms(scoring) / scored as f64
        );
    }

    let mut samples = Vec::new();
    let mut view = None;
    for _ in 0..RUNS {
        let started = Instant::now();
        view = Some(today::today(pool, now, day).await.unwrap());
        samples.push(started.elapsed());
    }
    samples.sort();
    let view = view.unwrap();
    println!(
        "  Today                                        {:8.1} ms median, {:.1} ms p95  ({} overdue accounts, {} overdue ties)",
        ms(samples[RUNS / 2]),
        ms(samples[RUNS * 95 / 100]),
        view.overdue_accounts.total,
        view.overdue_ties.total
    );

    let mut samples = Vec::new();
    let mut rows = 0;
    for _ in 0..RUNS {
        let started = Instant::now();
        rows = portfolio::portfolio(pool, now, day).await.unwrap().rows.len();
        samples.push(started.elapsed());
    }
    samples.sort();
    println!(
        "  Portfolio                                    {:8.1} ms median, {:.1} ms p95  ({rows} rows)",
        ms(samples[RUNS / 2]),
        ms(samples[RUNS * 95 / 100])
    );

    // The portfolio review PDF of the whole book, and the process's peak memory.
    let options = BriefOptions::from_settings(pool, now).await.unwrap();
    let out = dir.join("portfolio-review.pdf");
    let started = Instant::now();
    let written = report::portfolio::export(pool, &out, &options).await.unwrap();
    println!(
        "  Portfolio review PDF                         {:8.1} s  ({} pages, {:.1} MB; peak memory of the process {})",
        started.elapsed().as_secs_f64(),
        written.pages,
        f64::from(written.bytes) / 1_048_576.0,
        peak_memory()
    );
    std::fs::remove_file(&out).ok();
}

/// The process's peak resident memory (Linux), in MB.
fn peak_memory() -> String {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| s.lines().find(|l| l.starts_with("VmHWM:")).map(str::to_owned))
        .and_then(|l| l.split_whitespace().nth(1)?.parse::<f64>().ok())
        .map_or_else(|| "unknown".into(), |kb| format!("{:.0} MB", kb / 1024.0))
}
