//! Account blueprints: the plan for a period, its revisions and its PDF.

use std::sync::Arc;

use rapport_core::blueprint::store::{self as blueprints, BlueprintInput, BlueprintSummary, BlueprintView};
use rapport_core::blueprint::{BlueprintCommand, RevisionDiff};
use rapport_core::brief::Exported;
use rapport_core::kinds::Audience;
use rapport_core::report;
use rapport_core::session::Session;
use tauri::State;

use super::{Result, Today, export_options, write};
use crate::book_changed::BookWatch;
use crate::clock;
use crate::export::{Exports, FileKind};

/// The blueprints of one account (or of all accounts), newest period first.
#[tauri::command]
#[specta::specta]
pub async fn blueprint_list(session: State<'_, Session>, account_id: Option<String>) -> Result<Vec<BlueprintSummary>> {
    Ok(session
        .with_vault(async |vault| {
            blueprints::list(vault.pool(), account_id.as_deref(), Today::of(vault).await?.day).await
        })
        .await?)
}

#[tauri::command]
#[specta::specta]
pub async fn blueprint_create(
    session: State<'_, Session>,
    watch: State<'_, BookWatch>,
    input: BlueprintInput,
) -> Result<BlueprintView> {
    write(&session, &watch, async |vault| blueprints::create(vault.pool(), &input, clock::now()).await).await
}

#[tauri::command]
#[specta::specta]
pub async fn blueprint_view(session: State<'_, Session>, id: String) -> Result<BlueprintView> {
    Ok(session.with_vault(async |vault| blueprints::view(vault.pool(), &id, Today::of(vault).await?.day).await).await?)
}

/// One change to a blueprint; a refusal says why and changes nothing.
#[tauri::command]
#[specta::specta]
pub async fn blueprint_apply(
    session: State<'_, Session>,
    watch: State<'_, BookWatch>,
    id: String,
    command: BlueprintCommand,
) -> Result<BlueprintView> {
    write(&session, &watch, async |vault| {
        let today = Today::of(vault).await?;
        blueprints::apply(vault.pool(), &id, command, today.now, today.day).await
    })
    .await
}

/// Keeps text as it is typed (empty forgets it), so nothing is lost.
#[tauri::command]
#[specta::specta]
pub async fn blueprint_save_draft(
    session: State<'_, Session>,
    watch: State<'_, BookWatch>,
    id: String,
    slot: String,
    text: String,
) -> Result<()> {
    write(&session, &watch, async |vault| blueprints::save_draft(vault.pool(), &id, &slot, &text, clock::now()).await)
        .await
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
    audience: Audience,
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
            report::blueprint::export(vault.pool(), &id, &path, &export_options(vault, audience).await?).await
        })
        .await?;
    exports.remember(&path);
    Ok(Some(written))
}
