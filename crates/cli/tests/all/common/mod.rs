//! What the CLI's end-to-end tests share: running `rapport` on a vault with
//! the clock pinned, and reading what it printed.

use std::path::{Path, PathBuf};
use std::process::Output;

use assert_cmd::Command;

pub const PASSPHRASE: &str = "quiet harbour at dawn";
/// 2026-11-23T09:30:00Z
pub const EPOCH: &str = "1795426200";

pub fn rapport(db: &Path) -> Command {
    let mut cmd = Command::cargo_bin("rapport").unwrap();
    cmd.arg("--db")
        .arg(db)
        .env("RAPPORT_PASSPHRASE", PASSPHRASE)
        .env("SOURCE_DATE_EPOCH", EPOCH)
        .env_remove("RAPPORT_DB");
    cmd
}

pub fn stdout(cmd: &mut Command) -> String {
    let output = cmd.output().unwrap();
    assert!(output.status.success(), "failed: {}", String::from_utf8_lossy(&output.stderr));
    String::from_utf8(output.stdout).unwrap()
}

/// Runs a command that must fail; gives its exit code and its one line of stderr.
pub fn failure(cmd: &mut Command) -> (i32, String) {
    let Output { status, stderr, stdout } = cmd.output().unwrap();
    assert!(!status.success(), "should fail; printed {}", String::from_utf8_lossy(&stdout));
    let stderr = String::from_utf8(stderr).unwrap();
    assert_eq!(stderr.lines().count(), 1, "{stderr}");
    (status.code().unwrap(), stderr)
}

/// A new vault holding the sample book, loaded "on" Monday 23 November 2026;
/// also what `rapport demo` printed.
pub fn sample_vault(dir: &Path) -> (PathBuf, String) {
    let db = dir.join("book.db");
    stdout(rapport(&db).args(["init", "--keystore", "passphrase"]));
    let loaded = stdout(rapport(&db).arg("demo"));
    (db, loaded)
}

/// A PDF's text as `pdftotext` (poppler-utils) reads it, in reading order,
/// with every run of white space made one space.
pub fn pdf_text(path: &Path) -> String {
    let bytes = std::fs::read(path).unwrap();
    assert!(bytes.starts_with(b"%PDF-"), "{} is not a PDF", path.display());
    let out = std::process::Command::new("pdftotext")
        .args(["-enc", "UTF-8"])
        .arg(path)
        .arg("-")
        .output()
        .expect("pdftotext (poppler-utils) is needed for these tests");
    assert!(out.status.success(), "pdftotext: {}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8(out.stdout).unwrap().split_whitespace().collect::<Vec<_>>().join(" ")
}
