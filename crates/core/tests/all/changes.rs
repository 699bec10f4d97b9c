//! The change log, in a real encrypted vault: every write leaves an entry in
//! the same transaction, with the fields it changed, who and when.

use crate::common;

use chrono::Duration;
use common::*;
use rapport_core::accounts::{self, AccountInput, Tier};
use rapport_core::changes::{self, ChangeAction, ChangeMode};
use rapport_core::interactions::{self, InteractionInput};
use rapport_core::kinds::InteractionKind;
use rapport_core::settings::{self, Settings};
use rapport_core::trash::{self, TrashKind};
use serde_json::json;

#[tokio::test]
async fn edits_are_recorded_with_their_fields_who_and_when() {
    let dir = tempfile::tempdir().unwrap();
    let paths = paths(dir.path());
    let vault = create_passphrase_vault(&paths).await.vault;
    let pool = vault.pool();
    settings::update(pool, &Settings { your_name: Some("Ines Okafor".into()), ..Settings::default() }).await.unwrap();
    let account = add_account(&vault, "Northwind Freight").await;

    let later = now() + Duration::hours(2);
    let mut input = AccountInput::from(&account);
    input.tier = Some(Tier::Key);
    input.industry = Some("Logistics".into());
    accounts::update(pool, &account.id, &input, later).await.unwrap();
    // Saving the same values again changes nothing, so it records nothing.
    accounts::update(pool, &account.id, &input, later + Duration::minutes(1)).await.unwrap();

    let history = changes::history(pool, "account", &account.id).await.unwrap();
    let of_account: Vec<_> = history.iter().filter(|c| c.entity == "account").collect();
    assert_eq!(of_account.len(), 2, "{history:#?}");
    let created = of_account[0];
    assert_eq!((created.action, created.mode), (ChangeAction::Create, ChangeMode::Edit));
    assert_eq!(created.at, now());
    assert_eq!(created.who.as_deref(), Some("Ines Okafor"));
    assert!(created.fields.iter().any(|f| f.field == "name" && f.new == json!("Northwind Freight")));
    assert!(created.fields.iter().all(|f| f.field != "created_at" && f.field != "updated_at"));

    let updated = of_account[1];
    assert_eq!(updated.action, ChangeAction::Update);
    assert_eq!(updated.at, later);
    let fields: Vec<(&str, &serde_json::Value, &serde_json::Value)> =
        updated.fields.iter().map(|f| (f.field.as_str(), &f.old, &f.new)).collect();
    assert_eq!(
        fields,
        [("industry", &json!(null), &json!("Logistics")), ("tier", &json!("strategic"), &json!("key"))],
        "only what changed, old and new"
    );

    // The owner was added to our people by the same write: recorded too.
    assert!(
        history.iter().any(|c| c.entity == "person" && c.action == ChangeAction::Create) || account.owner_id.is_some()
    );

    // Trash and restore are named as such.
    trash::delete(pool, TrashKind::Account, &account.id, later + Duration::hours(1)).await.unwrap();
    trash::restore(pool, TrashKind::Account, &account.id, later + Duration::hours(2)).await.unwrap();
    let history = changes::history(pool, "account", &account.id).await.unwrap();
    let actions: Vec<ChangeAction> = history.iter().filter(|c| c.entity == "account").map(|c| c.action).collect();
    assert_eq!(actions, [ChangeAction::Create, ChangeAction::Update, ChangeAction::Trash, ChangeAction::Restore]);

    // An interaction belongs to the account's history.
    let note = InteractionInput {
        account_id: account.id.clone(),
        occurred_on: "2026-11-20".into(),
        kind: Some(InteractionKind::Meeting),
        summary: "Lunch with the COO".into(),
        outcomes: None,
        follow_ups: None,
        private: false,
        people: Vec::new(),
    };
    let logged = interactions::create(pool, &note, later + Duration::hours(3)).await.unwrap();
    let since = changes::account_since(pool, &account.id, later + Duration::hours(3)).await.unwrap();
    assert!(since.iter().any(|c| c.entity == "interaction" && c.entity_id == logged.id), "{since:#?}");
    assert!(since.iter().all(|c| c.at >= later + Duration::hours(3)));

    let touched = changes::touched_after(pool, 0).await.unwrap();
    assert!(touched.entities.contains(&"account".to_string()) && touched.entities.contains(&"interaction".to_string()));
    assert_eq!(touched.account_ids, std::slice::from_ref(&account.id));
    assert_eq!(changes::touched_after(pool, touched.last_seq).await.unwrap().entities, Vec::<String>::new());
    vault.lock().await;
}

#[tokio::test]
async fn a_failed_write_records_nothing_and_the_log_survives_a_restart() {
    let dir = tempfile::tempdir().unwrap();
    let paths = paths(dir.path());
    let vault = create_passphrase_vault(&paths).await.vault;
    let pool = vault.pool();
    let account = add_account(&vault, "Ashgrove Mining").await;
    let before = changes::last_seq(pool).await.unwrap();

    let mut bad = AccountInput::from(&account);
    bad.annual_revenue = Some(10);
    bad.annual_margin = Some(20);
    accounts::update(pool, &account.id, &bad, now()).await.unwrap_err();
    assert_eq!(changes::last_seq(pool).await.unwrap(), before, "refused: nothing written, nothing logged");
    vault.lock().await;

    let vault = rapport_core::Vault::unlock_with_secret(&paths, &rapport_core::Secret::new(PASSPHRASE), &no_keychain())
        .await
        .unwrap();
    assert_eq!(changes::last_seq(vault.pool()).await.unwrap(), before);
    assert!(!changes::history(vault.pool(), "account", &account.id).await.unwrap().is_empty());
    vault.lock().await;
}
