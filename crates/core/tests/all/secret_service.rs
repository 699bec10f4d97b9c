//! The keychain path against the platform's real keychain (on Linux, a Secret
//! Service such as gnome-keyring). The test command starts a throwaway
//! gnome-keyring under `dbus-run-session` and sets RAPPORT_TEST_SECRET_SERVICE=1;
//! there this test must pass. Elsewhere it says it was skipped.

use crate::common;

use std::sync::Arc;

use common::*;
use rapport_core::{CreateOptions, ErrorCode, KeySource, KeyStore, Keychain, Secret, Vault};

fn required() -> bool {
    if std::env::var("RAPPORT_TEST_SECRET_SERVICE").as_deref() == Ok("1") {
        return true;
    }
    eprintln!("skipped: set RAPPORT_TEST_SECRET_SERVICE=1 with a Secret Service running (see scripts/test.sh)");
    false
}

#[tokio::test(flavor = "multi_thread")]
async fn vault_key_round_trips_through_the_real_secret_service() {
    if !required() {
        return;
    }
    let keychain: Arc<dyn KeyStore> = Arc::new(Keychain::system().expect("the Secret Service should be reachable"));
    let dir = tempfile::tempdir().unwrap();
    let paths = paths(dir.path());
    let options = CreateOptions { key_source: KeySource::Keychain, passphrase: None };
    let created = Vault::create(&paths, options, &keychain, now()).await.unwrap();
    let recovery = created.recovery_key.display().to_string();
    let vault_id = created.vault.status().await.unwrap().vault_id;
    add_account(&created.vault, "Granite Peak Bank").await;
    created.vault.lock().await;

    // A second connection to the service (as a restarted app would make) finds the key.
    let fresh: Arc<dyn KeyStore> = Arc::new(Keychain::system().unwrap());
    let vault = Vault::unlock_with_keychain(&paths, &fresh).await.unwrap();
    assert_eq!(names(&vault).await, ["Granite Peak Bank"]);
    vault.lock().await;

    fresh.remove(&vault_id).unwrap();
    let err = Vault::unlock_with_keychain(&paths, &fresh).await.unwrap_err();
    assert_eq!(err.code(), ErrorCode::NeedsSecret);
    let vault = Vault::unlock_with_secret(&paths, &Secret::new(recovery), &fresh).await.unwrap();
    vault.lock().await;
    assert!(fresh.load(&vault_id).unwrap().is_some(), "the recovery unlock should put the key back");
    fresh.remove(&vault_id).unwrap();
}
