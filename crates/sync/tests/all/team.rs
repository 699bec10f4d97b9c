//! Two real vaults (SQLCipher, in temp dirs), one real server: Ada creates a
//! team, invites Bob, Bob joins, Ada admits him; Ada's edits reach Bob as
//! hers; both edit one field at once and end with the same book; the
//! server's files never hold the text.

use std::sync::Arc;

use chrono::{DateTime, Duration, TimeZone, Utc};
use rapport_core::accounts::{self, AccountInput};
use rapport_core::changes;
use rapport_core::kinds::Side;
use rapport_core::people::{self, PersonInput};
use rapport_core::{
    CreateOptions, KeySource, KeyStore, Keychain, NoKeychain, Secret, Vault, VaultPaths, book, settings,
};
use rapport_sync::server::{self, ServerError};
use rapport_sync::team::{self as teams, Invitation, TeamError};

use crate::common;

const CANARY: &str = "Okapi-canary-93d1";

fn t0() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 12, 7, 9, 0, 0).unwrap()
}

/// One person's machine: their vault and their own keychain.
struct Desk {
    vault: Vault,
    keys: Arc<dyn KeyStore>,
    paths: VaultPaths,
    passphrase: String,
    _dir: tempfile::TempDir,
}

impl Desk {
    /// The vault's files as they are now, in `to` (the vault closed for the copy).
    async fn copy_files(self, to: &std::path::Path) -> Self {
        let Desk { vault, keys, paths, passphrase, _dir } = self;
        vault.lock().await;
        for file in [&paths.db, &paths.header] {
            std::fs::copy(file, to.join(file.file_name().unwrap())).unwrap();
        }
        reopen(keys, paths, passphrase, _dir).await
    }

    /// The machine stopped dead and its disk holds the files copied to `from`.
    async fn killed_back_to(self, from: &std::path::Path) -> Self {
        let Desk { vault, keys, paths, passphrase, _dir } = self;
        vault.lock().await;
        for file in [&paths.db, &paths.header] {
            std::fs::copy(from.join(file.file_name().unwrap()), file).unwrap();
        }
        reopen(keys, paths, passphrase, _dir).await
    }
}

async fn reopen(keys: Arc<dyn KeyStore>, paths: VaultPaths, passphrase: String, dir: tempfile::TempDir) -> Desk {
    let none: Arc<dyn KeyStore> = Arc::new(NoKeychain);
    let vault = Vault::unlock_with_secret(&paths, &Secret::new(passphrase.clone()), &none).await.unwrap();
    Desk { vault, keys, paths, passphrase, _dir: dir }
}

async fn desk(name: &str) -> Desk {
    let dir = tempfile::tempdir().unwrap();
    let paths = VaultPaths::new(dir.path().join(format!("{name}.db")));
    let passphrase = format!("{name}'s passphrase");
    let options =
        CreateOptions { key_source: KeySource::Passphrase, passphrase: Some(Secret::new(passphrase.clone())) };
    let none: Arc<dyn KeyStore> = Arc::new(NoKeychain);
    let vault = Vault::create(&paths, options, &none, t0()).await.unwrap().vault;
    let you = settings::Settings { your_name: Some(name.to_string()), ..Default::default() };
    settings::update(vault.pool(), &you).await.unwrap();
    let store = keyring_core::sample::Store::new().unwrap();
    Desk { vault, keys: Arc::new(Keychain::from_store(store)), paths, passphrase, _dir: dir }
}

fn account_input(account: &accounts::Account) -> AccountInput {
    serde_json::from_value(serde_json::to_value(account).unwrap()).unwrap()
}

/// The book's records as the JSON export writes them: without the moment of
/// the export and what is each vault's own — its change log (its own
/// numbering; a teammate's change is recorded where it was applied) and the
/// person's settings (their name, their time zone).
async fn book_json(desk: &Desk) -> serde_json::Value {
    let mut out = Vec::new();
    book::export(desk.vault.pool(), &mut out, t0()).await.unwrap();
    let mut json: serde_json::Value = serde_json::from_slice(&out).unwrap();
    for own in ["exported_at", "changes", "settings"] {
        json.as_object_mut().unwrap().remove(own);
    }
    json
}

#[tokio::test]
async fn two_vaults_share_edits_through_the_server_and_converge() {
    let pg = common::server().await;
    let ada_password = common::login_role(&pg, "ada").await;
    let bob_password = common::login_role(&pg, "bob").await;
    let mut ada = desk("Ada").await;
    let bob = desk("Bob").await;

    // Ada creates the team and invites Bob by a code.
    let ada_url = server::parse_url(&pg.url("ada", &ada_password)).unwrap();
    let north = teams::create(&ada.vault, &ada.keys, &ada_url, &format!("North {CANARY}"), t0()).await.unwrap();
    assert_eq!(north.role, "owner");
    assert!(!north.server_url.contains(&ada_password), "{}", north.server_url);
    let code = teams::invite(&ada.vault, t0()).await.unwrap();
    assert!(code.starts_with("rapport-invite-") && !code.contains(char::is_whitespace), "{code}");
    let invitation = Invitation::decode(&code).unwrap();
    assert_eq!(invitation.team.to_string(), north.team_id);
    assert_eq!(invitation.owner, north.owner_fingerprint);
    assert!(!invitation.server.contains('@'), "no user or password in the code: {}", invitation.server);
    assert!(matches!(Invitation::decode("rapport-invite-AAAA"), Err(TeamError::Refused(_))));

    // Bob joins with his own server user; he waits until Ada admits him.
    let bob_url = server::parse_url(&invitation.server_as("bob")).unwrap().password(&bob_password);
    let joined = teams::join(&bob.vault, &bob.keys, &invitation, &bob_url, t0()).await.unwrap();
    assert_eq!((joined.role.as_str(), joined.team_name.clone()), ("member", format!("North {CANARY}")));
    let waiting = teams::sync(&bob.vault, &bob.keys, t0()).await.unwrap_err();
    assert!(matches!(waiting, TeamError::Server(ServerError::NotAdmitted { .. })), "{waiting}");
    let bob_sees = teams::members(&bob.vault, &bob.keys).await.unwrap();
    assert_eq!(bob_sees.len(), 1, "a member waiting sees only themselves: {bob_sees:?}");
    assert!(bob_sees[0].you && !bob_sees[0].admitted);
    assert!(matches!(teams::invite(&bob.vault, t0()).await, Err(TeamError::Refused(_))), "only the owner invites");

    let bob_fingerprint = teams::fingerprint(&bob.vault, &bob.keys).await.unwrap();
    let (admitted, refused) = teams::admit(&ada.vault, &ada.keys, Some("bob")).await.unwrap();
    assert!(refused.is_empty(), "{refused:?}");
    assert_eq!(admitted.len(), 1);
    assert_eq!(admitted[0].fingerprint, bob_fingerprint);
    assert!(matches!(teams::admit(&ada.vault, &ada.keys, None).await, Err(TeamError::Refused(_))), "no one waits");
    let listed = teams::members(&ada.vault, &ada.keys).await.unwrap();
    assert_eq!(
        listed.iter().map(|m| (m.role.as_str(), m.owner, m.admitted)).collect::<Vec<_>>(),
        [("ada", true, true), ("bob", false, true)]
    );

    // Ada edits an account and a person, and syncs; Bob syncs and has them, as hers.
    let made = accounts::create_full(
        ada.vault.pool(),
        &AccountInput { name: format!("Harbour Logistics {CANARY}"), ..Default::default() },
        t0(),
    )
    .await
    .unwrap();
    let mut input = account_input(&made);
    input.customer_strategy = Some(format!("grow the port business, {CANARY}"));
    accounts::update(ada.vault.pool(), &made.id, &input, t0() + Duration::minutes(1)).await.unwrap();
    let person = PersonInput {
        side: Some(Side::Theirs),
        account_id: Some(made.id.clone()),
        name: format!("Ines Duarte {CANARY}"),
        org_level: Some(2),
        ..Default::default()
    };
    let ines = people::create(ada.vault.pool(), &person, t0() + Duration::minutes(2)).await.unwrap();
    let person = PersonInput { title: Some("CFO".into()), ..person };
    people::update(ada.vault.pool(), &ines.id, &person, t0() + Duration::minutes(3)).await.unwrap();

    let pushed = teams::sync(&ada.vault, &ada.keys, t0()).await.unwrap();
    assert!(pushed.pushed >= 4, "{pushed:?}");
    assert_eq!(pushed.applied, 0, "Ada's own events come back and change nothing: {pushed:?}");
    let pulled = teams::sync(&bob.vault, &bob.keys, t0()).await.unwrap();
    assert_eq!((pulled.pushed, pulled.applied, pulled.skipped.len()), (0, pushed.pushed, 0), "{pulled:?}");
    let at_bob = accounts::get(bob.vault.pool(), &made.id).await.unwrap();
    assert_eq!(at_bob.customer_strategy, input.customer_strategy);
    let ines_at_bob = people::get(bob.vault.pool(), &ines.id).await.unwrap();
    assert_eq!((ines_at_bob.name.as_str(), ines_at_bob.title.as_deref()), (ines.name.as_str(), Some("CFO")));
    let history = changes::history(bob.vault.pool(), "account", &made.id).await.unwrap();
    assert!(history.len() >= 4, "{history:#?}");
    assert!(history.iter().all(|c| c.who.as_deref() == Some("Ada")), "Ada is the author at Bob's: {history:#?}");
    assert_eq!(book_json(&ada).await, book_json(&bob).await, "the same book on both sides");
    let again = teams::sync(&bob.vault, &bob.keys, t0()).await.unwrap();
    assert_eq!((again.pushed, again.pulled, again.applied), (0, 0, 0), "nothing applied twice: {again:?}");

    // Ada's machine dies after the server took her push and before her vault
    // recorded it: the next round pushes the same change again, and Bob
    // applies it once.
    let person = PersonInput { notes: Some("prefers mornings".into()), ..person };
    people::update(ada.vault.pool(), &ines.id, &person, t0() + Duration::minutes(5)).await.unwrap();
    let before_round = tempfile::tempdir().unwrap();
    ada = ada.copy_files(before_round.path()).await;
    assert_eq!(teams::sync(&ada.vault, &ada.keys, t0()).await.unwrap().pushed, 1);
    ada = ada.killed_back_to(before_round.path()).await;
    let repeated = teams::sync(&ada.vault, &ada.keys, t0()).await.unwrap();
    assert_eq!((repeated.pushed, repeated.applied), (1, 0), "{repeated:?}");
    let once = teams::sync(&bob.vault, &bob.keys, t0()).await.unwrap();
    assert_eq!((once.pulled, once.applied, once.skipped.len()), (2, 1, 0), "the repeat is dropped: {once:?}");
    let ines_at_bob = people::get(bob.vault.pool(), &ines.id).await.unwrap();
    assert_eq!(ines_at_bob.notes.as_deref(), Some("prefers mornings"));
    let at_bob = accounts::get(bob.vault.pool(), &made.id).await.unwrap();

    // Both change the same field at once: after two rounds each, one value on both sides.
    let mut mine = account_input(&accounts::get(ada.vault.pool(), &made.id).await.unwrap());
    mine.customer_strategy = Some("Ada's strategy".into());
    accounts::update(ada.vault.pool(), &made.id, &mine, t0() + Duration::minutes(10)).await.unwrap();
    let mut theirs = account_input(&at_bob);
    theirs.customer_strategy = Some("Bob's strategy".into());
    theirs.region = Some("Iberia".into());
    accounts::update(bob.vault.pool(), &made.id, &theirs, t0() + Duration::minutes(10)).await.unwrap();
    for _ in 0..2 {
        teams::sync(&ada.vault, &ada.keys, t0()).await.unwrap();
        teams::sync(&bob.vault, &bob.keys, t0()).await.unwrap();
    }
    let (a, b) = (
        accounts::get(ada.vault.pool(), &made.id).await.unwrap(),
        accounts::get(bob.vault.pool(), &made.id).await.unwrap(),
    );
    assert_eq!(a.customer_strategy, b.customer_strategy, "converged");
    assert!(matches!(a.customer_strategy.as_deref(), Some("Ada's strategy" | "Bob's strategy")), "{a:?}");
    assert_eq!(a.region.as_deref(), Some("Iberia"), "a field only Bob changed reaches Ada");
    assert_eq!(book_json(&ada).await, book_json(&bob).await, "the same book on both sides");

    // The server's files — tables and WAL — hold the events, never their text.
    let mut admin = common::admin(&pg).await;
    sqlx::query("CHECKPOINT").execute(&mut admin).await.unwrap();
    let first: Vec<u8> = sqlx::query_scalar("SELECT bytes FROM rapport.events ORDER BY seq LIMIT 1")
        .fetch_one(&mut admin)
        .await
        .unwrap();
    let files = common::files_under(&pg.data_dir());
    let holding = |needle: &[u8]| files.iter().filter(|(_, bytes)| common::contains(bytes, needle)).count();
    assert!(holding(&first[1..33]) > 0, "the search reads the files the events are in");
    for needle in [CANARY, "Harbour Logistics", "Ines Duarte", "customer_strategy", "Ada's strategy"] {
        assert_eq!(holding(needle.as_bytes()), 0, "a file on the server holds {needle:?}");
    }
}
