//! The IPC commands: each turns arguments into core types, calls the core once
//! and returns a DTO. No SQL, crypto or paths here.

use chrono::Utc;
use rapport_core::accounts::{self, Account, NewAccount};
use rapport_core::session::{CreateVaultInput, Session, SessionState, VaultCreated};
use rapport_core::{Secret, VaultStatus};
use tauri::State;

use crate::error::IpcError;

type Result<T> = std::result::Result<T, IpcError>;

#[tauri::command]
#[specta::specta]
pub async fn vault_state(session: State<'_, Session>) -> Result<SessionState> {
    Ok(session.state().await?)
}

#[tauri::command]
#[specta::specta]
pub async fn vault_create(session: State<'_, Session>, input: CreateVaultInput) -> Result<VaultCreated> {
    Ok(session.create(input, Utc::now()).await?)
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
pub async fn vault_lock(session: State<'_, Session>) -> Result<()> {
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
pub async fn account_list(session: State<'_, Session>) -> Result<Vec<Account>> {
    Ok(session.with_vault(async |vault| accounts::list(vault.pool()).await).await?)
}

#[tauri::command]
#[specta::specta]
pub async fn account_create(session: State<'_, Session>, input: NewAccount) -> Result<Account> {
    Ok(session.with_vault(async |vault| accounts::create(vault.pool(), &input, Utc::now()).await).await?)
}
