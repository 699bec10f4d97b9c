//! `rapport today`, `rapport report portfolio` and `rapport report annual`
//! end to end, on the sample book in a real encrypted vault, with the clock
//! pinned by SOURCE_DATE_EPOCH to Monday 23 November 2026, 09:30 UTC.

use crate::common;

use common::{failure, pdf_text, rapport, sample_vault, stdout};
use serde_json::Value;

/// The lists as `rapport today` titles them, by their JSON names.
const LISTS: [(&str, &str); 8] = [
    ("awaiting_review", "Visits waiting for review"),
    ("upcoming", "Meetings in the next 7 days"),
    ("overdue_accounts", "Accounts overdue for contact"),
    ("overdue_ties", "Ties overdue for contact"),
    ("feedback", "Feedback to reconsider or thank"),
    ("goals_overdue", "Goals past their date"),
    ("reviews", "Annual customer reviews coming up"),
    ("promises", "Promises you owe"),
];

#[test]
fn today_lists_what_needs_someone_as_text_and_as_json() {
    let dir = tempfile::tempdir().unwrap();
    let (db, _) = sample_vault(dir.path());

    let json: Value = serde_json::from_str(&stdout(rapport(&db).args(["today", "--json"]))).unwrap();
    assert_eq!(json["today"], "2026-11-23");
    let text = stdout(rapport(&db).arg("today"));
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines[0], "Today, Monday 23 November 2026", "{text}");

    // Every list in its place, with its count; its items under it.
    let mut at = 0;
    for (key, title) in LISTS {
        let list = &json[key];
        let items = list["items"].as_array().unwrap_or_else(|| panic!("{key}: {json}"));
        let total = list["total"].as_u64().unwrap();
        let header =
            if total == 0 { format!("{title}: none") } else { format!("{title}: showing {} of {total}", items.len()) };
        let found = lines.iter().position(|l| *l == header).unwrap_or_else(|| panic!("{header:?} missing: {text}"));
        assert!(found > at, "{title} out of order: {text}");
        at = found;
        for (n, item) in items.iter().enumerate() {
            let line = lines[found + 1 + n];
            assert!(line.starts_with("  "), "{line:?} under {title}");
            assert!(line.contains(item["account_name"].as_str().unwrap()), "{line:?} lacks {item}");
            assert!(line.contains(item["detail"].as_str().unwrap()), "{line:?} lacks {item}");
        }
    }
    // The sample week has visits submitted and challenged, and feedback due.
    assert!(json["awaiting_review"]["total"].as_u64().unwrap() > 0, "{json}");
    assert!(text.contains("waiting for your review ("), "a visit says when it is: {text}");
    assert!(text.contains("approved, Europe/Oslo time (2026-"), "an upcoming meeting says when, once: {text}");
    assert!(json["upcoming"]["total"].as_u64().unwrap() > 0, "{json}");
}

#[test]
fn the_portfolio_review_is_written_once_and_again_only_with_force() {
    let dir = tempfile::tempdir().unwrap();
    let (db, _) = sample_vault(dir.path());
    let file = dir.path().join("portfolio.pdf");

    let out = stdout(rapport(&db).args(["report", "portfolio", "-o"]).arg(&file));
    assert!(out.starts_with(&format!("wrote {}: the portfolio review for 23 Nov 2026, ", file.display())), "{out}");
    assert!(out.trim_end().ends_with(" KB") && out.contains(" pages, "), "{out}");
    assert_eq!(out.lines().count(), 1, "{out}");
    let text = pdf_text(&file);
    for words in ["Portfolio review", "The weakest strategic accounts", "Needs attention", "Every account"] {
        assert!(text.contains(words), "{words:?} missing: {text}");
    }
    for name in ["Nordhavn Energy", "Brightline Logistics", "Aldergrove Foods"] {
        assert!(text.contains(name), "{name} missing: {text}");
    }
    assert!(!text.contains("Solent Water"), "an account in the trash is left out");

    let before = std::fs::read(&file).unwrap();
    let (code, stderr) = failure(rapport(&db).args(["report", "portfolio", "-o"]).arg(&file));
    assert_eq!(code, 2);
    assert!(stderr.contains("already exists; use --force"), "{stderr}");
    stdout(rapport(&db).args(["report", "portfolio", "--force", "-o"]).arg(&file));
    assert!(std::fs::read(&file).unwrap() == before, "two reports with the same SOURCE_DATE_EPOCH differ");
}

#[test]
fn the_annual_review_names_its_account_by_id_or_exact_name() {
    let dir = tempfile::tempdir().unwrap();
    let (db, _) = sample_vault(dir.path());
    let file = dir.path().join("nordhavn.pdf");

    let out = stdout(rapport(&db).args(["report", "annual", "NORDHAVN energy", "-o"]).arg(&file));
    assert!(
        out.starts_with(&format!(
            "wrote {}: the annual customer review of Nordhavn Energy (the year to 23 Nov 2026), ",
            file.display()
        )),
        "{out}"
    );
    let text = pdf_text(&file);
    for words in [
        "Nordhavn Energy",
        "Annual customer review: the year to 23 Nov 2026 against the year before",
        "This year 24 Nov 2025 – 23 Nov 2026",
        "Last year 24 Nov 2024 – 23 Nov 2025",
        "Warn of transformer faults a week ahead",
        "Monitoring live at the twelve worst substations",
    ] {
        assert!(text.contains(words), "{words:?} missing: {text}");
    }

    // By id, to another file; the same clock gives the same bytes.
    let accounts: Value = serde_json::from_str(&stdout(rapport(&db).args(["account", "list", "--json"]))).unwrap();
    let id = accounts.as_array().unwrap().iter().find(|a| a["name"] == "Nordhavn Energy").unwrap()["id"]
        .as_str()
        .unwrap()
        .to_string();
    let by_id = dir.path().join("by-id.pdf");
    stdout(rapport(&db).args(["report", "annual", &id, "-o"]).arg(&by_id));
    assert!(std::fs::read(&by_id).unwrap() == std::fs::read(&file).unwrap(), "same account, same clock, same bytes");

    let (code, stderr) = failure(rapport(&db).args(["report", "annual", &id, "-o"]).arg(&file));
    assert_eq!(code, 2);
    assert!(stderr.contains("--force"), "{stderr}");
}

#[test]
fn an_unknown_or_trashed_account_is_refused_in_one_line_and_nothing_is_written() {
    let dir = tempfile::tempdir().unwrap();
    let (db, _) = sample_vault(dir.path());
    let file = dir.path().join("out.pdf");
    // Words of a name are not the name; an account in the trash is not there.
    for wanted in ["Zeppelin Airships", "Nordhavn", "Solent Water"] {
        let (code, stderr) = failure(rapport(&db).args(["report", "annual", wanted, "-o"]).arg(&file));
        assert_eq!(code, 2, "{stderr}");
        assert!(stderr.contains(&format!("no account has the id or the name \"{wanted}\"")), "{stderr}");
        assert!(!file.exists(), "nothing written for {wanted}");
    }
}
