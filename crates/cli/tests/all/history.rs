//! `rapport history` end to end, on the sample book in a real encrypted vault
//! (clock pinned by SOURCE_DATE_EPOCH, see `common`).

use crate::common;

use common::{failure, rapport, stdout};
use serde_json::Value;

#[test]
fn history_shows_the_sample_as_one_import_then_each_edit_and_refuses_a_bad_date() {
    let dir = tempfile::tempdir().unwrap();
    let (db, _) = common::sample_vault(dir.path());

    let out = stdout(rapport(&db).args(["history", "aldergrove"]));
    assert!(out.starts_with("History of Aldergrove Foods"), "{out}");
    assert!(out.contains("imported 1 account,"), "the sample is one line: {out}");

    stdout(rapport(&db).args(["account", "add", "--name", "Zephyr Test", "--tier", "key"]));
    let json: Vec<Value> = serde_json::from_str(&stdout(rapport(&db).args(["history", "zephyr", "--json"]))).unwrap();
    assert!(
        json.iter().any(|c| c["entity"] == "account" && c["action"] == "create" && c["mode"] == "edit"),
        "{json:?}"
    );

    let (code, err) = failure(rapport(&db).args(["history", "zephyr", "--since", "2026-13-01"]));
    assert_ne!(code, 0);
    assert!(err.contains("since") && err.contains("YYYY-MM-DD"), "{err}");
}
