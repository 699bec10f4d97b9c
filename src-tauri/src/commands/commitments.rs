//! Commitments: what each side promised the other, recorded in a meeting's
//! follow-up or under an interaction, then kept, dropped or reopened.

use rapport_core::commitments::{self, Commitment, CommitmentInput, CommitmentOutcome, CommitmentQuery};
use rapport_core::session::Session;
use tauri::State;

use super::{Result, Today, write};
use crate::book_changed::BookWatch;

/// Commitments by the day they are due: one meeting's, one interaction's,
/// one account's or the whole book's, all or only those still owed.
#[tauri::command]
#[specta::specta]
pub async fn commitment_list(session: State<'_, Session>, query: CommitmentQuery) -> Result<Vec<Commitment>> {
    Ok(session
        .with_vault(async |vault| commitments::list(vault.pool(), &query, Today::of(vault).await?.day).await)
        .await?)
}

/// Records one commitment.
#[tauri::command]
#[specta::specta]
pub async fn commitment_create(
    session: State<'_, Session>,
    watch: State<'_, BookWatch>,
    input: CommitmentInput,
) -> Result<Commitment> {
    write(&session, &watch, async |vault| {
        let today = Today::of(vault).await?;
        commitments::create(vault.pool(), &input, today.now, today.day).await
    })
    .await
}

/// Records the lines typed under an interaction, all or none.
#[tauri::command]
#[specta::specta]
pub async fn commitment_create_many(
    session: State<'_, Session>,
    watch: State<'_, BookWatch>,
    inputs: Vec<CommitmentInput>,
) -> Result<Vec<Commitment>> {
    write(&session, &watch, async |vault| {
        let today = Today::of(vault).await?;
        commitments::create_many(vault.pool(), &inputs, today.now, today.day).await
    })
    .await
}

/// Rewrites who promised what and by when.
#[tauri::command]
#[specta::specta]
pub async fn commitment_update(
    session: State<'_, Session>,
    watch: State<'_, BookWatch>,
    id: String,
    input: CommitmentInput,
) -> Result<Commitment> {
    write(&session, &watch, async |vault| {
        let today = Today::of(vault).await?;
        commitments::update(vault.pool(), &id, &input, today.now, today.day).await
    })
    .await
}

/// Marks it kept (on a day), dropped (for a reason) or open again.
#[tauri::command]
#[specta::specta]
pub async fn commitment_settle(
    session: State<'_, Session>,
    watch: State<'_, BookWatch>,
    id: String,
    outcome: CommitmentOutcome,
) -> Result<Commitment> {
    write(&session, &watch, async |vault| {
        let today = Today::of(vault).await?;
        commitments::settle(vault.pool(), &id, &outcome, today.now, today.day).await
    })
    .await
}

/// Takes a commitment recorded by mistake off the book.
#[tauri::command]
#[specta::specta]
pub async fn commitment_remove(session: State<'_, Session>, watch: State<'_, BookWatch>, id: String) -> Result<()> {
    write(&session, &watch, async |vault| commitments::remove(vault.pool(), &id, crate::clock::now()).await).await
}
