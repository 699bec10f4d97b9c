//! The vault against a real SQLCipher file in a temporary directory.

use crate::common;

use common::*;
use rapport_core::{CreateOptions, ErrorCode, KeySource, Secret, Vault, VaultPaths, VaultState};

#[tokio::test]
async fn nothing_readable_on_disk_database_or_wal() {
    let dir = tempfile::tempdir().unwrap();
    let paths = paths(dir.path());
    let created = create_passphrase_vault(&paths).await;
    let canary = "CANARY-Quetzal-Holdings-93f1";
    add_account(&created.vault, canary).await;

    // While open, the new row sits in the WAL; both files must be ciphertext.
    let [wal, _shm] = paths.sidecars();
    let db_bytes = read_or_empty(&paths.db);
    let wal_bytes = read_or_empty(&wal);
    assert!(!db_bytes.starts_with(b"SQLite format 3"), "database has a plaintext header");
    assert!(wal_bytes.len() > 1000, "expected the account in the WAL, got {} bytes", wal_bytes.len());
    for (name, bytes) in [("database", &db_bytes), ("WAL", &wal_bytes)] {
        assert!(!contains(bytes, canary.as_bytes()), "canary found in the {name}");
        assert!(!contains(bytes, b"CREATE TABLE"), "schema text found in the {name}");
    }
    let header = std::fs::read_to_string(&paths.header).unwrap();
    assert!(!header.contains(created.recovery_key.display()));
    assert!(!header.contains(PASSPHRASE));

    created.vault.lock().await;
    let db_bytes = read_or_empty(&paths.db);
    assert!(!contains(&db_bytes, canary.as_bytes()), "canary found after checkpoint");
    assert!(!db_bytes.starts_with(b"SQLite format 3"));
}

#[tokio::test]
async fn reopen_with_passphrase_and_with_recovery_key() {
    let dir = tempfile::tempdir().unwrap();
    let paths = paths(dir.path());
    let created = create_passphrase_vault(&paths).await;
    add_account(&created.vault, "Halvorsen Shipping").await;
    let recovery = created.recovery_key.display().to_string();
    created.vault.lock().await;

    let vault = Vault::unlock_with_secret(&paths, &Secret::new(PASSPHRASE), &no_keychain()).await.unwrap();
    assert_eq!(names(&vault).await, ["Halvorsen Shipping"]);
    assert_eq!(vault.unlocked_by(), rapport_core::UnlockedBy::Passphrase);
    vault.lock().await;

    // Typed the way people copy keys: lower case, spaces instead of dashes.
    let typed = recovery.to_lowercase().replace('-', " ");
    let vault = Vault::unlock_with_secret(&paths, &Secret::new(typed), &no_keychain()).await.unwrap();
    assert_eq!(vault.unlocked_by(), rapport_core::UnlockedBy::RecoveryKey);
    assert_eq!(names(&vault).await, ["Halvorsen Shipping"]);
    vault.lock().await;
}

#[tokio::test]
async fn wrong_secret_is_refused_and_leaves_every_file_byte_identical() {
    let dir = tempfile::tempdir().unwrap();
    let paths = paths(dir.path());
    let created = create_passphrase_vault(&paths).await;
    add_account(&created.vault, "Brightwater Utilities").await;
    created.vault.lock().await;
    let before = snapshot(dir.path());

    let err =
        Vault::unlock_with_secret(&paths, &Secret::new("a long walk to the harbor"), &no_keychain()).await.unwrap_err();
    assert_eq!(err.code(), ErrorCode::WrongSecret);
    assert_eq!(err.to_string(), "that passphrase or recovery key does not open this vault");
    let err = Vault::unlock_with_secret(&paths, &Secret::new("   "), &no_keychain()).await.unwrap_err();
    assert_eq!(err.field(), Some("passphrase"));

    assert_eq!(snapshot(dir.path()), before, "a failed unlock changed a file");
}

#[tokio::test]
async fn a_key_that_unwraps_but_does_not_match_the_database_fails_without_writing() {
    // Another vault's header next to this database: the slot opens, the key is wrong.
    let dir = tempfile::tempdir().unwrap();
    let first = paths(dir.path());
    create_passphrase_vault(&first).await.vault.lock().await;
    let other_dir = tempfile::tempdir().unwrap();
    let other = paths(other_dir.path());
    create_passphrase_vault(&other).await.vault.lock().await;
    std::fs::copy(&other.header, &first.header).unwrap();
    let before = snapshot(dir.path());

    let err = Vault::unlock_with_secret(&first, &Secret::new(PASSPHRASE), &no_keychain()).await.unwrap_err();
    assert_eq!(err.code(), ErrorCode::Corrupt, "{err}");
    assert_eq!(snapshot(dir.path()), before);
}

#[tokio::test]
async fn never_creates_over_an_existing_vault_or_a_lone_file() {
    let dir = tempfile::tempdir().unwrap();
    let paths = paths(dir.path());
    create_passphrase_vault(&paths).await.vault.lock().await;
    let before = snapshot(dir.path());
    let options = || CreateOptions { key_source: KeySource::Passphrase, passphrase: Some(Secret::new(PASSPHRASE)) };

    let err = Vault::create(&paths, options(), &no_keychain(), now()).await.unwrap_err();
    assert_eq!(err.code(), ErrorCode::VaultExists);
    assert_eq!(snapshot(dir.path()), before);

    // Header gone: the database must not be replaced, and unlocking says why.
    std::fs::remove_file(&paths.header).unwrap();
    let err = Vault::create(&paths, options(), &no_keychain(), now()).await.unwrap_err();
    assert_eq!(err.code(), ErrorCode::VaultExists);
    let err = paths.state().unwrap_err();
    assert!(err.to_string().contains("header"), "{err}");
}

#[tokio::test]
async fn passphrase_rules_are_checked_before_anything_is_written() {
    let dir = tempfile::tempdir().unwrap();
    let paths = paths(dir.path());
    for passphrase in [None, Some(Secret::new("short")), Some(Secret::new("          "))] {
        let options = CreateOptions { key_source: KeySource::Passphrase, passphrase };
        let err = Vault::create(&paths, options, &no_keychain(), now()).await.unwrap_err();
        assert_eq!(err.field(), Some("passphrase"));
    }
    assert_eq!(paths.state().unwrap(), VaultState::Missing);
    assert!(std::fs::read_dir(dir.path()).unwrap().next().is_none(), "files were left behind");
}

#[tokio::test]
async fn an_interrupted_creation_does_not_block_a_new_vault_but_a_fresh_claim_does() {
    let dir = tempfile::tempdir().unwrap();
    let paths = paths(dir.path());
    // What a crash between claiming the file and writing the header leaves.
    let file = std::fs::File::create(&paths.db).unwrap();
    assert_eq!(paths.state().unwrap(), VaultState::Missing);

    // Fresh: possibly another process mid-creation, so hands off.
    let err = Vault::create(&paths, passphrase_options(), &no_keychain(), now()).await.unwrap_err();
    assert_eq!(err.code(), ErrorCode::VaultExists);
    assert!(err.to_string().contains("right now"), "{err}");

    // An hour old: an abandoned attempt, safe to replace (it is empty).
    file.set_modified(std::time::SystemTime::now() - std::time::Duration::from_secs(3600)).unwrap();
    let created = Vault::create(&paths, passphrase_options(), &no_keychain(), now()).await.unwrap();
    add_account(&created.vault, "Cobalt Freight").await;
    created.vault.lock().await;
    let vault = Vault::unlock_with_secret(&paths, &Secret::new(PASSPHRASE), &no_keychain()).await.unwrap();
    assert_eq!(names(&vault).await, ["Cobalt Freight"]);
    vault.lock().await;
}

fn passphrase_options() -> CreateOptions {
    CreateOptions { key_source: KeySource::Passphrase, passphrase: Some(Secret::new(PASSPHRASE)) }
}

#[tokio::test]
async fn keychain_mode_unlocks_silently_and_falls_back_to_recovery_when_the_entry_is_gone() {
    let dir = tempfile::tempdir().unwrap();
    let paths = paths(dir.path());
    let keychain = sample_keychain();
    let options = CreateOptions { key_source: KeySource::Keychain, passphrase: None };
    let created = Vault::create(&paths, options, &keychain, now()).await.unwrap();
    add_account(&created.vault, "Kestrel Aerospace").await;
    let recovery = created.recovery_key.display().to_string();
    let vault_id = created.vault.status().await.unwrap().vault_id;
    created.vault.lock().await;

    let vault = Vault::unlock_with_keychain(&paths, &keychain).await.unwrap();
    assert_eq!(names(&vault).await, ["Kestrel Aerospace"]);
    vault.lock().await;

    // The keychain loses the entry (new machine, wiped keyring, …).
    keychain.remove(&vault_id).unwrap();
    let before = snapshot(dir.path());
    let err = Vault::unlock_with_keychain(&paths, &keychain).await.unwrap_err();
    assert_eq!(err.code(), ErrorCode::NeedsSecret);
    assert_eq!(snapshot(dir.path()), before, "a missing keychain entry must not touch the vault");
    assert!(matches!(paths.state().unwrap(), VaultState::Present { key_source: KeySource::Keychain, .. }));

    // The recovery key opens it and puts the key back in the keychain.
    let vault = Vault::unlock_with_secret(&paths, &Secret::new(recovery), &keychain).await.unwrap();
    assert_eq!(names(&vault).await, ["Kestrel Aerospace"]);
    vault.lock().await;
    let vault = Vault::unlock_with_keychain(&paths, &keychain).await.unwrap();
    assert_eq!(vault.unlocked_by(), rapport_core::UnlockedBy::Keychain);
    vault.lock().await;
}

#[tokio::test]
async fn keychain_mode_without_a_keychain_is_refused_and_leaves_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let paths = paths(dir.path());
    let options = CreateOptions { key_source: KeySource::Keychain, passphrase: None };
    let err = Vault::create(&paths, options, &no_keychain(), now()).await.unwrap_err();
    assert_eq!(err.code(), ErrorCode::KeychainUnavailable);
    assert_eq!(paths.state().unwrap(), VaultState::Missing);
}

#[tokio::test]
async fn every_pooled_connection_is_keyed() {
    let dir = tempfile::tempdir().unwrap();
    let paths = paths(dir.path());
    let created = create_passphrase_vault(&paths).await;
    add_account(&created.vault, "Orchard Lane Foods").await;
    // Hold four connections at once so the pool has to open new ones.
    let mut held = Vec::new();
    for _ in 0..4 {
        held.push(created.vault.pool().acquire().await.unwrap());
    }
    for conn in &mut held {
        let count: i64 = sqlx::query_scalar("SELECT count(*) FROM accounts").fetch_one(&mut **conn).await.unwrap();
        assert_eq!(count, 1);
        let version: String = sqlx::query_scalar("PRAGMA cipher_version").fetch_one(&mut **conn).await.unwrap();
        assert!(version.starts_with('4'), "{version}");
    }
    drop(held);
    created.vault.lock().await;
}

#[tokio::test]
async fn backup_is_encrypted_opens_with_the_same_secrets_and_restores() {
    let dir = tempfile::tempdir().unwrap();
    let paths = paths(dir.path());
    let created = create_passphrase_vault(&paths).await;
    let recovery = created.recovery_key.display().to_string();
    let vault = created.vault;
    add_account(&vault, "Ashgrove Mining").await;

    let backup_path = dir.path().join("backups").join("monday.db");
    std::fs::create_dir_all(backup_path.parent().unwrap()).unwrap();
    let backup = vault.backup(&backup_path).await.unwrap();
    let bytes = std::fs::read(&backup.db).unwrap();
    assert!(!bytes.starts_with(b"SQLite format 3"));
    assert!(!contains(&bytes, b"Ashgrove Mining"));
    assert!(backup.header.exists());
    // Never overwrites.
    assert_eq!(vault.backup(&backup_path).await.unwrap_err().code(), ErrorCode::VaultExists);

    // The backup is a vault in its own right.
    let copy = Vault::unlock_with_secret(&backup, &Secret::new(recovery), &no_keychain()).await.unwrap();
    assert_eq!(names(&copy).await, ["Ashgrove Mining"]);
    assert!(copy.check().await.unwrap().is_ok());
    copy.lock().await;

    // Changes after the backup are undone by a restore; the old files are kept
    // and the backup itself is only read.
    add_account(&vault, "Zephyr Telecom").await;
    let backup_dir = backup.db.parent().unwrap();
    let backup_before = snapshot(backup_dir);
    let restored = vault.restore_from(&backup.db, now()).await.unwrap();
    assert_eq!(snapshot(backup_dir), backup_before, "restoring wrote to the backup");
    assert_eq!(names(&restored).await, ["Ashgrove Mining"]);
    assert!(restored.check().await.unwrap().is_ok());
    restored.lock().await;
    let kept: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.contains("before-restore"))
        .collect();
    assert_eq!(kept.len(), 2, "{kept:?}");

    let vault = Vault::unlock_with_secret(&paths, &Secret::new(PASSPHRASE), &no_keychain()).await.unwrap();
    assert_eq!(names(&vault).await, ["Ashgrove Mining"]);
    vault.lock().await;
}

#[tokio::test]
async fn integrity_check_reports_ok_and_status_names_the_cipher() {
    let dir = tempfile::tempdir().unwrap();
    let paths = paths(dir.path());
    let vault = create_passphrase_vault(&paths).await.vault;
    let report = vault.check().await.unwrap();
    assert_eq!(report.integrity, ["ok"]);
    assert!(report.cipher.is_empty(), "{:?}", report.cipher);
    let status = vault.status().await.unwrap();
    assert!(status.cipher_version.contains("community"), "{}", status.cipher_version);
    assert_eq!(status.key_source, "passphrase");
    assert!(status.schema_version > 0);
    vault.lock().await;
}

#[tokio::test]
async fn tampered_page_is_caught_by_the_cipher_check() {
    let dir = tempfile::tempdir().unwrap();
    let paths = paths(dir.path());
    let vault = create_passphrase_vault(&paths).await.vault;
    for i in 0..50 {
        add_account(&vault, &format!("Account {i:03}")).await;
    }
    vault.lock().await;
    let mut bytes = std::fs::read(&paths.db).unwrap();
    assert!(bytes.len() > 3 * 4096);
    bytes[2 * 4096 + 100] ^= 0xff;
    std::fs::write(&paths.db, &bytes).unwrap();

    let outcome = async {
        let vault = Vault::unlock_with_secret(&paths, &Secret::new(PASSPHRASE), &no_keychain()).await?;
        let report = vault.check().await;
        vault.lock().await;
        report
    }
    .await;
    match outcome {
        Ok(report) => assert!(!report.is_ok(), "a flipped byte went unnoticed: {report:?}"),
        Err(e) => assert_eq!(e.code(), ErrorCode::Corrupt, "{e}"),
    }
}

// ---- Automatic backups (backups.rs) ----

use rapport_core::backups::{self, BackupReason, KeyFrom};
use rapport_core::session::{KeychainChoice, Session};
use rapport_core::vault::VaultKey;

fn backup_names(dir: &std::path::Path) -> Vec<String> {
    backups::list(&dir.join("backups")).unwrap().into_iter().map(|b| b.name).collect()
}

#[tokio::test]
async fn a_book_import_is_preceded_by_a_backup_of_the_vault_as_it_was() {
    let dir = tempfile::tempdir().unwrap();
    // A book file from another vault.
    let source = create_passphrase_vault(&paths(&dir.path().join("source"))).await.vault;
    add_account(&source, "Ashgrove Mining").await;
    let mut book = Vec::new();
    rapport_core::book::export(source.pool(), &mut book, now()).await.unwrap();
    source.lock().await;

    let paths = paths(dir.path());
    let created = create_passphrase_vault(&paths).await;
    let recovery = created.recovery_key.display().to_string();
    let vault = created.vault;
    backups::import_book(&vault, std::io::Cursor::new(book), now()).await.unwrap();
    assert_eq!(names(&vault).await, ["Ashgrove Mining"]);
    vault.lock().await;

    let list = backups::list(&dir.path().join("backups")).unwrap();
    assert_eq!(list.len(), 1, "{list:?}");
    assert_eq!(list[0].name, "rapport-2026-11-23T093000Z-before-import.db");
    assert_eq!(list[0].reason, BackupReason::BeforeImport);
    assert!(list[0].bytes > 4096);
    let bytes = std::fs::read(&list[0].path).unwrap();
    assert!(!bytes.starts_with(b"SQLite format 3"), "a backup is encrypted");
    // The backup is the vault before the import: empty, and it opens with the recovery key.
    let copy = Vault::unlock_with_secret(&VaultPaths::new(&list[0].path), &Secret::new(recovery), &no_keychain())
        .await
        .unwrap();
    assert!(names(&copy).await.is_empty());
    copy.lock().await;
}

#[tokio::test]
async fn a_restore_backs_up_the_current_state_first_and_checks_the_backup() {
    let dir = tempfile::tempdir().unwrap();
    let paths = paths(dir.path());
    let vault = create_passphrase_vault(&paths).await.vault;
    add_account(&vault, "Ashgrove Mining").await;
    let monday = backups::back_up(&vault, BackupReason::Manual, now()).await.unwrap();
    add_account(&vault, "Zephyr Telecom").await;

    let later = now() + chrono::TimeDelta::hours(2);
    let vault = backups::restore(vault, std::path::Path::new(&monday.path), later).await.unwrap();
    assert_eq!(names(&vault).await, ["Ashgrove Mining"]);
    assert_eq!(
        backup_names(dir.path()),
        ["rapport-2026-11-23T113000Z-before-restore.db", "rapport-2026-11-23T093000Z-manual.db"]
    );
    // The state before the restore is in that backup.
    let before = VaultPaths::new(dir.path().join("backups/rapport-2026-11-23T113000Z-before-restore.db"));
    let copy = Vault::unlock_with_secret(&before, &Secret::new(PASSPHRASE), &no_keychain()).await.unwrap();
    assert_eq!(names(&copy).await, ["Ashgrove Mining", "Zephyr Telecom"]);
    copy.lock().await;

    // A damaged backup is refused before anything is written.
    let mut bytes = std::fs::read(&monday.path).unwrap();
    let last = bytes.len() - 100;
    bytes[last] ^= 0xff;
    std::fs::write(&monday.path, &bytes).unwrap();
    let checked = backups::check(&vault, &monday.name).await.unwrap();
    assert!(!checked.ok, "{checked:?}");
    let on_disk = snapshot(dir.path());
    let err = backups::prepare_restore(&vault, std::path::Path::new(&monday.path), later).await.unwrap_err();
    assert_eq!(err.code(), ErrorCode::Corrupt, "{err}");
    assert_eq!(snapshot(dir.path()), on_disk);
    assert_eq!(backup_names(dir.path()).len(), 2, "no backup before a refused restore");
    vault.lock().await;
}

#[tokio::test]
async fn a_vault_one_migration_behind_is_backed_up_before_migrating() {
    let dir = tempfile::tempdir().unwrap();
    let paths = paths(dir.path());
    let vault = create_passphrase_vault(&paths).await.vault;
    add_account(&vault, "Ashgrove Mining").await;
    // Opening a new vault migrates nothing that existed: no backup.
    assert!(backup_names(dir.path()).is_empty());
    // Forget the care backfill (a re-runnable UPDATE), as a vault written by
    // the release before it would be.
    sqlx::query("DELETE FROM _sqlx_migrations WHERE version = 20261125090000").execute(vault.pool()).await.unwrap();
    vault.lock().await;

    let vault = Vault::unlock_with_secret(&paths, &Secret::new(PASSPHRASE), &no_keychain()).await.unwrap();
    let list = backups::list(&dir.path().join("backups")).unwrap();
    assert_eq!(list.len(), 1, "{list:?}");
    assert_eq!(list[0].reason, BackupReason::BeforeMigration);
    let schema = vault.status().await.unwrap().schema_version;
    vault.lock().await;

    // The backup holds the vault as it was: the migration not yet applied.
    let backup = VaultPaths::new(&list[0].path);
    let copy = Vault::unlock_with_secret(&backup, &Secret::new(PASSPHRASE), &no_keychain()).await.unwrap();
    assert_eq!(names(&copy).await, ["Ashgrove Mining"]);
    copy.lock().await;
    let copies_own = backups::list(&backup.db.parent().unwrap().join("backups")).unwrap();
    assert_eq!(copies_own.len(), 1, "opening the old copy migrated it, after backing it up in turn");

    // Up to date now: the next unlock backs nothing up.
    let vault = Vault::unlock_with_secret(&paths, &Secret::new(PASSPHRASE), &no_keychain()).await.unwrap();
    assert_eq!(vault.status().await.unwrap().schema_version, schema);
    vault.lock().await;
    assert_eq!(backups::list(&dir.path().join("backups")).unwrap().len(), 1);
}

#[tokio::test]
async fn daily_backups_rotate_on_disk_and_stale_partials_go() {
    let dir = tempfile::tempdir().unwrap();
    let paths = paths(dir.path());
    let vault = create_passphrase_vault(&paths).await.vault;
    add_account(&vault, "Ashgrove Mining").await;
    let folder = dir.path().join("backups");
    std::fs::create_dir_all(&folder).unwrap();
    let stale = folder.join("rapport-2026-11-20T000000Z-daily.db.partial-0123");
    let fresh = folder.join("rapport-2026-11-20T000000Z-daily.db.partial-4567");
    let theirs = folder.join("notes.txt");
    for file in [&stale, &fresh, &theirs] {
        std::fs::write(file, b"x").unwrap();
    }
    let two_hours_ago = std::time::SystemTime::now() - std::time::Duration::from_secs(7200);
    std::fs::File::options().write(true).open(&stale).unwrap().set_modified(two_hours_ago).unwrap();

    // Ten days, Monday 23 November to Wednesday 2 December, two checks a day.
    for day in 0..10 {
        let morning = now() + chrono::TimeDelta::days(day);
        let written = backups::back_up_if_due(&vault, morning).await.unwrap();
        assert!(written.is_some_and(|b| b.reason == BackupReason::Daily), "day {day}");
        let evening = morning + chrono::TimeDelta::hours(10);
        assert!(backups::back_up_if_due(&vault, evening).await.unwrap().is_none(), "one a day");
    }
    // The newest of each of the last 7 days; older days go (their weeks and
    // months have a newer backup).
    let kept = backup_names(dir.path());
    assert_eq!(kept.len(), 7, "{kept:?}");
    assert_eq!(kept.first().unwrap(), "rapport-2026-12-02T093000Z-daily.db");
    assert_eq!(kept.last().unwrap(), "rapport-2026-11-26T093000Z-daily.db");
    assert!(!folder.join("rapport-2026-11-25T093000Z-daily.db.vault").exists(), "headers go with their backups");
    assert!(!stale.exists(), "an hour-old partial file is removed");
    assert!(fresh.exists(), "a backup being written now is left alone");
    assert!(theirs.exists(), "files that are not Rapport's are never touched");
    vault.lock().await;
}

#[tokio::test]
async fn the_latest_backup_brings_the_book_back_after_the_database_is_deleted() {
    let dir = tempfile::tempdir().unwrap();
    let paths = paths(dir.path());
    let keychain = sample_keychain();
    let options = CreateOptions { key_source: KeySource::Keychain, passphrase: None };
    let vault = Vault::create(&paths, options, &keychain, now()).await.unwrap().vault;
    add_account(&vault, "Ashgrove Mining").await;
    backups::back_up(&vault, BackupReason::Manual, now()).await.unwrap();
    vault.lock().await;

    // The database goes; its header stays (a damaged vault): it still shows
    // as a vault, and unlocking it says the book is lost.
    std::fs::remove_file(&paths.db).unwrap();
    assert!(matches!(paths.state().unwrap(), VaultState::Present { .. }));
    let lost = Vault::unlock_with_keychain(&paths, &keychain).await.unwrap_err();
    assert_eq!(lost.code(), ErrorCode::Corrupt, "{lost}");
    let latest = backups::latest(&backups::default_folder(&paths)).unwrap();
    backups::restore_into(&paths, &latest, KeyFrom::Keychain(&keychain), now()).await.unwrap();
    let vault = Vault::unlock_with_keychain(&paths, &keychain).await.unwrap();
    assert_eq!(names(&vault).await, ["Ashgrove Mining"]);
    assert!(vault.check().await.unwrap().is_ok());
    vault.lock().await;
    let kept: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.contains("before-restore"))
        .collect();
    assert_eq!(kept, ["rapport.db.before-restore-20261123T093000.vault"], "the header found there is kept");

    // Both files gone, passphrase mode: the keychain has nothing, a wrong
    // secret writes nothing, the right one restores.
    let dir = tempfile::tempdir().unwrap();
    let paths = common::paths(dir.path());
    let vault = create_passphrase_vault(&paths).await.vault;
    add_account(&vault, "Zephyr Telecom").await;
    let backup = backups::back_up(&vault, BackupReason::Daily, now()).await.unwrap();
    vault.lock().await;
    for file in [&paths.db, &paths.header] {
        std::fs::remove_file(file).unwrap();
    }
    assert_eq!(paths.state().unwrap(), VaultState::Missing);
    let backup = std::path::PathBuf::from(backup.path);
    let before = snapshot(dir.path());
    let err = backups::restore_into(&paths, &backup, KeyFrom::Keychain(&sample_keychain()), now()).await.unwrap_err();
    assert_eq!(err.code(), ErrorCode::NeedsSecret);
    let err = backups::restore_into(&paths, &backup, KeyFrom::Secret(&Secret::new("not the passphrase")), now())
        .await
        .unwrap_err();
    assert_eq!(err.code(), ErrorCode::WrongSecret);
    assert_eq!(snapshot(dir.path()), before, "a refused restore writes nothing");
    backups::restore_into(&paths, &backup, KeyFrom::Secret(&Secret::new(PASSPHRASE)), now()).await.unwrap();
    let vault = Vault::unlock_with_secret(&paths, &Secret::new(PASSPHRASE), &no_keychain()).await.unwrap();
    assert_eq!(names(&vault).await, ["Zephyr Telecom"]);
    vault.lock().await;
}

#[tokio::test]
async fn writers_carry_on_while_a_backup_runs_and_the_backup_is_consistent() {
    let dir = tempfile::tempdir().unwrap();
    let paths = paths(dir.path());
    let vault = create_passphrase_vault(&paths).await.vault;
    for i in 0..200 {
        add_account(&vault, &format!("Account {i:03}")).await;
    }
    let writes = async {
        for i in 0..50 {
            let input =
                rapport_core::accounts::NewAccount { name: format!("During {i:02}"), tier: None, owner_name: None };
            rapport_core::accounts::create(vault.pool(), &input, now()).await?;
        }
        Ok::<_, rapport_core::Error>(())
    };
    let (backup, written) = tokio::join!(backups::back_up(&vault, BackupReason::Manual, now()), writes);
    written.expect("no write failed while the backup ran");
    let backup = VaultPaths::new(backup.unwrap().path);
    assert_eq!(names(&vault).await.len(), 250);
    vault.lock().await;

    let copy = Vault::unlock_with_secret(&backup, &Secret::new(PASSPHRASE), &no_keychain()).await.unwrap();
    assert!(copy.check().await.unwrap().is_ok());
    // One snapshot: every account the backup holds has its summary row.
    let (accounts, summaries): (i64, i64) =
        sqlx::query_as("SELECT (SELECT count(*) FROM accounts), (SELECT count(*) FROM account_summaries)")
            .fetch_one(copy.pool())
            .await
            .unwrap();
    assert_eq!(accounts, summaries);
    assert!(accounts >= 200);
    copy.lock().await;
}

fn remove_sidecars(paths: &VaultPaths) {
    for sidecar in paths.sidecars() {
        let _ = std::fs::remove_file(sidecar);
    }
}

#[tokio::test]
async fn a_lost_database_is_damage_not_an_empty_book_and_comes_back_from_a_backup() {
    let dir = tempfile::tempdir().unwrap();
    let paths = paths(dir.path());
    let vault = create_passphrase_vault(&paths).await.vault;
    add_account(&vault, "Lindqvist Marine").await;
    std::fs::create_dir(dir.path().join("backups")).unwrap();
    let backup = vault.backup(&dir.path().join("backups").join("friday.db")).await.unwrap();
    vault.lock().await;

    for how in ["emptied", "deleted"] {
        if how == "emptied" {
            std::fs::write(&paths.db, b"").unwrap();
        } else {
            std::fs::remove_file(&paths.db).unwrap();
        }
        remove_sidecars(&paths);
        let before = snapshot(dir.path());
        // The lock screen still shows (the app can offer a backup) …
        assert!(matches!(paths.state().unwrap(), VaultState::Present { .. }), "{how}");
        // … but unlocking says the book is lost, on every path.
        let err = Vault::unlock_with_secret(&paths, &Secret::new(PASSPHRASE), &no_keychain()).await.unwrap_err();
        assert_eq!(err.code(), ErrorCode::Corrupt, "{how}: {err}");
        assert!(err.to_string().contains("lost") && err.to_string().contains("rapport restore"), "{err}");
        let session = Session::new(paths.clone(), KeychainChoice::Fixed(no_keychain()));
        let err = session.unlock(Secret::new(PASSPHRASE)).await.unwrap_err();
        assert_eq!(err.code(), ErrorCode::Corrupt, "{how}: {err}");
        assert_eq!(snapshot(dir.path()), before, "{how}: a refused unlock wrote");
        // Creating over it is refused too.
        let err = Vault::create(&paths, passphrase_options(), &no_keychain(), now()).await.unwrap_err();
        assert_eq!(err.code(), ErrorCode::VaultExists);

        let key = VaultKey::from_secret(&paths, &Secret::new(PASSPHRASE)).await.unwrap();
        let vault = key.restore_from(&backup.db, now()).await.unwrap();
        assert_eq!(names(&vault).await, ["Lindqvist Marine"], "{how}");
        assert!(vault.damage().is_none());
        vault.lock().await;
    }
}

/// The header as JSON without the `initialised` field, as Rapport wrote it before.
fn strip_initialised(paths: &VaultPaths) {
    let mut header: serde_json::Value = serde_json::from_slice(&std::fs::read(&paths.header).unwrap()).unwrap();
    assert_eq!(header["initialised"], true);
    header.as_object_mut().unwrap().remove("initialised");
    std::fs::write(&paths.header, serde_json::to_vec_pretty(&header).unwrap()).unwrap();
}

#[tokio::test]
async fn a_header_from_before_the_initialised_mark_opens_and_is_marked() {
    let dir = tempfile::tempdir().unwrap();
    let paths = paths(dir.path());
    let vault = create_passphrase_vault(&paths).await.vault;
    add_account(&vault, "Old Mill Paper").await;
    vault.lock().await;

    strip_initialised(&paths);
    let vault = Vault::unlock_with_secret(&paths, &Secret::new(PASSPHRASE), &no_keychain()).await.unwrap();
    assert_eq!(names(&vault).await, ["Old Mill Paper"]);
    vault.lock().await;
    // Marked at that unlock: from now on an emptied database is a lost one.
    let header: serde_json::Value = serde_json::from_slice(&std::fs::read(&paths.header).unwrap()).unwrap();
    assert_eq!(header["initialised"], true);

    // An old header next to an empty database is what a creation interrupted
    // after writing its header leaves: it unlocks and migrates, as before.
    strip_initialised(&paths);
    std::fs::write(&paths.db, b"").unwrap();
    remove_sidecars(&paths);
    let vault = Vault::unlock_with_secret(&paths, &Secret::new(PASSPHRASE), &no_keychain()).await.unwrap();
    assert!(names(&vault).await.is_empty());
    vault.lock().await;
}

#[tokio::test]
async fn a_damaged_header_is_corrupt_not_an_io_error() {
    let dir = tempfile::tempdir().unwrap();
    let paths = paths(dir.path());
    create_passphrase_vault(&paths).await.vault.lock().await;
    let good = std::fs::read(&paths.header).unwrap();
    let random: Vec<u8> = (0..700u32).map(|i| (i.wrapping_mul(2_654_435_761) >> 11) as u8).collect();
    for (what, bytes) in [("random bytes", random), ("truncated", good[..good.len() / 2].to_vec()), ("empty", vec![])] {
        std::fs::write(&paths.header, &bytes).unwrap();
        let err = paths.state().unwrap_err();
        assert_eq!(err.code(), ErrorCode::Corrupt, "{what}: {err}");
        assert!(err.to_string().contains("header") && err.to_string().contains("rapport restore"), "{err}");
        let err = Vault::unlock_with_secret(&paths, &Secret::new(PASSPHRASE), &no_keychain()).await.unwrap_err();
        assert_eq!(err.code(), ErrorCode::Corrupt, "{what}: {err}");
    }
}

#[tokio::test]
async fn a_vault_that_fails_its_check_reads_but_refuses_writes_and_backups_until_restored() {
    let dir = tempfile::tempdir().unwrap();
    let paths = paths(dir.path());
    let vault = create_passphrase_vault(&paths).await.vault;
    for i in 0..200 {
        add_account(&vault, &format!("Account {i:03}")).await;
    }
    let good = vault.backup(&dir.path().join("good.db")).await.unwrap();
    vault.lock().await;
    let mut bytes = std::fs::read(&paths.db).unwrap();
    // A page three quarters in: the accounts' rows and their log, well past the
    // schema (which a damaged page would make unreadable at unlock).
    let page = bytes.len() / 4096 * 3 / 4;
    bytes[page * 4096 + 200] ^= 0xff;
    std::fs::write(&paths.db, &bytes).unwrap();

    let vault = Vault::unlock_with_secret(&paths, &Secret::new(PASSPHRASE), &no_keychain()).await.unwrap();
    assert!(vault.damage().is_some(), "the quick check at unlock missed a flipped byte");
    let input = rapport_core::accounts::NewAccount { name: "Late Arrival".into(), tier: None, owner_name: None };
    let err = rapport_core::accounts::create(vault.pool(), &input, now()).await.unwrap_err();
    assert_eq!(err.code(), ErrorCode::Corrupt, "{err}");
    assert!(err.to_string().contains("damaged") && err.to_string().contains("rapport restore"), "{err}");
    let err = vault.backup(&dir.path().join("of-damage.db")).await.unwrap_err();
    assert_eq!(err.code(), ErrorCode::Corrupt, "{err}");
    assert!(!dir.path().join("of-damage.db").exists());
    // Reads go on as far as they can: the list, or a damage error.
    if let Err(e) = rapport_core::accounts::list(vault.pool()).await {
        assert_eq!(e.code(), ErrorCode::Corrupt, "{e}");
    }

    let restored = vault.restore_from(&good.db, now()).await.unwrap();
    assert!(restored.damage().is_none());
    add_account(&restored, "Back In Business").await;
    assert_eq!(names(&restored).await.len(), 201);
    restored.lock().await;
}
