//! Account care: the Today screen, the portfolio and health scores, cadence
//! and ownership, the feedback loop and customer stories.

use std::sync::Arc;

use rapport_core::care::account::{self as care, AccountCare, OwnershipQuestion};
use rapport_core::care::feedback::{FeedbackStep, ThanksHow};
use rapport_core::care::portfolio::{self, Portfolio};
use rapport_core::care::store::{self as care_store, Feedback, FeedbackEvent, FeedbackInput, Story, StoryInput};
use rapport_core::care::story::DepartmentStories;
use rapport_core::care::today::{self, TodayView};
use rapport_core::session::Session;
use tauri::State;
use tauri::ipc::Channel;

use super::{ExportProgress, Result, Today, small, write};
use crate::book_changed::BookWatch;
use crate::jobs::Jobs;

/// The Today screen: what needs someone, across the book.
#[tauri::command]
#[specta::specta]
pub async fn today_view(session: State<'_, Session>) -> Result<TodayView> {
    Ok(session
        .with_vault(async |vault| {
            let today = Today::of(vault).await?;
            today::today(vault.pool(), today.now, today.day).await
        })
        .await?)
}

/// Every live account with its latest health, trend, blueprint, next meeting,
/// owner and sponsor.
#[tauri::command]
#[specta::specta]
pub async fn portfolio_view(session: State<'_, Session>) -> Result<Portfolio> {
    Ok(session
        .with_vault(async |vault| {
            let today = Today::of(vault).await?;
            portfolio::portfolio(vault.pool(), today.now, today.day).await
        })
        .await?)
}

/// Scores today's health for every account not scored yet today, reporting
/// progress per batch; locking the vault stops it between batches (what is
/// scored stays). Returns how many accounts were scored.
#[tauri::command]
#[specta::specta]
pub async fn portfolio_score(
    session: State<'_, Session>,
    jobs: State<'_, Arc<Jobs>>,
    progress: Channel<ExportProgress>,
) -> Result<u32> {
    jobs.start();
    let jobs = Arc::clone(jobs.inner());
    let scored = session
        .with_vault(async |vault| {
            portfolio::record_all(vault.pool(), Today::of(vault).await?.day, |done, total| {
                let _ = progress.send(ExportProgress::of(done, total));
                jobs.go_on()
            })
            .await
        })
        .await?;
    Ok(small(scored))
}

/// An account's cadence, health (recorded for the trend), backsliding and ownership check.
#[tauri::command]
#[specta::specta]
pub async fn account_care(session: State<'_, Session>, account_id: String) -> Result<AccountCare> {
    Ok(session
        .with_vault(async |vault| care::account_care(vault.pool(), &account_id, Today::of(vault).await?.day).await)
        .await?)
}

/// Sets the account's target interval in days (`None`: its tier's default).
#[tauri::command]
#[specta::specta]
pub async fn account_set_cadence(
    session: State<'_, Session>,
    watch: State<'_, BookWatch>,
    account_id: String,
    every_days: Option<u32>,
) -> Result<AccountCare> {
    write(&session, &watch, async |vault| {
        let today = Today::of(vault).await?;
        care::set_cadence(vault.pool(), &account_id, every_days, today.now, today.day).await
    })
    .await
}

/// Answers one question of the ownership check (blank clears it).
#[tauri::command]
#[specta::specta]
pub async fn ownership_answer(
    session: State<'_, Session>,
    watch: State<'_, BookWatch>,
    account_id: String,
    question: OwnershipQuestion,
    answer: Option<String>,
) -> Result<AccountCare> {
    write(&session, &watch, async |vault| {
        let today = Today::of(vault).await?;
        care::answer_ownership(vault.pool(), &account_id, question, answer.as_deref(), today.now, today.day).await
    })
    .await
}

#[tauri::command]
#[specta::specta]
pub async fn feedback_list(session: State<'_, Session>, account_id: String) -> Result<Vec<Feedback>> {
    Ok(session
        .with_vault(async |vault| {
            care_store::list_feedback(vault.pool(), &account_id, Today::of(vault).await?.day).await
        })
        .await?)
}

#[tauri::command]
#[specta::specta]
pub async fn feedback_get(session: State<'_, Session>, id: String) -> Result<Feedback> {
    Ok(session
        .with_vault(async |vault| care_store::get_feedback(vault.pool(), &id, Today::of(vault).await?.day).await)
        .await?)
}

#[tauri::command]
#[specta::specta]
pub async fn feedback_create(
    session: State<'_, Session>,
    watch: State<'_, BookWatch>,
    input: FeedbackInput,
) -> Result<Feedback> {
    write(&session, &watch, async |vault| {
        let today = Today::of(vault).await?;
        care_store::create_feedback(vault.pool(), &input, today.now, today.day).await
    })
    .await
}

#[tauri::command]
#[specta::specta]
pub async fn feedback_update(
    session: State<'_, Session>,
    watch: State<'_, BookWatch>,
    id: String,
    input: FeedbackInput,
) -> Result<Feedback> {
    write(&session, &watch, async |vault| {
        let today = Today::of(vault).await?;
        care_store::update_feedback(vault.pool(), &id, &input, today.now, today.day).await
    })
    .await
}

/// One step of the feedback loop (act, mark done, defer, decline, reopen).
#[tauri::command]
#[specta::specta]
pub async fn feedback_act(
    session: State<'_, Session>,
    watch: State<'_, BookWatch>,
    id: String,
    step: FeedbackStep,
) -> Result<Feedback> {
    write(&session, &watch, async |vault| {
        let today = Today::of(vault).await?;
        care_store::act(vault.pool(), &id, &step, today.now, today.day).await
    })
    .await
}

/// Records that we thanked them: on (YYYY-MM-DD) and how.
#[tauri::command]
#[specta::specta]
pub async fn feedback_thank(
    session: State<'_, Session>,
    watch: State<'_, BookWatch>,
    id: String,
    on: String,
    how: Option<ThanksHow>,
) -> Result<Feedback> {
    write(&session, &watch, async |vault| {
        let today = Today::of(vault).await?;
        care_store::thank(vault.pool(), &id, &on, how, today.now, today.day).await
    })
    .await
}

#[tauri::command]
#[specta::specta]
pub async fn feedback_history(session: State<'_, Session>, id: String) -> Result<Vec<FeedbackEvent>> {
    Ok(session.with_vault(async |vault| care_store::feedback_history(vault.pool(), &id).await).await?)
}

/// One account's stories, or every account's.
#[tauri::command]
#[specta::specta]
pub async fn story_list(session: State<'_, Session>, account_id: Option<String>) -> Result<Vec<Story>> {
    Ok(session.with_vault(async |vault| care_store::list_stories(vault.pool(), account_id.as_deref()).await).await?)
}

#[tauri::command]
#[specta::specta]
pub async fn story_create(
    session: State<'_, Session>,
    watch: State<'_, BookWatch>,
    input: StoryInput,
) -> Result<Story> {
    write(&session, &watch, async |vault| {
        let today = Today::of(vault).await?;
        care_store::create_story(vault.pool(), &input, today.now, today.day).await
    })
    .await
}

#[tauri::command]
#[specta::specta]
pub async fn story_update(
    session: State<'_, Session>,
    watch: State<'_, BookWatch>,
    id: String,
    input: StoryInput,
) -> Result<Story> {
    write(&session, &watch, async |vault| {
        let today = Today::of(vault).await?;
        care_store::update_story(vault.pool(), &id, &input, today.now, today.day).await
    })
    .await
}

/// Which departments make the success stories and which the horror stories.
#[tauri::command]
#[specta::specta]
pub async fn story_departments(
    session: State<'_, Session>,
    account_id: Option<String>,
) -> Result<Vec<DepartmentStories>> {
    Ok(session
        .with_vault(async |vault| care_store::stories_by_department(vault.pool(), account_id.as_deref(), None).await)
        .await?)
}
