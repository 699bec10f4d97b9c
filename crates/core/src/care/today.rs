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
use crate::kinds::MeetingState;
use crate::store::care as store;

/// Items shown per list; the total is given alongside.
pub const LIST_LIMIT: usize = 50;
/// Upcoming meetings: the rest of today and the next this many days, the
/// last one whole (a meeting a week from today is in the week).
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
    /// Visits submitted for the executive's review.
    pub awaiting_review: TodayList,
    /// Visits the executive challenged, waiting for the team's answers.
    pub challenged: TodayList,
    /// Meetings from now to the end of the day [`UPCOMING_DAYS`] from today.
    pub upcoming: TodayList,
    pub overdue_accounts: TodayList,
    pub overdue_ties: TodayList,
    pub feedback: TodayList,
    pub goals_overdue: TodayList,
    pub reviews: TodayList,
    /// Our promises still owed that are yours to keep (the name in Settings)
    /// or nobody's in particular, late first.
    pub promises: TodayList,
}

fn short(d: NaiveDate) -> String {
    d.format("%-d %b").to_string()
}

/// The Today screen for `today` (the user's calendar day) at `now`.
pub async fn today(pool: &SqlitePool, now: DateTime<Utc>, today: NaiveDate) -> Result<TodayView> {
    let mut conn = pool.acquire().await?;
    let day = today.to_string();

    // Visits waiting for the executive, oldest first; then those they sent
    // back with questions, which wait for the team's answers instead. The
    // first list is the Review badge's count too (one number on both screens).
    let (waiting, challenged): (Vec<_>, Vec<_>) =
        store::awaiting_review(&mut conn).await?.into_iter().partition(|m| m.state == MeetingState::Submitted);
    let visit = |m: store::TodayMeeting, detail: &str| TodayItem {
        open: Open::Meeting,
        id: m.id,
        account_id: m.account_id,
        account_name: m.account_name,
        title: m.title,
        detail: detail.into(),
        when: Some(m.starts_local),
    };
    let awaiting_review = TodayList::from(waiting.into_iter().map(|m| visit(m, "waiting for your review")).collect());
    let challenged = TodayList::from(
        challenged.into_iter().map(|m| visit(m, "challenged: waiting for the team's answers")).collect(),
    );

    // The next week's meetings, declined ones left out: from now to the end
    // of the seventh day from today, by the day each meeting is held on.
    let upcoming = TodayList::from(
        upcoming_meetings(&mut conn, now, today)
            .await?
            .into_iter()
            .map(|m| TodayItem {
                open: Open::Meeting,
                id: m.id,
                account_id: m.account_id,
                account_name: m.account_name,
                title: m.title,
                // `when` carries the day and time; the detail says what they are in.
                detail: format!("{}, {} time", m.state.as_str().replace('_', " "), m.time_zone.replace('_', " ")),
                when: Some(m.starts_local),
            })
            .collect(),
    );

    // Accounts past their target interval (tier default unless set): the
    // summary keeps each account's due day, so this walks one index.
    let defaults = store::TierDays {
        strategic: crate::kinds::Tier::Strategic.default_cadence_days(),
        key: crate::kinds::Tier::Key.default_cadence_days(),
        growth: crate::kinds::Tier::Growth.default_cadence_days(),
    };
    let (rows, total) = store::overdue_accounts(&mut conn, today, &defaults, LIST_LIMIT as i64).await?;
    let overdue_accounts = TodayList::capped(
        total,
        rows.into_iter()
            .filter_map(|a| {
                let every = u32::try_from(a.every_days).ok()?;
                let o = cadence::overdue(a.last_contact, a.created_at.date_naive(), every, today)?;
                Some(TodayItem {
                    open: Open::Account,
                    id: a.account_id.clone(),
                    account_id: a.account_id,
                    account_name: a.name.clone(),
                    title: a.name,
                    detail: o.message,
                    when: a.last_contact.map(|d| d.to_string()),
                })
            })
            .collect(),
    );

    // Ties past their own cadence, most overdue first (the refresh keeps each
    // tie's due day, cleared while its account or either person is in the
    // trash; an index walk finds the earliest and counts them).
    let (rows, total) = store::overdue_ties(&mut conn, today, LIST_LIMIT as i64).await?;
    let overdue_ties = TodayList::capped(
        total,
        rows.into_iter()
            .filter_map(|t| {
                let every = u32::try_from(t.cadence_days).ok()?;
                let o = cadence::overdue(t.last_contact, t.created_at.date_naive(), every, today)?;
                Some(TodayItem {
                    open: Open::Account,
                    id: t.account_id.clone(),
                    account_id: t.account_id,
                    account_name: t.account_name,
                    title: format!("{} and {}", t.ours_name, t.theirs_name),
                    detail: o.message,
                    when: t.last_contact.map(|d| d.to_string()),
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
    let goals_overdue = TodayList::from(
        store::overdue_goals(&mut conn, today)
            .await?
            .into_iter()
            .map(|g| {
                let late = (today - g.target_date).num_days();
                TodayItem {
                    open: Open::Blueprint,
                    id: g.blueprint_id,
                    account_id: g.account_id,
                    account_name: g.account_name,
                    title: g.title,
                    detail: format!(
                        "due {} ({} ago){}",
                        short(g.target_date),
                        super::days(late),
                        g.owner_name.map(|o| format!("; {o} owns it")).unwrap_or_default()
                    ),
                    when: Some(g.target_date.to_string()),
                }
            })
            .collect(),
    );

    // Annual customer reviews coming up or overdue.
    let reviews = TodayList::from(
        store::reviews_due(&mut conn, today + Duration::days(REVIEW_DAYS))
            .await?
            .into_iter()
            .map(|a| {
                let on = a.next_customer_review;
                let detail = match (on - today).num_days() {
                    d if d < 0 => format!("annual customer review was due {} ago", super::days(-d)),
                    0 => "annual customer review due today".into(),
                    d => format!("annual customer review in {}", super::days(d)),
                };
                TodayItem {
                    open: Open::Account,
                    id: a.id.clone(),
                    account_id: a.id,
                    account_name: a.name.clone(),
                    title: a.name,
                    detail,
                    when: Some(on.to_string()),
                }
            })
            .collect(),
    );

    let owner = crate::settings::get_in(&mut conn).await?.your_name;
    let promises = TodayList::from(
        crate::commitments::owed_by(&mut conn, owner.as_deref(), today)
            .await?
            .into_iter()
            .map(|c| TodayItem {
                open: Open::Account,
                id: c.account_id.clone(),
                detail: match &c.to_name {
                    Some(to) => format!("{}; promised to {to}", c.standing()),
                    None => c.standing(),
                },
                when: c.due_on.clone(),
                title: c.sentence,
                account_id: c.account_id,
                account_name: c.account_name,
            })
            .collect(),
    );

    Ok(TodayView {
        today: day,
        awaiting_review,
        challenged,
        upcoming,
        overdue_accounts,
        overdue_ties,
        feedback,
        goals_overdue,
        reviews,
        promises,
    })
}

/// Meetings from `now` to the end of the day [`UPCOMING_DAYS`] after `today`,
/// by the day each is held on where it is held (the day the meeting list shows).
/// The stored UTC window is a little wider than any time zone needs; the local
/// day decides.
async fn upcoming_meetings(
    conn: &mut sqlx::SqliteConnection,
    now: DateTime<Utc>,
    today: NaiveDate,
) -> Result<Vec<store::TodayMeeting>> {
    let last_day = today + Duration::days(UPCOMING_DAYS);
    let until = now + Duration::days(UPCOMING_DAYS + 3);
    let meetings = store::meetings_between(conn, &crate::text::timestamp(now), &crate::text::timestamp(until)).await?;
    Ok(meetings
        .into_iter()
        .filter(|m| m.starts_local.get(..10).and_then(|d| d.parse::<NaiveDate>().ok()).is_some_and(|d| d <= last_day))
        .collect())
}

fn first_words(text: &str) -> String {
    let line = text.lines().next().unwrap_or_default().trim();
    if line.chars().count() > 90 { format!("{}…", line.chars().take(89).collect::<String>()) } else { line.into() }
}
