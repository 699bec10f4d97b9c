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

/// Copies the vault (database and header) into a new folder.
fn copy_vault(db: &Path, into: &Path) -> std::path::PathBuf {
    std::fs::create_dir_all(into).unwrap();
    let copy = into.join("book.db");
    std::fs::copy(db, &copy).unwrap();
    std::fs::copy(header_of(db), header_of(&copy)).unwrap();
    copy
}

fn header_of(db: &Path) -> std::path::PathBuf {
    let mut name = db.as_os_str().to_owned();
    name.push(".vault");
    name.into()
}

/// Bytes that look like nothing: a fixed pattern, so the test is the same every run.
fn noise(len: usize) -> Vec<u8> {
    (0..len).map(|i| (i.wrapping_mul(2_654_435_761) >> 13) as u8).collect()
}

fn overwrite_middle(path: &Path, len: usize) {
    let mut bytes = std::fs::read(path).unwrap();
    let at = bytes.len() / 2;
    bytes[at..at + len].copy_from_slice(&noise(len));
    std::fs::write(path, bytes).unwrap();
}

fn truncate(path: &Path, keep: f64) {
    let bytes = std::fs::read(path).unwrap();
    std::fs::write(path, &bytes[..(bytes.len() as f64 * keep) as usize]).unwrap();
}

/// A way to damage a vault copy, given its database path.
type Damage = dyn Fn(&Path);

/// Exit code and the one line of stderr of a command that must fail.
fn fails(cmd: &mut Command) -> (i32, String) {
    let output = cmd.output().unwrap();
    assert!(!output.status.success(), "should fail; printed {}", String::from_utf8_lossy(&output.stdout));
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert_eq!(stderr.lines().count(), 1, "{stderr}");
    (output.status.code().unwrap(), stderr)
}

#[test]
fn damaged_or_lost_files_exit_5_with_a_message_saying_what_to_do() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("book.db");
    init(&db);
    stdout(rapport(&db).arg("demo"));
    let backup = dir.path().join("backups").join("friday.db");
    std::fs::create_dir_all(backup.parent().unwrap()).unwrap();
    stdout(rapport(&db).args(["backup", "-o"]).arg(&backup));

    let cases: [(&str, &Damage); 6] = [
        ("noise in the middle of the database", &|db| overwrite_middle(db, 4096)),
        ("a truncated database", &|db| truncate(db, 0.5)),
        ("an emptied database", &|db| truncate(db, 0.0)),
        ("a deleted database", &|db| std::fs::remove_file(db).unwrap()),
        ("a header of random bytes", &|db| std::fs::write(header_of(db), noise(700)).unwrap()),
        ("a truncated header", &|db| truncate(&header_of(db), 0.5)),
    ];
    for (i, (what, damage)) in cases.iter().enumerate() {
        let copy = copy_vault(&db, &dir.path().join(format!("case{i}")));
        damage(&copy);
        for args in [&["check"][..], &["status"], &["account", "list"], &["backup", "-o", "copy.db"]] {
            let (code, stderr) = fails(rapport(&copy).args(args).current_dir(copy.parent().unwrap()));
            assert_eq!(code, 5, "{what}, rapport {}: {stderr}", args.join(" "));
            assert!(
                stderr.contains("damaged") || stderr.contains("lost"),
                "{what}, rapport {}: {stderr}",
                args.join(" ")
            );
            assert!(stderr.contains("rapport restore"), "{what}, rapport {}: {stderr}", args.join(" "));
            assert!(!copy.parent().unwrap().join("copy.db").exists(), "{what}: a backup of damage was written");
        }
    }

    // A lost database comes back with `rapport restore`, as the message says.
    let lost = copy_vault(&db, &dir.path().join("lost"));
    truncate(&lost, 0.0);
    let out = stdout(rapport(&lost).arg("restore").arg(&backup));
    assert!(out.contains("restored") && out.contains("(11 accounts)"), "{out}");
    assert!(stdout(rapport(&lost).arg("check")).starts_with("ok"));
    let gone = copy_vault(&db, &dir.path().join("gone"));
    std::fs::remove_file(&gone).unwrap();
    stdout(rapport(&gone).arg("restore").arg(&backup));
    assert!(stdout(rapport(&gone).args(["account", "list"])).contains("Nordhavn Energy"));

    // Restoring from a damaged backup is refused as damage, and changes nothing.
    for (what, damage) in [
        ("noise in the backup", &(|b: &Path| overwrite_middle(b, 4096)) as &dyn Fn(&Path)),
        ("a truncated backup", &|b| truncate(b, 0.5)),
        ("a backup header of random bytes", &|b| std::fs::write(header_of(b), noise(700)).unwrap()),
    ] {
        let bad = copy_vault(&backup, &dir.path().join("bad-backup"));
        damage(&bad);
        let target = copy_vault(&db, &dir.path().join("target"));
        let before = std::fs::read(&target).unwrap();
        let (code, stderr) = fails(rapport(&target).arg("restore").arg(&bad));
        assert_eq!(code, 5, "{what}: {stderr}");
        assert!(stderr.contains("damaged") || stderr.contains("integrity"), "{what}: {stderr}");
        assert_eq!(std::fs::read(&target).unwrap(), before, "{what}");
        std::fs::remove_dir_all(dir.path().join("bad-backup")).unwrap();
        std::fs::remove_dir_all(dir.path().join("target")).unwrap();
    }
}

#[test]
fn a_damaged_vault_refuses_writes_but_still_exports() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("book.db");
    init(&db);
    stdout(rapport(&db).arg("demo"));
    overwrite_middle(&db, 4096);
    let (code, stderr) = fails(rapport(&db).args(["account", "add", "--name", "Late Arrival"]));
    assert_eq!(code, 5, "{stderr}");
    assert!(stderr.contains("damaged") && stderr.contains("rapport export"), "{stderr}");
    // Export reads what it can: all of it, or a damage error and no file.
    let book = dir.path().join("rescued.json");
    let output = rapport(&db).arg("export").arg(&book).output().unwrap();
    if output.status.success() {
        assert!(std::fs::read_to_string(&book).unwrap().contains("Nordhavn Energy"));
    } else {
        assert_eq!(output.status.code(), Some(5), "{}", String::from_utf8_lossy(&output.stderr));
        assert!(!book.exists());
    }
}

/// Waits until `file` exists (a test hook's signal), failing if `child` ends first.
fn wait_for(file: &Path, child: &mut std::process::Child) {
    for _ in 0..6000 {
        if file.exists() {
            return;
        }
        if let Some(status) = child.try_wait().unwrap() {
            panic!("the process ended ({status}) before reaching {}", file.display());
        }
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    panic!("{} never appeared", file.display());
}

/// `rapport` as a process to start and kill.
fn process(db: &Path) -> std::process::Command {
    let mut cmd = std::process::Command::new(assert_cmd::cargo::cargo_bin("rapport"));
    cmd.arg("--db").arg(db).env("RAPPORT_PASSPHRASE", PASSPHRASE).env_remove("RAPPORT_DB");
    cmd
}

fn spawn(cmd: &mut std::process::Command) -> std::process::Child {
    cmd.stdout(std::process::Stdio::null()).stderr(std::process::Stdio::null()).spawn().unwrap()
}

fn names_in(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> =
        std::fs::read_dir(dir).unwrap().map(|e| e.unwrap().file_name().to_string_lossy().into_owned()).collect();
    names.sort();
    names
}

#[test]
fn a_killed_export_backup_or_restore_leaves_no_partial_file_and_no_plain_text() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("book.db");
    init(&db);
    stdout(rapport(&db).arg("demo"));
    let marker = dir.path().join("paused");
    let vault_files = names_in(dir.path());

    // Export: killed with the whole book written, just before it gets its name.
    let out = dir.path().join("out");
    std::fs::create_dir(&out).unwrap();
    let mut child = spawn(
        process(&db)
            .env("RAPPORT_TEST_PAUSE", format!("export:{}", marker.display()))
            .arg("export")
            .arg(out.join("book.json")),
    );
    wait_for(&marker, &mut child);
    child.kill().unwrap();
    child.wait().unwrap();
    std::fs::remove_file(&marker).unwrap();
    assert!(names_in(&out).is_empty(), "the killed export left {:?}", names_in(&out));
    // SQLite's -wal and -shm stay after a kill (encrypted; checked below).
    let not_sqlite = |names: Vec<String>| -> Vec<String> {
        names.into_iter().filter(|n| !n.ends_with("-wal") && !n.ends_with("-shm")).collect()
    };
    assert_eq!(not_sqlite(names_in(dir.path())), [not_sqlite(vault_files), vec!["out".to_string()]].concat());
    stdout(rapport(&db).arg("export").arg(out.join("book.json")));
    assert_eq!(names_in(&out), ["book.json"]);

    // Backup: killed with the encrypted copy written under its partial name.
    let backups = dir.path().join("backups");
    std::fs::create_dir(&backups).unwrap();
    let mut child = spawn(
        process(&db)
            .env("RAPPORT_TEST_PAUSE", format!("backup:{}", marker.display()))
            .args(["backup", "-o"])
            .arg(backups.join("monday.db")),
    );
    wait_for(&marker, &mut child);
    child.kill().unwrap();
    child.wait().unwrap();
    std::fs::remove_file(&marker).unwrap();
    let left = names_in(&backups);
    assert!(!left.is_empty() && left.iter().all(|n| n.contains(".partial-")), "{left:?}");
    stdout(rapport(&db).args(["backup", "-o"]).arg(backups.join("tuesday.db")));
    assert_eq!(names_in(&backups), ["tuesday.db", "tuesday.db.vault"]);

    // Restore: killed with the backup copied beside the vault, before the swap.
    let mut child = spawn(
        process(&db)
            .env("RAPPORT_TEST_PAUSE", format!("restore:{}", marker.display()))
            .arg("restore")
            .arg(backups.join("tuesday.db")),
    );
    wait_for(&marker, &mut child);
    child.kill().unwrap();
    child.wait().unwrap();
    std::fs::remove_file(&marker).unwrap();
    assert!(names_in(dir.path()).iter().any(|n| n.contains(".partial-")), "{:?}", names_in(dir.path()));
    assert!(stdout(rapport(&db).args(["account", "list"])).contains("Nordhavn Energy"));
    let left: Vec<String> = names_in(dir.path()).into_iter().filter(|n| n.contains(".partial-")).collect();
    assert!(left.is_empty(), "{left:?}");

    // Nowhere outside the vault is the book readable.
    for entry in walk(dir.path()) {
        let name = entry.file_name().unwrap().to_string_lossy().into_owned();
        if name == "book.json" {
            continue;
        }
        let bytes = std::fs::read(&entry).unwrap();
        assert!(!bytes.windows(15).any(|w| w == b"Nordhavn Energy"), "plain text in {}", entry.display());
    }
}

fn walk(dir: &Path) -> Vec<std::path::PathBuf> {
    let mut files = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() { files.extend(walk(&path)) } else { files.push(path) }
    }
    files
}

#[test]
fn a_write_waits_for_another_writer_and_says_busy_when_it_waits_too_long() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("book.db");
    init(&db);
    let held = dir.path().join("held");
    let waiting = dir.path().join("waiting");

    // Another Rapport holds the write lock (as a long import does) …
    let mut holder = spawn(process(&db).env("RAPPORT_TEST_PAUSE", format!("write:{}", held.display())).args([
        "account",
        "add",
        "--name",
        "Holder Holdings",
    ]));
    wait_for(&held, &mut holder);
    // … a write waits for it, and goes through once it is released.
    let mut writer = spawn(process(&db).env("RAPPORT_TEST_SIGNAL", format!("busy:{}", waiting.display())).args([
        "account",
        "add",
        "--name",
        "Patient Partners",
    ]));
    wait_for(&waiting, &mut writer);
    std::fs::remove_file(&held).unwrap();
    assert!(holder.wait().unwrap().success());
    assert!(writer.wait().unwrap().success());
    let listed = stdout(rapport(&db).args(["account", "list"]));
    assert!(listed.contains("Holder Holdings") && listed.contains("Patient Partners"), "{listed}");

    // Held for longer than a write waits: exit 6, in words.
    let mut holder = spawn(process(&db).env("RAPPORT_TEST_PAUSE", format!("write:{}", held.display())).args([
        "account",
        "add",
        "--name",
        "Slow Holdings",
    ]));
    wait_for(&held, &mut holder);
    let (code, stderr) =
        fails(rapport(&db).env("RAPPORT_WRITE_WAIT_SECS", "1").args(["account", "add", "--name", "Impatient Ltd"]));
    std::fs::remove_file(&held).unwrap();
    assert!(holder.wait().unwrap().success());
    assert_eq!(code, 6, "{stderr}");
    assert!(stderr.contains("another Rapport is importing or writing"), "{stderr}");
    let listed = stdout(rapport(&db).args(["account", "list"]));
    assert!(listed.contains("Slow Holdings") && !listed.contains("Impatient"), "{listed}");
}
