//! The IPC commands: each turns arguments into core types, calls the core once
//! and returns a DTO. No SQL, crypto or paths here.

use chrono::Utc;
use rapport_core::accounts::{self, Account, AccountInput, AccountPage, AccountQuery};
use rapport_core::connections::{self, Connection, ConnectionInput};
use rapport_core::demo;
use rapport_core::import::{self, ImportOutcome, ImportPreview, ImportRequest};
use rapport_core::interactions::{self, Interaction, InteractionInput};
use rapport_core::page::{self, AccountView};
use rapport_core::people::{self, Person, PersonInput};
use rapport_core::search::{self, SearchHit};
use rapport_core::session::{CreateVaultInput, Session, SessionState, VaultCreated};
use rapport_core::trash::{self, TrashKind, TrashList};
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
pub async fn account_create(session: State<'_, Session>, input: AccountInput) -> Result<Account> {
    Ok(session.with_vault(async |vault| accounts::create_full(vault.pool(), &input, Utc::now()).await).await?)
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
    Ok(session.with_vault(async |vault| accounts::update(vault.pool(), &id, &input, Utc::now()).await).await?)
}

#[tauri::command]
#[specta::specta]
pub async fn people_ours(session: State<'_, Session>) -> Result<Vec<Person>> {
    Ok(session.with_vault(async |vault| people::list_ours(vault.pool()).await).await?)
}

#[tauri::command]
#[specta::specta]
pub async fn person_create(session: State<'_, Session>, input: PersonInput) -> Result<Person> {
    Ok(session.with_vault(async |vault| people::create(vault.pool(), &input, Utc::now()).await).await?)
}

#[tauri::command]
#[specta::specta]
pub async fn person_update(session: State<'_, Session>, id: String, input: PersonInput) -> Result<Person> {
    Ok(session.with_vault(async |vault| people::update(vault.pool(), &id, &input, Utc::now()).await).await?)
}

#[tauri::command]
#[specta::specta]
pub async fn connection_create(session: State<'_, Session>, input: ConnectionInput) -> Result<Connection> {
    Ok(session.with_vault(async |vault| connections::create(vault.pool(), &input, Utc::now()).await).await?)
}

#[tauri::command]
#[specta::specta]
pub async fn connection_update(session: State<'_, Session>, id: String, input: ConnectionInput) -> Result<Connection> {
    Ok(session.with_vault(async |vault| connections::update(vault.pool(), &id, &input, Utc::now()).await).await?)
}

#[tauri::command]
#[specta::specta]
pub async fn interaction_create(session: State<'_, Session>, input: InteractionInput) -> Result<Interaction> {
    Ok(session.with_vault(async |vault| interactions::create(vault.pool(), &input, Utc::now()).await).await?)
}

#[tauri::command]
#[specta::specta]
pub async fn interaction_update(
    session: State<'_, Session>,
    id: String,
    input: InteractionInput,
) -> Result<Interaction> {
    Ok(session.with_vault(async |vault| interactions::update(vault.pool(), &id, &input, Utc::now()).await).await?)
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
    Ok(session.with_vault(async |vault| trash::delete(vault.pool(), kind, &id, Utc::now()).await).await?)
}

#[tauri::command]
#[specta::specta]
pub async fn trash_restore(session: State<'_, Session>, kind: TrashKind, id: String) -> Result<()> {
    Ok(session.with_vault(async |vault| trash::restore(vault.pool(), kind, &id).await).await?)
}

#[tauri::command]
#[specta::specta]
pub async fn trash_list(session: State<'_, Session>) -> Result<TrashList> {
    Ok(session.with_vault(async |vault| trash::list(vault.pool()).await).await?)
}

#[tauri::command]
#[specta::specta]
pub async fn trash_empty(session: State<'_, Session>) -> Result<u32> {
    let removed = session.with_vault(async |vault| trash::empty(vault.pool()).await).await?;
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
    Ok(session
        .with_vault(async |vault| {
            import::commit_request(vault.pool(), &request, &bytes, skip_rejected, Utc::now()).await
        })
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
    let counts = session.with_vault(async |vault| demo::load_sample(vault.pool(), Utc::now()).await).await?;
    let small = |n: u64| u32::try_from(n).unwrap_or(u32::MAX);
    Ok(SampleLoaded {
        accounts: small(counts.accounts),
        people: small(counts.people),
        interactions: small(counts.interactions),
    })
}
