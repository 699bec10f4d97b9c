//! The `rapport` binary end to end, against real encrypted files in a temp dir.

use std::path::Path;

use assert_cmd::Command;

const PASSPHRASE: &str = "quiet harbour at dawn";

fn rapport(db: &Path) -> Command {
    let mut cmd = Command::cargo_bin("rapport").unwrap();
    cmd.arg("--db").arg(db).env("RAPPORT_PASSPHRASE", PASSPHRASE).env_remove("RAPPORT_DB");
    cmd
}

fn stdout(cmd: &mut Command) -> String {
    let output = cmd.output().unwrap();
    assert!(output.status.success(), "failed: {}", String::from_utf8_lossy(&output.stderr));
    String::from_utf8(output.stdout).unwrap()
}

fn init(db: &Path) -> String {
    stdout(rapport(db).args(["init", "--keystore", "passphrase"]))
}

#[test]
fn init_add_list_and_reopen() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("book.db");
    let out = init(&db);
    assert!(out.contains("Recovery key"), "{out}");
    assert!(db.exists() && dir.path().join("book.db.vault").exists());

    stdout(rapport(&db).args([
        "account",
        "add",
        "--name",
        "Corvid Analytics",
        "--tier",
        "strategic",
        "--owner",
        "Mara Lind",
    ]));
    stdout(rapport(&db).args(["account", "add", "--name", "Basalt Cement"]));

    let table = stdout(rapport(&db).args(["account", "list"]));
    let lines: Vec<_> = table.lines().collect();
    assert!(lines[0].starts_with("NAME"), "{table}");
    assert!(lines[1].starts_with("Basalt Cement") && lines[1].contains("key"), "{table}");
    assert!(lines[2].contains("Corvid Analytics") && lines[2].contains("strategic") && lines[2].contains("Mara Lind"));

    let json: serde_json::Value =
        serde_json::from_str(&stdout(rapport(&db).args(["account", "list", "--json"]))).unwrap();
    assert_eq!(json.as_array().unwrap().len(), 2);
    assert_eq!(json[1]["owner_name"], "Mara Lind");

    let status = stdout(rapport(&db).arg("status"));
    assert!(status.contains("key source:     passphrase"), "{status}");
    assert!(status.contains("SQLCipher 4."), "{status}");
    assert!(stdout(rapport(&db).arg("check")).starts_with("ok"));
}

#[test]
fn wrong_passphrase_fails_with_one_line_and_leaves_the_file_unchanged() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("book.db");
    init(&db);
    stdout(rapport(&db).args(["account", "add", "--name", "Fjord Energy"]));
    let before = std::fs::read(&db).unwrap();
    let header_before = std::fs::read(dir.path().join("book.db.vault")).unwrap();

    let output =
        rapport(&db).env("RAPPORT_PASSPHRASE", "quiet harbor at dawn").args(["account", "list"]).output().unwrap();
    assert_eq!(output.status.code(), Some(3));
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert_eq!(stderr.lines().count(), 1, "{stderr}");
    assert!(stderr.contains("does not open this vault"), "{stderr}");
    assert!(output.stdout.is_empty());
    assert_eq!(std::fs::read(&db).unwrap(), before);
    assert_eq!(std::fs::read(dir.path().join("book.db.vault")).unwrap(), header_before);
}

#[test]
fn failures_exit_non_zero_with_a_message() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("book.db");

    let missing = rapport(&db).args(["account", "list"]).output().unwrap();
    assert_eq!(missing.status.code(), Some(4));
    assert!(String::from_utf8_lossy(&missing.stderr).contains("rapport init"));

    init(&db);
    let again = rapport(&db).args(["init", "--keystore", "passphrase"]).output().unwrap();
    assert_eq!(again.status.code(), Some(4));
    assert!(String::from_utf8_lossy(&again.stderr).contains("already exists"));

    let blank = rapport(&db).args(["account", "add", "--name", "  "]).output().unwrap();
    assert_eq!(blank.status.code(), Some(2));
    assert_eq!(String::from_utf8_lossy(&blank.stderr).trim(), "rapport: name: cannot be empty");

    let short = dir.path().join("other.db");
    let out =
        rapport(&short).env("RAPPORT_PASSPHRASE", "short").args(["init", "--keystore", "passphrase"]).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("passphrase: use at least 8 characters"));
    assert!(!short.exists());
}

#[test]
fn backup_restore_round_trip() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("book.db");
    let init_out = init(&db);
    let recovery = init_out.lines().map(str::trim).find(|l| l.len() == 47 && l.matches('-').count() == 7).unwrap();
    stdout(rapport(&db).args(["account", "add", "--name", "Saffron Textiles"]));

    let backup = dir.path().join("saturday.db");
    let out = stdout(rapport(&db).args(["backup", "-o"]).arg(&backup));
    assert!(out.contains("backup written"), "{out}");
    assert!(!std::fs::read(&backup).unwrap().starts_with(b"SQLite format 3"));
    // The backup opens with the recovery key alone.
    let listed = stdout(rapport(&backup).env("RAPPORT_PASSPHRASE", recovery).args(["account", "list"]));
    assert!(listed.contains("Saffron Textiles"));

    stdout(rapport(&db).args(["account", "add", "--name", "Later Addition"]));
    let out = stdout(rapport(&db).arg("restore").arg(&backup));
    assert!(out.contains("(1 accounts)"), "{out}");
    let listed = stdout(rapport(&db).args(["account", "list"]));
    assert!(listed.contains("Saffron Textiles") && !listed.contains("Later Addition"), "{listed}");
}

/// 2026-12-07T09:30:00Z.
const MONDAY: &str = "1796635800";

fn backups_json(db: &Path) -> serde_json::Value {
    serde_json::from_str(&stdout(rapport(db).env("SOURCE_DATE_EPOCH", MONDAY).args(["backups", "--json"]))).unwrap()
}

#[test]
fn imports_are_backed_up_first_and_the_latest_backup_brings_a_deleted_vault_back() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("book.db");
    init(&db);
    stdout(rapport(&db).args(["account", "add", "--name", "Saffron Textiles"]));
    let listed = backups_json(&db);
    assert_eq!(listed["backups"], serde_json::json!([]), "{listed}");
    assert_eq!(listed["folder"], dir.path().join("backups").display().to_string());

    // Importing a book backs up the vault as it was, first.
    let book = dir.path().join("book.json");
    stdout(rapport(&db).args(["export", "--force"]).arg(&book));
    let other = dir.path().join("other").join("copy.db");
    init(&other);
    stdout(rapport(&other).env("SOURCE_DATE_EPOCH", MONDAY).arg("import").arg(&book));
    let theirs = backups_json(&other);
    assert_eq!(theirs["backups"][0]["name"], "rapport-2026-12-07T093000Z-before-import.db", "{theirs}");
    assert_eq!(theirs["backups"][0]["reason"], "before_import");

    // "Back up now", then the database and its header are deleted.
    let out = stdout(rapport(&db).env("SOURCE_DATE_EPOCH", MONDAY).arg("backup"));
    assert!(out.contains("rapport-2026-12-07T093000Z-manual.db"), "{out}");
    let listed = backups_json(&db);
    let backup = &listed["backups"][0];
    assert_eq!(backup["taken_at"], "2026-12-07T09:30:00Z");
    assert_eq!(backup["reason"], "manual");
    assert!(backup["bytes"].as_u64().unwrap() > 4096, "{listed}");
    for file in ["book.db", "book.db.vault"] {
        std::fs::remove_file(dir.path().join(file)).unwrap();
    }
    let gone = rapport(&db).args(["account", "list"]).output().unwrap();
    assert_eq!(gone.status.code(), Some(4), "no vault");
    // The backups are still listed, and the latest brings the book back.
    assert_eq!(backups_json(&db)["backups"].as_array().unwrap().len(), 1);
    let out = stdout(rapport(&db).env("SOURCE_DATE_EPOCH", MONDAY).args(["restore", "--latest"]));
    assert!(out.contains("(1 accounts)"), "{out}");
    let listed = stdout(rapport(&db).args(["account", "list"]));
    assert!(listed.contains("Saffron Textiles"), "{listed}");
    assert!(stdout(rapport(&db).arg("check")).starts_with("ok"));

    // Restoring over a working vault backs it up first.
    stdout(rapport(&db).args(["account", "add", "--name", "Later Addition"]));
    let later = "1796639400"; // an hour on
    stdout(rapport(&db).env("SOURCE_DATE_EPOCH", later).args(["restore", "--latest"]));
    let names: Vec<_> = backups_json(&db)["backups"]
        .as_array()
        .unwrap()
        .iter()
        .map(|b| b["name"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(names, ["rapport-2026-12-07T103000Z-before-restore.db", "rapport-2026-12-07T093000Z-manual.db"]);
    let listed = stdout(rapport(&db).args(["account", "list"]));
    assert!(!listed.contains("Later Addition"), "{listed}");
    let checked = stdout(rapport(&db).args(["backups", "--check"]));
    assert_eq!(checked.lines().filter(|l| l.ends_with("  ok")).count(), 2, "{checked}");
}

#[test]
fn without_a_keychain_init_points_to_passphrase_mode() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("book.db");
    let out = rapport(&db)
        .env("DBUS_SESSION_BUS_ADDRESS", format!("unix:path={}", dir.path().join("no-bus").display()))
        .arg("init")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2), "{}", String::from_utf8_lossy(&out.stderr));
    assert!(String::from_utf8_lossy(&out.stderr).contains("--keystore passphrase"));
    assert!(!db.exists());
}

#[test]
fn keychain_mode_needs_no_passphrase_with_a_real_secret_service() {
    if std::env::var("RAPPORT_TEST_SECRET_SERVICE").as_deref() != Ok("1") {
        eprintln!("skipped: needs RAPPORT_TEST_SECRET_SERVICE=1 and a running Secret Service");
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("book.db");
    let bare = |db: &Path| {
        let mut cmd = Command::cargo_bin("rapport").unwrap();
        cmd.arg("--db").arg(db).env_remove("RAPPORT_PASSPHRASE").env_remove("RAPPORT_DB");
        cmd
    };
    stdout(bare(&db).arg("init"));
    stdout(bare(&db).args(["account", "add", "--name", "Meridian Rail"]));
    let listed = stdout(bare(&db).args(["account", "list"]));
    assert!(listed.contains("Meridian Rail"), "{listed}");
    assert!(stdout(bare(&db).arg("status")).contains("unlocked with:  keychain"));
}

/// The export without its first line (which carries `exported_at`).
fn without_first_line(bytes: &[u8]) -> Vec<u8> {
    let newline = bytes.iter().position(|b| *b == b'\n').unwrap();
    bytes[newline..].to_vec()
}

#[test]
fn demo_export_import_export_is_identical() {
    let dir = tempfile::tempdir().unwrap();
    let first = dir.path().join("first.db");
    init(&first);
    let out = stdout(rapport(&first).arg("demo"));
    assert!(out.contains("loaded 12 accounts"), "{out}");
    let listed = stdout(rapport(&first).args(["account", "list"]));
    assert!(listed.contains("Nordhavn Energy"), "{listed}");

    let exported = dir.path().join("book.json");
    let output = rapport(&first).arg("export").arg(&exported).output().unwrap();
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    let warning = String::from_utf8(output.stderr).unwrap();
    assert_eq!(warning.lines().count(), 1, "{warning}");
    assert!(warning.contains("plain text"), "{warning}");
    assert!(String::from_utf8_lossy(&output.stdout).contains("12 accounts"));
    let first_bytes = std::fs::read(&exported).unwrap();
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        assert_eq!(std::fs::metadata(&exported).unwrap().permissions().mode() & 0o777, 0o600);
    }

    // No overwrite without --force, and no temp file left behind.
    let again = rapport(&first).arg("export").arg(&exported).output().unwrap();
    assert_eq!(again.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&again.stderr).contains("--force"));
    assert_eq!(std::fs::read(&exported).unwrap(), first_bytes);
    stdout(rapport(&first).arg("export").arg("--force").arg(&exported));
    let leftovers: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".tmp"))
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");

    // A second demo into the same vault is refused.
    let twice = rapport(&first).arg("demo").output().unwrap();
    assert_eq!(twice.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&twice.stderr).contains("book: "), "{}", String::from_utf8_lossy(&twice.stderr));

    let second = dir.path().join("second.db");
    init(&second);
    let out = stdout(rapport(&second).arg("import").arg(&exported));
    assert!(out.contains("imported 12 accounts"), "{out}");
    let round = dir.path().join("round.json");
    stdout(rapport(&second).arg("export").arg(&round));
    assert_eq!(without_first_line(&std::fs::read(&round).unwrap()), without_first_line(&first_bytes));
}

#[test]
fn a_malformed_import_fails_and_leaves_the_vault_unchanged() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("book.db");
    init(&db);
    let book = dir.path().join("broken.json");
    std::fs::write(
        &book,
        "{\"format\":\"rapport-book\",\"version\":1,\n\"accounts\":[\n{\"id\":\"01900000-0000-7000-8000-00000000000a\",\
         \"name\":\"Harbour Freight\",\"tier\":\"key\",\"status\":\"active\",\
         \"created_at\":\"2026-01-05T10:00:00Z\",\"updated_at\":\"2026-01-05T10:00:00Z\"},\n{\"id\": oops}]}",
    )
    .unwrap();
    let before = std::fs::read(&db).unwrap();
    let output = rapport(&db).arg("import").arg(&book).output().unwrap();
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert_eq!(stderr.lines().count(), 1, "{stderr}");
    assert!(stderr.contains("accounts[1]: the file is not valid JSON") && stderr.contains("line 4 column"), "{stderr}");
    assert_eq!(stdout(rapport(&db).args(["account", "list"])).trim(), "no accounts");
    assert_eq!(std::fs::read(&db).unwrap(), before);

    let wrong = dir.path().join("wrong.json");
    std::fs::write(
        &wrong,
        "{\"format\":\"rapport-book\",\"version\":1,\"accounts\":[{\"id\":\"01900000-0000-7000-8000-00000000000a\",\
         \"name\":\"Harbour Freight\",\"tier\":\"platinum\",\"status\":\"active\",\
         \"created_at\":\"2026-01-05T10:00:00Z\",\"updated_at\":\"2026-01-05T10:00:00Z\"}]}",
    )
    .unwrap();
    let output = rapport(&db).arg("import").arg(&wrong).output().unwrap();
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert!(
        stderr.contains("accounts[0] (id 01900000-0000-7000-8000-00000000000a): tier: \"platinum\" is not allowed"),
        "{stderr}"
    );

    let missing = rapport(&db).arg("import").arg(dir.path().join("nowhere.json")).output().unwrap();
    assert_eq!(missing.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&missing.stderr).contains("nowhere.json"));
}

#[test]
fn completions_for_each_shell_name_the_subcommands() {
    for shell in ["bash", "zsh", "fish"] {
        let out = Command::cargo_bin("rapport").unwrap().args(["completions", shell]).output().unwrap();
        assert!(out.status.success(), "{shell}: {}", String::from_utf8_lossy(&out.stderr));
        let script = String::from_utf8(out.stdout).unwrap();
        for word in ["rapport", "account", "meeting", "blueprint", "completions", "db"] {
            assert!(script.contains(word), "{shell} completions do not mention {word}");
        }
    }
    // No vault needed: a path that does not exist is never touched.
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("nothing-here.db");
    stdout(rapport(&db).args(["completions", "bash"]));
    assert!(!db.exists());
}

#[test]
fn completions_for_an_unknown_shell_is_a_usage_error() {
    let out = Command::cargo_bin("rapport").unwrap().args(["completions", "tcsh"]).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(out.stdout.is_empty());
    assert!(String::from_utf8_lossy(&out.stderr).contains("tcsh"));
}

#[test]
fn the_cli_logs_nothing_even_at_trace() {
    // No logger is installed: nothing the user typed can reach a log, whatever RUST_LOG says.
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("book.db");
    init(&db);
    for args in [
        &["account", "add", "--name", "Quillfeather Shipping", "--tier", "key"][..],
        &["account", "list"][..],
        &["status"][..],
    ] {
        let out = rapport(&db).env("RUST_LOG", "trace").args(args).output().unwrap();
        assert!(out.status.success(), "{args:?}: {}", String::from_utf8_lossy(&out.stderr));
        assert!(out.stderr.is_empty(), "{args:?} wrote to stderr: {}", String::from_utf8_lossy(&out.stderr));
    }
}

/// The forms' text rules hold for a book too: an interaction summary longer
/// than any form accepts, or with a NUL in it, is refused by record and field
/// and the vault stays as it was.
#[test]
fn an_import_with_text_no_form_accepts_is_refused_by_record_and_field() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("book.db");
    init(&db);
    let stamp = "2026-01-05T10:00:00.000Z";
    let book_with = |summary: &str| {
        // Only two arrays, so the keys' order (sorted or not) is the book's order.
        serde_json::json!({
            "accounts": [{"id": "01900000-0000-7000-8000-00000000000a", "name": "Halvorsen Shipping",
                "tier": "growth", "status": "active", "created_at": stamp, "updated_at": stamp}],
            "interactions": [{"id": "01900000-0000-7000-8000-0000000000e1",
                "account_id": "01900000-0000-7000-8000-00000000000a", "occurred_on": "2026-01-05",
                "kind": "call", "summary": summary, "people": [], "created_at": stamp, "updated_at": stamp}]
        })
        .to_string()
        .replacen("{", "{\"format\":\"rapport-book\",\"version\":1,", 1)
    };
    let before = std::fs::read(&db).unwrap();
    let cases = [
        (
            "x".repeat(20_001),
            "interactions[0] (id 01900000-0000-7000-8000-0000000000e1): summary: must be at most 20000",
        ),
        (
            "Call\u{0}about".to_string(),
            "interactions[0] (id 01900000-0000-7000-8000-0000000000e1): summary: contains control",
        ),
    ];
    for (summary, expected) in cases {
        let file = dir.path().join("bad.json");
        std::fs::write(&file, book_with(&summary)).unwrap();
        let output = rapport(&db).arg("import").arg(&file).output().unwrap();
        assert_eq!(output.status.code(), Some(2));
        let stderr = String::from_utf8(output.stderr).unwrap();
        assert_eq!(stderr.lines().count(), 1, "{stderr}");
        assert!(stderr.contains(expected), "{stderr}");
        assert_eq!(std::fs::read(&db).unwrap(), before, "the vault file is untouched");
    }
    let file = dir.path().join("good.json");
    std::fs::write(&file, book_with("Call about the renewal")).unwrap();
    assert!(stdout(rapport(&db).arg("import").arg(&file)).contains("imported 1 accounts"));
}
