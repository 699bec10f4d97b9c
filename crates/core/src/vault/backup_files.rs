//! Backup files at the vault's level: their names, the default folder, and
//! the copy taken before a migration changes the schema (which [`super::db`]
//! makes while opening, so it cannot wait for the layers above). Listing,
//! rotation, restore and the backup folder setting are in [`crate::backups`].

use std::path::{Path, PathBuf};

use chrono::{DateTime, NaiveDateTime, TimeZone, Utc};
use serde::{Deserialize, Serialize};
use sqlx::SqlitePool;

use super::VaultPaths;
use super::db;
use super::secret::DataKey;
use crate::error::{Error, Result};

/// The folder next to the database that holds backups unless the user picks another.
pub const DEFAULT_FOLDER: &str = "backups";

pub(crate) const PREFIX: &str = "rapport-";
const EXTENSION: &str = ".db";
const TIME_FORMAT: &str = "%Y-%m-%dT%H%M%SZ";

/// Why a backup was taken; part of its file name.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "snake_case")]
pub enum BackupReason {
    /// The automatic backup of the day.
    Daily,
    /// Asked for ("Back up now", `rapport backup`).
    Manual,
    BeforeImport,
    BeforeRestore,
    BeforeMigration,
}

impl BackupReason {
    const ALL: [BackupReason; 5] = [
        BackupReason::Daily,
        BackupReason::Manual,
        BackupReason::BeforeImport,
        BackupReason::BeforeRestore,
        BackupReason::BeforeMigration,
    ];

    /// The word in the file name.
    pub fn as_str(self) -> &'static str {
        match self {
            BackupReason::Daily => "daily",
            BackupReason::Manual => "manual",
            BackupReason::BeforeImport => "before-import",
            BackupReason::BeforeRestore => "before-restore",
            BackupReason::BeforeMigration => "before-migration",
        }
    }
}

/// `rapport-2026-12-07T093015Z-daily.db`; a second backup of the same second
/// and reason gets `-2`, `-3`, …
pub fn file_name(taken_at: DateTime<Utc>, reason: BackupReason, n: u32) -> String {
    let time = taken_at.format(TIME_FORMAT);
    let reason = reason.as_str();
    if n <= 1 {
        format!("{PREFIX}{time}-{reason}{EXTENSION}")
    } else {
        format!("{PREFIX}{time}-{reason}-{n}{EXTENSION}")
    }
}

/// The time and reason in a backup's name; `None` for any other file.
pub fn parse_name(name: &str) -> Option<(DateTime<Utc>, BackupReason)> {
    let rest = name.strip_prefix(PREFIX)?.strip_suffix(EXTENSION)?;
    // The time is fixed-width: 2026-12-07T093015Z.
    let (time, rest) = (rest.get(..18)?, rest.get(18..)?);
    let time = NaiveDateTime::parse_from_str(time, TIME_FORMAT).ok()?;
    let rest = rest.strip_prefix('-')?;
    let reason = BackupReason::ALL.into_iter().find(|r| {
        rest.strip_prefix(r.as_str()).is_some_and(|tail| {
            tail.is_empty()
                || tail.strip_prefix('-').is_some_and(|n| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()))
        })
    })?;
    Some((Utc.from_utc_datetime(&time), reason))
}

/// `backups/` next to the database.
pub fn default_folder(paths: &VaultPaths) -> PathBuf {
    match paths.db.parent() {
        Some(dir) if !dir.as_os_str().is_empty() => dir.join(DEFAULT_FOLDER),
        _ => PathBuf::from(DEFAULT_FOLDER),
    }
}

pub(crate) fn free_name(folder: &Path, now: DateTime<Utc>, reason: BackupReason) -> Result<PathBuf> {
    (1..1000)
        .map(|n| folder.join(file_name(now, reason, n)))
        .find(|p| !p.exists() && !VaultPaths::new(p).header.exists())
        .ok_or_else(|| Error::Internal("too many backups with the same time".into()))
}

/// Called by [`db::open`](super::db) once the key is proven and before migrating: when an
/// existing vault (one that has had migrations) has migrations to apply, its
/// state before them is backed up (reason `before-migration`) into the
/// backup folder its settings name, or the default one. A fresh database has
/// nothing to keep. Named by the machine's clock: opening a vault takes none.
pub(crate) async fn before_migration(db_path: &Path, pool: &SqlitePool, key: &DataKey) -> Result<()> {
    let applied: Vec<i64> =
        match sqlx::query_scalar("SELECT version FROM _sqlx_migrations WHERE success = 1").fetch_all(pool).await {
            Ok(applied) => applied,
            // No migrations table: a database being created.
            Err(_) => return Ok(()),
        };
    if applied.is_empty() || db::MIGRATOR.iter().all(|m| applied.contains(&m.version)) {
        return Ok(());
    }
    let paths = VaultPaths::new(db_path);
    let folder = match sqlx::query_scalar::<_, String>("SELECT value FROM settings WHERE key = 'backup_folder'")
        .fetch_optional(pool)
        .await
    {
        Ok(Some(picked)) => PathBuf::from(picked),
        _ => default_folder(&paths),
    };
    std::fs::create_dir_all(&folder).map_err(|e| Error::io("creating the backup folder", &folder, e))?;
    let now = Utc::now();
    let target = VaultPaths::new(free_name(&folder, now, BackupReason::BeforeMigration)?);
    let partial = VaultPaths::new(partial_name(&target.db));
    let written = async {
        db::export_to(pool, key, &partial.db).await?;
        std::fs::copy(&paths.header, &partial.header).map_err(|e| Error::io("copying", &paths.header, e))?;
        rename(&partial.header, &target.header)?;
        rename(&partial.db, &target.db)
    }
    .await;
    if let Err(e) = written {
        for path in [&partial.db, &partial.header, &target.header] {
            let _ = std::fs::remove_file(path);
        }
        return Err(e);
    }
    tracing::info!("backed up the vault before migrating it: {}", target.db.display());
    Ok(())
}

pub(crate) fn partial_name(path: &Path) -> PathBuf {
    let mut name = path.as_os_str().to_owned();
    name.push(format!(".partial-{}", uuid::Uuid::new_v4().simple()));
    name.into()
}

pub(crate) fn rename(from: &Path, to: &Path) -> Result<()> {
    std::fs::rename(from, to).map_err(|e| Error::io("renaming", from, e))
}
