//! One account's care: its target cadence and how overdue it is, backsliding,
//! the cadence picture, the ownership check, and the health score (recorded
//! once a day for the trend). Everything is read from the vault and handed to
//! the pure rules in [`cadence`](super::cadence) and [`health`](super::health).

use chrono::{DateTime, Duration, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use sqlx::{SqliteConnection, SqlitePool};

use super::cadence::{self, Backslide, Contact, MonthContacts, Overdue};
use super::health::{self, Health, HealthInputs};
use crate::accounts::Tier;
use crate::analysis::{DecisionRole, FindingKind};
use crate::error::{Error, Result};
use crate::text;

crate::kinds::text_enum!(
    /// The ownership check: what we should be able to say about every key
    /// account. The label is the question as the screen asks it.
    OwnershipQuestion, field = "question", {
        Owner => "owner" / "who owns this relationship on our side, by name",
        Function => "function" / "which function they sit in, and why that one",
        Investment => "investment" / "what we put into this relationship (people, time, money)",
        Environment => "environment" / "what is changing in their world, as they would put it",
        Evolution => "evolution" / "what both sides agreed about where the relationship should go",
        BothWin => "both_win" / "how each side wins from it today",
    }
);

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

fn day(value: &str) -> Result<NaiveDate> {
    NaiveDate::parse_from_str(value.get(..10).unwrap_or(value), "%Y-%m-%d")
        .map_err(|_| Error::Corrupt(format!("date \"{value}\" in the vault")))
}

/// The interval an account aims for, and whether it is the tier's default.
pub(crate) async fn target(conn: &mut SqliteConnection, account_id: &str) -> Result<(u32, bool, NaiveDate)> {
    let row: Option<(String, Option<u32>, String)> =
        sqlx::query_as("SELECT tier, cadence_days, created_at FROM accounts WHERE id = ?1 AND deleted_at IS NULL")
            .bind(account_id)
            .fetch_optional(&mut *conn)
            .await?;
    let (tier, every, created) = row.ok_or_else(|| Error::NotFound("account".into()))?;
    let default = cadence::default_days(Tier::parse(&tier)?);
    Ok((every.unwrap_or(default), every.is_none(), day(&created)?))
}

/// Contacts of the last year and a bit, with the highest level of theirs in each.
pub(crate) async fn contacts(conn: &mut SqliteConnection, account_id: &str, today: NaiveDate) -> Result<Vec<Contact>> {
    let since = (today - Duration::days(400)).to_string();
    let rows: Vec<(String, Option<i64>)> = sqlx::query_as(
        "SELECT i.occurred_on, min(p.org_level)
           FROM interactions i
           LEFT JOIN interaction_people ip ON ip.interaction_id = i.id
           LEFT JOIN people p ON p.id = ip.person_id AND p.side = 'theirs' AND p.deleted_at IS NULL
          WHERE i.account_id = ?1 AND i.deleted_at IS NULL AND i.occurred_on >= ?2
          GROUP BY i.id",
    )
    .bind(account_id)
    .bind(since)
    .fetch_all(&mut *conn)
    .await?;
    rows.into_iter()
        .map(|(on, level)| Ok(Contact { on: day(&on)?, their_level: level.and_then(|l| u8::try_from(l).ok()) }))
        .collect()
}

/// The last contact on or before `today`, however long ago (the contacts
/// above reach back only a year and a bit).
async fn last_contact(conn: &mut SqliteConnection, account_id: &str, today: NaiveDate) -> Result<Option<NaiveDate>> {
    let last: Option<String> = sqlx::query_scalar(
        "SELECT max(occurred_on) FROM interactions WHERE account_id = ?1 AND deleted_at IS NULL AND occurred_on <= ?2",
    )
    .bind(account_id)
    .bind(today.to_string())
    .fetch_one(&mut *conn)
    .await?;
    last.as_deref().map(day).transpose()
}

/// `count(*)` of one of the queries below, for one account.
async fn count(conn: &mut SqliteConnection, sql: &'static str, account_id: &str) -> Result<u32> {
    let n: i64 = sqlx::query_scalar(sql).bind(account_id).fetch_one(&mut *conn).await?;
    Ok(u32::try_from(n).unwrap_or(u32::MAX))
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
    let relationship = crate::summary::load(conn, account_id).await?;
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
    let plan = crate::brief::plan_of(conn, account_id, today).await?;
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
    let (feedback, ignored, unthanked, late): (i64, i64, i64, i64) = sqlx::query_as(
        "SELECT count(*), coalesce(sum(ignored), 0), coalesce(sum(unthanked), 0),
                coalesce(sum(ignored OR unthanked), 0)
           FROM (SELECT state = 'new' AND received_on < ?3 AS ignored,
                        thanked_on IS NULL AND received_on < ?4 AS unthanked
                   FROM feedback WHERE account_id = ?1 AND deleted_at IS NULL AND received_on >= ?2)",
    )
    .bind(account_id)
    .bind((today - Duration::days(365)).to_string())
    .bind((today - Duration::days(14)).to_string())
    .bind((today - Duration::days(super::feedback::THANKS_WITHIN_DAYS)).to_string())
    .fetch_one(&mut *conn)
    .await?;
    let counted = |n: i64| u32::try_from(n).unwrap_or(u32::MAX);
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
        open_horror: count(
            conn,
            "SELECT count(*) FROM stories WHERE account_id = ?1 AND deleted_at IS NULL AND kind = 'horror'
               AND resolved = 0",
            account_id,
        )
        .await?,
        feedback: counted(feedback),
        feedback_ignored: counted(ignored),
        feedback_unthanked: counted(unthanked),
        feedback_late: counted(late),
        ownership_questions: u32::try_from(OwnershipQuestion::ALL.len()).unwrap_or(0),
        ownership_answered: count(conn, "SELECT count(*) FROM ownership_answers WHERE account_id = ?1", account_id)
            .await?,
    };
    Ok((inputs, slides))
}

/// Computes today's score and keeps it (one row per account per day).
pub async fn record_health(conn: &mut SqliteConnection, account_id: &str, today: NaiveDate) -> Result<Health> {
    let (inputs, slides) = inputs(conn, account_id, today).await?;
    let health = health::score(&inputs);
    let parts: Vec<(&str, u32)> = health.parts.iter().map(|p| (p.part.as_str(), p.points)).collect();
    let parts = serde_json::to_string(&parts).map_err(|e| Error::Internal(e.to_string()))?;
    sqlx::query(
        "INSERT INTO health_history (account_id, on_date, score, parts) VALUES (?1, ?2, ?3, ?4)
         ON CONFLICT (account_id, on_date) DO UPDATE SET score = excluded.score, parts = excluded.parts",
    )
    .bind(account_id)
    .bind(today.to_string())
    .bind(health.score)
    .bind(parts)
    .execute(&mut *conn)
    .await?;
    let codes: Vec<&str> = slides.iter().map(cadence::Backslide::code).collect();
    crate::summary::write_health(conn, account_id, Some(&codes.join(" "))).await?;
    Ok(health)
}

async fn history(conn: &mut SqliteConnection, account_id: &str) -> Result<Vec<HealthPoint>> {
    let rows: Vec<(String, u32)> = sqlx::query_as(
        "SELECT on_date, score FROM health_history WHERE account_id = ?1 ORDER BY on_date DESC LIMIT 730",
    )
    .bind(account_id)
    .fetch_all(&mut *conn)
    .await?;
    Ok(rows.into_iter().rev().map(|(on, score)| HealthPoint { on, score }).collect())
}

async fn overdue_ties(conn: &mut SqliteConnection, account_id: &str, today: NaiveDate) -> Result<Vec<OverdueTie>> {
    let rows: Vec<(String, String, String, u32, Option<String>, String)> = sqlx::query_as(
        "SELECT c.id, o.name, t.name, c.cadence_days, c.last_contact, c.created_at
           FROM connections c JOIN people o ON o.id = c.ours_id JOIN people t ON t.id = c.theirs_id
          WHERE c.account_id = ?1 AND c.deleted_at IS NULL AND c.cadence_days IS NOT NULL
            AND o.deleted_at IS NULL AND t.deleted_at IS NULL AND o.active = 1 AND t.active = 1
          ORDER BY o.name, t.name",
    )
    .bind(account_id)
    .fetch_all(&mut *conn)
    .await?;
    let mut out = Vec::new();
    for (connection_id, ours_name, theirs_name, every_days, last, created) in rows {
        let last = last.as_deref().map(day).transpose()?;
        if let Some(overdue) = cadence::overdue(last, day(&created)?, every_days, today) {
            out.push(OverdueTie { connection_id, ours_name, theirs_name, every_days, overdue });
        }
    }
    out.sort_by_key(|t| std::cmp::Reverse(t.overdue.days_over));
    Ok(out)
}

async fn ownership(conn: &mut SqliteConnection, account_id: &str) -> Result<Vec<OwnershipAnswer>> {
    let rows: Vec<(String, String)> =
        sqlx::query_as("SELECT question, answer FROM ownership_answers WHERE account_id = ?1")
            .bind(account_id)
            .fetch_all(&mut *conn)
            .await?;
    Ok(OwnershipQuestion::ALL
        .iter()
        .map(|&q| OwnershipAnswer {
            question: q,
            asks: crate::text::capitalised(q.label()),
            answer: rows.iter().find(|(k, _)| k == q.as_str()).map(|(_, a)| a.clone()),
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
        match answer {
            Some(a) => {
                sqlx::query(
                    "INSERT INTO ownership_answers (account_id, question, answer, updated_at) VALUES (?1, ?2, ?3, ?4)
                     ON CONFLICT (account_id, question) DO UPDATE SET answer = excluded.answer,
                                                                      updated_at = excluded.updated_at",
                )
                .bind(account_id)
                .bind(question.as_str())
                .bind(a)
                .bind(text::timestamp(now))
                .execute(&mut *tx)
                .await?;
            }
            None => {
                sqlx::query("DELETE FROM ownership_answers WHERE account_id = ?1 AND question = ?2")
                    .bind(account_id)
                    .bind(question.as_str())
                    .execute(&mut *tx)
                    .await?;
            }
        }
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
    if every_days.is_some_and(|d| !(1..=3650).contains(&d)) {
        return Err(Error::validation("cadence_days", "must be between 1 and 3650 days"));
    }
    {
        let mut tx = crate::db::begin_write(pool, now).await?;
        target(&mut tx, account_id).await?;
        sqlx::query("UPDATE accounts SET cadence_days = ?2 WHERE id = ?1")
            .bind(account_id)
            .bind(every_days)
            .execute(&mut *tx)
            .await?;
        crate::summary::refresh(&mut tx, account_id).await?;
        tx.commit().await?;
    }
    account_care(pool, account_id, today).await
}
