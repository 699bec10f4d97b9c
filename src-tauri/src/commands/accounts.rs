//! Accounts, their interactions, their history and search across the book.

use rapport_core::accounts::{self, Account, AccountInput, AccountPage, AccountQuery};
use rapport_core::changes::{self, Change};
use rapport_core::interactions::{self, Interaction, InteractionInput};
use rapport_core::page::{self, AccountView};
use rapport_core::search::{self, SearchHit};
use rapport_core::session::Session;
use tauri::State;

use super::{Result, write};
use crate::book_changed::BookWatch;
use crate::clock;

#[tauri::command]
#[specta::specta]
pub async fn account_create(
    session: State<'_, Session>,
    watch: State<'_, BookWatch>,
    input: AccountInput,
) -> Result<Account> {
    write(&session, &watch, async |vault| accounts::create_full(vault.pool(), &input, clock::now()).await).await
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
pub async fn account_update(
    session: State<'_, Session>,
    watch: State<'_, BookWatch>,
    id: String,
    input: AccountInput,
) -> Result<Account> {
    write(&session, &watch, async |vault| accounts::update(vault.pool(), &id, &input, clock::now()).await).await
}

/// Everything recorded against the account, oldest first: the account itself
/// and its people, ties, interactions, meetings, blueprints and care records,
/// each with who, when, and every field's old and new value.
#[tauri::command]
#[specta::specta]
pub async fn account_history(session: State<'_, Session>, account_id: String) -> Result<Vec<Change>> {
    Ok(session.with_vault(async |vault| changes::history(vault.pool(), "account", &account_id).await).await?)
}

#[tauri::command]
#[specta::specta]
pub async fn interaction_create(
    session: State<'_, Session>,
    watch: State<'_, BookWatch>,
    input: InteractionInput,
) -> Result<Interaction> {
    write(&session, &watch, async |vault| interactions::create(vault.pool(), &input, clock::now()).await).await
}

#[tauri::command]
#[specta::specta]
pub async fn interaction_update(
    session: State<'_, Session>,
    watch: State<'_, BookWatch>,
    id: String,
    input: InteractionInput,
) -> Result<Interaction> {
    write(&session, &watch, async |vault| interactions::update(vault.pool(), &id, &input, clock::now()).await).await
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
pub async fn search(session: State<'_, Session>, text: String) -> Result<Vec<SearchHit>> {
    Ok(session.with_vault(async |vault| search::search(vault.pool(), &text, 30).await).await?)
}
