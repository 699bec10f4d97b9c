//! People who move (issue 17) in a real vault: Dana Whitfield leaves
//! Halvorsen for Nordhavn. She keeps her id, so what we logged with her and
//! our ties to her follow her; her history shows both roles; both accounts'
//! briefs say so (read back from the PDFs); the book carries her roles.

use crate::common;

use std::path::Path;

use chrono::Duration;
use common::*;
use rapport_core::book;
use rapport_core::brief::{self, BriefOptions};
use rapport_core::connections::{self, ConnectionInput};
use rapport_core::interactions::{self, InteractionInput};
use rapport_core::kinds::{Dimension, Disposition, Function, InteractionKind, MeetingKind, Side};
use rapport_core::meetings::{self, MeetingInput};
use rapport_core::people::moves::{self, MoveInput};
use rapport_core::people::{self, Person, PersonInput};
use rapport_core::{ErrorCode, Vault};

struct Book {
    vault: Vault,
    ceo: Person,
    dana: Person,
    halvorsen: String,
    nordhavn: String,
}

async fn person(vault: &Vault, account: Option<&str>, name: &str, title: &str) -> Person {
    let input = PersonInput {
        side: Some(if account.is_some() { Side::Theirs } else { Side::Ours }),
        account_id: account.map(str::to_string),
        name: name.into(),
        title: Some(title.into()),
        function: account.is_none().then_some(Function::Executive),
        org_level: Some(2),
        disposition: account.is_some().then_some(Disposition::Champion),
        ..PersonInput::default()
    };
    people::create(vault.pool(), &input, now()).await.unwrap()
}

async fn book_in(dir: &Path) -> Book {
    let vault = create_passphrase_vault(&paths(dir)).await.vault;
    let halvorsen = add_account(&vault, "Halvorsen").await.id;
    let nordhavn = add_account(&vault, "Nordhavn").await.id;
    let ceo = person(&vault, None, "Marit Olsen", "Chief Executive").await;
    let dana = person(&vault, Some(&halvorsen), "Dana Whitfield", "COO").await;
    let tie = ConnectionInput {
        ours_id: ceo.id.clone(),
        theirs_id: dana.id.clone(),
        dimension: Some(Dimension::Personal),
        strength: Some(4),
        ..ConnectionInput::default()
    };
    connections::create(vault.pool(), &tie, now()).await.unwrap();
    let call = InteractionInput {
        account_id: halvorsen.clone(),
        occurred_on: "2026-03-02".into(),
        kind: Some(InteractionKind::Call),
        summary: "Dana walked us through their winter plan.".into(),
        people: vec![ceo.id.clone(), dana.id.clone()],
        ..InteractionInput::default()
    };
    interactions::create(vault.pool(), &call, now()).await.unwrap();
    Book { vault, ceo, dana, halvorsen, nordhavn }
}

fn to_nordhavn(b: &Book) -> MoveInput {
    MoveInput {
        to_account_id: Some(b.nordhavn.clone()),
        title: "CFO".into(),
        on_date: "2026-05-04".into(),
        ..MoveInput::default()
    }
}

async fn scalar(vault: &Vault, sql: &'static str, bind: &str) -> String {
    sqlx::query_scalar(sql).bind(bind).fetch_one(vault.pool()).await.unwrap()
}

async fn brief_text(b: &Book, dir: &Path, account: &str, name: &str) -> String {
    let start = "2026-11-26T09:30";
    let end = chrono::NaiveDateTime::parse_from_str(start, "%Y-%m-%dT%H:%M").unwrap() + Duration::minutes(60);
    let input = MeetingInput {
        account_id: account.into(),
        title: format!("Visit {name}"),
        kind: Some(MeetingKind::Connecting),
        starts_local: start.into(),
        ends_local: end.format("%Y-%m-%dT%H:%M").to_string(),
        time_zone: "Europe/Oslo".into(),
        attendees: vec![b.ceo.id.clone()],
        ..MeetingInput::default()
    };
    let meeting = meetings::create(b.vault.pool(), &input, now()).await.unwrap();
    let pdf = dir.join(format!("{name}.pdf"));
    let options = BriefOptions::from_settings(b.vault.pool(), now()).await.unwrap();
    brief::export_brief(b.vault.pool(), &meeting.id, &pdf, &options).await.unwrap();
    poppler::pages_text(&pdf)
        .iter()
        .map(|p| p.split_whitespace().collect::<Vec<_>>().join(" "))
        .collect::<Vec<_>>()
        .join(" ")
}

#[tokio::test]
async fn a_move_keeps_her_history_and_ties_and_both_briefs_say_so() {
    let dir = tempfile::tempdir().unwrap();
    let b = book_in(dir.path()).await;
    let seq_before: i64 = sqlx::query_scalar("SELECT max(seq) FROM changes").fetch_one(b.vault.pool()).await.unwrap();

    let moved = moves::move_person(b.vault.pool(), &b.dana.id, &to_nordhavn(&b), now()).await.unwrap();
    assert_eq!(moved.id, b.dana.id, "she keeps her id");
    assert_eq!(moved.account_id.as_deref(), Some(b.nordhavn.as_str()));
    assert_eq!(moved.title.as_deref(), Some("CFO"));
    assert_eq!(moved.disposition, Some(Disposition::Champion), "how she feels about us goes with her");

    // Our tie follows her; the call logged at Halvorsen is still hers and still Halvorsen's.
    assert_eq!(
        scalar(&b.vault, "SELECT account_id FROM connections WHERE theirs_id = ?1", &b.dana.id).await,
        b.nordhavn
    );
    let calls = interactions::list_for_account(b.vault.pool(), &b.halvorsen, 0, 10).await.unwrap();
    assert_eq!(calls.len(), 1);
    assert!(calls[0].people.contains(&b.dana.id), "{:?}", calls[0].people);
    // And it can still be edited with her on it.
    let c = &calls[0];
    let edit = InteractionInput {
        account_id: b.halvorsen.clone(),
        occurred_on: c.occurred_on.clone(),
        kind: Some(c.kind),
        summary: "Dana walked us through their winter plan (before she left).".into(),
        people: c.people.clone(),
        ..InteractionInput::default()
    };
    interactions::update(b.vault.pool(), &calls[0].id, &edit, now()).await.unwrap();

    // Her history: both roles, dated.
    let history = moves::history(b.vault.pool(), &b.dana.id).await.unwrap();
    type Read<'a> = (Option<&'a str>, Option<&'a str>, Option<&'a str>, Option<&'a str>);
    let read: Vec<Read> = history
        .iter()
        .map(|r| (r.account_name.as_deref(), r.title.as_deref(), r.from_on.as_deref(), r.until_on.as_deref()))
        .collect();
    assert_eq!(
        read,
        [
            (Some("Halvorsen"), Some("COO"), None, Some("2026-05-04")),
            (Some("Nordhavn"), Some("CFO"), Some("2026-05-04"), None)
        ]
    );

    // One write: every change-log entry of the move carries one moment.
    let moments: Vec<(String, String)> = sqlx::query_as("SELECT DISTINCT at, entity FROM changes WHERE seq > ?1")
        .bind(seq_before)
        .fetch_all(b.vault.pool())
        .await
        .unwrap();
    let ats: std::collections::BTreeSet<&str> = moments.iter().map(|(at, _)| at.as_str()).collect();
    assert_eq!(ats.len(), 1, "{moments:?}");
    for entity in ["person", "person_roles", "connection"] {
        assert!(moments.iter().any(|(_, e)| e == entity), "no {entity} entry: {moments:?}");
    }

    // Both accounts' moves, and both briefs.
    let at_halvorsen = moves::moves_of(b.vault.pool(), &b.halvorsen).await.unwrap();
    assert_eq!(at_halvorsen.len(), 1);
    assert_eq!(at_halvorsen[0].to.account_name.as_deref(), Some("Nordhavn"));
    let nordhavn_brief = brief_text(&b, dir.path(), &b.nordhavn, "Nordhavn").await;
    assert!(
        nordhavn_brief
            .contains("Dana Whitfield, your champion (COO) at Halvorsen until May 2026, is now CFO at Nordhavn."),
        "{nordhavn_brief}"
    );
    let halvorsen_brief = brief_text(&b, dir.path(), &b.halvorsen, "Halvorsen").await;
    assert!(halvorsen_brief.contains("Dana Whitfield left for Nordhavn (CFO) in May 2026."), "{halvorsen_brief}");
    assert!(!halvorsen_brief.contains("is now CFO"), "{halvorsen_brief}");

    // The book carries her roles, and a vault read from it says the same.
    let mut file = Vec::new();
    book::export(b.vault.pool(), &mut file, now()).await.unwrap();
    let json: serde_json::Value = serde_json::from_slice(&file).unwrap();
    assert_eq!(json["person_roles"].as_array().map(Vec::len), Some(2), "{}", json["person_roles"]);
    let copy = create_passphrase_vault(&rapport_core::VaultPaths::new(dir.path().join("copy.db"))).await.vault;
    book::import(copy.pool(), std::io::Cursor::new(file.clone()), now()).await.unwrap();
    assert_eq!(moves::history(copy.pool(), &b.dana.id).await.unwrap(), history);
    let mut again = Vec::new();
    book::export(copy.pool(), &mut again, now()).await.unwrap();
    let again: serde_json::Value = serde_json::from_slice(&again).unwrap();
    for part in ["people", "person_roles", "connections", "interactions"] {
        assert_eq!(again[part], json[part], "{part} differs after a round trip");
    }
}

#[tokio::test]
async fn a_move_is_refused_with_the_field_that_is_wrong() {
    let dir = tempfile::tempdir().unwrap();
    let b = book_in(dir.path()).await;
    let pool = b.vault.pool();
    let refused = |input: MoveInput, field: &'static str, rule: &'static str| {
        let id = b.dana.id.clone();
        async move {
            let err = moves::move_person(pool, &id, &input, now()).await.unwrap_err();
            assert_eq!(err.code(), ErrorCode::Validation, "{err}");
            assert_eq!(err.field(), Some(field), "{err}");
            assert!(err.to_string().contains(rule), "{err}");
        }
    };
    let tomorrow_but_one = (now() + Duration::days(2)).format("%Y-%m-%d").to_string();
    refused(MoveInput { on_date: tomorrow_but_one, ..to_nordhavn(&b) }, "on_date", "in the future").await;
    refused(MoveInput { to_account_id: Some(b.halvorsen.clone()), ..to_nordhavn(&b) }, "to_account_id", "already work")
        .await;
    let unknown = "0192f0c1-0000-7000-8000-00000000beef".to_string();
    refused(MoveInput { to_account_id: Some(unknown), ..to_nordhavn(&b) }, "to_account_id", "does not exist").await;
    let ours = moves::move_person(pool, &b.ceo.id, &to_nordhavn(&b), now()).await.unwrap_err();
    assert_eq!(ours.field(), Some("person"), "{ours}");
    // Nothing was written by the refusals.
    assert!(moves::moves_of(pool, &b.halvorsen).await.unwrap().is_empty());

    // Joining us: she becomes one of ours; the tie ends (in the trash); the call stays.
    let joins = MoveInput { to_account_id: None, function: Some(Function::Finance), ..to_nordhavn(&b) };
    let ours_now = moves::move_person(pool, &b.dana.id, &joins, now()).await.unwrap();
    assert_eq!((ours_now.side, ours_now.account_id.as_deref(), ours_now.disposition), (Side::Ours, None, None));
    assert_eq!(
        scalar(
            &b.vault,
            "SELECT count(*) || '' FROM connections WHERE theirs_id = ?1 AND deleted_at IS NULL",
            &b.dana.id
        )
        .await,
        "0"
    );
    let left = moves::moves_of(pool, &b.halvorsen).await.unwrap();
    assert_eq!((left.len(), left[0].to.account_id.as_deref()), (1, None));
    let text = brief_text(&b, dir.path(), &b.halvorsen, "Halvorsen").await;
    assert!(text.contains("Dana Whitfield left to join us (CFO) in May 2026."), "{text}");
}

#[tokio::test]
async fn the_sample_book_has_someone_who_moved_between_two_of_its_accounts() {
    let dir = tempfile::tempdir().unwrap();
    let vault = create_passphrase_vault(&paths(dir.path())).await.vault;
    rapport_sample::load_sample(vault.pool(), now()).await.unwrap();
    let id_of = async |name: &str| -> String {
        sqlx::query_scalar("SELECT id FROM accounts WHERE name = ?1").bind(name).fetch_one(vault.pool()).await.unwrap()
    };
    let (keel, aldergrove) = (id_of("Keel & Harrow Shipping").await, id_of("Aldergrove Foods").await);
    let left = moves::moves_of(vault.pool(), &keel).await.unwrap();
    let joined = moves::moves_of(vault.pool(), &aldergrove).await.unwrap();
    assert_eq!(left, joined, "one move, seen from both sides");
    let [m] = left.as_slice() else { panic!("{left:?}") };
    assert_eq!(m.name, "Sophie Brandt");
    assert_eq!(
        (m.from.account_id.as_deref(), m.to.account_id.as_deref()),
        (Some(keel.as_str()), Some(aldergrove.as_str()))
    );
    assert_eq!(m.day(), (now() - Duration::days(150)).date_naive());
    // Her calls at Keel & Harrow stay there; the tie went with her.
    let calls = interactions::list_for_account(vault.pool(), &keel, 0, 500).await.unwrap();
    assert_eq!(calls.iter().filter(|c| c.people.contains(&m.person_id)).count(), 2);
    assert_eq!(
        scalar(&vault, "SELECT account_id FROM connections WHERE theirs_id = ?1", &m.person_id).await,
        aldergrove
    );
}
