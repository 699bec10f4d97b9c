//! Accounts stored in a real encrypted vault.

use crate::common;

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

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn concurrent_creates_of_one_name_give_one_account_and_clear_refusals() {
    let dir = tempfile::tempdir().unwrap();
    let paths = paths(dir.path());
    let vault = create_passphrase_vault(&paths).await.vault;
    let pool = vault.pool().clone();
    let attempts: Vec<_> = (0..8)
        .map(|i| {
            let pool = pool.clone();
            tokio::spawn(async move {
                // Different spellings of one name, so the case-insensitive rule is what decides.
                let name = if i % 2 == 0 { "Vantage Grid" } else { "VANTAGE grid" };
                let input = NewAccount { name: name.into(), tier: None, owner_name: None };
                accounts::create(&pool, &input, now()).await
            })
        })
        .collect();
    let mut created = 0;
    for attempt in attempts {
        match attempt.await.unwrap() {
            Ok(_) => created += 1,
            Err(e) => {
                assert_eq!(e.code(), ErrorCode::Validation, "a losing writer got: {e}");
                assert_eq!(e.field(), Some("name"));
            }
        }
    }
    assert_eq!(created, 1);
    assert_eq!(accounts::list(vault.pool()).await.unwrap().len(), 1);
    vault.lock().await;
}

#[tokio::test]
async fn the_list_sorts_filters_and_pages_in_the_database() {
    use rapport_core::accounts::{AccountInput, AccountQuery, AccountSort};
    let dir = tempfile::tempdir().unwrap();
    let vault = create_passphrase_vault(&paths(dir.path())).await.vault;
    for (name, tier, revenue) in [
        ("Alder 100%", Tier::Growth, Some(5)),
        ("Birch_Co", Tier::Strategic, None),
        ("Cedar", Tier::Key, Some(50)),
        ("Dogwood", Tier::Strategic, Some(20)),
    ] {
        let input = AccountInput {
            name: name.into(),
            tier: Some(tier),
            annual_revenue: revenue,
            currency: revenue.map(|_| "EUR".into()),
            ..AccountInput::default()
        };
        accounts::create_full(vault.pool(), &input, now()).await.unwrap();
    }
    let names = async |q: AccountQuery| -> (u32, Vec<String>) {
        let page = accounts::query(vault.pool(), &q).await.unwrap();
        (page.total, page.rows.into_iter().map(|r| r.name).collect())
    };
    let by = |sort, descending| AccountQuery { sort, descending, ..AccountQuery::default() };
    assert_eq!(names(by(AccountSort::Tier, false)).await.1, ["Birch_Co", "Dogwood", "Cedar", "Alder 100%"]);
    assert_eq!(names(by(AccountSort::Revenue, true)).await.1, ["Cedar", "Dogwood", "Alder 100%", "Birch_Co"]);
    assert_eq!(names(by(AccountSort::Name, true)).await.1, ["Dogwood", "Cedar", "Birch_Co", "Alder 100%"]);
    // LIKE wildcards typed by the user are literal.
    let text = |t: &str| AccountQuery { text: Some(t.into()), ..AccountQuery::default() };
    assert_eq!(names(text("0%")).await, (1, vec!["Alder 100%".to_string()]));
    assert_eq!(names(text("h_c")).await, (1, vec!["Birch_Co".to_string()]));
    assert_eq!(names(text("r_")).await.0, 0);
    // A window of the sorted list, with the total of all matches.
    let window =
        AccountQuery { offset: 1, limit: 2, tiers: vec![Tier::Strategic, Tier::Key], ..AccountQuery::default() };
    assert_eq!(names(window).await, (3, vec!["Cedar".to_string(), "Dogwood".to_string()]));
    vault.lock().await;
}
