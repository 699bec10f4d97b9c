//! Blueprints in a real encrypted vault: a whole session stored and read back
//! exactly as the aggregate holds it, refusals that change nothing, frozen
//! revisions the database itself will not change, drafts kept as typed, and
//! the planned ties the relationship map shows, the blueprint PDF and the
//! brief's blueprint section.

use crate::common;
use crate::common::poppler;

use chrono::{Duration, NaiveDate};
use common::*;
use rapport_core::accounts::{self, AccountInput};
use rapport_core::blueprint::store::{self, BlueprintInput};
use rapport_core::blueprint::{
    Blueprint, BlueprintCommand as C, BlueprintStage, GoalStatus, IdeaKind, Measure, NewBlueprint, Period, PersonRef,
};
use rapport_core::kinds::{Function, Side};
use rapport_core::people::{self, Person, PersonInput};
use rapport_core::{ErrorCode, Vault};

async fn person(vault: &Vault, account: Option<&str>, name: &str, function: Function) -> Person {
    let input = PersonInput {
        side: Some(if account.is_some() { Side::Theirs } else { Side::Ours }),
        account_id: account.map(str::to_string),
        name: name.into(),
        function: account.is_none().then_some(function),
        org_level: Some(2),
        ..PersonInput::default()
    };
    people::create(vault.pool(), &input, now()).await.unwrap()
}

fn today() -> NaiveDate {
    now().date_naive()
}

fn r(id: &str) -> PersonRef {
    // The side is looked up by the store; what the caller says is ignored.
    PersonRef { id: id.into(), side: Side::Theirs }
}

struct Room {
    vault: Vault,
    _dir: tempfile::TempDir,
    account: String,
    sponsor: String,
    engineer: String,
    buyer: String,
}

async fn room(with_sponsor: bool) -> Room {
    let dir = tempfile::tempdir().unwrap();
    let vault = create_passphrase_vault(&paths(dir.path())).await.vault;
    let account = add_account(&vault, "Nordlys Shipping").await;
    let sponsor = person(&vault, None, "Helena Marsh", Function::Executive).await;
    let engineer = person(&vault, None, "Tomasz Wróbel", Function::ProductDevelopment).await;
    let buyer = person(&vault, Some(&account.id), "Kari Nordmann", Function::Other).await;
    if with_sponsor {
        let input = AccountInput {
            name: account.name.clone(),
            tier: Some(account.tier),
            owner_id: account.owner_id.clone(),
            sponsor_id: Some(sponsor.id.clone()),
            ..AccountInput::default()
        };
        accounts::update(vault.pool(), &account.id, &input, now()).await.unwrap();
    }
    Room { vault, _dir: dir, account: account.id, sponsor: sponsor.id, engineer: engineer.id, buyer: buyer.id }
}

fn input(account: &str) -> BlueprintInput {
    BlueprintInput {
        account_id: account.into(),
        starts_on: "2027-01-01".into(),
        ends_on: "2027-12-31".into(),
        question: None,
    }
}

/// Frame to approval: two participants, three ideas (one merged, one split),
/// scores and votes, two complete goals with people and a planned tie.
fn session(room: &Room) -> Vec<C> {
    let m = Measure { metric: "On-time deliveries".into(), unit: "%".into(), baseline: 82.0, target: 95.0 };
    vec![
        C::AddParticipant { person: r(&room.sponsor), function: Function::Executive },
        C::AddParticipant { person: r(&room.engineer), function: Function::ProductDevelopment },
        C::Advance,
        C::AddIdea {
            id: "i1".into(),
            text: "Fix the late spare parts".into(),
            participant_id: Some(room.engineer.clone()),
            kind: IdeaKind::ImplementationFailure,
        },
        C::AddIdea {
            id: "i2".into(),
            text: "Late spare parts again".into(),
            participant_id: None,
            kind: IdeaKind::ImplementationFailure,
        },
        C::AddIdea {
            id: "i3".into(),
            text: "Joint roadmap day; route planning pilot".into(),
            participant_id: Some(room.sponsor.clone()),
            kind: IdeaKind::Innovation,
        },
        C::MergeIdeas { keep: "i1".into(), duplicate: "i2".into() },
        C::SplitIdea {
            id: "i3".into(),
            text: "Joint roadmap day".into(),
            parts: vec![rapport_core::blueprint::IdeaPart { id: "i4".into(), text: "Route planning pilot".into() }],
        },
        C::Advance,
        C::ScoreIdea { id: "i1".into(), impact: Some(5), effort: Some(2) },
        C::ScoreIdea { id: "i4".into(), impact: Some(4), effort: Some(3) },
        C::Vote { participant_id: room.sponsor.clone(), idea_id: "i1".into(), votes: 3 },
        C::Vote { participant_id: room.engineer.clone(), idea_id: "i4".into(), votes: 2 },
        C::ChooseIdea { id: "i1".into(), chosen: true },
        C::ChooseIdea { id: "i4".into(), chosen: true },
        C::Advance,
        C::MakeGoal { id: "g1".into(), title: "Parts on time".into(), idea_ids: vec!["i1".into()] },
        C::MakeGoal { id: "g2".into(), title: "Pilot route planning".into(), idea_ids: vec!["i4".into()] },
        C::EditGoal {
            id: "g1".into(),
            title: "Parts on time".into(),
            owner: Some(r(&room.engineer)),
            counterpart: Some(r(&room.buyer)),
            target_date: NaiveDate::from_ymd_opt(2027, 6, 30),
            measure: Some(m.clone()),
        },
        C::EditGoal {
            id: "g2".into(),
            title: "Pilot route planning".into(),
            owner: Some(r(&room.sponsor)),
            counterpart: None,
            target_date: NaiveDate::from_ymd_opt(2027, 9, 30),
            measure: Some(Measure {
                metric: "Routes planned".into(),
                unit: "routes".into(),
                baseline: 0.0,
                target: 20.0,
            }),
        },
        C::Advance,
        C::Involve { goal_id: "g1".into(), person: r(&room.buyer) },
        C::PlanConnection { goal_id: "g1".into(), ours: r(&room.engineer), theirs: r(&room.buyer), cadence_days: 30 },
        C::Advance,
        C::Approve { by: "whoever".into(), by_sponsor: false, comment: Some("Go.".into()) },
        C::CheckIn {
            goal_id: "g1".into(),
            on: today(),
            value: 88.0,
            note: Some("Better".into()),
            status: Some(GoalStatus::OnTrack),
        },
    ]
}

#[tokio::test]
async fn a_whole_session_is_stored_and_read_back_exactly() {
    let room = room(true).await;
    let pool = room.vault.pool();
    let view = store::create(pool, &input(&room.account), now()).await.unwrap();
    let id = view.blueprint.id.clone();
    assert_eq!(view.blueprint.stage, BlueprintStage::Frame);
    assert!(view.blueprint.question.contains("relationship"), "the default question");
    assert_eq!(view.sponsor.as_ref().map(|s| s.name.as_str()), Some("Helena Marsh"));

    // The same commands on the pure aggregate, with the sides the vault knows.
    let mut expected = Blueprint::new(NewBlueprint {
        id: id.clone(),
        account_id: room.account.clone(),
        period: Period {
            starts_on: NaiveDate::from_ymd_opt(2027, 1, 1).unwrap(),
            ends_on: NaiveDate::from_ymd_opt(2027, 12, 31).unwrap(),
        },
        question: None,
    })
    .unwrap();
    let side_of = |id: &str| if id == room.buyer { Side::Theirs } else { Side::Ours };
    let fix = |p: &PersonRef| PersonRef { id: p.id.clone(), side: side_of(&p.id) };
    for (n, command) in session(&room).into_iter().enumerate() {
        let stored = store::apply(pool, &id, command.clone(), now(), today()).await;
        let stored = stored.unwrap_or_else(|e| panic!("step {n} {command:?}: {e}"));
        let command = match command {
            C::AddParticipant { person, function } => C::AddParticipant { person: fix(&person), function },
            C::EditGoal { id, title, owner, counterpart, target_date, measure } => C::EditGoal {
                id,
                title,
                owner: owner.as_ref().map(fix),
                counterpart: counterpart.as_ref().map(fix),
                target_date,
                measure,
            },
            C::Involve { goal_id, person } => C::Involve { goal_id, person: fix(&person) },
            C::PlanConnection { goal_id, ours, theirs, cadence_days } => {
                C::PlanConnection { goal_id, ours: fix(&ours), theirs: fix(&theirs), cadence_days }
            }
            C::Approve { comment, .. } => C::Approve { by: room.sponsor.clone(), by_sponsor: true, comment },
            other => other,
        };
        expected.apply(&command, now(), today()).unwrap();
        assert_eq!(stored.blueprint, expected, "after step {n}");
    }
    // Read back cold, from a fresh connection.
    let view = store::view(pool, &id, today()).await.unwrap();
    assert_eq!(view.blueprint, expected);
    assert_eq!(view.blueprint.stage, BlueprintStage::Track);
    assert_eq!(view.blueprint.revisions[0].approved_by, room.sponsor, "the sponsor is the approver");
    assert_eq!(view.progress.goals[0].percent.map(f64::round), Some(46.0), "82 → 88 of 82 → 95");

    // Revision 2: change a goal, approve again, compare.
    for command in [
        C::OpenRevision,
        C::EditGoal {
            id: "g2".into(),
            title: "Pilot route planning in two ports".into(),
            owner: Some(r(&room.sponsor)),
            counterpart: None,
            target_date: NaiveDate::from_ymd_opt(2027, 10, 31),
            measure: Some(Measure {
                metric: "Routes planned".into(),
                unit: "routes".into(),
                baseline: 0.0,
                target: 20.0,
            }),
        },
        C::Advance,
        C::Advance,
        C::Approve { by: String::new(), by_sponsor: false, comment: None },
    ] {
        store::apply(pool, &id, command, now(), today()).await.unwrap();
    }
    let diff = store::compare(pool, &id, 1, 2).await.unwrap();
    assert!(diff.added.is_empty() && diff.removed.is_empty());
    assert_eq!(diff.changed.len(), 1);
    let fields: Vec<&str> = diff.changed[0].fields.iter().map(|c| c.field.as_str()).collect();
    assert!(fields.contains(&"title") && fields.contains(&"target_date"), "{fields:?}");
    let list = store::list(pool, Some(&room.account), today()).await.unwrap();
    assert_eq!(list.len(), 1);
    assert_eq!((list[0].revision, list[0].approved_revision, list[0].goals), (2, Some(2), 2));
}

#[tokio::test]
async fn refusals_name_the_problem_and_change_nothing() {
    let room = room(false).await;
    let pool = room.vault.pool();
    let id = store::create(pool, &input(&room.account), now()).await.unwrap().blueprint.id;
    let before = store::view(pool, &id, today()).await.unwrap();

    let err = store::apply(
        pool,
        &id,
        C::AddParticipant { person: PersonRef { id: room.buyer.clone(), side: Side::Ours }, function: Function::Sales },
        now(),
        today(),
    )
    .await
    .unwrap_err();
    assert_eq!(err.field(), Some("person"), "theirs cannot sit in our room, whatever the caller says: {err}");
    let err = store::apply(pool, &id, C::Advance, now(), today()).await.unwrap_err();
    assert!(err.to_string().contains("participant"), "{err}");
    let err =
        store::apply(pool, &id, C::AddParticipant { person: r("nobody"), function: Function::Sales }, now(), today())
            .await
            .unwrap_err();
    assert_eq!(err.field(), Some("person"));
    let after = store::view(pool, &id, today()).await.unwrap();
    assert_eq!(after.blueprint, before.blueprint);
    assert_eq!(after.updated_at, before.updated_at, "a refusal does not even touch the time stamp");

    // Without a sponsor nobody can approve, and the screen says so up front.
    let approve = after.actions.iter().find(|a| a.action == rapport_core::blueprint::StageAction::Approve).unwrap();
    assert!(!approve.allowed && approve.reason.as_deref().unwrap().contains("sponsor"));

    // One blueprint per period.
    let err = store::create(
        pool,
        &BlueprintInput { starts_on: "2027-06-01".into(), ends_on: "2028-05-31".into(), ..input(&room.account) },
        now(),
    )
    .await
    .unwrap_err();
    assert_eq!(err.field(), Some("period"), "{err}");
    let err = store::create(pool, &BlueprintInput { ends_on: "2026-12-31".into(), ..input(&room.account) }, now())
        .await
        .unwrap_err();
    assert_eq!(err.field(), Some("period"), "{err}");
    let err = store::create(pool, &BlueprintInput { starts_on: "1 Jan".into(), ..input(&room.account) }, now())
        .await
        .unwrap_err();
    assert_eq!(err.field(), Some("starts_on"), "{err}");
    assert_eq!(store::list(pool, None, today()).await.unwrap().len(), 1);
}

#[tokio::test]
async fn an_approved_revision_is_frozen_in_the_vault_too() {
    let room = room(true).await;
    let pool = room.vault.pool();
    let id = store::create(pool, &input(&room.account), now()).await.unwrap().blueprint.id;
    for command in session(&room) {
        store::apply(pool, &id, command, now(), today()).await.unwrap();
    }
    let err = store::apply(pool, &id, C::RemoveGoal { id: "g1".into() }, now(), today()).await.unwrap_err();
    assert_eq!(err.code(), ErrorCode::Refused);
    assert!(err.to_string().contains("open revision 2"), "{err}");
    let tampered = sqlx::query("UPDATE blueprint_revisions SET goals = '[]' WHERE blueprint_id = ?1")
        .bind(&id)
        .execute(pool)
        .await;
    assert!(tampered.unwrap_err().to_string().contains("never changes"));
    let view = store::view(pool, &id, today()).await.unwrap();
    assert_eq!(view.blueprint.revisions[0].goals.len(), 2);
}

#[tokio::test]
async fn what_is_being_typed_is_kept_until_the_idea_is_added() {
    let room = room(true).await;
    let pool = room.vault.pool();
    let id = store::create(pool, &input(&room.account), now()).await.unwrap().blueprint.id;
    store::save_draft(pool, &id, store::IDEA_DRAFT, "Invite their head of", now()).await.unwrap();
    store::save_draft(pool, &id, "comment", "Looks good but", now()).await.unwrap();
    let view = store::view(pool, &id, today()).await.unwrap();
    let drafts: Vec<(&str, &str)> = view.drafts.iter().map(|d| (d.slot.as_str(), d.text.as_str())).collect();
    assert_eq!(drafts, [("comment", "Looks good but"), ("idea", "Invite their head of")]);
    store::apply(
        pool,
        &id,
        C::AddParticipant { person: r(&room.sponsor), function: Function::Executive },
        now(),
        today(),
    )
    .await
    .unwrap();
    store::apply(pool, &id, C::Advance, now(), today()).await.unwrap();
    let command = C::AddIdea {
        id: "i1".into(),
        text: "Invite their head of logistics".into(),
        participant_id: None,
        kind: IdeaKind::Relationship,
    };
    let view = store::apply(pool, &id, command, now(), today()).await.unwrap();
    let slots: Vec<&str> = view.drafts.iter().map(|d| d.slot.as_str()).collect();
    assert_eq!(slots, ["comment"], "the captured idea's draft is gone, the comment's stays");
    store::save_draft(pool, &id, "comment", "", now()).await.unwrap();
    assert!(store::view(pool, &id, today()).await.unwrap().drafts.is_empty());
    let err = store::save_draft(pool, "nope", "idea", "x", now()).await.unwrap_err();
    assert_eq!(err.code(), ErrorCode::NotFound);
}

#[tokio::test]
async fn planned_ties_are_listed_for_the_map() {
    let room = room(true).await;
    let pool = room.vault.pool();
    let id = store::create(pool, &input(&room.account), now()).await.unwrap().blueprint.id;
    for command in session(&room).into_iter().take(24) {
        store::apply(pool, &id, command, now() + Duration::seconds(1), today()).await.unwrap();
    }
    let mut conn = pool.acquire().await.unwrap();
    let planned = store::planned_connections(&mut conn, &room.account).await.unwrap();
    assert_eq!(planned, [(room.engineer.clone(), room.buyer.clone(), 30, "Parts on time".to_string())]);
    drop(conn);

    // The account page's map gets the planned tie and the engineer, who has no tie yet.
    let page = rapport_core::page::account_view(pool, &room.account).await.unwrap();
    let rel = &page.relationship;
    assert_eq!(rel.planned.len(), 1);
    assert_eq!(rel.planned[0].goal, "Parts on time");
    assert!(rel.planned_people.iter().any(|p| p.id == room.engineer));
    assert!(rel.ours.iter().all(|p| p.id != room.engineer), "not among the people with ties");

    // Once the tie is made it is a tie, not a plan.
    let input = rapport_core::connections::ConnectionInput {
        ours_id: room.engineer.clone(),
        theirs_id: room.buyer.clone(),
        dimension: Some(rapport_core::kinds::Dimension::Formal),
        strength: Some(3),
        intermediary: None,
        cadence_days: None,
        notes: None,
    };
    rapport_core::connections::create(pool, &input, now()).await.unwrap();
    let page = rapport_core::page::account_view(pool, &room.account).await.unwrap();
    assert!(page.relationship.planned.is_empty());
    assert!(page.relationship.planned_people.is_empty());
}

/// The DRAFT mark's colour (see tests/pdf.rs).
const DRAFT_RGB: [u8; 3] = [0xF6, 0xD4, 0xD4];

fn options() -> rapport_core::brief::BriefOptions {
    rapport_core::brief::BriefOptions {
        now: now(),
        home_zone: Some(chrono_tz::Europe::London),
        audience: Default::default(),
    }
}

#[tokio::test]
async fn the_blueprint_pdf_has_the_summary_goals_people_plan_and_ideas_by_function() {
    let room = room(true).await;
    let pool = room.vault.pool();
    let id = store::create(pool, &input(&room.account), now()).await.unwrap().blueprint.id;
    let steps = session(&room);
    let (before_approval, rest) = steps.split_at(steps.len() - 2);
    for command in before_approval {
        store::apply(pool, &id, command.clone(), now(), today()).await.unwrap();
    }
    let out = std::env::var_os("RAPPORT_KEEP_PDF").map(std::path::PathBuf::from);
    let dir = tempfile::tempdir().unwrap();
    let pdf = out.as_deref().unwrap_or(dir.path()).join("blueprint.pdf");
    let marked = |pdf: &std::path::Path| -> Vec<bool> {
        poppler::raster_color(pdf, 30).iter().map(|page| page.count_near(DRAFT_RGB, 6) > 500).collect()
    };

    rapport_core::report::blueprint::export(pool, &id, &pdf, &options()).await.unwrap();
    assert!(marked(&pdf).iter().all(|&m| m), "waiting for the sponsor: every page is a draft");

    for command in rest {
        store::apply(pool, &id, command.clone(), now(), today()).await.unwrap();
    }
    let written = rapport_core::report::blueprint::export(pool, &id, &pdf, &options()).await.unwrap();
    let pages = poppler::pages_text(&pdf);
    assert_eq!(written.pages as usize, pages.len());
    assert!(marked(&pdf).iter().all(|&m| !m), "approved: no page is marked");
    let flat = |s: &str| s.split_whitespace().collect::<Vec<_>>().join(" ");
    let first = flat(&pages[0]);
    for needle in [
        "Blueprint: Nordlys Shipping",
        "What could we achieve together",
        "1 Jan 2027 – 31 Dec 2027",
        "Revision 1 approved by Helena Marsh",
        "Helena Marsh (executive); Tomasz Wróbel (product development)",
        "3 captured, 2 chosen",
        "Parts on time — Tomasz Wróbel, by 30 Jun 2027: on track",
        "Revision 1 — Approved by Helena Marsh",
    ] {
        assert!(first.contains(needle), "page 1 lacks {needle:?}:\n{first}");
    }
    let all = flat(&pages.join(" "));
    for needle in [
        "On-time deliveries:",
        "82 → 95 %",
        "Kari Nordmann",
        "46%",
        "From the ideas: Fix the late spare parts",
        "People plan",
        "every month",
        "Ideas by function",
        "1 duplicate was merged",
        "Product development (1)",
        "Route planning pilot",
    ] {
        assert!(all.contains(needle), "the PDF lacks {needle:?}:\n{all}");
    }
    assert!(!all.contains("Late spare parts again"), "merged duplicates are not listed as ideas");
}

#[tokio::test]
async fn a_brief_shows_the_accounts_blueprint_goals() {
    use rapport_core::meetings::{self, MeetingInput};
    let room = room(true).await;
    let pool = room.vault.pool();
    let meeting = meetings::create(
        pool,
        &MeetingInput {
            account_id: room.account.clone(),
            title: "Quarterly visit".into(),
            kind: Some(rapport_core::kinds::MeetingKind::Connecting),
            starts_local: "2026-11-26T09:30".into(),
            ends_local: "2026-11-26T11:00".into(),
            time_zone: "Europe/Oslo".into(),
            ..MeetingInput::default()
        },
        now(),
    )
    .await
    .unwrap();
    let text = |doc: &rapport_core::pdf::Document| serde_json::to_string(doc).unwrap();
    let doc = rapport_core::brief::brief_document(pool, &meeting.id, &options()).await.unwrap();
    assert!(!text(&doc).contains("Blueprint goals"), "no blueprint, no section");

    let id = store::create(pool, &input(&room.account), now()).await.unwrap().blueprint.id;
    for command in session(&room).into_iter().take(21) {
        store::apply(pool, &id, command, now(), today()).await.unwrap();
    }
    let doc = text(&rapport_core::brief::brief_document(pool, &meeting.id, &options()).await.unwrap());
    assert!(doc.contains("Blueprint goals, 1 Jan 2027 – 31 Dec 2027"), "{doc}");
    assert!(doc.contains("Not approved yet: revision 1 is in the people stage."));
    assert!(doc.contains("Parts on time") && doc.contains("Kari Nordmann"));

    for command in session(&room).into_iter().skip(21) {
        store::apply(pool, &id, command, now(), today()).await.unwrap();
    }
    let doc = text(&rapport_core::brief::brief_document(pool, &meeting.id, &options()).await.unwrap());
    assert!(doc.contains("Revision 1 approved 23 Nov 2026."), "{doc}");
    assert!(doc.contains("On track") && doc.contains("46%"), "the latest check-in's status and progress");
}

#[tokio::test]
async fn a_blueprint_goes_to_the_trash_and_comes_back_unless_its_period_was_taken() {
    use rapport_core::trash::{self, TrashKind};
    let room = room(true).await;
    let pool = room.vault.pool();
    let id = store::create(pool, &input(&room.account), now()).await.unwrap().blueprint.id;
    trash::delete(pool, TrashKind::Blueprint, &id, now()).await.unwrap();
    assert!(store::list(pool, None, today()).await.unwrap().is_empty());
    assert_eq!(store::view(pool, &id, today()).await.unwrap_err().code(), ErrorCode::NotFound);
    let listed = trash::list(pool).await.unwrap();
    assert_eq!(listed.items[0].label, "Blueprint 2027-01-01 to 2027-12-31");
    assert_eq!(listed.items[0].account_name.as_deref(), Some("Nordlys Shipping"));

    // The period is free again: a new one takes it, and the old one cannot come back over it.
    let newer = store::create(pool, &input(&room.account), now()).await.unwrap().blueprint.id;
    let err = trash::restore(pool, TrashKind::Blueprint, &id, now()).await.unwrap_err();
    assert_eq!(err.field(), Some("period"), "{err}");
    trash::delete(pool, TrashKind::Blueprint, &newer, now()).await.unwrap();
    trash::restore(pool, TrashKind::Blueprint, &id, now()).await.unwrap();
    assert_eq!(store::list(pool, None, today()).await.unwrap()[0].id, id);
    assert_eq!(trash::empty(pool, now()).await.unwrap(), 1);
}

/// A stored value that does not read as its type is damage, never a default:
/// a date that is not one, a word outside its vocabulary.
#[tokio::test]
async fn a_bad_stored_value_reads_as_corrupt() {
    let room = room(true).await;
    let pool = room.vault.pool();
    let id = store::create(pool, &input(&room.account), now()).await.unwrap().blueprint.id;
    let add = C::AddParticipant { person: r(&room.sponsor), function: Function::Executive };
    store::apply(pool, &id, add, now(), today()).await.unwrap();
    for (what, damage, repair) in [
        (
            "a date",
            "UPDATE blueprints SET starts_on = '1 Jan' WHERE id = ?1",
            "UPDATE blueprints SET starts_on = '2027-01-01' WHERE id = ?1",
        ),
        (
            "a function",
            "UPDATE blueprint_participants SET function = 'wizard' WHERE blueprint_id = ?1",
            "UPDATE blueprint_participants SET function = 'executive' WHERE blueprint_id = ?1",
        ),
    ] {
        sqlx::query(damage).bind(&id).execute(pool).await.unwrap();
        let err = store::view(pool, &id, today()).await.unwrap_err();
        assert_eq!(err.code(), ErrorCode::Corrupt, "{what}: {err}");
        sqlx::query(repair).bind(&id).execute(pool).await.unwrap();
        store::view(pool, &id, today()).await.unwrap();
    }
}
