//! Everything the account page shows, in one read.

use serde::Serialize;
use sqlx::SqlitePool;

use crate::accounts::{self, Account};
use crate::error::Result;
use crate::interactions::{self, Interaction};
use crate::summary::{self, Flag, Relationship};

#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct AccountView {
    pub account: Account,
    pub flags: Vec<Flag>,
    pub last_contact: Option<String>,
    pub relationship: Relationship,
    /// The latest interactions, newest first.
    pub interactions: Vec<Interaction>,
    pub interaction_count: u32,
}

/// How many interactions the page shows before "show more".
pub const RECENT_INTERACTIONS: u32 = 25;

pub async fn account_view(pool: &SqlitePool, account_id: &str) -> Result<AccountView> {
    let mut conn = pool.acquire().await?;
    let account = accounts::get_in(&mut conn, account_id).await?;
    let relationship = summary::load(&mut conn, account_id).await?;
    let (flags, last_contact): (String, Option<String>) =
        sqlx::query_as("SELECT flags, last_contact FROM account_summaries WHERE account_id = ?1")
            .bind(account_id)
            .fetch_optional(&mut *conn)
            .await?
            .unwrap_or_default();
    let interaction_count: i64 =
        sqlx::query_scalar("SELECT count(*) FROM interactions WHERE account_id = ?1 AND deleted_at IS NULL")
            .bind(account_id)
            .fetch_one(&mut *conn)
            .await?;
    let interactions = interactions::list_in(&mut conn, account_id, 0, RECENT_INTERACTIONS).await?;
    Ok(AccountView {
        account,
        flags: summary::parse_flags(&flags),
        last_contact,
        relationship,
        interactions,
        interaction_count: u32::try_from(interaction_count).unwrap_or(u32::MAX),
    })
}
