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
use crate::store::care as store;
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
    match crate::store::people::link(conn, id).await?.map(|p| p.account_id) {
        Some(Some(account)) if account == account_id => Ok(()),
        Some(_) => Err(Error::validation("person_id", "choose one of their people at this account")),
        None => Err(Error::validation("person_id", "no such person (or they are in the trash)")),
    }
}

async fn live_account(conn: &mut SqliteConnection, account_id: &str) -> Result<()> {
    if crate::store::accounts::is_live(conn, account_id).await? {
        Ok(())
    } else {
        Err(Error::validation("account_id", "no such account (or it is in the trash)"))
    }
}

impl CleanFeedback {
    fn fields(&self) -> store::FeedbackFields<'_> {
        store::FeedbackFields {
            person_id: self.person_id.as_deref(),
            received_on: self.received_on,
            channel: self.channel,
            text: &self.text,
            theme: self.theme.as_deref(),
        }
    }
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
    store::insert_feedback(&mut tx, &id, &input.account_id, &c.fields(), &text::timestamp(now)).await?;
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
    let before = row_in(&mut tx, id).await?;
    // What became of it cannot come before they told us.
    if before.visible_on.is_some_and(|d| c.received_on > d) {
        return Err(Error::validation("received_on", "cannot be after the day they could see the change"));
    }
    if before.thanked_on.is_some_and(|d| c.received_on > d) {
        return Err(Error::validation("received_on", "cannot be after the day we thanked them"));
    }
    check_person(&mut tx, &before.account_id, &c.person_id).await?;
    store::update_feedback(&mut tx, id, &c.fields(), &text::timestamp(now)).await?;
    let out = get_in(&mut tx, id, today).await?;
    tx.commit().await?;
    Ok(out)
}

fn from_row(r: store::FeedbackRow, today: NaiveDate) -> Feedback {
    let facts = FeedbackFacts {
        state: r.state,
        received_on: r.received_on,
        reconsider_on: r.reconsider_on,
        thanked_on: r.thanked_on,
    };
    let day = |d: NaiveDate| d.to_string();
    Feedback {
        id: r.id,
        account_id: r.account_id,
        person_id: r.person_id,
        person_name: r.person_name,
        received_on: day(r.received_on),
        channel: r.channel,
        text: r.text,
        theme: r.theme,
        state: r.state,
        change: r.change,
        visible_on: r.visible_on.map(day),
        reconsider_on: r.reconsider_on.map(day),
        reason: r.reason,
        thanked_on: r.thanked_on.map(day),
        thanked_how: r.thanked_how,
        due: feedback::due(&facts, today),
        updated_at: r.updated_at,
    }
}

async fn row_in(conn: &mut SqliteConnection, id: &str) -> Result<store::FeedbackRow> {
    store::feedback(conn, id).await?.ok_or_else(|| Error::NotFound("feedback".into()))
}

async fn get_in(conn: &mut SqliteConnection, id: &str, today: NaiveDate) -> Result<Feedback> {
    Ok(from_row(row_in(conn, id).await?, today))
}

pub async fn get_feedback(pool: &SqlitePool, id: &str, today: NaiveDate) -> Result<Feedback> {
    get_in(&mut *pool.acquire().await?, id, today).await
}

/// An account's feedback, newest first.
pub async fn list_feedback(pool: &SqlitePool, account_id: &str, today: NaiveDate) -> Result<Vec<Feedback>> {
    Ok(store::feedback_of(pool, account_id).await?.into_iter().map(|r| from_row(r, today)).collect())
}

/// Feedback that needs someone today, across live accounts: deferred items
/// whose day has come, and unthanked ones. Oldest first.
pub async fn feedback_due(pool: &SqlitePool, today: NaiveDate) -> Result<Vec<(String, Feedback)>> {
    let thank_by = today - chrono::Duration::days(feedback::THANKS_WITHIN_DAYS);
    Ok(store::feedback_due(pool, today, thank_by)
        .await?
        .into_iter()
        .map(|r| (r.account_name.clone(), from_row(r, today)))
        .collect())
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
    let before = row_in(&mut tx, id).await?;
    let to = feedback::next(before.state, step, before.received_on, today)?;
    let action = step.action.expect("next refuses a step without an action");
    let change = text::optional_text("change", step.change.as_deref())?;
    let reason = text::optional_text("reason", step.reason.as_deref())?;
    let (change, visible_on, reconsider_on, reason) = match action {
        FeedbackAction::Complete => (change, step.visible_on, None, before.reason.clone()),
        FeedbackAction::Defer => (before.change.clone(), before.visible_on, step.reconsider_on, before.reason.clone()),
        FeedbackAction::Decline => (before.change.clone(), before.visible_on, None, reason),
        FeedbackAction::Act | FeedbackAction::Reopen => {
            (before.change.clone(), before.visible_on, None, before.reason.clone())
        }
    };
    let note = match action {
        FeedbackAction::Complete => change.clone(),
        FeedbackAction::Defer => step.reconsider_on.map(|d| format!("until {}", d.format("%-d %b %Y"))),
        FeedbackAction::Decline => reason.clone(),
        _ => None,
    };
    let stamp = text::timestamp(now);
    let outcome = store::FeedbackOutcome {
        state: to,
        change: change.as_deref(),
        visible_on,
        reconsider_on,
        reason: reason.as_deref(),
    };
    store::set_outcome(&mut tx, id, &outcome, &stamp).await?;
    record(&mut tx, id, &stamp, &actor, action.as_str(), before.state, to, note).await?;
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
    note: Option<String>,
) -> Result<()> {
    let event = store::FeedbackEventRow {
        at: at.into(),
        actor: actor.into(),
        action: action.into(),
        from_state: from,
        to_state: to,
        note,
    };
    store::record_event(conn, id, &event).await
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
    let before = row_in(&mut tx, id).await?;
    if before.thanked_on.is_some() {
        return Err(Error::Refused("they have been thanked already".into()));
    }
    feedback::check_thanks(before.received_on, on, today)?;
    let stamp = text::timestamp(now);
    store::set_thanked(&mut tx, id, on, how, &stamp).await?;
    let note = format!("{} on {}", how.label(), on.format("%-d %b %Y"));
    record(&mut tx, id, &stamp, &actor, feedback::THANKS_ACTION, before.state, before.state, Some(note)).await?;
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
    Ok(store::events(pool, id)
        .await?
        .into_iter()
        .map(|e| FeedbackEvent {
            at: e.at,
            actor: e.actor,
            action: e.action,
            from: e.from_state,
            to: e.to_state,
            note: e.note,
        })
        .collect())
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

impl CleanStory {
    fn fields<'a>(&'a self, input: &StoryInput) -> store::StoryFields<'a> {
        store::StoryFields {
            kind: self.kind,
            title: &self.title,
            department: &self.department,
            occurred_on: self.occurred_on,
            impact: self.impact.as_deref(),
            failure: input.failure,
            resolved: input.resolved,
            lesson: self.lesson.as_deref(),
        }
    }
}

fn story_from(r: store::StoryRow) -> Story {
    Story {
        id: r.id,
        account_id: r.account_id,
        kind: r.kind,
        title: r.title,
        department: r.department,
        occurred_on: r.occurred_on.to_string(),
        impact: r.impact,
        failure: r.failure,
        resolved: r.resolved,
        lesson: r.lesson,
        updated_at: r.updated_at,
    }
}

async fn story_in(conn: &mut SqliteConnection, id: &str) -> Result<Story> {
    Ok(story_from(store::story(conn, id).await?.ok_or_else(|| Error::NotFound("story".into()))?))
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
    store::insert_story(&mut tx, &id, &input.account_id, &c.fields(input), &text::timestamp(now)).await?;
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
    store::update_story(&mut tx, id, &c.fields(input), &text::timestamp(now)).await?;
    let out = story_in(&mut tx, id).await?;
    tx.commit().await?;
    Ok(out)
}

/// One account's stories (or every live account's), newest first.
pub async fn list_stories(pool: &SqlitePool, account_id: Option<&str>) -> Result<Vec<Story>> {
    Ok(store::stories(pool, account_id).await?.into_iter().map(story_from).collect())
}

/// Which departments make the success stories and which the horror stories,
/// for one account or the whole portfolio.
pub async fn stories_by_department(
    pool: &SqlitePool,
    account_id: Option<&str>,
    since: Option<NaiveDate>,
) -> Result<Vec<DepartmentStories>> {
    let facts: Vec<StoryFacts> = store::stories(pool, account_id)
        .await?
        .into_iter()
        .map(|s| StoryFacts { kind: s.kind, department: s.department, on: s.occurred_on, resolved: s.resolved })
        .collect();
    Ok(story::by_department(&facts, since))
}
