//! The OS keychain, through the keyring 4 family (`keyring-core` plus the
//! platform's store crate). It keeps the data key so an ordinary start needs no
//! typing. It is a convenience, never the only copy: the vault header always
//! holds the key wrapped under the recovery key as well.

use std::sync::Arc;

use keyring_core::{CredentialStore, Error as KeyringError};
use zeroize::Zeroizing;

use crate::secret::DataKey;

const SERVICE: &str = "Rapport";

/// What the vault needs from a keychain. `Send + Sync` so it can be used from a
/// blocking task: the platform stores do synchronous IPC.
pub trait KeyStore: Send + Sync {
    /// `Ok(None)` when the keychain works but holds no key for this vault.
    fn load(&self, vault_id: &str) -> Result<Option<DataKey>, KeychainError>;
    fn save(&self, vault_id: &str, key: &DataKey) -> Result<(), KeychainError>;
    fn remove(&self, vault_id: &str) -> Result<(), KeychainError>;

    /// Another secret kept in the keychain under `name` (a team member's key
    /// pairs and server password, see docs/SYNC.md). `Ok(None)` when the
    /// keychain works but holds none. A store without a keychain has none.
    fn load_secret(&self, name: &str) -> Result<Option<Zeroizing<Vec<u8>>>, KeychainError> {
        let _ = name;
        Err(KeychainError::Unavailable("keychain disabled".into()))
    }
    fn save_secret(&self, name: &str, secret: &[u8]) -> Result<(), KeychainError> {
        let _ = (name, secret);
        Err(KeychainError::Unavailable("keychain disabled".into()))
    }
    fn remove_secret(&self, name: &str) -> Result<(), KeychainError> {
        let _ = name;
        Ok(())
    }
}

pub use crate::error::KeychainError;

/// A keyring-core credential store (the platform's, or a test store).
pub struct Keychain {
    store: Arc<CredentialStore>,
}

impl Keychain {
    /// The platform's keychain: Secret Service on Linux/BSD, Keychain on macOS,
    /// Credential Manager on Windows. Probed with a read, because a Secret Service
    /// that is present but locked or broken fails only on first use.
    pub fn system() -> Result<Self, KeychainError> {
        let store = platform_store()?;
        let keychain = Self { store };
        keychain.load("probe").map(|_| keychain)
    }

    /// Any keyring-core store, for tests (`keyring_core::mock`, `sample`).
    pub fn from_store(store: Arc<CredentialStore>) -> Self {
        Self { store }
    }

    fn entry(&self, vault_id: &str) -> Result<keyring_core::Entry, KeychainError> {
        self.store.build(SERVICE, &format!("vault-{vault_id}"), None).map_err(classify)
    }
}

impl KeyStore for Keychain {
    fn load(&self, vault_id: &str) -> Result<Option<DataKey>, KeychainError> {
        match self.entry(vault_id)?.get_secret() {
            Ok(bytes) => DataKey::from_bytes(bytes)
                .map(Some)
                .ok_or_else(|| KeychainError::Failed("the stored key has the wrong length".into())),
            Err(KeyringError::NoEntry) => Ok(None),
            Err(e) => Err(classify(e)),
        }
    }

    fn save(&self, vault_id: &str, key: &DataKey) -> Result<(), KeychainError> {
        self.entry(vault_id)?.set_secret(key.expose()).map_err(classify)
    }

    fn remove(&self, vault_id: &str) -> Result<(), KeychainError> {
        match self.entry(vault_id)?.delete_credential() {
            Ok(()) | Err(KeyringError::NoEntry) => Ok(()),
            Err(e) => Err(classify(e)),
        }
    }

    fn load_secret(&self, name: &str) -> Result<Option<Zeroizing<Vec<u8>>>, KeychainError> {
        let entry = self.store.build(SERVICE, name, None).map_err(classify)?;
        match entry.get_secret() {
            Ok(bytes) => Ok(Some(Zeroizing::new(bytes))),
            Err(KeyringError::NoEntry) => Ok(None),
            Err(e) => Err(classify(e)),
        }
    }

    fn save_secret(&self, name: &str, secret: &[u8]) -> Result<(), KeychainError> {
        self.store.build(SERVICE, name, None).map_err(classify)?.set_secret(secret).map_err(classify)
    }

    fn remove_secret(&self, name: &str) -> Result<(), KeychainError> {
        match self.store.build(SERVICE, name, None).map_err(classify)?.delete_credential() {
            Ok(()) | Err(KeyringError::NoEntry) => Ok(()),
            Err(e) => Err(classify(e)),
        }
    }
}

fn classify(e: KeyringError) -> KeychainError {
    match e {
        KeyringError::NoStorageAccess(_) | KeyringError::NoDefaultStore => KeychainError::Unavailable(e.to_string()),
        // The Secret Service reports a missing or locked daemon as a platform failure.
        KeyringError::PlatformFailure(_) => KeychainError::Unavailable(e.to_string()),
        other => KeychainError::Failed(other.to_string()),
    }
}

#[cfg(all(unix, not(any(target_os = "macos", target_os = "ios", target_os = "android"))))]
fn platform_store() -> Result<Arc<CredentialStore>, KeychainError> {
    zbus_secret_service_keyring_store::Store::new()
        .map(|s| s as Arc<CredentialStore>)
        .map_err(|e| KeychainError::Unavailable(e.to_string()))
}

#[cfg(target_os = "macos")]
fn platform_store() -> Result<Arc<CredentialStore>, KeychainError> {
    apple_native_keyring_store::keychain::Store::new()
        .map(|s| s as Arc<CredentialStore>)
        .map_err(|e| KeychainError::Unavailable(e.to_string()))
}

#[cfg(target_os = "windows")]
fn platform_store() -> Result<Arc<CredentialStore>, KeychainError> {
    windows_native_keyring_store::Store::new()
        .map(|s| s as Arc<CredentialStore>)
        .map_err(|e| KeychainError::Unavailable(e.to_string()))
}

/// A machine with no keychain at all: every vault there is in passphrase mode.
pub struct NoKeychain;

impl KeyStore for NoKeychain {
    fn load(&self, _: &str) -> Result<Option<DataKey>, KeychainError> {
        Err(KeychainError::Unavailable("keychain disabled".into()))
    }
    fn save(&self, _: &str, _: &DataKey) -> Result<(), KeychainError> {
        Err(KeychainError::Unavailable("keychain disabled".into()))
    }
    fn remove(&self, _: &str) -> Result<(), KeychainError> {
        Ok(())
    }
}
