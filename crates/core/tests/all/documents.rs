//! Every document the app writes, byte for byte: the sample book in a real
//! encrypted vault with the clock pinned to Monday 23 November 2026, then every
//! meeting's brief, a pack per trip and one for the whole book, the portfolio
//! review, every account's annual review, every blueprint, and the calendars
//! (.ics: the meetings, each trip, the touchpoints). Their SHA-256 digests must
//! equal `fixtures/documents.sha256`, taken before the PDF engine left the core:
//! a refactoring that changes one byte of one document fails here.
//!
//! A change that is meant to change documents updates the fixture on purpose:
//! `UPDATE_DOCUMENT_DIGESTS=1 cargo test -p rapport_core --test documents`.
//! `RAPPORT_DOCUMENTS_OUT=DIR` also keeps the files there, to compare by eye.

use crate::common;

use std::fmt::Write as _;
use std::ops::ControlFlow;
use std::path::{Path, PathBuf};

use common::*;
use rapport_core::brief::{self, BriefOptions, PackRequest};
use rapport_core::meetings::{self, MeetingQuery};
use rapport_core::report::{annual, blueprint, portfolio};
use rapport_core::{accounts, settings, touchpoints};
use rapport_sample as demo;
use sha2::{Digest, Sha256};

const FIXTURE: &str = "tests/fixtures/documents.sha256";

/// Writes every document of the sample book into `dir`; returns the file names.
async fn write_all(dir: &Path) -> Vec<String> {
    let tmp = tempfile::tempdir().unwrap();
    let vault = create_passphrase_vault(&paths(tmp.path())).await.vault;
    let pool = vault.pool();
    let now = now();
    demo::load_sample(pool, now).await.unwrap();
    let options = BriefOptions::from_settings(pool, now).await.unwrap();
    let mut names = Vec::new();
    let mut out = |name: String| -> PathBuf {
        names.push(name.clone());
        dir.join(name)
    };

    let all = meetings::list(pool, &MeetingQuery::default()).await.unwrap();
    assert!(!all.is_empty(), "the sample book has meetings");
    for (n, m) in all.iter().enumerate() {
        brief::export_brief(pool, &m.id, &out(format!("brief-{n:02}.pdf")), &options).await.unwrap();
    }
    let trips = meetings::trips(pool).await.unwrap();
    assert!(!trips.is_empty(), "the sample book has a trip");
    for (n, trip) in trips.iter().enumerate() {
        let request = PackRequest { trip: Some(trip.clone()), ..Default::default() };
        let path = out(format!("pack-trip-{n:02}.pdf"));
        brief::export_pack(pool, &request, &path, &options, |_, _| ControlFlow::Continue(())).await.unwrap();
        let query = MeetingQuery { trip: Some(trip.clone()), ..Default::default() };
        let (ics, _) = meetings::calendar(pool, &query, now).await.unwrap();
        std::fs::write(out(format!("trip-{n:02}.ics")), ics).unwrap();
    }
    let every = PackRequest {
        meeting_ids: all.iter().map(|m| m.id.clone()).collect(),
        include_declined: true,
        ..Default::default()
    };
    let path = out("pack-all.pdf".into());
    brief::export_pack(pool, &every, &path, &options, |_, _| ControlFlow::Continue(())).await.unwrap();

    portfolio::export(pool, &out("portfolio.pdf".into()), &options).await.unwrap();
    for (n, account) in accounts::list(pool).await.unwrap().iter().enumerate() {
        annual::export(pool, &account.id, &out(format!("annual-{n:02}.pdf")), &options).await.unwrap();
    }
    let plans = rapport_core::blueprint::store::list(pool, None, options.today()).await.unwrap();
    assert!(!plans.is_empty(), "the sample book has blueprints");
    for (n, plan) in plans.iter().enumerate() {
        blueprint::export(pool, &plan.id, &out(format!("blueprint-{n:02}.pdf")), &options).await.unwrap();
    }

    let (ics, _) = meetings::calendar(pool, &MeetingQuery::default(), now).await.unwrap();
    std::fs::write(out("meetings.ics".into()), ics).unwrap();
    let today = settings::today(pool, now).await.unwrap();
    let ics = touchpoints::touchpoints_ics(pool, None, now, today, 90).await.unwrap();
    std::fs::write(out("touchpoints.ics".into()), ics).unwrap();
    names
}

/// `sha256sum` lines for the named files in `dir`.
fn digests(dir: &Path, names: &[String]) -> String {
    let mut text = String::new();
    for name in names {
        let bytes = std::fs::read(dir.join(name)).unwrap();
        let hex: String = Sha256::digest(&bytes).iter().map(|b| format!("{b:02x}")).collect();
        writeln!(text, "{hex}  {name}").unwrap();
    }
    text
}

#[tokio::test(flavor = "multi_thread")]
async fn every_document_is_byte_identical_to_the_recorded_one() {
    let kept = std::env::var_os("RAPPORT_DOCUMENTS_OUT").map(PathBuf::from);
    let tmp = tempfile::tempdir().unwrap();
    let dir = kept.clone().unwrap_or_else(|| tmp.path().to_path_buf());
    std::fs::create_dir_all(&dir).unwrap();
    let names = write_all(&dir).await;
    let actual = digests(&dir, &names);

    // The renderer is deterministic: a second book from the same clock gives
    // the same bytes (otherwise a recorded digest would prove nothing).
    let again = tempfile::tempdir().unwrap();
    assert_eq!(write_all(again.path()).await, names);
    assert_eq!(digests(again.path(), &names), actual, "two runs from the same data and clock differ");

    let fixture = Path::new(env!("CARGO_MANIFEST_DIR")).join(FIXTURE);
    if std::env::var_os("UPDATE_DOCUMENT_DIGESTS").is_some() {
        std::fs::write(&fixture, &actual).unwrap();
        return;
    }
    let expected = std::fs::read_to_string(&fixture).expect("the recorded digests (see this file's doc comment)");
    let changed: Vec<&str> = expected
        .lines()
        .zip(actual.lines())
        .filter(|(e, a)| e != a)
        .map(|(e, _)| e.rsplit("  ").next().unwrap_or(e))
        .collect();
    assert_eq!(
        expected.lines().count(),
        actual.lines().count(),
        "the set of documents changed:\nexpected\n{expected}\nactual\n{actual}"
    );
    assert!(changed.is_empty(), "documents differ from the recorded bytes: {changed:?}\n{actual}");
}
