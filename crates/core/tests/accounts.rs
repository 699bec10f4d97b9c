//! Accounts stored in a real encrypted vault.

mod common;

use common::*;
use rapport_core::accounts::{self, NewAccount, Tier};
use rapport_core::{ErrorCode, Secret, Vault};

#[tokio::test]
async fn accounts_survive_a_restart_sorted_by_name() {
    let dir = tempfile::tempdir().unwrap();
    let paths = paths(dir.path());
    let vault = create_passphrase_vault(&paths).await.vault;
    for name in ["Zephyr Telecom", "älvsborg Logistik", "Ashgrove Mining"] {
        add_account(&vault, name).await;
    }
    vault.lock().await;

    let vault = Vault::unlock_with_secret(&paths, &Secret::new(PASSPHRASE), &no_keychain()).await.unwrap();
    let list = accounts::list(vault.pool()).await.unwrap();
    let names: Vec<_> = list.iter().map(|a| a.name.as_str()).collect();
    assert_eq!(names, ["Ashgrove Mining", "Zephyr Telecom", "älvsborg Logistik"]);
    assert!(list.iter().all(|a| a.tier == Tier::Strategic && a.owner_name.as_deref() == Some("Ines Okafor")));
    assert_eq!(list[0].created_at, "2026-11-23T09:30:00.000Z");
    vault.lock().await;
}

#[tokio::test]
async fn invalid_or_duplicate_input_is_refused_and_changes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let paths = paths(dir.path());
    let vault = create_passphrase_vault(&paths).await.vault;
    add_account(&vault, "Northwind Freight").await;

    let duplicate = NewAccount { name: "  northwind FREIGHT ".into(), tier: None, owner_name: None };
    let err = accounts::create(vault.pool(), &duplicate, now()).await.unwrap_err();
    assert_eq!(err.code(), ErrorCode::Validation);
    assert_eq!(err.field(), Some("name"));
    assert!(err.to_string().contains("\"Northwind Freight\" already exists"), "{err}");

    let blank = NewAccount { name: "".into(), tier: None, owner_name: None };
    assert_eq!(accounts::create(vault.pool(), &blank, now()).await.unwrap_err().field(), Some("name"));

    assert_eq!(names(&vault).await, ["Northwind Freight"]);
    vault.lock().await;
}
