//! The server's schema: set up twice, row-level security per team,
//! append-only events numbered by the server.

use rapport_sync::ServerError;
use rapport_sync::server::{self, MIGRATOR};
use rapport_sync::throwaway::Server;
use sqlx::Connection;
use sqlx::postgres::PgConnection;

use crate::common::{self, login};

#[tokio::test]
async fn setup_applies_the_migrations_once_and_is_safe_to_run_again() {
    let pg = Server::start();
    eprintln!("throwaway PostgreSQL started in {:?}", pg.started_in());
    let every: Vec<i64> = MIGRATOR.iter().map(|m| m.version).collect();

    let first = server::server_setup(&pg.admin_url()).await.unwrap();
    assert_eq!(first.applied, every);
    assert_eq!(first.version, *every.last().unwrap());

    let second = server::server_setup(&pg.admin_url()).await.unwrap();
    assert!(second.applied.is_empty(), "{second:?}");
    assert_eq!(second.version, first.version);

    let mut admin = common::admin(&pg).await;
    let tables: Vec<String> = sqlx::query_scalar(
        "SELECT tablename::text FROM pg_tables WHERE schemaname = 'rapport' AND rowsecurity ORDER BY 1",
    )
    .fetch_all(&mut admin)
    .await
    .unwrap();
    assert_eq!(tables, ["events", "members", "teams"], "every table has row-level security");
}

#[tokio::test]
async fn setup_failures_are_one_clear_line_without_the_password() {
    let pg = Server::start();
    let wrong = pg.url("postgres", "not-the-password");
    let err = server::server_setup(&wrong).await.unwrap_err();
    assert!(matches!(err, ServerError::Refused { .. }), "{err:?}");
    assert_eq!(
        err.to_string(),
        format!("the PostgreSQL server at 127.0.0.1:{}/postgres refused the user name or password", pg.port())
    );

    let err = server::server_setup("mysql://root@localhost/x").await.unwrap_err();
    assert!(matches!(err, ServerError::BadUrl(_)), "{err:?}");

    pg.kill();
    let err = server::server_setup(&pg.admin_url()).await.unwrap_err();
    assert!(matches!(err, ServerError::Unreachable { .. }), "{err:?}");
    let text = err.to_string();
    assert!(text.starts_with(&format!("cannot reach the PostgreSQL server at 127.0.0.1:{}/postgres: ", pg.port())));
    assert!(!text.contains(&pg.admin_url()) && !text.contains('\n'), "{text}");
}

#[tokio::test]
async fn a_member_sees_and_writes_only_their_own_team() {
    let pg = common::server().await;
    let north = common::team(&pg, &["ada", "bob"]).await;
    let south = common::team(&pg, &["cy"]).await;
    let (ada, bob, cy) = (&north.members[0], &north.members[1], &south.members[0]);

    let mut ada_conn = login(&pg, ada).await;
    let mut cy_conn = login(&pg, cy).await;
    assert_eq!(ada_conn.push(north.id, ada.id, &[b"north one".to_vec()]).await.unwrap(), [1]);
    assert_eq!(cy_conn.push(south.id, cy.id, &[b"south one".to_vec()]).await.unwrap(), [1]);
    assert_eq!(ada_conn.push(north.id, ada.id, &[b"north two".to_vec()]).await.unwrap(), [2], "numbered per team");

    // Ada's role reads her team's events and roster, nothing of the other team.
    let seen: Vec<Vec<u8>> = ada_conn.pull(north.id, 0, 100).await.unwrap().into_iter().map(|e| e.bytes).collect();
    assert_eq!(seen, [b"north one".to_vec(), b"north two".to_vec()]);
    assert!(ada_conn.pull(south.id, 0, 100).await.unwrap().is_empty());
    assert!(ada_conn.roster(south.id).await.unwrap().is_empty());
    let roster = ada_conn.roster(north.id).await.unwrap();
    assert_eq!(roster.key(bob.id), Some(bob.key.public()));

    // She cannot write into the other team, nor in Bob's name.
    let err = ada_conn.push(south.id, cy.id, &[b"forged".to_vec()]).await.unwrap_err();
    assert!(err.to_string().contains("row-level security"), "{err}");
    let err = ada_conn.push(north.id, bob.id, &[b"in bob's name".to_vec()]).await.unwrap_err();
    assert!(err.to_string().contains("row-level security"), "{err}");

    // Even raw SQL as her role sees one team and can neither change nor delete.
    let mut raw = PgConnection::connect(&pg.url(&ada.role, &ada.password)).await.unwrap();
    let teams: i64 = sqlx::query_scalar("SELECT count(*) FROM rapport.teams").fetch_one(&mut raw).await.unwrap();
    let members: i64 = sqlx::query_scalar("SELECT count(*) FROM rapport.members").fetch_one(&mut raw).await.unwrap();
    let events: i64 = sqlx::query_scalar("SELECT count(*) FROM rapport.events").fetch_one(&mut raw).await.unwrap();
    assert_eq!((teams, members, events), (1, 2, 2));
    for statement in [
        "UPDATE rapport.events SET bytes = 'x'",
        "DELETE FROM rapport.events",
        "TRUNCATE rapport.events",
        "UPDATE rapport.members SET public_key = public_key",
        "INSERT INTO rapport.teams (id) VALUES (gen_random_uuid())",
    ] {
        let err = sqlx::raw_sql(statement).execute(&mut raw).await.unwrap_err();
        assert!(err.to_string().contains("permission denied"), "{statement}: {err}");
    }
    let mut admin = common::admin(&pg).await;
    let all: i64 = sqlx::query_scalar("SELECT count(*) FROM rapport.events").fetch_one(&mut admin).await.unwrap();
    assert_eq!(all, 3, "nothing was changed or deleted");

    // The team key is wrapped for each member: Ada opens hers, not Bob's.
    assert!(ada_conn.team_key(north.id, ada.id, &ada.key).await.is_ok());
    let err = ada_conn.team_key(north.id, bob.id, &ada.key).await.unwrap_err();
    assert!(matches!(err, ServerError::TeamKeyUnreadable { .. }), "{err:?}");
    let err = ada_conn.team_key(south.id, cy.id, &ada.key).await.unwrap_err();
    assert!(matches!(err, ServerError::NotAdmitted { .. }), "another team's row is invisible: {err:?}");
}

#[tokio::test]
async fn a_member_waiting_for_admission_sees_nothing_of_the_team() {
    let pg = common::server().await;
    let north = common::team(&pg, &["ada", "dee"]).await;
    let (ada, dee) = (&north.members[0], &north.members[1]);
    login(&pg, ada).await.push(north.id, ada.id, &[b"north one".to_vec()]).await.unwrap();
    // Dee asked to join; her team key is not written yet.
    let mut admin = common::admin(&pg).await;
    sqlx::query("UPDATE rapport.members SET team_key = NULL WHERE id = $1")
        .bind(dee.id)
        .execute(&mut admin)
        .await
        .unwrap();

    let mut dee_conn = login(&pg, dee).await;
    assert!(dee_conn.pull(north.id, 0, 100).await.unwrap().is_empty());
    assert!(dee_conn.roster(north.id).await.unwrap().is_empty());
    let err = dee_conn.team_key(north.id, dee.id, &dee.key).await.unwrap_err();
    assert_eq!(
        err.to_string(),
        format!(
            "this member has not been admitted to team {} on the server at 127.0.0.1:{}/postgres",
            north.id,
            pg.port()
        )
    );
    let err = dee_conn.push(north.id, dee.id, &[b"too early".to_vec()]).await.unwrap_err();
    assert!(err.to_string().contains("row-level security"), "{err}");
}
