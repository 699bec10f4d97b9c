//! The brief benchmark: one brief and a pack of 50 meetings through Rapport's
//! PDF engine, side by side with the same documents rendered as HTML
//! (`pdf::html`) and printed to PDF by headless Chromium, in one run on the
//! same content.
//!
//! `cargo run --release -p rapport_core --example brief_bench [runs]`
//! (also the last step of `scripts/bench.sh`). Needs `chromium` on the PATH for
//! the comparison; without it only Rapport's figures are printed.

use std::ops::ControlFlow;
use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant};

use chrono::{Datelike, Duration as Days, TimeZone, Utc};
use rapport_core::brief::{self, BriefOptions, PackRequest};
use rapport_core::kinds::MeetingKind;
use rapport_core::meetings::{self, GateAction, GateRequest, MeetingInput};
use rapport_core::pdf::{self, Document};
use rapport_core::{CreateOptions, KeySource, NoKeychain, Secret, Vault, VaultPaths};
use rapport_sample as demo;
use sqlx::SqlitePool;

const ZONES: [&str; 6] =
    ["Europe/Oslo", "Europe/London", "America/New_York", "Asia/Singapore", "Asia/Tokyo", "Australia/Sydney"];

fn median(mut samples: Vec<Duration>) -> Duration {
    samples.sort();
    samples[samples.len() / 2]
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

/// 50 meetings over two weeks across the sample accounts, each with people
/// from both sides, half of them approved.
async fn plan_meetings(pool: &SqlitePool, now: chrono::DateTime<Utc>) -> Vec<String> {
    let accounts: Vec<String> = sqlx::query_scalar("SELECT id FROM accounts WHERE deleted_at IS NULL ORDER BY name")
        .fetch_all(pool)
        .await
        .unwrap();
    let ours: Vec<String> = sqlx::query_scalar(
        "SELECT id FROM people WHERE side = 'ours' AND deleted_at IS NULL AND active = 1 ORDER BY name",
    )
    .fetch_all(pool)
    .await
    .unwrap();
    let monday = now.date_naive() + Days::days(i64::from(7 - now.weekday().num_days_from_monday()));
    let mut ids = Vec::new();
    for i in 0..50usize {
        let account = &accounts[i % accounts.len()];
        let theirs: Vec<String> = sqlx::query_scalar(
            "SELECT id FROM people WHERE account_id = ?1 AND deleted_at IS NULL AND active = 1 ORDER BY org_level, name LIMIT 3",
        )
        .bind(account)
        .fetch_all(pool)
        .await
        .unwrap();
        let day = monday + Days::days((i / 5) as i64);
        let hour = 8 + (i % 5) * 2;
        let start = day.and_hms_opt(hour as u32, 0, 0).unwrap();
        let input = MeetingInput {
            account_id: account.clone(),
            title: format!("Visit {} — roadmap and renewal", i + 1),
            kind: Some(MeetingKind::ALL[i % MeetingKind::ALL.len()]),
            starts_local: start.format("%Y-%m-%dT%H:%M").to_string(),
            ends_local: (start + Days::minutes(90)).format("%Y-%m-%dT%H:%M").to_string(),
            time_zone: ZONES[i % ZONES.len()].into(),
            location: Some("Their head office, board room on the top floor".into()),
            trip: Some("Benchmark tour".into()),
            objective: Some("Agree the next step on the joint roadmap and hear how last quarter landed for them.".into()),
            value_proposition: Some(
                "We bring the planning tools their operations team asked for, and a named engineer on site for the \
                 first three months, so the rollout lands without disrupting the winter schedule."
                    .into(),
            ),
            asks: Some("A sponsor for the pilot on their side\nAccess to last year's service data\nA date for the steering group".into()),
            talking_points: Some("What went well in the last rollout\nWhere we let them down, and what changed\nThe shape of next year".into()),
            sensitivities: Some("Their finance team is under pressure to cut suppliers; don't lead with price.".into()),
            logistics: Some("Car from the airport at 07:30; badges at reception; the meeting room has a screen.".into()),
            attendees: ours.iter().skip(i % ours.len()).take(2).cloned().chain(theirs).collect(),
        };
        let m = meetings::create(pool, &input, now).await.unwrap();
        if i % 2 == 0 {
            for action in [GateAction::Submit, GateAction::Approve] {
                let step = GateRequest { action: Some(action), by: Some("Bench".into()), ..GateRequest::default() };
                meetings::act(pool, &m.id, &step, now).await.unwrap();
            }
        }
        ids.push(m.id);
    }
    ids
}

fn rapport(doc: &Document) -> pdf::Rendered {
    pdf::render_with(doc, &mut |_, _| ControlFlow::Continue(())).unwrap()
}

/// Renders `html` to PDF with headless Chromium; `None` if it is not installed.
fn chromium(dir: &Path, name: &str, html: &str) -> Option<(Duration, u64)> {
    let page = dir.join(format!("{name}.html"));
    let out = dir.join(format!("{name}-chromium.pdf"));
    std::fs::write(&page, html).unwrap();
    let profile = dir.join("chromium-profile");
    let start = Instant::now();
    let status = Command::new("chromium")
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--no-first-run",
            "--no-pdf-header-footer",
        ])
        .arg(format!("--user-data-dir={}", profile.display()))
        .arg(format!("--print-to-pdf={}", out.display()))
        .arg(format!("file://{}", page.display()))
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .status()
        .ok()?;
    let elapsed = start.elapsed();
    status.success().then(|| (elapsed, std::fs::metadata(&out).map(|m| m.len()).unwrap_or(0)))
}

#[tokio::main]
async fn main() {
    let runs: usize = std::env::args().nth(1).and_then(|a| a.parse().ok()).unwrap_or(25);
    let dir = tempfile::tempdir().unwrap();
    let now = Utc.with_ymd_and_hms(2026, 11, 23, 9, 0, 0).unwrap();
    let options = CreateOptions { key_source: KeySource::Passphrase, passphrase: Some(Secret::new("bench pass")) };
    let keychain: std::sync::Arc<dyn rapport_core::KeyStore> = std::sync::Arc::new(NoKeychain);
    let vault =
        Vault::create(&VaultPaths::new(dir.path().join("rapport.db")), options, &keychain, now).await.unwrap().vault;
    let pool = vault.pool();
    demo::load_sample(pool, now).await.unwrap();
    let ids = plan_meetings(pool, now).await;
    let opts = BriefOptions { now, home_zone: Some(chrono_tz::Europe::London), audience: Default::default() };

    // Fonts are parsed once per process: the first brief pays for it.
    let start = Instant::now();
    let first = rapport(&brief::brief_document(pool, &ids[0], &opts).await.unwrap());
    let cold = start.elapsed();

    let mut read = Vec::new();
    let mut render = Vec::new();
    let mut one = first;
    for i in 0..runs {
        let t = Instant::now();
        let doc = brief::brief_document(pool, &ids[i % ids.len()], &opts).await.unwrap();
        read.push(t.elapsed());
        let t = Instant::now();
        one = rapport(&doc);
        render.push(t.elapsed());
    }
    let brief_doc = brief::brief_document(pool, &ids[0], &opts).await.unwrap();
    let both: Vec<Duration> = read.iter().zip(&render).map(|(a, b)| *a + *b).collect();

    let pack_request =
        PackRequest { meeting_ids: ids.clone(), traveller: Some("Bench".into()), ..PackRequest::default() };
    let pack_runs = runs.clamp(1, 5);
    let mut pack = Vec::new();
    let mut pack_pdf = None;
    for _ in 0..pack_runs {
        let t = Instant::now();
        let doc = brief::pack_document(pool, &pack_request, &opts).await.unwrap();
        pack_pdf = Some(rapport(&doc));
        pack.push(t.elapsed());
    }
    let pack_pdf = pack_pdf.unwrap();
    let pack_doc = brief::pack_document(pool, &pack_request, &opts).await.unwrap();

    println!("Brief benchmark — release, sample book + 50 meetings, median of {runs} (pack: {pack_runs})\n");
    println!("Rapport (printpdf, embedded subset fonts)");
    println!("  first brief, fonts parsed        {:>8.1} ms", ms(cold));
    println!("  one brief: read from the vault   {:>8.1} ms", ms(median(read)));
    println!("  one brief: lay out and write     {:>8.1} ms", ms(median(render)));
    println!(
        "  one brief, total                 {:>8.1} ms   {} pages, {} KB",
        ms(median(both.clone())),
        one.pages,
        one.bytes.len() / 1024
    );
    println!(
        "  pack of 50, total                {:>8.1} ms   {} pages, {} KB",
        ms(median(pack.clone())),
        pack_pdf.pages,
        pack_pdf.bytes.len() / 1024
    );

    let chrome_runs = runs.clamp(1, 5);
    let brief_html = pdf::html::render(&brief_doc);
    let samples: Vec<(Duration, u64)> =
        (0..chrome_runs).filter_map(|_| chromium(dir.path(), "brief", &brief_html)).collect();
    if samples.is_empty() {
        println!("\nChromium not found (or it failed): no comparison.");
        return;
    }
    let chrome_one = median(samples.iter().map(|s| s.0).collect());
    let pack_html = pdf::html::render(&pack_doc);
    let pack_samples: Vec<(Duration, u64)> =
        (0..chrome_runs.min(3)).filter_map(|_| chromium(dir.path(), "pack", &pack_html)).collect();
    println!("\nHeadless Chromium (same documents as HTML, --print-to-pdf, one process per document)");
    println!("  one brief                        {:>8.1} ms   {} KB", ms(chrome_one), samples[0].1 / 1024);
    if !pack_samples.is_empty() {
        let chrome_pack = median(pack_samples.iter().map(|s| s.0).collect());
        println!("  pack of 50                       {:>8.1} ms   {} KB", ms(chrome_pack), pack_samples[0].1 / 1024);
        println!(
            "\nRapport is {:.0}× faster on one brief and {:.0}× on the pack.",
            chrome_one.as_secs_f64() / median(both).as_secs_f64(),
            chrome_pack.as_secs_f64() / median(pack).as_secs_f64()
        );
    }
    vault.lock().await;
}
