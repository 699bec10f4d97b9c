//! People (theirs and ours) and the ties between them.

use rapport_core::connections::{self, Connection, ConnectionInput};
use rapport_core::people::moves::{self, Move, MoveInput, Role};
use rapport_core::people::{self, Person, PersonInput};
use rapport_core::session::Session;
use tauri::State;

use super::{Result, write};
use crate::book_changed::BookWatch;
use crate::clock;

#[tauri::command]
#[specta::specta]
pub async fn people_ours(session: State<'_, Session>) -> Result<Vec<Person>> {
    Ok(session.with_vault(async |vault| people::list_ours(vault.pool()).await).await?)
}

#[tauri::command]
#[specta::specta]
pub async fn person_create(
    session: State<'_, Session>,
    watch: State<'_, BookWatch>,
    input: PersonInput,
) -> Result<Person> {
    write(&session, &watch, async |vault| people::create(vault.pool(), &input, clock::now()).await).await
}

#[tauri::command]
#[specta::specta]
pub async fn person_update(
    session: State<'_, Session>,
    watch: State<'_, BookWatch>,
    id: String,
    input: PersonInput,
) -> Result<Person> {
    write(&session, &watch, async |vault| people::update(vault.pool(), &id, &input, clock::now()).await).await
}

/// One of theirs moved to another account, or joined us: their id, ties and
/// history go with them.
#[tauri::command]
#[specta::specta]
pub async fn person_move(
    session: State<'_, Session>,
    watch: State<'_, BookWatch>,
    id: String,
    input: MoveInput,
) -> Result<Person> {
    write(&session, &watch, async |vault| moves::move_person(vault.pool(), &id, &input, clock::now()).await).await
}

/// The roles a person held, the earliest first, ending with the one they hold.
#[tauri::command]
#[specta::specta]
pub async fn person_history(session: State<'_, Session>, id: String) -> Result<Vec<Role>> {
    Ok(session.with_vault(async |vault| moves::history(vault.pool(), &id).await).await?)
}

/// Who moved into or out of an account, the latest first.
#[tauri::command]
#[specta::specta]
pub async fn account_moves(session: State<'_, Session>, id: String) -> Result<Vec<Move>> {
    Ok(session.with_vault(async |vault| moves::moves_of(vault.pool(), &id).await).await?)
}

#[tauri::command]
#[specta::specta]
pub async fn connection_create(
    session: State<'_, Session>,
    watch: State<'_, BookWatch>,
    input: ConnectionInput,
) -> Result<Connection> {
    write(&session, &watch, async |vault| connections::create(vault.pool(), &input, clock::now()).await).await
}

#[tauri::command]
#[specta::specta]
pub async fn connection_update(
    session: State<'_, Session>,
    watch: State<'_, BookWatch>,
    id: String,
    input: ConnectionInput,
) -> Result<Connection> {
    write(&session, &watch, async |vault| connections::update(vault.pool(), &id, &input, clock::now()).await).await
}
