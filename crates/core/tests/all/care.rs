//! Feedback and stories in a real encrypted vault, with a pinned clock: the
//! loop recorded step by step with who and when, deferred feedback coming back
//! on its day, thanks, refusals that name the field and change nothing, and
//! stories by department.

use crate::common;

use chrono::{Duration, NaiveDate};
use common::*;
use rapport_core::care::feedback::{
    FeedbackAction, FeedbackChannel, FeedbackDue, FeedbackState, FeedbackStep, ThanksHow,
};
use rapport_core::care::store::{self, FeedbackInput, StoryInput};
use rapport_core::care::story::{Failure, StoryKind};
use rapport_core::kinds::Side;
use rapport_core::people::{self, PersonInput};
use rapport_core::settings::{self, Settings};
use rapport_core::{ErrorCode, Vault};

fn today() -> NaiveDate {
    now().date_naive()
}

async fn setup() -> (tempfile::TempDir, Vault, String, String) {
    let dir = tempfile::tempdir().unwrap();
    let vault = create_passphrase_vault(&paths(dir.path())).await.vault;
    let account = add_account(&vault, "Nordlys Shipping").await;
    let input = PersonInput {
        side: Some(Side::Theirs),
        account_id: Some(account.id.clone()),
        name: "Kari Nordmann".into(),
        org_level: Some(3),
        ..PersonInput::default()
    };
    let kari = people::create(vault.pool(), &input, now()).await.unwrap();
    let name = Settings { your_name: Some("Helena Marsh".into()), ..Settings::default() };
    settings::update(vault.pool(), &name).await.unwrap();
    (dir, vault, account.id, kari.id)
}

fn said(account: &str, person: &str) -> FeedbackInput {
    FeedbackInput {
        account_id: account.into(),
        person_id: Some(person.into()),
        received_on: "2026-11-10".into(),
        channel: Some(FeedbackChannel::Meeting),
        text: "Your invoices never carry our purchase order number, so they sit in a queue for weeks.".into(),
        theme: Some("Invoicing".into()),
    }
}

fn step(action: FeedbackAction) -> FeedbackStep {
    FeedbackStep { action: Some(action), ..FeedbackStep::default() }
}

#[tokio::test]
async fn the_feedback_loop_is_recorded_and_deferred_feedback_comes_back_on_its_day() {
    let (_dir, vault, account, kari) = setup().await;
    let pool = vault.pool();
    let f = store::create_feedback(pool, &said(&account, &kari), now(), today()).await.unwrap();
    assert_eq!(f.state, FeedbackState::New);
    assert_eq!(f.person_name.as_deref(), Some("Kari Nordmann"));
    assert!(matches!(&f.due[..], [FeedbackDue::Thank { days: 13, .. }]), "13 days and nobody thanked them");

    let f = store::act(pool, &f.id, &step(FeedbackAction::Act), now(), today()).await.unwrap();
    assert_eq!(f.state, FeedbackState::Acting);
    let until = today() + Duration::days(14);
    let defer = FeedbackStep { reconsider_on: Some(until), ..step(FeedbackAction::Defer) };
    let f = store::act(pool, &f.id, &defer, now(), today()).await.unwrap();
    assert_eq!((f.state, f.reconsider_on.as_deref()), (FeedbackState::Deferred, Some("2026-12-07")));

    // Not due yet (apart from the thanks); on the day it comes back.
    let due = |day: NaiveDate| async move {
        store::feedback_due(pool, day)
            .await
            .unwrap()
            .into_iter()
            .flat_map(|(_, f)| f.due)
            .map(|d| match d {
                FeedbackDue::Reconsider { .. } => "reconsider",
                FeedbackDue::Thank { .. } => "thank",
            })
            .collect::<Vec<_>>()
    };
    assert_eq!(due(today()).await, ["thank"]);
    assert_eq!(due(until).await, ["reconsider", "thank"]);

    let f = store::thank(pool, &f.id, "2026-11-23", Some(ThanksHow::Handwritten), now(), until).await.unwrap();
    assert_eq!(f.thanked_how, Some(ThanksHow::Handwritten));
    assert_eq!(due(until).await, ["reconsider"]);
    let err = store::thank(pool, &f.id, "2026-11-23", Some(ThanksHow::Call), now(), until).await.unwrap_err();
    assert_eq!(err.code(), ErrorCode::Refused);

    let done = FeedbackStep {
        change: Some("Invoices now carry the PO number in the first line".into()),
        visible_on: Some(until),
        ..step(FeedbackAction::Complete)
    };
    let f = store::act(pool, &f.id, &done, now(), until).await.unwrap();
    assert_eq!(f.state, FeedbackState::Done);
    assert!(due(until).await.is_empty());

    let history = store::feedback_history(pool, &f.id).await.unwrap();
    let steps: Vec<(&str, &str, Option<&str>)> =
        history.iter().map(|e| (e.action.as_str(), e.actor.as_str(), e.note.as_deref())).collect();
    assert_eq!(
        steps,
        [
            ("act", "Helena Marsh", None),
            ("defer", "Helena Marsh", Some("until 7 Dec 2026")),
            ("thank", "Helena Marsh", Some("a handwritten letter on 23 Nov 2026")),
            ("complete", "Helena Marsh", Some("Invoices now carry the PO number in the first line")),
        ]
    );
}

#[tokio::test]
async fn bad_input_names_the_field_and_changes_nothing() {
    let (_dir, vault, account, kari) = setup().await;
    let pool = vault.pool();
    let cases: Vec<(FeedbackInput, &str)> = vec![
        (FeedbackInput { text: " ".into(), ..said(&account, &kari) }, "text"),
        (FeedbackInput { channel: None, ..said(&account, &kari) }, "channel"),
        (FeedbackInput { received_on: "2026-12-01".into(), ..said(&account, &kari) }, "received_on"),
        (FeedbackInput { received_on: "10/11/2026".into(), ..said(&account, &kari) }, "received_on"),
        (FeedbackInput { person_id: Some("nobody".into()), ..said(&account, &kari) }, "person_id"),
        (FeedbackInput { account_id: "nope".into(), ..said(&account, &kari) }, "account_id"),
    ];
    for (input, field) in cases {
        let err = store::create_feedback(pool, &input, now(), today()).await.unwrap_err();
        assert_eq!(err.field(), Some(field), "{err}");
    }
    assert!(store::list_feedback(pool, &account, today()).await.unwrap().is_empty());

    let f = store::create_feedback(pool, &said(&account, &kari), now(), today()).await.unwrap();
    let err = store::act(pool, &f.id, &step(FeedbackAction::Decline), now(), today()).await.unwrap_err();
    assert_eq!(err.field(), Some("reason"));
    let err = store::thank(pool, &f.id, "2026-11-01", Some(ThanksHow::Note), now(), today()).await.unwrap_err();
    assert_eq!(err.field(), Some("thanked_on"), "before they told us");
    let err = store::thank(pool, &f.id, "2026-11-20", None, now(), today()).await.unwrap_err();
    assert_eq!(err.field(), Some("thanked_how"));
    let again = store::get_feedback(pool, &f.id, today()).await.unwrap();
    assert_eq!(again, f, "refused steps leave it as it was");
    assert!(store::feedback_history(pool, &f.id).await.unwrap().is_empty());
}

/// Correcting when they told us cannot move it past what became of it: the
/// day they could see the change, the day we thanked them.
#[tokio::test]
async fn a_correction_cannot_put_feedback_after_its_change_or_its_thanks() {
    let (_dir, vault, account, kari) = setup().await;
    let pool = vault.pool();
    let f = store::create_feedback(pool, &said(&account, &kari), now(), today()).await.unwrap();
    store::thank(pool, &f.id, "2026-11-12", Some(ThanksHow::Note), now(), today()).await.unwrap();
    let later = FeedbackInput { received_on: "2026-11-13".into(), ..said(&account, &kari) };
    let err = store::update_feedback(pool, &f.id, &later, now(), today()).await.unwrap_err();
    assert_eq!(err.field(), Some("received_on"), "{err}");
    assert!(err.to_string().contains("after the day we thanked them"), "{err}");
    let same_day = FeedbackInput { received_on: "2026-11-12".into(), ..said(&account, &kari) };
    let f = store::update_feedback(pool, &f.id, &same_day, now(), today()).await.unwrap();
    assert_eq!(f.received_on, "2026-11-12", "told and thanked on the same day");

    let done = FeedbackStep {
        change: Some("Invoices now carry the PO number".into()),
        visible_on: Some("2026-11-15".parse().unwrap()),
        ..step(FeedbackAction::Complete)
    };
    let f = store::act(pool, &f.id, &done, now(), today()).await.unwrap();
    let mut after = FeedbackInput { received_on: "2026-11-16".into(), ..said(&account, &kari) };
    let err = store::update_feedback(pool, &f.id, &after, now(), today()).await.unwrap_err();
    assert_eq!(err.field(), Some("received_on"), "{err}");
    assert!(err.to_string().contains("after the day they could see the change"), "{err}");
    assert_eq!(store::get_feedback(pool, &f.id, today()).await.unwrap(), f, "refused: unchanged");
    after.received_on = "2026-11-09".into();
    assert_eq!(store::update_feedback(pool, &f.id, &after, now(), today()).await.unwrap().received_on, "2026-11-09");
}

#[tokio::test]
async fn stories_by_department_for_an_account_and_the_portfolio() {
    let (_dir, vault, account, _) = setup().await;
    let pool = vault.pool();
    let other = add_account(&vault, "Aurora Retail").await;
    let story = |account: &str, kind, department: &str, failure, resolved| StoryInput {
        account_id: account.into(),
        kind: Some(kind),
        title: "A story".into(),
        department: department.into(),
        occurred_on: "2026-06-01".into(),
        impact: Some("They said so at the board".into()),
        failure,
        resolved,
        lesson: None,
    };
    for input in [
        story(&account, StoryKind::Success, "Product development", None, true),
        story(&account, StoryKind::Horror, "Logistics", Some(Failure::Late), false),
        story(&other.id, StoryKind::Horror, "Logistics", Some(Failure::Short), true),
        story(&other.id, StoryKind::Success, "Customer service", None, true),
    ] {
        store::create_story(pool, &input, now(), today()).await.unwrap();
    }
    let err = store::create_story(
        pool,
        &story(&account, StoryKind::Success, "Sales", Some(Failure::Late), true),
        now(),
        today(),
    )
    .await
    .unwrap_err();
    assert_eq!(err.field(), Some("failure"));
    let err = store::create_story(pool, &story(&account, StoryKind::Horror, " ", None, false), now(), today())
        .await
        .unwrap_err();
    assert_eq!(err.field(), Some("department"));

    let mine = store::stories_by_department(pool, Some(&account), None).await.unwrap();
    let rows: Vec<(&str, u32, u32, u32)> =
        mine.iter().map(|d| (d.department.as_str(), d.success, d.horror, d.open_horror)).collect();
    assert_eq!(rows, [("Logistics", 0, 1, 1), ("Product development", 1, 0, 0)]);
    let all = store::stories_by_department(pool, None, None).await.unwrap();
    assert_eq!(all[0].department, "Logistics");
    assert_eq!((all[0].horror, all[0].open_horror), (2, 1));
    assert_eq!(store::list_stories(pool, None).await.unwrap().len(), 4);
}

#[tokio::test]
async fn an_accounts_care_scores_its_health_from_its_parts_and_keeps_the_trend() {
    use rapport_core::care::account::{self, OwnershipQuestion};
    use rapport_core::care::health::HealthPart;
    use rapport_core::interactions::{self, InteractionInput};
    use rapport_core::kinds::InteractionKind;
    let (_dir, vault, account, kari) = setup().await;
    let pool = vault.pool();
    // Strategic: every 30 days by default. Last contact 45 days ago.
    let met = InteractionInput {
        account_id: account.clone(),
        occurred_on: (today() - Duration::days(45)).to_string(),
        kind: Some(InteractionKind::Meeting),
        summary: "Quarterly review".into(),
        people: vec![kari.clone()],
        ..InteractionInput::default()
    };
    interactions::create(pool, &met, now()).await.unwrap();
    let care = account::account_care(pool, &account, today()).await.unwrap();
    assert_eq!((care.every_days, care.default_cadence), (30, true));
    assert_eq!(care.overdue.as_ref().map(|o| o.days_over), Some(15));
    let part =
        |care: &account::AccountCare, p: HealthPart| care.health.parts.iter().find(|x| x.part == p).unwrap().clone();
    assert_eq!(part(&care, HealthPart::Cadence).points, 10, "15 days over a 30-day target: half");
    assert_eq!(part(&care, HealthPart::Ownership).points, 0);
    assert_eq!(care.health.score, care.health.parts.iter().map(|p| p.points).sum::<u32>());
    assert_eq!(care.months.len(), 12);
    assert_eq!(care.months.iter().map(|m| m.management).sum::<u32>(), 1, "Kari is level 3");
    assert_eq!(care.ownership.len(), 6);
    assert!(care.ownership[0].asks.starts_with("Who owns this relationship"));

    // Answering the ownership check and relaxing the cadence raise the score; one point per day.
    let before = care.health.score;
    let care = account::answer_ownership(
        pool,
        &account,
        OwnershipQuestion::BothWin,
        Some("They cut downtime; we keep the service contract."),
        now(),
        today(),
    )
    .await
    .unwrap();
    assert_eq!(part(&care, HealthPart::Ownership).points, 2);
    let care = account::set_cadence(pool, &account, Some(60), now(), today()).await.unwrap();
    assert_eq!((care.every_days, care.default_cadence, care.overdue.is_none()), (60, false, true));
    assert!(care.health.score > before);
    assert_eq!(care.history.len(), 1, "one score a day");
    let tomorrow = account::account_care(pool, &account, today() + Duration::days(1)).await.unwrap();
    assert_eq!(tomorrow.history.len(), 2);
    assert_eq!(tomorrow.history[0].score, care.health.score);

    let err = account::set_cadence(pool, &account, Some(0), now(), today()).await.unwrap_err();
    assert_eq!(err.field(), Some("cadence_days"));
    let err = account::account_care(pool, "nope", today()).await.unwrap_err();
    assert_eq!(err.code(), ErrorCode::NotFound);
}

/// A last contact longer ago than the year of contacts the account page
/// reads is still its last contact: the page, its health and Today agree.
#[tokio::test]
async fn a_last_contact_over_a_year_ago_still_counts() {
    use rapport_core::care::account;
    use rapport_core::care::health::HealthPart;
    use rapport_core::care::today;
    use rapport_core::interactions::{self, InteractionInput};
    use rapport_core::kinds::InteractionKind;
    let (_dir, vault, account, kari) = setup().await;
    let pool = vault.pool();
    let met = InteractionInput {
        account_id: account.clone(),
        occurred_on: (today() - Duration::days(500)).to_string(),
        kind: Some(InteractionKind::Meeting),
        summary: "Contract signing".into(),
        people: vec![kari.clone()],
        ..InteractionInput::default()
    };
    interactions::create(pool, &met, now()).await.unwrap();
    let care = account::account_care(pool, &account, today()).await.unwrap();
    let overdue = care.overdue.expect("500 days on a 30-day target");
    assert_eq!(overdue.days_over, 470);
    assert_eq!(overdue.message, "last contact 500 days ago; the target is every 30 days, so 470 days overdue");
    let cadence = care.health.parts.iter().find(|p| p.part == HealthPart::Cadence).unwrap();
    assert_eq!((cadence.points, cadence.reason.as_str()), (0, "470 days past the target of every 30 days"));
    let view = today::today(pool, now(), today()).await.unwrap();
    assert_eq!(view.overdue_accounts.items[0].detail, overdue.message, "Today says the same");
}

/// Feedback responsiveness counts the last year's feedback, each late item
/// once, however many ways it is late.
#[tokio::test]
async fn feedback_responsiveness_counts_the_years_late_items_once() {
    use rapport_core::care::account;
    use rapport_core::care::health::HealthPart;
    let (_dir, vault, account, kari) = setup().await;
    let pool = vault.pool();
    let received = |days: i64| FeedbackInput {
        received_on: (today() - Duration::days(days)).to_string(),
        ..said(&account, &kari)
    };
    // Over a year old, never picked up nor thanked: outside the year.
    store::create_feedback(pool, &received(400), now(), today()).await.unwrap();
    // Three weeks old, never picked up nor thanked: one late item.
    store::create_feedback(pool, &received(21), now(), today()).await.unwrap();
    // Picked up and thanked in time.
    let kept = store::create_feedback(pool, &received(30), now(), today()).await.unwrap();
    store::act(pool, &kept.id, &step(FeedbackAction::Act), now(), today()).await.unwrap();
    let thanked = (today() - Duration::days(29)).to_string();
    store::thank(pool, &kept.id, &thanked, Some(ThanksHow::Note), now(), today()).await.unwrap();
    let care = account::account_care(pool, &account, today()).await.unwrap();
    let part = care.health.parts.iter().find(|p| p.part == HealthPart::Feedback).unwrap();
    assert_eq!(
        (part.points, part.reason.as_str()),
        (5, "of 2 pieces of feedback in the last year, 1 not picked up within two weeks and 1 not thanked")
    );
}

/// An upcoming meeting says its time zone the way people write it.
#[tokio::test]
async fn upcoming_meetings_name_their_time_zone_in_words() {
    use rapport_core::care::today;
    use rapport_core::meetings::{self, MeetingInput};
    let (_dir, vault, account, kari) = setup().await;
    let pool = vault.pool();
    let visit = MeetingInput {
        account_id: account.clone(),
        title: "Quarterly visit".into(),
        kind: Some(rapport_core::kinds::MeetingKind::Connecting),
        starts_local: "2026-11-26T09:30".into(),
        ends_local: "2026-11-26T11:00".into(),
        time_zone: "America/New_York".into(),
        value_proposition: Some("Fewer late parts".into()),
        attendees: vec![kari],
        ..MeetingInput::default()
    };
    meetings::create(pool, &visit, now()).await.unwrap();
    let view = today::today(pool, now(), today()).await.unwrap();
    assert_eq!(view.upcoming.items[0].detail, "draft, America/New York time");
}

/// "The next 7 days" on Today runs to the end of the seventh day: a meeting
/// a week from today is in it, later that day too; the eighth day and a
/// meeting earlier today are not.
#[tokio::test]
async fn the_next_week_includes_a_meeting_exactly_seven_days_out() {
    use rapport_core::care::today;
    use rapport_core::meetings::{self, MeetingInput};
    let (_dir, vault, account, kari) = setup().await;
    let pool = vault.pool();
    // The clock is pinned at Monday 23 November 2026, 09:30 UTC.
    assert_eq!(today().to_string(), "2026-11-23");
    for (title, starts, ends) in [
        ("Earlier today", "2026-11-23T08:00", "2026-11-23T09:00"),
        ("A week today, morning", "2026-11-30T08:00", "2026-11-30T09:00"),
        ("A week today, afternoon", "2026-11-30T16:00", "2026-11-30T17:00"),
        ("Eight days out", "2026-12-01T08:00", "2026-12-01T09:00"),
    ] {
        let input = MeetingInput {
            account_id: account.clone(),
            title: title.into(),
            kind: Some(rapport_core::kinds::MeetingKind::Connecting),
            starts_local: starts.into(),
            ends_local: ends.into(),
            time_zone: "Europe/Oslo".into(),
            attendees: vec![kari.clone()],
            ..MeetingInput::default()
        };
        meetings::create(pool, &input, now()).await.unwrap();
    }
    let view = today::today(pool, now(), today()).await.unwrap();
    let titles: Vec<_> = view.upcoming.items.iter().map(|i| i.title.as_str()).collect();
    assert_eq!(titles, ["A week today, morning", "A week today, afternoon"]);
    assert_eq!(view.upcoming.total, 2);
}

/// Today's "awaiting your review" counts the visits the executive has to
/// review (the Review badge's number); those sent back with a question wait
/// for the team and are listed apart.
#[tokio::test]
async fn awaiting_review_is_the_submitted_visits_and_challenged_ones_are_apart() {
    use rapport_core::accounts;
    use rapport_core::care::today;
    use rapport_core::meetings::{self, GateAction, GateRequest, MeetingInput};
    let (_dir, vault, account, kari) = setup().await;
    let pool = vault.pool();
    let owner = accounts::get(pool, &account).await.unwrap().owner_id.unwrap();
    let step = |action, body: Option<&str>| GateRequest {
        action: Some(action),
        body: body.map(Into::into),
        by: Some("Helena Marsh".into()),
        reply_to: None,
    };
    let mut ids = Vec::new();
    for title in ["First visit", "Second visit"] {
        let input = MeetingInput {
            account_id: account.clone(),
            title: title.into(),
            kind: Some(rapport_core::kinds::MeetingKind::Connecting),
            starts_local: "2026-12-10T09:30".into(),
            ends_local: "2026-12-10T11:00".into(),
            time_zone: "Europe/Oslo".into(),
            value_proposition: Some("Fewer late parts".into()),
            attendees: vec![kari.clone(), owner.clone()],
            ..MeetingInput::default()
        };
        let m = meetings::create(pool, &input, now()).await.unwrap();
        meetings::act(pool, &m.id, &step(GateAction::Submit, None), now()).await.unwrap();
        ids.push(m.id);
    }
    meetings::act(pool, &ids[1], &step(GateAction::Challenge, Some("Who signs the order?")), now()).await.unwrap();
    let view = today::today(pool, now(), today()).await.unwrap();
    assert_eq!(view.awaiting_review.total, 1);
    assert_eq!(view.awaiting_review.items[0].id, ids[0]);
    assert_eq!(view.challenged.total, 1);
    assert_eq!(view.challenged.items[0].id, ids[1]);
    assert_eq!(view.challenged.items[0].detail, "challenged: waiting for the team's answers");
}

#[tokio::test]
async fn today_lists_what_needs_someone_and_deferred_feedback_returns_on_its_day() {
    use rapport_core::accounts::{self, AccountInput};
    use rapport_core::care::today::{self, Open};
    use rapport_core::connections::{self, ConnectionInput};
    use rapport_core::meetings::{self, GateAction, GateRequest, MeetingInput};
    let (_dir, vault, account, kari) = setup().await;
    let pool = vault.pool();
    let view = today::today(pool, now(), today()).await.unwrap();
    assert!(view.awaiting_review.items.is_empty() && view.feedback.items.is_empty());
    assert_eq!(view.overdue_accounts.total, 0, "a new account is not overdue yet");

    // Nobody has been in touch for two months: the strategic account (30 days) is overdue.
    let later = today() + Duration::days(60);
    let view = today::today(pool, now() + Duration::days(60), later).await.unwrap();
    assert_eq!(view.overdue_accounts.items[0].title, "Nordlys Shipping");
    assert!(view.overdue_accounts.items[0].detail.contains("overdue"));

    // A tie kept every 14 days with no contact, a visit submitted for review, the review coming up.
    let ours = add_account(&vault, "Placeholder").await.owner_id.unwrap();
    let tie = ConnectionInput {
        ours_id: ours,
        theirs_id: kari.clone(),
        dimension: Some(rapport_core::kinds::Dimension::Formal),
        intermediary: None,
        strength: Some(3),
        cadence_days: Some(14),
        notes: None,
    };
    connections::create(pool, &tie, now()).await.unwrap();
    let mut visit = MeetingInput {
        account_id: account.clone(),
        title: "Quarterly visit".into(),
        kind: Some(rapport_core::kinds::MeetingKind::Connecting),
        starts_local: "2026-11-26T09:30".into(),
        ends_local: "2026-11-26T11:00".into(),
        time_zone: "Europe/Oslo".into(),
        value_proposition: Some("Fewer late parts".into()),
        attendees: vec![kari.clone()],
        ..MeetingInput::default()
    };
    let owner = accounts::get(pool, &account).await.unwrap().owner_id.unwrap();
    visit.attendees.push(owner);
    let m = meetings::create(pool, &visit, now()).await.unwrap();
    let submit = GateRequest { action: Some(GateAction::Submit), body: None, by: Some("Ines".into()), reply_to: None };
    meetings::act(pool, &m.id, &submit, now()).await.unwrap();
    let a = accounts::get(pool, &account).await.unwrap();
    let input = AccountInput {
        name: a.name.clone(),
        tier: Some(a.tier),
        owner_id: a.owner_id.clone(),
        next_customer_review: Some("2026-12-15".into()),
        ..AccountInput::default()
    };
    accounts::update(pool, &account, &input, now()).await.unwrap();

    // Feedback deferred to 1 December.
    let f = store::create_feedback(pool, &said(&account, &kari), now(), today()).await.unwrap();
    store::thank(pool, &f.id, "2026-11-11", Some(ThanksHow::Note), now(), today()).await.unwrap();
    let defer = FeedbackStep { reconsider_on: Some("2026-12-01".parse().unwrap()), ..step(FeedbackAction::Defer) };
    store::act(pool, &f.id, &defer, now(), today()).await.unwrap();

    let view = today::today(pool, now(), today()).await.unwrap();
    assert_eq!(view.awaiting_review.items.len(), 1);
    assert_eq!(
        (view.awaiting_review.items[0].open, view.awaiting_review.items[0].id.as_str()),
        (Open::Meeting, m.id.as_str())
    );
    assert_eq!(view.upcoming.items.len(), 1, "the visit is in the next week");
    assert!(view.feedback.items.is_empty(), "deferred and thanked: nothing to do yet");
    assert_eq!(view.reviews.items[0].detail, "annual customer review in 22 days");
    let ties_later = today::today(pool, now() + Duration::days(15), today() + Duration::days(15)).await.unwrap();
    assert_eq!(ties_later.overdue_ties.items[0].title, "Ines Okafor and Kari Nordmann");

    let december = "2026-12-01".parse().unwrap();
    let view = today::today(pool, now() + Duration::days(8), december).await.unwrap();
    assert_eq!(view.feedback.items.len(), 1);
    assert_eq!((view.feedback.items[0].open, view.feedback.items[0].id.as_str()), (Open::Feedback, f.id.as_str()));
    assert!(view.feedback.items[0].title.starts_with("Kari Nordmann: Your invoices"));
    assert!(view.feedback.items[0].detail.contains("time to look at it again"), "{:?}", view.feedback.items[0]);
}

async fn events_stored(vault: &Vault) -> i64 {
    sqlx::query_scalar("SELECT count(*) FROM feedback_events").fetch_one(vault.pool()).await.unwrap()
}

/// Feedback in the trash is gone from every screen (the account's list,
/// Today, its record, the health score) and comes back as it was; emptying
/// the trash takes the steps of its loop with it.
#[tokio::test]
async fn feedback_goes_to_the_trash_and_comes_back_with_its_loop() {
    use rapport_core::care::account;
    use rapport_core::care::health::HealthPart;
    use rapport_core::trash::{self, TrashKind};
    let (_dir, vault, account_id, kari) = setup().await;
    let pool = vault.pool();
    let f = store::create_feedback(pool, &said(&account_id, &kari), now(), today()).await.unwrap();
    store::act(pool, &f.id, &step(FeedbackAction::Act), now(), today()).await.unwrap();
    let kept = FeedbackInput { text: "Keep the same engineer on our site, please.".into(), ..said(&account_id, &kari) };
    let kept = store::create_feedback(pool, &kept, now(), today()).await.unwrap();
    store::thank(pool, &kept.id, "2026-11-11", Some(ThanksHow::Call), now(), today()).await.unwrap();
    let part =
        |care: &account::AccountCare| care.health.parts.iter().find(|p| p.part == HealthPart::Feedback).unwrap().points;
    let before = account::account_care(pool, &account_id, today()).await.unwrap();
    assert!(part(&before) < 10, "one of the two is unthanked");

    trash::delete(pool, TrashKind::Feedback, &f.id, now()).await.unwrap();
    let listed = store::list_feedback(pool, &account_id, today()).await.unwrap();
    assert_eq!(listed.iter().map(|x| x.id.as_str()).collect::<Vec<_>>(), [kept.id.as_str()]);
    assert_eq!(store::get_feedback(pool, &f.id, today()).await.unwrap_err().code(), ErrorCode::NotFound);
    assert!(store::feedback_due(pool, today()).await.unwrap().is_empty(), "nothing left to thank");
    assert!(store::feedback_history(pool, &f.id).await.unwrap().is_empty());
    let err = store::act(pool, &f.id, &step(FeedbackAction::Reopen), now(), today()).await.unwrap_err();
    assert_eq!(err.code(), ErrorCode::NotFound, "no steps on binned feedback");
    let after = account::account_care(pool, &account_id, today()).await.unwrap();
    assert_eq!(part(&after), 10, "the binned item no longer counts: {:?}", after.health.parts);
    let err = trash::delete(pool, TrashKind::Feedback, &f.id, now()).await.unwrap_err();
    assert_eq!(err.code(), ErrorCode::NotFound, "already in the trash");

    let items = trash::list(pool).await.unwrap();
    assert_eq!(items.rows_total, 1);
    let item = &items.items[0];
    assert_eq!(item.kind, TrashKind::Feedback);
    assert_eq!(item.label, "Your invoices never carry our purchase order number, so…");
    assert_eq!(item.account_name.as_deref(), Some("Nordlys Shipping"));

    trash::restore(pool, TrashKind::Feedback, &f.id, now()).await.unwrap();
    let back = store::get_feedback(pool, &f.id, today()).await.unwrap();
    assert_eq!((back.state, back.text.as_str()), (FeedbackState::Acting, f.text.as_str()));
    assert_eq!(store::feedback_history(pool, &f.id).await.unwrap().len(), 1, "its loop came back with it");

    // Not into an account in the trash; with it, it comes back.
    trash::delete(pool, TrashKind::Feedback, &f.id, now()).await.unwrap();
    trash::delete(pool, TrashKind::Account, &account_id, now()).await.unwrap();
    let listed = trash::list(pool).await.unwrap();
    assert_eq!(
        listed.items.iter().map(|i| i.kind).collect::<Vec<_>>(),
        [TrashKind::Account],
        "feedback inside a binned account is not listed on its own"
    );
    assert!(store::feedback_due(pool, today() + Duration::days(30)).await.unwrap().is_empty());
    assert!(store::list_feedback(pool, &account_id, today()).await.unwrap().is_empty(), "it went with its account");
    assert_eq!(store::get_feedback(pool, &kept.id, today()).await.unwrap_err().code(), ErrorCode::NotFound);
    let err = store::thank(pool, &kept.id, "2026-11-12", Some(ThanksHow::Note), now(), today()).await.unwrap_err();
    assert_eq!(err.code(), ErrorCode::NotFound, "no steps on feedback of a binned account");
    let err = trash::restore(pool, TrashKind::Feedback, &f.id, now()).await.unwrap_err();
    assert_eq!(err.field(), Some("trash"));
    assert!(err.to_string().contains("its account Nordlys Shipping is in the trash too"), "{err}");
    trash::restore(pool, TrashKind::Account, &account_id, now()).await.unwrap();
    assert_eq!(store::list_feedback(pool, &account_id, today()).await.unwrap().len(), 1, "the kept one is back");

    // Emptying removes the binned feedback and the steps of its loop.
    assert_eq!(events_stored(&vault).await, 2);
    assert_eq!(trash::empty(pool, now()).await.unwrap(), 1);
    assert_eq!(events_stored(&vault).await, 1, "only the kept one's thank-you");
    assert_eq!(store::list_feedback(pool, &account_id, today()).await.unwrap().len(), 1);
    assert_eq!(trash::restore(pool, TrashKind::Feedback, &f.id, now()).await.unwrap_err().code(), ErrorCode::NotFound);
}

/// A story in the trash leaves the account's stories, the departments and
/// the horror stories the health score counts; it comes back as it was.
#[tokio::test]
async fn stories_go_to_the_trash_and_come_back() {
    use rapport_core::care::account;
    use rapport_core::care::health::HealthPart;
    use rapport_core::trash::{self, TrashKind};
    let (_dir, vault, account_id, _) = setup().await;
    let pool = vault.pool();
    let horror = StoryInput {
        account_id: account_id.clone(),
        kind: Some(StoryKind::Horror),
        title: "The spare crane motor went to the wrong port".into(),
        department: "Logistics".into(),
        occurred_on: "2026-10-02".into(),
        failure: Some(Failure::Late),
        resolved: false,
        ..StoryInput::default()
    };
    let horror = store::create_story(pool, &horror, now(), today()).await.unwrap();
    let success = StoryInput {
        kind: Some(StoryKind::Success),
        title: "Remote diagnostics saved a night call-out".into(),
        department: "Engineering".into(),
        failure: None,
        resolved: true,
        account_id: account_id.clone(),
        occurred_on: "2026-09-01".into(),
        ..StoryInput::default()
    };
    store::create_story(pool, &success, now(), today()).await.unwrap();
    let stories_part =
        |care: &account::AccountCare| care.health.parts.iter().find(|p| p.part == HealthPart::Stories).unwrap().points;
    assert_eq!(stories_part(&account::account_care(pool, &account_id, today()).await.unwrap()), 5);

    trash::delete(pool, TrashKind::Story, &horror.id, now()).await.unwrap();
    let titles: Vec<String> =
        store::list_stories(pool, Some(&account_id)).await.unwrap().into_iter().map(|s| s.title).collect();
    assert_eq!(titles, ["Remote diagnostics saved a night call-out"]);
    let departments = store::stories_by_department(pool, None, None).await.unwrap();
    assert_eq!(departments.iter().map(|d| d.department.as_str()).collect::<Vec<_>>(), ["Engineering"]);
    assert_eq!(stories_part(&account::account_care(pool, &account_id, today()).await.unwrap()), 10);
    let err = store::update_story(pool, &horror.id, &StoryInput::default(), now(), today()).await.unwrap_err();
    assert_eq!(err.field(), Some("kind"), "input is checked first");
    let items = trash::list(pool).await.unwrap().items;
    assert_eq!(items.len(), 1);
    assert_eq!(
        (items[0].kind, items[0].label.as_str(), items[0].account_name.as_deref()),
        (TrashKind::Story, "The spare crane motor went to the wrong port", Some("Nordlys Shipping"))
    );

    trash::delete(pool, TrashKind::Account, &account_id, now()).await.unwrap();
    let err = trash::restore(pool, TrashKind::Story, &horror.id, now()).await.unwrap_err();
    assert!(err.to_string().contains("its account Nordlys Shipping is in the trash too"), "{err}");
    assert!(store::list_stories(pool, None).await.unwrap().is_empty(), "a binned account's stories are hidden");
    let edit = StoryInput { title: "Renamed".into(), ..success.clone() };
    let err = store::update_story(
        pool,
        &back_id(&vault, "Remote diagnostics saved a night call-out").await,
        &edit,
        now(),
        today(),
    )
    .await
    .unwrap_err();
    assert_eq!(err.code(), ErrorCode::NotFound, "not editable while its account is in the trash");
    trash::restore(pool, TrashKind::Account, &account_id, now()).await.unwrap();
    trash::restore(pool, TrashKind::Story, &horror.id, now()).await.unwrap();
    let back = store::list_stories(pool, Some(&account_id)).await.unwrap();
    assert_eq!(back.len(), 2);
    assert!(back.iter().any(|s| s.id == horror.id && s.failure == Some(Failure::Late) && !s.resolved));
    assert_eq!(trash::empty(pool, now()).await.unwrap(), 0);
    assert_eq!(store::list_stories(pool, None).await.unwrap().len(), 2);
}

/// The id of the story with this title, in the trash or not.
async fn back_id(vault: &Vault, title: &str) -> String {
    sqlx::query_scalar("SELECT id FROM stories WHERE title = ?1").bind(title).fetch_one(vault.pool()).await.unwrap()
}
