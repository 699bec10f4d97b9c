//! The vault: the encrypted database file plus its header, and the rules for
//! creating, unlocking and locking it.
//!
//! Invariants kept here:
//! - a vault is never created over an existing file (database *or* header);
//! - unlocking reads files, it never writes the database before the key is proven
//!   (a wrong secret leaves every file byte-identical);
//! - an empty or absent keychain leads to the passphrase / recovery prompt, never
//!   to a fresh vault.

pub mod backup_files;
pub(crate) mod db;
pub mod files;
pub mod header;
pub mod keychain;
pub mod secret;
pub(crate) mod triggers;

use std::path::{Path, PathBuf};
use std::sync::Arc;

use chrono::{DateTime, Utc};
use sqlx::SqlitePool;

use crate::db::IntegrityReport;
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

    /// What is on disk. A header next to a lost database still reads as
    /// [`VaultState::Present`] (so the app shows its lock screen and can offer
    /// a backup); unlocking it fails with [`Error::Corrupt`] ([`VaultPaths::lost`]).
    pub fn state(&self) -> Result<VaultState> {
        match (self.db.exists(), self.header.exists()) {
            (false, false) => Ok(VaultState::Missing),
            (_, true) => {
                let header = Header::read(&self.header)?;
                Ok(VaultState::Present { key_source: header.key_source, has_passphrase: header.has_passphrase() })
            }
            (true, false) if self.is_interrupted_creation() => Ok(VaultState::Missing),
            (true, false) => Err(Error::Corrupt(format!(
                "the vault header {} is missing, so the database cannot be unlocked; restore both files from a backup",
                self.header.display()
            ))),
        }
    }

    /// Whether the database is gone while its header says it held a vault:
    /// deleted, or emptied (a truncated file, a failed copy). That is lost
    /// data, never an empty book. A header from before the `initialised`
    /// field next to an empty database is read as a creation that stopped
    /// before the first migration, as it always was.
    fn lost(&self, header: &Header) -> Option<Error> {
        let restore = "restore it from a backup (rapport restore)";
        match std::fs::metadata(&self.db) {
            Err(_) => Some(Error::Corrupt(format!(
                "the database {} is missing but its vault header is present: the book is lost; {restore}",
                self.db.display()
            ))),
            Ok(m) if m.len() == 0 && header.initialised => Some(Error::Corrupt(format!(
                "the database {} is empty but its vault header says it holds a book: the data is lost; {restore}",
                self.db.display()
            ))),
            Ok(_) => None,
        }
    }
}

fn vault_exists(paths: &VaultPaths) -> Error {
    Error::VaultExists(format!(
        "a vault already exists at {}; Rapport will not create a new one over it",
        paths.db.display()
    ))
}

/// How long an empty, header-less database file must sit before a new create
/// may remove it: long enough that it cannot be another process's creation in
/// progress (which writes the header within a second).
const INTERRUPTED_CREATION_AGE: std::time::Duration = std::time::Duration::from_secs(60);

impl VaultPaths {
    /// An empty database with no header: a creation that stopped before the
    /// header was written. It holds no data.
    fn is_interrupted_creation(&self) -> bool {
        !self.header.exists() && std::fs::metadata(&self.db).is_ok_and(|m| m.len() == 0)
    }

    fn clear_interrupted_creation(&self) -> Result<()> {
        if !self.is_interrupted_creation() {
            return Ok(());
        }
        let age = std::fs::metadata(&self.db)
            .and_then(|m| m.modified())
            .ok()
            .and_then(|t| t.elapsed().ok())
            .unwrap_or_default();
        if age < INTERRUPTED_CREATION_AGE {
            return Err(Error::VaultExists(format!(
                "another Rapport is creating a vault at {} right now",
                self.db.display()
            )));
        }
        std::fs::remove_file(&self.db).map_err(|e| Error::io("removing the unfinished", &self.db, e))
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

/// A vault dropped without [`Vault::lock`] (a test's end, an error path)
/// still closes its connections before the process exits.
impl Drop for Vault {
    fn drop(&mut self) {
        db::close_behind(self.pool.clone());
    }
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

async fn save_to_keychain(keystore: &Arc<dyn KeyStore>, vault_id: &str, key: &DataKey) -> Result<()> {
    // The blocking task needs its own copy; it is zeroized when the task ends.
    let copy = DataKey::from_bytes(key.expose().to_vec()).expect("32 bytes");
    let vault_id = vault_id.to_string();
    keychain_call(keystore, move |k| k.save(&vault_id, &copy)).await
}

pub fn validate_passphrase(passphrase: &Secret) -> Result<()> {
    if passphrase.is_blank() {
        return Err(Error::validation("passphrase", "cannot be only spaces"));
    }
    if passphrase.char_count() < MIN_PASSPHRASE_CHARS {
        return Err(Error::validation("passphrase", format!("use at least {MIN_PASSPHRASE_CHARS} characters")));
    }
    Ok(())
}

/// The key to a vault, proven against its header but not yet against its
/// database: what unlocking gets before it opens the database, and all that
/// restoring a backup needs, so a vault whose database is lost or damaged
/// can still be restored.
pub struct VaultKey {
    paths: VaultPaths,
    header: Header,
    key: DataKey,
    unlocked_by: UnlockedBy,
}

impl std::fmt::Debug for VaultKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("VaultKey").field("paths", &self.paths).field("unlocked_by", &self.unlocked_by).finish()
    }
}

impl VaultKey {
    /// The key kept in the OS keychain; see [`Vault::unlock_with_keychain`].
    pub async fn from_keychain(paths: &VaultPaths, keystore: &Arc<dyn KeyStore>) -> Result<Self> {
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
        Ok(Self { paths: paths.clone(), header, key, unlocked_by: UnlockedBy::Keychain })
    }

    /// The key a passphrase or the recovery key unwraps from the header.
    pub async fn from_secret(paths: &VaultPaths, secret: &Secret) -> Result<Self> {
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
        let unlocked_by = match kind {
            SlotKind::Passphrase => UnlockedBy::Passphrase,
            SlotKind::Recovery => UnlockedBy::RecoveryKey,
        };
        Ok(Self { paths: paths.clone(), header, key, unlocked_by })
    }

    /// Opens the database. A lost database (missing, or emptied next to an
    /// initialised header) is [`Error::Corrupt`]; a database that fails its
    /// quick check opens for reading only ([`Vault::damage`]).
    pub async fn open(self) -> Result<Vault> {
        if let Some(lost) = self.paths.lost(&self.header) {
            return Err(lost);
        }
        let Self { paths, mut header, key, unlocked_by } = self;
        files::sweep_partials(files::folder_of(&paths.db));
        let pool = open_checked(&paths.db, &key).await?;
        if !header.initialised {
            // A vault from before the field (or a creation that stopped after
            // writing its header): it is keyed and migrated now.
            header.initialised = true;
            if let Err(e) = header.write(&paths.header) {
                tracing::warn!("could not mark the vault header as initialised: {e}");
            }
        }
        Ok(Vault { paths, header, key, pool, unlocked_by })
    }

    /// Replaces the vault's database with a backup made by [`Vault::backup`]
    /// of the same vault, and opens it. Works whether the current database
    /// is sound, damaged or lost. The backup is only read (checked, then
    /// copied); the current files are kept next to the vault with a
    /// `.before-restore-<time>` suffix, and put back if the swap fails.
    pub async fn restore_from(self, backup: &Path, now: DateTime<Utc>) -> Result<Vault> {
        let source = VaultPaths::new(backup);
        let source_header = read_header(&source)?;
        if let Some(lost) = source.lost(&source_header) {
            return Err(lost);
        }
        if source_header.vault_id != self.header.vault_id {
            return Err(Error::validation("backup", "that backup belongs to a different vault"));
        }
        let report = db::integrity_read_only(&source.db, &self.key).await.map_err(|e| match e {
            Error::Corrupt(why) => {
                Error::Corrupt(format!("the backup {} is damaged ({why}); choose another backup", backup.display()))
            }
            other => other,
        })?;
        if !report.is_ok() {
            return Err(Error::Corrupt(format!(
                "the backup {} is damaged: it failed its integrity check ({}); choose another backup",
                backup.display(),
                report.summary()
            )));
        }
        let paths = self.paths.clone();
        files::sweep_partials(files::folder_of(&paths.db));
        let staged = VaultPaths::new(files::partial_name(&paths.db));
        let imported = db::import_from(&staged.db, &source.db, &self.key).await;
        files::test_pause("restore");
        if let Err(e) = imported {
            let _ = std::fs::remove_file(&staged.db);
            return Err(e);
        }

        let aside = VaultPaths::new(format!("{}.before-restore-{}", paths.db.display(), now.format("%Y%m%dT%H%M%S")));
        let moves: Vec<(PathBuf, PathBuf)> = std::iter::once((paths.db.clone(), aside.db.clone()))
            .chain(paths.sidecars().into_iter().zip(aside.sidecars()))
            .filter(|(from, _)| from.exists())
            .collect();
        let swapped = (|| {
            std::fs::copy(&paths.header, &aside.header).map_err(|e| Error::io("copying", &paths.header, e))?;
            for (from, to) in &moves {
                rename(from, to)?;
            }
            rename(&staged.db, &paths.db)
        })();
        if let Err(e) = swapped {
            for (from, to) in &moves {
                if to.exists() {
                    let _ = std::fs::rename(to, from);
                }
            }
            let _ = std::fs::remove_file(&staged.db);
            return Err(e);
        }
        self.open().await
    }
}

/// Opens the database and runs the quick check once: a vault that fails it
/// is marked damaged for this process, so every write refuses
/// ([`db::begin_write`]) while reads go on as far as they can.
async fn open_checked(path: &Path, key: &DataKey) -> Result<SqlitePool> {
    let pool = db::open(path, key, false).await?;
    let damage = db::quick_check(&pool).await;
    if let Some(why) = &damage {
        tracing::warn!("the vault failed its quick check: {why}");
    }
    db::mark_damaged(path, damage);
    Ok(pool)
}

impl Vault {
    /// Creates a new vault. Refuses if either file already exists — checked by
    /// creating both exclusively, so a second process creating at the same
    /// moment cannot be overwritten either.
    ///
    /// Order, so that a crash at any point is recoverable: claim the database
    /// path (an empty file), store the key in the keychain, write the header
    /// (no clobbering), then key and migrate the database. A lone empty database
    /// file is an interrupted creation ([`VaultPaths::state`] treats it as
    /// missing); a header next to an empty database unlocks and migrates normally.
    pub async fn create(
        paths: &VaultPaths,
        options: CreateOptions,
        keystore: &Arc<dyn KeyStore>,
        now: DateTime<Utc>,
    ) -> Result<Created> {
        match (options.key_source, &options.passphrase) {
            (KeySource::Passphrase, None) => {
                return Err(Error::validation("passphrase", "a passphrase is required in passphrase mode"));
            }
            (_, Some(p)) => validate_passphrase(p)?,
            (KeySource::Keychain, None) => {}
        }
        // Anything there (a vault, a lone database, a damaged header) is kept.
        if !matches!(paths.state(), Ok(VaultState::Missing)) {
            return Err(vault_exists(paths));
        }
        if let Some(dir) = paths.db.parent().filter(|d| !d.as_os_str().is_empty()) {
            std::fs::create_dir_all(dir).map_err(|e| Error::io("creating the data directory", dir, e))?;
        }
        paths.clear_interrupted_creation()?;
        std::fs::OpenOptions::new().write(true).create_new(true).open(&paths.db).map_err(|e| {
            if e.kind() == std::io::ErrorKind::AlreadyExists {
                vault_exists(paths)
            } else {
                Error::io("creating", &paths.db, e)
            }
        })?;

        let key = DataKey::generate();
        let recovery_key = RecoveryKey::generate();
        let header =
            Header::new(&key, options.key_source, options.passphrase.as_ref(), &recovery_key, now.to_rfc3339())?;

        let mut wrote_header = false;
        let mut saved_to_keychain = false;
        let created = async {
            if options.key_source == KeySource::Keychain {
                save_to_keychain(keystore, &header.vault_id, &key).await?;
                saved_to_keychain = true;
            }
            header.write_new(&paths.header).map_err(|e| match e {
                Error::Io { source, .. } if source.kind() == std::io::ErrorKind::AlreadyExists => vault_exists(paths),
                other => other,
            })?;
            wrote_header = true;
            let pool = db::open(&paths.db, &key, false).await?;
            // From now on an empty or missing database is a lost one.
            let mut initialised = header.clone();
            initialised.initialised = true;
            if let Err(e) = initialised.write(&paths.header) {
                pool.close().await;
                return Err(e);
            }
            Ok((pool, initialised))
        }
        .await;
        let (pool, header) = match created {
            Ok(created) => created,
            Err(e) => {
                // Leave nothing half-made behind, and touch only what this call made.
                if wrote_header {
                    let _ = std::fs::remove_file(&paths.header);
                }
                let _ = std::fs::remove_file(&paths.db);
                for sidecar in paths.sidecars() {
                    let _ = std::fs::remove_file(sidecar);
                }
                if saved_to_keychain {
                    let vault_id = header.vault_id.clone();
                    let _ = keychain_call(keystore, move |k| k.remove(&vault_id)).await;
                }
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
        VaultKey::from_keychain(paths, keystore).await?.open().await
    }

    /// Unlocks with a passphrase or the recovery key. In keychain mode a missing
    /// keychain entry is put back, so the next start is silent again.
    pub async fn unlock_with_secret(
        paths: &VaultPaths,
        secret: &Secret,
        keystore: &Arc<dyn KeyStore>,
    ) -> Result<Vault> {
        let vault = VaultKey::from_secret(paths, secret).await?.open().await?;
        vault.remember_key(keystore).await;
        Ok(vault)
    }

    /// In keychain mode, puts the key (back) into the keychain, so the next
    /// start needs no typing; a failure is only logged.
    pub async fn remember_key(&self, keystore: &Arc<dyn KeyStore>) {
        if self.header.key_source == KeySource::Keychain
            && let Err(e) = save_to_keychain(keystore, &self.header.vault_id, &self.key).await
        {
            tracing::warn!("could not restore the key to the keychain: {e}");
        }
    }

    /// Closes every connection and zeroizes the key (the copy of its hex form
    /// inside sqlx's connect options is freed, not zeroized: see ARCHITECTURE.md).
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

    pub fn vault_id(&self) -> &str {
        &self.header.vault_id
    }

    /// For checking this vault's backups (`backups::verify`).
    pub(crate) fn key(&self) -> &DataKey {
        &self.key
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
        if let Some(why) = self.damage() {
            // A copy of a damaged file would pass for a good backup.
            return Err(Error::Corrupt(format!(
                "the vault is damaged ({why}), so no backup is made from it; restore it from a backup \
                 (rapport restore), or export what can still be read"
            )));
        }
        // Partial files a killed backup left in that folder go first.
        files::sweep_partials(files::folder_of(&target.db));
        let partial = VaultPaths::new(files::partial_name(&target.db));
        let mut placed = Vec::new();
        let result = async {
            db::export_to(&self.pool, &self.key, &partial.db).await?;
            self.header.write(&partial.header)?;
            files::test_pause("backup");
            rename(&partial.db, &target.db)?;
            placed.push(&target.db);
            rename(&partial.header, &target.header)?;
            placed.push(&target.header);
            Ok(())
        }
        .await;
        if result.is_err() {
            // Nothing half-written under either name: the partial files, and
            // whatever of ours already reached its final name.
            for path in [&partial.db, &partial.header].into_iter().chain(placed) {
                let _ = std::fs::remove_file(path);
            }
        }
        result.map(|()| target)
    }

    /// Replaces this vault's contents with a backup made by [`Vault::backup`] of
    /// the same vault: see [`VaultKey::restore_from`]. Closing the pool first
    /// checkpoints the WAL into the database file that is kept aside.
    pub async fn restore_from(self, backup: &Path, now: DateTime<Utc>) -> Result<Vault> {
        let key = self.key_only();
        self.pool.close().await;
        drop(self);
        key.restore_from(backup, now).await
    }

    /// What the quick check at unlock found wrong, if anything. A damaged
    /// vault refuses every write with [`Error::Corrupt`]; reads go on as far
    /// as they can, so what is readable can be exported.
    pub fn damage(&self) -> Option<String> {
        db::damage(&self.paths.db)
    }

    fn key_only(&self) -> VaultKey {
        VaultKey {
            paths: self.paths.clone(),
            header: self.header.clone(),
            key: DataKey::from_bytes(self.key.expose().to_vec()).expect("32 bytes"),
            unlocked_by: self.unlocked_by,
        }
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

/// The header of an existing vault (a missing vault is [`Error::VaultMissing`]).
fn read_header(paths: &VaultPaths) -> Result<Header> {
    match paths.state()? {
        VaultState::Missing => Err(Error::VaultMissing(paths.db.display().to_string())),
        VaultState::Present { .. } => Header::read(&paths.header),
    }
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
