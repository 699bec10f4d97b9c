//! Blueprints in the vault: one row per blueprint and child tables for its
//! participants, ideas, ballots, goals (with their ideas, people and planned
//! connections), reviews, revision snapshots and check-ins, plus the drafts
//! being typed. The domain loads the aggregate from these rows and writes
//! back only what a command changed.

use chrono::{DateTime, NaiveDate, Utc};
use sqlx::SqliteConnection;

use crate::error::Result;
use crate::kinds::{BlueprintStage, Function, GoalStatus, IdeaKind, Side, Verdict};
use crate::text;

fn position(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

// ---------------------------------------------------------------------------
// The aggregate's rows

pub(crate) struct HeaderRow {
    pub id: String,
    pub account_id: String,
    pub starts_on: NaiveDate,
    pub ends_on: NaiveDate,
    pub question: String,
    pub stage: BlueprintStage,
    pub revision: u32,
    pub updated_at: String,
}

pub(crate) struct ParticipantRow {
    pub person_id: String,
    pub function: Function,
}

pub(crate) struct IdeaRow {
    pub id: String,
    pub text: String,
    pub participant_id: Option<String>,
    pub kind: IdeaKind,
    pub impact: Option<u8>,
    pub effort: Option<u8>,
    pub chosen: bool,
    pub merged_into: Option<String>,
    pub split_from: Option<String>,
}

pub(crate) struct BallotRow {
    pub participant_id: String,
    pub idea_id: String,
    pub votes: u32,
}

pub(crate) struct GoalRow {
    pub id: String,
    pub title: String,
    pub owner_id: Option<String>,
    pub counterpart_id: Option<String>,
    pub target_date: Option<NaiveDate>,
    pub metric: Option<String>,
    pub unit: Option<String>,
    pub baseline: Option<f64>,
    pub target: Option<f64>,
    pub status: GoalStatus,
}

pub(crate) struct GoalIdeaRow {
    pub goal_id: String,
    pub idea_id: String,
}

pub(crate) struct GoalPersonRow {
    pub goal_id: String,
    pub person_id: String,
    pub side: Side,
}

pub(crate) struct PlannedRow {
    pub goal_id: String,
    pub ours_id: String,
    pub theirs_id: String,
    pub cadence_days: u32,
}

pub(crate) struct ReviewRow {
    pub revision: u32,
    pub by_id: String,
    pub at: DateTime<Utc>,
    pub verdict: Verdict,
    pub comment: Option<String>,
}

/// A frozen revision; its goals as the JSON the domain wrote.
pub(crate) struct RevisionRow {
    pub revision: u32,
    pub approved_by: String,
    pub approved_at: DateTime<Utc>,
    pub goals: String,
}

pub(crate) struct CheckInRow {
    pub goal_id: String,
    pub on_date: NaiveDate,
    pub value: f64,
    pub note: Option<String>,
    pub status: GoalStatus,
}

/// Every row of one blueprint, children in their stored order.
pub(crate) struct Rows {
    pub header: HeaderRow,
    pub participants: Vec<ParticipantRow>,
    pub ideas: Vec<IdeaRow>,
    pub ballots: Vec<BallotRow>,
    pub goals: Vec<GoalRow>,
    pub goal_ideas: Vec<GoalIdeaRow>,
    pub goal_people: Vec<GoalPersonRow>,
    pub planned: Vec<PlannedRow>,
    pub reviews: Vec<ReviewRow>,
    pub revisions: Vec<RevisionRow>,
    pub check_ins: Vec<CheckInRow>,
}

/// A blueprint's rows; `None` when there is none (or it is in the trash and
/// `with_trash` is false).
pub(crate) async fn load(conn: &mut SqliteConnection, id: &str, with_trash: bool) -> Result<Option<Rows>> {
    let header = sqlx::query_as!(
        HeaderRow,
        r#"SELECT id, account_id, starts_on AS "starts_on: _", ends_on AS "ends_on: _", question,
                  stage AS "stage: _", revision AS "revision: _", updated_at
             FROM blueprints WHERE id = ?1 AND (?2 OR deleted_at IS NULL)"#,
        id,
        with_trash
    )
    .fetch_optional(&mut *conn)
    .await?;
    let Some(header) = header else { return Ok(None) };
    let participants = sqlx::query_as!(
        ParticipantRow,
        r#"SELECT person_id, function AS "function: _" FROM blueprint_participants WHERE blueprint_id = ?1
            ORDER BY position"#,
        id
    )
    .fetch_all(&mut *conn)
    .await?;
    let ideas = sqlx::query_as!(
        IdeaRow,
        r#"SELECT id, text, participant_id, kind AS "kind: _", impact AS "impact: _", effort AS "effort: _",
                  chosen AS "chosen: _", merged_into, split_from
             FROM blueprint_ideas WHERE blueprint_id = ?1 ORDER BY position"#,
        id
    )
    .fetch_all(&mut *conn)
    .await?;
    let ballots = sqlx::query_as!(
        BallotRow,
        r#"SELECT participant_id, idea_id, votes AS "votes: _" FROM blueprint_ballots WHERE blueprint_id = ?1
            ORDER BY participant_id, idea_id"#,
        id
    )
    .fetch_all(&mut *conn)
    .await?;
    let goals = sqlx::query_as!(
        GoalRow,
        r#"SELECT id, title, owner_id, counterpart_id, target_date AS "target_date: _", metric, unit, baseline,
                  target, status AS "status: _"
             FROM blueprint_goals WHERE blueprint_id = ?1 ORDER BY position"#,
        id
    )
    .fetch_all(&mut *conn)
    .await?;
    let goal_ideas = sqlx::query_as!(
        GoalIdeaRow,
        "SELECT goal_id, idea_id FROM blueprint_goal_ideas WHERE blueprint_id = ?1 ORDER BY goal_id, position",
        id
    )
    .fetch_all(&mut *conn)
    .await?;
    let goal_people = sqlx::query_as!(
        GoalPersonRow,
        r#"SELECT goal_id, person_id, side AS "side: _" FROM blueprint_goal_people WHERE blueprint_id = ?1
            ORDER BY goal_id, position"#,
        id
    )
    .fetch_all(&mut *conn)
    .await?;
    let planned = sqlx::query_as!(
        PlannedRow,
        r#"SELECT goal_id, ours_id, theirs_id, cadence_days AS "cadence_days: _" FROM blueprint_planned_connections
            WHERE blueprint_id = ?1 ORDER BY goal_id, position"#,
        id
    )
    .fetch_all(&mut *conn)
    .await?;
    let reviews = sqlx::query_as!(
        ReviewRow,
        r#"SELECT revision AS "revision: _", by_id, at AS "at: _", verdict AS "verdict: _", comment
             FROM blueprint_reviews WHERE blueprint_id = ?1 ORDER BY n"#,
        id
    )
    .fetch_all(&mut *conn)
    .await?;
    let revisions = sqlx::query_as!(
        RevisionRow,
        r#"SELECT revision AS "revision: _", approved_by, approved_at AS "approved_at: _", goals
             FROM blueprint_revisions WHERE blueprint_id = ?1 ORDER BY revision"#,
        id
    )
    .fetch_all(&mut *conn)
    .await?;
    let check_ins = sqlx::query_as!(
        CheckInRow,
        r#"SELECT goal_id, on_date AS "on_date: _", value, note, status AS "status: _"
             FROM blueprint_check_ins WHERE blueprint_id = ?1 ORDER BY n"#,
        id
    )
    .fetch_all(&mut *conn)
    .await?;
    Ok(Some(Rows {
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
    }))
}

// ---------------------------------------------------------------------------
// Writing the aggregate's rows

/// The blueprint's own row (new).
pub(crate) async fn insert_header(conn: &mut SqliteConnection, h: &HeaderRow, stamp: &str) -> Result<()> {
    sqlx::query!(
        "INSERT INTO blueprints (id, account_id, starts_on, ends_on, question, stage, revision, created_at, updated_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?8)",
        h.id,
        h.account_id,
        h.starts_on.to_string(),
        h.ends_on.to_string(),
        h.question,
        h.stage,
        h.revision,
        stamp
    )
    .execute(&mut *conn)
    .await?;
    Ok(())
}

/// The period, question, stage and revision of the blueprint's row.
pub(crate) async fn update_header(conn: &mut SqliteConnection, h: &HeaderRow) -> Result<()> {
    sqlx::query!(
        "UPDATE blueprints SET starts_on = ?2, ends_on = ?3, question = ?4, stage = ?5, revision = ?6 WHERE id = ?1",
        h.id,
        h.starts_on.to_string(),
        h.ends_on.to_string(),
        h.question,
        h.stage,
        h.revision
    )
    .execute(&mut *conn)
    .await?;
    Ok(())
}

/// When the blueprint last changed.
pub(crate) async fn touch(conn: &mut SqliteConnection, id: &str, stamp: &str) -> Result<()> {
    sqlx::query!("UPDATE blueprints SET updated_at = ?2 WHERE id = ?1", id, stamp).execute(&mut *conn).await?;
    Ok(())
}

pub(crate) async fn replace_participants(conn: &mut SqliteConnection, id: &str, rows: &[ParticipantRow]) -> Result<()> {
    sqlx::query!("DELETE FROM blueprint_participants WHERE blueprint_id = ?1", id).execute(&mut *conn).await?;
    for (n, p) in rows.iter().enumerate() {
        sqlx::query!(
            "INSERT INTO blueprint_participants (blueprint_id, position, person_id, function) VALUES (?1, ?2, ?3, ?4)",
            id,
            position(n),
            p.person_id,
            p.function
        )
        .execute(&mut *conn)
        .await?;
    }
    Ok(())
}

/// Writes one idea at its position, new or changed.
pub(crate) async fn upsert_idea(conn: &mut SqliteConnection, id: &str, at: usize, idea: &IdeaRow) -> Result<()> {
    sqlx::query!(
        "INSERT INTO blueprint_ideas
             (blueprint_id, id, position, text, participant_id, kind, impact, effort, chosen, merged_into, split_from)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)
         ON CONFLICT (blueprint_id, id) DO UPDATE SET
             position = excluded.position, text = excluded.text, participant_id = excluded.participant_id,
             kind = excluded.kind, impact = excluded.impact, effort = excluded.effort, chosen = excluded.chosen,
             merged_into = excluded.merged_into, split_from = excluded.split_from",
        id,
        idea.id,
        position(at),
        idea.text,
        idea.participant_id,
        idea.kind,
        idea.impact,
        idea.effort,
        idea.chosen,
        idea.merged_into,
        idea.split_from
    )
    .execute(&mut *conn)
    .await?;
    Ok(())
}

pub(crate) async fn delete_idea(conn: &mut SqliteConnection, id: &str, idea_id: &str) -> Result<()> {
    sqlx::query!("DELETE FROM blueprint_ideas WHERE blueprint_id = ?1 AND id = ?2", id, idea_id)
        .execute(&mut *conn)
        .await?;
    Ok(())
}

pub(crate) async fn replace_ballots(conn: &mut SqliteConnection, id: &str, rows: &[BallotRow]) -> Result<()> {
    sqlx::query!("DELETE FROM blueprint_ballots WHERE blueprint_id = ?1", id).execute(&mut *conn).await?;
    for b in rows {
        sqlx::query!(
            "INSERT INTO blueprint_ballots (blueprint_id, participant_id, idea_id, votes) VALUES (?1, ?2, ?3, ?4)",
            id,
            b.participant_id,
            b.idea_id,
            b.votes
        )
        .execute(&mut *conn)
        .await?;
    }
    Ok(())
}

/// One goal and what hangs off it, in order.
pub(crate) struct GoalRows {
    pub goal: GoalRow,
    pub idea_ids: Vec<String>,
    pub involve: Vec<(String, Side)>,
    pub planned: Vec<PlannedRow>,
}

/// The goals are few: rewritten whole when any of them changed.
pub(crate) async fn replace_goals(conn: &mut SqliteConnection, id: &str, goals: &[GoalRows]) -> Result<()> {
    sqlx::query!("DELETE FROM blueprint_goals WHERE blueprint_id = ?1", id).execute(&mut *conn).await?;
    sqlx::query!("DELETE FROM blueprint_goal_ideas WHERE blueprint_id = ?1", id).execute(&mut *conn).await?;
    sqlx::query!("DELETE FROM blueprint_goal_people WHERE blueprint_id = ?1", id).execute(&mut *conn).await?;
    sqlx::query!("DELETE FROM blueprint_planned_connections WHERE blueprint_id = ?1", id).execute(&mut *conn).await?;
    for (at, rows) in goals.iter().enumerate() {
        let g = &rows.goal;
        sqlx::query!(
            "INSERT INTO blueprint_goals (blueprint_id, id, position, title, owner_id, counterpart_id, target_date,
                                          metric, unit, baseline, target, status)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)",
            id,
            g.id,
            position(at),
            g.title,
            g.owner_id,
            g.counterpart_id,
            g.target_date.map(|d| d.to_string()),
            g.metric,
            g.unit,
            g.baseline,
            g.target,
            g.status
        )
        .execute(&mut *conn)
        .await?;
        for (n, idea) in rows.idea_ids.iter().enumerate() {
            sqlx::query!(
                "INSERT INTO blueprint_goal_ideas (blueprint_id, goal_id, position, idea_id) VALUES (?1, ?2, ?3, ?4)",
                id,
                g.id,
                position(n),
                idea
            )
            .execute(&mut *conn)
            .await?;
        }
        for (n, (person_id, side)) in rows.involve.iter().enumerate() {
            sqlx::query!(
                "INSERT INTO blueprint_goal_people (blueprint_id, goal_id, position, person_id, side)
                 VALUES (?1, ?2, ?3, ?4, ?5)",
                id,
                g.id,
                position(n),
                person_id,
                side
            )
            .execute(&mut *conn)
            .await?;
        }
        for (n, c) in rows.planned.iter().enumerate() {
            sqlx::query!(
                "INSERT INTO blueprint_planned_connections (blueprint_id, goal_id, position, ours_id, theirs_id, cadence_days)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
                id,
                g.id,
                position(n),
                c.ours_id,
                c.theirs_id,
                c.cadence_days
            )
            .execute(&mut *conn)
            .await?;
        }
    }
    Ok(())
}

/// The `n`th review (insert-only).
pub(crate) async fn insert_review(conn: &mut SqliteConnection, id: &str, n: usize, r: &ReviewRow) -> Result<()> {
    sqlx::query!(
        "INSERT INTO blueprint_reviews (blueprint_id, n, revision, by_id, at, verdict, comment)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
        id,
        position(n),
        r.revision,
        r.by_id,
        text::timestamp(r.at),
        r.verdict,
        r.comment
    )
    .execute(&mut *conn)
    .await?;
    Ok(())
}

/// A frozen revision (insert-only, guarded by a trigger).
pub(crate) async fn insert_revision(conn: &mut SqliteConnection, id: &str, r: &RevisionRow) -> Result<()> {
    sqlx::query!(
        "INSERT INTO blueprint_revisions (blueprint_id, revision, approved_by, approved_at, goals)
         VALUES (?1, ?2, ?3, ?4, ?5)",
        id,
        r.revision,
        r.approved_by,
        text::timestamp(r.approved_at),
        r.goals
    )
    .execute(&mut *conn)
    .await?;
    Ok(())
}

/// The `n`th check-in (insert-only).
pub(crate) async fn insert_check_in(conn: &mut SqliteConnection, id: &str, n: usize, c: &CheckInRow) -> Result<()> {
    sqlx::query!(
        "INSERT INTO blueprint_check_ins (blueprint_id, n, goal_id, on_date, value, note, status)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
        id,
        position(n),
        c.goal_id,
        c.on_date.to_string(),
        c.value,
        c.note,
        c.status
    )
    .execute(&mut *conn)
    .await?;
    Ok(())
}

// ---------------------------------------------------------------------------
// Around the aggregate

/// A blueprint's account and period, in the trash or not.
pub(crate) struct PeriodRow {
    pub account_id: String,
    pub starts_on: NaiveDate,
    pub ends_on: NaiveDate,
}

pub(crate) async fn period_of(conn: &mut SqliteConnection, id: &str) -> Result<Option<PeriodRow>> {
    Ok(sqlx::query_as!(
        PeriodRow,
        r#"SELECT account_id, starts_on AS "starts_on: _", ends_on AS "ends_on: _" FROM blueprints WHERE id = ?1"#,
        id
    )
    .fetch_optional(&mut *conn)
    .await?)
}

/// Another live blueprint of the account whose period meets `[starts_on, ends_on]`.
pub(crate) async fn overlapping(
    conn: &mut SqliteConnection,
    account_id: &str,
    id: &str,
    starts_on: NaiveDate,
    ends_on: NaiveDate,
) -> Result<Option<PeriodRow>> {
    Ok(sqlx::query_as!(
        PeriodRow,
        r#"SELECT account_id, starts_on AS "starts_on: _", ends_on AS "ends_on: _" FROM blueprints
            WHERE account_id = ?1 AND id <> ?2 AND deleted_at IS NULL AND starts_on <= ?4 AND ends_on >= ?3
            LIMIT 1"#,
        account_id,
        id,
        starts_on.to_string(),
        ends_on.to_string()
    )
    .fetch_optional(&mut *conn)
    .await?)
}

/// Live blueprints of live accounts (of one account, or all), by account
/// name and newest period first.
pub(crate) async fn ids(conn: &mut SqliteConnection, account_id: Option<&str>) -> Result<Vec<String>> {
    Ok(sqlx::query_scalar!(
        "SELECT b.id FROM blueprints b JOIN accounts a ON a.id = b.account_id
          WHERE b.deleted_at IS NULL AND a.deleted_at IS NULL AND (?1 IS NULL OR b.account_id = ?1)
          ORDER BY a.name COLLATE NOCASE, b.starts_on DESC, b.id",
        account_id
    )
    .fetch_all(&mut *conn)
    .await?)
}

/// The account's name and when the blueprint last changed, for a list line.
pub(crate) struct ListLine {
    pub account_name: String,
    pub updated_at: String,
}

pub(crate) async fn list_line(conn: &mut SqliteConnection, id: &str) -> Result<ListLine> {
    Ok(sqlx::query_as!(
        ListLine,
        "SELECT a.name AS account_name, b.updated_at FROM blueprints b JOIN accounts a ON a.id = b.account_id
          WHERE b.id = ?1",
        id
    )
    .fetch_one(&mut *conn)
    .await?)
}

/// The account's executive sponsor, if they are not in the trash.
pub(crate) async fn sponsor(conn: &mut SqliteConnection, account_id: &str) -> Result<Option<String>> {
    Ok(sqlx::query_scalar!(
        "SELECT a.sponsor_id FROM accounts a JOIN people p ON p.id = a.sponsor_id
          WHERE a.id = ?1 AND p.deleted_at IS NULL",
        account_id
    )
    .fetch_optional(&mut *conn)
    .await?
    .flatten())
}

/// Someone a blueprint can name.
pub(crate) struct PlanPersonRow {
    pub id: String,
    pub name: String,
    pub title: Option<String>,
    pub side: Side,
    pub function: Option<Function>,
    pub gone: bool,
}

/// Our people and theirs of the account, gone ones included.
pub(crate) async fn plan_people(conn: &mut SqliteConnection, account_id: &str) -> Result<Vec<PlanPersonRow>> {
    Ok(sqlx::query_as!(
        PlanPersonRow,
        r#"SELECT id, name, title, side AS "side: _", function AS "function: _",
                  active = 0 OR deleted_at IS NOT NULL AS "gone: _"
             FROM people WHERE (side = 'ours' OR account_id = ?1)
            ORDER BY side, name COLLATE NOCASE, id"#,
        account_id
    )
    .fetch_all(&mut *conn)
    .await?)
}

// ---------------------------------------------------------------------------
// Drafts

pub(crate) struct DraftRow {
    pub slot: String,
    pub text: String,
}

pub(crate) async fn drafts(conn: &mut SqliteConnection, id: &str) -> Result<Vec<DraftRow>> {
    Ok(sqlx::query_as!(DraftRow, "SELECT slot, text FROM blueprint_drafts WHERE blueprint_id = ?1 ORDER BY slot", id)
        .fetch_all(&mut *conn)
        .await?)
}

pub(crate) async fn save_draft(
    conn: &mut SqliteConnection,
    id: &str,
    slot: &str,
    value: &str,
    stamp: &str,
) -> Result<()> {
    sqlx::query!(
        "INSERT INTO blueprint_drafts (blueprint_id, slot, text, updated_at) VALUES (?1, ?2, ?3, ?4)
         ON CONFLICT (blueprint_id, slot) DO UPDATE SET text = excluded.text, updated_at = excluded.updated_at",
        id,
        slot,
        value,
        stamp
    )
    .execute(&mut *conn)
    .await?;
    Ok(())
}

pub(crate) async fn clear_draft(conn: &mut SqliteConnection, id: &str, slot: &str) -> Result<()> {
    sqlx::query!("DELETE FROM blueprint_drafts WHERE blueprint_id = ?1 AND slot = ?2", id, slot)
        .execute(&mut *conn)
        .await?;
    Ok(())
}

// ---------------------------------------------------------------------------
// For the relationship map

/// A tie planned by an account's live blueprints: the shortest cadence and
/// the first goal title among the plans that name it.
pub(crate) struct PlannedTie {
    pub ours_id: String,
    pub theirs_id: String,
    pub cadence_days: u32,
    pub goal_title: String,
}

pub(crate) async fn planned_ties(conn: &mut SqliteConnection, account_id: &str) -> Result<Vec<PlannedTie>> {
    // Every column is NOT NULL, and min() over a group (never empty) of one
    // is too; sqlx loses that through the GROUP BY, hence the `!`.
    Ok(sqlx::query_as!(
        PlannedTie,
        r#"SELECT pc.ours_id AS "ours_id!", pc.theirs_id AS "theirs_id!", min(pc.cadence_days) AS "cadence_days!: _",
                  min(g.title) AS "goal_title!"
             FROM blueprint_planned_connections pc
             JOIN blueprints b ON b.id = pc.blueprint_id AND b.deleted_at IS NULL
             JOIN blueprint_goals g ON g.blueprint_id = pc.blueprint_id AND g.id = pc.goal_id
            WHERE b.account_id = ?1
            GROUP BY pc.ours_id, pc.theirs_id
            ORDER BY pc.ours_id, pc.theirs_id"#,
        account_id
    )
    .fetch_all(&mut *conn)
    .await?)
}
