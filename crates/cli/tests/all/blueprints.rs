//! `rapport blueprint list` and `rapport blueprint export` end to end, on the
//! sample book in a real encrypted vault, with the clock pinned by
//! SOURCE_DATE_EPOCH to Monday 23 November 2026, 09:30 UTC (the sample's
//! blueprints are dated from it).

use crate::common;

use std::path::{Path, PathBuf};

use common::{failure, pdf_text, rapport, stdout};
use serde_json::Value;

/// A new vault holding the sample book (see `common::sample_vault`).
fn sample_vault(dir: &Path) -> PathBuf {
    let (db, loaded) = common::sample_vault(dir);
    assert!(loaded.contains("8 blueprints"), "{loaded}");
    db
}

fn list_json(db: &Path, args: &[&str]) -> Vec<Value> {
    let out = stdout(rapport(db).args(["blueprint", "list", "--json"]).args(args));
    serde_json::from_str::<Value>(&out).unwrap().as_array().unwrap().clone()
}

#[test]
fn blueprint_list_shows_every_stage_as_json_and_as_a_table() {
    let dir = tempfile::tempdir().unwrap();
    let db = sample_vault(dir.path());

    let all = list_json(&db, &[]);
    assert_eq!(all.len(), 8);
    let stages: std::collections::BTreeSet<&str> = all.iter().map(|b| b["stage"].as_str().unwrap()).collect();
    assert_eq!(
        stages.into_iter().collect::<Vec<_>>(),
        ["approve", "frame", "goals", "ideas", "people", "prioritise", "track"]
    );
    for field in ["account_name", "period", "revision", "approved_revision", "goals", "overdue_goals", "progress"] {
        assert!(all[0].get(field).is_some(), "{field} missing from {}", all[0]);
    }

    // Words of the name, in any case; the latest period first.
    let nordhavn = list_json(&db, &["--account", "NORDHAVN"]);
    assert_eq!(nordhavn.len(), 2);
    assert_eq!(nordhavn[0]["period"]["starts_on"], "2026-04-07");
    assert_eq!((nordhavn[0]["revision"].as_u64(), nordhavn[0]["approved_revision"].as_u64()), (Some(2), Some(2)));
    assert_eq!(nordhavn[0]["overdue_goals"], 2);
    assert_eq!(nordhavn[1]["progress"], 100.0);
    let by_id = list_json(&db, &["--account", nordhavn[0]["account_id"].as_str().unwrap()]);
    assert_eq!(by_id, nordhavn);

    let table = stdout(rapport(&db).args(["blueprint", "list"]));
    let lines: Vec<&str> = table.lines().collect();
    assert_eq!(lines.len(), 9, "{table}");
    for header in ["ACCOUNT", "PERIOD", "STAGE", "REVISION", "APPROVED", "GOALS", "OVERDUE", "PROGRESS"] {
        assert!(lines[0].contains(header), "{header} missing: {table}");
    }
    let row = lines.iter().find(|l| l.starts_with("Nordhavn Energy") && l.contains("2026-04-07")).unwrap();
    let cells: Vec<&str> = row.split_whitespace().collect();
    // Nordhavn Energy 2026-04-07 to 2027-04-06 tracking 2 2 5 2 NN%
    assert_eq!(&cells[5..10], ["tracking", "2", "2", "5", "2"], "{row}");
    assert!(cells[10].ends_with('%'), "{row}");
    let stellan = lines.iter().find(|l| l.starts_with("Stellan Health")).unwrap();
    assert!(stellan.contains(" ideas ") && stellan.trim_end().ends_with('-'), "{stellan}");

    assert_eq!(stdout(rapport(&db).args(["blueprint", "list", "--account", "Aldergrove"])).trim(), "no blueprints");
    let (code, stderr) = failure(rapport(&db).args(["blueprint", "list", "--account", "zeppelin"]));
    assert_eq!(code, 2);
    assert!(stderr.contains("no account has the id or a name containing \"zeppelin\""), "{stderr}");
}

#[test]
fn blueprint_export_writes_the_goals_into_a_real_pdf() {
    let dir = tempfile::tempdir().unwrap();
    let db = sample_vault(dir.path());
    let file = dir.path().join("nordhavn.pdf");

    let out = stdout(rapport(&db).args(["blueprint", "export", "nordhavn energy", "-o"]).arg(&file));
    assert!(out.contains("the blueprint for Nordhavn Energy (2026-04-07 to 2027-04-06, tracking)"), "{out}");
    assert!(out.contains("pages"), "{out}");
    let text = pdf_text(&file);
    for goal in [
        "Warn of transformer faults a week ahead",
        "Critical spares at any substation within a day",
        "A five-year service agreement signed",
        "Our COO and their Head of Procurement meet twice a year",
        "Their field crews trained alongside ours",
    ] {
        assert!(text.contains(goal), "{goal} missing from the PDF: {text}");
    }
    assert!(text.contains("Revision 2 approved by Tomasz Wren"), "{text}");
    assert!(text.contains("2 overdue"), "{text}");

    // Last year's, picked by the day its period starts.
    let last_year = dir.path().join("last-year.pdf");
    let out = stdout(
        rapport(&db).args(["blueprint", "export", "Nordhavn", "--period-start", "2025-04-07", "-o"]).arg(&last_year),
    );
    assert!(out.contains("2025-04-07 to 2026-04-06"), "{out}");
    let text = pdf_text(&last_year);
    assert!(text.contains("Monitoring live at the twelve worst substations"), "{text}");
    assert!(!text.contains("Warn of transformer faults"), "{text}");

    // A blueprint still in the workshop: the goals so far, not approved.
    let vireo = dir.path().join("vireo.pdf");
    stdout(rapport(&db).args(["blueprint", "export", "vireo", "-o"]).arg(&vireo));
    let text = pdf_text(&vireo);
    assert!(text.contains("Remote diagnostics and updates in the next machine generation"), "{text}");
    assert!(text.contains("Revision 1 in the goals stage, not approved yet"), "{text}");

    // Never over an existing file without --force; the same clock gives the same bytes.
    let before = std::fs::read(&file).unwrap();
    let (code, stderr) = failure(rapport(&db).args(["blueprint", "export", "nordhavn", "-o"]).arg(&file));
    assert_eq!(code, 2);
    assert!(stderr.contains("--force"), "{stderr}");
    stdout(rapport(&db).args(["blueprint", "export", "nordhavn", "--force", "-o"]).arg(&file));
    assert!(std::fs::read(&file).unwrap() == before, "two exports with the same SOURCE_DATE_EPOCH differ");
}

#[test]
fn a_blueprint_named_ambiguously_or_missing_is_refused_with_the_reason() {
    let dir = tempfile::tempdir().unwrap();
    let db = sample_vault(dir.path());
    let file = dir.path().join("out.pdf");
    let accounts: Value = serde_json::from_str(&stdout(rapport(&db).args(["account", "list", "--json"]))).unwrap();
    let accounts = accounts.as_array().unwrap();

    // "steel" and "retail" are words of one name each; "an" is in several.
    let (code, stderr) = failure(rapport(&db).args(["blueprint", "export", "an", "-o"]).arg(&file));
    assert_eq!(code, 2);
    let matching: Vec<&Value> =
        accounts.iter().filter(|a| a["name"].as_str().unwrap().to_lowercase().contains("an")).collect();
    assert!((2..=10).contains(&matching.len()), "{}", matching.len());
    assert!(stderr.contains(&format!("\"an\" matches {} accounts", matching.len())), "{stderr}");
    for a in &matching {
        assert!(stderr.contains(a["id"].as_str().unwrap()), "{} missing from {stderr}", a["name"]);
    }

    let (code, stderr) = failure(rapport(&db).args(["blueprint", "export", "Calder retail", "-o"]).arg(&file));
    assert_eq!(code, 2);
    assert!(stderr.contains("Calder Retail Group has no blueprint"), "{stderr}");
    let (code, stderr) = failure(
        rapport(&db).args(["blueprint", "export", "nordhavn", "--period-start", "2026-01-01", "-o"]).arg(&file),
    );
    assert_eq!(code, 2);
    assert!(
        stderr.contains("no blueprint starting on 2026-01-01; its blueprints run 2026-04-07 to 2027-04-06; 2025-04-07"),
        "{stderr}"
    );
    let (code, stderr) =
        failure(rapport(&db).args(["blueprint", "export", "nordhavn", "--period-start", "April", "-o"]).arg(&file));
    assert_eq!(code, 2);
    assert!(stderr.contains("period_start: \"April\" is not a date"), "{stderr}");
    assert!(!file.exists(), "nothing written");
}
