//! Feedback and stories in the vault. Each step of the feedback loop goes
//! through [`feedback::next`] and is recorded with who and when, in the same
//! transaction as the change.

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use sqlx::{SqliteConnection, SqlitePool};

use super::feedback::{
    self, FeedbackAction, FeedbackChannel, FeedbackDue, FeedbackFacts, FeedbackState, FeedbackStep, ThanksHow,
};
use super::story::{self, DepartmentStories, Failure, StoryFacts, StoryKind};
use crate::error::{Error, Result};
use crate::text;

// ---------------------------------------------------------------------------
// Feedback

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct Feedback {
    pub id: String,
    pub account_id: String,
    pub person_id: Option<String>,
    /// Who said it, if we know.
    pub person_name: Option<String>,
    /// YYYY-MM-DD.
    pub received_on: String,
    pub channel: FeedbackChannel,
    pub text: String,
    pub theme: Option<String>,
    pub state: FeedbackState,
    pub change: Option<String>,
    pub visible_on: Option<String>,
    pub reconsider_on: Option<String>,
    pub reason: Option<String>,
    pub thanked_on: Option<String>,
    pub thanked_how: Option<ThanksHow>,
    /// What it asks of us today (come back, thank them).
    pub due: Vec<FeedbackDue>,
    pub updated_at: String,
}

/// What the feedback form sends: the facts of what was said. The state moves
/// only through [`act`]; thanks through [`thank`].
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(default)]
pub struct FeedbackInput {
    pub account_id: String,
    pub person_id: Option<String>,
    pub received_on: String,
    pub channel: Option<FeedbackChannel>,
    pub text: String,
    pub theme: Option<String>,
}

pub(crate) struct CleanFeedback {
    person_id: Option<String>,
    received_on: NaiveDate,
    channel: FeedbackChannel,
    text: String,
    theme: Option<String>,
}

pub(crate) fn clean(input: &FeedbackInput, today: NaiveDate) -> Result<CleanFeedback> {
    let received_on = text::date("received_on", &input.received_on)?;
    if received_on > today {
        return Err(Error::validation("received_on", "cannot be in the future"));
    }
    Ok(CleanFeedback {
        person_id: text::blank_to_none(&input.person_id),
        received_on,
        channel: input.channel.ok_or_else(|| Error::validation("channel", "choose how they told us"))?,
        text: text::required_text("text", &input.text)?,
        theme: text::optional_line("theme", input.theme.as_deref())?,
    })
}

async fn check_person(conn: &mut SqliteConnection, account_id: &str, person: &Option<String>) -> Result<()> {
    let Some(id) = person else { return Ok(()) };
    let row: Option<(Option<String>,)> =
        sqlx::query_as("SELECT account_id FROM people WHERE id = ?1 AND deleted_at IS NULL")
            .bind(id)
            .fetch_optional(&mut *conn)
            .await?;
    match row {
        Some((Some(account),)) if account == account_id => Ok(()),
        Some(_) => Err(Error::validation("person_id", "choose one of their people at this account")),
        None => Err(Error::validation("person_id", "no such person (or they are in the trash)")),
    }
}

async fn live_account(conn: &mut SqliteConnection, account_id: &str) -> Result<()> {
    let found: Option<i64> = sqlx::query_scalar("SELECT 1 FROM accounts WHERE id = ?1 AND deleted_at IS NULL")
        .bind(account_id)
        .fetch_optional(&mut *conn)
        .await?;
    found.map(|_| ()).ok_or_else(|| Error::validation("account_id", "no such account (or it is in the trash)"))
}

pub async fn create_feedback(
    pool: &SqlitePool,
    input: &FeedbackInput,
    now: DateTime<Utc>,
    today: NaiveDate,
) -> Result<Feedback> {
    let c = clean(input, today)?;
    let mut tx = crate::db::begin_write(pool, now).await?;
    live_account(&mut tx, &input.account_id).await?;
    check_person(&mut tx, &input.account_id, &c.person_id).await?;
    let id = text::new_id();
    let stamp = text::timestamp(now);
    sqlx::query(
        "INSERT INTO feedback (id, account_id, person_id, received_on, channel, text, theme, created_at, updated_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?8)",
    )
    .bind(&id)
    .bind(&input.account_id)
    .bind(&c.person_id)
    .bind(c.received_on.to_string())
    .bind(c.channel.as_str())
    .bind(&c.text)
    .bind(&c.theme)
    .bind(&stamp)
    .execute(&mut *tx)
    .await?;
    let out = get_in(&mut tx, &id, today).await?;
    tx.commit().await?;
    Ok(out)
}

/// Corrects what was said (who, when, how, the words); the state is untouched.
pub async fn update_feedback(
    pool: &SqlitePool,
    id: &str,
    input: &FeedbackInput,
    now: DateTime<Utc>,
    today: NaiveDate,
) -> Result<Feedback> {
    let c = clean(input, today)?;
    let mut tx = crate::db::begin_write(pool, now).await?;
    let before = get_in(&mut tx, id, today).await?;
    // What became of it cannot come before they told us.
    let received = c.received_on.to_string();
    if before.visible_on.as_ref().is_some_and(|d| received > *d) {
        return Err(Error::validation("received_on", "cannot be after the day they could see the change"));
    }
    if before.thanked_on.as_ref().is_some_and(|d| received > *d) {
        return Err(Error::validation("received_on", "cannot be after the day we thanked them"));
    }
    check_person(&mut tx, &before.account_id, &c.person_id).await?;
    sqlx::query(
        "UPDATE feedback SET person_id = ?2, received_on = ?3, channel = ?4, text = ?5, theme = ?6, updated_at = ?7
          WHERE id = ?1",
    )
    .bind(id)
    .bind(&c.person_id)
    .bind(&received)
    .bind(c.channel.as_str())
    .bind(&c.text)
    .bind(&c.theme)
    .bind(text::timestamp(now))
    .execute(&mut *tx)
    .await?;
    let out = get_in(&mut tx, id, today).await?;
    tx.commit().await?;
    Ok(out)
}

/// Feedback of live accounts: what a trashed account holds goes with it.
const SELECT_FEEDBACK: &str =
    "SELECT f.id, f.account_id, f.person_id, p.name, f.received_on, f.channel, f.text, f.theme,
        f.state, f.change, f.visible_on, f.reconsider_on, f.reason, f.thanked_on, f.thanked_how, f.updated_at
   FROM feedback f JOIN accounts a ON a.id = f.account_id AND a.deleted_at IS NULL
   LEFT JOIN people p ON p.id = f.person_id AND p.deleted_at IS NULL";

fn from_row(r: &sqlx::sqlite::SqliteRow, today: NaiveDate) -> Result<Feedback> {
    use sqlx::Row;
    let day = |s: &str| {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").map_err(|_| Error::Corrupt(format!("date \"{s}\" in the vault")))
    };
    let received_on: String = r.try_get(4)?;
    let state = FeedbackState::from_stored(&r.try_get::<String, _>(8)?)?;
    let reconsider_on: Option<String> = r.try_get(11)?;
    let thanked_on: Option<String> = r.try_get(13)?;
    let facts = FeedbackFacts {
        state,
        received_on: day(&received_on)?,
        reconsider_on: reconsider_on.as_deref().map(day).transpose()?,
        thanked_on: thanked_on.as_deref().map(day).transpose()?,
    };
    Ok(Feedback {
        id: r.try_get(0)?,
        account_id: r.try_get(1)?,
        person_id: r.try_get(2)?,
        person_name: r.try_get(3)?,
        received_on,
        channel: FeedbackChannel::from_stored(&r.try_get::<String, _>(5)?)?,
        text: r.try_get(6)?,
        theme: r.try_get(7)?,
        state,
        change: r.try_get(9)?,
        visible_on: r.try_get(10)?,
        reconsider_on,
        reason: r.try_get(12)?,
        thanked_on,
        thanked_how: r.try_get::<Option<String>, _>(14)?.as_deref().map(ThanksHow::from_stored).transpose()?,
        due: feedback::due(&facts, today),
        updated_at: r.try_get(15)?,
    })
}

async fn get_in(conn: &mut SqliteConnection, id: &str, today: NaiveDate) -> Result<Feedback> {
    let row = sqlx::query(sql!("{SELECT_FEEDBACK} WHERE f.id = ?1 AND f.deleted_at IS NULL"))
        .bind(id)
        .fetch_optional(&mut *conn)
        .await?
        .ok_or_else(|| Error::NotFound("feedback".into()))?;
    from_row(&row, today)
}

pub async fn get_feedback(pool: &SqlitePool, id: &str, today: NaiveDate) -> Result<Feedback> {
    get_in(&mut *pool.acquire().await?, id, today).await
}

/// An account's feedback, newest first.
pub async fn list_feedback(pool: &SqlitePool, account_id: &str, today: NaiveDate) -> Result<Vec<Feedback>> {
    let rows = sqlx::query(sql!(
        "{SELECT_FEEDBACK} WHERE f.account_id = ?1 AND f.deleted_at IS NULL ORDER BY f.received_on DESC, f.id"
    ))
    .bind(account_id)
    .fetch_all(pool)
    .await?;
    rows.iter().map(|r| from_row(r, today)).collect()
}

/// Feedback that needs someone today, across live accounts: deferred items
/// whose day has come, and unthanked ones. Oldest first.
pub async fn feedback_due(pool: &SqlitePool, today: NaiveDate) -> Result<Vec<(String, Feedback)>> {
    let thank_by = (today - chrono::Duration::days(feedback::THANKS_WITHIN_DAYS)).to_string();
    let rows = sqlx::query(sql!(
        "SELECT * FROM ({SELECT_FEEDBACK}
          WHERE f.deleted_at IS NULL
            AND ((f.state = 'deferred' AND f.reconsider_on <= ?1) OR (f.thanked_on IS NULL AND f.received_on < ?2)))
          ORDER BY received_on, id"
    ))
    .bind(today.to_string())
    .bind(thank_by)
    .fetch_all(pool)
    .await?;
    let mut out = Vec::with_capacity(rows.len());
    for r in &rows {
        let f = from_row(r, today)?;
        let name: String =
            sqlx::query_scalar("SELECT name FROM accounts WHERE id = ?1").bind(&f.account_id).fetch_one(pool).await?;
        out.push((name, f));
    }
    Ok(out)
}

/// One step of the feedback loop, recorded with who (Settings → your name) and when.
pub async fn act(
    pool: &SqlitePool,
    id: &str,
    step: &FeedbackStep,
    now: DateTime<Utc>,
    today: NaiveDate,
) -> Result<Feedback> {
    let mut tx = crate::db::begin_write(pool, now).await?;
    let actor = actor(&mut tx).await?;
    let before = get_in(&mut tx, id, today).await?;
    let received = text::date("received_on", &before.received_on)?;
    let to = feedback::next(before.state, step, received, today)?;
    let action = step.action.expect("next refuses a step without an action");
    let change = text::optional_text("change", step.change.as_deref())?;
    let reason = text::optional_text("reason", step.reason.as_deref())?;
    let (change, visible_on, reconsider_on, reason) = match action {
        FeedbackAction::Complete => (change, step.visible_on.map(|d| d.to_string()), None, before.reason.clone()),
        FeedbackAction::Defer => (
            before.change.clone(),
            before.visible_on.clone(),
            step.reconsider_on.map(|d| d.to_string()),
            before.reason.clone(),
        ),
        FeedbackAction::Decline => (before.change.clone(), before.visible_on.clone(), None, reason),
        FeedbackAction::Act | FeedbackAction::Reopen => {
            (before.change.clone(), before.visible_on.clone(), None, before.reason.clone())
        }
    };
    let note = match action {
        FeedbackAction::Complete => change.clone(),
        FeedbackAction::Defer => step.reconsider_on.map(|d| format!("until {}", d.format("%-d %b %Y"))),
        FeedbackAction::Decline => reason.clone(),
        _ => None,
    };
    let stamp = text::timestamp(now);
    sqlx::query(
        "UPDATE feedback SET state = ?2, change = ?3, visible_on = ?4, reconsider_on = ?5, reason = ?6, updated_at = ?7
          WHERE id = ?1",
    )
    .bind(id)
    .bind(to.as_str())
    .bind(&change)
    .bind(&visible_on)
    .bind(&reconsider_on)
    .bind(&reason)
    .bind(&stamp)
    .execute(&mut *tx)
    .await?;
    record(&mut tx, id, &stamp, &actor, action.as_str(), before.state, to, note.as_deref()).await?;
    let out = get_in(&mut tx, id, today).await?;
    tx.commit().await?;
    Ok(out)
}

async fn actor(conn: &mut SqliteConnection) -> Result<String> {
    crate::settings::get_in(conn)
        .await?
        .your_name
        .ok_or_else(|| Error::validation("by", "say who is doing this (set your name in Settings)"))
}

#[allow(clippy::too_many_arguments, reason = "one row of the record, column by column")]
async fn record(
    conn: &mut SqliteConnection,
    id: &str,
    at: &str,
    actor: &str,
    action: &str,
    from: FeedbackState,
    to: FeedbackState,
    note: Option<&str>,
) -> Result<()> {
    sqlx::query(
        "INSERT INTO feedback_events (feedback_id, at, actor, action, from_state, to_state, note)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
    )
    .bind(id)
    .bind(at)
    .bind(actor)
    .bind(action)
    .bind(from.as_str())
    .bind(to.as_str())
    .bind(note)
    .execute(&mut *conn)
    .await?;
    Ok(())
}

/// Records that we thanked them, when and how.
pub async fn thank(
    pool: &SqlitePool,
    id: &str,
    on: &str,
    how: Option<ThanksHow>,
    now: DateTime<Utc>,
    today: NaiveDate,
) -> Result<Feedback> {
    let on = text::date("thanked_on", on)?;
    let how = how.ok_or_else(|| Error::validation("thanked_how", "choose how we thanked them"))?;
    let mut tx = crate::db::begin_write(pool, now).await?;
    let actor = actor(&mut tx).await?;
    let before = get_in(&mut tx, id, today).await?;
    if before.thanked_on.is_some() {
        return Err(Error::Refused("they have been thanked already".into()));
    }
    feedback::check_thanks(text::date("received_on", &before.received_on)?, on, today)?;
    let stamp = text::timestamp(now);
    sqlx::query("UPDATE feedback SET thanked_on = ?2, thanked_how = ?3, updated_at = ?4 WHERE id = ?1")
        .bind(id)
        .bind(on.to_string())
        .bind(how.as_str())
        .bind(&stamp)
        .execute(&mut *tx)
        .await?;
    let note = format!("{} on {}", how.label(), on.format("%-d %b %Y"));
    record(&mut tx, id, &stamp, &actor, "thank", before.state, before.state, Some(&note)).await?;
    let out = get_in(&mut tx, id, today).await?;
    tx.commit().await?;
    Ok(out)
}

/// One step in a piece of feedback's record.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct FeedbackEvent {
    pub at: String,
    pub actor: String,
    /// act, complete, defer, decline, reopen or thank.
    pub action: String,
    pub from: FeedbackState,
    pub to: FeedbackState,
    pub note: Option<String>,
}

/// The steps of a piece of feedback's loop, oldest first; none while it is
/// in the trash, like the feedback itself.
pub async fn feedback_history(pool: &SqlitePool, id: &str) -> Result<Vec<FeedbackEvent>> {
    let rows: Vec<(String, String, String, String, String, Option<String>)> = sqlx::query_as(
        "SELECT e.at, e.actor, e.action, e.from_state, e.to_state, e.note
           FROM feedback_events e JOIN feedback f ON f.id = e.feedback_id AND f.deleted_at IS NULL
          WHERE e.feedback_id = ?1 ORDER BY e.n",
    )
    .bind(id)
    .fetch_all(pool)
    .await?;
    rows.into_iter()
        .map(|(at, actor, action, from, to, note)| {
            Ok(FeedbackEvent {
                at,
                actor,
                action,
                from: FeedbackState::from_stored(&from)?,
                to: FeedbackState::from_stored(&to)?,
                note,
            })
        })
        .collect()
}

// ---------------------------------------------------------------------------
// Stories

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct Story {
    pub id: String,
    pub account_id: String,
    pub kind: StoryKind,
    pub title: String,
    pub department: String,
    pub occurred_on: String,
    pub impact: Option<String>,
    pub failure: Option<Failure>,
    pub resolved: bool,
    pub lesson: Option<String>,
    pub updated_at: String,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(default)]
pub struct StoryInput {
    pub account_id: String,
    pub kind: Option<StoryKind>,
    pub title: String,
    pub department: String,
    pub occurred_on: String,
    pub impact: Option<String>,
    pub failure: Option<Failure>,
    pub resolved: bool,
    pub lesson: Option<String>,
}

pub(crate) struct CleanStory {
    kind: StoryKind,
    title: String,
    department: String,
    occurred_on: NaiveDate,
    impact: Option<String>,
    lesson: Option<String>,
}

pub(crate) fn clean_story(input: &StoryInput, today: NaiveDate) -> Result<CleanStory> {
    let kind = input.kind.ok_or_else(|| Error::validation("kind", "a success or a horror story?"))?;
    let occurred_on = text::date("occurred_on", &input.occurred_on)?;
    if occurred_on > today {
        return Err(Error::validation("occurred_on", "cannot be in the future"));
    }
    story::check(kind, input.failure, input.resolved)?;
    Ok(CleanStory {
        kind,
        title: text::required_line("title", &input.title)?,
        department: text::required_line("department", &input.department)?,
        occurred_on,
        impact: text::optional_text("impact", input.impact.as_deref())?,
        lesson: text::optional_text("lesson", input.lesson.as_deref())?,
    })
}

type StoryRow =
    (String, String, String, String, String, String, Option<String>, Option<String>, bool, Option<String>, String);

const SELECT_STORY: &str =
    "SELECT id, account_id, kind, title, department, occurred_on, impact, failure, resolved, lesson,
        updated_at FROM stories";

fn story_from(r: StoryRow) -> Result<Story> {
    let (id, account_id, kind, title, department, occurred_on, impact, failure, resolved, lesson, updated_at) = r;
    Ok(Story {
        id,
        account_id,
        kind: StoryKind::from_stored(&kind)?,
        title,
        department,
        occurred_on,
        impact,
        failure: failure.as_deref().map(Failure::from_stored).transpose()?,
        resolved,
        lesson,
        updated_at,
    })
}

async fn story_in(conn: &mut SqliteConnection, id: &str) -> Result<Story> {
    let row: StoryRow = sqlx::query_as(sql!(
        "{SELECT_STORY} WHERE id = ?1 AND deleted_at IS NULL
            AND account_id IN (SELECT id FROM accounts WHERE deleted_at IS NULL)"
    ))
    .bind(id)
    .fetch_optional(&mut *conn)
    .await?
    .ok_or_else(|| Error::NotFound("story".into()))?;
    story_from(row)
}

pub async fn create_story(
    pool: &SqlitePool,
    input: &StoryInput,
    now: DateTime<Utc>,
    today: NaiveDate,
) -> Result<Story> {
    let c = clean_story(input, today)?;
    let mut tx = crate::db::begin_write(pool, now).await?;
    live_account(&mut tx, &input.account_id).await?;
    let id = text::new_id();
    sqlx::query(
        "INSERT INTO stories (id, account_id, kind, title, department, occurred_on, impact, failure, resolved, lesson,
                              created_at, updated_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?11)",
    )
    .bind(&id)
    .bind(&input.account_id)
    .bind(c.kind.as_str())
    .bind(&c.title)
    .bind(&c.department)
    .bind(c.occurred_on.to_string())
    .bind(&c.impact)
    .bind(input.failure.map(Failure::as_str))
    .bind(input.resolved)
    .bind(&c.lesson)
    .bind(text::timestamp(now))
    .execute(&mut *tx)
    .await?;
    let out = story_in(&mut tx, &id).await?;
    tx.commit().await?;
    Ok(out)
}

pub async fn update_story(
    pool: &SqlitePool,
    id: &str,
    input: &StoryInput,
    now: DateTime<Utc>,
    today: NaiveDate,
) -> Result<Story> {
    let c = clean_story(input, today)?;
    let mut tx = crate::db::begin_write(pool, now).await?;
    story_in(&mut tx, id).await?;
    sqlx::query(
        "UPDATE stories SET kind = ?2, title = ?3, department = ?4, occurred_on = ?5, impact = ?6, failure = ?7,
                            resolved = ?8, lesson = ?9, updated_at = ?10
          WHERE id = ?1",
    )
    .bind(id)
    .bind(c.kind.as_str())
    .bind(&c.title)
    .bind(&c.department)
    .bind(c.occurred_on.to_string())
    .bind(&c.impact)
    .bind(input.failure.map(Failure::as_str))
    .bind(input.resolved)
    .bind(&c.lesson)
    .bind(text::timestamp(now))
    .execute(&mut *tx)
    .await?;
    let out = story_in(&mut tx, id).await?;
    tx.commit().await?;
    Ok(out)
}

/// One account's stories (or every live account's), newest first.
pub async fn list_stories(pool: &SqlitePool, account_id: Option<&str>) -> Result<Vec<Story>> {
    let rows: Vec<StoryRow> = sqlx::query_as(sql!(
        "SELECT s.id, s.account_id, s.kind, s.title, s.department, s.occurred_on, s.impact, s.failure, s.resolved,
                s.lesson, s.updated_at
           FROM stories s JOIN accounts a ON a.id = s.account_id AND a.deleted_at IS NULL
          WHERE s.deleted_at IS NULL AND (?1 IS NULL OR s.account_id = ?1)
          ORDER BY s.occurred_on DESC, s.id"
    ))
    .bind(account_id)
    .fetch_all(pool)
    .await?;
    rows.into_iter().map(story_from).collect()
}

/// Which departments make the success stories and which the horror stories,
/// for one account or the whole portfolio.
pub async fn stories_by_department(
    pool: &SqlitePool,
    account_id: Option<&str>,
    since: Option<NaiveDate>,
) -> Result<Vec<DepartmentStories>> {
    let stories = list_stories(pool, account_id).await?;
    let facts: Vec<StoryFacts> = stories
        .iter()
        .map(|s| {
            Ok(StoryFacts {
                kind: s.kind,
                department: s.department.clone(),
                on: text::date("occurred_on", &s.occurred_on)?,
                resolved: s.resolved,
            })
        })
        .collect::<Result<_>>()?;
    Ok(story::by_department(&facts, since))
}
