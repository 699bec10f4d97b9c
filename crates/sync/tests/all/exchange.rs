//! Two members, one server: a change made in one member's vault reaches the
//! other as a verified, decrypted change, and the server's files never hold
//! its text.

use std::sync::Arc;
use std::time::{Duration, Instant};

use chrono::{DateTime, TimeZone, Utc};
use rapport_core::accounts::{self, NewAccount};
use rapport_core::changes::{self, Change, ChangeAction, ChangeMode, FieldDiff};
use rapport_core::{CreateOptions, KeySource, KeyStore, NoKeychain, Secret, Vault, VaultPaths};
use rapport_sync::envelope::EnvelopeError;
use rapport_sync::server::Listener;
use rapport_sync::{MemberKey, exchange};

use crate::common::{self, login};

const CANARY: &str = "Quokka-canary-51c9";

fn now() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 23, 9, 30, 0).unwrap()
}

#[tokio::test]
async fn a_change_pushed_from_one_vault_is_pulled_verified_and_decrypted_by_another_member() {
    let pg = common::server().await;
    let north = common::team(&pg, &["ada", "bob", "mallory"]).await;
    let (ada, bob, mallory) = (&north.members[0], &north.members[1], &north.members[2]);

    // Ada edits her vault; the change log records it with its fields.
    let dir = tempfile::tempdir().unwrap();
    let paths = VaultPaths::new(dir.path().join("ada.db"));
    let options =
        CreateOptions { key_source: KeySource::Passphrase, passphrase: Some(Secret::new("ada's passphrase")) };
    let keychain: Arc<dyn KeyStore> = Arc::new(NoKeychain);
    let vault = Vault::create(&paths, options, &keychain, now()).await.unwrap().vault;
    let account = NewAccount {
        name: format!("Harbour Logistics {CANARY}"),
        tier: None,
        owner_name: Some(format!("Ines {CANARY}")),
    };
    accounts::create(vault.pool(), &account, now()).await.unwrap();
    let made = changes::changes_since(vault.pool(), DateTime::<Utc>::MIN_UTC, 1000).await.unwrap();
    vault.lock().await;
    assert!(serde_json::to_string(&made).unwrap().contains(CANARY), "the log holds the canary: {made:#?}");

    // Each member reads the team key the server holds wrapped for them.
    let mut ada_conn = login(&pg, ada).await;
    let ada_team_key = ada_conn.team_key(north.id, ada.id, &ada.key).await.unwrap();
    let numbers = exchange::push(&mut ada_conn, north.id, ada.id, &ada_team_key, &ada.key, &made).await.unwrap();
    assert_eq!(numbers, (1..=made.len() as i64).collect::<Vec<_>>());

    // Mallory is a member, but signs with a key that is not the one the team
    // knows for her: her event is stored, and refused by every reader.
    let mut mallory_conn = login(&pg, mallory).await;
    let mallory_team_key = mallory_conn.team_key(north.id, mallory.id, &mallory.key).await.unwrap();
    exchange::push(&mut mallory_conn, north.id, mallory.id, &mallory_team_key, &MemberKey::generate(), &made[..1])
        .await
        .unwrap();

    let mut bob_conn = login(&pg, bob).await;
    let team_key = bob_conn.team_key(north.id, bob.id, &bob.key).await.unwrap();
    let received = exchange::pull(&mut bob_conn, north.id, &team_key, 0, 1000).await.unwrap();
    assert_eq!(received.len(), made.len() + 1);
    for (got, sent) in received.iter().zip(&made) {
        assert_eq!(got.member, ada.id);
        assert_eq!(got.change.as_ref(), Ok(sent));
    }
    let forged = received.last().unwrap();
    assert_eq!(forged.member, mallory.id);
    assert_eq!(forged.change, Err(EnvelopeError::BadSignature { member: mallory.id }));
    assert!(exchange::pull(&mut bob_conn, north.id, &team_key, forged.seq, 1000).await.unwrap().is_empty());

    // The server's files — tables and WAL — hold the events but not their text.
    let mut admin = common::admin(&pg).await;
    sqlx::query("CHECKPOINT").execute(&mut admin).await.unwrap();
    let first: Vec<u8> = sqlx::query_scalar("SELECT bytes FROM rapport.events WHERE team = $1 AND seq = 1")
        .bind(north.id)
        .fetch_one(&mut admin)
        .await
        .unwrap();
    let files = common::files_under(&pg.data_dir());
    let holding = |needle: &[u8]| files.iter().filter(|(_, bytes)| common::contains(bytes, needle)).count();
    assert!(holding(&first[1..33]) > 0, "the search reads the files the events are in");
    assert_eq!(holding(CANARY.as_bytes()), 0, "a file on the server holds the canary");
    assert_eq!(holding(b"Harbour Logistics"), 0, "a file on the server holds an account's name");
}

#[tokio::test]
async fn a_listening_member_is_woken_by_a_push_and_pulls_it() {
    let pg = common::server().await;
    let north = common::team(&pg, &["ada", "bob"]).await;
    let south = common::team(&pg, &["cy"]).await;
    let (ada, bob, cy) = (&north.members[0], &north.members[1], &south.members[0]);
    let team_key = &north.key;
    let mut bob_listens = Listener::connect(&pg.url(&bob.role, &bob.password), north.id).await.unwrap();
    let mut cy_listens = Listener::connect(&pg.url(&cy.role, &cy.password), south.id).await.unwrap();
    assert!(!bob_listens.wait(Duration::from_millis(200)).await.unwrap(), "nothing was pushed yet");

    let mut ada_conn = login(&pg, ada).await;
    let mut bob_conn = login(&pg, bob).await;
    let mut seen = 0;
    let mut took = Vec::new();
    for round in 0..20 {
        let change = Change {
            seq: round + 1,
            at: now(),
            who: Some("Ada".into()),
            mode: ChangeMode::Edit,
            action: ChangeAction::Update,
            entity: "account".into(),
            entity_id: "0193a1b2-0000-7000-8000-000000000001".into(),
            account_id: Some("0193a1b2-0000-7000-8000-000000000001".into()),
            fields: vec![FieldDiff { field: "notes".into(), old: "".into(), new: format!("round {round}").into() }],
        };
        let pushed = Instant::now();
        exchange::push(&mut ada_conn, north.id, ada.id, team_key, &ada.key, std::slice::from_ref(&change))
            .await
            .unwrap();
        assert!(bob_listens.wait(Duration::from_secs(10)).await.unwrap(), "round {round}: Bob was not woken");
        let received = exchange::pull(&mut bob_conn, north.id, team_key, seen, 100).await.unwrap();
        took.push(pushed.elapsed());
        assert_eq!(received.len(), 1, "round {round}");
        assert_eq!(received[0].change.as_ref(), Ok(&change));
        seen = received[0].seq;
    }
    took.sort();
    eprintln!(
        "push → notified → pulled and decrypted by another member, 20 rounds on loopback: median {:?}, slowest {:?}",
        took[took.len() / 2],
        took[took.len() - 1]
    );
    assert!(!cy_listens.wait(Duration::from_millis(300)).await.unwrap(), "another team's listener stays asleep");
}
