//! Opening and locking the vault, the app's clock and the user's settings.

use std::sync::Arc;

use rapport_core::session::{CreateVaultInput, Session, SessionState, VaultCreated};
use rapport_core::settings::{self, Settings};
use rapport_core::{Secret, VaultStatus};
use tauri::State;

use super::{Result, Today, write};
use crate::book_changed::BookWatch;
use crate::clock::{self, AppClock};
use crate::jobs::Jobs;

#[tauri::command]
#[specta::specta]
pub async fn vault_state(session: State<'_, Session>) -> Result<SessionState> {
    Ok(session.state().await?)
}

#[tauri::command]
#[specta::specta]
pub async fn vault_create(
    session: State<'_, Session>,
    watch: State<'_, BookWatch>,
    input: CreateVaultInput,
) -> Result<VaultCreated> {
    let created = session.create(input, clock::now()).await?;
    watch.start(&session).await;
    Ok(created)
}

#[tauri::command]
#[specta::specta]
pub async fn vault_unlock_keychain(session: State<'_, Session>, watch: State<'_, BookWatch>) -> Result<VaultStatus> {
    let status = session.unlock_with_keychain().await?;
    watch.start(&session).await;
    Ok(status)
}

#[tauri::command]
#[specta::specta]
pub async fn vault_unlock(
    session: State<'_, Session>,
    watch: State<'_, BookWatch>,
    secret: String,
) -> Result<VaultStatus> {
    let status = session.unlock(Secret::new(secret)).await?;
    watch.start(&session).await;
    Ok(status)
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

/// The app's "now" and the user's calendar day. The UI counts days from this,
/// never from the webview's own date (which knows neither the app's clock nor
/// the user's home zone). Locked, today is this machine's day.
#[tauri::command]
#[specta::specta]
pub async fn clock_now(session: State<'_, Session>) -> Result<AppClock> {
    let unlocked = session
        .with_vault(async |vault| {
            let zone = settings::get(vault.pool()).await?.home_time_zone;
            Ok((Today::of(vault).await?, zone))
        })
        .await;
    match unlocked {
        Ok((today, zone)) => Ok(AppClock::at(today.now, today.day, zone)),
        Err(rapport_core::Error::Locked) => {
            let now = clock::now();
            Ok(AppClock::at(now, now.with_timezone(&chrono::Local).date_naive(), None))
        }
        Err(error) => Err(error.into()),
    }
}

#[tauri::command]
#[specta::specta]
pub async fn settings_get(session: State<'_, Session>) -> Result<Settings> {
    Ok(session.with_vault(async |vault| settings::get(vault.pool()).await).await?)
}

#[tauri::command]
#[specta::specta]
pub async fn settings_update(
    session: State<'_, Session>,
    watch: State<'_, BookWatch>,
    settings: Settings,
) -> Result<Settings> {
    write(&session, &watch, async |vault| settings::update(vault.pool(), &settings).await).await
}
