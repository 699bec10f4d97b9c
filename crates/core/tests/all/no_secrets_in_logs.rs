//! With every logger at its most verbose, no key, passphrase or recovery key
//! reaches the log. (sqlx logs each statement at DEBUG, `PRAGMA key` included,
//! unless statement logging is off: this is the test that it is.)
//!
//! It sets the global logger, so it runs in a process of its own.

use crate::common;

use std::io::Write;
use std::sync::{Arc, Mutex};

use common::*;
use keyring_core::api::CredentialStoreApi;
use rapport_core::{CreateOptions, KeySource, KeyStore, Keychain, Secret, Vault};
use sqlx::ConnectOptions;

#[derive(Clone, Default)]
struct Captured(Arc<Mutex<Vec<u8>>>);

impl Write for Captured {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(buf);
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

#[tokio::test]
async fn trace_level_logs_hold_no_secret() {
    if !in_own_process("no_secrets_in_logs::trace_level_logs_hold_no_secret") {
        return;
    }
    let captured = Captured::default();
    let writer = captured.clone();
    // `init` also routes the `log` crate (which sqlx uses too) into this subscriber.
    tracing_subscriber::fmt().with_max_level(tracing::Level::TRACE).with_writer(move || writer.clone()).init();

    let dir = tempfile::tempdir().unwrap();
    let paths = paths(dir.path());
    let store = keyring_core::sample::Store::new().unwrap();
    let keychain: Arc<dyn KeyStore> = Arc::new(Keychain::from_store(store.clone()));
    let options = CreateOptions { key_source: KeySource::Keychain, passphrase: Some(Secret::new(PASSPHRASE)) };
    let created = Vault::create(&paths, options, &keychain, now()).await.unwrap();
    let recovery = created.recovery_key.display().to_string();
    let vault_id = created.vault.status().await.unwrap().vault_id;
    add_account(&created.vault, "Tidewater Ports").await;
    created.vault.backup(&dir.path().join("copy.db")).await.unwrap();
    created.vault.lock().await;
    let vault = Vault::unlock_with_keychain(&paths, &keychain).await.unwrap();
    vault.lock().await;
    let vault = Vault::unlock_with_secret(&paths, &Secret::new(PASSPHRASE), &keychain).await.unwrap();
    vault.lock().await;
    let _ = Vault::unlock_with_secret(&paths, &Secret::new("not the passphrase"), &keychain).await;

    let raw_key = store.build("Rapport", &format!("vault-{vault_id}"), None).unwrap().get_secret().unwrap();
    let key_hex = hex::encode(&raw_key);
    let log = String::from_utf8(captured.0.lock().unwrap().clone()).unwrap();

    // Control: the same subscriber does capture sqlx's statement log when a
    // connection has it on (sqlx's default), so the silence above is the vault's doing.
    let mut plain = sqlx::sqlite::SqliteConnectOptions::new().in_memory(true).connect().await.unwrap();
    sqlx::query("SELECT 'statement-log-control'").execute(&mut plain).await.unwrap();
    let control = String::from_utf8(captured.0.lock().unwrap().clone()).unwrap();
    assert!(control.contains("statement-log-control"), "sqlx's statement log is not captured:\n{control}");
    for (what, secret) in [
        ("data key (lower hex)", key_hex.as_str()),
        ("data key (upper hex)", key_hex.to_uppercase().as_str()),
        ("passphrase", PASSPHRASE),
        ("wrong passphrase", "not the passphrase"),
        ("recovery key", recovery.as_str()),
        ("PRAGMA key", "PRAGMA key"),
    ] {
        assert!(!log.contains(secret), "the {what} reached the log");
    }
}
