//! Blueprints in the vault: load the aggregate from its rows, apply one
//! command, write back only what changed, all in one write transaction. The
//! store is where the outside world is checked: people named in a command are
//! looked up (their side comes from the vault, never from the caller), and the
//! approver is the account's executive sponsor.

use std::collections::HashMap;

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use sqlx::{SqliteConnection, SqlitePool};

use super::{
    Ballot, Blueprint, BlueprintCommand, BlueprintStage, ChartPoint, CheckIn, Goal, GoalStatus, Idea, IdeaKind,
    Involved, Measure, NewBlueprint, Participant, Period, PersonRef, PlannedConnection, Progress, RankedIdea, Refusal,
    Review, RevisionDiff, RevisionSnapshot, RoomCheck, StageAction, Verdict,
};
use crate::error::{Error, Result};
use crate::kinds::{Function, Side};
use crate::text;

// ---------------------------------------------------------------------------
// What the screens see

/// A blueprint in a list.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct BlueprintSummary {
    pub id: String,
    pub account_id: String,
    pub account_name: String,
    pub period: Period,
    pub stage: BlueprintStage,
    pub revision: u32,
    /// The latest approved revision, if any.
    pub approved_revision: Option<u32>,
    pub ideas: u32,
    pub goals: u32,
    pub overdue_goals: u32,
    /// Mean progress over the tracked goals, 0 to 100.
    pub progress: Option<f64>,
    pub updated_at: String,
}

/// Someone a blueprint can name: our people, and theirs of the account.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct PlanPerson {
    pub id: String,
    pub name: String,
    pub title: Option<String>,
    pub side: Side,
    /// Ours: the function they work in.
    pub function: Option<Function>,
    /// Left the company or in the trash: kept on the plan, not offered.
    pub gone: bool,
}

/// A move between stages, and whether it is open now.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct StageCheck {
    pub action: StageAction,
    pub allowed: bool,
    pub reason: Option<String>,
}

/// Text being typed and not yet committed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct Draft {
    pub slot: String,
    pub text: String,
}

/// Everything the blueprint screen shows, in one read.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct BlueprintView {
    pub blueprint: Blueprint,
    pub account_name: String,
    /// The account's executive sponsor, who approves.
    pub sponsor: Option<PlanPerson>,
    pub people: Vec<PlanPerson>,
    pub ranked: Vec<RankedIdea>,
    pub chart: Vec<ChartPoint>,
    pub room: RoomCheck,
    pub progress: Progress,
    /// Every stage move with whether it is open and why not (approve and send
    /// back as the sponsor would make them).
    pub actions: Vec<StageCheck>,
    pub drafts: Vec<Draft>,
    pub updated_at: String,
}

/// A new blueprint from the screen or the CLI.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct BlueprintInput {
    pub account_id: String,
    /// YYYY-MM-DD.
    pub starts_on: String,
    pub ends_on: String,
    /// Blank for the default question.
    pub question: Option<String>,
}

// ---------------------------------------------------------------------------
// Reading

/// Starts a blueprint for an account and period (periods of one account may
/// not overlap).
pub async fn create(pool: &SqlitePool, input: &BlueprintInput, now: DateTime<Utc>) -> Result<BlueprintView> {
    let period = Period {
        starts_on: text::date("starts_on", &input.starts_on)?,
        ends_on: text::date("ends_on", &input.ends_on)?,
    };
    let blueprint = Blueprint::new(NewBlueprint {
        id: text::new_id(),
        account_id: input.account_id.clone(),
        period,
        question: input.question.clone(),
    })?;
    let mut tx = crate::db::begin_write(pool, now).await?;
    live_account(&mut tx, &blueprint.account_id).await?;
    check_no_overlap(&mut tx, &blueprint).await?;
    insert(&mut tx, &blueprint, now).await?;
    let view = view_in(&mut tx, &blueprint.id, now.date_naive()).await?;
    tx.commit().await?;
    Ok(view)
}

/// Writes a whole blueprint as new rows (creating, importing, the sample).
pub(crate) async fn insert(conn: &mut SqliteConnection, blueprint: &Blueprint, now: DateTime<Utc>) -> Result<()> {
    let stamp = text::timestamp(now);
    sqlx::query(
        "INSERT INTO blueprints (id, account_id, starts_on, ends_on, question, stage, revision, created_at, updated_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?8)",
    )
    .bind(&blueprint.id)
    .bind(&blueprint.account_id)
    .bind(blueprint.period.starts_on.to_string())
    .bind(blueprint.period.ends_on.to_string())
    .bind(&blueprint.question)
    .bind(blueprint.stage.as_str())
    .bind(blueprint.revision)
    .bind(&stamp)
    .execute(&mut *conn)
    .await?;
    write_changes(conn, &blank_like(blueprint), blueprint).await
}

fn blank_like(b: &Blueprint) -> Blueprint {
    Blueprint {
        id: b.id.clone(),
        account_id: b.account_id.clone(),
        period: b.period,
        question: b.question.clone(),
        participants: vec![],
        ideas: vec![],
        ballots: vec![],
        goals: vec![],
        stage: b.stage,
        revision: b.revision,
        reviews: vec![],
        revisions: vec![],
        check_ins: vec![],
    }
}

async fn live_account(conn: &mut SqliteConnection, account_id: &str) -> Result<String> {
    sqlx::query_scalar("SELECT name FROM accounts WHERE id = ?1 AND deleted_at IS NULL")
        .bind(account_id)
        .fetch_optional(&mut *conn)
        .await?
        .ok_or_else(|| Error::validation("account_id", "no such account (or it is in the trash)"))
}

async fn check_no_overlap(conn: &mut SqliteConnection, blueprint: &Blueprint) -> Result<()> {
    let clash: Option<(String, String)> = sqlx::query_as(
        "SELECT starts_on, ends_on FROM blueprints
          WHERE account_id = ?1 AND id <> ?2 AND deleted_at IS NULL AND starts_on <= ?4 AND ends_on >= ?3
          LIMIT 1",
    )
    .bind(&blueprint.account_id)
    .bind(&blueprint.id)
    .bind(blueprint.period.starts_on.to_string())
    .bind(blueprint.period.ends_on.to_string())
    .fetch_optional(&mut *conn)
    .await?;
    match clash {
        Some((from, to)) => Err(Error::validation(
            "period",
            format!("this account already has a blueprint for {from} to {to}; one blueprint per period"),
        )),
        None => Ok(()),
    }
}

/// A blueprint comes back from the trash only if no other blueprint of its
/// account has taken its period meanwhile.
pub(crate) async fn check_restorable(conn: &mut SqliteConnection, id: &str) -> Result<()> {
    let row: Option<(String, String, String)> =
        sqlx::query_as("SELECT account_id, starts_on, ends_on FROM blueprints WHERE id = ?1")
            .bind(id)
            .fetch_optional(&mut *conn)
            .await?;
    let Some((account_id, starts_on, ends_on)) = row else { return Err(Error::NotFound("blueprint".into())) };
    let period = Period { starts_on: day("starts_on", &starts_on)?, ends_on: day("ends_on", &ends_on)? };
    let probe = Blueprint::new(NewBlueprint { id: id.into(), account_id, period, question: None })?;
    check_no_overlap(conn, &probe).await
}

/// The blueprints of one account, or of every account, newest period first.
pub async fn list(pool: &SqlitePool, account_id: Option<&str>, today: NaiveDate) -> Result<Vec<BlueprintSummary>> {
    let mut conn = pool.acquire().await?;
    let ids: Vec<String> = sqlx::query_scalar(
        "SELECT b.id FROM blueprints b JOIN accounts a ON a.id = b.account_id
          WHERE b.deleted_at IS NULL AND a.deleted_at IS NULL AND (?1 IS NULL OR b.account_id = ?1)
          ORDER BY a.name COLLATE NOCASE, b.starts_on DESC, b.id",
    )
    .bind(account_id)
    .fetch_all(&mut *conn)
    .await?;
    let mut out = Vec::with_capacity(ids.len());
    for id in ids {
        let (blueprint, _) = load(&mut conn, &id).await?;
        out.push(summary_of(&mut conn, &blueprint, today).await?);
    }
    Ok(out)
}

async fn summary_of(conn: &mut SqliteConnection, b: &Blueprint, today: NaiveDate) -> Result<BlueprintSummary> {
    let (account_name, updated_at): (String, String) = sqlx::query_as(
        "SELECT a.name, b.updated_at FROM blueprints b JOIN accounts a ON a.id = b.account_id WHERE b.id = ?1",
    )
    .bind(&b.id)
    .fetch_one(&mut *conn)
    .await?;
    let progress = b.progress(today);
    Ok(BlueprintSummary {
        id: b.id.clone(),
        account_id: b.account_id.clone(),
        account_name,
        period: b.period,
        stage: b.stage,
        revision: b.revision,
        approved_revision: b.approved().map(|s| s.revision),
        ideas: count(b.live_ideas().count()),
        goals: count(b.goals.len()),
        overdue_goals: progress.overdue,
        progress: b.approved().and(progress.overall),
        updated_at,
    })
}

fn count(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

/// The blueprint screen.
pub async fn view(pool: &SqlitePool, id: &str, today: NaiveDate) -> Result<BlueprintView> {
    view_in(&mut *pool.acquire().await?, id, today).await
}

/// The aggregate alone (the PDF, the brief, the interchange format).
pub async fn get(conn: &mut SqliteConnection, id: &str) -> Result<Blueprint> {
    Ok(load(conn, id).await?.0)
}

async fn view_in(conn: &mut SqliteConnection, id: &str, today: NaiveDate) -> Result<BlueprintView> {
    let (blueprint, updated_at) = load(conn, id).await?;
    let account_name = live_account(conn, &blueprint.account_id).await?;
    let people = people_of(conn, &blueprint.account_id).await?;
    let sponsor_id = sponsor_of(conn, &blueprint.account_id).await?;
    let sponsor = sponsor_id.and_then(|s| people.iter().find(|p| p.id == s).cloned());
    let actions = StageAction::ALL
        .iter()
        .map(|&action| match blueprint.check(action, sponsor.is_some()) {
            Ok(_) => StageCheck { action, allowed: true, reason: None },
            Err(refusal) => StageCheck { action, allowed: false, reason: Some(refusal.message) },
        })
        .map(|mut check| {
            if sponsor.is_none() && matches!(check.action, StageAction::Approve | StageAction::SendBack) {
                check.allowed = false;
                check.reason = Some(NO_SPONSOR.to_string());
            }
            check
        })
        .collect();
    let drafts = sqlx::query_as::<_, (String, String)>(
        "SELECT slot, text FROM blueprint_drafts WHERE blueprint_id = ?1 ORDER BY slot",
    )
    .bind(id)
    .fetch_all(&mut *conn)
    .await?
    .into_iter()
    .map(|(slot, text)| Draft { slot, text })
    .collect();
    Ok(BlueprintView {
        ranked: blueprint.rank(),
        chart: blueprint.chart(),
        room: blueprint.functions_in_room(),
        progress: blueprint.progress(today),
        account_name,
        sponsor,
        people,
        actions,
        drafts,
        updated_at,
        blueprint,
    })
}

const NO_SPONSOR: &str = "the account has no executive sponsor; name one on the account page first";

async fn sponsor_of(conn: &mut SqliteConnection, account_id: &str) -> Result<Option<String>> {
    Ok(sqlx::query_scalar(
        "SELECT a.sponsor_id FROM accounts a JOIN people p ON p.id = a.sponsor_id
          WHERE a.id = ?1 AND p.deleted_at IS NULL",
    )
    .bind(account_id)
    .fetch_optional(&mut *conn)
    .await?
    .flatten())
}

type PersonRow = (String, String, Option<String>, String, Option<String>, bool);

pub(crate) async fn people_of(conn: &mut SqliteConnection, account_id: &str) -> Result<Vec<PlanPerson>> {
    let rows: Vec<PersonRow> = sqlx::query_as(
        "SELECT id, name, title, side, function, active = 0 OR deleted_at IS NOT NULL
           FROM people WHERE (side = 'ours' OR account_id = ?1)
          ORDER BY side, name COLLATE NOCASE, id",
    )
    .bind(account_id)
    .fetch_all(&mut *conn)
    .await?;
    rows.into_iter()
        .map(|(id, name, title, side, function, gone)| {
            Ok(PlanPerson {
                id,
                name,
                title,
                side: Side::from_stored(&side)?,
                function: function.as_deref().map(Function::from_stored).transpose()?,
                gone,
            })
        })
        .collect()
}

// ---------------------------------------------------------------------------
// Loading the aggregate

type HeaderRow = (String, String, String, String, String, String, u32, String);
type IdeaRow = (String, String, Option<String>, String, Option<u8>, Option<u8>, bool, Option<String>, Option<String>);
type GoalRow = (
    String,
    String,
    Option<String>,
    Option<String>,
    Option<String>,
    Option<String>,
    Option<String>,
    Option<f64>,
    Option<f64>,
    String,
);

fn day(field: &'static str, value: &str) -> Result<NaiveDate> {
    NaiveDate::parse_from_str(value, "%Y-%m-%d")
        .map_err(|_| Error::Corrupt(format!("{field} \"{value}\" in the vault")))
}

fn instant(value: &str) -> Result<DateTime<Utc>> {
    DateTime::parse_from_rfc3339(value)
        .map(|t| t.with_timezone(&Utc))
        .map_err(|_| Error::Corrupt(format!("time \"{value}\" in the vault")))
}

/// The aggregate, in the trash or not (the interchange format exports the trash too).
pub(crate) async fn get_with_trash(conn: &mut SqliteConnection, id: &str) -> Result<Blueprint> {
    Ok(load_row(conn, id, true).await?.0)
}

/// The aggregate and when it last changed.
async fn load(conn: &mut SqliteConnection, id: &str) -> Result<(Blueprint, String)> {
    load_row(conn, id, false).await
}

async fn load_row(conn: &mut SqliteConnection, id: &str, with_trash: bool) -> Result<(Blueprint, String)> {
    let header: Option<HeaderRow> = sqlx::query_as(
        "SELECT id, account_id, starts_on, ends_on, question, stage, revision, updated_at
           FROM blueprints WHERE id = ?1 AND (?2 OR deleted_at IS NULL)",
    )
    .bind(id)
    .bind(with_trash)
    .fetch_optional(&mut *conn)
    .await?;
    let Some((id, account_id, starts_on, ends_on, question, stage, revision, updated_at)) = header else {
        return Err(Error::NotFound("blueprint".into()));
    };
    let participants = sqlx::query_as::<_, (String, String)>(
        "SELECT person_id, function FROM blueprint_participants WHERE blueprint_id = ?1 ORDER BY position",
    )
    .bind(&id)
    .fetch_all(&mut *conn)
    .await?
    .into_iter()
    .map(|(person_id, function)| Ok(Participant { person_id, function: Function::from_stored(&function)? }))
    .collect::<Result<Vec<_>>>()?;
    let ideas = sqlx::query_as::<_, IdeaRow>(
        "SELECT id, text, participant_id, kind, impact, effort, chosen, merged_into, split_from
           FROM blueprint_ideas WHERE blueprint_id = ?1 ORDER BY position",
    )
    .bind(&id)
    .fetch_all(&mut *conn)
    .await?
    .into_iter()
    .map(|(id, text, participant_id, kind, impact, effort, chosen, merged_into, split_from)| {
        Ok(Idea {
            id,
            text,
            participant_id,
            kind: IdeaKind::from_stored(&kind)?,
            impact,
            effort,
            chosen,
            merged_into,
            split_from,
        })
    })
    .collect::<Result<Vec<_>>>()?;
    let ballots = sqlx::query_as::<_, (String, String, u32)>(
        "SELECT participant_id, idea_id, votes FROM blueprint_ballots WHERE blueprint_id = ?1
          ORDER BY participant_id, idea_id",
    )
    .bind(&id)
    .fetch_all(&mut *conn)
    .await?
    .into_iter()
    .map(|(participant_id, idea_id, votes)| Ballot { participant_id, idea_id, votes })
    .collect();
    let goals = load_goals(conn, &id).await?;
    let reviews = sqlx::query_as::<_, (u32, String, String, String, Option<String>)>(
        "SELECT revision, by_id, at, verdict, comment FROM blueprint_reviews WHERE blueprint_id = ?1 ORDER BY n",
    )
    .bind(&id)
    .fetch_all(&mut *conn)
    .await?
    .into_iter()
    .map(|(revision, by, at, verdict, comment)| {
        Ok(Review { revision, by, at: instant(&at)?, verdict: Verdict::from_stored(&verdict)?, comment })
    })
    .collect::<Result<Vec<_>>>()?;
    let revisions = sqlx::query_as::<_, (u32, String, String, String)>(
        "SELECT revision, approved_by, approved_at, goals FROM blueprint_revisions WHERE blueprint_id = ?1
          ORDER BY revision",
    )
    .bind(&id)
    .fetch_all(&mut *conn)
    .await?
    .into_iter()
    .map(|(revision, approved_by, approved_at, goals)| {
        Ok(RevisionSnapshot {
            revision,
            approved_by,
            approved_at: instant(&approved_at)?,
            goals: serde_json::from_str(&goals)
                .map_err(|e| Error::Corrupt(format!("revision {revision} of a blueprint: {e}")))?,
        })
    })
    .collect::<Result<Vec<_>>>()?;
    let check_ins = sqlx::query_as::<_, (String, String, f64, Option<String>, String)>(
        "SELECT goal_id, on_date, value, note, status FROM blueprint_check_ins WHERE blueprint_id = ?1 ORDER BY n",
    )
    .bind(&id)
    .fetch_all(&mut *conn)
    .await?
    .into_iter()
    .map(|(goal_id, on, value, note, status)| {
        Ok(CheckIn { goal_id, on: day("on", &on)?, value, note, status: GoalStatus::from_stored(&status)? })
    })
    .collect::<Result<Vec<_>>>()?;
    let blueprint = Blueprint {
        id,
        account_id,
        period: Period { starts_on: day("starts_on", &starts_on)?, ends_on: day("ends_on", &ends_on)? },
        question,
        participants,
        ideas,
        ballots,
        goals,
        stage: BlueprintStage::from_stored(&stage)?,
        revision,
        reviews,
        revisions,
        check_ins,
    };
    Ok((blueprint, updated_at))
}

async fn load_goals(conn: &mut SqliteConnection, id: &str) -> Result<Vec<Goal>> {
    let rows: Vec<GoalRow> = sqlx::query_as(
        "SELECT id, title, owner_id, counterpart_id, target_date, metric, unit, baseline, target, status
           FROM blueprint_goals WHERE blueprint_id = ?1 ORDER BY position",
    )
    .bind(id)
    .fetch_all(&mut *conn)
    .await?;
    let mut ideas: HashMap<String, Vec<String>> = HashMap::new();
    for (goal, idea) in sqlx::query_as::<_, (String, String)>(
        "SELECT goal_id, idea_id FROM blueprint_goal_ideas WHERE blueprint_id = ?1 ORDER BY goal_id, position",
    )
    .bind(id)
    .fetch_all(&mut *conn)
    .await?
    {
        ideas.entry(goal).or_default().push(idea);
    }
    let mut involve: HashMap<String, Vec<Involved>> = HashMap::new();
    for (goal, person_id, side) in sqlx::query_as::<_, (String, String, String)>(
        "SELECT goal_id, person_id, side FROM blueprint_goal_people WHERE blueprint_id = ?1 ORDER BY goal_id, position",
    )
    .bind(id)
    .fetch_all(&mut *conn)
    .await?
    {
        involve.entry(goal).or_default().push(Involved { person_id, side: Side::from_stored(&side)? });
    }
    let mut planned: HashMap<String, Vec<PlannedConnection>> = HashMap::new();
    for (goal, ours_id, theirs_id, cadence_days) in sqlx::query_as::<_, (String, String, String, u32)>(
        "SELECT goal_id, ours_id, theirs_id, cadence_days FROM blueprint_planned_connections
          WHERE blueprint_id = ?1 ORDER BY goal_id, position",
    )
    .bind(id)
    .fetch_all(&mut *conn)
    .await?
    {
        planned.entry(goal).or_default().push(PlannedConnection { ours_id, theirs_id, cadence_days });
    }
    rows.into_iter()
        .map(|(id, title, owner_id, counterpart_id, target_date, metric, unit, baseline, target, status)| {
            let measure = match (metric, target) {
                (Some(metric), Some(target)) => {
                    Some(Measure { metric, unit: unit.unwrap_or_default(), baseline: baseline.unwrap_or(0.0), target })
                }
                _ => None,
            };
            Ok(Goal {
                idea_ids: ideas.remove(&id).unwrap_or_default(),
                involve: involve.remove(&id).unwrap_or_default(),
                planned_connections: planned.remove(&id).unwrap_or_default(),
                id,
                title,
                owner_id,
                counterpart_id,
                target_date: target_date.as_deref().map(|d| day("target_date", d)).transpose()?,
                measure,
                status: GoalStatus::from_stored(&status)?,
            })
        })
        .collect()
}

// ---------------------------------------------------------------------------
// Changing

/// Applies one command and stores the result, or refuses it and changes
/// nothing. Returns the screen as it is now.
pub async fn apply(
    pool: &SqlitePool,
    id: &str,
    command: BlueprintCommand,
    now: DateTime<Utc>,
    today: NaiveDate,
) -> Result<BlueprintView> {
    let mut tx = crate::db::begin_write(pool, now).await?;
    let (before, _) = load(&mut tx, id).await?;
    let command = resolve(&mut tx, &before, command).await?;
    let mut after = before.clone();
    after.apply(&command, now, today)?;
    if let BlueprintCommand::SetPeriod { .. } = command {
        check_no_overlap(&mut tx, &after).await?;
    }
    write_changes(&mut tx, &before, &after).await?;
    if let BlueprintCommand::AddIdea { .. } = command {
        clear_draft(&mut tx, id, IDEA_DRAFT).await?;
    }
    sqlx::query("UPDATE blueprints SET updated_at = ?2 WHERE id = ?1")
        .bind(id)
        .bind(text::timestamp(now))
        .execute(&mut *tx)
        .await?;
    let view = view_in(&mut tx, id, today).await?;
    tx.commit().await?;
    Ok(view)
}

/// The draft slot of the idea capture box, cleared when the idea is added.
pub const IDEA_DRAFT: &str = "idea";

/// Keeps what is being typed (empty text forgets it).
pub async fn save_draft(pool: &SqlitePool, id: &str, slot: &str, value: &str, now: DateTime<Utc>) -> Result<()> {
    let slot = text::required_line("slot", slot)?;
    if value.chars().count() > text::TEXT_MAX_CHARS {
        return Err(Error::validation("text", format!("keep it under {} characters", text::TEXT_MAX_CHARS)));
    }
    let mut tx = crate::db::begin_write(pool, now).await?;
    load(&mut tx, id).await?;
    if value.is_empty() {
        clear_draft(&mut tx, id, &slot).await?;
    } else {
        sqlx::query(
            "INSERT INTO blueprint_drafts (blueprint_id, slot, text, updated_at) VALUES (?1, ?2, ?3, ?4)
             ON CONFLICT (blueprint_id, slot) DO UPDATE SET text = excluded.text, updated_at = excluded.updated_at",
        )
        .bind(id)
        .bind(&slot)
        .bind(value)
        .bind(text::timestamp(now))
        .execute(&mut *tx)
        .await?;
    }
    tx.commit().await?;
    Ok(())
}

async fn clear_draft(conn: &mut SqliteConnection, id: &str, slot: &str) -> Result<()> {
    sqlx::query("DELETE FROM blueprint_drafts WHERE blueprint_id = ?1 AND slot = ?2")
        .bind(id)
        .bind(slot)
        .execute(&mut *conn)
        .await?;
    Ok(())
}

/// Any two revisions side by side; 0 stands for the one being worked on.
pub async fn compare(pool: &SqlitePool, id: &str, from: u32, to: u32) -> Result<RevisionDiff> {
    let blueprint = get(&mut *pool.acquire().await?, id).await?;
    let working = RevisionSnapshot {
        revision: blueprint.revision,
        approved_by: String::new(),
        approved_at: DateTime::<Utc>::UNIX_EPOCH,
        goals: blueprint.goals.clone(),
    };
    let pick = |n: u32, field: &'static str| match n {
        0 => Ok(&working),
        n => blueprint.snapshot(n).ok_or_else(|| Error::validation(field, format!("revision {n} is not approved"))),
    };
    Ok(super::compare(pick(from, "from")?, pick(to, "to")?))
}

/// People named in a command are looked up: the side is the vault's, theirs
/// must work for this account, and the approver is the account's sponsor.
async fn resolve(conn: &mut SqliteConnection, b: &Blueprint, command: BlueprintCommand) -> Result<BlueprintCommand> {
    use BlueprintCommand as C;
    Ok(match command {
        C::AddParticipant { person, function } => {
            C::AddParticipant { person: person_ref(conn, b, "person", &person.id).await?, function }
        }
        C::EditGoal { id, title, owner, counterpart, target_date, measure } => C::EditGoal {
            id,
            title,
            owner: match owner {
                Some(p) => Some(person_ref(conn, b, "owner", &p.id).await?),
                None => None,
            },
            counterpart: match counterpart {
                Some(p) => Some(person_ref(conn, b, "counterpart", &p.id).await?),
                None => None,
            },
            target_date,
            measure,
        },
        C::Involve { goal_id, person } => {
            C::Involve { goal_id, person: person_ref(conn, b, "person", &person.id).await? }
        }
        C::PlanConnection { goal_id, ours, theirs, cadence_days } => C::PlanConnection {
            goal_id,
            ours: person_ref(conn, b, "ours", &ours.id).await?,
            theirs: person_ref(conn, b, "theirs", &theirs.id).await?,
            cadence_days,
        },
        C::Approve { comment, .. } => {
            let by = sponsor_of(conn, &b.account_id).await?.ok_or_else(|| Refusal::on("sponsor", NO_SPONSOR))?;
            C::Approve { by, by_sponsor: true, comment }
        }
        C::SendBack { comment, .. } => {
            let by = sponsor_of(conn, &b.account_id).await?.ok_or_else(|| Refusal::on("sponsor", NO_SPONSOR))?;
            C::SendBack { by, by_sponsor: true, comment }
        }
        other => other,
    })
}

async fn person_ref(conn: &mut SqliteConnection, b: &Blueprint, field: &'static str, id: &str) -> Result<PersonRef> {
    let row: Option<(String, Option<String>, String)> =
        sqlx::query_as("SELECT side, account_id, name FROM people WHERE id = ?1 AND deleted_at IS NULL")
            .bind(id)
            .fetch_optional(&mut *conn)
            .await?;
    match row {
        None => Err(Error::validation(field, "no such person (or they are in the trash)")),
        Some((_, Some(account), name)) if account != b.account_id => {
            Err(Error::validation(field, format!("{name} works for another customer")))
        }
        Some((side, _, _)) => Ok(PersonRef { id: id.to_string(), side: Side::from_stored(&side)? }),
    }
}

// ---------------------------------------------------------------------------
// Writing back what changed

async fn write_changes(conn: &mut SqliteConnection, before: &Blueprint, after: &Blueprint) -> Result<()> {
    let id = after.id.as_str();
    if before.period != after.period
        || before.question != after.question
        || before.stage != after.stage
        || before.revision != after.revision
    {
        sqlx::query("UPDATE blueprints SET starts_on = ?2, ends_on = ?3, question = ?4, stage = ?5, revision = ?6 WHERE id = ?1")
            .bind(id)
            .bind(after.period.starts_on.to_string())
            .bind(after.period.ends_on.to_string())
            .bind(&after.question)
            .bind(after.stage.as_str())
            .bind(after.revision)
            .execute(&mut *conn)
            .await?;
    }
    if before.participants != after.participants {
        sqlx::query("DELETE FROM blueprint_participants WHERE blueprint_id = ?1").bind(id).execute(&mut *conn).await?;
        for (position, p) in after.participants.iter().enumerate() {
            sqlx::query(
                "INSERT INTO blueprint_participants (blueprint_id, position, person_id, function) VALUES (?1, ?2, ?3, ?4)",
            )
            .bind(id)
            .bind(count(position))
            .bind(&p.person_id)
            .bind(p.function.as_str())
            .execute(&mut *conn)
            .await?;
        }
    }
    write_ideas(conn, before, after).await?;
    if before.ballots != after.ballots {
        sqlx::query("DELETE FROM blueprint_ballots WHERE blueprint_id = ?1").bind(id).execute(&mut *conn).await?;
        for b in &after.ballots {
            sqlx::query(
                "INSERT INTO blueprint_ballots (blueprint_id, participant_id, idea_id, votes) VALUES (?1, ?2, ?3, ?4)",
            )
            .bind(id)
            .bind(&b.participant_id)
            .bind(&b.idea_id)
            .bind(b.votes)
            .execute(&mut *conn)
            .await?;
        }
    }
    if before.goals != after.goals {
        write_goals(conn, id, &after.goals).await?;
    }
    for (n, r) in after.reviews.iter().enumerate().skip(before.reviews.len()) {
        sqlx::query(
            "INSERT INTO blueprint_reviews (blueprint_id, n, revision, by_id, at, verdict, comment)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
        )
        .bind(id)
        .bind(count(n))
        .bind(r.revision)
        .bind(&r.by)
        .bind(text::timestamp(r.at))
        .bind(r.verdict.as_str())
        .bind(&r.comment)
        .execute(&mut *conn)
        .await?;
    }
    for s in after.revisions.iter().skip(before.revisions.len()) {
        let goals = serde_json::to_string(&s.goals).map_err(|e| Error::Corrupt(format!("a revision's goals: {e}")))?;
        sqlx::query(
            "INSERT INTO blueprint_revisions (blueprint_id, revision, approved_by, approved_at, goals)
             VALUES (?1, ?2, ?3, ?4, ?5)",
        )
        .bind(id)
        .bind(s.revision)
        .bind(&s.approved_by)
        .bind(text::timestamp(s.approved_at))
        .bind(goals)
        .execute(&mut *conn)
        .await?;
    }
    for (n, c) in after.check_ins.iter().enumerate().skip(before.check_ins.len()) {
        sqlx::query(
            "INSERT INTO blueprint_check_ins (blueprint_id, n, goal_id, on_date, value, note, status)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
        )
        .bind(id)
        .bind(count(n))
        .bind(&c.goal_id)
        .bind(c.on.to_string())
        .bind(c.value)
        .bind(&c.note)
        .bind(c.status.as_str())
        .execute(&mut *conn)
        .await?;
    }
    Ok(())
}

/// Ideas change one at a time while capturing, so only the rows that differ
/// (or moved, after a split) are written.
async fn write_ideas(conn: &mut SqliteConnection, before: &Blueprint, after: &Blueprint) -> Result<()> {
    let id = after.id.as_str();
    let old: HashMap<&str, (usize, &Idea)> =
        before.ideas.iter().enumerate().map(|(n, idea)| (idea.id.as_str(), (n, idea))).collect();
    for (position, idea) in after.ideas.iter().enumerate() {
        if old.get(idea.id.as_str()).is_some_and(|&(n, was)| n == position && was == idea) {
            continue;
        }
        sqlx::query(
            "INSERT INTO blueprint_ideas
                 (blueprint_id, id, position, text, participant_id, kind, impact, effort, chosen, merged_into, split_from)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)
             ON CONFLICT (blueprint_id, id) DO UPDATE SET
                 position = excluded.position, text = excluded.text, participant_id = excluded.participant_id,
                 kind = excluded.kind, impact = excluded.impact, effort = excluded.effort, chosen = excluded.chosen,
                 merged_into = excluded.merged_into, split_from = excluded.split_from",
        )
        .bind(id)
        .bind(&idea.id)
        .bind(count(position))
        .bind(&idea.text)
        .bind(&idea.participant_id)
        .bind(idea.kind.as_str())
        .bind(idea.impact)
        .bind(idea.effort)
        .bind(idea.chosen)
        .bind(&idea.merged_into)
        .bind(&idea.split_from)
        .execute(&mut *conn)
        .await?;
    }
    // Ideas are never removed by a command (merged ones stay), but keep the
    // rows true to the aggregate whatever happens.
    if after.ideas.len() < before.ideas.len() {
        let keep: std::collections::HashSet<&str> = after.ideas.iter().map(|i| i.id.as_str()).collect();
        for gone in before.ideas.iter().filter(|i| !keep.contains(i.id.as_str())) {
            sqlx::query("DELETE FROM blueprint_ideas WHERE blueprint_id = ?1 AND id = ?2")
                .bind(id)
                .bind(&gone.id)
                .execute(&mut *conn)
                .await?;
        }
    }
    Ok(())
}

/// The goals are few: rewritten whole when any of them changed.
async fn write_goals(conn: &mut SqliteConnection, id: &str, goals: &[Goal]) -> Result<()> {
    for table in ["blueprint_goals", "blueprint_goal_ideas", "blueprint_goal_people", "blueprint_planned_connections"] {
        sqlx::query(sql!("DELETE FROM {table} WHERE blueprint_id = ?1")).bind(id).execute(&mut *conn).await?;
    }
    for (position, g) in goals.iter().enumerate() {
        sqlx::query(
            "INSERT INTO blueprint_goals (blueprint_id, id, position, title, owner_id, counterpart_id, target_date,
                                          metric, unit, baseline, target, status)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)",
        )
        .bind(id)
        .bind(&g.id)
        .bind(count(position))
        .bind(&g.title)
        .bind(&g.owner_id)
        .bind(&g.counterpart_id)
        .bind(g.target_date.map(|d| d.to_string()))
        .bind(g.measure.as_ref().map(|m| &m.metric))
        .bind(g.measure.as_ref().map(|m| &m.unit))
        .bind(g.measure.as_ref().map(|m| m.baseline))
        .bind(g.measure.as_ref().map(|m| m.target))
        .bind(g.status.as_str())
        .execute(&mut *conn)
        .await?;
        for (n, idea) in g.idea_ids.iter().enumerate() {
            sqlx::query(
                "INSERT INTO blueprint_goal_ideas (blueprint_id, goal_id, position, idea_id) VALUES (?1, ?2, ?3, ?4)",
            )
            .bind(id)
            .bind(&g.id)
            .bind(count(n))
            .bind(idea)
            .execute(&mut *conn)
            .await?;
        }
        for (n, p) in g.involve.iter().enumerate() {
            sqlx::query(
                "INSERT INTO blueprint_goal_people (blueprint_id, goal_id, position, person_id, side)
                 VALUES (?1, ?2, ?3, ?4, ?5)",
            )
            .bind(id)
            .bind(&g.id)
            .bind(count(n))
            .bind(&p.person_id)
            .bind(p.side.as_str())
            .execute(&mut *conn)
            .await?;
        }
        for (n, c) in g.planned_connections.iter().enumerate() {
            sqlx::query(
                "INSERT INTO blueprint_planned_connections (blueprint_id, goal_id, position, ours_id, theirs_id, cadence_days)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
            )
            .bind(id)
            .bind(&g.id)
            .bind(count(n))
            .bind(&c.ours_id)
            .bind(&c.theirs_id)
            .bind(c.cadence_days)
            .execute(&mut *conn)
            .await?;
        }
    }
    Ok(())
}

/// The new ties planned by an account's live blueprints, for the relationship
/// map: (ours, theirs, cadence in days, the goal's title).
pub async fn planned_connections(
    conn: &mut SqliteConnection,
    account_id: &str,
) -> Result<Vec<(String, String, u32, String)>> {
    Ok(sqlx::query_as(
        "SELECT pc.ours_id, pc.theirs_id, min(pc.cadence_days), min(g.title)
           FROM blueprint_planned_connections pc
           JOIN blueprints b ON b.id = pc.blueprint_id AND b.deleted_at IS NULL
           JOIN blueprint_goals g ON g.blueprint_id = pc.blueprint_id AND g.id = pc.goal_id
          WHERE b.account_id = ?1
          GROUP BY pc.ours_id, pc.theirs_id
          ORDER BY pc.ours_id, pc.theirs_id",
    )
    .bind(account_id)
    .fetch_all(&mut *conn)
    .await?)
}
