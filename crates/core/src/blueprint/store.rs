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
    AlikeIdeas, Ballot, Blueprint, BlueprintCommand, BlueprintStage, ChartPoint, CheckIn, Goal, Idea, Involved,
    Measure, NewBlueprint, Participant, PeopleGap, Period, PersonRef, PlannedConnection, Progress, RankedIdea, Refusal,
    Review, RevisionDiff, RevisionSnapshot, RoomCheck, StageAction,
};
use crate::error::{Error, Result};
use crate::kinds::{Function, Side};
use crate::store::blueprints as rows;
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
    /// Goals that reach nobody on our side (the People stage's warning).
    pub people_gaps: Vec<PeopleGap>,
    /// Live ideas that look alike, offered for merging (the ideas stage).
    pub alike: Vec<AlikeIdeas>,
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
    rows::insert_header(conn, &header_of(blueprint), &text::timestamp(now)).await?;
    write_changes(conn, &blank_like(blueprint), blueprint).await
}

/// The blueprint's own row (its last change is the store's to stamp).
fn header_of(b: &Blueprint) -> rows::HeaderRow {
    rows::HeaderRow {
        id: b.id.clone(),
        account_id: b.account_id.clone(),
        starts_on: b.period.starts_on,
        ends_on: b.period.ends_on,
        question: b.question.clone(),
        stage: b.stage,
        revision: b.revision,
        updated_at: String::new(),
    }
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
    crate::store::accounts::live_name(conn, account_id)
        .await?
        .ok_or_else(|| Error::validation("account_id", "no such account (or it is in the trash)"))
}

async fn check_no_overlap(conn: &mut SqliteConnection, blueprint: &Blueprint) -> Result<()> {
    let (from, to) = (blueprint.period.starts_on, blueprint.period.ends_on);
    match rows::overlapping(conn, &blueprint.account_id, &blueprint.id, from, to).await? {
        Some(clash) => Err(Error::validation(
            "period",
            format!(
                "this account already has a blueprint for {} to {}; one blueprint per period",
                clash.starts_on, clash.ends_on
            ),
        )),
        None => Ok(()),
    }
}

/// A blueprint comes back from the trash only if no other blueprint of its
/// account has taken its period meanwhile.
pub(crate) async fn check_restorable(conn: &mut SqliteConnection, id: &str) -> Result<()> {
    let Some(row) = rows::period_of(conn, id).await? else { return Err(Error::NotFound("blueprint".into())) };
    let period = Period { starts_on: row.starts_on, ends_on: row.ends_on };
    let probe = Blueprint::new(NewBlueprint { id: id.into(), account_id: row.account_id, period, question: None })?;
    check_no_overlap(conn, &probe).await
}

/// The blueprints of one account, or of every account, newest period first.
pub async fn list(pool: &SqlitePool, account_id: Option<&str>, today: NaiveDate) -> Result<Vec<BlueprintSummary>> {
    let mut conn = pool.acquire().await?;
    let ids = rows::ids(&mut conn, account_id).await?;
    let mut out = Vec::with_capacity(ids.len());
    for id in ids {
        let (blueprint, _) = load(&mut conn, &id).await?;
        out.push(summary_of(&mut conn, &blueprint, today).await?);
    }
    Ok(out)
}

async fn summary_of(conn: &mut SqliteConnection, b: &Blueprint, today: NaiveDate) -> Result<BlueprintSummary> {
    let rows::ListLine { account_name, updated_at } = rows::list_line(conn, &b.id).await?;
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
    let drafts = rows::drafts(conn, id).await?.into_iter().map(|d| Draft { slot: d.slot, text: d.text }).collect();
    Ok(BlueprintView {
        ranked: blueprint.rank(),
        chart: blueprint.chart(),
        room: blueprint.functions_in_room(),
        people_gaps: blueprint.people_gaps(),
        alike: blueprint.alike_ideas(),
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
    rows::sponsor(conn, account_id).await
}

pub(crate) async fn people_of(conn: &mut SqliteConnection, account_id: &str) -> Result<Vec<PlanPerson>> {
    Ok(rows::plan_people(conn, account_id)
        .await?
        .into_iter()
        .map(|p| PlanPerson {
            id: p.id,
            name: p.name,
            title: p.title,
            side: p.side,
            function: p.function,
            gone: p.gone,
        })
        .collect())
}

// ---------------------------------------------------------------------------
// Loading the aggregate

/// The aggregate, in the trash or not (the interchange format exports the trash too).
pub(crate) async fn get_with_trash(conn: &mut SqliteConnection, id: &str) -> Result<Blueprint> {
    Ok(load_row(conn, id, true).await?.0)
}

/// The aggregate and when it last changed.
async fn load(conn: &mut SqliteConnection, id: &str) -> Result<(Blueprint, String)> {
    load_row(conn, id, false).await
}

async fn load_row(conn: &mut SqliteConnection, id: &str, with_trash: bool) -> Result<(Blueprint, String)> {
    let rows = rows::load(conn, id, with_trash).await?.ok_or_else(|| Error::NotFound("blueprint".into()))?;
    let rows::Rows {
        header,
        participants,
        ideas,
        ballots,
        goals,
        goal_ideas,
        goal_people,
        planned,
        reviews,
        revisions,
        check_ins,
    } = rows;
    let mut idea_ids: HashMap<String, Vec<String>> = HashMap::new();
    for r in goal_ideas {
        idea_ids.entry(r.goal_id).or_default().push(r.idea_id);
    }
    let mut involve: HashMap<String, Vec<Involved>> = HashMap::new();
    for r in goal_people {
        involve.entry(r.goal_id).or_default().push(Involved { person_id: r.person_id, side: r.side });
    }
    let mut planned_by_goal: HashMap<String, Vec<PlannedConnection>> = HashMap::new();
    for r in planned {
        planned_by_goal.entry(r.goal_id).or_default().push(PlannedConnection {
            ours_id: r.ours_id,
            theirs_id: r.theirs_id,
            cadence_days: r.cadence_days,
        });
    }
    let goals = goals
        .into_iter()
        .map(|g| {
            let measure = match (g.metric, g.target) {
                (Some(metric), Some(target)) => Some(Measure {
                    metric,
                    unit: g.unit.unwrap_or_default(),
                    baseline: g.baseline.unwrap_or(0.0),
                    target,
                }),
                _ => None,
            };
            Goal {
                idea_ids: idea_ids.remove(&g.id).unwrap_or_default(),
                involve: involve.remove(&g.id).unwrap_or_default(),
                planned_connections: planned_by_goal.remove(&g.id).unwrap_or_default(),
                id: g.id,
                title: g.title,
                owner_id: g.owner_id,
                counterpart_id: g.counterpart_id,
                target_date: g.target_date,
                measure,
                status: g.status,
            }
        })
        .collect();
    let revisions = revisions
        .into_iter()
        .map(|r| {
            Ok(RevisionSnapshot {
                revision: r.revision,
                approved_by: r.approved_by,
                approved_at: r.approved_at,
                goals: serde_json::from_str(&r.goals)
                    .map_err(|e| Error::Corrupt(format!("revision {} of a blueprint: {e}", r.revision)))?,
            })
        })
        .collect::<Result<Vec<_>>>()?;
    let blueprint = Blueprint {
        id: header.id,
        account_id: header.account_id,
        period: Period { starts_on: header.starts_on, ends_on: header.ends_on },
        question: header.question,
        participants: participants
            .into_iter()
            .map(|p| Participant { person_id: p.person_id, function: p.function })
            .collect(),
        ideas: ideas
            .into_iter()
            .map(|i| Idea {
                id: i.id,
                text: i.text,
                participant_id: i.participant_id,
                kind: i.kind,
                impact: i.impact,
                effort: i.effort,
                chosen: i.chosen,
                merged_into: i.merged_into,
                split_from: i.split_from,
            })
            .collect(),
        ballots: ballots
            .into_iter()
            .map(|b| Ballot { participant_id: b.participant_id, idea_id: b.idea_id, votes: b.votes })
            .collect(),
        goals,
        stage: header.stage,
        revision: header.revision,
        reviews: reviews
            .into_iter()
            .map(|r| Review { revision: r.revision, by: r.by_id, at: r.at, verdict: r.verdict, comment: r.comment })
            .collect(),
        revisions,
        check_ins: check_ins
            .into_iter()
            .map(|c| CheckIn { goal_id: c.goal_id, on: c.on_date, value: c.value, note: c.note, status: c.status })
            .collect(),
    };
    Ok((blueprint, header.updated_at))
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
    rows::touch(&mut tx, id, &text::timestamp(now)).await?;
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
        rows::save_draft(&mut tx, id, &slot, value, &text::timestamp(now)).await?;
    }
    tx.commit().await?;
    Ok(())
}

async fn clear_draft(conn: &mut SqliteConnection, id: &str, slot: &str) -> Result<()> {
    rows::clear_draft(conn, id, slot).await
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
    match crate::store::people::link(conn, id).await? {
        None => Err(Error::validation(field, "no such person (or they are in the trash)")),
        Some(crate::store::people::Link { account_id: Some(account), name, .. }) if account != b.account_id => {
            Err(Error::validation(field, format!("{name} works for another customer")))
        }
        Some(p) => Ok(PersonRef { id: id.to_string(), side: p.side.0 }),
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
        rows::update_header(conn, &header_of(after)).await?;
    }
    if before.participants != after.participants {
        let participants: Vec<rows::ParticipantRow> = after
            .participants
            .iter()
            .map(|p| rows::ParticipantRow { person_id: p.person_id.clone(), function: p.function })
            .collect();
        rows::replace_participants(conn, id, &participants).await?;
    }
    write_ideas(conn, before, after).await?;
    if before.ballots != after.ballots {
        let ballots: Vec<rows::BallotRow> = after
            .ballots
            .iter()
            .map(|b| rows::BallotRow {
                participant_id: b.participant_id.clone(),
                idea_id: b.idea_id.clone(),
                votes: b.votes,
            })
            .collect();
        rows::replace_ballots(conn, id, &ballots).await?;
    }
    if before.goals != after.goals {
        let goals: Vec<rows::GoalRows> = after.goals.iter().map(goal_rows).collect();
        rows::replace_goals(conn, id, &goals).await?;
    }
    for (n, r) in after.reviews.iter().enumerate().skip(before.reviews.len()) {
        let row = rows::ReviewRow {
            revision: r.revision,
            by_id: r.by.clone(),
            at: r.at,
            verdict: r.verdict,
            comment: r.comment.clone(),
        };
        rows::insert_review(conn, id, n, &row).await?;
    }
    for s in after.revisions.iter().skip(before.revisions.len()) {
        let goals = serde_json::to_string(&s.goals).map_err(|e| Error::Corrupt(format!("a revision's goals: {e}")))?;
        let row = rows::RevisionRow {
            revision: s.revision,
            approved_by: s.approved_by.clone(),
            approved_at: s.approved_at,
            goals,
        };
        rows::insert_revision(conn, id, &row).await?;
    }
    for (n, c) in after.check_ins.iter().enumerate().skip(before.check_ins.len()) {
        let row = rows::CheckInRow {
            goal_id: c.goal_id.clone(),
            on_date: c.on,
            value: c.value,
            note: c.note.clone(),
            status: c.status,
        };
        rows::insert_check_in(conn, id, n, &row).await?;
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
        let row = rows::IdeaRow {
            id: idea.id.clone(),
            text: idea.text.clone(),
            participant_id: idea.participant_id.clone(),
            kind: idea.kind,
            impact: idea.impact,
            effort: idea.effort,
            chosen: idea.chosen,
            merged_into: idea.merged_into.clone(),
            split_from: idea.split_from.clone(),
        };
        rows::upsert_idea(conn, id, position, &row).await?;
    }
    // Ideas are never removed by a command (merged ones stay), but keep the
    // rows true to the aggregate whatever happens.
    if after.ideas.len() < before.ideas.len() {
        let keep: std::collections::HashSet<&str> = after.ideas.iter().map(|i| i.id.as_str()).collect();
        for gone in before.ideas.iter().filter(|i| !keep.contains(i.id.as_str())) {
            rows::delete_idea(conn, id, &gone.id).await?;
        }
    }
    Ok(())
}

/// One goal as its rows.
fn goal_rows(g: &Goal) -> rows::GoalRows {
    rows::GoalRows {
        goal: rows::GoalRow {
            id: g.id.clone(),
            title: g.title.clone(),
            owner_id: g.owner_id.clone(),
            counterpart_id: g.counterpart_id.clone(),
            target_date: g.target_date,
            metric: g.measure.as_ref().map(|m| m.metric.clone()),
            unit: g.measure.as_ref().map(|m| m.unit.clone()),
            baseline: g.measure.as_ref().map(|m| m.baseline),
            target: g.measure.as_ref().map(|m| m.target),
            status: g.status,
        },
        idea_ids: g.idea_ids.clone(),
        involve: g.involve.iter().map(|p| (p.person_id.clone(), p.side)).collect(),
        planned: g
            .planned_connections
            .iter()
            .map(|c| rows::PlannedRow {
                goal_id: g.id.clone(),
                ours_id: c.ours_id.clone(),
                theirs_id: c.theirs_id.clone(),
                cadence_days: c.cadence_days,
            })
            .collect(),
    }
}

/// The new ties planned by an account's live blueprints, for the relationship
/// map: (ours, theirs, cadence in days, the goal's title).
pub async fn planned_connections(
    conn: &mut SqliteConnection,
    account_id: &str,
) -> Result<Vec<(String, String, u32, String)>> {
    Ok(rows::planned_ties(conn, account_id)
        .await?
        .into_iter()
        .map(|t| (t.ours_id, t.theirs_id, t.cadence_days, t.goal_title))
        .collect())
}
