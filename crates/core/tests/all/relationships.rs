//! People, connections, interactions, the derived summary, trash and search,
//! all in a real encrypted vault.

use crate::common;

use common::*;
use rapport_core::accounts::{self, AccountInput, AccountQuery, AccountSort, Tier};
use rapport_core::analysis::FindingKind;
use rapport_core::connections::{self, ConnectionInput};
use rapport_core::interactions::{self, InteractionInput};
use rapport_core::kinds::{DecisionRole, Dimension, Disposition, Flag, Function, InteractionKind, Side};
use rapport_core::people::{self, Person, PersonInput};
use rapport_core::trash::{self, TrashKind};
use rapport_core::{ErrorCode, Vault, page, search};

async fn ours(vault: &Vault, name: &str, function: Function, level: u8) -> Person {
    let input = PersonInput {
        side: Some(Side::Ours),
        name: name.into(),
        function: Some(function),
        org_level: Some(level),
        ..PersonInput::default()
    };
    people::create(vault.pool(), &input, now()).await.unwrap()
}

async fn theirs(vault: &Vault, account: &str, name: &str, level: u8, boss: Option<&Person>) -> Person {
    let input = PersonInput {
        side: Some(Side::Theirs),
        account_id: Some(account.into()),
        name: name.into(),
        title: Some(format!("Level {level}")),
        org_level: Some(level),
        reports_to_id: boss.map(|b| b.id.clone()),
        ..PersonInput::default()
    };
    people::create(vault.pool(), &input, now()).await.unwrap()
}

async fn connect(vault: &Vault, a: &Person, b: &Person, dimension: Dimension, strength: u8) -> connections::Connection {
    let intermediary = (dimension == Dimension::Proxied).then(|| "Mutual friend".to_string());
    let input = ConnectionInput {
        ours_id: a.id.clone(),
        theirs_id: b.id.clone(),
        dimension: Some(dimension),
        intermediary,
        strength: Some(strength),
        ..ConnectionInput::default()
    };
    connections::create(vault.pool(), &input, now()).await.unwrap()
}

async fn flags(vault: &Vault, account: &str) -> Vec<Flag> {
    page::account_view(vault.pool(), account).await.unwrap().flags
}

#[tokio::test]
async fn a_key_person_warning_appears_and_clears_as_ties_are_added() {
    let dir = tempfile::tempdir().unwrap();
    let vault = create_passphrase_vault(&paths(dir.path())).await.vault;
    let ceo = ours(&vault, "Marta Lindqvist", Function::Executive, 1).await;
    let seller = ours(&vault, "Tomás Ferreira", Function::Sales, 3).await;
    let service = ours(&vault, "Priya Raman", Function::CustomerService, 4).await;
    let input = AccountInput {
        name: "Harbourline Ferries".into(),
        tier: Some(Tier::Strategic),
        owner_id: Some(seller.id.clone()),
        ..AccountInput::default()
    };
    let account = accounts::create_full(vault.pool(), &input, now()).await.unwrap();
    assert_eq!(account.owner_name.as_deref(), Some("Tomás Ferreira"));
    assert!(flags(&vault, &account.id).await.contains(&Flag::NoSponsor));
    assert!(!flags(&vault, &account.id).await.contains(&Flag::NoOwner));

    let their_ceo = theirs(&vault, &account.id, "Okonkwo Adeyemi", 1, None).await;
    let ops = theirs(&vault, &account.id, "Hanna Berg", 3, Some(&their_ceo)).await;
    connect(&vault, &ceo, &their_ceo, Dimension::Personal, 5).await;
    let view = page::account_view(vault.pool(), &account.id).await.unwrap();
    let finding = view.relationship.analysis.findings.iter().find(|f| f.kind == FindingKind::KeyPerson).unwrap();
    assert!(finding.message.contains("Marta Lindqvist, our CEO,"), "{}", finding.message);
    assert_eq!(finding.people, vec![ceo.id.clone()]);
    assert!(view.flags.contains(&Flag::KeyPerson));
    assert_eq!(view.relationship.ours.len(), 2, "the CEO (tied) and the owner");

    connect(&vault, &seller, &ops, Dimension::Formal, 4).await;
    connect(&vault, &service, &ops, Dimension::Formal, 4).await;
    assert!(!flags(&vault, &account.id).await.contains(&Flag::KeyPerson));

    // The list filters on the derived flags.
    let q = AccountQuery { flags: vec![Flag::NoSponsor], ..AccountQuery::default() };
    let page = accounts::query(vault.pool(), &q).await.unwrap();
    assert_eq!(page.total, 1);
    assert_eq!(page.rows[0].connections, 3);
    assert_eq!(page.rows[0].people_theirs, 2);
    vault.lock().await;
}

#[tokio::test]
async fn interactions_set_last_contact_for_ties_and_accounts() {
    let dir = tempfile::tempdir().unwrap();
    let vault = create_passphrase_vault(&paths(dir.path())).await.vault;
    let account = add_account(&vault, "Kestrel Grid").await;
    let me = ours(&vault, "Lea Wagner", Function::Sales, 3).await;
    let them = theirs(&vault, &account.id, "Ravi Menon", 3, None).await;
    let other = theirs(&vault, &account.id, "Sofia Duarte", 3, None).await;
    let tie = connect(&vault, &me, &them, Dimension::Formal, 3).await;
    assert_eq!(tie.last_contact, None);
    for (date, who) in
        [("2026-10-02", vec![&me, &them]), ("2026-11-10", vec![&me, &other]), ("2026-09-01", vec![&me, &them])]
    {
        let input = InteractionInput {
            account_id: account.id.clone(),
            occurred_on: date.into(),
            kind: Some(InteractionKind::Meeting),
            summary: format!("Quarterly planning {date}"),
            people: who.iter().map(|p| p.id.clone()).collect(),
            ..InteractionInput::default()
        };
        interactions::create(vault.pool(), &input, now()).await.unwrap();
    }
    let view = page::account_view(vault.pool(), &account.id).await.unwrap();
    assert_eq!(view.last_contact.as_deref(), Some("2026-11-10"));
    let tie = &view.relationship.connections[0];
    assert_eq!((tie.last_contact.as_deref(), tie.interactions), (Some("2026-10-02"), 2));
    assert_eq!(view.interaction_count, 3);
    assert_eq!(view.interactions[0].occurred_on, "2026-11-10");

    // Someone from another account cannot be logged here.
    let elsewhere = add_account(&vault, "Other Co").await;
    let stranger = theirs(&vault, &elsewhere.id, "Jonas Keller", 2, None).await;
    let input = InteractionInput {
        account_id: account.id.clone(),
        occurred_on: "2026-11-11".into(),
        kind: Some(InteractionKind::Call),
        summary: "Call".into(),
        people: vec![stranger.id.clone()],
        ..InteractionInput::default()
    };
    let err = interactions::create(vault.pool(), &input, now()).await.unwrap_err();
    assert_eq!((err.code(), err.field()), (ErrorCode::Validation, Some("people")));
    assert_eq!(page::account_view(vault.pool(), &account.id).await.unwrap().interaction_count, 3);

    // Sorting by last contact puts the account with contact first.
    let q = AccountQuery { sort: AccountSort::LastContact, descending: true, ..AccountQuery::default() };
    let names: Vec<_> = accounts::query(vault.pool(), &q).await.unwrap().rows.into_iter().map(|r| r.name).collect();
    assert_eq!(names, ["Kestrel Grid", "Other Co"]);
    vault.lock().await;
}

#[tokio::test]
async fn links_are_checked_against_the_vault() {
    let dir = tempfile::tempdir().unwrap();
    let vault = create_passphrase_vault(&paths(dir.path())).await.vault;
    let account = add_account(&vault, "Alder Health").await;
    let other = add_account(&vault, "Birch Retail").await;
    let me = ours(&vault, "Lea Wagner", Function::Sales, 3).await;
    let boss = theirs(&vault, &account.id, "Ana Costa", 1, None).await;
    let mid = theirs(&vault, &account.id, "Ben Ode", 2, Some(&boss)).await;
    let low = theirs(&vault, &account.id, "Cai Wen", 3, Some(&mid)).await;
    let foreign = theirs(&vault, &other.id, "Dara Nolan", 2, None).await;

    // Reporting loops and self-reporting are refused, naming the field.
    let mut edit = PersonInput {
        side: Some(Side::Theirs),
        account_id: Some(account.id.clone()),
        name: boss.name.clone(),
        org_level: Some(1),
        reports_to_id: Some(low.id.clone()),
        ..PersonInput::default()
    };
    let err = people::update(vault.pool(), &boss.id, &edit, now()).await.unwrap_err();
    assert_eq!(err.field(), Some("reports_to_id"));
    assert!(err.to_string().contains("loop"), "{err}");
    edit.reports_to_id = Some(boss.id.clone());
    assert!(people::update(vault.pool(), &boss.id, &edit, now()).await.unwrap_err().to_string().contains("themselves"));
    edit.reports_to_id = Some(foreign.id.clone());
    assert!(people::update(vault.pool(), &boss.id, &edit, now()).await.unwrap_err().to_string().contains("another"));
    assert_eq!(people::get(vault.pool(), &boss.id).await.unwrap().reports_to_id, None, "nothing changed");

    // A connection joins one of ours and one of theirs.
    let both_theirs = ConnectionInput {
        ours_id: boss.id.clone(),
        theirs_id: mid.id.clone(),
        dimension: Some(Dimension::Formal),
        strength: Some(3),
        ..ConnectionInput::default()
    };
    let err = connections::create(vault.pool(), &both_theirs, now()).await.unwrap_err();
    assert_eq!(err.field(), Some("ours_id"));
    connect(&vault, &me, &low, Dimension::Formal, 2).await;
    let again = ConnectionInput {
        ours_id: me.id.clone(),
        theirs_id: low.id.clone(),
        dimension: Some(Dimension::Personal),
        strength: Some(4),
        ..ConnectionInput::default()
    };
    let err = connections::create(vault.pool(), &again, now()).await.unwrap_err();
    assert!(err.to_string().contains("already connected"), "{err}");

    // Owners are our people.
    let input = AccountInput { name: "Cedar Bank".into(), owner_id: Some(boss.id.clone()), ..AccountInput::default() };
    let err = accounts::create_full(vault.pool(), &input, now()).await.unwrap_err();
    assert_eq!(err.field(), Some("owner_id"));
    vault.lock().await;
}

#[tokio::test]
async fn trash_hides_and_restores_and_search_follows() {
    let dir = tempfile::tempdir().unwrap();
    let paths = paths(dir.path());
    let vault = create_passphrase_vault(&paths).await.vault;
    let account = add_account(&vault, "Lindenhof Energie").await;
    let me = ours(&vault, "Lea Wagner", Function::Sales, 3).await;
    let them = theirs(&vault, &account.id, "Ravi Menon", 3, None).await;
    connect(&vault, &me, &them, Dimension::Formal, 3).await;
    let input = InteractionInput {
        account_id: account.id.clone(),
        occurred_on: "2026-11-02".into(),
        kind: Some(InteractionKind::SiteVisit),
        summary: "Walked the turbine hall; they want predictive maintenance".into(),
        people: vec![me.id.clone(), them.id.clone()],
        ..InteractionInput::default()
    };
    interactions::create(vault.pool(), &input, now()).await.unwrap();

    let kinds = |hits: Vec<search::SearchHit>| hits.into_iter().map(|h| (h.kind, h.title)).collect::<Vec<_>>();
    assert_eq!(kinds(search::search(vault.pool(), "lindenh", 10).await.unwrap()).len(), 1);
    assert_eq!(
        search::search(vault.pool(), "ravi", 10).await.unwrap()[0].account_name.as_deref(),
        Some("Lindenhof Energie")
    );
    assert_eq!(search::search(vault.pool(), "predictive mainten", 10).await.unwrap().len(), 1);
    assert!(search::search(vault.pool(), "\"unbalanced (", 10).await.unwrap().is_empty(), "no syntax errors");

    // Trashing the person hides them and their tie; restoring brings both back.
    trash::delete(vault.pool(), TrashKind::Person, &them.id, now()).await.unwrap();
    let view = page::account_view(vault.pool(), &account.id).await.unwrap();
    assert!(view.relationship.theirs.is_empty() && view.relationship.connections.is_empty());
    assert!(search::search(vault.pool(), "ravi", 10).await.unwrap().is_empty());
    trash::restore(vault.pool(), TrashKind::Person, &them.id, now()).await.unwrap();
    assert_eq!(page::account_view(vault.pool(), &account.id).await.unwrap().relationship.connections.len(), 1);

    // Trashing the account takes everything with it, from the list and search.
    trash::delete(vault.pool(), TrashKind::Account, &account.id, now()).await.unwrap();
    assert_eq!(accounts::query(vault.pool(), &AccountQuery::default()).await.unwrap().total, 0);
    assert!(search::search(vault.pool(), "ravi", 10).await.unwrap().is_empty());
    let trash_list = trash::list(vault.pool()).await.unwrap();
    assert_eq!(trash_list.items.len(), 1, "{trash_list:?}");
    assert_eq!(trash_list.rows_total, 1, "the account's people and ties are not in the trash themselves");
    // Its name can be reused; restoring the old one then asks for a rename.
    let newcomer = add_account(&vault, "LINDENHOF Energie").await;
    let err = trash::restore(vault.pool(), TrashKind::Account, &account.id, now()).await.unwrap_err();
    assert_eq!(err.field(), Some("name"));
    trash::delete(vault.pool(), TrashKind::Account, &newcomer.id, now()).await.unwrap();
    trash::restore(vault.pool(), TrashKind::Account, &account.id, now()).await.unwrap();
    assert_eq!(search::search(vault.pool(), "ravi", 10).await.unwrap().len(), 1);

    // The index survives a backup and restore (its keys are real columns).
    let backup = dir.path().join("backup.db");
    vault.backup(&backup).await.unwrap();
    let restored_dir = tempfile::tempdir().unwrap();
    std::fs::copy(&backup, restored_dir.path().join("rapport.db")).unwrap();
    std::fs::copy(backup.with_extension("db.vault"), restored_dir.path().join("rapport.db.vault")).unwrap();
    vault.lock().await;
    let copy = Vault::unlock_with_secret(
        &common::paths(restored_dir.path()),
        &rapport_core::Secret::new(PASSPHRASE),
        &no_keychain(),
    )
    .await
    .unwrap();
    assert_eq!(search::search(copy.pool(), "turbine", 10).await.unwrap().len(), 1);
    trash::delete(copy.pool(), TrashKind::Person, &them.id, now()).await.unwrap();
    assert!(search::search(copy.pool(), "ravi", 10).await.unwrap().is_empty());
    assert_eq!(trash::empty(copy.pool(), now()).await.unwrap(), 2, "the person and the trashed newcomer");
    copy.lock().await;
}

#[tokio::test]
async fn people_who_leave_stay_in_history_but_leave_the_analysis() {
    let dir = tempfile::tempdir().unwrap();
    let vault = create_passphrase_vault(&paths(dir.path())).await.vault;
    let account = add_account(&vault, "Quayside Foods").await;
    let me = ours(&vault, "Lea Wagner", Function::Sales, 3).await;
    let champion = PersonInput {
        side: Some(Side::Theirs),
        account_id: Some(account.id.clone()),
        name: "Ravi Menon".into(),
        org_level: Some(2),
        decision_role: Some(DecisionRole::DecisionMaker),
        disposition: Some(Disposition::Champion),
        ..PersonInput::default()
    };
    let them = people::create(vault.pool(), &champion, now()).await.unwrap();
    connect(&vault, &me, &them, Dimension::Formal, 3).await;
    let colleague = theirs(&vault, &account.id, "Sofia Duarte", 3, None).await;
    connect(&vault, &me, &colleague, Dimension::Formal, 3).await;
    assert!(!flags(&vault, &account.id).await.contains(&Flag::NoChampion));
    let left = PersonInput { active: Some(false), ..champion };
    people::update(vault.pool(), &them.id, &left, now()).await.unwrap();
    let view = page::account_view(vault.pool(), &account.id).await.unwrap();
    assert!(view.flags.contains(&Flag::NoChampion));
    assert_eq!(view.relationship.theirs.len(), 2, "still listed, marked as left");
    assert!(!view.relationship.theirs.iter().find(|p| p.id == them.id).unwrap().active);
    vault.lock().await;
}

#[tokio::test]
async fn owners_who_leave_or_are_trashed_never_block_or_lose_a_save() {
    let dir = tempfile::tempdir().unwrap();
    let vault = create_passphrase_vault(&paths(dir.path())).await.vault;
    let owner = ours(&vault, "Tomás Ferreira", Function::Sales, 3).await;
    let input = AccountInput {
        name: "Gannet Logistics".into(),
        tier: Some(Tier::Key),
        owner_id: Some(owner.id.clone()),
        ..AccountInput::default()
    };
    let account = accounts::create_full(vault.pool(), &input, now()).await.unwrap();

    // The owner leaves: other fields still save, the owner stays recorded.
    let left = PersonInput { active: Some(false), ..PersonInput::from(&owner) };
    people::update(vault.pool(), &owner.id, &left, now()).await.unwrap();
    let edit = AccountInput { customer_strategy: Some("Consolidate hubs".into()), ..AccountInput::from(&account) };
    let saved = accounts::update(vault.pool(), &account.id, &edit, now()).await.unwrap();
    assert_eq!(saved.owner_id.as_deref(), Some(owner.id.as_str()));
    assert!(flags(&vault, &account.id).await.contains(&Flag::NoOwner), "an owner who left is no owner");
    // …but nobody can newly choose someone who has left.
    let other =
        accounts::create_full(vault.pool(), &AccountInput { name: "Other".into(), ..AccountInput::default() }, now())
            .await
            .unwrap();
    let pick = AccountInput { owner_id: Some(owner.id.clone()), ..AccountInput::from(&other) };
    assert_eq!(accounts::update(vault.pool(), &other.id, &pick, now()).await.unwrap_err().field(), Some("owner_id"));

    // The owner is trashed: the form sees no owner and saves; restoring brings the ownership back.
    trash::delete(vault.pool(), TrashKind::Person, &owner.id, now()).await.unwrap();
    let seen = accounts::get(vault.pool(), &account.id).await.unwrap();
    assert_eq!(seen.owner_id, None);
    accounts::update(vault.pool(), &account.id, &AccountInput::from(&seen), now()).await.unwrap();
    trash::restore(vault.pool(), TrashKind::Person, &owner.id, now()).await.unwrap();
    assert_eq!(accounts::get(vault.pool(), &account.id).await.unwrap().owner_id.as_deref(), Some(owner.id.as_str()));
    vault.lock().await;
}

#[tokio::test]
async fn trashed_participants_stay_in_history_and_restores_follow_their_parents() {
    let dir = tempfile::tempdir().unwrap();
    let vault = create_passphrase_vault(&paths(dir.path())).await.vault;
    let account = add_account(&vault, "Puffin Retail").await;
    let me = ours(&vault, "Lea Wagner", Function::Sales, 3).await;
    let them = theirs(&vault, &account.id, "Ravi Menon", 3, None).await;
    let tie = connect(&vault, &me, &them, Dimension::Formal, 3).await;
    let input = InteractionInput {
        account_id: account.id.clone(),
        occurred_on: "2026-11-02".into(),
        kind: Some(InteractionKind::Call),
        summary: "Renewal call".into(),
        people: vec![me.id.clone(), them.id.clone()],
        ..InteractionInput::default()
    };
    let logged = interactions::create(vault.pool(), &input, now()).await.unwrap();

    trash::delete(vault.pool(), TrashKind::Connection, &tie.id, now()).await.unwrap();
    trash::delete(vault.pool(), TrashKind::Person, &them.id, now()).await.unwrap();
    // The log entry can still be edited with the trashed person in it.
    let edit = InteractionInput { summary: "Renewal call, price agreed".into(), ..input.clone() };
    interactions::update(vault.pool(), &logged.id, &edit, now()).await.unwrap();
    // The tie cannot come back before the person does.
    let err = trash::restore(vault.pool(), TrashKind::Connection, &tie.id, now()).await.unwrap_err();
    assert!(err.to_string().contains("Ravi Menon is in the trash too"), "{err}");
    trash::restore(vault.pool(), TrashKind::Person, &them.id, now()).await.unwrap();
    trash::restore(vault.pool(), TrashKind::Connection, &tie.id, now()).await.unwrap();
    let view = page::account_view(vault.pool(), &account.id).await.unwrap();
    assert_eq!(view.relationship.connections[0].interactions, 1, "the history came back with them");

    // Nothing new goes into a trashed account.
    trash::delete(vault.pool(), TrashKind::Account, &account.id, now()).await.unwrap();
    let another = theirs(&vault, &add_account(&vault, "Tern Foods").await.id, "Ola Nilsen", 2, None).await;
    trash::delete(vault.pool(), TrashKind::Person, &another.id, now()).await.unwrap();
    let tie_input = ConnectionInput {
        ours_id: me.id.clone(),
        theirs_id: them.id.clone(),
        dimension: Some(Dimension::Personal),
        strength: Some(2),
        ..ConnectionInput::default()
    };
    let err = connections::create(vault.pool(), &tie_input, now()).await.unwrap_err();
    assert!(err.to_string().contains("in the trash"), "{err}");
    let trash_list = trash::list(vault.pool()).await.unwrap();
    assert_eq!((trash_list.items.len(), trash_list.rows_total), (2, 2));
    vault.lock().await;
}

/// What a search shows, in short: kind, title, where it matched, the marked words.
fn shown(hits: &[search::SearchHit]) -> Vec<(search::HitKind, String, search::MatchIn, Vec<String>)> {
    hits.iter()
        .map(|h| {
            let marked = h.snippet.iter().filter(|p| p.matched).map(|p| p.text.to_lowercase()).collect();
            (h.kind, h.title.clone(), h.matched_in, marked)
        })
        .collect()
}

async fn found(vault: &Vault, text: &str) -> Vec<search::SearchHit> {
    search::search(vault.pool(), text, 30).await.unwrap()
}

#[tokio::test]
async fn search_finds_meetings_blueprints_goals_feedback_and_stories_and_follows_their_edits_and_the_trash() {
    use rapport_core::blueprint::store::{self as blueprints, BlueprintInput};
    use rapport_core::blueprint::{BlueprintCommand as C, IdeaKind, Measure, PersonRef};
    use rapport_core::care::feedback::FeedbackChannel;
    use rapport_core::care::store::{self as care, FeedbackInput, StoryInput};
    use rapport_core::care::story::StoryKind;
    use rapport_core::kinds::MeetingKind;
    use rapport_core::meetings::{self, MeetingInput};
    use search::{HitKind as K, MatchIn::*};

    let dir = tempfile::tempdir().unwrap();
    let vault = create_passphrase_vault(&paths(dir.path())).await.vault;
    let pool = vault.pool();
    let today = now().date_naive();
    let account = add_account(&vault, "Lindenhof Energie").await;
    let me = ours(&vault, "Lea Wagner", Function::Sales, 3).await;

    // A meeting: found by its title and by its plan, with its day and place.
    let visit = MeetingInput {
        account_id: account.id.clone(),
        title: "Turbine hall walkthrough".into(),
        kind: Some(MeetingKind::Connecting),
        starts_local: "2026-11-26T09:30".into(),
        ends_local: "2026-11-26T11:00".into(),
        time_zone: "Europe/Berlin".into(),
        location: Some("Kiel yard".into()),
        objective: Some("Agree the predictive maintenance pilot".into()),
        talking_points: Some("Spare gearbox lead times".into()),
        ..MeetingInput::default()
    };
    let meeting = meetings::create(pool, &visit, now()).await.unwrap();
    let hits = found(&vault, "walkthr").await;
    assert_eq!(
        shown(&hits),
        [(K::Meeting, "Turbine hall walkthrough".to_string(), Title, vec!["walkthrough".to_string()])]
    );
    assert_eq!(hits[0].id, meeting.id);
    assert_eq!(hits[0].account_id.as_deref(), Some(account.id.as_str()));
    assert_eq!(hits[0].account_name.as_deref(), Some("Lindenhof Energie"));
    assert_eq!(hits[0].detail, "2026-11-26 · Kiel yard");
    let hits = found(&vault, "gearbox lead").await;
    assert_eq!(
        shown(&hits),
        [(K::Meeting, "Turbine hall walkthrough".to_string(), Text, vec!["gearbox".to_string(), "lead".to_string()])]
    );
    assert_eq!(found(&vault, "kiel").await.len(), 1, "the place is searched too");
    // Edited: the old words are gone, the new ones found.
    let renamed = MeetingInput { title: "Gearbox review".into(), talking_points: None, ..visit.clone() };
    meetings::update(pool, &meeting.id, &renamed, now()).await.unwrap();
    assert!(found(&vault, "walkthrough").await.is_empty());
    assert_eq!(
        shown(&found(&vault, "gearbox").await),
        [(K::Meeting, "Gearbox review".to_string(), Title, vec!["gearbox".to_string()])]
    );

    // A blueprint: its question is its name; the ideas captured for it are its text.
    let bp = blueprints::create(
        pool,
        &BlueprintInput {
            account_id: account.id.clone(),
            starts_on: "2027-01-01".into(),
            ends_on: "2027-12-31".into(),
            question: Some("How do we win the offshore fleet?".into()),
        },
        now(),
    )
    .await
    .unwrap()
    .blueprint;
    let run = |command: C| blueprints::apply(pool, &bp.id, command, now(), today);
    run(C::AddParticipant { person: PersonRef { id: me.id.clone(), side: Side::Ours }, function: Function::Sales })
        .await
        .unwrap();
    run(C::Advance).await.unwrap();
    let idea = |id: &str, text: &str| C::AddIdea {
        id: id.into(),
        text: text.into(),
        participant_id: None,
        kind: IdeaKind::Growth,
    };
    run(idea("i1", "A spare parts depot near the harbour")).await.unwrap();
    run(idea("i2", "Crew training on the new blades")).await.unwrap();
    let hits = found(&vault, "offshore").await;
    assert_eq!(
        shown(&hits),
        [(K::Blueprint, "How do we win the offshore fleet?".to_string(), Title, vec!["offshore".to_string()])]
    );
    assert_eq!((hits[0].id.as_str(), hits[0].blueprint_id.as_deref()), (bp.id.as_str(), Some(bp.id.as_str())));
    assert_eq!(hits[0].detail, "2027-01-01 – 2027-12-31");
    assert_eq!(shown(&found(&vault, "depot").await)[0].0, K::Blueprint);
    assert_eq!(found(&vault, "blades").await.len(), 1);
    run(C::EditIdea {
        id: "i1".into(),
        text: "A spare parts warehouse".into(),
        participant_id: None,
        kind: IdeaKind::Growth,
    })
    .await
    .unwrap();
    assert!(found(&vault, "depot").await.is_empty());
    assert_eq!(found(&vault, "warehouse").await.len(), 1);

    // Its goals: each a hit of its own that opens on the blueprint.
    run(C::Advance).await.unwrap();
    run(C::ChooseIdea { id: "i1".into(), chosen: true }).await.unwrap();
    run(C::Advance).await.unwrap();
    run(C::MakeGoal { id: "g1".into(), title: "Parts within a day".into(), idea_ids: vec!["i1".into()] })
        .await
        .unwrap();
    let hits = found(&vault, "parts within").await;
    assert_eq!(
        shown(&hits),
        [(K::Goal, "Parts within a day".to_string(), Title, vec!["parts".to_string(), "within".to_string()])]
    );
    assert_eq!((hits[0].id.as_str(), hits[0].blueprint_id.as_deref()), ("g1", Some(bp.id.as_str())));
    assert_eq!(hits[0].detail, "How do we win the offshore fleet?");
    let measure =
        Measure { metric: "Deliveries inside 24 hours".into(), unit: "%".into(), baseline: 40.0, target: 90.0 };
    run(C::EditGoal {
        id: "g1".into(),
        title: "Parts inside a day".into(),
        owner: None,
        counterpart: None,
        target_date: None,
        measure: Some(measure),
    })
    .await
    .unwrap();
    assert!(found(&vault, "parts within").await.is_empty());
    assert_eq!(shown(&found(&vault, "deliveries").await)[0].0, K::Goal, "found by what it is measured by");

    // Feedback: what they said, and its theme.
    let said = FeedbackInput {
        account_id: account.id.clone(),
        person_id: None,
        received_on: "2026-11-10".into(),
        channel: Some(FeedbackChannel::Call),
        text: "Invoices never carry our purchase order number.".into(),
        theme: Some("Invoicing".into()),
    };
    let feedback = care::create_feedback(pool, &said, now(), today).await.unwrap();
    let hits = found(&vault, "purchase order").await;
    assert_eq!(hits.len(), 1);
    assert_eq!((hits[0].kind, hits[0].matched_in, hits[0].id.as_str()), (K::Feedback, Text, feedback.id.as_str()));
    assert_eq!(hits[0].title, "2026-11-10 · Invoices never carry our purchase order number.");
    assert_eq!(hits[0].detail, "Invoicing");
    assert_eq!(shown(&hits)[0].3, ["purchase", "order"]);
    let corrected = FeedbackInput { text: "Invoices arrive without the cost centre.".into(), ..said.clone() };
    care::update_feedback(pool, &feedback.id, &corrected, now(), today).await.unwrap();
    assert!(found(&vault, "purchase").await.is_empty());
    assert_eq!(found(&vault, "cost centre").await.len(), 1);

    // Stories: the title is the name; the lesson is text.
    let told = StoryInput {
        account_id: account.id.clone(),
        kind: Some(StoryKind::Success),
        title: "Night shift rescue".into(),
        department: "Customer service".into(),
        occurred_on: "2026-10-01".into(),
        impact: Some("The plant kept running".into()),
        failure: None,
        resolved: true,
        lesson: Some("Keep a spare pump on site".into()),
    };
    let story = care::create_story(pool, &told, now(), today).await.unwrap();
    let hits = found(&vault, "rescue").await;
    assert_eq!(shown(&hits), [(K::Story, "Night shift rescue".to_string(), Title, vec!["rescue".to_string()])]);
    assert_eq!((hits[0].id.as_str(), hits[0].detail.as_str()), (story.id.as_str(), "2026-10-01 · Customer service"));
    assert_eq!(shown(&found(&vault, "spare pump").await)[0].0, K::Story);
    care::update_story(
        pool,
        &story.id,
        &StoryInput { lesson: Some("Call early".into()), ..told.clone() },
        now(),
        today,
    )
    .await
    .unwrap();
    assert!(found(&vault, "pump").await.is_empty());

    // Each leaves the index in the trash and comes back when restored.
    let cases = [
        (TrashKind::Meeting, meeting.id.as_str(), "gearbox", vec![K::Meeting]),
        (TrashKind::Blueprint, bp.id.as_str(), "parts", vec![K::Goal, K::Blueprint]),
        (TrashKind::Feedback, feedback.id.as_str(), "cost centre", vec![K::Feedback]),
        (TrashKind::Story, story.id.as_str(), "rescue", vec![K::Story]),
    ];
    for (kind, id, words, kinds) in &cases {
        let found_kinds = |hits: Vec<search::SearchHit>| hits.into_iter().map(|h| h.kind).collect::<Vec<_>>();
        assert_eq!(&found_kinds(found(&vault, words).await), kinds, "{words}");
        trash::delete(pool, *kind, id, now()).await.unwrap();
        assert!(found(&vault, words).await.is_empty(), "{kind:?} in the trash is not found");
        trash::restore(pool, *kind, id, now()).await.unwrap();
        assert_eq!(&found_kinds(found(&vault, words).await), kinds, "{kind:?} restored is found again");
    }

    // A trashed account hides all of its own, and brings them back.
    trash::delete(pool, TrashKind::Account, &account.id, now()).await.unwrap();
    for words in ["gearbox", "offshore", "deliveries", "cost centre", "rescue"] {
        assert!(found(&vault, words).await.is_empty(), "{words}");
    }
    trash::restore(pool, TrashKind::Account, &account.id, now()).await.unwrap();
    for words in ["gearbox", "offshore", "deliveries", "cost centre", "rescue"] {
        assert_eq!(found(&vault, words).await.len(), 1, "{words}");
    }
    vault.lock().await;
}

#[tokio::test]
async fn no_search_text_is_an_error_and_stored_query_syntax_is_just_text() {
    use rapport_core::care::store::{self as care, StoryInput};
    use rapport_core::care::story::StoryKind;

    let dir = tempfile::tempdir().unwrap();
    let vault = create_passphrase_vault(&paths(dir.path())).await.vault;
    let account = add_account(&vault, "Lindenhof Energie").await;
    let told = StoryInput {
        account_id: account.id.clone(),
        kind: Some(StoryKind::Success),
        title: "\"Quoted\" NEAR(title: x*) -minus ^caret AND OR NOT".into(),
        department: "Logistics".into(),
        occurred_on: "2026-10-01".into(),
        impact: None,
        failure: None,
        resolved: true,
        lesson: Some("<b>bold</b> & <script>x</script> in the text".into()),
    };
    care::create_story(vault.pool(), &told, now(), now().date_naive()).await.unwrap();

    let long = "turbine ".repeat(20_000);
    let pasted = "x".repeat(100_000);
    let hostile: Vec<&str> = vec![
        "\"",
        "\"\"",
        "*",
        "**",
        "-",
        "--x",
        "\"unbalanced",
        "unbalanced\"",
        "(",
        ")",
        "((a)",
        "a OR",
        "OR",
        "AND",
        "NOT",
        "NEAR",
        "NEAR(a b, 3)",
        "a NEAR/2 b",
        "title:",
        "title : x",
        "{title body}: x",
        "^x",
        "x^",
        "+",
        ":",
        "'",
        "'; DROP TABLE accounts; --",
        "\\",
        "%",
        "_",
        "\u{0}",
        "\u{2}",
        "\u{3}x",
        "🦀",
        "ß",
        "İ",
        "ﬁ",
        "٣",
        "\u{301}",
        "e\u{301}",
        &long,
        &pasted,
    ];
    for text in hostile {
        let result = search::search(vault.pool(), text, 30).await;
        assert!(result.is_ok(), "{:?} -> {result:?}", text.chars().take(40).collect::<String>());
    }
    // Operators stored in the text are found as the words they are.
    for words in ["near", "quoted", "and or not", "minus", "caret", "title"] {
        let hits = search::search(vault.pool(), words, 30).await.unwrap();
        assert_eq!(hits.len(), 1, "{words}");
        assert_eq!(hits[0].title, told.title);
    }
    // Markup in the text comes back as the same text, never as markup.
    let hits = search::search(vault.pool(), "bold", 30).await.unwrap();
    let text: String = hits[0].snippet.iter().map(|p| p.text.as_str()).collect();
    assert!(text.contains("<b>bold</b> &"), "{text}");
    vault.lock().await;
}
