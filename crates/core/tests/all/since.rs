//! "Since your last visit": edits made through the core (as the app makes
//! them) between two dated meetings come back as the brief's change list,
//! each on the day it was made, and nothing else does.

use crate::common::poppler;
use crate::common::*;

use chrono::{DateTime, NaiveDate, TimeZone, Utc};
use rapport_core::brief::since::{ChangeKind, SinceReason};
use rapport_core::brief::{self, BriefOptions};
use rapport_core::connections::{self, ConnectionInput};
use rapport_core::interactions::{self, InteractionInput};
use rapport_core::kinds::{Dimension, Function, InteractionKind, MeetingKind, Side};
use rapport_core::meetings::{self, Meeting, MeetingInput};
use rapport_core::people::{self, Person, PersonInput};
use rapport_core::settings::{self, Settings};
use rapport_core::{ErrorCode, Vault};

fn on(month: u32, day: u32) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, month, day, 14, 0, 0).unwrap()
}

fn day(month: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, month, day).unwrap()
}

async fn person(vault: &Vault, account: Option<&str>, name: &str, title: &str, level: u8, at: DateTime<Utc>) -> Person {
    let input = PersonInput {
        side: Some(if account.is_some() { Side::Theirs } else { Side::Ours }),
        account_id: account.map(str::to_string),
        name: name.into(),
        title: Some(title.into()),
        function: account.is_none().then_some(Function::Executive),
        org_level: Some(level),
        ..PersonInput::default()
    };
    people::create(vault.pool(), &input, at).await.unwrap()
}

async fn visit(vault: &Vault, account: &str, title: &str, start: &str, attendees: &[&Person]) -> Meeting {
    let input = MeetingInput {
        account_id: account.into(),
        title: title.into(),
        kind: Some(MeetingKind::BusinessReview),
        starts_local: format!("{start}T10:00"),
        ends_local: format!("{start}T11:30"),
        time_zone: "Europe/London".into(),
        attendees: attendees.iter().map(|p| p.id.clone()).collect(),
        ..MeetingInput::default()
    };
    meetings::create(vault.pool(), &input, on(2, 1)).await.unwrap()
}

struct Story {
    vault: Vault,
    next: Meeting,
}

/// A book set up on 1 February; a visit on 3 March; edits on both sides of
/// it; the next visit on 1 December.
async fn story(dir: &std::path::Path) -> Story {
    let vault = create_passphrase_vault(&paths(dir)).await.vault;
    let account = add_account(&vault, "Nordlys Shipping").await.id;
    let ceo = person(&vault, None, "Marit Olsen", "Chief Executive", 1, on(2, 1)).await;
    let cfo = person(&vault, Some(&account), "Henrik Dahl", "Finance Director", 2, on(2, 1)).await;
    let coo = person(&vault, Some(&account), "Åsa Lindqvist", "Head of Operations", 3, on(2, 1)).await;
    let tie = ConnectionInput {
        ours_id: ceo.id.clone(),
        theirs_id: cfo.id.clone(),
        dimension: Some(Dimension::Personal),
        strength: Some(4),
        ..ConnectionInput::default()
    };
    let tie = connections::create(vault.pool(), &tie, on(2, 1)).await.unwrap();
    visit(&vault, &account, "Spring review", "2026-03-03", &[&ceo, &cfo]).await;
    // A visit without any of ours is not "your" last visit.
    visit(&vault, &account, "Ops walk-through", "2026-09-09", &[&coo]).await;
    let next = visit(&vault, &account, "Winter review", "2026-12-01", &[&ceo, &cfo, &coo]).await;

    // Before the visit: known on the day, not news since.
    let edit = |p: &Person| PersonInput::from(p);
    people::update(vault.pool(), &coo.id, &PersonInput { org_level: Some(2), ..edit(&coo) }, on(3, 2)).await.unwrap();
    // After it.
    let cfo = people::update(
        vault.pool(),
        &cfo.id,
        &PersonInput { title: Some("Chief Financial Officer".into()), ..edit(&cfo) },
        on(4, 10),
    )
    .await
    .unwrap();
    let weaker = ConnectionInput {
        ours_id: tie.ours_id.clone(),
        theirs_id: tie.theirs_id.clone(),
        dimension: Some(tie.dimension),
        strength: Some(2),
        ..ConnectionInput::default()
    };
    connections::update(vault.pool(), &tie.id, &weaker, on(5, 5)).await.unwrap();
    person(&vault, Some(&account), "Nils Berg", "Fleet Manager", 4, on(6, 1)).await;
    let coo = people::get(vault.pool(), &coo.id).await.unwrap();
    people::update(vault.pool(), &coo.id, &PersonInput { active: Some(false), ..edit(&coo) }, on(6, 15)).await.unwrap();
    // A level changed and changed back in the window says nothing.
    for (level, at) in [(1, on(7, 1)), (2, on(7, 2))] {
        people::update(vault.pool(), &cfo.id, &PersonInput { org_level: Some(level), ..edit(&cfo) }, at).await.unwrap();
    }
    let call = InteractionInput {
        account_id: account.clone(),
        occurred_on: "2026-11-11".into(),
        kind: Some(InteractionKind::Call),
        summary: "Fuel data is on its way.".into(),
        people: vec![ceo.id.clone(), cfo.id.clone()],
        ..InteractionInput::default()
    };
    interactions::create(vault.pool(), &call, on(11, 11)).await.unwrap();
    Story { vault, next }
}

fn options() -> BriefOptions {
    BriefOptions::new(now(), Some(chrono_tz::Europe::London))
}

#[tokio::test]
async fn the_edits_since_the_last_visit_are_the_lines_each_on_its_day() {
    let dir = tempfile::tempdir().unwrap();
    let s = story(dir.path()).await;
    let since = brief::since_last_visit(s.vault.pool(), &s.next.id, &options()).await.unwrap().unwrap();
    assert_eq!(since.since, day(3, 3));
    assert!(matches!(&since.reason, SinceReason::LastVisit { title, .. } if title == "Spring review"));
    let lines: Vec<(NaiveDate, ChangeKind, &str)> =
        since.lines.iter().map(|l| (l.on, l.kind, l.text.as_str())).collect();
    assert_eq!(
        lines,
        [
            (
                day(4, 10),
                ChangeKind::Title,
                "Henrik Dahl's title changed from Finance Director to Chief Financial Officer"
            ),
            (day(5, 5), ChangeKind::TieWeakened, "Tie weakened: Marit Olsen – Henrik Dahl, 4/5 to 2/5"),
            (day(6, 1), ChangeKind::Joined, "Nils Berg, Fleet Manager joined our records of Nordlys Shipping"),
            (day(6, 15), ChangeKind::Left, "Åsa Lindqvist left Nordlys Shipping"),
        ]
    );

    let pdf = dir.path().join("brief.pdf");
    brief::export_brief(s.vault.pool(), &s.next.id, &pdf, &options()).await.unwrap();
    if let Some(keep) = std::env::var_os("RAPPORT_KEEP_PDF") {
        std::fs::copy(&pdf, std::path::Path::new(&keep).join("since.pdf")).unwrap();
    }
    let first = poppler::page_text(&pdf, 1).split_whitespace().collect::<Vec<_>>().join(" ");
    for needle in [
        "Since your last visit: 3 Mar 2026, Spring review",
        "10 Apr 2026: Henrik Dahl's title changed from Finance Director to Chief Financial Officer",
        "15 Jun 2026: Åsa Lindqvist left Nordlys Shipping",
        "Henrik Dahl, Chief Financial Officer (title as of Apr 2026, stale)",
        "Last contact 12 days ago by Marit Olsen (call, 2026-11-11)",
    ] {
        assert!(first.contains(needle), "page 1 lacks {needle:?}:\n{first}");
    }
    assert!(!first.contains("Changes since"), "four lines fit on page 1:\n{first}");
}

#[tokio::test]
async fn a_chosen_day_and_the_empty_list() {
    let dir = tempfile::tempdir().unwrap();
    let s = story(dir.path()).await;
    let from_june = BriefOptions { since: Some(day(6, 1)), ..options() };
    let since = brief::since_last_visit(s.vault.pool(), &s.next.id, &from_june).await.unwrap().unwrap();
    assert_eq!(since.reason, SinceReason::Chosen);
    let kinds: Vec<ChangeKind> = since.lines.iter().map(|l| l.kind).collect();
    assert_eq!(kinds, [ChangeKind::Joined, ChangeKind::Left]);

    let quiet = BriefOptions { since: Some(day(11, 1)), ..options() };
    let pdf = dir.path().join("quiet.pdf");
    brief::export_brief(s.vault.pool(), &s.next.id, &pdf, &quiet).await.unwrap();
    let first = poppler::page_text(&pdf, 1).split_whitespace().collect::<Vec<_>>().join(" ");
    assert!(first.contains("Since 1 Nov 2026 Nothing has changed since 1 November 2026."), "{first}");
}

#[tokio::test]
async fn stale_facts_are_marked_past_the_threshold_the_user_sets() {
    let dir = tempfile::tempdir().unwrap();
    let s = story(dir.path()).await;
    let pool = s.vault.pool();
    let err = settings::update(pool, &Settings { stale_after_days: Some(0), ..Settings::default() }).await.unwrap_err();
    assert_eq!((err.code(), err.field()), (ErrorCode::Validation, Some("stale_after_days")));
    settings::update(pool, &Settings { stale_after_days: Some(100), ..Settings::default() }).await.unwrap();
    assert_eq!(settings::get(pool).await.unwrap().stale_after(), 100);

    let options = BriefOptions::from_settings(pool, now()).await.unwrap();
    let pdf = dir.path().join("stale.pdf");
    brief::export_brief(pool, &s.next.id, &pdf, &options).await.unwrap();
    let first = poppler::page_text(&pdf, 1).split_whitespace().collect::<Vec<_>>().join(" ");
    // Henrik's title is from 10 April, 227 days before 23 November.
    assert!(first.contains("Chief Financial Officer (title as of Apr 2026, stale)"), "{first}");
    settings::update(pool, &Settings { stale_after_days: Some(300), ..Settings::default() }).await.unwrap();
    let options = BriefOptions::from_settings(pool, now()).await.unwrap();
    brief::export_brief(pool, &s.next.id, &pdf, &options).await.unwrap();
    let first = poppler::page_text(&pdf, 1).split_whitespace().collect::<Vec<_>>().join(" ");
    assert!(first.contains("Chief Financial Officer (title as of Apr 2026)"), "{first}");
    assert!(!first.contains("stale"), "{first}");
    settings::update(pool, &Settings::default()).await.unwrap();
    assert_eq!(BriefOptions::from_settings(pool, now()).await.unwrap().stale_after_days, 180, "the default");
}
