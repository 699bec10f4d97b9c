//! A long-lived handle on one vault for an interactive program (the desktop
//! app): it knows the vault's paths and the keychain, holds the unlocked vault
//! if there is one, and can lock and unlock it. Tauri-free so it is tested
//! without a window.

use std::sync::Arc;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use tokio::sync::{OnceCell, RwLock};

use crate::backups::{self, BackupCheck, BackupFile, BackupList, KeyFrom};
use crate::error::{Error, Result};
use crate::header::KeySource;
use crate::keychain::{KeyStore, Keychain, NoKeychain};
use crate::secret::Secret;
use crate::vault::{CreateOptions, Vault, VaultPaths, VaultState, VaultStatus};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "snake_case")]
pub enum Lifecycle {
    /// No vault yet: offer to create one.
    Missing,
    /// A vault exists and is locked.
    Locked,
    Unlocked,
}

/// What the UI needs to decide which screen to show.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct SessionState {
    pub lifecycle: Lifecycle,
    pub path: String,
    /// "keychain" or "passphrase", when a vault exists.
    pub key_source: Option<String>,
    pub has_passphrase: bool,
    /// Whether an OS keychain answered on this machine.
    pub keychain_available: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "snake_case")]
pub enum KeyMode {
    Keychain,
    Passphrase,
}

#[derive(Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct CreateVaultInput {
    pub mode: KeyMode,
    pub passphrase: Option<String>,
}

impl std::fmt::Debug for CreateVaultInput {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("CreateVaultInput").field("mode", &self.mode).finish_non_exhaustive()
    }
}

/// Returned once, at creation: the only time the recovery key is shown.
#[derive(Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct VaultCreated {
    pub recovery_key: String,
    pub status: VaultStatus,
}

/// Where the keychain comes from: the platform's, or a fixed one (tests, or a
/// user who turned the keychain off).
pub enum KeychainChoice {
    System,
    Fixed(Arc<dyn KeyStore>),
}

pub struct Session {
    paths: VaultPaths,
    keychain_choice: KeychainChoice,
    keystore: OnceCell<(Arc<dyn KeyStore>, bool)>,
    vault: RwLock<Option<Vault>>,
}

impl Session {
    pub fn new(paths: VaultPaths, keychain: KeychainChoice) -> Self {
        Self { paths, keychain_choice: keychain, keystore: OnceCell::new(), vault: RwLock::new(None) }
    }

    /// The keychain, probed once (D-Bus round trips happen off the runtime).
    async fn keystore(&self) -> &(Arc<dyn KeyStore>, bool) {
        self.keystore
            .get_or_init(|| async {
                match &self.keychain_choice {
                    KeychainChoice::Fixed(store) => (Arc::clone(store), true),
                    KeychainChoice::System => match tokio::task::spawn_blocking(Keychain::system).await {
                        Ok(Ok(keychain)) => (Arc::new(keychain) as Arc<dyn KeyStore>, true),
                        Ok(Err(e)) => {
                            tracing::info!("no usable keychain, passphrase mode only: {e}");
                            (Arc::new(NoKeychain) as Arc<dyn KeyStore>, false)
                        }
                        Err(e) => {
                            tracing::warn!("keychain probe failed: {e}");
                            (Arc::new(NoKeychain) as Arc<dyn KeyStore>, false)
                        }
                    },
                }
            })
            .await
    }

    pub async fn state(&self) -> Result<SessionState> {
        let keychain_available = self.keystore().await.1;
        let unlocked = self.vault.read().await.is_some();
        let (lifecycle, key_source, has_passphrase) = match self.paths.state()? {
            VaultState::Missing => (Lifecycle::Missing, None, false),
            VaultState::Present { key_source, has_passphrase } => (
                if unlocked { Lifecycle::Unlocked } else { Lifecycle::Locked },
                Some(key_source.as_str().to_string()),
                has_passphrase,
            ),
        };
        Ok(SessionState {
            lifecycle,
            path: self.paths.db.display().to_string(),
            key_source,
            has_passphrase,
            keychain_available,
        })
    }

    pub async fn create(&self, input: CreateVaultInput, now: DateTime<Utc>) -> Result<VaultCreated> {
        let (keystore, available) = self.keystore().await.clone();
        let key_source = match input.mode {
            KeyMode::Keychain if !available => {
                return Err(Error::validation(
                    "mode",
                    "no keychain is available on this system; protect the vault with a passphrase",
                ));
            }
            KeyMode::Keychain => KeySource::Keychain,
            KeyMode::Passphrase => KeySource::Passphrase,
        };
        let passphrase = input.passphrase.filter(|p| !p.is_empty()).map(Secret::new);
        let mut slot = self.vault.write().await;
        let created = Vault::create(&self.paths, CreateOptions { key_source, passphrase }, &keystore, now).await?;
        let status = created.vault.status().await?;
        let recovery_key = created.recovery_key.display().to_string();
        *slot = Some(created.vault);
        Ok(VaultCreated { recovery_key, status })
    }

    pub async fn unlock_with_keychain(&self) -> Result<VaultStatus> {
        let (keystore, _) = self.keystore().await.clone();
        let mut slot = self.vault.write().await;
        if let Some(vault) = slot.as_ref() {
            return vault.status().await;
        }
        let vault = Vault::unlock_with_keychain(&self.paths, &keystore).await?;
        let status = vault.status().await?;
        *slot = Some(vault);
        Ok(status)
    }

    pub async fn unlock(&self, secret: Secret) -> Result<VaultStatus> {
        let (keystore, _) = self.keystore().await.clone();
        let mut slot = self.vault.write().await;
        if let Some(vault) = slot.as_ref() {
            return vault.status().await;
        }
        let vault = Vault::unlock_with_secret(&self.paths, &secret, &keystore).await?;
        let status = vault.status().await?;
        *slot = Some(vault);
        Ok(status)
    }

    pub async fn lock(&self) {
        if let Some(vault) = self.vault.write().await.take() {
            vault.lock().await;
        }
    }

    /// The backups: the vault's folder when it is open; otherwise the default
    /// folder, which is where the first screen looks when the vault is gone.
    pub async fn backups(&self) -> Result<BackupList> {
        if let Some(vault) = self.vault.read().await.as_ref() {
            return backups::list_for(vault).await;
        }
        let folder = backups::default_folder(&self.paths);
        let backups = backups::list(&folder)?;
        Ok(BackupList { folder: folder.display().to_string(), is_default: true, backups })
    }

    pub async fn backup_now(&self, now: DateTime<Utc>) -> Result<BackupFile> {
        self.with_vault(async |vault| backups::back_up(vault, backups::BackupReason::Manual, now).await).await
    }

    /// The daily backup if one is due; nothing while the vault is locked.
    pub async fn backup_if_due(&self, now: DateTime<Utc>) -> Result<Option<BackupFile>> {
        match self.vault.read().await.as_ref() {
            Some(vault) => backups::back_up_if_due(vault, now).await,
            None => Ok(None),
        }
    }

    pub async fn backup_check(&self, name: &str) -> Result<BackupCheck> {
        self.with_vault(async |vault| backups::check(vault, name).await).await
    }

    pub async fn backup_set_folder(&self, folder: Option<&str>) -> Result<BackupList> {
        self.with_vault(async |vault| backups::set_folder(vault, folder).await).await
    }

    /// Restores the backup called `name`. With the vault open: from its backup
    /// folder, after backing up the current state. With no vault open (it is
    /// missing or damaged): from the default folder, with the key from the
    /// keychain, or from `secret` (passphrase or recovery key) when given;
    /// the restored vault is then unlocked the same way.
    pub async fn restore_backup(&self, name: &str, secret: Option<Secret>, now: DateTime<Utc>) -> Result<VaultStatus> {
        let (keystore, _) = self.keystore().await.clone();
        let mut slot = self.vault.write().await;
        if let Some(vault) = slot.as_ref() {
            let backup = backups::find(&backups::folder(vault).await?, name)?;
            backups::prepare_restore(vault, &backup, now).await?;
            let vault = slot.take().expect("checked above");
            let restored = vault.restore_from(&backup, now).await?;
            let status = restored.status().await?;
            *slot = Some(restored);
            return Ok(status);
        }
        let backup = backups::find(&backups::default_folder(&self.paths), name)?;
        let secret = secret.filter(|s| !s.is_blank());
        let key_from = match &secret {
            Some(secret) => KeyFrom::Secret(secret),
            None => KeyFrom::Keychain(&keystore),
        };
        backups::restore_into(&self.paths, &backup, key_from, now).await?;
        let vault = match &secret {
            Some(secret) => Vault::unlock_with_secret(&self.paths, secret, &keystore).await?,
            None => Vault::unlock_with_keychain(&self.paths, &keystore).await?,
        };
        let status = vault.status().await?;
        *slot = Some(vault);
        Ok(status)
    }

    /// Runs `f` against the unlocked vault, or fails with [`Error::Locked`].
    pub async fn with_vault<T>(&self, f: impl AsyncFnOnce(&Vault) -> Result<T>) -> Result<T> {
        let guard = self.vault.read().await;
        let vault = guard.as_ref().ok_or(Error::Locked)?;
        f(vault).await
    }
}
