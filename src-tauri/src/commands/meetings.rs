//! Meetings and their review gate.

use rapport_core::meetings::{self, GateRequest, Meeting, MeetingInput, MeetingQuery, MeetingSummary, MeetingView};
use rapport_core::session::Session;
use tauri::State;

use super::{Result, write};
use crate::book_changed::BookWatch;
use crate::clock;

#[tauri::command]
#[specta::specta]
pub async fn meeting_create(
    session: State<'_, Session>,
    watch: State<'_, BookWatch>,
    input: MeetingInput,
) -> Result<Meeting> {
    write(&session, &watch, async |vault| meetings::create(vault.pool(), &input, clock::now()).await).await
}

#[tauri::command]
#[specta::specta]
pub async fn meeting_update(
    session: State<'_, Session>,
    watch: State<'_, BookWatch>,
    id: String,
    input: MeetingInput,
) -> Result<Meeting> {
    write(&session, &watch, async |vault| meetings::update(vault.pool(), &id, &input, clock::now()).await).await
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
pub async fn meeting_act(
    session: State<'_, Session>,
    watch: State<'_, BookWatch>,
    id: String,
    request: GateRequest,
) -> Result<MeetingView> {
    write(&session, &watch, async |vault| meetings::act(vault.pool(), &id, &request, clock::now()).await).await
}

#[tauri::command]
#[specta::specta]
pub async fn meeting_trips(session: State<'_, Session>) -> Result<Vec<String>> {
    Ok(session.with_vault(async |vault| meetings::trips(vault.pool()).await).await?)
}
