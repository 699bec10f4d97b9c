//! The portfolio: every live account on one screen for the internal executive
//! business review — revenue and margin, health and its trend, blueprint
//! status, overdue goals, the next meeting, owner and sponsor. One query over
//! the narrow summary rows and indexed lookups, so it stays fast at 10,000
//! accounts. Health is read from its daily record: [`record_all`] scores every
//! account that has no score for today yet (the app runs it after unlocking).

use std::ops::ControlFlow;

use chrono::{DateTime, NaiveDate, Utc};
use serde::Serialize;
use sqlx::SqlitePool;

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
    pub flags: String,
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
    let rows = sqlx::query(
        "SELECT s.account_id, s.name, s.tier, s.currency, s.annual_revenue, a.annual_margin,
                h.score, h.on_date,
                (SELECT p.score FROM health_history p
                  WHERE p.account_id = s.account_id AND p.on_date <= date(h.on_date, '-90 days')
                  ORDER BY p.on_date DESC LIMIT 1) AS earlier,
                b.stage,
                EXISTS (SELECT 1 FROM blueprint_revisions r WHERE r.blueprint_id = b.id) AS approved,
                (SELECT count(*) FROM blueprint_goals g
                  WHERE g.blueprint_id = b.id AND g.status <> 'done' AND g.target_date < ?1) AS overdue,
                m.starts_utc, m.title,
                s.owner_name, s.sponsor_name, s.flags
           FROM account_summaries s
           JOIN accounts a ON a.id = s.account_id
           LEFT JOIN health_history h ON h.account_id = s.account_id
                 AND h.on_date = (SELECT max(x.on_date) FROM health_history x WHERE x.account_id = s.account_id)
           LEFT JOIN blueprints b ON b.id = (
                 SELECT y.id FROM blueprints y WHERE y.account_id = s.account_id AND y.deleted_at IS NULL
                  ORDER BY y.starts_on DESC, y.id LIMIT 1)
           LEFT JOIN meetings m ON m.id = (
                 SELECT z.id FROM meetings z
                  WHERE z.account_id = s.account_id AND z.deleted_at IS NULL AND z.state <> 'declined'
                    AND z.starts_utc >= ?2
                  ORDER BY z.starts_utc LIMIT 1)
          ORDER BY s.name COLLATE NOCASE, s.account_id",
    )
    .bind(&day)
    .bind(crate::text::timestamp(now))
    .fetch_all(pool)
    .await?;
    use sqlx::Row as _;
    let mut out = Vec::with_capacity(rows.len());
    let mut stale = 0;
    for r in &rows {
        let health: Option<u32> = r.try_get(6)?;
        let health_on: Option<String> = r.try_get(7)?;
        let earlier: Option<u32> = r.try_get(8)?;
        if health_on.as_deref() != Some(day.as_str()) {
            stale += 1;
        }
        out.push(PortfolioRow {
            account_id: r.try_get(0)?,
            name: r.try_get(1)?,
            tier: r.try_get(2)?,
            currency: r.try_get(3)?,
            revenue: r.try_get(4)?,
            margin: r.try_get(5)?,
            trend: match (health, earlier) {
                (Some(now), Some(then)) => Some(i32::try_from(now).unwrap_or(0) - i32::try_from(then).unwrap_or(0)),
                _ => None,
            },
            health,
            health_on,
            blueprint_stage: r.try_get(9)?,
            blueprint_approved: r.try_get(10)?,
            goals_overdue: r.try_get(11)?,
            next_meeting: r.try_get(12)?,
            next_meeting_title: r.try_get(13)?,
            owner: r.try_get(14)?,
            sponsor: r.try_get(15)?,
            flags: r.try_get(16)?,
        });
    }
    Ok(Portfolio { today: day, rows: out, stale })
}

/// Scores every live account that has no score for `today`, in batches of
/// one transaction each; `progress(done, total)` may stop it between
/// batches (what is scored stays). Returns how many were scored.
pub async fn record_all(
    pool: &SqlitePool,
    today: NaiveDate,
    mut progress: impl FnMut(usize, usize) -> ControlFlow<()>,
) -> Result<usize> {
    let ids: Vec<String> = sqlx::query_scalar(
        "SELECT s.account_id FROM account_summaries s
          WHERE NOT EXISTS (SELECT 1 FROM health_history h WHERE h.account_id = s.account_id AND h.on_date = ?1)
          ORDER BY s.account_id",
    )
    .bind(today.to_string())
    .fetch_all(pool)
    .await?;
    let total = ids.len();
    for (n, batch) in ids.chunks(100).enumerate() {
        let mut tx = crate::db::begin_write(pool).await?;
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
