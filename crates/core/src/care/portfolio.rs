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

/// One summary row as SQLite's `json_array` writes it: id, name, tier,
/// currency, revenue, margin, health, health_on, trend, owner, sponsor, flags,
/// backslides, due_on.
type Line = (
    String,
    String,
    String,
    Option<String>,
    Option<i64>,
    Option<i64>,
    Option<u32>,
    Option<String>,
    Option<i32>,
    Option<String>,
    Option<String>,
    String,
    String,
    Option<String>,
);

/// Every live account, by name.
pub async fn portfolio(pool: &SqlitePool, now: DateTime<Utc>, today: NaiveDate) -> Result<Portfolio> {
    let day = today.to_string();
    let mut conn = pool.acquire().await?;

    // The latest live blueprint per account, whether it has an approved
    // revision, and its goals past their date and not done.
    let blueprints: Vec<(String, String, String, bool, i64)> = sqlx::query_as(
        "SELECT b.account_id, b.id, b.stage,
                EXISTS (SELECT 1 FROM blueprint_revisions r WHERE r.blueprint_id = b.id),
                (SELECT count(*) FROM blueprint_goals g
                  WHERE g.blueprint_id = b.id AND g.status <> 'done' AND g.target_date < ?1)
           FROM blueprints b
          WHERE b.deleted_at IS NULL
          ORDER BY b.account_id, b.starts_on DESC, b.id",
    )
    .bind(&day)
    .fetch_all(&mut *conn)
    .await?;
    let mut latest: HashMap<String, (String, bool, u32)> = HashMap::new();
    for (account_id, _, stage, approved, overdue) in blueprints {
        latest.entry(account_id).or_insert((stage, approved, u32::try_from(overdue).unwrap_or(0)));
    }

    let mut next: HashMap<String, (String, String)> = next_meetings(&mut conn, now)
        .await?
        .into_iter()
        .map(|(account, starts, title, _)| (account, (starts, title)))
        .collect();

    // SQLite builds the rows as one JSON array: 10,000 rows cross from the
    // database in one value instead of one message each, which is most of
    // the cost at that size. Sorted here, by name with Unicode case folding.
    let json: String = sqlx::query_scalar(
        "SELECT json_group_array(json_array(account_id, name, tier, currency, annual_revenue, annual_margin,
                health, health_on, health_trend, owner_name, sponsor_name, flags, backslides, due_on))
           FROM account_summaries",
    )
    .fetch_one(&mut *conn)
    .await?;
    let lines: Vec<Line> = serde_json::from_str(&json).map_err(|e| Error::Internal(format!("portfolio rows: {e}")))?;
    let mut out = Vec::with_capacity(lines.len());
    let mut stale = 0;
    for line in lines {
        let (
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
        ) = line;
        // ISO days compare as text. A score dated later than today (the
        // clock was moved back) is not stale either.
        if health_on.as_deref().is_none_or(|on| on < day.as_str()) {
            stale += 1;
        }
        let days_overdue = due_on
            .and_then(|d| NaiveDate::parse_from_str(&d, "%Y-%m-%d").ok())
            .map_or(0, |d| u32::try_from((today - d).num_days()).unwrap_or(0));
        let (blueprint_stage, blueprint_approved, goals_overdue) = match latest.remove(&account_id) {
            Some((stage, approved, overdue)) => (Some(stage), approved, overdue),
            None => (None, false, 0),
        };
        let (next_meeting, next_meeting_title) = next.remove(&account_id).unzip();
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
    // SQLite gives the bare columns of the row holding the minimum.
    Ok(sqlx::query_as(
        "SELECT account_id, min(starts_utc), title, starts_local FROM meetings
          WHERE deleted_at IS NULL AND state <> 'declined' AND starts_utc >= ?1
          GROUP BY account_id",
    )
    .bind(crate::text::timestamp(now))
    .fetch_all(&mut *conn)
    .await?)
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
    let ids: Vec<String> = sqlx::query_scalar(
        "SELECT account_id FROM account_summaries WHERE health_on IS NULL OR health_on < ?1 ORDER BY account_id",
    )
    .bind(today.to_string())
    .fetch_all(pool)
    .await?;
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
