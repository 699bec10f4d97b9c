//! `rapport meeting list`, `brief`, `pack` and `ics` end to end, on the sample
//! book in a real encrypted vault. The clock is pinned with SOURCE_DATE_EPOCH
//! to Monday 23 November 2026, 09:30 UTC: the sample's visits are then the week
//! of 30 November, and the held ones the week of 16 November.

use crate::common;

use std::path::{Path, PathBuf};

use common::{EPOCH, failure, pdf_text, rapport, stdout};
use serde_json::Value;

/// A new vault holding the sample book (see `common::sample_vault`).
fn sample_vault(dir: &Path) -> PathBuf {
    let (db, loaded) = common::sample_vault(dir);
    assert!(loaded.contains("13 meetings"), "{loaded}");
    db
}

fn list_json(db: &Path, args: &[&str]) -> Vec<Value> {
    let out = stdout(rapport(db).args(["meeting", "list", "--json"]).args(args));
    serde_json::from_str::<Value>(&out).unwrap().as_array().unwrap().clone()
}

fn titles(list: &[Value]) -> Vec<&str> {
    list.iter().map(|m| m["title"].as_str().unwrap()).collect()
}

/// The page count `pdfinfo` (poppler-utils) reads from the file: a real,
/// well-formed PDF or the test fails.
fn pdf_pages(path: &Path) -> u32 {
    let bytes = std::fs::read(path).unwrap();
    assert!(bytes.starts_with(b"%PDF-"), "{} is not a PDF", path.display());
    let info = std::process::Command::new("pdfinfo")
        .arg(path)
        .output()
        .expect("pdfinfo (poppler-utils) is needed for these tests");
    assert!(info.status.success(), "pdfinfo: {}", String::from_utf8_lossy(&info.stderr));
    let text = String::from_utf8(info.stdout).unwrap();
    let pages = text.lines().find_map(|l| l.strip_prefix("Pages:")).expect("pdfinfo prints the page count");
    pages.trim().parse().unwrap()
}

#[test]
fn meeting_list_shows_the_sample_week_as_json_and_as_a_table() {
    let dir = tempfile::tempdir().unwrap();
    let db = sample_vault(dir.path());

    let all = list_json(&db, &[]);
    assert_eq!(all.len(), 12, "the thirteenth is in the trash");
    let states: std::collections::BTreeSet<&str> = all.iter().map(|m| m["state"].as_str().unwrap()).collect();
    assert_eq!(
        states.into_iter().collect::<Vec<_>>(),
        ["approved", "challenged", "declined", "draft", "followed_up", "held", "submitted"]
    );
    let starts: Vec<&str> = all.iter().map(|m| m["starts_utc"].as_str().unwrap()).collect();
    assert!(starts.windows(2).all(|w| w[0] <= w[1]), "in time order: {starts:?}");
    for field in ["id", "account_name", "starts_local", "time_zone", "ours_attending", "theirs_attending"] {
        assert!(!all[0][field].is_null(), "{field} missing from {}", all[0]);
    }

    let week = list_json(&db, &["--from", "2026-11-30", "--to", "2026-12-04"]);
    assert_eq!(week.len(), 9);
    let approved = list_json(&db, &["--state", "approved", "--state", "followed up"]);
    // The earlier visit to Nordhavn is followed up too.
    assert_eq!(approved.len(), 4);
    assert!(approved.iter().all(|m| m["state"] == "approved" || m["state"] == "followed_up"));
    let tour = list_json(&db, &["--trip", "northern europe TOUR"]);
    assert_eq!(
        titles(&tour),
        [
            "Substation monitoring: the next two hundred sites",
            "Venlo depot: the automation roadmap",
            "Crane maintenance: keeping the contract through the renegotiation",
        ]
    );

    let table = stdout(rapport(&db).args(["meeting", "list", "--trip", "Asia calls"]));
    let lines: Vec<&str> = table.lines().collect();
    assert_eq!(lines.len(), 3, "{table}");
    assert!(lines[0].starts_with("WHEN (LOCAL TIME)") && lines[0].contains("ACCOUNT"), "{table}");
    assert!(lines[1].starts_with("Thu 2026-12-03 16:00–17:00 Asia/Singapore"), "{table}");
    assert!(lines[1].contains("Vireo Manufacturing") && lines[1].ends_with("draft"), "{table}");
    assert!(lines[2].starts_with("Fri 2026-12-04 17:00–18:00 Asia/Tokyo") && lines[2].ends_with("approved"));
    let held = stdout(rapport(&db).args(["meeting", "list", "--to", "2026-11-22"]));
    assert!(held.contains("followed up") && held.contains("Europe/Dublin"), "{held}");
    assert_eq!(stdout(rapport(&db).args(["meeting", "list", "--trip", "Nowhere"])).trim(), "no meetings");

    let (code, stderr) = failure(rapport(&db).args(["meeting", "list", "--from", "30/11/2026"]));
    assert_eq!(code, 2);
    assert!(stderr.contains("from:"), "{stderr}");
    let bad_state = rapport(&db).args(["meeting", "list", "--state", "pending"]).output().unwrap();
    assert_eq!(bad_state.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&bad_state.stderr).contains("followed up"));
}

#[test]
fn ics_writes_each_meeting_in_its_own_time_zone_and_never_overwrites_without_force() {
    let dir = tempfile::tempdir().unwrap();
    let db = sample_vault(dir.path());
    let file = dir.path().join("asia.ics");

    let out = stdout(rapport(&db).args(["ics", "--trip", "Asia calls", "-o"]).arg(&file));
    assert!(out.contains("2 meetings"), "{out}");
    let ics = std::fs::read_to_string(&file).unwrap();
    for needle in [
        "BEGIN:VCALENDAR",
        "BEGIN:VTIMEZONE\r\nTZID:Asia/Singapore",
        "BEGIN:VTIMEZONE\r\nTZID:Asia/Tokyo",
        "DTSTART;TZID=Asia/Tokyo:20261204T170000",
        "DTSTART;TZID=Asia/Singapore:20261203T160000",
    ] {
        assert!(ics.contains(needle), "{needle} missing from:\n{ics}");
    }

    // The same data and the same clock give the same file.
    let twin = dir.path().join("twin.ics");
    stdout(rapport(&db).args(["ics", "--trip", "Asia calls", "-o"]).arg(&twin));
    assert_eq!(std::fs::read(&twin).unwrap(), ics.as_bytes());

    let (code, stderr) = failure(rapport(&db).args(["ics", "Substation", "-o"]).arg(&file));
    assert_eq!(code, 2);
    assert!(stderr.contains("already exists") && stderr.contains("--force"), "{stderr}");
    assert_eq!(std::fs::read_to_string(&file).unwrap(), ics, "left as it was");

    let out = stdout(rapport(&db).args(["ics", "Substation", "crane maintenance", "--force", "-o"]).arg(&file));
    assert!(out.contains("2 meetings"), "{out}");
    let replaced = std::fs::read_to_string(&file).unwrap();
    assert!(replaced.contains("TZID:Europe/Oslo") && replaced.contains("TZID:Europe/Berlin"), "{replaced}");
    assert!(!replaced.contains("Asia/Tokyo"));
    let leftovers: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with('.'))
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");
}

#[test]
fn brief_and_pack_write_real_pdfs() {
    let dir = tempfile::tempdir().unwrap();
    let db = sample_vault(dir.path());

    let brief = dir.path().join("brief.pdf");
    let out =
        stdout(rapport(&db).args(["brief", "substation MONITORING", "--home-zone", "Asia/Tokyo", "-o"]).arg(&brief));
    assert!(out.contains("Substation monitoring: the next two hundred sites") && out.contains("pages"), "{out}");
    let brief_pages = pdf_pages(&brief);
    assert!(brief_pages >= 2, "{brief_pages} pages");

    let pack = dir.path().join("tour.pdf");
    let out = stdout(
        rapport(&db).args(["pack", "--trip", "Northern Europe tour", "--traveller", "Helena Marsh", "-o"]).arg(&pack),
    );
    assert!(out.contains("3 meetings"), "{out}");
    let pack_pages = pdf_pages(&pack);
    assert!(pack_pages > brief_pages, "{pack_pages} pages");
    assert!(out.contains(&format!("{pack_pages} pages")), "{out}");

    // A range leaves out the declined meeting unless asked; hand-picked ones go in.
    let week = dir.path().join("week.pdf");
    let out = stdout(rapport(&db).args(["pack", "--from", "2026-11-30", "--to", "2026-12-04", "-o"]).arg(&week));
    assert!(out.contains("8 meetings"), "{out}");
    let out = stdout(
        rapport(&db)
            .args(["pack", "--from", "2026-11-30", "--to", "2026-12-04", "--include-declined", "--force", "-o"])
            .arg(&week),
    );
    assert!(out.contains("9 meetings"), "{out}");
    let picked = dir.path().join("picked.pdf");
    let out = stdout(rapport(&db).args(["pack", "--meeting", "sterile-supply", "venlo depot", "-o"]).arg(&picked));
    assert!(out.contains("2 meetings"), "{out}");
    assert!(pdf_pages(&picked) >= 2);

    let before = std::fs::read(&pack).unwrap();
    let (code, stderr) = failure(rapport(&db).args(["pack", "--trip", "Asia calls", "-o"]).arg(&pack));
    assert_eq!(code, 2);
    assert!(stderr.contains("--force"), "{stderr}");
    assert_eq!(std::fs::read(&pack).unwrap(), before);

    let (code, stderr) = failure(rapport(&db).args(["pack", "--trip", "Nowhere", "-o"]).arg(dir.path().join("no.pdf")));
    assert_eq!(code, 2);
    assert!(stderr.contains("no meetings match"), "{stderr}");
    assert!(!dir.path().join("no.pdf").exists());
    let usage = rapport(&db).args(["pack", "-o"]).arg(dir.path().join("no.pdf")).output().unwrap();
    assert_eq!(usage.status.code(), Some(2), "a pack needs a range, a trip or meetings");
}

#[test]
fn the_same_clock_gives_the_same_bytes() {
    let dir = tempfile::tempdir().unwrap();
    let db = sample_vault(dir.path());
    let write = |name: &str, epoch: &str, args: &[&str]| {
        let path = dir.path().join(name);
        stdout(rapport(&db).env("SOURCE_DATE_EPOCH", epoch).args(args).arg("-o").arg(&path));
        std::fs::read(&path).unwrap()
    };
    let first = write("a.pdf", EPOCH, &["brief", "Venlo depot"]);
    let second = write("b.pdf", EPOCH, &["brief", "Venlo depot"]);
    assert!(first == second, "two briefs with the same SOURCE_DATE_EPOCH differ");
    let next_day = write("c.pdf", "1795512600", &["brief", "Venlo depot"]);
    assert!(first != next_day, "the generation date is printed on the brief");

    let pack = write("p1.pdf", EPOCH, &["pack", "--trip", "Asia calls"]);
    assert!(pack == write("p2.pdf", EPOCH, &["pack", "--trip", "Asia calls"]), "packs differ");

    let (code, stderr) =
        failure(rapport(&db).env("SOURCE_DATE_EPOCH", "next tuesday").args(["brief", "Venlo depot", "-o", "x.pdf"]));
    assert_eq!(code, 2);
    assert!(stderr.contains("SOURCE_DATE_EPOCH"), "{stderr}");
    let help = stdout(rapport(&db).arg("--help"));
    assert!(help.contains("SOURCE_DATE_EPOCH"), "{help}");
}

#[test]
fn a_meeting_named_ambiguously_is_refused_with_the_candidates() {
    let dir = tempfile::tempdir().unwrap();
    let db = sample_vault(dir.path());
    let all = list_json(&db, &[]);
    let file = dir.path().join("brief.pdf");

    let (code, stderr) = failure(rapport(&db).args(["brief", "the", "-o"]).arg(&file));
    assert_eq!(code, 2);
    let matching: Vec<&Value> =
        all.iter().filter(|m| m["title"].as_str().unwrap().to_lowercase().contains("the")).collect();
    assert!((2..=10).contains(&matching.len()));
    assert!(stderr.contains(&format!("\"the\" matches {} meetings", matching.len())), "{stderr}");
    for m in &matching {
        assert!(stderr.contains(m["id"].as_str().unwrap()), "{} missing from {stderr}", m["title"]);
    }
    assert!(!file.exists(), "nothing written");

    let (code, stderr) = failure(rapport(&db).args(["brief", "zeppelin", "-o"]).arg(&file));
    assert_eq!(code, 2);
    assert!(stderr.contains("no meeting has the id or a title containing \"zeppelin\""), "{stderr}");
    let (code, stderr) = failure(rapport(&db).args(["brief", "venlo", "--home-zone", "Mars/Olympus", "-o"]).arg(&file));
    assert_eq!(code, 2);
    assert!(stderr.contains("home_zone: \"Mars/Olympus\" is not a time zone"), "{stderr}");

    // An id names exactly one meeting.
    let venlo = all.iter().find(|m| m["title"] == "Venlo depot: the automation roadmap").unwrap();
    let out = stdout(rapport(&db).arg("brief").arg(venlo["id"].as_str().unwrap()).arg("-o").arg(&file));
    assert!(out.contains("Venlo depot: the automation roadmap"), "{out}");
    assert!(pdf_pages(&file) >= 2);
}

#[test]
fn a_brief_lists_changes_since_a_day_given_with_since_and_refuses_a_bad_one() {
    let dir = tempfile::tempdir().unwrap();
    let db = sample_vault(dir.path());
    let brief = dir.path().join("since.pdf");
    stdout(rapport(&db).args(["brief", "Venlo depot", "--since", "2026-11-01", "-o"]).arg(&brief));
    let text = common::pdf_text(&brief).split_whitespace().collect::<Vec<_>>().join(" ");
    assert!(text.contains("Since 1 Nov 2026"), "{text}");

    let (code, err) = failure(rapport(&db).args(["brief", "Venlo depot", "--since", "1 March", "-o", "x.pdf"]));
    assert_ne!(code, 0);
    assert!(err.contains("--since") && err.contains("YYYY-MM-DD"), "{err}");
}

#[test]
fn every_document_takes_an_audience() {
    let dir = tempfile::tempdir().unwrap();
    let db = sample_vault(dir.path());
    let written = |name: &str, args: &[&str]| {
        let path = dir.path().join(name);
        stdout(rapport(&db).args(args).arg("-o").arg(&path));
        pdf_text(&path)
    };

    let executive = written("brief.pdf", &["brief", "Venlo depot"]);
    assert!(!executive.contains("not for the customer"), "the executive's copy reads as before");
    let internal = written("internal.pdf", &["brief", "Venlo depot", "--audience", "internal"]);
    assert!(internal.contains("Internal — not for the customer"), "{internal}");
    let shareable = written("customer.pdf", &["brief", "Venlo depot", "--audience", "shareable"]);
    assert!(shareable.contains("Shareable with the customer"), "{shareable}");
    assert!(!shareable.contains("Three things to know") && !shareable.contains("Relationship snapshot"), "{shareable}");

    let pack = written("pack.pdf", &["pack", "--trip", "Asia calls", "--audience", "internal"]);
    assert!(pack.contains("Internal — not for the customer"), "{pack}");
    let review = written("review.pdf", &["report", "portfolio", "--audience", "internal"]);
    assert!(review.contains("Internal — not for the customer"), "{review}");

    // The customer never gets the portfolio, nor a pack of several customers.
    let (code, stderr) = failure(
        rapport(&db).args(["report", "portfolio", "--audience", "shareable", "-o"]).arg(dir.path().join("x.pdf")),
    );
    assert_eq!(code, 2, "{stderr}");
    assert!(stderr.contains("audience"), "{stderr}");
    let (code, stderr) = failure(
        rapport(&db)
            .args(["pack", "--from", "2026-11-30", "--to", "2026-12-04", "--audience", "shareable", "-o"])
            .arg(dir.path().join("y.pdf")),
    );
    assert_eq!(code, 2, "{stderr}");
    assert!(stderr.contains("one customer"), "{stderr}");
    let usage = rapport(&db).args(["brief", "Venlo depot", "--audience", "board", "-o", "z.pdf"]).output().unwrap();
    assert_eq!(usage.status.code(), Some(2), "an unknown audience is a usage error");
    let stderr = String::from_utf8(usage.stderr).unwrap();
    assert!(stderr.contains("executive, internal, shareable"), "{stderr}");
}
