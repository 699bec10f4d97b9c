//! The change list's cost: a brief with "changes since" a year ago against
//! the same brief without a change list, on a generated large book whose
//! change log holds a year of edits made through the core (as the app makes
//! them): every day, `edits` title and tie-strength changes at the benched
//! accounts.
//!
//! `cargo run --release -p rapport_core --example since_bench [accounts people interactions [edits-per-day]]`
//! (defaults: the large book, 10,000 / 200,000 / 1,000,000, and 20 edits a
//! day). Generating the full book takes minutes; a smaller size gives the
//! same comparison sooner.

use std::time::{Duration, Instant};

use chrono::{Duration as Days, TimeZone, Utc};
use rapport_core::brief::{self, BriefOptions};
use rapport_core::connections::{self, ConnectionInput};
use rapport_core::kinds::{Dimension, MeetingKind};
use rapport_core::meetings::{self, MeetingInput};
use rapport_core::people::{self, PersonInput};
use rapport_core::{CreateOptions, KeySource, NoKeychain, Secret, Vault, VaultPaths};
use rapport_sample::{self as demo, LargeSize};

/// Accounts whose briefs are timed (and where the edits are made).
const BENCHED: usize = 20;
const RUNS: usize = 3;

fn median(mut samples: Vec<Duration>) -> Duration {
    samples.sort();
    samples[samples.len() / 2]
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

#[tokio::main]
async fn main() {
    let args: Vec<u64> = std::env::args().skip(1).filter_map(|a| a.parse().ok()).collect();
    let size = match args[..] {
        [accounts, people, interactions, ..] => LargeSize { accounts, people, interactions },
        _ => LargeSize::LARGE,
    };
    let per_day = args.get(3).copied().unwrap_or(20);
    let dir = tempfile::tempdir().unwrap();
    let now = Utc.with_ymd_and_hms(2026, 11, 23, 9, 0, 0).unwrap();
    let year_ago = now - Days::days(365);
    let options = CreateOptions { key_source: KeySource::Passphrase, passphrase: Some(Secret::new("bench pass")) };
    let keychain: std::sync::Arc<dyn rapport_core::KeyStore> = std::sync::Arc::new(NoKeychain);
    let vault = Vault::create(&VaultPaths::new(dir.path().join("rapport.db")), options, &keychain, year_ago)
        .await
        .unwrap()
        .vault;
    let pool = vault.pool();
    let start = Instant::now();
    demo::generate_large(pool, size, 7, year_ago, |_| {}).await.unwrap();
    eprintln!("generated {} accounts in {:.0} s", size.accounts, start.elapsed().as_secs_f64());

    let accounts: Vec<String> =
        sqlx::query_scalar("SELECT id FROM accounts WHERE deleted_at IS NULL ORDER BY id LIMIT ?1")
            .bind(BENCHED as i64)
            .fetch_all(pool)
            .await
            .unwrap();
    let mut theirs = Vec::new();
    let mut ties = Vec::new();
    for a in &accounts {
        let p: Vec<String> = sqlx::query_scalar(
            "SELECT id FROM people WHERE account_id = ?1 AND deleted_at IS NULL ORDER BY id LIMIT 5",
        )
        .bind(a)
        .fetch_all(pool)
        .await
        .unwrap();
        theirs.extend(p);
        let t: Vec<String> = sqlx::query_scalar(
            "SELECT id FROM connections WHERE account_id = ?1 AND deleted_at IS NULL ORDER BY id LIMIT 5",
        )
        .bind(a)
        .fetch_all(pool)
        .await
        .unwrap();
        ties.extend(t);
    }

    // A year of edits, each at its own time of day.
    let start = Instant::now();
    let mut edits = 0u64;
    for day in 0..365i64 {
        for k in 0..per_day {
            let at = year_ago + Days::days(day) + Days::minutes(i64::try_from(k).unwrap_or(0) * 7 + 60);
            let n = (day as usize) * (per_day as usize) + k as usize;
            if n.is_multiple_of(2) || ties.is_empty() {
                let id = &theirs[n % theirs.len()];
                let p = people::get(pool, id).await.unwrap();
                let input = PersonInput { title: Some(format!("Title {day}-{k}")), ..PersonInput::from(&p) };
                people::update(pool, id, &input, at).await.unwrap();
            } else {
                let id = &ties[n % ties.len()];
                type Tie = (String, String, String, Option<String>, u8, Option<u32>, Option<String>);
                let (ours_id, theirs_id, dimension, intermediary, strength, cadence_days, notes): Tie = sqlx::query_as(
                    "SELECT ours_id, theirs_id, dimension, intermediary, strength, cadence_days, notes
                           FROM connections WHERE id = ?1",
                )
                .bind(id)
                .fetch_one(pool)
                .await
                .unwrap();
                let input = ConnectionInput {
                    ours_id,
                    theirs_id,
                    dimension: Some(Dimension::parse(&dimension).unwrap()),
                    intermediary,
                    strength: Some(if strength > 1 { strength - 1 } else { 5 }),
                    cadence_days,
                    notes,
                };
                connections::update(pool, id, &input, at).await.unwrap();
            }
            edits += 1;
        }
    }
    let logged: i64 = sqlx::query_scalar("SELECT count(*) FROM changes").fetch_one(pool).await.unwrap();
    eprintln!("{edits} edits in {:.0} s; the change log holds {logged} entries", start.elapsed().as_secs_f64());

    let mut meetings_ids = Vec::new();
    for (i, a) in accounts.iter().enumerate() {
        let input = MeetingInput {
            account_id: a.clone(),
            title: format!("Bench visit {i}"),
            kind: Some(MeetingKind::BusinessReview),
            starts_local: "2026-11-30T10:00".into(),
            ends_local: "2026-11-30T11:00".into(),
            time_zone: "Europe/London".into(),
            ..MeetingInput::default()
        };
        meetings_ids.push(meetings::create(pool, &input, now).await.unwrap().id);
    }

    let without = BriefOptions::new(now, Some(chrono_tz::Europe::London));
    let with = BriefOptions { since: Some(year_ago.date_naive()), ..without };
    // Warm the caches once.
    brief::brief_document(pool, &meetings_ids[0], &with).await.unwrap();
    let mut lines = 0;
    let (mut a, mut b) = (Vec::new(), Vec::new());
    for _ in 0..RUNS {
        for id in &meetings_ids {
            let t = Instant::now();
            brief::brief_document(pool, id, &without).await.unwrap();
            a.push(t.elapsed());
            let t = Instant::now();
            brief::brief_document(pool, id, &with).await.unwrap();
            b.push(t.elapsed());
        }
    }
    for id in &meetings_ids {
        lines += brief::since_last_visit(pool, id, &with).await.unwrap().map_or(0, |s| s.lines.len());
    }
    println!(
        "brief (read + layout model), median of {} over {BENCHED} accounts with ~{} edits each in the year:",
        a.len(),
        edits / BENCHED as u64
    );
    println!("  without a change list: {:.1} ms", ms(median(a)));
    println!("  with changes since a year ago: {:.1} ms ({} lines a brief on average)", ms(median(b)), lines / BENCHED);
    vault.lock().await;
}
