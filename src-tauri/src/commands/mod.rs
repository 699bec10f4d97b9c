//! The IPC commands: each turns arguments into core types, calls the core once
//! and returns a DTO. No SQL, crypto or paths here.

use std::ops::ControlFlow;
use std::path::PathBuf;
use std::sync::Arc;

use rapport_core::accounts::{self, Account, AccountInput, AccountPage, AccountQuery};
use rapport_core::backups::{self, BackupCheck, BackupFile, BackupList};
use rapport_core::blueprint::store::{self as blueprints, BlueprintInput, BlueprintSummary, BlueprintView};
use rapport_core::blueprint::{BlueprintCommand, RevisionDiff};
use rapport_core::brief::{self, BriefOptions, Exported, PackRequest};
use rapport_core::care::account::{self as care, AccountCare, OwnershipQuestion};
use rapport_core::care::feedback::FeedbackStep;
use rapport_core::care::feedback::ThanksHow;
use rapport_core::care::portfolio::{self, Portfolio};
use rapport_core::care::store::{self as care_store, Feedback, FeedbackEvent, FeedbackInput, Story, StoryInput};
use rapport_core::care::story::DepartmentStories;
use rapport_core::care::today::{self, TodayView};
use rapport_core::connections::{self, Connection, ConnectionInput};
use rapport_core::demo;
use rapport_core::import::{self, ImportOutcome, ImportPreview, ImportRequest};
use rapport_core::interactions::{self, Interaction, InteractionInput};
use rapport_core::meetings::{self, GateRequest, Meeting, MeetingInput, MeetingQuery, MeetingSummary, MeetingView};
use rapport_core::page::{self, AccountView};
use rapport_core::pdf::Document;
use rapport_core::people::{self, Person, PersonInput};
use rapport_core::report;
use rapport_core::search::{self, SearchHit};
use rapport_core::session::{CreateVaultInput, Session, SessionState, VaultCreated};
use rapport_core::settings::{self, Settings};
use rapport_core::touchpoints;
use rapport_core::trash::{self, TrashKind, TrashList};
use rapport_core::{Secret, VaultStatus};
use serde::Serialize;
use tauri::State;
use tauri::ipc::Channel;

use crate::clock::{self, AppClock};
use crate::error::IpcError;
use crate::export::{Exports, FileKind};
use crate::jobs::Jobs;

type Result<T> = std::result::Result<T, IpcError>;

#[tauri::command]
#[specta::specta]
pub async fn vault_state(session: State<'_, Session>) -> Result<SessionState> {
    Ok(session.state().await?)
}

#[tauri::command]
#[specta::specta]
pub async fn vault_create(session: State<'_, Session>, input: CreateVaultInput) -> Result<VaultCreated> {
    Ok(session.create(input, clock::now()).await?)
}

#[tauri::command]
#[specta::specta]
pub async fn vault_unlock_keychain(session: State<'_, Session>) -> Result<VaultStatus> {
    Ok(session.unlock_with_keychain().await?)
}

#[tauri::command]
#[specta::specta]
pub async fn vault_unlock(session: State<'_, Session>, secret: String) -> Result<VaultStatus> {
    Ok(session.unlock(Secret::new(secret)).await?)
}

#[tauri::command]
#[specta::specta]
pub async fn vault_lock(session: State<'_, Session>, jobs: State<'_, Arc<Jobs>>) -> Result<()> {
    jobs.stop();
    session.lock().await;
    Ok(())
}

#[tauri::command]
#[specta::specta]
pub async fn vault_status(session: State<'_, Session>) -> Result<VaultStatus> {
    Ok(session.with_vault(async |vault| vault.status().await).await?)
}

#[tauri::command]
#[specta::specta]
pub async fn account_create(session: State<'_, Session>, input: AccountInput) -> Result<Account> {
    Ok(session.with_vault(async |vault| accounts::create_full(vault.pool(), &input, clock::now()).await).await?)
}

#[tauri::command]
#[specta::specta]
pub async fn account_query(session: State<'_, Session>, query: AccountQuery) -> Result<AccountPage> {
    Ok(session.with_vault(async |vault| accounts::query(vault.pool(), &query).await).await?)
}

#[tauri::command]
#[specta::specta]
pub async fn account_view(session: State<'_, Session>, id: String) -> Result<AccountView> {
    Ok(session.with_vault(async |vault| page::account_view(vault.pool(), &id).await).await?)
}

#[tauri::command]
#[specta::specta]
pub async fn account_update(session: State<'_, Session>, id: String, input: AccountInput) -> Result<Account> {
    Ok(session.with_vault(async |vault| accounts::update(vault.pool(), &id, &input, clock::now()).await).await?)
}

#[tauri::command]
#[specta::specta]
pub async fn people_ours(session: State<'_, Session>) -> Result<Vec<Person>> {
    Ok(session.with_vault(async |vault| people::list_ours(vault.pool()).await).await?)
}

#[tauri::command]
#[specta::specta]
pub async fn person_create(session: State<'_, Session>, input: PersonInput) -> Result<Person> {
    Ok(session.with_vault(async |vault| people::create(vault.pool(), &input, clock::now()).await).await?)
}

#[tauri::command]
#[specta::specta]
pub async fn person_update(session: State<'_, Session>, id: String, input: PersonInput) -> Result<Person> {
    Ok(session.with_vault(async |vault| people::update(vault.pool(), &id, &input, clock::now()).await).await?)
}

#[tauri::command]
#[specta::specta]
pub async fn connection_create(session: State<'_, Session>, input: ConnectionInput) -> Result<Connection> {
    Ok(session.with_vault(async |vault| connections::create(vault.pool(), &input, clock::now()).await).await?)
}

#[tauri::command]
#[specta::specta]
pub async fn connection_update(session: State<'_, Session>, id: String, input: ConnectionInput) -> Result<Connection> {
    Ok(session.with_vault(async |vault| connections::update(vault.pool(), &id, &input, clock::now()).await).await?)
}

#[tauri::command]
#[specta::specta]
pub async fn interaction_create(session: State<'_, Session>, input: InteractionInput) -> Result<Interaction> {
    Ok(session.with_vault(async |vault| interactions::create(vault.pool(), &input, clock::now()).await).await?)
}

#[tauri::command]
#[specta::specta]
pub async fn interaction_update(
    session: State<'_, Session>,
    id: String,
    input: InteractionInput,
) -> Result<Interaction> {
    Ok(session.with_vault(async |vault| interactions::update(vault.pool(), &id, &input, clock::now()).await).await?)
}

#[tauri::command]
#[specta::specta]
pub async fn interaction_list(
    session: State<'_, Session>,
    account_id: String,
    offset: u32,
    limit: u32,
) -> Result<Vec<Interaction>> {
    Ok(session
        .with_vault(async |vault| interactions::list_for_account(vault.pool(), &account_id, offset, limit).await)
        .await?)
}

#[tauri::command]
#[specta::specta]
pub async fn trash_delete(session: State<'_, Session>, kind: TrashKind, id: String) -> Result<()> {
    Ok(session.with_vault(async |vault| trash::delete(vault.pool(), kind, &id, clock::now()).await).await?)
}

#[tauri::command]
#[specta::specta]
pub async fn trash_restore(session: State<'_, Session>, kind: TrashKind, id: String) -> Result<()> {
    Ok(session.with_vault(async |vault| trash::restore(vault.pool(), kind, &id, clock::now()).await).await?)
}

#[tauri::command]
#[specta::specta]
pub async fn trash_list(session: State<'_, Session>) -> Result<TrashList> {
    Ok(session.with_vault(async |vault| trash::list(vault.pool()).await).await?)
}

#[tauri::command]
#[specta::specta]
pub async fn trash_empty(session: State<'_, Session>) -> Result<u32> {
    let removed = session.with_vault(async |vault| trash::empty(vault.pool(), clock::now()).await).await?;
    Ok(u32::try_from(removed).unwrap_or(u32::MAX))
}

#[tauri::command]
#[specta::specta]
pub async fn search(session: State<'_, Session>, text: String) -> Result<Vec<SearchHit>> {
    Ok(session.with_vault(async |vault| search::search(vault.pool(), &text, 30).await).await?)
}

/// The file travels as base64: JSON has no bytes, and a number array is four
/// times larger. The core enforces the size limit on the decoded bytes.
fn file_bytes(content_base64: &str) -> std::result::Result<Vec<u8>, rapport_core::Error> {
    use base64::Engine as _;
    if content_base64.len() > (import::MAX_FILE_BYTES / 3 + 1) * 4 + 4 {
        return Err(rapport_core::Error::validation("file", "is larger than 50 MiB; split it into smaller files"));
    }
    base64::engine::general_purpose::STANDARD
        .decode(content_base64)
        .map_err(|_| rapport_core::Error::validation("file", "could not be read (the upload was damaged)"))
}

#[tauri::command]
#[specta::specta]
pub async fn import_preview(
    session: State<'_, Session>,
    request: ImportRequest,
    content_base64: String,
) -> Result<ImportPreview> {
    let bytes = file_bytes(&content_base64)?;
    Ok(session.with_vault(async |vault| import::preview_request(vault.pool(), &request, &bytes).await).await?)
}

#[tauri::command]
#[specta::specta]
pub async fn import_commit(
    session: State<'_, Session>,
    request: ImportRequest,
    content_base64: String,
    skip_rejected: bool,
) -> Result<ImportOutcome> {
    let bytes = file_bytes(&content_base64)?;
    // The vault as it was goes to the backup folder first.
    Ok(session
        .with_vault(async |vault| backups::import_records(vault, &request, &bytes, skip_rejected, clock::now()).await)
        .await?)
}

/// What the sample book added (small numbers: plain JS numbers).
#[derive(serde::Serialize, specta::Type)]
pub struct SampleLoaded {
    pub accounts: u32,
    pub people: u32,
    pub interactions: u32,
}

/// Loads the sample book into an empty vault (first run).
#[tauri::command]
#[specta::specta]
pub async fn demo_load(session: State<'_, Session>) -> Result<SampleLoaded> {
    let counts = session.with_vault(async |vault| demo::load_sample(vault.pool(), clock::now()).await).await?;
    let small = |n: u64| u32::try_from(n).unwrap_or(u32::MAX);
    Ok(SampleLoaded {
        accounts: small(counts.accounts),
        people: small(counts.people),
        interactions: small(counts.interactions),
    })
}

#[tauri::command]
#[specta::specta]
pub async fn meeting_create(session: State<'_, Session>, input: MeetingInput) -> Result<Meeting> {
    Ok(session.with_vault(async |vault| meetings::create(vault.pool(), &input, clock::now()).await).await?)
}

#[tauri::command]
#[specta::specta]
pub async fn meeting_update(session: State<'_, Session>, id: String, input: MeetingInput) -> Result<Meeting> {
    Ok(session.with_vault(async |vault| meetings::update(vault.pool(), &id, &input, clock::now()).await).await?)
}

#[tauri::command]
#[specta::specta]
pub async fn meeting_list(session: State<'_, Session>, query: MeetingQuery) -> Result<Vec<MeetingSummary>> {
    Ok(session.with_vault(async |vault| meetings::list(vault.pool(), &query).await).await?)
}

#[tauri::command]
#[specta::specta]
pub async fn meeting_view(session: State<'_, Session>, id: String) -> Result<MeetingView> {
    Ok(session.with_vault(async |vault| meetings::view(vault.pool(), &id, clock::now()).await).await?)
}

#[tauri::command]
#[specta::specta]
pub async fn meeting_act(session: State<'_, Session>, id: String, request: GateRequest) -> Result<MeetingView> {
    Ok(session.with_vault(async |vault| meetings::act(vault.pool(), &id, &request, clock::now()).await).await?)
}

#[tauri::command]
#[specta::specta]
pub async fn meeting_trips(session: State<'_, Session>) -> Result<Vec<String>> {
    Ok(session.with_vault(async |vault| meetings::trips(vault.pool()).await).await?)
}

#[tauri::command]
#[specta::specta]
pub async fn settings_get(session: State<'_, Session>) -> Result<Settings> {
    Ok(session.with_vault(async |vault| settings::get(vault.pool()).await).await?)
}

#[tauri::command]
#[specta::specta]
pub async fn settings_update(session: State<'_, Session>, settings: Settings) -> Result<Settings> {
    Ok(session.with_vault(async |vault| settings::update(vault.pool(), &settings).await).await?)
}

/// The brief as the document model, for the in-app preview.
#[tauri::command]
#[specta::specta]
pub async fn brief_preview(session: State<'_, Session>, id: String) -> Result<Document> {
    Ok(session
        .with_vault(async |vault| {
            let options = BriefOptions::from_settings(vault.pool(), clock::now()).await?;
            brief::brief_document(vault.pool(), &id, &options).await
        })
        .await?)
}

/// Asks where to save the brief, writes it, and returns what was written
/// (`None` if the user cancelled the dialog).
#[tauri::command]
#[specta::specta]
pub async fn brief_export(
    session: State<'_, Session>,
    exports: State<'_, Arc<Exports>>,
    id: String,
) -> Result<Option<Exported>> {
    let meeting = session.with_vault(async |vault| meetings::get(vault.pool(), &id).await).await?;
    let suggested = format!("Brief {} {}", meeting.starts_local.get(..10).unwrap_or(""), meeting.title);
    let Some(path) = exports.choose_path(&suggested, FileKind::Pdf).await else { return Ok(None) };
    let written = session
        .with_vault(async |vault| {
            let options = BriefOptions::from_settings(vault.pool(), clock::now()).await?;
            brief::export_brief(vault.pool(), &id, &path, &options).await
        })
        .await?;
    exports.remember(&path);
    Ok(Some(written))
}

/// How far a long job (a pack export, scoring the book) has got.
#[derive(Debug, Clone, Serialize, specta::Type)]
pub struct ExportProgress {
    pub done: u32,
    pub total: u32,
}

/// Asks where to save the pack, renders it with progress on `progress`, and
/// writes it. `export_cancel` stops it; nothing is left under the file name.
#[tauri::command]
#[specta::specta]
pub async fn pack_export(
    session: State<'_, Session>,
    exports: State<'_, Arc<Exports>>,
    request: PackRequest,
    progress: Channel<ExportProgress>,
) -> Result<Option<Exported>> {
    let suggested = match (&request.trip, &request.from, &request.to) {
        (Some(trip), _, _) if !trip.trim().is_empty() => format!("Meeting pack {trip}"),
        (_, Some(from), Some(to)) => format!("Meeting pack {from} to {to}"),
        _ => "Meeting pack".to_string(),
    };
    let Some(path) = exports.choose_path(&suggested, FileKind::Pdf).await else { return Ok(None) };
    exports.start();
    let exports_state = Arc::clone(exports.inner());
    let written = session
        .with_vault(async |vault| {
            let options = BriefOptions::from_settings(vault.pool(), clock::now()).await?;
            let report = move |done: usize, total: usize| {
                let _ = progress.send(ExportProgress {
                    done: u32::try_from(done).unwrap_or(u32::MAX),
                    total: u32::try_from(total).unwrap_or(u32::MAX),
                });
                if exports_state.cancelled() { ControlFlow::Break(()) } else { ControlFlow::Continue(()) }
            };
            brief::export_pack(vault.pool(), &request, &path, &options, report).await
        })
        .await?;
    exports.remember(&path);
    Ok(Some(written))
}

#[tauri::command]
#[specta::specta]
pub async fn export_cancel(exports: State<'_, Arc<Exports>>) -> Result<()> {
    exports.cancel();
    Ok(())
}

/// Asks where to save, and writes the chosen meetings as an .ics file.
#[tauri::command]
#[specta::specta]
pub async fn calendar_export(
    session: State<'_, Session>,
    exports: State<'_, Arc<Exports>>,
    query: MeetingQuery,
    name: String,
) -> Result<Option<Exported>> {
    let (ics, count) =
        session.with_vault(async |vault| meetings::calendar(vault.pool(), &query, clock::now()).await).await?;
    let Some(path) = exports.choose_path(&name, FileKind::Calendar).await else { return Ok(None) };
    brief::write_atomically(&path, ics.as_bytes())?;
    exports.remember(&path);
    Ok(Some(Exported {
        path: path.display().to_string(),
        pages: 0,
        bytes: u32::try_from(ics.len()).unwrap_or(u32::MAX),
        meetings: u32::try_from(count).unwrap_or(u32::MAX),
    }))
}

/// Asks where to save, and writes the portfolio review PDF (the internal
/// executive business review: every account, what needs attention, stories).
#[tauri::command]
#[specta::specta]
pub async fn portfolio_export(
    session: State<'_, Session>,
    exports: State<'_, Arc<Exports>>,
) -> Result<Option<Exported>> {
    let suggested = format!("Portfolio review {}", clock::now().format("%Y-%m-%d"));
    let Some(path) = exports.choose_path(&suggested, FileKind::Pdf).await else { return Ok(None) };
    let written = session
        .with_vault(async |vault| {
            let options = BriefOptions::from_settings(vault.pool(), clock::now()).await?;
            report::portfolio::export(vault.pool(), &path, &options).await
        })
        .await?;
    exports.remember(&path);
    Ok(Some(written))
}

/// Asks where to save, and writes one account's annual customer review PDF
/// (this year against last).
#[tauri::command]
#[specta::specta]
pub async fn annual_review_export(
    session: State<'_, Session>,
    exports: State<'_, Arc<Exports>>,
    account_id: String,
) -> Result<Option<Exported>> {
    let suggested = session
        .with_vault(async |vault| {
            let account = accounts::get(vault.pool(), &account_id).await?;
            Ok(format!("Annual review {} {}", account.name, clock::now().format("%Y")))
        })
        .await?;
    let Some(path) = exports.choose_path(&suggested, FileKind::Pdf).await else { return Ok(None) };
    let written = session
        .with_vault(async |vault| {
            let options = BriefOptions::from_settings(vault.pool(), clock::now()).await?;
            report::annual::export(vault.pool(), &account_id, &path, &options).await
        })
        .await?;
    exports.remember(&path);
    Ok(Some(written))
}

/// Days ahead the touchpoints calendar covers.
const TOUCHPOINT_DAYS: u32 = 90;

/// Asks where to save, and writes the planned cadence touchpoints of the next
/// 90 days (one account's, or the whole book's) as an .ics file.
#[tauri::command]
#[specta::specta]
pub async fn touchpoints_export(
    session: State<'_, Session>,
    exports: State<'_, Arc<Exports>>,
    account_id: Option<String>,
) -> Result<Option<Exported>> {
    let (ics, name) = session
        .with_vault(async |vault| {
            let now = clock::now();
            let day = settings::today(vault.pool(), now).await?;
            let ics =
                touchpoints::touchpoints_ics(vault.pool(), account_id.as_deref(), now, day, TOUCHPOINT_DAYS).await?;
            let name = match &account_id {
                Some(id) => format!("Touchpoints {}", accounts::get(vault.pool(), id).await?.name),
                None => "Touchpoints".to_string(),
            };
            Ok((ics, name))
        })
        .await?;
    let Some(path) = exports.choose_path(&name, FileKind::Calendar).await else { return Ok(None) };
    brief::write_atomically(&path, ics.as_bytes())?;
    exports.remember(&path);
    Ok(Some(Exported {
        path: path.display().to_string(),
        pages: 0,
        bytes: u32::try_from(ics.len()).unwrap_or(u32::MAX),
        meetings: u32::try_from(ics.matches("BEGIN:VEVENT").count()).unwrap_or(u32::MAX),
    }))
}

/// Opens a file exported in this session in the system's viewer.
#[tauri::command]
#[specta::specta]
pub async fn export_open(exports: State<'_, Arc<Exports>>, path: String) -> Result<()> {
    Ok(exports.open(&PathBuf::from(path))?)
}

/// The blueprints of one account (or of all accounts), newest period first.
#[tauri::command]
#[specta::specta]
pub async fn blueprint_list(session: State<'_, Session>, account_id: Option<String>) -> Result<Vec<BlueprintSummary>> {
    Ok(session
        .with_vault(async |vault| {
            let today = settings::today(vault.pool(), clock::now()).await?;
            blueprints::list(vault.pool(), account_id.as_deref(), today).await
        })
        .await?)
}

#[tauri::command]
#[specta::specta]
pub async fn blueprint_create(session: State<'_, Session>, input: BlueprintInput) -> Result<BlueprintView> {
    Ok(session.with_vault(async |vault| blueprints::create(vault.pool(), &input, clock::now()).await).await?)
}

#[tauri::command]
#[specta::specta]
pub async fn blueprint_view(session: State<'_, Session>, id: String) -> Result<BlueprintView> {
    Ok(session
        .with_vault(async |vault| {
            let today = settings::today(vault.pool(), clock::now()).await?;
            blueprints::view(vault.pool(), &id, today).await
        })
        .await?)
}

/// One change to a blueprint; a refusal says why and changes nothing.
#[tauri::command]
#[specta::specta]
pub async fn blueprint_apply(
    session: State<'_, Session>,
    id: String,
    command: BlueprintCommand,
) -> Result<BlueprintView> {
    Ok(session
        .with_vault(async |vault| {
            let now = clock::now();
            let today = settings::today(vault.pool(), now).await?;
            blueprints::apply(vault.pool(), &id, command, now, today).await
        })
        .await?)
}

/// Keeps text as it is typed (empty forgets it), so nothing is lost.
#[tauri::command]
#[specta::specta]
pub async fn blueprint_save_draft(session: State<'_, Session>, id: String, slot: String, text: String) -> Result<()> {
    Ok(session
        .with_vault(async |vault| blueprints::save_draft(vault.pool(), &id, &slot, &text, clock::now()).await)
        .await?)
}

/// Two revisions side by side; 0 is the one being worked on.
#[tauri::command]
#[specta::specta]
pub async fn blueprint_compare(session: State<'_, Session>, id: String, from: u32, to: u32) -> Result<RevisionDiff> {
    Ok(session.with_vault(async |vault| blueprints::compare(vault.pool(), &id, from, to).await).await?)
}

/// Asks where to save the blueprint's PDF, writes it, and returns what was
/// written (`None` if the user cancelled the dialog).
#[tauri::command]
#[specta::specta]
pub async fn blueprint_export(
    session: State<'_, Session>,
    exports: State<'_, Arc<Exports>>,
    id: String,
) -> Result<Option<Exported>> {
    let suggested = session
        .with_vault(async |vault| {
            let summary = blueprints::view(vault.pool(), &id, clock::now().date_naive()).await?;
            Ok(format!("Blueprint {} {}", summary.account_name, summary.blueprint.period.starts_on.format("%Y")))
        })
        .await?;
    let Some(path) = exports.choose_path(&suggested, FileKind::Pdf).await else { return Ok(None) };
    let written = session
        .with_vault(async |vault| {
            let options = BriefOptions::from_settings(vault.pool(), clock::now()).await?;
            report::blueprint::export(vault.pool(), &id, &path, &options).await
        })
        .await?;
    exports.remember(&path);
    Ok(Some(written))
}

/// The app's "now" and the user's calendar day. The UI counts days from this,
/// never from the webview's own date (which knows neither the app's clock nor
/// the user's home zone). Locked, today is this machine's day.
#[tauri::command]
#[specta::specta]
pub async fn clock_now(session: State<'_, Session>) -> Result<AppClock> {
    let now = clock::now();
    let unlocked = session
        .with_vault(async |vault| {
            let zone = settings::get(vault.pool()).await?.home_time_zone;
            Ok((settings::today(vault.pool(), now).await?, zone))
        })
        .await;
    let (today, zone) = match unlocked {
        Ok(found) => found,
        Err(rapport_core::Error::Locked) => (now.with_timezone(&chrono::Local).date_naive(), None),
        Err(error) => return Err(error.into()),
    };
    Ok(AppClock::at(now, today, zone))
}

/// The Today screen: what needs someone, across the book.
#[tauri::command]
#[specta::specta]
pub async fn today_view(session: State<'_, Session>) -> Result<TodayView> {
    Ok(session
        .with_vault(async |vault| {
            let now = clock::now();
            let day = settings::today(vault.pool(), now).await?;
            today::today(vault.pool(), now, day).await
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
            let now = clock::now();
            let day = settings::today(vault.pool(), now).await?;
            portfolio::portfolio(vault.pool(), now, day).await
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
            let day = settings::today(vault.pool(), clock::now()).await?;
            portfolio::record_all(vault.pool(), day, |done, total| {
                let _ = progress.send(ExportProgress {
                    done: u32::try_from(done).unwrap_or(u32::MAX),
                    total: u32::try_from(total).unwrap_or(u32::MAX),
                });
                jobs.go_on()
            })
            .await
        })
        .await?;
    Ok(u32::try_from(scored).unwrap_or(u32::MAX))
}

/// An account's cadence, health (recorded for the trend), backsliding and ownership check.
#[tauri::command]
#[specta::specta]
pub async fn account_care(session: State<'_, Session>, account_id: String) -> Result<AccountCare> {
    Ok(session
        .with_vault(async |vault| {
            let day = settings::today(vault.pool(), clock::now()).await?;
            care::account_care(vault.pool(), &account_id, day).await
        })
        .await?)
}

/// Sets the account's target interval in days (`None`: its tier's default).
#[tauri::command]
#[specta::specta]
pub async fn account_set_cadence(
    session: State<'_, Session>,
    account_id: String,
    every_days: Option<u32>,
) -> Result<AccountCare> {
    Ok(session
        .with_vault(async |vault| {
            let now = clock::now();
            let day = settings::today(vault.pool(), now).await?;
            care::set_cadence(vault.pool(), &account_id, every_days, now, day).await
        })
        .await?)
}

/// Answers one question of the ownership check (blank clears it).
#[tauri::command]
#[specta::specta]
pub async fn ownership_answer(
    session: State<'_, Session>,
    account_id: String,
    question: OwnershipQuestion,
    answer: Option<String>,
) -> Result<AccountCare> {
    Ok(session
        .with_vault(async |vault| {
            let now = clock::now();
            let day = settings::today(vault.pool(), now).await?;
            care::answer_ownership(vault.pool(), &account_id, question, answer.as_deref(), now, day).await
        })
        .await?)
}

#[tauri::command]
#[specta::specta]
pub async fn feedback_list(session: State<'_, Session>, account_id: String) -> Result<Vec<Feedback>> {
    Ok(session
        .with_vault(async |vault| {
            let day = settings::today(vault.pool(), clock::now()).await?;
            care_store::list_feedback(vault.pool(), &account_id, day).await
        })
        .await?)
}

#[tauri::command]
#[specta::specta]
pub async fn feedback_get(session: State<'_, Session>, id: String) -> Result<Feedback> {
    Ok(session
        .with_vault(async |vault| {
            let day = settings::today(vault.pool(), clock::now()).await?;
            care_store::get_feedback(vault.pool(), &id, day).await
        })
        .await?)
}

#[tauri::command]
#[specta::specta]
pub async fn feedback_create(session: State<'_, Session>, input: FeedbackInput) -> Result<Feedback> {
    Ok(session
        .with_vault(async |vault| {
            let now = clock::now();
            let day = settings::today(vault.pool(), now).await?;
            care_store::create_feedback(vault.pool(), &input, now, day).await
        })
        .await?)
}

#[tauri::command]
#[specta::specta]
pub async fn feedback_update(session: State<'_, Session>, id: String, input: FeedbackInput) -> Result<Feedback> {
    Ok(session
        .with_vault(async |vault| {
            let now = clock::now();
            let day = settings::today(vault.pool(), now).await?;
            care_store::update_feedback(vault.pool(), &id, &input, now, day).await
        })
        .await?)
}

/// One step of the feedback loop (act, mark done, defer, decline, reopen).
#[tauri::command]
#[specta::specta]
pub async fn feedback_act(session: State<'_, Session>, id: String, step: FeedbackStep) -> Result<Feedback> {
    Ok(session
        .with_vault(async |vault| {
            let now = clock::now();
            let day = settings::today(vault.pool(), now).await?;
            care_store::act(vault.pool(), &id, &step, now, day).await
        })
        .await?)
}

/// Records that we thanked them: on (YYYY-MM-DD) and how.
#[tauri::command]
#[specta::specta]
pub async fn feedback_thank(
    session: State<'_, Session>,
    id: String,
    on: String,
    how: Option<ThanksHow>,
) -> Result<Feedback> {
    Ok(session
        .with_vault(async |vault| {
            let now = clock::now();
            let day = settings::today(vault.pool(), now).await?;
            care_store::thank(vault.pool(), &id, &on, how, now, day).await
        })
        .await?)
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
pub async fn story_create(session: State<'_, Session>, input: StoryInput) -> Result<Story> {
    Ok(session
        .with_vault(async |vault| {
            let now = clock::now();
            let day = settings::today(vault.pool(), now).await?;
            care_store::create_story(vault.pool(), &input, now, day).await
        })
        .await?)
}

#[tauri::command]
#[specta::specta]
pub async fn story_update(session: State<'_, Session>, id: String, input: StoryInput) -> Result<Story> {
    Ok(session
        .with_vault(async |vault| {
            let now = clock::now();
            let day = settings::today(vault.pool(), now).await?;
            care_store::update_story(vault.pool(), &id, &input, now, day).await
        })
        .await?)
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

/// The backup folder and its backups, newest first; while no vault is open
/// (missing or damaged), the default folder, for the first screen's restore.
#[tauri::command]
#[specta::specta]
pub async fn backup_list(session: State<'_, Session>) -> Result<BackupList> {
    Ok(session.backups().await?)
}

/// "Back up now": a backup into the backup folder; old ones rotate.
#[tauri::command]
#[specta::specta]
pub async fn backup_now(session: State<'_, Session>, jobs: State<'_, Arc<Jobs>>) -> Result<BackupFile> {
    let _one = jobs.backup.lock().await;
    Ok(session.backup_now(clock::now()).await?)
}

/// The daily backup, when none was taken in the last day. The UI calls it
/// after unlocking and every hour while the app runs, without waiting on
/// it; the copy reads one snapshot on a connection of its own, so editing
/// goes on meanwhile. Returns the backup written, if one was.
#[tauri::command]
#[specta::specta]
pub async fn backup_auto(session: State<'_, Session>, jobs: State<'_, Arc<Jobs>>) -> Result<Option<BackupFile>> {
    let Ok(_one) = jobs.backup.try_lock() else { return Ok(None) };
    Ok(session.backup_if_due(clock::now()).await?)
}

/// Checks one backup's integrity (reads it whole, writes nothing).
#[tauri::command]
#[specta::specta]
pub async fn backup_check(session: State<'_, Session>, name: String) -> Result<BackupCheck> {
    Ok(session.backup_check(&name).await?)
}

/// Restores the backup called `name`: over the open vault (after backing it
/// up), or, when the vault is missing or damaged, into place with the key
/// from the keychain or `secret` (passphrase or recovery key). The vault is
/// open afterwards.
#[tauri::command]
#[specta::specta]
pub async fn backup_restore(
    session: State<'_, Session>,
    jobs: State<'_, Arc<Jobs>>,
    name: String,
    secret: Option<String>,
) -> Result<VaultStatus> {
    jobs.stop();
    let _one = jobs.backup.lock().await;
    Ok(session.restore_backup(&name, secret.map(Secret::new), clock::now()).await?)
}

/// Asks for a folder (the system's picker, driven from here) and keeps
/// backups there from now on. `None` if the user cancelled.
#[tauri::command]
#[specta::specta]
pub async fn backup_folder_choose(
    session: State<'_, Session>,
    exports: State<'_, Arc<Exports>>,
) -> Result<Option<BackupList>> {
    let Some(folder) = exports.choose_folder("Folder for Rapport's backups").await else { return Ok(None) };
    let folder =
        folder.to_str().ok_or_else(|| rapport_core::Error::validation("folder", "the path must be valid UTF-8"))?;
    Ok(Some(session.backup_set_folder(Some(folder)).await?))
}

/// Back to the default backup folder (next to the vault).
#[tauri::command]
#[specta::specta]
pub async fn backup_folder_reset(session: State<'_, Session>) -> Result<BackupList> {
    Ok(session.backup_set_folder(None).await?)
}
