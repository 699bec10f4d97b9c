//! Rapport's core: the encrypted vault and the domain, with no dependency on
//! Tauri. The desktop shell (`src-tauri/`) and the `rapport` CLI are thin doors
//! into this crate.

pub mod accounts;
pub mod analysis;
mod db;
pub mod error;
pub mod header;
pub mod keychain;
pub mod secret;
pub mod session;
pub mod vault;

pub use db::IntegrityReport;
pub use error::{Error, ErrorCode, Result};
pub use header::KeySource;
pub use keychain::{KeyStore, Keychain, KeychainError, NoKeychain};
pub use secret::{RecoveryKey, Secret};
pub use vault::{CreateOptions, Created, UnlockedBy, Vault, VaultPaths, VaultState, VaultStatus};
