//! The `book-changed` event: after each command that writes, the window is
//! told what the write changed, read from the vault's change log, so it
//! refreshes the views that show those records and no others.
//!
//! The payload is the core's `Touched`: `{ last_seq, entities, account_ids }`
//! (kinds of record written, such as `account` or `meeting`, and the accounts
//! they belong to, both sorted). The UI listens through the generated
//! bindings (`events.bookChanged`). Settings and derived data (health scores,
//! summaries, drafts) are not in the log and raise no event.

use std::sync::OnceLock;

use rapport_core::Vault;
use rapport_core::changes::{self, Touched};
use rapport_core::session::Session;
use serde::{Deserialize, Serialize};
use tauri::{AppHandle, Runtime};
use tauri_specta::Event as _;

/// Sent once a command's writes are committed: what they touched.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, specta::Type, tauri_specta::Event)]
pub struct BookChanged(pub Touched);

type Emit = Box<dyn Fn(BookChanged) + Send + Sync>;

/// Follows the open vault's change log: the last entry the window was told
/// about, and how to tell it.
#[derive(Default)]
pub struct BookWatch {
    /// `None` until a vault is opened (or if its log could not be read then).
    seen: tokio::sync::Mutex<Option<i64>>,
    emit: OnceLock<Emit>,
}

impl BookWatch {
    /// Connects the window once the app is running.
    pub fn attach<R: Runtime>(&self, app: AppHandle<R>) {
        let _ = self.emit.set(Box::new(move |event: BookChanged| {
            if let Err(e) = event.emit(&app) {
                tracing::warn!("book-changed not sent: {e}");
            }
        }));
    }

    /// A vault was just opened: only what is written from now on is news.
    pub async fn start(&self, session: &Session) {
        let last = session.with_vault(async |vault| changes::last_seq(vault.pool()).await).await;
        if let Err(e) = &last {
            tracing::warn!(code = ?e.code(), "could not read the change log");
        }
        *self.seen.lock().await = last.ok();
    }

    /// After a command's writes: tells the window what they touched, if anything.
    pub async fn announce(&self, vault: &Vault) {
        let pool = vault.pool();
        // Held while reading, so two writes finishing together are announced once each.
        let mut seen = self.seen.lock().await;
        let Some(after) = *seen else {
            *seen = changes::last_seq(pool).await.ok();
            return;
        };
        match changes::touched_after(pool, after).await {
            Ok(touched) if touched.last_seq > after => {
                *seen = Some(touched.last_seq);
                if let Some(emit) = self.emit.get() {
                    emit(BookChanged(touched));
                }
            }
            Ok(_) => {}
            Err(e) => tracing::warn!(code = ?e.code(), "could not read what a write changed"),
        }
    }
}
