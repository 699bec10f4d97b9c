//! What the server tests share: a set-up server with two teams and their
//! members, each member a real login role.

use rapport_sync::server::{self, Member};
use rapport_sync::throwaway::Server;
use rapport_sync::{MemberKey, TeamKey};
use sqlx::Connection;
use sqlx::postgres::PgConnection;
use uuid::Uuid;

pub struct Person {
    pub id: Uuid,
    pub role: String,
    pub password: String,
    pub key: MemberKey,
}

pub struct Team {
    pub id: Uuid,
    /// The team key as its maker holds it; members read theirs from the server.
    pub key: TeamKey,
    pub members: Vec<Person>,
}

/// A started, set-up server.
pub async fn server() -> Server {
    let pg = Server::start();
    eprintln!("throwaway PostgreSQL started in {:?}", pg.started_in());
    server::server_setup(&pg.admin_url()).await.unwrap();
    pg
}

pub async fn admin(pg: &Server) -> PgConnection {
    PgConnection::connect(&pg.admin_url()).await.unwrap()
}

/// Makes a login role in `rapport_member`, as an administrator does for each
/// person; returns its password.
pub async fn login_role(pg: &Server, role: &str) -> String {
    let mut admin = admin(pg).await;
    let password = format!("pw-{}", Uuid::new_v4().simple());
    let create: String =
        sqlx::query_scalar("SELECT format('CREATE ROLE %I LOGIN PASSWORD %L IN ROLE rapport_member', $1, $2)")
            .bind(role)
            .bind(&password)
            .fetch_one(&mut admin)
            .await
            .unwrap();
    sqlx::raw_sql(sqlx::AssertSqlSafe(create)).execute(&mut admin).await.unwrap();
    password
}

/// Makes a team with members named `roles`, each admitted with the team key
/// wrapped for them, as an administrator would.
pub async fn team(pg: &Server, roles: &[&str]) -> Team {
    let mut admin = admin(pg).await;
    let id = Uuid::new_v4();
    let key = TeamKey::generate();
    sqlx::query("INSERT INTO rapport.teams (id) VALUES ($1)").bind(id).execute(&mut admin).await.unwrap();
    let mut members = Vec::new();
    for role in roles {
        let person = Person {
            id: Uuid::new_v4(),
            role: (*role).to_string(),
            password: format!("pw-{}", Uuid::new_v4().simple()),
            key: MemberKey::generate(),
        };
        let create: String =
            sqlx::query_scalar("SELECT format('CREATE ROLE %I LOGIN PASSWORD %L IN ROLE rapport_member', $1, $2)")
                .bind(&person.role)
                .bind(&person.password)
                .fetch_one(&mut admin)
                .await
                .unwrap();
        sqlx::raw_sql(sqlx::AssertSqlSafe(create)).execute(&mut admin).await.unwrap();
        sqlx::query("INSERT INTO rapport.members (team, id, role, public_key, team_key) VALUES ($1, $2, $3, $4, $5)")
            .bind(id)
            .bind(person.id)
            .bind(&person.role)
            .bind(person.key.public().to_bytes().to_vec())
            .bind(key.wrap_for(id, person.id, &person.key.public()))
            .execute(&mut admin)
            .await
            .unwrap();
        members.push(person);
    }
    Team { id, key, members }
}

pub async fn login(pg: &Server, person: &Person) -> Member {
    Member::connect(&pg.url(&person.role, &person.password)).await.unwrap()
}

/// Every file under `dir`, read whole.
pub fn files_under(dir: &std::path::Path) -> Vec<(std::path::PathBuf, Vec<u8>)> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
            } else if let Ok(bytes) = std::fs::read(&path) {
                out.push((path, bytes));
            }
        }
    }
    assert!(out.len() > 100, "a cluster has hundreds of files; found {}", out.len());
    out
}

pub fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    haystack.windows(needle.len()).any(|w| w == needle)
}
