//! The vault: the encrypted database file plus its header, and the rules for
//! creating, unlocking and locking it.
//!
//! Invariants kept here:
//! - a vault is never created over an existing file (database *or* header);
//! - unlocking reads files, it never writes the database before the key is proven
//!   (a wrong secret leaves every file byte-identical);
//! - an empty or absent keychain leads to the passphrase / recovery prompt, never
//!   to a fresh vault.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use chrono::{DateTime, Utc};
use sqlx::SqlitePool;

use crate::db::{self, IntegrityReport};
use crate::error::{Error, Result};
use crate::header::{Header, KeySource, SlotKind};
use crate::keychain::{KeyStore, KeychainError};
use crate::secret::{DataKey, RecoveryKey, Secret};

/// The shortest passphrase accepted when one is set.
pub const MIN_PASSPHRASE_CHARS: usize = 8;

const DB_FILE: &str = "rapport.db";

/// Where a vault's files live: the database and, next to it, its header.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VaultPaths {
    pub db: PathBuf,
    pub header: PathBuf,
}

impl VaultPaths {
    pub fn new(db: impl Into<PathBuf>) -> Self {
        let db = db.into();
        let mut header = db.clone().into_os_string();
        header.push(".vault");
        Self { db, header: header.into() }
    }

    /// The file the desktop app and the CLI share by default: `RAPPORT_DB` if set,
    /// else `rapport.db` in the platform's data directory
    /// (`~/.local/share/rapport` on Linux).
    pub fn default_location() -> Result<Self> {
        if let Some(path) = std::env::var_os("RAPPORT_DB").filter(|p| !p.is_empty()) {
            return Ok(Self::new(PathBuf::from(path)));
        }
        let dirs = directories::ProjectDirs::from("", "", "rapport")
            .ok_or_else(|| Error::Internal("this system has no home directory for Rapport's data".into()))?;
        Ok(Self::new(dirs.data_dir().join(DB_FILE)))
    }

    /// The write-ahead log and shared-memory files SQLite keeps next to the database.
    pub fn sidecars(&self) -> [PathBuf; 2] {
        let with = |suffix: &str| {
            let mut p = self.db.clone().into_os_string();
            p.push(suffix);
            PathBuf::from(p)
        };
        [with("-wal"), with("-shm")]
    }

    pub fn state(&self) -> Result<VaultState> {
        match (self.db.exists(), self.header.exists()) {
            (false, false) => Ok(VaultState::Missing),
            (true, true) => {
                let header = Header::read(&self.header)?;
                Ok(VaultState::Present { key_source: header.key_source, has_passphrase: header.has_passphrase() })
            }
            (true, false) => Err(Error::Corrupt(format!(
                "the vault header {} is missing, so the database cannot be unlocked; restore both files from a backup",
                self.header.display()
            ))),
            (false, true) => Err(Error::Corrupt(format!(
                "the database {} is missing but its header is present; restore it from a backup",
                self.db.display()
            ))),
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum VaultState {
    Missing,
    Present { key_source: KeySource, has_passphrase: bool },
}

/// How this session's key was obtained.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "snake_case")]
pub enum UnlockedBy {
    Created,
    Keychain,
    Passphrase,
    RecoveryKey,
}

pub struct CreateOptions {
    pub key_source: KeySource,
    /// Required in passphrase mode; optional (an extra way in) in keychain mode.
    pub passphrase: Option<Secret>,
}

#[derive(Debug)]
pub struct Created {
    pub vault: Vault,
    /// Shown to the user once, then dropped (zeroized).
    pub recovery_key: RecoveryKey,
}

/// An unlocked vault. Dropping it (or [`Vault::lock`]) closes the pool and
/// zeroizes the key.
pub struct Vault {
    paths: VaultPaths,
    header: Header,
    key: DataKey,
    pool: SqlitePool,
    unlocked_by: UnlockedBy,
}

impl std::fmt::Debug for Vault {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Vault").field("paths", &self.paths).field("unlocked_by", &self.unlocked_by).finish()
    }
}

async fn keychain_call<T: Send + 'static>(
    store: &Arc<dyn KeyStore>,
    call: impl FnOnce(&dyn KeyStore) -> Result<T, KeychainError> + Send + 'static,
) -> Result<T> {
    // Platform keychains do blocking IPC (D-Bus on Linux): keep it off the runtime.
    let store = Arc::clone(store);
    tokio::task::spawn_blocking(move || call(store.as_ref()))
        .await
        .map_err(|e| Error::Internal(format!("keychain task failed: {e}")))?
        .map_err(Error::from)
}

pub fn validate_passphrase(passphrase: &Secret) -> Result<()> {
    if passphrase.char_count() < MIN_PASSPHRASE_CHARS {
        return Err(Error::validation("passphrase", format!("use at least {MIN_PASSPHRASE_CHARS} characters")));
    }
    Ok(())
}

impl Vault {
    /// Creates a new vault. Refuses if either file already exists.
    pub async fn create(
        paths: &VaultPaths,
        options: CreateOptions,
        keystore: &Arc<dyn KeyStore>,
        now: DateTime<Utc>,
    ) -> Result<Created> {
        if paths.db.exists() || paths.header.exists() {
            return Err(Error::VaultExists(format!(
                "a vault already exists at {}; Rapport will not create a new one over it",
                paths.db.display()
            )));
        }
        match (options.key_source, &options.passphrase) {
            (KeySource::Passphrase, None) => {
                return Err(Error::validation("passphrase", "a passphrase is required in passphrase mode"));
            }
            (_, Some(p)) => validate_passphrase(p)?,
            (KeySource::Keychain, None) => {}
        }
        if let Some(dir) = paths.db.parent().filter(|d| !d.as_os_str().is_empty()) {
            std::fs::create_dir_all(dir).map_err(|e| Error::io("creating the data directory", dir, e))?;
        }

        let key = DataKey::generate();
        let recovery_key = RecoveryKey::generate();
        let header =
            Header::new(&key, options.key_source, options.passphrase.as_ref(), &recovery_key, now.to_rfc3339())?;

        if options.key_source == KeySource::Keychain {
            let vault_id = header.vault_id.clone();
            let copy = DataKey::from_bytes(key.expose().to_vec()).expect("32 bytes");
            keychain_call(keystore, move |k| k.save(&vault_id, &copy)).await?;
        }

        let created = async {
            header.write(&paths.header)?;
            db::open(&paths.db, &key, true).await
        }
        .await;
        let pool = match created {
            Ok(pool) => pool,
            Err(e) => {
                // Leave nothing half-made behind: no header without a database, no
                // keychain entry for a vault that does not exist.
                let _ = std::fs::remove_file(&paths.header);
                let _ = std::fs::remove_file(&paths.db);
                for sidecar in paths.sidecars() {
                    let _ = std::fs::remove_file(sidecar);
                }
                let vault_id = header.vault_id.clone();
                let _ = keychain_call(keystore, move |k| k.remove(&vault_id)).await;
                return Err(e);
            }
        };
        let vault = Vault { paths: paths.clone(), header, key, pool, unlocked_by: UnlockedBy::Created };
        Ok(Created { vault, recovery_key })
    }

    /// Unlocks with the key kept in the OS keychain. Fails with
    /// [`Error::NeedsSecret`] when the vault is in passphrase mode, the keychain
    /// is unavailable, or it holds no key for this vault.
    pub async fn unlock_with_keychain(paths: &VaultPaths, keystore: &Arc<dyn KeyStore>) -> Result<Vault> {
        let header = read_header(paths)?;
        if header.key_source != KeySource::Keychain {
            return Err(Error::NeedsSecret("this vault is unlocked with its passphrase".into()));
        }
        let vault_id = header.vault_id.clone();
        let key = match keychain_call(keystore, move |k| k.load(&vault_id)).await {
            Ok(Some(key)) => key,
            Ok(None) => {
                return Err(Error::NeedsSecret(
                    "the keychain holds no key for this vault: enter the passphrase or the recovery key".into(),
                ));
            }
            Err(e) => {
                return Err(Error::NeedsSecret(format!(
                    "the keychain could not be used ({e}): enter the passphrase or the recovery key"
                )));
            }
        };
        let pool = db::open(&paths.db, &key, false).await?;
        Ok(Vault { paths: paths.clone(), header, key, pool, unlocked_by: UnlockedBy::Keychain })
    }

    /// Unlocks with a passphrase or the recovery key. In keychain mode a missing
    /// keychain entry is put back, so the next start is silent again.
    pub async fn unlock_with_secret(
        paths: &VaultPaths,
        secret: &Secret,
        keystore: &Arc<dyn KeyStore>,
    ) -> Result<Vault> {
        if secret.is_blank() {
            return Err(Error::validation("passphrase", "enter the passphrase or the recovery key"));
        }
        let header = read_header(paths)?;
        // Argon2id is deliberately slow and memory-hungry: run it off the runtime.
        let (key, kind) = {
            let header = header.clone();
            let typed = Secret::new(secret.expose());
            tokio::task::spawn_blocking(move || header.unwrap_key(&typed))
                .await
                .map_err(|e| Error::Internal(format!("key derivation task failed: {e}")))??
                .ok_or(Error::WrongSecret)?
        };
        let pool = db::open(&paths.db, &key, false).await?;
        if header.key_source == KeySource::Keychain {
            let vault_id = header.vault_id.clone();
            let copy = DataKey::from_bytes(key.expose().to_vec()).expect("32 bytes");
            if let Err(e) = keychain_call(keystore, move |k| k.save(&vault_id, &copy)).await {
                tracing::warn!("could not restore the key to the keychain: {e}");
            }
        }
        let unlocked_by = match kind {
            SlotKind::Passphrase => UnlockedBy::Passphrase,
            SlotKind::Recovery => UnlockedBy::RecoveryKey,
        };
        Ok(Vault { paths: paths.clone(), header, key, pool, unlocked_by })
    }

    /// Closes every connection and zeroizes the key.
    pub async fn lock(self) {
        self.pool.close().await;
    }

    pub fn pool(&self) -> &SqlitePool {
        &self.pool
    }

    pub fn paths(&self) -> &VaultPaths {
        &self.paths
    }

    pub fn unlocked_by(&self) -> UnlockedBy {
        self.unlocked_by
    }

    pub async fn status(&self) -> Result<VaultStatus> {
        Ok(VaultStatus {
            path: self.paths.db.display().to_string(),
            vault_id: self.header.vault_id.clone(),
            key_source: self.header.key_source.as_str().to_string(),
            has_passphrase: self.header.has_passphrase(),
            unlocked_by: self.unlocked_by,
            cipher_version: db::cipher_version(&self.pool).await?,
            schema_version: db::schema_version(&self.pool).await?,
        })
    }

    pub async fn check(&self) -> Result<IntegrityReport> {
        db::integrity(&self.pool).await
    }

    /// Writes an encrypted copy of the vault to `dest` (and its header to
    /// `dest.vault`), so the backup opens with the same passphrase or recovery key.
    /// Written under temporary names and renamed: a failed backup leaves nothing
    /// under the final name.
    pub async fn backup(&self, dest: &Path) -> Result<VaultPaths> {
        let target = VaultPaths::new(dest);
        if target.db.exists() || target.header.exists() {
            return Err(Error::VaultExists(format!("{} already exists; choose a new name", target.db.display())));
        }
        if target.db == self.paths.db {
            return Err(Error::validation("output", "the backup cannot replace the vault itself"));
        }
        let partial = VaultPaths::new(partial_name(&target.db));
        let result = async {
            db::export_to(&self.pool, &self.key, &partial.db).await?;
            self.header.write(&partial.header)?;
            rename(&partial.header, &target.header)?;
            rename(&partial.db, &target.db)
        }
        .await;
        if result.is_err() {
            let _ = std::fs::remove_file(&partial.db);
            let _ = std::fs::remove_file(&partial.header);
        }
        result.map(|()| target)
    }

    /// Replaces this vault's contents with a backup made by [`Vault::backup`] of
    /// the same vault. The backup is opened and checked first; the current files
    /// are kept next to it with a `.before-restore` suffix, so nothing is lost.
    pub async fn restore_from(self, backup: &Path, now: DateTime<Utc>) -> Result<Vault> {
        let source = VaultPaths::new(backup);
        let source_header = read_header(&source)?;
        if source_header.vault_id != self.header.vault_id {
            return Err(Error::validation("backup", "that backup belongs to a different vault"));
        }
        let source_pool = db::open(&source.db, &self.key, false).await?;
        let report = db::integrity(&source_pool).await?;
        if !report.is_ok() {
            source_pool.close().await;
            return Err(Error::Corrupt(format!("the backup failed its integrity check: {report:?}")));
        }
        let staged = VaultPaths::new(partial_name(&self.paths.db));
        db::export_to(&source_pool, &self.key, &staged.db).await?;
        source_pool.close().await;

        let Vault { paths, header, key, pool, unlocked_by } = self;
        pool.close().await;
        let aside = VaultPaths::new(format!("{}.before-restore-{}", paths.db.display(), now.format("%Y%m%dT%H%M%S")));
        rename(&paths.db, &aside.db)?;
        std::fs::copy(&paths.header, &aside.header).map_err(|e| Error::io("copying", &paths.header, e))?;
        for sidecar in paths.sidecars() {
            let _ = std::fs::remove_file(sidecar);
        }
        rename(&staged.db, &paths.db)?;
        let pool = db::open(&paths.db, &key, false).await?;
        Ok(Vault { paths, header, key, pool, unlocked_by })
    }

    /// Adds or replaces the passphrase that unlocks this vault.
    pub async fn set_passphrase(&mut self, passphrase: &Secret) -> Result<()> {
        validate_passphrase(passphrase)?;
        let mut header = self.header.clone();
        header.set_passphrase(&self.key, passphrase)?;
        header.write(&self.paths.header)?;
        self.header = header;
        Ok(())
    }
}

fn read_header(paths: &VaultPaths) -> Result<Header> {
    match paths.state()? {
        VaultState::Missing => Err(Error::VaultMissing(paths.db.display().to_string())),
        VaultState::Present { .. } => Header::read(&paths.header),
    }
}

fn partial_name(path: &Path) -> PathBuf {
    let mut name = path.as_os_str().to_owned();
    name.push(format!(".partial-{}", uuid::Uuid::new_v4().simple()));
    name.into()
}

fn rename(from: &Path, to: &Path) -> Result<()> {
    std::fs::rename(from, to).map_err(|e| Error::io("renaming", from, e))
}

/// What `rapport status` and the app's settings show about the open vault.
#[derive(Debug, Clone, serde::Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct VaultStatus {
    pub path: String,
    pub vault_id: String,
    /// "keychain" or "passphrase".
    pub key_source: String,
    pub has_passphrase: bool,
    pub unlocked_by: UnlockedBy,
    pub cipher_version: String,
    /// The latest migration applied (a timestamp such as 20261123030000; exact in a JS number).
    #[cfg_attr(feature = "specta", specta(type = f64))]
    pub schema_version: i64,
}
