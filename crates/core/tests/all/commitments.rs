//! Commitments in a real encrypted vault, with a pinned clock: one made in a
//! meeting shows in the account's next brief, on Today for the one of ours who
//! made it, in health and in the portfolio; kept, it counts for the account.
//! Refusals name the field and change nothing; the book carries them.

use crate::common;
use crate::common::poppler;

use chrono::{Duration, NaiveDate};
use common::*;
use rapport_core::book;
use rapport_core::brief::{self, BriefOptions};
use rapport_core::care::{account, portfolio, today as todays};
use rapport_core::changes;
use rapport_core::commitments::{self, CommitmentInput, CommitmentOutcome, CommitmentQuery, CommitmentStatus, Side};
use rapport_core::interactions::{self, InteractionInput};
use rapport_core::kinds::{Function, InteractionKind, MeetingKind};
use rapport_core::meetings::{self, MeetingInput};
use rapport_core::people::{self, Person, PersonInput};
use rapport_core::settings::{self, Settings};
use rapport_core::{Error, ErrorCode, Vault};

fn today() -> NaiveDate {
    now().date_naive()
}

struct Book {
    _dir: tempfile::TempDir,
    vault: Vault,
    account: String,
    other: String,
    helena: Person,
    kari: Person,
    meeting: String,
}

async fn person(vault: &Vault, account: Option<&str>, name: &str) -> Person {
    let input = PersonInput {
        side: Some(if account.is_some() { Side::Theirs } else { Side::Ours }),
        account_id: account.map(str::to_string),
        name: name.into(),
        org_level: Some(2),
        function: account.is_none().then_some(Function::Executive),
        ..PersonInput::default()
    };
    people::create(vault.pool(), &input, now()).await.unwrap()
}

async fn setup() -> Book {
    let dir = tempfile::tempdir().unwrap();
    let vault = create_passphrase_vault(&paths(dir.path())).await.vault;
    let account = add_account(&vault, "Nordlys Shipping").await.id;
    let other = add_account(&vault, "Halvorsen Freight").await.id;
    let helena = person(&vault, None, "Helena Marsh").await;
    let kari = person(&vault, Some(&account), "Kari Nordmann").await;
    settings::update(vault.pool(), &Settings { your_name: Some("Helena Marsh".into()), ..Settings::default() })
        .await
        .unwrap();
    let input = MeetingInput {
        account_id: account.clone(),
        title: "Pilot scope".into(),
        kind: Some(MeetingKind::Negotiation),
        starts_local: "2026-12-02T10:00".into(),
        ends_local: "2026-12-02T11:30".into(),
        time_zone: "Europe/Oslo".into(),
        attendees: vec![helena.id.clone(), kari.id.clone()],
        ..MeetingInput::default()
    };
    let meeting = meetings::create(vault.pool(), &input, now()).await.unwrap().id;
    Book { _dir: dir, vault, account, other, helena, kari, meeting }
}

fn promise(b: &Book, what: &str, due: Option<&str>) -> CommitmentInput {
    CommitmentInput {
        account_id: b.account.clone(),
        side: Some(Side::Ours),
        by_person_id: Some(b.helena.id.clone()),
        to_person_id: Some(b.kari.id.clone()),
        what: what.into(),
        made_on: "2026-11-10".into(),
        due_on: due.map(str::to_string),
        meeting_id: Some(b.meeting.clone()),
        ..CommitmentInput::default()
    }
}

fn field(e: Error) -> Option<&'static str> {
    assert_eq!(e.code(), ErrorCode::Validation, "{e}");
    e.field()
}

#[tokio::test]
async fn a_promise_made_in_a_meeting_shows_in_the_brief_on_today_in_health_and_in_the_portfolio() {
    let b = setup().await;
    let pool = b.vault.pool();
    let late = commitments::create(
        pool,
        &promise(&b, "Send the fuel model for two routes", Some("2026-11-20")),
        now(),
        today(),
    )
    .await
    .unwrap();
    assert_eq!(late.status, CommitmentStatus::Late);
    assert_eq!(late.days_late, Some(3));
    assert_eq!(
        late.sentence,
        "Helena Marsh promised Kari Nordmann: Send the fuel model for two routes, by 20 Nov 2026"
    );
    let theirs = CommitmentInput {
        side: Some(Side::Theirs),
        by_person_id: Some(b.kari.id.clone()),
        to_person_id: None,
        what: "Share two winters of fuel data".into(),
        due_on: None,
        ..promise(&b, "", None)
    };
    let theirs = commitments::create(pool, &theirs, now(), today()).await.unwrap();
    assert_eq!(theirs.status, CommitmentStatus::Open);

    // The change log has them, under the account.
    let logged = changes::history(pool, "commitment", &late.id).await.unwrap();
    assert_eq!(logged.len(), 1, "{logged:?}");
    assert_eq!(logged[0].account_id.as_deref(), Some(b.account.as_str()));

    // The meeting's list, late first.
    let query = CommitmentQuery { meeting_id: Some(b.meeting.clone()), ..CommitmentQuery::default() };
    let listed = commitments::list(pool, &query, today()).await.unwrap();
    assert_eq!(listed.iter().map(|c| c.what.as_str()).collect::<Vec<_>>(), [late.what.as_str(), theirs.what.as_str()]);

    // Today, for Helena: ours only.
    let view = todays::today(pool, now(), today()).await.unwrap();
    assert_eq!(view.promises.total, 1);
    assert_eq!(view.promises.items[0].title, late.sentence);
    assert!(view.promises.items[0].detail.contains("late by 3 days"), "{:?}", view.promises.items[0]);
    // Someone else's name in Settings: not theirs to keep.
    settings::update(pool, &Settings { your_name: Some("Ola Berg".into()), ..Settings::default() }).await.unwrap();
    assert_eq!(todays::today(pool, now(), today()).await.unwrap().promises.total, 0);
    settings::update(pool, &Settings { your_name: Some("helena marsh".into()), ..Settings::default() }).await.unwrap();
    assert_eq!(todays::today(pool, now(), today()).await.unwrap().promises.total, 1, "names match in any case");

    // Health: the late promise counts against.
    let care = account::account_care(pool, &b.account, today()).await.unwrap();
    let reason = care.health.parts.iter().find(|p| p.part.as_str() == "feedback").unwrap();
    assert!(reason.reason.contains("1 promise late"), "{reason:?}");
    assert_eq!(reason.points, 0, "the one thing we owed them is late");

    // The portfolio counts what is owed and what is late.
    let p = portfolio::portfolio(pool, now(), today()).await.unwrap();
    let row = p.rows.iter().find(|r| r.account_id == b.account).unwrap();
    assert_eq!((row.promises_open, row.promises_late), (2, 1));
    let other = p.rows.iter().find(|r| r.account_id == b.other).unwrap();
    assert_eq!((other.promises_open, other.promises_late), (0, 0));

    // The next brief for the account lists both.
    let dir = tempfile::tempdir().unwrap();
    let pdf = dir.path().join("brief.pdf");
    let options = BriefOptions::new(now(), None);
    brief::export_brief(pool, &b.meeting, &pdf, &options).await.unwrap();
    let text = poppler::pages_text(&pdf).join("\n").split_whitespace().collect::<Vec<_>>().join(" ");
    assert!(text.contains("What was promised"), "{text}");
    assert!(text.contains("Send the fuel model for two routes"), "{text}");
    assert!(text.contains("Share two winters of fuel data"), "{text}");
    assert!(text.contains("late by 3 days"), "{text}");
    assert!(text.contains("Still owed: 1 by us, 1 by them; 1 is late."), "{text}");

    // Kept: off Today and the brief, and it counts for the account.
    let later = now() + Duration::hours(1);
    let kept =
        commitments::settle(pool, &late.id, &CommitmentOutcome::Keep { on: "2026-11-22".into() }, later, today())
            .await
            .unwrap();
    assert_eq!((kept.status, kept.kept_on.as_deref()), (CommitmentStatus::Kept, Some("2026-11-22")));
    assert_eq!(todays::today(pool, now(), today()).await.unwrap().promises.total, 0);
    let care = account::account_care(pool, &b.account, today()).await.unwrap();
    let reason = care.health.parts.iter().find(|p| p.part.as_str() == "feedback").unwrap();
    assert!(reason.reason.contains("1 promise kept"), "{reason:?}");
    assert_eq!(reason.points, 10);
    let owed = commitments::list(
        pool,
        &CommitmentQuery { account_id: Some(b.account.clone()), open_only: true, ..CommitmentQuery::default() },
        today(),
    )
    .await
    .unwrap();
    assert_eq!(owed.iter().map(|c| c.id.as_str()).collect::<Vec<_>>(), [theirs.id.as_str()]);
    let logged = changes::history(pool, "commitment", &late.id).await.unwrap();
    assert_eq!(logged.len(), 2, "made, then kept: {logged:?}");

    // The change list since a day before both were made says so, the kept one on its day.
    let since = BriefOptions { since: Some(chrono::NaiveDate::from_ymd_opt(2026, 1, 1).unwrap()), ..options };
    brief::export_brief(pool, &b.meeting, &pdf, &since).await.unwrap();
    let text = poppler::pages_text(&pdf).join("\n").split_whitespace().collect::<Vec<_>>().join(" ");
    assert!(text.contains("Promise made"), "{text}");
    assert!(text.contains("22 Nov 2026: Promise kept"), "{text}");
    assert!(!text.contains("Promise late"), "kept, so no longer late: {text}");
}

#[tokio::test]
async fn refusals_name_the_field_and_change_nothing() {
    let b = setup().await;
    let pool = b.vault.pool();
    let stranger = person(&b.vault, Some(&b.other), "Dana Whitfield").await;
    let elsewhere = MeetingInput {
        account_id: b.other.clone(),
        title: "Elsewhere".into(),
        kind: Some(MeetingKind::Negotiation),
        starts_local: "2026-12-03T10:00".into(),
        ends_local: "2026-12-03T11:00".into(),
        time_zone: "Europe/Oslo".into(),
        ..MeetingInput::default()
    };
    let elsewhere = meetings::create(pool, &elsewhere, now()).await.unwrap().id;
    type Change = Box<dyn Fn(&mut CommitmentInput)>;
    let kari = b.kari.id.clone();
    let rows: Vec<(Change, &str)> = vec![
        (Box::new(|i| i.what = " ".into()), "what"),
        (Box::new(|i| i.due_on = Some("2026-11-01".into())), "due_on"),
        (Box::new(|i| i.side = Some(Side::Theirs)), "by_person_id"),
        (
            Box::new(move |i| {
                i.by_person_id = Some(kari.clone());
                i.to_person_id = None
            }),
            "by_person_id",
        ),
        (Box::new(move |i| i.to_person_id = Some(stranger.id.clone())), "to_person_id"),
        (Box::new(move |i| i.meeting_id = Some(elsewhere.clone())), "meeting_id"),
        (Box::new(|i| i.account_id = "no-such-account".into()), "account_id"),
    ];
    for (change, expected) in rows {
        let mut input = promise(&b, "Send the fuel model", Some("2026-12-01"));
        change(&mut input);
        let err = commitments::create(pool, &input, now(), today()).await.unwrap_err();
        assert_eq!(field(err), Some(expected), "{input:?}");
    }
    let all = commitments::list(pool, &CommitmentQuery::default(), today()).await.unwrap();
    assert!(all.is_empty(), "nothing written: {all:?}");

    // Several at once: one bad line and none is written.
    let good = promise(&b, "Send the fuel model", None);
    let bad = CommitmentInput { what: String::new(), ..good.clone() };
    let err = commitments::create_many(pool, &[good.clone(), bad], now(), today()).await.unwrap_err();
    assert_eq!(field(err), Some("what"));
    assert!(commitments::list(pool, &CommitmentQuery::default(), today()).await.unwrap().is_empty());

    let c = commitments::create(pool, &good, now(), today()).await.unwrap();
    let keep_early = CommitmentOutcome::Keep { on: "2026-11-09".into() };
    assert_eq!(
        field(commitments::settle(pool, &c.id, &keep_early, now(), today()).await.unwrap_err()),
        Some("kept_on")
    );
    let drop_blank = CommitmentOutcome::Drop { reason: "  ".into() };
    assert_eq!(
        field(commitments::settle(pool, &c.id, &drop_blank, now(), today()).await.unwrap_err()),
        Some("dropped_reason")
    );
    let dropped = CommitmentOutcome::Drop { reason: "They chose to wait for spring".into() };
    let c = commitments::settle(pool, &c.id, &dropped, now(), today()).await.unwrap();
    assert_eq!(c.status, CommitmentStatus::Dropped);
    assert_eq!(c.standing(), "dropped: They chose to wait for spring");
    let missing = commitments::settle(pool, "nope", &CommitmentOutcome::Reopen, now(), today()).await.unwrap_err();
    assert_eq!(missing.code(), ErrorCode::NotFound);
}

#[tokio::test]
async fn lines_typed_under_an_interaction_are_written_together_and_the_book_carries_them() {
    let b = setup().await;
    let pool = b.vault.pool();
    let talk = InteractionInput {
        account_id: b.account.clone(),
        occurred_on: "2026-11-20".into(),
        kind: Some(InteractionKind::Call),
        summary: "Call about the pilot".into(),
        people: vec![b.helena.id.clone(), b.kari.id.clone()],
        ..InteractionInput::default()
    };
    let talk = interactions::create(pool, &talk, now()).await.unwrap();
    let lines = [
        CommitmentInput {
            interaction_id: Some(talk.id.clone()),
            meeting_id: None,
            made_on: "2026-11-20".into(),
            ..promise(&b, "Book the depot visit", Some("2026-12-10"))
        },
        CommitmentInput {
            side: Some(Side::Theirs),
            by_person_id: None,
            to_person_id: Some(b.helena.id.clone()),
            interaction_id: Some(talk.id.clone()),
            meeting_id: None,
            made_on: "2026-11-20".into(),
            ..promise(&b, "Name a sponsor for the pilot", None)
        },
    ];
    let made = commitments::create_many(pool, &lines, now(), today()).await.unwrap();
    assert_eq!(made.len(), 2);
    assert_eq!(made[1].sentence, "They promised Helena Marsh: Name a sponsor for the pilot");
    commitments::settle(pool, &made[0].id, &CommitmentOutcome::Keep { on: String::new() }, now(), today())
        .await
        .unwrap();

    let mut file = Vec::new();
    let counts = book::export(pool, &mut file, now()).await.unwrap();
    assert_eq!(counts.commitments, 2);
    let dir = tempfile::tempdir().unwrap();
    let target = create_passphrase_vault(&paths(dir.path())).await.vault;
    let counts = book::import(target.pool(), std::io::Cursor::new(file), now()).await.unwrap();
    assert_eq!(counts.commitments, 2);
    let query = CommitmentQuery { interaction_id: Some(talk.id.clone()), ..CommitmentQuery::default() };
    let before = commitments::list(pool, &query, today()).await.unwrap();
    let after = commitments::list(target.pool(), &query, today()).await.unwrap();
    assert_eq!(before, after);
    assert_eq!(after[0].kept_on.as_deref(), Some("2026-11-23"), "kept today by default");
}
