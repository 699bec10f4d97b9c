//! Everything the account page shows, in one read.

use serde::Serialize;
use sqlx::SqlitePool;

use crate::accounts::{self, Account};
use crate::error::Result;
use crate::interactions::{self, Interaction};
use crate::relationship::{self, Relationship};
use crate::summary::{self, Flag};

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
    let relationship = relationship::load(&mut conn, account_id).await?;
    // No summary yet (it is written with the account): no flags, no contact.
    let glance = crate::store::accounts::glance(&mut conn, account_id).await?.unwrap_or_default();
    let interaction_count = crate::store::interactions::count(&mut conn, account_id).await?;
    let interactions = interactions::list_in(&mut conn, account_id, 0, RECENT_INTERACTIONS).await?;
    Ok(AccountView {
        account,
        flags: summary::parse_flags(&glance.flags),
        last_contact: glance.last_contact.map(|d| d.to_string()),
        relationship,
        interactions,
        interaction_count: u32::try_from(interaction_count).unwrap_or(u32::MAX),
    })
}
