//! Bringing records in: a file (CSV, vCard, a book) and the first run's sample book.

use rapport_core::backups;
use rapport_core::import::{self, ImportOutcome, ImportPreview, ImportRequest};
use rapport_core::session::Session;
use rapport_sample as demo;
use tauri::State;

use super::{Result, small, write};
use crate::book_changed::BookWatch;
use crate::clock;

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
    watch: State<'_, BookWatch>,
    request: ImportRequest,
    content_base64: String,
    skip_rejected: bool,
) -> Result<ImportOutcome> {
    let bytes = file_bytes(&content_base64)?;
    // The vault as it was goes to the backup folder first.
    write(&session, &watch, async |vault| {
        backups::import_records(vault, &request, &bytes, skip_rejected, clock::now()).await
    })
    .await
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
pub async fn demo_load(session: State<'_, Session>, watch: State<'_, BookWatch>) -> Result<SampleLoaded> {
    let counts = write(&session, &watch, async |vault| demo::load_sample(vault.pool(), clock::now()).await).await?;
    Ok(SampleLoaded {
        accounts: small(counts.accounts),
        people: small(counts.people),
        interactions: small(counts.interactions),
    })
}
