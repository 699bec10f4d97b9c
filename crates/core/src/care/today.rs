//! Today: what needs someone this morning, across the whole book. Each item
//! says what it is, why it is here, and what to open to deal with it. Every
//! list is read with one query over indexed or narrow rows, so the screen
//! stays fast at 10,000 accounts; long lists show the most pressing items and
//! say how many there are in all.

use chrono::{DateTime, Duration, NaiveDate, Utc};
use serde::Serialize;
use sqlx::SqlitePool;

use super::cadence;
use super::feedback::FeedbackDue;
use crate::error::Result;

/// Items shown per list; the total is given alongside.
pub const LIST_LIMIT: usize = 50;
/// Upcoming meetings: the next this many days.
pub const UPCOMING_DAYS: i64 = 7;
/// Annual customer reviews due within this many days (or overdue).
pub const REVIEW_DAYS: i64 = 45;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "snake_case")]
pub enum Open {
    Meeting,
    Account,
    Feedback,
    Blueprint,
}

/// One thing that needs someone.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct TodayItem {
    /// What to open, and its id (a meeting, account, feedback or blueprint).
    pub open: Open,
    pub id: String,
    pub account_id: String,
    pub account_name: String,
    pub title: String,
    /// Why it is here, in words.
    pub detail: String,
    /// The date it is about (YYYY-MM-DD or a local date-time).
    pub when: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct TodayList {
    pub items: Vec<TodayItem>,
    /// All there are, before the cap.
    pub total: u32,
}

impl TodayList {
    /// The first items of a list the query already capped, and its full length.
    fn capped(total: i64, items: Vec<TodayItem>) -> Self {
        Self { items, total: u32::try_from(total).unwrap_or(u32::MAX) }
    }

    fn from(mut items: Vec<TodayItem>) -> Self {
        let total = u32::try_from(items.len()).unwrap_or(u32::MAX);
        items.truncate(LIST_LIMIT);
        Self { items, total }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct TodayView {
    /// YYYY-MM-DD: the day it was made for.
    pub today: String,
    pub awaiting_review: TodayList,
    pub upcoming: TodayList,
    pub overdue_accounts: TodayList,
    pub overdue_ties: TodayList,
    pub feedback: TodayList,
    pub goals_overdue: TodayList,
    pub reviews: TodayList,
}

fn date(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s.get(..10).unwrap_or(s), "%Y-%m-%d").unwrap_or_default()
}

fn short(d: NaiveDate) -> String {
    d.format("%-d %b").to_string()
}

/// The Today screen for `today` (the user's calendar day) at `now`.
pub async fn today(pool: &SqlitePool, now: DateTime<Utc>, today: NaiveDate) -> Result<TodayView> {
    let mut conn = pool.acquire().await?;
    let day = today.to_string();

    // Visits waiting for the executive, oldest submission first.
    let rows: Vec<(String, String, String, String, String, String)> = sqlx::query_as(
        "SELECT m.id, m.account_id, a.name, m.title, m.starts_local, m.state
           FROM meetings m JOIN accounts a ON a.id = m.account_id AND a.deleted_at IS NULL
          WHERE m.deleted_at IS NULL AND m.state IN ('submitted', 'challenged')
          ORDER BY m.state DESC, m.starts_utc",
    )
    .fetch_all(&mut *conn)
    .await?;
    let awaiting_review = TodayList::from(
        rows.into_iter()
            .map(|(id, account_id, account_name, title, starts, state)| TodayItem {
                open: Open::Meeting,
                id,
                account_id,
                account_name,
                title,
                detail: if state == "submitted" {
                    "waiting for your review".into()
                } else {
                    "challenged: waiting for the team's answers".into()
                },
                when: Some(starts),
            })
            .collect(),
    );

    // The next week's meetings, declined ones left out.
    let until = now + Duration::days(UPCOMING_DAYS);
    let rows: Vec<(String, String, String, String, String, String, String)> = sqlx::query_as(
        "SELECT m.id, m.account_id, a.name, m.title, m.starts_local, m.time_zone, m.state
           FROM meetings m JOIN accounts a ON a.id = m.account_id AND a.deleted_at IS NULL
          WHERE m.deleted_at IS NULL AND m.state NOT IN ('declined') AND m.starts_utc >= ?1 AND m.starts_utc < ?2
          ORDER BY m.starts_utc",
    )
    .bind(crate::text::timestamp(now))
    .bind(crate::text::timestamp(until))
    .fetch_all(&mut *conn)
    .await?;
    let upcoming = TodayList::from(
        rows.into_iter()
            .map(|(id, account_id, account_name, title, starts, zone, state)| TodayItem {
                open: Open::Meeting,
                id,
                account_id,
                account_name,
                title,
                // `when` carries the day and time; the detail says what they are in.
                detail: format!("{}, {} time", state.replace('_', " "), zone.replace('_', " ")),
                when: Some(starts),
            })
            .collect(),
    );

    // Accounts past their target interval (tier default unless set): the
    // summary keeps each account's due day, so this walks one index.
    let rows: Vec<(String, String, Option<String>, String, i64)> = sqlx::query_as(
        "SELECT s.account_id, s.name, s.last_contact, a.created_at,
                coalesce(a.cadence_days, CASE s.tier WHEN 'strategic' THEN ?2 WHEN 'key' THEN ?3 ELSE ?4 END)
           FROM account_summaries s JOIN accounts a ON a.id = s.account_id
          WHERE s.due_on < ?1
          ORDER BY s.due_on, s.name
          LIMIT ?5",
    )
    .bind(&day)
    .bind(cadence::default_days(crate::accounts::Tier::Strategic))
    .bind(cadence::default_days(crate::accounts::Tier::Key))
    .bind(cadence::default_days(crate::accounts::Tier::Growth))
    .bind(LIST_LIMIT as i64)
    .fetch_all(&mut *conn)
    .await?;
    let total: i64 = sqlx::query_scalar("SELECT count(*) FROM account_summaries WHERE due_on < ?1")
        .bind(&day)
        .fetch_one(&mut *conn)
        .await?;
    let overdue_accounts = TodayList::capped(
        total,
        rows.into_iter()
            .filter_map(|(account_id, name, last, created, every)| {
                let o = cadence::overdue(last.as_deref().map(date), date(&created), u32::try_from(every).ok()?, today)?;
                Some(TodayItem {
                    open: Open::Account,
                    id: account_id.clone(),
                    account_id,
                    account_name: name.clone(),
                    title: name,
                    detail: o.message,
                    when: last,
                })
            })
            .collect(),
    );

    // Ties past their own cadence, most overdue first (the refresh keeps each
    // tie's due day, cleared while its account or either person is in the
    // trash; an index walk finds the earliest and counts them).
    type TieRow = (String, String, String, String, String, i64, Option<String>, String);
    let rows: Vec<TieRow> = sqlx::query_as(
        "SELECT c.id, c.account_id, a.name, o.name, t.name, c.cadence_days, c.last_contact, c.created_at
           FROM connections c
           JOIN accounts a ON a.id = c.account_id AND a.deleted_at IS NULL
           JOIN people o ON o.id = c.ours_id
           JOIN people t ON t.id = c.theirs_id
          WHERE c.due_on IS NOT NULL AND c.deleted_at IS NULL AND c.due_on < ?1
          ORDER BY c.due_on, a.name, o.name
          LIMIT ?2",
    )
    .bind(&day)
    .bind(LIST_LIMIT as i64)
    .fetch_all(&mut *conn)
    .await?;
    let total: i64 = sqlx::query_scalar(
        "SELECT count(*) FROM connections c WHERE c.due_on IS NOT NULL AND c.deleted_at IS NULL AND c.due_on < ?1",
    )
    .bind(&day)
    .fetch_one(&mut *conn)
    .await?;
    let overdue_ties = TodayList::capped(
        total,
        rows.into_iter()
            .filter_map(|(_, account_id, account_name, ours, theirs, every, last, created)| {
                let o = cadence::overdue(last.as_deref().map(date), date(&created), u32::try_from(every).ok()?, today)?;
                Some(TodayItem {
                    open: Open::Account,
                    id: account_id.clone(),
                    account_id,
                    account_name,
                    title: format!("{ours} and {theirs}"),
                    detail: o.message,
                    when: last,
                })
            })
            .collect(),
    );
    drop(conn);

    // Feedback due for reconsideration or thanks.
    let feedback = TodayList::from(
        super::store::feedback_due(pool, today)
            .await?
            .into_iter()
            .map(|(account_name, f)| {
                let detail = f
                    .due
                    .iter()
                    .map(|d| match d {
                        FeedbackDue::Reconsider { message, .. } | FeedbackDue::Thank { message, .. } => message.clone(),
                    })
                    .collect::<Vec<_>>()
                    .join("; ");
                let who = f.person_name.clone().map(|n| format!("{n}: ")).unwrap_or_default();
                TodayItem {
                    open: Open::Feedback,
                    id: f.id.clone(),
                    account_id: f.account_id.clone(),
                    account_name,
                    title: format!("{who}{}", first_words(&f.text)),
                    detail,
                    when: Some(f.received_on.clone()),
                }
            })
            .collect(),
    );

    let mut conn = pool.acquire().await?;
    // Goals of approved blueprints past their date and not done.
    let rows: Vec<(String, String, String, String, String, Option<String>)> = sqlx::query_as(
        "SELECT b.id, b.account_id, a.name, g.title, g.target_date, o.name
           FROM blueprint_goals g
           JOIN blueprints b ON b.id = g.blueprint_id AND b.deleted_at IS NULL
           JOIN accounts a ON a.id = b.account_id AND a.deleted_at IS NULL
           LEFT JOIN people o ON o.id = g.owner_id AND o.deleted_at IS NULL
          WHERE g.status <> 'done' AND g.target_date < ?1
            AND EXISTS (SELECT 1 FROM blueprint_revisions r WHERE r.blueprint_id = b.id)
          ORDER BY g.target_date, a.name",
    )
    .bind(&day)
    .fetch_all(&mut *conn)
    .await?;
    let goals_overdue = TodayList::from(
        rows.into_iter()
            .map(|(id, account_id, account_name, title, target, owner)| {
                let late = (today - date(&target)).num_days();
                TodayItem {
                    open: Open::Blueprint,
                    id,
                    account_id,
                    account_name,
                    title,
                    detail: format!(
                        "due {} ({} ago){}",
                        short(date(&target)),
                        super::days(late),
                        owner.map(|o| format!("; {o} owns it")).unwrap_or_default()
                    ),
                    when: Some(target),
                }
            })
            .collect(),
    );

    // Annual customer reviews coming up or overdue.
    let horizon = (today + Duration::days(REVIEW_DAYS)).to_string();
    let rows: Vec<(String, String, String)> = sqlx::query_as(
        "SELECT id, name, next_customer_review FROM accounts
          WHERE deleted_at IS NULL AND next_customer_review IS NOT NULL AND next_customer_review <= ?1
          ORDER BY next_customer_review, name",
    )
    .bind(&horizon)
    .fetch_all(&mut *conn)
    .await?;
    let reviews = TodayList::from(
        rows.into_iter()
            .map(|(id, name, on)| {
                let days = (date(&on) - today).num_days();
                let detail = match days {
                    d if d < 0 => format!("annual customer review was due {} ago", super::days(-d)),
                    0 => "annual customer review due today".into(),
                    d => format!("annual customer review in {}", super::days(d)),
                };
                TodayItem {
                    open: Open::Account,
                    id: id.clone(),
                    account_id: id,
                    account_name: name.clone(),
                    title: name,
                    detail,
                    when: Some(on),
                }
            })
            .collect(),
    );

    Ok(TodayView {
        today: day,
        awaiting_review,
        upcoming,
        overdue_accounts,
        overdue_ties,
        feedback,
        goals_overdue,
        reviews,
    })
}

fn first_words(text: &str) -> String {
    let line = text.lines().next().unwrap_or_default().trim();
    if line.chars().count() > 90 { format!("{}…", line.chars().take(89).collect::<String>()) } else { line.into() }
}
