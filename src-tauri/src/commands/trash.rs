//! Deleting to the trash, restoring from it, and emptying it.

use rapport_core::session::Session;
use rapport_core::trash::{self, TrashKind, TrashList};
use tauri::State;

use super::{Result, small, write};
use crate::book_changed::BookWatch;
use crate::clock;

#[tauri::command]
#[specta::specta]
pub async fn trash_delete(
    session: State<'_, Session>,
    watch: State<'_, BookWatch>,
    kind: TrashKind,
    id: String,
) -> Result<()> {
    write(&session, &watch, async |vault| trash::delete(vault.pool(), kind, &id, clock::now()).await).await
}

#[tauri::command]
#[specta::specta]
pub async fn trash_restore(
    session: State<'_, Session>,
    watch: State<'_, BookWatch>,
    kind: TrashKind,
    id: String,
) -> Result<()> {
    write(&session, &watch, async |vault| trash::restore(vault.pool(), kind, &id, clock::now()).await).await
}

#[tauri::command]
#[specta::specta]
pub async fn trash_list(session: State<'_, Session>) -> Result<TrashList> {
    Ok(session.with_vault(async |vault| trash::list(vault.pool()).await).await?)
}

#[tauri::command]
#[specta::specta]
pub async fn trash_empty(session: State<'_, Session>, watch: State<'_, BookWatch>) -> Result<u32> {
    let removed = write(&session, &watch, async |vault| trash::empty(vault.pool(), clock::now()).await).await?;
    Ok(small(removed))
}
