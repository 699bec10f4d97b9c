//! Rapport's core: the encrypted vault and the domain, with no dependency on
//! Tauri. The desktop shell (`src-tauri/`) and the `rapport` CLI are thin doors
//! into this crate.
//!
//! The modules are layered, lowest first: kernel (`error`, `text`, `kinds`,
//! `zone`, `ics`) ← vault ← store ← domain ← documents | interchange ← app.
//! A module uses its own layer and those below, never one above; documents
//! and interchange do not use each other; no two modules depend on each
//! other, directly or round a loop; only the store (and the vault) holds SQL.
//! `tests/all/architecture.rs` fails on any break, and docs/ARCHITECTURE.md
//! places every module.

/// SQL assembled from this crate's own constants (table names, fixed clauses).
/// User input never goes into it: it is always bound as a parameter.
macro_rules! sql {
    ($($arg:tt)*) => { sqlx::AssertSqlSafe(format!($($arg)*)) };
}

pub mod accounts;
pub mod analysis;
pub mod backups;
pub mod blueprint;
pub mod book;
pub mod brief;
#[doc(hidden)]
pub mod bulk;
pub mod care;
pub mod commitments;
pub mod connections;
pub mod documents;
pub mod error;
pub mod ics;
pub mod import;
pub mod interactions;
pub mod kinds;
pub mod meetings;
pub mod page;
pub mod people;
pub mod relationship;
pub mod report;
pub mod search;
pub mod session;
pub mod settings;
mod store;
pub mod summary;
pub mod team;
mod text;
pub mod touchpoints;
pub mod trash;
pub mod vault;
mod zone;

pub use store::changes;
pub(crate) use vault::db;
pub use vault::{files, header, keychain, secret};

/// Benchmark support: never built into the app or the CLI.
#[cfg(feature = "bench")]
#[doc(hidden)]
pub mod bench {
    /// Plain SQLite (no key) with the vault's options and schema.
    pub async fn open_unencrypted(path: &std::path::Path) -> crate::Result<sqlx::SqlitePool> {
        crate::db::open_unencrypted(path).await
    }
}

/// The PDF engine (its own crate, `crates/pdf`): documents are built here and
/// rendered there.
pub use rapport_pdf as pdf;

pub use db::IntegrityReport;
pub use error::{Error, ErrorCode, Result};
pub use header::KeySource;
pub use keychain::{KeyStore, Keychain, KeychainError, NoKeychain};
pub use secret::{RecoveryKey, Secret};
pub use vault::{CreateOptions, Created, UnlockedBy, Vault, VaultPaths, VaultState, VaultStatus};
