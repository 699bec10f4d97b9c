//! Backups: listing, taking (by hand and daily), checking and restoring them,
//! and the folder they go to.

use std::sync::Arc;

use rapport_core::backups::{BackupCheck, BackupFile, BackupList};
use rapport_core::session::Session;
use rapport_core::{Secret, VaultStatus};
use tauri::State;

use super::Result;
use crate::book_changed::BookWatch;
use crate::clock;
use crate::export::Exports;
use crate::jobs::Jobs;

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
    watch: State<'_, BookWatch>,
    name: String,
    secret: Option<String>,
) -> Result<VaultStatus> {
    jobs.stop();
    let _one = jobs.backup.lock().await;
    let status = session.restore_backup(&name, secret.map(Secret::new), clock::now()).await?;
    // A different book is open now: its own log is the one to follow.
    watch.start(&session).await;
    Ok(status)
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
