//! One account's care: its target cadence and how overdue it is, backsliding,
//! the cadence picture, the ownership check, and the health score (recorded
//! once a day for the trend). Everything is read from the vault and handed to
//! the pure rules in [`cadence`](super::cadence) and [`health`](super::health).

use chrono::{DateTime, Duration, NaiveDate, Utc};
use serde::Serialize;
use sqlx::{SqliteConnection, SqlitePool};

use super::cadence::{self, Backslide, Contact, MonthContacts, Overdue};
use super::health::{self, Health, HealthInputs};
use crate::analysis::{DecisionRole, FindingKind};
use crate::error::{Error, Result};
pub use crate::kinds::OwnershipQuestion;
use crate::kinds::Tier;
use crate::store::care as store;
use crate::text;

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct OwnershipAnswer {
    pub question: OwnershipQuestion,
    /// The question in words.
    pub asks: String,
    pub answer: Option<String>,
}

/// One day's score.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct HealthPoint {
    /// YYYY-MM-DD.
    pub on: String,
    pub score: u32,
}

/// A tie past its own cadence.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct OverdueTie {
    pub connection_id: String,
    pub ours_name: String,
    pub theirs_name: String,
    pub every_days: u32,
    pub overdue: Overdue,
}

/// The account page's care section.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct AccountCare {
    pub health: Health,
    /// Oldest first, one point per day it was recorded.
    pub history: Vec<HealthPoint>,
    /// The target interval in days, and whether it is the tier's default.
    pub every_days: u32,
    pub default_cadence: bool,
    pub overdue: Option<Overdue>,
    pub backslides: Vec<Backslide>,
    /// The last twelve months of contact by level.
    pub months: Vec<MonthContacts>,
    pub overdue_ties: Vec<OverdueTie>,
    pub ownership: Vec<OwnershipAnswer>,
}

/// The interval an account aims for, and whether it is the tier's default.
pub(crate) async fn target(conn: &mut SqliteConnection, account_id: &str) -> Result<(u32, bool, NaiveDate)> {
    let t = store::target(conn, account_id).await?.ok_or_else(|| Error::NotFound("account".into()))?;
    let default = Tier::parse(&t.tier)?.default_cadence_days();
    Ok((t.cadence_days.unwrap_or(default), t.cadence_days.is_none(), t.created_at.date_naive()))
}

/// Contacts of the last year and a bit, with the highest level of theirs in each.
pub(crate) async fn contacts(conn: &mut SqliteConnection, account_id: &str, today: NaiveDate) -> Result<Vec<Contact>> {
    Ok(store::contacts(conn, account_id, today - Duration::days(400))
        .await?
        .into_iter()
        .map(|c| Contact { on: c.occurred_on, their_level: c.their_level.and_then(|l| u8::try_from(l).ok()) })
        .collect())
}

/// The last contact on or before `today`, however long ago (the contacts
/// above reach back only a year and a bit).
async fn last_contact(conn: &mut SqliteConnection, account_id: &str, today: NaiveDate) -> Result<Option<NaiveDate>> {
    store::last_contact(conn, account_id, today).await
}

fn counted(n: i64) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

/// Everything the health score is made of, read fresh, with the
/// backsliding rules that fire.
pub(crate) async fn inputs(
    conn: &mut SqliteConnection,
    account_id: &str,
    today: NaiveDate,
) -> Result<(HealthInputs, Vec<cadence::Backslide>)> {
    let (every_days, _, started) = target(conn, account_id).await?;
    let contacts = contacts(conn, account_id, today).await?;
    let last = last_contact(conn, account_id, today).await?;
    let days_over = cadence::overdue(last, started, every_days, today).map_or(0, |o| o.days_over);
    let slides = cadence::backslides(&contacts, today);
    let relationship = crate::relationship::load(conn, account_id).await?;
    let analysis = &relationship.analysis;
    let roles_connected = u32::try_from(analysis.coverage.roles_connected.len()).unwrap_or(0);
    let roles = roles_connected + u32::try_from(analysis.coverage.roles_unconnected.len()).unwrap_or(0);
    let mix = &analysis.dimension_mix;
    let key_people = analysis
        .findings
        .iter()
        .filter(|f| f.kind == FindingKind::KeyPerson)
        .flat_map(|f| f.people.iter())
        .collect::<std::collections::BTreeSet<_>>()
        .len();
    let plan = crate::blueprint::plan::current(conn, account_id, today).await?;
    let (goal_progress, goals_overdue) = match plan.as_ref().filter(|p| p.blueprint.approved().is_some()) {
        Some(p) => {
            let progress = p.blueprint.progress(today);
            (Some(progress.overall.unwrap_or(0.0)), progress.overdue)
        }
        None => (None, 0),
    };
    // The last year's feedback: how much, how much nobody picked up within
    // two weeks, how much not thanked within the days allowed, and how much
    // is late either way (an item both ignored and unthanked counts once).
    let counts = store::feedback_counts(
        conn,
        account_id,
        today - Duration::days(365),
        today - Duration::days(14),
        today - Duration::days(super::feedback::THANKS_WITHIN_DAYS),
    )
    .await?;
    let (promises_kept, promises_late) = crate::commitments::health_counts(conn, account_id, today).await?;
    let inputs = HealthInputs {
        every_days,
        days_over,
        backslides: u32::try_from(slides.len()).unwrap_or(0),
        roles,
        roles_connected,
        decision_maker: analysis
            .coverage
            .roles_connected
            .iter()
            .chain(&analysis.coverage.roles_unconnected)
            .any(|r| *r == DecisionRole::DecisionMaker),
        formal_share: (mix.total_strength > 0).then_some(mix.formal),
        key_people: u32::try_from(key_people).unwrap_or(0),
        goal_progress,
        goals_overdue,
        open_horror: counted(store::open_horror(conn, account_id).await?),
        feedback: counted(counts.received),
        feedback_ignored: counted(counts.ignored),
        feedback_unthanked: counted(counts.unthanked),
        feedback_late: counted(counts.late),
        promises_kept,
        promises_late,
        ownership_questions: u32::try_from(OwnershipQuestion::ALL.len()).unwrap_or(0),
        ownership_answered: counted(store::ownership_answered(conn, account_id).await?),
    };
    Ok((inputs, slides))
}

/// Computes today's score and keeps it (one row per account per day).
pub async fn record_health(conn: &mut SqliteConnection, account_id: &str, today: NaiveDate) -> Result<Health> {
    let (inputs, slides) = inputs(conn, account_id, today).await?;
    let health = health::score(&inputs);
    let parts: Vec<(&str, u32)> = health.parts.iter().map(|p| (p.part.as_str(), p.points)).collect();
    let parts = serde_json::to_string(&parts).map_err(|e| Error::Internal(e.to_string()))?;
    store::record_score(conn, account_id, today, health.score, &parts).await?;
    let codes: Vec<&str> = slides.iter().map(cadence::Backslide::code).collect();
    crate::summary::write_health(conn, account_id, Some(&codes.join(" "))).await?;
    Ok(health)
}

async fn history(conn: &mut SqliteConnection, account_id: &str) -> Result<Vec<HealthPoint>> {
    Ok(store::scores(conn, account_id)
        .await?
        .into_iter()
        .map(|r| HealthPoint { on: r.on_date.to_string(), score: r.score })
        .collect())
}

async fn overdue_ties(conn: &mut SqliteConnection, account_id: &str, today: NaiveDate) -> Result<Vec<OverdueTie>> {
    let mut out = Vec::new();
    for t in store::ties_with_cadence(conn, account_id).await? {
        if let Some(overdue) = cadence::overdue(t.last_contact, t.created_at.date_naive(), t.cadence_days, today) {
            out.push(OverdueTie {
                connection_id: t.id,
                ours_name: t.ours_name,
                theirs_name: t.theirs_name,
                every_days: t.cadence_days,
                overdue,
            });
        }
    }
    out.sort_by_key(|t| std::cmp::Reverse(t.overdue.days_over));
    Ok(out)
}

async fn ownership(conn: &mut SqliteConnection, account_id: &str) -> Result<Vec<OwnershipAnswer>> {
    let rows = store::ownership(conn, account_id).await?;
    Ok(OwnershipQuestion::ALL
        .iter()
        .map(|&q| OwnershipAnswer {
            question: q,
            asks: crate::text::capitalised(q.label()),
            answer: rows.iter().find(|r| r.question == q).map(|r| r.answer.clone()),
        })
        .collect())
}

/// The account's care section; records today's health score on the way.
pub async fn account_care(pool: &SqlitePool, account_id: &str, today: NaiveDate) -> Result<AccountCare> {
    let mut tx = crate::db::begin_upkeep(pool).await?;
    let (every_days, default_cadence, started) = target(&mut tx, account_id).await?;
    let health = record_health(&mut tx, account_id, today).await?;
    let contacts = contacts(&mut tx, account_id, today).await?;
    let last = last_contact(&mut tx, account_id, today).await?;
    let care = AccountCare {
        health,
        history: history(&mut tx, account_id).await?,
        every_days,
        default_cadence,
        overdue: cadence::overdue(last, started, every_days, today),
        backslides: cadence::backslides(&contacts, today),
        months: cadence::by_month(&contacts, today, 12),
        overdue_ties: overdue_ties(&mut tx, account_id, today).await?,
        ownership: ownership(&mut tx, account_id).await?,
    };
    tx.commit().await?;
    Ok(care)
}

/// Answers one ownership question (blank clears it) and re-scores the account.
pub async fn answer_ownership(
    pool: &SqlitePool,
    account_id: &str,
    question: OwnershipQuestion,
    answer: Option<&str>,
    now: DateTime<Utc>,
    today: NaiveDate,
) -> Result<AccountCare> {
    let answer = text::optional_text("answer", answer)?;
    {
        let mut tx = crate::db::begin_write(pool, now).await?;
        target(&mut tx, account_id).await?;
        store::set_ownership(&mut tx, account_id, question, answer.as_deref(), &text::timestamp(now)).await?;
        tx.commit().await?;
    }
    account_care(pool, account_id, today).await
}

/// Sets the account's target interval (`None`: the tier's default).
pub async fn set_cadence(
    pool: &SqlitePool,
    account_id: &str,
    every_days: Option<u32>,
    now: DateTime<Utc>,
    today: NaiveDate,
) -> Result<AccountCare> {
    crate::kinds::check_cadence_days(every_days)?;
    {
        let mut tx = crate::db::begin_write(pool, now).await?;
        target(&mut tx, account_id).await?;
        store::set_cadence(&mut tx, account_id, every_days).await?;
        crate::summary::refresh(&mut tx, account_id).await?;
        tx.commit().await?;
    }
    account_care(pool, account_id, today).await
}
