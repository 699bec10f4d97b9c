//! Store: what a CSV or vCard import matches its rows against. The import's
//! writes go through the accounts and people modules, like the forms'.

use sqlx::SqliteConnection;

use crate::error::Result;

/// A live account, by name.
#[derive(Debug)]
pub(crate) struct NamedAccount {
    pub id: String,
    pub name: String,
}

/// One of their people at a live account, with what a contact is matched on.
#[derive(Debug)]
pub(crate) struct Contact {
    pub id: String,
    pub account_id: String,
    pub name: String,
    pub email: Option<String>,
}

/// One of our people, active and live, who may own an account.
#[derive(Debug)]
pub(crate) struct Owner {
    pub id: String,
    pub name: String,
}

/// The live accounts.
pub(crate) async fn live_accounts(conn: &mut SqliteConnection) -> Result<Vec<NamedAccount>> {
    Ok(sqlx::query_as!(NamedAccount, "SELECT id, name FROM accounts WHERE deleted_at IS NULL")
        .fetch_all(&mut *conn)
        .await?)
}

/// Their live people at live accounts.
pub(crate) async fn live_contacts(conn: &mut SqliteConnection) -> Result<Vec<Contact>> {
    // The join to their account makes `account_id` present, which sqlx cannot
    // tell from the nullable column.
    Ok(sqlx::query_as!(
        Contact,
        r#"SELECT p.id, p.account_id AS "account_id!", p.name, p.email FROM people p JOIN accounts a ON a.id = p.account_id
         WHERE p.side = 'theirs' AND p.deleted_at IS NULL AND a.deleted_at IS NULL"#
    )
    .fetch_all(&mut *conn)
    .await?)
}

/// Our active, live people, the longest-standing first (a name two of them
/// share matches the first).
pub(crate) async fn owners(conn: &mut SqliteConnection) -> Result<Vec<Owner>> {
    Ok(sqlx::query_as!(
        Owner,
        "SELECT id, name FROM people WHERE side = 'ours' AND deleted_at IS NULL AND active = 1 ORDER BY created_at, id"
    )
    .fetch_all(&mut *conn)
    .await?)
}
