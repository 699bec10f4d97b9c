//! Bulk loads record their big tables a batch at a time (`store::bulk`): the
//! change log and the search index must hold exactly what the per-row
//! triggers leave, and the triggers must be back afterwards.

use crate::common;

use common::*;
use rapport_core::bulk::Recording;
use rapport_core::{Vault, book};
use rapport_sample::{self as demo, LargeSize};
use sqlx::SqlitePool;

async fn vault(dir: &tempfile::TempDir, name: &str) -> Vault {
    let paths = rapport_core::VaultPaths::new(dir.path().join(name));
    create_passphrase_vault(&paths).await.vault
}

/// A change-log entry without its number: at, who, mode, action, entity,
/// entity id, account, fields.
type Entry = (String, Option<String>, String, String, String, String, Option<String>, Option<String>);

/// The change log in the order it was written.
async fn log(pool: &SqlitePool) -> Vec<Entry> {
    sqlx::query_as("SELECT at, who, mode, action, entity, entity_id, account_id, fields FROM changes ORDER BY seq")
        .fetch_all(pool)
        .await
        .unwrap()
}

/// The search index: each row's key, what it is, and the text indexed for it.
type Indexed = (i64, String, String, Option<String>, Option<String>, String, String);

async fn index(pool: &SqlitePool) -> Vec<Indexed> {
    sqlx::query_as(
        "SELECT r.n, r.ref_id, r.kind, r.account_id, r.parent_id, i.title, i.body
           FROM search_rows r JOIN search_index i ON i.rowid = r.n ORDER BY r.n",
    )
    .fetch_all(pool)
    .await
    .unwrap()
}

/// What a few searches find, in the order shown.
async fn hits(pool: &SqlitePool) -> Vec<(String, Vec<String>)> {
    let mut out = Vec::new();
    for query in ["ac", "sales", "renewal", "chief", "pricing review", "ma"] {
        let found = rapport_core::search::search(pool, query, 50).await.unwrap();
        out.push((query.to_string(), found.into_iter().map(|h| h.id).collect()));
    }
    out
}

async fn triggers(pool: &SqlitePool) -> Vec<(String, String)> {
    sqlx::query_as("SELECT name, sql FROM sqlite_schema WHERE type = 'trigger' ORDER BY name")
        .fetch_all(pool)
        .await
        .unwrap()
}

#[tokio::test]
async fn a_batched_load_records_what_the_row_by_row_triggers_record() {
    let dir = tempfile::tempdir().unwrap();
    let size = LargeSize { accounts: 120, people: 2_400, interactions: 9_000 };
    let rows = vault(&dir, "rows.db").await;
    let before = triggers(rows.pool()).await;
    demo::generate_large_recorded(rows.pool(), size, 11, now(), Recording::RowByRow, |_| {}).await.unwrap();
    let batched = vault(&dir, "batched.db").await;
    demo::generate_large_recorded(batched.pool(), size, 11, now(), Recording::Batched, |_| {}).await.unwrap();

    // The same entries in the same order, one per record, and the same index
    // with the same keys (so "newest first" is the same order too).
    let logged = log(rows.pool()).await;
    let mut rows_held = 0i64;
    for table in ["accounts", "people", "connections", "interactions", "interaction_people"] {
        let n: i64 = sqlx::query_scalar(sqlx::AssertSqlSafe(format!("SELECT count(*) FROM {table}")))
            .fetch_one(rows.pool())
            .await
            .unwrap();
        rows_held += n;
    }
    assert_eq!(logged.len() as i64, rows_held, "one entry per record");
    assert!(logged.iter().all(|e| e.2 == "import" && e.3 == "create" && e.7.is_none()));
    assert_eq!(log(batched.pool()).await, logged);
    let indexed = index(rows.pool()).await;
    assert!(indexed.len() > 10_000, "{}", indexed.len());
    assert_eq!(index(batched.pool()).await, indexed);
    let found = hits(rows.pool()).await;
    assert!(found.iter().filter(|(_, ids)| !ids.is_empty()).count() >= 3, "{found:?}");
    assert_eq!(hits(batched.pool()).await, found);

    // Both books have every trigger back, unchanged.
    assert_eq!(triggers(rows.pool()).await, before);
    assert_eq!(triggers(batched.pool()).await, before);

    // An edit after the load is logged and indexed by the triggers again.
    let account: String = sqlx::query_scalar("SELECT id FROM accounts WHERE deleted_at IS NULL LIMIT 1")
        .fetch_one(batched.pool())
        .await
        .unwrap();
    let person = rapport_core::people::create(
        batched.pool(),
        &rapport_core::people::PersonInput {
            side: Some(rapport_core::kinds::Side::Theirs),
            org_level: Some(3),
            account_id: Some(account.clone()),
            name: "Quillon Zebedee".into(),
            ..Default::default()
        },
        now(),
    )
    .await
    .unwrap();
    let history = rapport_core::changes::history(batched.pool(), "person", &person.id).await.unwrap();
    assert_eq!(history.len(), 1);
    assert_eq!(history[0].mode, rapport_core::changes::ChangeMode::Edit);
    let found = rapport_core::search::search(batched.pool(), "Quillon", 10).await.unwrap();
    assert_eq!(found.iter().map(|h| h.id.as_str()).collect::<Vec<_>>(), [person.id.as_str()]);
}

#[tokio::test]
async fn an_imported_book_is_logged_and_indexed_as_the_rows_triggers_would() {
    let dir = tempfile::tempdir().unwrap();
    let size = LargeSize { accounts: 60, people: 1_200, interactions: 4_000 };
    let rows = vault(&dir, "rows.db").await;
    demo::generate_large_recorded(rows.pool(), size, 5, now(), Recording::RowByRow, |_| {}).await.unwrap();
    let mut exported = Vec::new();
    book::export(rows.pool(), &mut exported, now()).await.unwrap();

    let imported = vault(&dir, "imported.db").await;
    book::import(imported.pool(), std::io::Cursor::new(exported.clone()), now()).await.unwrap();

    // The file holds each table in turn where the generator wrote them a
    // round of accounts at a time: the same entries and index rows, in the
    // file's order.
    let mut logged = log(rows.pool()).await;
    let mut again = log(imported.pool()).await;
    logged.sort();
    again.sort();
    assert_eq!(again, logged);
    let strip = |rows: Vec<Indexed>| {
        let mut out: Vec<_> = rows
            .into_iter()
            .map(|(_, id, kind, account, parent, title, body)| (id, kind, account, parent, title, body))
            .collect();
        out.sort();
        out
    };
    assert_eq!(strip(index(imported.pool()).await), strip(index(rows.pool()).await));
    // And the round trip is unchanged.
    let mut twice = Vec::new();
    book::export(imported.pool(), &mut twice, now()).await.unwrap();
    let body = |file: &[u8]| file[file.iter().position(|b| *b == b'\n').unwrap()..].to_vec();
    assert_eq!(body(&twice), body(&exported));
}
