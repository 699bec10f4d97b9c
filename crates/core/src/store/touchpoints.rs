//! Store: what the planned touchpoints are laid out from — ties with a
//! cadence and a due day, and accounts with their last contact.

use chrono::NaiveDate;
use sqlx::SqliteConnection;

use super::Timestamp;
use crate::error::Result;

/// A live tie between two active, live people, with its due day.
pub(crate) struct TieRow {
    pub(crate) id: String,
    pub(crate) account_id: String,
    pub(crate) account_name: String,
    pub(crate) ours_name: String,
    pub(crate) theirs_name: String,
    pub(crate) dimension: String,
    pub(crate) strength: u8,
    pub(crate) cadence_days: u32,
    pub(crate) last_contact: Option<NaiveDate>,
    pub(crate) created_at: Timestamp,
    pub(crate) due_on: NaiveDate,
}

/// Ties with a cadence due before `end`, of one account or the whole book,
/// by due day.
pub(crate) async fn ties_due(
    conn: &mut SqliteConnection,
    account_id: Option<&str>,
    end: NaiveDate,
) -> Result<Vec<TieRow>> {
    // The WHERE clause keeps only ties with a cadence and a due day, which
    // SQLite's nullability inference does not see: hence the `!`.
    Ok(sqlx::query_as!(
        TieRow,
        r#"SELECT c.id, c.account_id, a.name AS account_name, o.name AS ours_name, t.name AS theirs_name, c.dimension,
                c.strength AS "strength: u8", c.cadence_days AS "cadence_days!: u32",
                c.last_contact AS "last_contact: NaiveDate", c.created_at AS "created_at: Timestamp",
                c.due_on AS "due_on!: NaiveDate"
           FROM connections c
           JOIN accounts a ON a.id = c.account_id AND a.deleted_at IS NULL
           JOIN people o ON o.id = c.ours_id AND o.deleted_at IS NULL AND o.active = 1
           JOIN people t ON t.id = c.theirs_id AND t.deleted_at IS NULL AND t.active = 1
          WHERE c.due_on IS NOT NULL AND c.deleted_at IS NULL AND c.due_on < ?2 AND c.cadence_days IS NOT NULL
            AND (?1 IS NULL OR c.account_id = ?1)
          ORDER BY c.due_on, c.id"#,
        account_id,
        end,
    )
    .fetch_all(&mut *conn)
    .await?)
}

/// A live account with what its own contact interval is counted from.
pub(crate) struct AccountRow {
    pub(crate) id: String,
    pub(crate) name: String,
    pub(crate) tier: String,
    pub(crate) status: String,
    pub(crate) cadence_days: Option<u32>,
    pub(crate) created_at: Timestamp,
    pub(crate) owner_name: Option<String>,
    pub(crate) last_contact: Option<NaiveDate>,
}

/// One live account, or every one, by name.
pub(crate) async fn accounts(conn: &mut SqliteConnection, account_id: Option<&str>) -> Result<Vec<AccountRow>> {
    Ok(sqlx::query_as!(
        AccountRow,
        r#"SELECT a.id, a.name, a.tier, a.status, a.cadence_days AS "cadence_days: u32",
                a.created_at AS "created_at: Timestamp", o.name AS owner_name,
                (SELECT i.occurred_on FROM interactions i WHERE i.account_id = a.id AND i.deleted_at IS NULL
                  ORDER BY i.occurred_on DESC LIMIT 1) AS "last_contact: NaiveDate"
           FROM accounts a LEFT JOIN people o ON o.id = a.owner_id AND o.deleted_at IS NULL
          WHERE a.deleted_at IS NULL AND (?1 IS NULL OR a.id = ?1)
          ORDER BY a.name COLLATE NOCASE, a.id"#,
        account_id,
    )
    .fetch_all(&mut *conn)
    .await?)
}
