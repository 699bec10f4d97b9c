//! The IPC commands, one file per domain: each turns arguments into core
//! types, calls the core once and returns a DTO. No SQL, crypto or paths here.
//!
//! What several commands need is worked out once, below: the day it is for
//! the user ([`Today`]), how documents are exported ([`export_options`]) and
//! telling the window what a write changed ([`write`]).

pub mod accounts;
pub mod backups;
pub mod blueprints;
pub mod care;
pub mod commitments;
pub mod imports;
pub mod meetings;
pub mod people;
pub mod reports;
pub mod trash;
pub mod vault;

use chrono::{DateTime, NaiveDate, Utc};
use rapport_core::brief::BriefOptions;
use rapport_core::kinds::Audience;
use rapport_core::session::Session;
use rapport_core::{Vault, settings};
use serde::Serialize;

use crate::book_changed::BookWatch;
use crate::clock;
use crate::error::IpcError;

type Result<T> = std::result::Result<T, IpcError>;

/// The app's "now" and the user's calendar day at that moment: in their home
/// time zone when one is set, otherwise in this machine's.
#[derive(Debug, Clone, Copy)]
pub struct Today {
    pub now: DateTime<Utc>,
    pub day: NaiveDate,
}

impl Today {
    /// Now by the app's clock, and the day it is for the vault's user.
    pub async fn of(vault: &Vault) -> rapport_core::Result<Self> {
        let now = clock::now();
        Ok(Self { now, day: settings::today(vault.pool(), now).await? })
    }
}

/// How documents are rendered when exported now: the app's clock, the
/// user's home zone (goals fall due on their calendar day) and who the
/// document is for, which the export dialogs then offer first.
async fn export_options(vault: &Vault, audience: Audience) -> rapport_core::Result<BriefOptions> {
    settings::set_export_audience(vault.pool(), audience).await?;
    Ok(BriefOptions::from_settings(vault.pool(), clock::now()).await?.for_audience(audience))
}

/// Runs a command that writes on the open vault, then tells the window what
/// the write changed (the `book-changed` event). Every writing command goes
/// through here, so no write is left out of the event.
async fn write<T>(
    session: &Session,
    watch: &BookWatch,
    f: impl AsyncFnOnce(&Vault) -> rapport_core::Result<T>,
) -> Result<T> {
    Ok(session
        .with_vault(async |vault| {
            let result = f(vault).await;
            // Also after a refusal: a command may have committed part of its work first.
            watch.announce(vault).await;
            result
        })
        .await?)
}

/// How far a long job (a pack export, scoring the book) has got.
#[derive(Debug, Clone, Serialize, specta::Type)]
pub struct ExportProgress {
    pub done: u32,
    pub total: u32,
}

impl ExportProgress {
    fn of(done: usize, total: usize) -> Self {
        Self { done: small(done), total: small(total) }
    }
}

/// A count for the UI (a plain JS number), saturating.
fn small(n: impl TryInto<u32>) -> u32 {
    n.try_into().unwrap_or(u32::MAX)
}
