//! `rapport commitments` end to end, on the sample book in a real encrypted
//! vault (clock pinned by SOURCE_DATE_EPOCH to 23 November 2026, see `common`).

use crate::common;

use common::{failure, rapport, sample_vault, stdout};
use serde_json::Value;

#[test]
fn commitments_list_kept_and_open_promises_by_account_as_text_and_json() {
    let dir = tempfile::tempdir().unwrap();
    let (db, _) = sample_vault(dir.path());

    let all: Vec<Value> = serde_json::from_str(&stdout(rapport(&db).args(["commitments", "--json"]))).unwrap();
    let statuses: Vec<&str> = all.iter().map(|c| c["status"].as_str().unwrap()).collect();
    assert_eq!(all.len(), 5, "{all:?}");
    assert_eq!(statuses.iter().filter(|s| **s == "kept").count(), 2, "{statuses:?}");
    assert_eq!(statuses[0], "late", "late first: {statuses:?}");

    // The next visit's account: one of ours open, one of theirs late, one kept.
    let text = stdout(rapport(&db).args(["commitments", "--account", "nordhavn", "--open"]));
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines[0], "Commitments still owed at Nordhavn Energy", "{text}");
    assert_eq!(lines.len(), 4, "a heading, a blank line and two promises: {text}");
    assert!(
        lines[2].starts_with("  [late by 10 days] Hanne Vik promised Amara Lindqvist: Share the regulator's reporting"),
        "{text}"
    );
    assert!(
        lines[3].contains("[open] Helena Marsh promised Hanne Vik: Send Hanne the phase-one outage figures"),
        "{text}"
    );

    let open: Vec<Value> =
        serde_json::from_str(&stdout(rapport(&db).args(["commitments", "--open", "--json"]))).unwrap();
    assert_eq!(open.len(), 3, "{open:?}");
    assert!(open.iter().all(|c| c["status"] == "open" || c["status"] == "late"), "{open:?}");

    let whole = stdout(rapport(&db).arg("commitments"));
    assert!(whole.starts_with("Commitments\n"), "{whole}");
    assert!(
        whole.contains("Brightline Logistics: Daniel Okoro promised: Quote the second depot's sorting line"),
        "{whole}"
    );

    let (code, err) = failure(rapport(&db).args(["commitments", "--account", "no such company"]));
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("account"), "{err}");
}
