//! Documents: the brief and the meeting pack, the portfolio and annual
//! reviews, calendars (.ics), and opening what was exported. The save dialog
//! is driven from here (see `export.rs`); the webview never names a path.

use std::ops::ControlFlow;
use std::path::PathBuf;
use std::sync::Arc;

use rapport_core::brief::{self, BriefOptions, Exported, PackRequest};
use rapport_core::kinds::Audience;
use rapport_core::meetings::{self, MeetingQuery};
use rapport_core::pdf::Document;
use rapport_core::session::Session;
use rapport_core::{accounts, report, settings, touchpoints};
use tauri::State;
use tauri::ipc::Channel;

use super::{ExportProgress, Result, Today, export_options, small};
use crate::clock;
use crate::export::{Exports, FileKind};

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
/// (`None` if the user cancelled the dialog). `since` (YYYY-MM-DD) starts
/// its change list on that day instead of at the last visit.
#[tauri::command]
#[specta::specta]
pub async fn brief_export(
    session: State<'_, Session>,
    exports: State<'_, Arc<Exports>>,
    id: String,
    since: Option<String>,
    audience: Audience,
) -> Result<Option<Exported>> {
    let since = brief::since_day(since.as_deref())?;
    let meeting = session.with_vault(async |vault| meetings::get(vault.pool(), &id).await).await?;
    let suggested = format!("Brief {} {}", meeting.starts_local.get(..10).unwrap_or(""), meeting.title);
    let Some(path) = exports.choose_path(&suggested, FileKind::Pdf).await else { return Ok(None) };
    let written = session
        .with_vault(async |vault| {
            let options = brief::BriefOptions { since, ..export_options(vault, audience).await? };
            brief::export_brief(vault.pool(), &id, &path, &options).await
        })
        .await?;
    exports.remember(&path);
    Ok(Some(written))
}

/// Asks where to save the pack, renders it with progress on `progress`, and
/// writes it. `export_cancel` stops it; nothing is left under the file name.
#[tauri::command]
#[specta::specta]
pub async fn pack_export(
    session: State<'_, Session>,
    exports: State<'_, Arc<Exports>>,
    request: PackRequest,
    audience: Audience,
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
            let options = export_options(vault, audience).await?;
            let report = move |done: usize, total: usize| {
                let _ = progress.send(ExportProgress::of(done, total));
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
    audience: Audience,
) -> Result<Option<Exported>> {
    let (ics, count) = session
        .with_vault(async |vault| {
            settings::set_export_audience(vault.pool(), audience).await?;
            meetings::calendar_for(vault.pool(), &query, clock::now(), audience).await
        })
        .await?;
    let Some(path) = exports.choose_path(&name, FileKind::Calendar).await else { return Ok(None) };
    brief::write_atomically(&path, ics.as_bytes())?;
    exports.remember(&path);
    Ok(Some(Exported { path: path.display().to_string(), pages: 0, bytes: small(ics.len()), meetings: small(count) }))
}

/// Asks where to save, and writes the portfolio review PDF (the internal
/// executive business review: every account, what needs attention, stories).
#[tauri::command]
#[specta::specta]
pub async fn portfolio_export(
    session: State<'_, Session>,
    exports: State<'_, Arc<Exports>>,
    audience: Audience,
) -> Result<Option<Exported>> {
    let suggested = format!("Portfolio review {}", clock::now().format("%Y-%m-%d"));
    let Some(path) = exports.choose_path(&suggested, FileKind::Pdf).await else { return Ok(None) };
    let written = session
        .with_vault(async |vault| {
            report::portfolio::export(vault.pool(), &path, &export_options(vault, audience).await?).await
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
    audience: Audience,
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
            report::annual::export(vault.pool(), &account_id, &path, &export_options(vault, audience).await?).await
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
            let today = Today::of(vault).await?;
            let ics = touchpoints::touchpoints_ics(
                vault.pool(),
                account_id.as_deref(),
                today.now,
                today.day,
                TOUCHPOINT_DAYS,
            )
            .await?;
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
        bytes: small(ics.len()),
        meetings: small(ics.matches("BEGIN:VEVENT").count()),
    }))
}

/// The audience the export dialogs offer first: the last one exported for.
#[tauri::command]
#[specta::specta]
pub async fn export_audience_get(session: State<'_, Session>) -> Result<Audience> {
    Ok(session.with_vault(async |vault| settings::export_audience(vault.pool()).await).await?)
}

/// Opens a file exported in this session in the system's viewer.
#[tauri::command]
#[specta::specta]
pub async fn export_open(exports: State<'_, Arc<Exports>>, path: String) -> Result<()> {
    Ok(exports.open(&PathBuf::from(path))?)
}
