//! The portfolio and Today's account lists read the summary rows the writes
//! keep: the latest score with its trend and backsliding, the margin, and the
//! day each account's next contact is due. These tests change the book through
//! the ordinary writes (cadence, tier, interactions, the trash) and check that
//! both screens follow, in a real encrypted vault with a pinned clock.

mod common;

use std::ops::ControlFlow;

use chrono::{Duration, NaiveDate};
use common::*;
use rapport_core::care::{account, portfolio, today};
use rapport_core::connections::{self, ConnectionInput};
use rapport_core::interactions::{self, InteractionInput};
use rapport_core::kinds::{Dimension, InteractionKind, Side};
use rapport_core::people::{self, PersonInput};
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

    // Strategic accounts are due every 30 days: in 45 days both are overdue by 15.
    let later = day() + Duration::days(45);
    let view = today::today(pool, now() + Duration::days(45), later).await.unwrap();
    assert_eq!(view.overdue_accounts.total, 2);
    let p = portfolio::portfolio(pool, now() + Duration::days(45), later).await.unwrap();
    assert_eq!(row(&p, "Sorland Freight").days_overdue, 15);

    // A longer cadence on one, a contact on the other: neither is overdue.
    account::set_cadence(pool, &north.id, Some(60), day()).await.unwrap();
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
    trash::restore(pool, TrashKind::Account, &south.id).await.unwrap();
    let view = today::today(pool, now() + Duration::days(45), later).await.unwrap();
    assert_eq!(view.overdue_ties.total, 1);
    let p = portfolio::portfolio(pool, now(), day()).await.unwrap();
    assert!(row(&p, "Sorland Freight").health.is_some(), "the score survives the trash");
}
