//! Meetings and the review gate in a real encrypted vault: validation, every
//! step recorded with who and when, edits after approval, lists across time
//! zones, the calendar export, trash.

use crate::common;

use chrono::{Duration, TimeZone, Utc};
use common::*;
use rapport_core::kinds::{Function, MeetingKind, Side};
use rapport_core::meetings::{self, GateAction, GateRequest, MeetingInput, MeetingQuery, MeetingState};
use rapport_core::people::{self, Person, PersonInput};
use rapport_core::settings::{self, Settings};
use rapport_core::trash::{self, TrashKind};
use rapport_core::{ErrorCode, Vault};

pub async fn person(vault: &Vault, account: Option<&str>, name: &str, title: &str) -> Person {
    let input = PersonInput {
        side: Some(if account.is_some() { Side::Theirs } else { Side::Ours }),
        account_id: account.map(str::to_string),
        name: name.into(),
        title: Some(title.into()),
        function: account.is_none().then_some(Function::Executive),
        org_level: Some(2),
        ..PersonInput::default()
    };
    people::create(vault.pool(), &input, now()).await.unwrap()
}

fn visit(account: &str) -> MeetingInput {
    MeetingInput {
        account_id: account.into(),
        title: "Quarterly visit".into(),
        kind: Some(MeetingKind::Connecting),
        starts_local: "2026-11-26T09:30".into(),
        ends_local: "2026-11-26T11:00".into(),
        time_zone: "Europe/Oslo".into(),
        location: Some("Their office, Bryggen".into()),
        ..MeetingInput::default()
    }
}

fn step(action: GateAction, body: Option<&str>, by: &str) -> GateRequest {
    GateRequest { action: Some(action), body: body.map(str::to_string), by: Some(by.into()), reply_to: None }
}

#[tokio::test]
async fn bad_input_names_the_field_and_stores_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let vault = create_passphrase_vault(&paths(dir.path())).await.vault;
    let account = add_account(&vault, "Nordlys Shipping").await;
    let cases: Vec<(MeetingInput, &str, &str)> = vec![
        (MeetingInput { time_zone: "Mars/Olympus".into(), ..visit(&account.id) }, "time_zone", "not a time zone"),
        (MeetingInput { ends_local: "2026-11-26T09:00".into(), ..visit(&account.id) }, "ends_local", "after the start"),
        (
            MeetingInput { starts_local: "26/11/2026 9:30".into(), ..visit(&account.id) },
            "starts_local",
            "YYYY-MM-DDTHH:MM",
        ),
        (
            MeetingInput {
                starts_local: "2026-03-29T02:30".into(),
                ends_local: "2026-03-29T04:00".into(),
                time_zone: "Europe/Paris".into(),
                ..visit(&account.id)
            },
            "starts_local",
            "does not exist",
        ),
        (MeetingInput { title: "  ".into(), ..visit(&account.id) }, "title", "cannot be empty"),
        (MeetingInput { kind: None, ..visit(&account.id) }, "kind", "choose"),
        (MeetingInput { attendees: vec!["nobody".into()], ..visit(&account.id) }, "attendees", "does not exist"),
    ];
    for (input, field, words) in cases {
        let err = meetings::create(vault.pool(), &input, now()).await.unwrap_err();
        assert_eq!(err.field(), Some(field), "{err}");
        assert!(err.to_string().contains(words), "{field}: {err}");
    }
    assert!(meetings::list(vault.pool(), &MeetingQuery::default()).await.unwrap().is_empty());
}

#[tokio::test]
async fn a_visit_goes_through_the_gate_and_every_step_is_recorded() {
    let dir = tempfile::tempdir().unwrap();
    let vault = create_passphrase_vault(&paths(dir.path())).await.vault;
    let pool = vault.pool();
    let account = add_account(&vault, "Nordlys Shipping").await;
    let ceo = person(&vault, None, "Marit Olsen", "CEO").await;
    let cfo = person(&vault, Some(&account.id), "Henrik Dahl", "CFO").await;
    let m = meetings::create(pool, &visit(&account.id), now()).await.unwrap();
    assert_eq!(m.state, MeetingState::Draft);
    assert_eq!(m.starts_utc, "2026-11-26T08:30:00.000Z", "Oslo is UTC+1 in November");

    // Submitting a bare draft says everything that is missing, and changes nothing.
    let err = meetings::act(pool, &m.id, &step(GateAction::Submit, None, "Team"), now()).await.unwrap_err();
    assert_eq!(err.code(), ErrorCode::Refused);
    let why = err.to_string();
    assert!(why.contains("value proposition") && why.contains("our people") && why.contains("their people"), "{why}");
    assert_eq!(meetings::get(pool, &m.id).await.unwrap().state, MeetingState::Draft);

    let ready = MeetingInput {
        value_proposition: Some("Cut their fleet's fuel bill by a tenth with route planning.".into()),
        attendees: vec![ceo.id.clone(), cfo.id.clone()],
        ..visit(&account.id)
    };
    meetings::update(pool, &m.id, &ready, now()).await.unwrap();
    let t = |minutes: i64| now() + Duration::minutes(minutes);
    let v = meetings::act(pool, &m.id, &step(GateAction::Submit, None, "Ana (account team)"), t(1)).await.unwrap();
    assert_eq!(v.meeting.state, MeetingState::Submitted);
    assert!(v.actions.iter().any(|a| a.action == GateAction::Approve && a.allowed));

    // The executive challenges; resubmitting waits for the answer.
    let v = meetings::act(
        pool,
        &m.id,
        &step(GateAction::Challenge, Some("Why now, before their budget round?"), "Marit"),
        t(2),
    )
    .await
    .unwrap();
    assert_eq!(v.meeting.state, MeetingState::Challenged);
    assert_eq!(v.unanswered.len(), 1);
    let approve = v.actions.iter().find(|a| a.action == GateAction::Approve).unwrap();
    assert!(!approve.allowed && approve.reason.as_deref().unwrap().contains("not answered"));
    let err = meetings::act(pool, &m.id, &step(GateAction::Submit, None, "Ana"), t(3)).await.unwrap_err();
    assert!(err.to_string().contains("open question"), "{err}");
    let v = meetings::act(
        pool,
        &m.id,
        &step(GateAction::Answer, Some("Their CFO sets the budget next month."), "Ana"),
        t(4),
    )
    .await
    .unwrap();
    assert!(v.unanswered.is_empty());
    let question = v.events.iter().find(|e| e.action == GateAction::Challenge).unwrap().n;
    assert_eq!(v.events.last().unwrap().reply_to, Some(question));
    meetings::act(pool, &m.id, &step(GateAction::Submit, None, "Ana"), t(5)).await.unwrap();
    let v = meetings::act(pool, &m.id, &step(GateAction::Approve, None, "Marit"), t(6)).await.unwrap();
    assert_eq!(v.meeting.state, MeetingState::Approved);

    // Held only once it has started; followed up with a note.
    let err = meetings::act(pool, &m.id, &step(GateAction::Hold, None, "Ana"), t(7)).await.unwrap_err();
    assert!(err.to_string().contains("not started"), "{err}");
    let after = Utc.with_ymd_and_hms(2026, 11, 26, 12, 0, 0).unwrap();
    meetings::act(pool, &m.id, &step(GateAction::Hold, None, "Ana"), after).await.unwrap();
    let v =
        meetings::act(pool, &m.id, &step(GateAction::FollowUp, Some("Thanks sent; pilot proposal out."), "Ana"), after)
            .await
            .unwrap();
    assert_eq!(v.meeting.state, MeetingState::FollowedUp);

    let record: Vec<(GateAction, MeetingState, MeetingState, &str)> =
        v.events.iter().map(|e| (e.action, e.from_state, e.to_state, e.actor.as_str())).collect();
    use GateAction as A;
    use MeetingState as S;
    assert_eq!(
        record,
        [
            (A::Submit, S::Draft, S::Submitted, "Ana (account team)"),
            (A::Challenge, S::Submitted, S::Challenged, "Marit"),
            (A::Answer, S::Challenged, S::Challenged, "Ana"),
            (A::Submit, S::Challenged, S::Submitted, "Ana"),
            (A::Approve, S::Submitted, S::Approved, "Marit"),
            (A::Hold, S::Approved, S::Held, "Ana"),
            (A::FollowUp, S::Held, S::FollowedUp, "Ana"),
        ]
    );
    assert_eq!(v.events[0].at, "2026-11-23T09:31:00.000Z");
    // Once held, the meeting is kept as it was.
    let err = meetings::update(pool, &m.id, &ready, after).await.unwrap_err();
    assert_eq!(err.code(), ErrorCode::Refused);
}

#[tokio::test]
async fn after_approval_only_practical_details_change_without_a_new_review() {
    let dir = tempfile::tempdir().unwrap();
    let vault = create_passphrase_vault(&paths(dir.path())).await.vault;
    let pool = vault.pool();
    let account = add_account(&vault, "Nordlys Shipping").await;
    let ceo = person(&vault, None, "Marit Olsen", "CEO").await;
    let cfo = person(&vault, Some(&account.id), "Henrik Dahl", "CFO").await;
    let input = MeetingInput {
        value_proposition: Some("A pilot on two routes.".into()),
        attendees: vec![ceo.id.clone(), cfo.id.clone()],
        ..visit(&account.id)
    };
    let m = meetings::create(pool, &input, now()).await.unwrap();
    meetings::act(pool, &m.id, &step(GateAction::Submit, None, "Ana"), now()).await.unwrap();
    meetings::act(pool, &m.id, &step(GateAction::Approve, None, "Marit"), now()).await.unwrap();

    let moved = MeetingInput { logistics: Some("Room 4, badge at reception".into()), ..input.clone() };
    let saved = meetings::update(pool, &m.id, &moved, now()).await.unwrap();
    assert_eq!(saved.state, MeetingState::Approved);
    assert_eq!(saved.logistics.as_deref(), Some("Room 4, badge at reception"));

    let reworded = MeetingInput { value_proposition: Some("Something else".into()), ..moved.clone() };
    let err = meetings::update(pool, &m.id, &reworded, now()).await.unwrap_err();
    assert_eq!(err.code(), ErrorCode::Refused);
    assert!(err.to_string().contains("value proposition") && err.to_string().contains("reopen"), "{err}");
    assert_eq!(meetings::get(pool, &m.id).await.unwrap().value_proposition.as_deref(), Some("A pilot on two routes."));

    meetings::act(pool, &m.id, &step(GateAction::Reopen, None, "Ana"), now()).await.unwrap();
    let saved = meetings::update(pool, &m.id, &reworded, now()).await.unwrap();
    assert_eq!(saved.state, MeetingState::Draft);
    assert!(saved.revision > m.revision);
}

#[tokio::test]
async fn the_actor_defaults_to_the_name_in_settings() {
    let dir = tempfile::tempdir().unwrap();
    let vault = create_passphrase_vault(&paths(dir.path())).await.vault;
    let pool = vault.pool();
    let account = add_account(&vault, "Nordlys Shipping").await;
    let m = meetings::create(pool, &visit(&account.id), now()).await.unwrap();
    let anonymous = GateRequest { action: Some(GateAction::Submit), ..GateRequest::default() };
    let err = meetings::act(pool, &m.id, &anonymous, now()).await.unwrap_err();
    assert_eq!(err.field(), Some("by"));

    let err = settings::update(pool, &Settings { home_time_zone: Some("Nowhere/Else".into()), ..Settings::default() })
        .await
        .unwrap_err();
    assert_eq!(err.field(), Some("home_time_zone"));
    settings::update(
        pool,
        &Settings {
            your_name: Some("Marit Olsen".into()),
            home_time_zone: Some("Europe/London".into()),
            traveller: None,
            stale_after_days: None,
        },
    )
    .await
    .unwrap();
    // Refused for the missing value proposition, but not for the missing name.
    let err = meetings::act(pool, &m.id, &anonymous, now()).await.unwrap_err();
    assert_eq!(err.code(), ErrorCode::Refused);
    assert_eq!(settings::get(pool).await.unwrap().home_time_zone.as_deref(), Some("Europe/London"));
}

#[tokio::test]
async fn lists_pick_meetings_by_their_own_local_date_in_time_order() {
    let dir = tempfile::tempdir().unwrap();
    let vault = create_passphrase_vault(&paths(dir.path())).await.vault;
    let pool = vault.pool();
    let account = add_account(&vault, "Nordlys Shipping").await;
    let at = |title: &str, start: &str, end: &str, zone: &str| MeetingInput {
        title: title.into(),
        starts_local: start.into(),
        ends_local: end.into(),
        time_zone: zone.into(),
        trip: Some("Asia, late November".into()),
        ..visit(&account.id)
    };
    // 08:00 in Tokyo on the 24th is still the 23rd in UTC.
    meetings::create(pool, &at("Tokyo breakfast", "2026-11-24T08:00", "2026-11-24T09:00", "Asia/Tokyo"), now())
        .await
        .unwrap();
    meetings::create(pool, &at("Oslo lunch", "2026-11-24T12:00", "2026-11-24T13:00", "Europe/Oslo"), now())
        .await
        .unwrap();
    // 20:00 in New York on the 23rd is the 24th in UTC.
    meetings::create(pool, &at("New York dinner", "2026-11-23T20:00", "2026-11-23T22:00", "America/New_York"), now())
        .await
        .unwrap();
    let day =
        MeetingQuery { from: Some("2026-11-24".into()), to: Some("2026-11-24".into()), ..MeetingQuery::default() };
    let titles: Vec<String> = meetings::list(pool, &day).await.unwrap().into_iter().map(|m| m.title).collect();
    assert_eq!(titles, ["Tokyo breakfast", "Oslo lunch"]);
    let all: Vec<String> =
        meetings::list(pool, &MeetingQuery::default()).await.unwrap().into_iter().map(|m| m.title).collect();
    assert_eq!(all, ["Tokyo breakfast", "New York dinner", "Oslo lunch"], "in time order across zones");
    let backwards =
        MeetingQuery { from: Some("2026-11-24".into()), to: Some("2026-11-20".into()), ..MeetingQuery::default() };
    assert_eq!(meetings::list(pool, &backwards).await.unwrap_err().field(), Some("to"));
    assert_eq!(meetings::trips(pool).await.unwrap(), ["Asia, late November"]);

    let (ics, count) = meetings::calendar(pool, &MeetingQuery::default(), now()).await.unwrap();
    assert_eq!(count, 3);
    for needle in [
        "BEGIN:VTIMEZONE\r\nTZID:Asia/Tokyo",
        "TZID:America/New_York",
        "DTSTART;TZID=Europe/Oslo:20261124T120000",
        "STATUS:TENTATIVE",
    ] {
        assert!(ics.contains(needle), "{needle} missing from:\n{ics}");
    }
}

#[tokio::test]
async fn a_meeting_goes_to_the_trash_and_back() {
    let dir = tempfile::tempdir().unwrap();
    let vault = create_passphrase_vault(&paths(dir.path())).await.vault;
    let pool = vault.pool();
    let account = add_account(&vault, "Nordlys Shipping").await;
    let m = meetings::create(pool, &visit(&account.id), now()).await.unwrap();
    trash::delete(pool, TrashKind::Meeting, &m.id, now()).await.unwrap();
    assert!(meetings::list(pool, &MeetingQuery::default()).await.unwrap().is_empty());
    let listed = trash::list(pool).await.unwrap();
    assert_eq!(listed.items[0].kind, TrashKind::Meeting);
    assert!(listed.items[0].label.contains("Quarterly visit"));
    trash::restore(pool, TrashKind::Meeting, &m.id, now()).await.unwrap();
    assert_eq!(meetings::list(pool, &MeetingQuery::default()).await.unwrap().len(), 1);
}
