//! What the core's tests share: a pinned clock, vaults in temp dirs, reading PDFs back.

pub mod poppler;

use std::path::Path;
use std::sync::Arc;

use chrono::{TimeZone, Utc};
use rapport_core::accounts::{self, NewAccount, Tier};
use rapport_core::{CreateOptions, Created, KeySource, KeyStore, Keychain, NoKeychain, Secret, Vault, VaultPaths};

pub const PASSPHRASE: &str = "a long walk to the harbour";

pub fn now() -> chrono::DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 23, 9, 30, 0).unwrap()
}

pub fn paths(dir: &Path) -> VaultPaths {
    VaultPaths::new(dir.join("rapport.db"))
}

/// An in-memory keychain (keyring-core's sample store): same API as the real
/// one, so the vault code under test is the code that runs in the app.
pub fn sample_keychain() -> Arc<dyn KeyStore> {
    Arc::new(Keychain::from_store(keyring_core::sample::Store::new().unwrap()))
}

pub fn no_keychain() -> Arc<dyn KeyStore> {
    Arc::new(NoKeychain)
}

pub async fn create_passphrase_vault(paths: &VaultPaths) -> Created {
    let options = CreateOptions { key_source: KeySource::Passphrase, passphrase: Some(Secret::new(PASSPHRASE)) };
    Vault::create(paths, options, &no_keychain(), now()).await.unwrap()
}

pub async fn add_account(vault: &Vault, name: &str) -> accounts::Account {
    let input = NewAccount { name: name.into(), tier: Some(Tier::Strategic), owner_name: Some("Ines Okafor".into()) };
    accounts::create(vault.pool(), &input, now()).await.unwrap()
}

pub async fn names(vault: &Vault) -> Vec<String> {
    accounts::list(vault.pool()).await.unwrap().into_iter().map(|a| a.name).collect()
}

pub fn read_or_empty(path: &Path) -> Vec<u8> {
    std::fs::read(path).unwrap_or_default()
}

pub fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    haystack.windows(needle.len()).any(|w| w == needle)
}

/// A cheap fingerprint of every file in the directory: name and full contents.
pub fn snapshot(dir: &Path) -> Vec<(String, Vec<u8>)> {
    let mut files: Vec<_> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.is_file())
        .map(|p| (p.file_name().unwrap().to_string_lossy().into_owned(), std::fs::read(&p).unwrap()))
        .collect();
    files.sort();
    files
}

/// Runs the test called `name` (its path in this binary, such as
/// `no_secrets_in_logs::trace_level_logs_hold_no_secret`) alone in a child
/// process of this binary, for a test that sets process-wide state (the global
/// logger) which would otherwise catch or change what the other tests do.
/// Returns `true` in the child, where the test's body runs, and `false` in
/// the parent once the child has passed.
pub fn in_own_process(name: &str) -> bool {
    const CHILD: &str = "RAPPORT_TEST_OWN_PROCESS";
    if std::env::var_os(CHILD).is_some() {
        return true;
    }
    let output = std::process::Command::new(std::env::current_exe().unwrap())
        .args([name, "--exact", "--test-threads=1", "--nocapture"])
        .env(CHILD, name)
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&output.stdout);
    // "1 passed": a name that matched no test would pass without running anything.
    assert!(
        output.status.success() && stdout.contains("1 passed"),
        "{name} failed in its own process:\n{stdout}\n{}",
        String::from_utf8_lossy(&output.stderr)
    );
    false
}
