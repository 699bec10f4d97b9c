//! The portfolio: every live account on one screen for the internal executive
//! business review — revenue and margin, health and its trend, blueprint
//! status, overdue goals, the next meeting, owner and sponsor. One scan of the
//! narrow summary rows (which carry the latest score, its trend and the
//! backsliding rules that fired), plus one grouped query each for blueprints
//! and meetings, merged by account: fast at 10,000 accounts. Health is read
//! from its daily record: [`record_all`] scores every account that has no
//! score for today yet (the app runs it after unlocking).

use std::collections::HashMap;
use std::ops::ControlFlow;

use chrono::{DateTime, NaiveDate, Utc};
use serde::Serialize;
use sqlx::{SqliteConnection, SqlitePool};

use crate::error::{Error, Result};
use crate::store::care as store;

/// One account's line.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct PortfolioRow {
    pub account_id: String,
    pub name: String,
    pub tier: String,
    pub currency: Option<String>,
    #[cfg_attr(feature = "specta", specta(type = Option<f64>))]
    pub revenue: Option<i64>,
    #[cfg_attr(feature = "specta", specta(type = Option<f64>))]
    pub margin: Option<i64>,
    /// The latest recorded score and the day it was recorded.
    pub health: Option<u32>,
    pub health_on: Option<String>,
    /// Change against the score closest to 90 days before it (points).
    pub trend: Option<i32>,
    /// The latest blueprint's stage, and whether a revision is approved.
    pub blueprint_stage: Option<String>,
    pub blueprint_approved: bool,
    pub goals_overdue: u32,
    /// The next meeting that is not declined: its start (UTC) and title.
    pub next_meeting: Option<String>,
    pub next_meeting_title: Option<String>,
    pub owner: Option<String>,
    pub sponsor: Option<String>,
    /// The summary's flag codes (space-separated).
    pub flags: String,
    /// Backsliding rules that fired at the latest score: `rarer`,
    /// `down_the_levels` (space-separated).
    pub backslides: String,
    /// Days past the account's target interval (0: on time).
    pub days_overdue: u32,
    /// Commitments still owed either way, and how many of them are late.
    pub promises_open: u32,
    pub promises_late: u32,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct Portfolio {
    /// YYYY-MM-DD.
    pub today: String,
    pub rows: Vec<PortfolioRow>,
    /// Accounts with no score recorded today (a refresh would score them).
    pub stale: u32,
}

/// Every live account, by name.
pub async fn portfolio(pool: &SqlitePool, now: DateTime<Utc>, today: NaiveDate) -> Result<Portfolio> {
    let day = today.to_string();
    let mut conn = pool.acquire().await?;

    // The latest live blueprint per account, whether it has an approved
    // revision, and its goals past their date and not done.
    let mut latest: HashMap<String, (String, bool, u32)> = HashMap::new();
    for b in store::blueprints_by_account(&mut conn, today).await? {
        latest.entry(b.account_id).or_insert((b.stage, b.approved, u32::try_from(b.goals_overdue).unwrap_or(0)));
    }

    let mut next: HashMap<String, (String, String)> = next_meetings(&mut conn, now)
        .await?
        .into_iter()
        .map(|(account, starts, title, _)| (account, (starts, title)))
        .collect();

    let mut promises = crate::commitments::open_counts(&mut conn, today).await?;

    // Sorted here, by name with Unicode case folding.
    let lines = store::summary_lines(&mut conn).await?;
    let mut out = Vec::with_capacity(lines.len());
    let mut stale = 0;
    for line in lines {
        let store::SummaryLine {
            account_id,
            name,
            tier,
            currency,
            revenue,
            margin,
            health,
            health_on,
            trend,
            owner,
            sponsor,
            flags,
            backslides,
            due_on,
        } = line;
        // ISO days compare as text. A score dated later than today (the
        // clock was moved back) is not stale either.
        if health_on.as_deref().is_none_or(|on| on < day.as_str()) {
            stale += 1;
        }
        let days_overdue = due_on.map_or(0, |d| u32::try_from((today - d).num_days()).unwrap_or(0));
        let (blueprint_stage, blueprint_approved, goals_overdue) = match latest.remove(&account_id) {
            Some((stage, approved, overdue)) => (Some(stage), approved, overdue),
            None => (None, false, 0),
        };
        let (next_meeting, next_meeting_title) = next.remove(&account_id).unzip();
        let (promises_open, promises_late) = promises.remove(&account_id).unwrap_or_default();
        out.push(PortfolioRow {
            account_id,
            name,
            tier,
            currency,
            revenue,
            margin,
            health,
            health_on,
            trend,
            blueprint_stage,
            blueprint_approved,
            goals_overdue,
            next_meeting,
            next_meeting_title,
            owner,
            sponsor,
            flags,
            backslides,
            days_overdue,
            promises_open,
            promises_late,
        });
    }
    out.sort_by_cached_key(|r| (r.name.to_lowercase(), r.account_id.clone()));
    Ok(Portfolio { today: day, rows: out, stale })
}

/// The next meeting per account that is not declined: account, start (UTC),
/// title and start where it is held (YYYY-MM-DDTHH:MM in its time zone).
pub(crate) async fn next_meetings(
    conn: &mut SqliteConnection,
    now: DateTime<Utc>,
) -> Result<Vec<(String, String, String, String)>> {
    Ok(store::next_meetings(conn, &crate::text::timestamp(now))
        .await?
        .into_iter()
        .map(|m| (m.account_id, m.starts_utc, m.title, m.starts_local))
        .collect())
}

/// Scores every live account that has no score for `today` (or a later day:
/// the clock may have been moved back), in batches of
/// one transaction each; `progress(done, total)` may stop it between
/// batches (what is scored stays). Returns how many were scored.
pub async fn record_all(
    pool: &SqlitePool,
    today: NaiveDate,
    mut progress: impl FnMut(usize, usize) -> ControlFlow<()>,
) -> Result<usize> {
    let ids = store::unscored(pool, today).await?;
    let total = ids.len();
    for (n, batch) in ids.chunks(100).enumerate() {
        let mut tx = crate::db::begin_upkeep(pool).await?;
        for id in batch {
            super::account::record_health(&mut tx, id, today).await?;
        }
        tx.commit().await?;
        if progress((n * 100 + batch.len()).min(total), total).is_break() {
            return Err(Error::Cancelled);
        }
    }
    Ok(total)
}
