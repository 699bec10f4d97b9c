//! Figures for docs/SYNC.md, on a throwaway server on loopback: events pushed
//! per second, events pulled, verified and decrypted per second, and the
//! server's bytes per change.
//!
//! `cargo run -p rapport_sync --features throwaway --example sync_bench [EVENTS]`

use std::time::Instant;

use chrono::{TimeZone, Utc};
use rapport_core::changes::{Change, ChangeAction, ChangeMode, FieldDiff};
use rapport_sync::server::{self, Member};
use rapport_sync::throwaway::Server;
use rapport_sync::{MemberKey, TeamKey, exchange};
use sqlx::Connection;
use sqlx::postgres::PgConnection;
use uuid::Uuid;

const BATCH: usize = 100;

#[tokio::main]
async fn main() {
    let events: usize = std::env::args().nth(1).map_or(5_000, |n| n.parse().expect("EVENTS is a number"));
    let pg = Server::start();
    println!("throwaway server started in {:.2?}", pg.started_in());
    server::server_setup(&pg.admin_url()).await.unwrap();

    // One team, two members, as an administrator would set it up.
    let mut admin = PgConnection::connect(&pg.admin_url()).await.unwrap();
    let team = Uuid::new_v4();
    let team_key = TeamKey::generate();
    sqlx::query("INSERT INTO rapport.teams (id) VALUES ($1)").bind(team).execute(&mut admin).await.unwrap();
    let mut members = Vec::new();
    for role in ["ada", "bob"] {
        let (id, key) = (Uuid::new_v4(), MemberKey::generate());
        let create: String =
            sqlx::query_scalar("SELECT format('CREATE ROLE %I LOGIN PASSWORD %L IN ROLE rapport_member', $1, $1)")
                .bind(role)
                .fetch_one(&mut admin)
                .await
                .unwrap();
        sqlx::raw_sql(sqlx::AssertSqlSafe(create)).execute(&mut admin).await.unwrap();
        sqlx::query("INSERT INTO rapport.members (team, id, role, public_key, team_key) VALUES ($1, $2, $3, $4, $5)")
            .bind(team)
            .bind(id)
            .bind(role)
            .bind(key.public().to_bytes().to_vec())
            .bind(team_key.wrap_for(team, id, &key.public()))
            .execute(&mut admin)
            .await
            .unwrap();
        let conn = Member::connect(&pg.url(role, role)).await.unwrap();
        members.push((id, key, conn));
    }
    let [(ada, ada_key, mut ada_conn), (_, _, mut bob_conn)] = <[_; 2]>::try_from(members).ok().unwrap();

    // A typical edit: one account's notes, a sentence long.
    let changes: Vec<Change> = (0..events)
        .map(|i| Change {
            seq: i as i64 + 1,
            at: Utc.with_ymd_and_hms(2026, 11, 23, 9, 30, 0).unwrap(),
            who: Some("Ines Okafor".into()),
            mode: ChangeMode::Edit,
            action: ChangeAction::Update,
            entity: "account".into(),
            entity_id: "0193a1b2-0000-7000-8000-000000000001".into(),
            account_id: Some("0193a1b2-0000-7000-8000-000000000001".into()),
            fields: vec![FieldDiff {
                field: "notes".into(),
                old: "Met the CFO in Oslo; budget cycle starts in March.".into(),
                new: format!("Met the CFO in Oslo; budget cycle starts in March. Follow-up {i}.").into(),
            }],
        })
        .collect();
    let json_bytes: usize = changes.iter().map(|c| serde_json::to_vec(c).unwrap().len()).sum();

    let started = Instant::now();
    for batch in changes.chunks(BATCH) {
        exchange::push(&mut ada_conn, team, ada, &team_key, &ada_key, batch).await.unwrap();
    }
    let push = started.elapsed();

    let started = Instant::now();
    let (mut after, mut opened) = (0, 0);
    loop {
        let page = exchange::pull(&mut bob_conn, team, &team_key, after, 1_000).await.unwrap();
        let Some(last) = page.last() else { break };
        after = last.seq;
        opened += page.iter().filter(|r| r.change.is_ok()).count();
    }
    let pull = started.elapsed();
    assert_eq!(opened, events);

    sqlx::query("VACUUM ANALYZE rapport.events").execute(&mut admin).await.unwrap();
    let (table, stored): (i64, i64) = sqlx::query_as(
        "SELECT pg_total_relation_size('rapport.events'), sum(length(bytes))::bigint FROM rapport.events",
    )
    .fetch_one(&mut admin)
    .await
    .unwrap();
    let n = events as f64;
    println!("{events} events of one edit each, pushed in batches of {BATCH}:");
    println!("  push: {:.0} events/s ({push:.2?})", n / push.as_secs_f64());
    println!("  pull, verify and decrypt: {:.0} events/s ({pull:.2?})", n / pull.as_secs_f64());
    println!(
        "  bytes per change: JSON {:.0}, sealed {:.0}, on the server {:.0} (table, indexes and TOAST)",
        json_bytes as f64 / n,
        stored as f64 / n,
        table as f64 / n
    );
}
