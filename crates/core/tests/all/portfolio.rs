//! The portfolio and Today's account lists read the summary rows the writes
//! keep: the latest score with its trend and backsliding, the margin, and the
//! day each account's next contact is due. These tests change the book through
//! the ordinary writes (cadence, tier, interactions, the trash) and check that
//! both screens follow, in a real encrypted vault with a pinned clock.

use crate::common;

use std::ops::ControlFlow;

use chrono::{Duration, NaiveDate};
use common::*;
use rapport_core::brief::BriefOptions;
use rapport_core::care::{account, portfolio, today};
use rapport_core::connections::{self, ConnectionInput};
use rapport_core::interactions::{self, InteractionInput};
use rapport_core::kinds::{Dimension, InteractionKind, Side};
use rapport_core::pdf::{Block, Document};
use rapport_core::people::{self, PersonInput};
use rapport_core::report::portfolio as review;
use rapport_core::trash::{self, TrashKind};

fn day() -> NaiveDate {
    now().date_naive()
}

fn row<'a>(p: &'a portfolio::Portfolio, name: &str) -> &'a portfolio::PortfolioRow {
    p.rows.iter().find(|r| r.name == name).unwrap_or_else(|| panic!("{name} is not in the portfolio"))
}

#[tokio::test]
async fn scores_recorded_after_unlock_show_with_their_trend_and_the_cadence_follows_every_write() {
    let dir = tempfile::tempdir().unwrap();
    let vault = create_passphrase_vault(&paths(dir.path())).await.vault;
    let pool = vault.pool();
    let north = add_account(&vault, "Nordlys Shipping").await;
    let south = add_account(&vault, "Sorland Freight").await;

    // Nothing scored yet: both are stale and show no health.
    let p = portfolio::portfolio(pool, now(), day()).await.unwrap();
    assert_eq!((p.rows.len(), p.stale), (2, 2));
    assert_eq!(row(&p, "Nordlys Shipping").health, None);

    // 100 days ago and today: the trend is the difference, shown on the row.
    let then = day() - Duration::days(100);
    let mut conn = pool.acquire().await.unwrap();
    let earlier = account::record_health(&mut conn, &north.id, then).await.unwrap().score;
    drop(conn);
    let mut seen = Vec::new();
    let scored = portfolio::record_all(pool, day(), |done, total| {
        seen.push((done, total));
        ControlFlow::Continue(())
    })
    .await
    .unwrap();
    assert_eq!(scored, 2);
    assert_eq!(seen.last(), Some(&(2, 2)));
    let p = portfolio::portfolio(pool, now(), day()).await.unwrap();
    assert_eq!(p.stale, 0);
    let r = row(&p, "Nordlys Shipping");
    let score = r.health.expect("scored today");
    assert_eq!(r.health_on.as_deref(), Some(day().to_string().as_str()));
    assert_eq!(r.trend, Some(i32::try_from(score).unwrap() - i32::try_from(earlier).unwrap()));
    assert_eq!(row(&p, "Sorland Freight").trend, None, "no score 90 days back");
    assert_eq!(
        portfolio::record_all(pool, day(), |_, _| ControlFlow::Continue(())).await.unwrap(),
        0,
        "already scored today"
    );
    // Scored a day ahead (the clock was moved back since): nothing is stale
    // today and nothing is scored again.
    let ahead = day() + Duration::days(1);
    assert_eq!(portfolio::record_all(pool, ahead, |_, _| ControlFlow::Continue(())).await.unwrap(), 2);
    assert_eq!(portfolio::portfolio(pool, now(), day()).await.unwrap().stale, 0);
    assert_eq!(
        portfolio::record_all(pool, day(), |_, _| ControlFlow::Continue(())).await.unwrap(),
        0,
        "a later score is not stale"
    );

    // Strategic accounts are due every 30 days: in 45 days both are overdue by 15.
    let later = day() + Duration::days(45);
    let view = today::today(pool, now() + Duration::days(45), later).await.unwrap();
    assert_eq!(view.overdue_accounts.total, 2);
    let p = portfolio::portfolio(pool, now() + Duration::days(45), later).await.unwrap();
    assert_eq!(row(&p, "Sorland Freight").days_overdue, 15);

    // A longer cadence on one, a contact on the other: neither is overdue.
    account::set_cadence(pool, &north.id, Some(60), now(), day()).await.unwrap();
    let kari = people::create(
        pool,
        &PersonInput {
            side: Some(Side::Theirs),
            account_id: Some(south.id.clone()),
            name: "Kari Nordmann".into(),
            org_level: Some(2),
            ..PersonInput::default()
        },
        now(),
    )
    .await
    .unwrap();
    let met = InteractionInput {
        account_id: south.id.clone(),
        occurred_on: (day() + Duration::days(20)).to_string(),
        kind: Some(InteractionKind::Meeting),
        summary: "Depot walk-through".into(),
        people: vec![kari.id.clone()],
        ..InteractionInput::default()
    };
    interactions::create(pool, &met, now() + Duration::days(45)).await.unwrap();
    let view = today::today(pool, now() + Duration::days(45), later).await.unwrap();
    assert_eq!(view.overdue_accounts.total, 0, "{:?}", view.overdue_accounts.items);

    // A tie every 14 days counts as overdue until its account goes to the trash.
    let tie = ConnectionInput {
        ours_id: south.owner_id.clone().unwrap(),
        theirs_id: kari.id.clone(),
        dimension: Some(Dimension::Personal),
        intermediary: None,
        strength: Some(3),
        cadence_days: Some(14),
        notes: None,
    };
    connections::create(pool, &tie, now()).await.unwrap();
    let view = today::today(pool, now() + Duration::days(45), later).await.unwrap();
    assert_eq!(view.overdue_ties.total, 1);
    trash::delete(pool, TrashKind::Account, &south.id, now()).await.unwrap();
    let view = today::today(pool, now() + Duration::days(45), later).await.unwrap();
    assert_eq!((view.overdue_ties.total, view.overdue_ties.items.len()), (0, 0));
    let p = portfolio::portfolio(pool, now(), day()).await.unwrap();
    assert_eq!(p.rows.len(), 1);

    // Restored, it comes back with its score and its tie due again.
    trash::restore(pool, TrashKind::Account, &south.id, now()).await.unwrap();
    let view = today::today(pool, now() + Duration::days(45), later).await.unwrap();
    assert_eq!(view.overdue_ties.total, 1);
    let p = portfolio::portfolio(pool, now(), day()).await.unwrap();
    assert!(row(&p, "Sorland Freight").health.is_some(), "the score survives the trash");
}

/// The trend is against the score nearest to 90 days before the latest, and
/// only one from 60 to 120 days before: a score 200 days old makes no trend.
#[tokio::test]
async fn the_trend_is_against_a_score_about_90_days_before() {
    let dir = tempfile::tempdir().unwrap();
    let vault = create_passphrase_vault(&paths(dir.path())).await.vault;
    let pool = vault.pool();
    let north = add_account(&vault, "Nordlys Shipping").await;
    let earlier = |days: i64, score: u32| {
        sqlx::query("INSERT INTO health_history (account_id, on_date, score, parts) VALUES (?1, ?2, ?3, '[]')")
            .bind(north.id.clone())
            .bind((day() - Duration::days(days)).to_string())
            .bind(score)
    };
    earlier(200, 10).execute(pool).await.unwrap();
    let mut conn = pool.acquire().await.unwrap();
    let score = i32::try_from(account::record_health(&mut conn, &north.id, day()).await.unwrap().score).unwrap();
    let trend = |p: portfolio::Portfolio| row(&p, "Nordlys Shipping").trend;
    assert_eq!(trend(portfolio::portfolio(pool, now(), day()).await.unwrap()), None, "200 days back is too far");

    earlier(110, 30).execute(&mut *conn).await.unwrap();
    earlier(85, 40).execute(&mut *conn).await.unwrap();
    account::record_health(&mut conn, &north.id, day()).await.unwrap();
    drop(conn);
    assert_eq!(
        trend(portfolio::portfolio(pool, now(), day()).await.unwrap()),
        Some(score - 40),
        "85 days back is nearer to 90 than 110"
    );
}

/// A former customer has no contact due unless someone set it a cadence on
/// purpose: not on Today, not overdue in the portfolio.
#[tokio::test]
async fn a_former_customer_is_due_only_with_a_cadence_of_its_own() {
    use rapport_core::accounts::{self, AccountInput};
    use rapport_core::kinds::AccountStatus;
    let dir = tempfile::tempdir().unwrap();
    let vault = create_passphrase_vault(&paths(dir.path())).await.vault;
    let pool = vault.pool();
    let old = add_account(&vault, "Old Harbour").await;
    let input = AccountInput { status: Some(AccountStatus::Former), ..AccountInput::from(&old) };
    accounts::update(pool, &old.id, &input, now()).await.unwrap();

    let later = day() + Duration::days(45);
    let view = today::today(pool, now() + Duration::days(45), later).await.unwrap();
    assert_eq!(view.overdue_accounts.total, 0, "{:?}", view.overdue_accounts.items);
    let p = portfolio::portfolio(pool, now() + Duration::days(45), later).await.unwrap();
    assert_eq!(row(&p, "Old Harbour").days_overdue, 0);

    account::set_cadence(pool, &old.id, Some(30), now(), day()).await.unwrap();
    let view = today::today(pool, now() + Duration::days(45), later).await.unwrap();
    assert_eq!(view.overdue_accounts.total, 1, "a cadence set on purpose holds");
    let p = portfolio::portfolio(pool, now() + Duration::days(45), later).await.unwrap();
    assert_eq!(row(&p, "Old Harbour").days_overdue, 15);
}

type TieDates = Vec<(String, Option<String>, Option<String>)>;

async fn tie_dates(pool: &sqlx::SqlitePool) -> TieDates {
    sqlx::query_as("SELECT id, last_contact, due_on FROM connections ORDER BY id").fetch_all(pool).await.unwrap()
}

async fn account_due(pool: &sqlx::SqlitePool) -> Vec<(String, Option<String>)> {
    sqlx::query_as("SELECT account_id, due_on FROM account_summaries ORDER BY account_id")
        .fetch_all(pool)
        .await
        .unwrap()
}

/// A vault whose ties had a cadence before the care migrations kept their
/// dates: the backfill fills them in as the refresh would, and clears the
/// due day of former customers without a cadence of their own.
#[tokio::test]
async fn the_care_backfill_fills_in_what_the_refresh_keeps() {
    use rapport_core::accounts::{self, AccountInput};
    use rapport_core::kinds::AccountStatus;
    let dir = tempfile::tempdir().unwrap();
    let vault = create_passphrase_vault(&paths(dir.path())).await.vault;
    let pool = vault.pool();
    let north = add_account(&vault, "Nordlys Shipping").await;
    let south = add_account(&vault, "Sorland Freight").await;
    let old = add_account(&vault, "Old Harbour").await;
    let ines = north.owner_id.clone().unwrap();
    let person = |side: Side, account: Option<&str>, name: &str| PersonInput {
        side: Some(side),
        account_id: account.map(str::to_string),
        name: name.into(),
        function: (side == Side::Ours).then_some(rapport_core::kinds::Function::Executive),
        org_level: Some(2),
        ..PersonInput::default()
    };
    let add = |input: PersonInput| async move { people::create(pool, &input, now()).await.unwrap() };
    let ben = add(person(Side::Ours, None, "Ben Ortiz")).await;
    let kari = add(person(Side::Theirs, Some(&north.id), "Kari Nordmann")).await;
    let lars = add(person(Side::Theirs, Some(&north.id), "Lars Berg")).await;
    let per = add(person(Side::Theirs, Some(&north.id), "Per Holm")).await;
    let sol = add(person(Side::Theirs, Some(&south.id), "Sol Vik")).await;
    let tie = |ours: &str, theirs: &str, cadence: Option<u32>| ConnectionInput {
        ours_id: ours.into(),
        theirs_id: theirs.into(),
        dimension: Some(Dimension::Formal),
        intermediary: None,
        strength: Some(3),
        cadence_days: cadence,
        notes: None,
    };
    for (ours, theirs, cadence) in [
        (&ines, &kari.id, Some(14)),
        (&ben.id, &kari.id, None),
        (&ines, &lars.id, Some(30)),
        (&ines, &per.id, Some(14)),
        (&ben.id, &per.id, Some(14)),
        (&ben.id, &sol.id, Some(14)),
    ] {
        connections::create(pool, &tie(ours, theirs, cadence), now()).await.unwrap();
    }
    let met = |account: &str, days: i64, people: Vec<String>| InteractionInput {
        account_id: account.into(),
        occurred_on: (day() - Duration::days(days)).to_string(),
        kind: Some(InteractionKind::Meeting),
        summary: "Review".into(),
        people,
        ..InteractionInput::default()
    };
    interactions::create(pool, &met(&north.id, 10, vec![ines.clone(), kari.id.clone(), ben.id.clone()]), now())
        .await
        .unwrap();
    interactions::create(pool, &met(&north.id, 20, vec![ines.clone(), lars.id.clone()]), now()).await.unwrap();
    // Lars has left; Per is in the trash (with no contact, so the refresh
    // never gave his ties a last contact); so are Ben's tie to Per and the
    // whole of Sorland.
    let left = PersonInput { active: Some(false), ..PersonInput::from(&lars) };
    people::update(pool, &lars.id, &left, now()).await.unwrap();
    trash::delete(pool, TrashKind::Person, &per.id, now()).await.unwrap();
    let ben_per: String = sqlx::query_scalar("SELECT id FROM connections WHERE ours_id = ?1 AND theirs_id = ?2")
        .bind(&ben.id)
        .bind(&per.id)
        .fetch_one(pool)
        .await
        .unwrap();
    trash::delete(pool, TrashKind::Connection, &ben_per, now()).await.unwrap();
    trash::delete(pool, TrashKind::Account, &south.id, now()).await.unwrap();
    let input = AccountInput { status: Some(AccountStatus::Former), ..AccountInput::from(&old) };
    accounts::update(pool, &old.id, &input, now()).await.unwrap();

    let ties = tie_dates(pool).await;
    let due: Vec<Option<&str>> = ties.iter().map(|(_, _, due)| due.as_deref()).collect();
    let contacted = (day() - Duration::days(10)).to_string();
    assert!(ties.iter().any(|t| t.1.as_deref() == Some(&contacted) && t.2.as_deref() == Some("2026-11-27")));
    assert_eq!(due.iter().filter(|d| d.is_some()).count(), 1, "only Ines and Kari are due: {ties:?}");
    assert!(ties.iter().any(|t| t.1.is_some() && t.2.is_none()), "Lars has left: {ties:?}");
    let summaries = account_due(pool).await;
    assert!(summaries.iter().any(|(id, due)| *id == old.id && due.is_none()));

    // Before the care migrations nothing kept these; the old summary
    // migration gave every account a due day by its tier.
    sqlx::query("UPDATE connections SET last_contact = NULL, due_on = NULL").execute(pool).await.unwrap();
    sqlx::query("UPDATE account_summaries SET due_on = '2026-12-23' WHERE account_id = ?1")
        .bind(&old.id)
        .execute(pool)
        .await
        .unwrap();
    sqlx::raw_sql(include_str!("../../migrations/20261125090000_care_backfill.sql")).execute(pool).await.unwrap();
    assert_eq!(tie_dates(pool).await, ties);
    assert_eq!(account_due(pool).await, summaries);
}

/// The first table after the heading `heading`, in any chapter.
fn table_after(doc: &Document, heading: &str) -> Vec<Vec<String>> {
    let blocks: Vec<&Block> = doc.chapters.iter().flat_map(|c| &c.blocks).collect();
    let at = blocks
        .iter()
        .position(|b| matches!(b, Block::Heading { text } if text == heading))
        .unwrap_or_else(|| panic!("no heading {heading}"));
    blocks[at..]
        .iter()
        .find_map(|b| match b {
            Block::Table { rows, .. } => Some(rows.clone()),
            _ => None,
        })
        .unwrap_or_else(|| panic!("no table under {heading}"))
}

/// The portfolio review: an owner who has left is no owner, as the flags
/// say; the next meeting is on the day it is held where it is held.
#[tokio::test]
async fn the_review_takes_gaps_from_the_flags_and_meetings_on_their_own_day() {
    use rapport_core::meetings::{self, MeetingInput};
    let dir = tempfile::tempdir().unwrap();
    let vault = create_passphrase_vault(&paths(dir.path())).await.vault;
    let pool = vault.pool();
    let north = add_account(&vault, "Nordlys Shipping").await;
    let ines = people::get(pool, north.owner_id.as_deref().unwrap()).await.unwrap();
    let left = PersonInput { active: Some(false), ..PersonInput::from(&ines) };
    people::update(pool, &ines.id, &left, now()).await.unwrap();
    let kari = PersonInput {
        side: Some(Side::Theirs),
        account_id: Some(north.id.clone()),
        name: "Kari Nordmann".into(),
        org_level: Some(2),
        ..PersonInput::default()
    };
    let kari = people::create(pool, &kari, now()).await.unwrap();
    // 7.30 pm on Thursday in Los Angeles: already Friday in UTC.
    let dinner = MeetingInput {
        account_id: north.id.clone(),
        title: "Dinner with the board".into(),
        kind: Some(rapport_core::kinds::MeetingKind::Connecting),
        starts_local: "2026-11-26T19:30".into(),
        ends_local: "2026-11-26T22:00".into(),
        time_zone: "America/Los_Angeles".into(),
        value_proposition: Some("Fewer late parts".into()),
        attendees: vec![kari.id.clone()],
        ..MeetingInput::default()
    };
    meetings::create(pool, &dinner, now()).await.unwrap();
    let p = portfolio::portfolio(pool, now(), day()).await.unwrap();
    let r = row(&p, "Nordlys Shipping");
    assert_eq!(r.owner.as_deref(), Some("Ines Okafor"), "the summary keeps the name of an owner who left");
    assert_eq!(r.next_meeting.as_deref().map(|s| &s[..10]), Some("2026-11-27"), "the row carries UTC");

    let doc = review::document(pool, &BriefOptions { now: now(), home_zone: None, audience: Default::default() })
        .await
        .unwrap();
    let gaps = table_after(&doc, "No owner or no sponsor");
    assert_eq!(gaps, [["Nordlys Shipping", "Strategic", "Owner and sponsor", "Ines Okafor (left)"]]);
    let facts = doc.chapters[0].blocks.iter().find_map(|b| match b {
        Block::Facts { rows } => rows.iter().find(|f| f.label == "Gaps").map(|f| f.value.clone()),
        _ => None,
    });
    assert_eq!(
        facts.as_deref(),
        Some("1 account without an owner, 1 without a sponsor (strategic and key)"),
        "page one counts the same"
    );
    let every = table_after(&doc, "Strategic accounts (1)");
    assert_eq!(every[0][6], "26 Nov 2026", "{every:?}");
}
