//! Automatic encrypted backups: when they are taken, what they are called,
//! which are kept, and how one is put back — even when the vault itself is
//! gone.
//!
//! A backup is [`Vault::backup`]'s output (the database copied through
//! `sqlcipher_export`, encrypted with the vault's key, plus a copy of the
//! header, `NAME.vault`), so it opens with the same passphrase, recovery key
//! or keychain entry as the vault. Nothing is ever written in plain text.
//!
//! Backups live in `backups/` next to the database, or in a folder the user
//! picked (the `backup_folder` setting). Names sort by time and carry the
//! reason: `rapport-2026-12-07T093015Z-daily.db`. They are taken once a day
//! (at unlock, then while the app runs, when the newest is a day old), before
//! every import and restore, before a migration changes the schema, and on
//! demand; [`keep`] decides which survive (7 daily, 4 weekly, 12 monthly and
//! the newest of each reason).

use std::collections::HashSet;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;

use chrono::{DateTime, Datelike, Utc};
use serde::Serialize;

use crate::db::{self, IntegrityReport};
use crate::error::{Error, Result};
use crate::header::Header;
use crate::keychain::KeyStore;
use crate::secret::{DataKey, Secret};
use crate::settings;
pub use crate::vault::backup_files::{BackupReason, DEFAULT_FOLDER, default_folder, file_name, parse_name};
use crate::vault::backup_files::{PREFIX, free_name, partial_name, rename};
use crate::vault::{Vault, VaultPaths};

/// How old the newest backup may get before the next automatic one.
pub const DAILY: chrono::TimeDelta = chrono::TimeDelta::hours(24);

/// Unfinished files (a backup killed halfway) older than this are removed.
const STALE_PARTIAL: Duration = Duration::from_secs(3600);

/// One backup in the folder.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct BackupFile {
    /// The database file's name; what the app and the CLI refer to it by.
    pub name: String,
    pub path: String,
    /// RFC 3339, UTC, from the name.
    pub taken_at: String,
    pub reason: BackupReason,
    /// The database and its header together.
    #[cfg_attr(feature = "specta", specta(type = f64))]
    pub bytes: u64,
}

impl BackupFile {
    fn time(&self) -> DateTime<Utc> {
        DateTime::parse_from_rfc3339(&self.taken_at).map(|t| t.with_timezone(&Utc)).unwrap_or_default()
    }
}

/// The backup folder and what is in it, newest first.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct BackupList {
    pub folder: String,
    /// Whether the folder is the default one (no folder picked).
    pub is_default: bool,
    pub backups: Vec<BackupFile>,
}

/// The outcome of checking one backup.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct BackupCheck {
    pub name: String,
    pub ok: bool,
    /// "ok", or what the checks found.
    pub detail: String,
}

/// Which backups to keep, given their times and reasons and now: the newest
/// backup of each of the 7 most recent days that have one, of the 4 most
/// recent ISO weeks, of the 12 most recent months, and the newest of each
/// reason (so the copy taken before an import survives a day of other
/// backups). Counting days that *have* a backup, rather than the last 7
/// calendar days, means a month away from the app never deletes everything.
/// A backup dated after now (the clock went back) is always kept.
pub fn keep(backups: &[(DateTime<Utc>, BackupReason)], now: DateTime<Utc>) -> Vec<bool> {
    let mut order: Vec<usize> = (0..backups.len()).collect();
    order.sort_by(|&a, &b| backups[b].0.cmp(&backups[a].0));
    let mut kept = vec![false; backups.len()];
    let (mut days, mut weeks, mut months, mut reasons) =
        (HashSet::new(), HashSet::new(), HashSet::new(), HashSet::new());
    for i in order {
        let (time, reason) = backups[i];
        if time > now {
            kept[i] = true;
            continue;
        }
        let day = time.date_naive();
        let week = day.iso_week();
        let mut fill = |seen: &mut HashSet<_>, key, limit: usize| {
            if seen.len() < limit && seen.insert(key) {
                kept[i] = true;
            }
        };
        fill(&mut days, (day.year(), day.ordinal(), 0), 7);
        fill(&mut weeks, (week.year(), week.week(), 0), 4);
        fill(&mut months, (day.year(), day.month(), 0), 12);
        if reasons.insert(reason) {
            kept[i] = true;
        }
    }
    kept
}

/// Whether an automatic backup is due: no backup in the last day.
pub fn due(backups: &[BackupFile], now: DateTime<Utc>) -> bool {
    !backups.iter().map(BackupFile::time).any(|t| t <= now && now - t < DAILY)
}

/// The folder this vault's backups go to: the one picked in settings, or the default.
pub async fn folder(vault: &Vault) -> Result<PathBuf> {
    Ok(match settings::backup_folder(vault.pool()).await? {
        Some(picked) => PathBuf::from(picked),
        None => default_folder(vault.paths()),
    })
}

/// Picks the folder backups go to (`None`: back to the default). It must be
/// an absolute path to a folder that exists or can be created.
pub async fn set_folder(vault: &Vault, folder: Option<&str>) -> Result<BackupList> {
    let folder = folder.map(str::trim).filter(|f| !f.is_empty());
    if let Some(picked) = folder {
        let path = Path::new(picked);
        if !path.is_absolute() {
            return Err(Error::validation("folder", "give the full path of a folder"));
        }
        if path.exists() && !path.is_dir() {
            return Err(Error::validation("folder", format!("{picked} is a file, not a folder")));
        }
        std::fs::create_dir_all(path)
            .map_err(|e| Error::validation("folder", format!("{picked} cannot be used: {e}")))?;
    }
    let folder = folder.filter(|f| Path::new(f) != default_folder(vault.paths()));
    settings::set_backup_folder(vault.pool(), folder).await?;
    list_for(vault).await
}

/// The backups in a folder, newest first. A folder that does not exist holds none.
pub fn list(folder: &Path) -> Result<Vec<BackupFile>> {
    let entries = match std::fs::read_dir(folder) {
        Ok(entries) => entries,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
        Err(e) => return Err(Error::io("reading the backup folder", folder, e)),
    };
    let mut found = Vec::new();
    for entry in entries {
        let entry = entry.map_err(|e| Error::io("reading the backup folder", folder, e))?;
        let name = entry.file_name().to_string_lossy().into_owned();
        let Some((time, reason)) = parse_name(&name) else { continue };
        let pair = VaultPaths::new(entry.path());
        let size = |p: &Path| std::fs::metadata(p).map(|m| m.len()).ok();
        // A database without its header cannot be opened: not a backup.
        let (Some(db), Some(header)) = (size(&pair.db), size(&pair.header)) else { continue };
        let modified = entry.metadata().and_then(|m| m.modified()).ok();
        found.push((
            time,
            modified,
            BackupFile {
                name,
                path: pair.db.display().to_string(),
                taken_at: time.to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
                reason,
                bytes: db + header,
            },
        ));
    }
    // Newest first; two taken in the same second (a pinned clock) by when they were written.
    found.sort_by(|a, b| (b.0, b.1).cmp(&(a.0, a.1)).then_with(|| b.2.name.cmp(&a.2.name)));
    Ok(found.into_iter().map(|(_, _, backup)| backup).collect())
}

/// This vault's backup folder and its backups.
pub async fn list_for(vault: &Vault) -> Result<BackupList> {
    let folder = folder(vault).await?;
    let backups = list(&folder)?;
    let is_default = folder == default_folder(vault.paths());
    Ok(BackupList { folder: folder.display().to_string(), is_default, backups })
}

/// The backup called `name` in `folder`; only names of backups are accepted.
pub fn find(folder: &Path, name: &str) -> Result<PathBuf> {
    if parse_name(name).is_none() || name.contains(['/', '\\']) {
        return Err(Error::validation("backup", format!("\"{name}\" is not the name of a Rapport backup")));
    }
    let path = folder.join(name);
    if !path.is_file() || !VaultPaths::new(&path).header.is_file() {
        return Err(Error::NotFound(format!("the backup {}", path.display())));
    }
    Ok(path)
}

/// The newest backup in `folder`.
pub fn latest(folder: &Path) -> Result<PathBuf> {
    list(folder)?
        .into_iter()
        .next()
        .map(|b| PathBuf::from(b.path))
        .ok_or_else(|| Error::NotFound(format!("a backup in {}", folder.display())))
}

/// Removes the backups [`keep`] lets go (each with its header), and unfinished
/// files a killed backup left more than an hour ago. Files whose names are
/// not Rapport's are never touched. Returns what was removed.
pub fn rotate(folder: &Path, now: DateTime<Utc>) -> Result<Vec<String>> {
    let backups = list(folder)?;
    let kept = keep(&backups.iter().map(|b| (b.time(), b.reason)).collect::<Vec<_>>(), now);
    let mut removed = Vec::new();
    for (backup, keep) in backups.iter().zip(kept) {
        if keep {
            continue;
        }
        let pair = VaultPaths::new(&backup.path);
        // The database first: a header alone is not listed as a backup.
        std::fs::remove_file(&pair.db).map_err(|e| Error::io("removing the old backup", &pair.db, e))?;
        let _ = std::fs::remove_file(&pair.header);
        removed.push(backup.name.clone());
    }
    for entry in std::fs::read_dir(folder).into_iter().flatten().flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        if !(name.starts_with(PREFIX) && name.contains(".partial-")) {
            continue;
        }
        let stale = entry
            .metadata()
            .and_then(|m| m.modified())
            .ok()
            .and_then(|t| t.elapsed().ok())
            .is_some_and(|age| age >= STALE_PARTIAL);
        if stale && std::fs::remove_file(entry.path()).is_ok() {
            removed.push(name);
        }
    }
    Ok(removed)
}

/// Backs up the vault into its backup folder, then applies the rotation.
/// The copy is read under one read transaction on a connection of its own
/// (WAL mode), so the app keeps writing while it runs.
pub async fn back_up(vault: &Vault, reason: BackupReason, now: DateTime<Utc>) -> Result<BackupFile> {
    let folder = folder(vault).await?;
    std::fs::create_dir_all(&folder).map_err(|e| Error::io("creating the backup folder", &folder, e))?;
    let dest = free_name(&folder, now, reason)?;
    let written = vault.backup(&dest).await?;
    if let Err(e) = rotate(&folder, now) {
        tracing::warn!("backup written, but old backups could not be rotated: {e}");
    }
    let name = written.db.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    list(&folder)?
        .into_iter()
        .find(|b| b.name == name)
        .ok_or_else(|| Error::Internal(format!("the backup {} vanished after writing", written.db.display())))
}

/// The daily backup, when none was taken in the last day. Also rotates, so
/// old backups go even on a day nothing new is written.
pub async fn back_up_if_due(vault: &Vault, now: DateTime<Utc>) -> Result<Option<BackupFile>> {
    let folder = folder(vault).await?;
    if !due(&list(&folder)?, now) {
        if let Err(e) = rotate(&folder, now) {
            tracing::warn!("old backups could not be rotated: {e}");
        }
        return Ok(None);
    }
    back_up(vault, BackupReason::Daily, now).await.map(Some)
}

/// Checks a backup with the vault's key, reading it only.
pub async fn verify(vault: &Vault, backup: &Path) -> Result<IntegrityReport> {
    let header = Header::read(&VaultPaths::new(backup).header)?;
    if header.vault_id != vault.vault_id() {
        return Err(Error::validation("backup", "that backup belongs to a different vault"));
    }
    db::integrity_read_only(backup, vault.key()).await
}

/// [`verify`] as a verdict for the list.
pub async fn check(vault: &Vault, name: &str) -> Result<BackupCheck> {
    let path = find(&folder(vault).await?, name)?;
    let (ok, detail) = match verify(vault, &path).await {
        Ok(report) if report.is_ok() => (true, "ok".to_string()),
        Ok(report) => (false, describe(&report)),
        Err(e @ (Error::Corrupt(_) | Error::Validation { .. })) => (false, e.to_string()),
        Err(e) => return Err(e),
    };
    Ok(BackupCheck { name: name.to_string(), ok, detail })
}

fn describe(report: &IntegrityReport) -> String {
    let mut problems: Vec<&str> = report.integrity.iter().filter(|l| *l != "ok").map(String::as_str).collect();
    problems.extend(report.cipher.iter().map(String::as_str));
    problems.truncate(5);
    problems.join("; ")
}

/// Puts a backup of this vault back: checks it first, backs up the current
/// state (reason `before-restore`), then [`Vault::restore_from`], which keeps
/// the current files as `*.before-restore-<time>` too.
pub async fn restore(vault: Vault, backup: &Path, now: DateTime<Utc>) -> Result<Vault> {
    prepare_restore(&vault, backup, now).await?;
    vault.restore_from(backup, now).await
}

/// The first half of [`restore`], which leaves the vault open when it fails:
/// the backup must be this vault's and pass its integrity check, and the
/// current state is backed up.
pub async fn prepare_restore(vault: &Vault, backup: &Path, now: DateTime<Utc>) -> Result<()> {
    let report = verify(vault, backup).await?;
    if !report.is_ok() {
        return Err(Error::Corrupt(format!("the backup failed its integrity check ({})", describe(&report))));
    }
    // A damaged vault cannot be exported; its files are kept as
    // `*.before-restore-*` by the restore itself.
    if vault.damage().is_none() {
        back_up(vault, BackupReason::BeforeRestore, now).await?;
    }
    Ok(())
}

/// Loads a book file ([`book::import`](crate::book::import)) after backing
/// up (reason `before-import`). The CLI's `import` goes through here.
pub async fn import_book<R: std::io::Read + Send + 'static>(
    vault: &Vault,
    reader: R,
    now: DateTime<Utc>,
) -> Result<crate::book::BookCounts> {
    back_up(vault, BackupReason::BeforeImport, now).await?;
    crate::book::import(vault.pool(), reader, now).await
}

/// Commits a CSV or vCard import ([`import::commit`](crate::import::commit))
/// after backing up (reason `before-import`); a file that does not parse
/// changes nothing and writes no backup. The app's import goes through here.
pub async fn import_records(
    vault: &Vault,
    request: &crate::import::ImportRequest,
    bytes: &[u8],
    skip_rejected: bool,
    now: DateTime<Utc>,
) -> Result<crate::import::ImportOutcome> {
    let parsed = crate::import::parse(request, bytes)?;
    back_up(vault, BackupReason::BeforeImport, now).await?;
    crate::import::commit(vault.pool(), &parsed, &request.options, skip_rejected, now).await
}

/// How to get the key when no vault is open.
pub enum KeyFrom<'a> {
    /// The keychain entry of the backup's vault id.
    Keychain(&'a Arc<dyn KeyStore>),
    /// The passphrase or the recovery key, tried on the backup's header.
    Secret(&'a Secret),
}

/// Restores a backup where the vault is missing or damaged (no vault can be
/// unlocked there): the key comes from the keychain or a passphrase tried on
/// the backup's own header, the backup must pass its integrity check, and
/// only then are its database and header copied into place. Whatever was
/// there (a damaged database, a header, WAL files) is kept as
/// `*.before-restore-<time>`. Unlock afterwards as usual.
pub async fn restore_into(paths: &VaultPaths, backup: &Path, key_from: KeyFrom<'_>, now: DateTime<Utc>) -> Result<()> {
    let source = VaultPaths::new(backup);
    if !source.db.is_file() {
        return Err(Error::NotFound(format!("the backup {}", source.db.display())));
    }
    let header = Header::read(&source.header)?;
    let key = backup_key(&header, key_from).await?;
    let report = db::integrity_read_only(&source.db, &key).await?;
    if !report.is_ok() {
        return Err(Error::Corrupt(format!("the backup failed its integrity check ({})", describe(&report))));
    }
    if let Some(dir) = paths.db.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir).map_err(|e| Error::io("creating the data directory", dir, e))?;
    }
    let staged = VaultPaths::new(partial_name(&paths.db));
    let filled = async {
        db::import_from(&staged.db, &source.db, &key).await?;
        header.write(&staged.header)
    }
    .await;
    if let Err(e) = filled {
        let _ = std::fs::remove_file(&staged.db);
        let _ = std::fs::remove_file(&staged.header);
        return Err(e);
    }

    let aside = VaultPaths::new(format!("{}.before-restore-{}", paths.db.display(), now.format("%Y%m%dT%H%M%S")));
    let moves: Vec<(PathBuf, PathBuf)> =
        [(paths.db.clone(), aside.db.clone()), (paths.header.clone(), aside.header.clone())]
            .into_iter()
            .chain(paths.sidecars().into_iter().zip(aside.sidecars()))
            .filter(|(from, _)| from.exists())
            .collect();
    let swapped = (|| {
        for (from, to) in &moves {
            if to.exists() {
                return Err(Error::VaultExists(format!("{} already exists; try again in a second", to.display())));
            }
            rename(from, to)?;
        }
        rename(&staged.db, &paths.db)?;
        rename(&staged.header, &paths.header)
    })();
    if let Err(e) = swapped {
        for path in [&paths.db, &paths.header] {
            if !moves.iter().any(|(from, to)| from == path && !to.exists()) {
                let _ = std::fs::remove_file(path);
            }
        }
        for (from, to) in &moves {
            if to.exists() {
                let _ = std::fs::rename(to, from);
            }
        }
        let _ = std::fs::remove_file(&staged.db);
        let _ = std::fs::remove_file(&staged.header);
        return Err(e);
    }
    Ok(())
}

async fn backup_key(header: &Header, key_from: KeyFrom<'_>) -> Result<DataKey> {
    match key_from {
        KeyFrom::Keychain(store) => {
            let store = Arc::clone(store);
            let vault_id = header.vault_id.clone();
            let loaded = tokio::task::spawn_blocking(move || store.load(&vault_id))
                .await
                .map_err(|e| Error::Internal(format!("keychain task failed: {e}")))?;
            match loaded {
                Ok(Some(key)) => Ok(key),
                Ok(None) => Err(Error::NeedsSecret(
                    "the keychain holds no key for this backup: enter the passphrase or the recovery key".into(),
                )),
                Err(e) => Err(Error::NeedsSecret(format!(
                    "the keychain could not be used ({e}): enter the passphrase or the recovery key"
                ))),
            }
        }
        KeyFrom::Secret(secret) => {
            if secret.is_blank() {
                return Err(Error::validation("passphrase", "enter the passphrase or the recovery key"));
            }
            let header = header.clone();
            let typed = Secret::new(secret.expose());
            let unwrapped = tokio::task::spawn_blocking(move || header.unwrap_key(&typed))
                .await
                .map_err(|e| Error::Internal(format!("key derivation task failed: {e}")))??;
            unwrapped.map(|(key, _)| key).ok_or(Error::WrongSecret)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn at(y: i32, m: u32, d: u32, h: u32) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(y, m, d, h, 0, 0).unwrap()
    }

    #[test]
    fn names_sort_by_time_and_read_back() {
        let name = file_name(Utc.with_ymd_and_hms(2026, 12, 7, 9, 30, 15).unwrap(), BackupReason::Daily, 1);
        assert_eq!(name, "rapport-2026-12-07T093015Z-daily.db");
        assert_eq!(
            parse_name(&name),
            Some((Utc.with_ymd_and_hms(2026, 12, 7, 9, 30, 15).unwrap(), BackupReason::Daily))
        );
        let second = file_name(at(2026, 12, 7, 9), BackupReason::BeforeImport, 2);
        assert_eq!(second, "rapport-2026-12-07T090000Z-before-import-2.db");
        assert_eq!(parse_name(&second), Some((at(2026, 12, 7, 9), BackupReason::BeforeImport)));
        assert!(
            file_name(at(2026, 1, 2, 0), BackupReason::Manual, 1)
                < file_name(at(2026, 11, 1, 0), BackupReason::Daily, 1)
        );
        for other in [
            "rapport.db",
            "rapport-2026-12-07T093015Z-daily.db.vault",
            "rapport-2026-12-07T093015Z-daily.db.partial-abc",
            "rapport-2026-12-07T093015Z-weekly.db",
            "rapport-2026-13-07T093015Z-daily.db",
            "rapport-2026-12-07T093015Z-daily-.db",
            "rapport-2026-12-07T093015Z-daily-x.db",
            "notes.txt",
        ] {
            assert_eq!(parse_name(other), None, "{other}");
        }
    }

    fn kept(times: &[(DateTime<Utc>, BackupReason)], now: DateTime<Utc>) -> Vec<DateTime<Utc>> {
        let keep = keep(times, now);
        let mut out: Vec<_> = times.iter().zip(keep).filter(|(_, k)| *k).map(|(t, _)| t.0).collect();
        out.sort();
        out
    }

    #[test]
    fn a_year_of_daily_backups_keeps_7_days_4_weeks_12_months() {
        let now = at(2026, 12, 7, 12);
        let times: Vec<_> = (0..400).map(|d| (now - chrono::TimeDelta::days(d), BackupReason::Daily)).collect();
        let kept = kept(&times, now);
        // The last 7 days.
        for d in 0..7 {
            assert!(kept.contains(&(now - chrono::TimeDelta::days(d))), "day {d}");
        }
        // Newest of each of the last 4 ISO weeks: 2026-12-07 is a Monday, so
        // this week is that day alone; then the Sundays before it.
        for sunday in [at(2026, 12, 6, 12), at(2026, 11, 29, 12), at(2026, 11, 22, 12)] {
            assert!(kept.contains(&sunday), "{sunday}");
        }
        assert!(!kept.contains(&at(2026, 11, 15, 12)), "a fifth week");
        // Newest of each of the last 12 months: the last day of each month.
        for (y, m, d) in [(2026, 11, 30), (2026, 10, 31), (2026, 2, 28), (2026, 1, 31)] {
            assert!(kept.contains(&at(y, m, d, 12)), "{y}-{m}-{d}");
        }
        assert!(!kept.contains(&at(2025, 12, 31, 12)), "a thirteenth month");
        // 7 days (the first week's and month's newest among them), 3 more
        // weeks (Nov 30 is also a month end), 11 more month ends.
        assert_eq!(kept.len(), 7 + 2 + 11, "{kept:?}");
    }

    #[test]
    fn several_a_day_keep_the_newest_of_the_day() {
        let now = at(2026, 12, 7, 23);
        let times = [
            (at(2026, 12, 7, 9), BackupReason::Daily),
            (at(2026, 12, 7, 10), BackupReason::Manual),
            (at(2026, 12, 7, 11), BackupReason::Manual),
            (at(2026, 12, 6, 9), BackupReason::Daily),
        ];
        // 11:00 is the day's newest; 9:00 is the newest daily; 10:00 goes.
        assert_eq!(kept(&times, now), [at(2026, 12, 6, 9), at(2026, 12, 7, 9), at(2026, 12, 7, 11)]);
    }

    #[test]
    fn the_newest_of_each_reason_survives() {
        let now = at(2026, 12, 7, 23);
        let mut times: Vec<_> = (0..10).map(|d| (now - chrono::TimeDelta::hours(d), BackupReason::Daily)).collect();
        times.push((at(2026, 12, 7, 1), BackupReason::BeforeImport));
        times.push((at(2026, 12, 7, 0), BackupReason::BeforeImport));
        let keep = keep(&times, now);
        assert!(keep[10], "the newest before-import is kept");
        assert!(!keep[11], "an older before-import of the same day goes");
        assert_eq!(keep.iter().filter(|k| **k).count(), 2);
    }

    #[test]
    fn a_long_absence_deletes_nothing_recent_and_future_backups_stay() {
        let now = at(2027, 6, 1, 0);
        let times: Vec<_> =
            (0..5).map(|d| (at(2026, 1, 1, 0) + chrono::TimeDelta::days(d), BackupReason::Daily)).collect();
        assert_eq!(kept(&times, now).len(), 5, "five days, each the newest of its day");
        let future = [(at(2028, 1, 1, 0), BackupReason::Daily), (at(2028, 1, 1, 1), BackupReason::Daily)];
        assert_eq!(keep(&future, now), [true, true]);
        assert!(keep(&[], now).is_empty());
    }

    fn file(time: DateTime<Utc>) -> BackupFile {
        BackupFile {
            name: file_name(time, BackupReason::Daily, 1),
            path: String::new(),
            taken_at: time.to_rfc3339(),
            reason: BackupReason::Daily,
            bytes: 0,
        }
    }

    #[test]
    fn due_after_a_day_or_when_only_future_backups_exist() {
        let now = at(2026, 12, 7, 12);
        assert!(due(&[], now));
        assert!(!due(&[file(at(2026, 12, 6, 13))], now));
        assert!(due(&[file(at(2026, 12, 6, 12))], now));
        assert!(due(&[file(at(2027, 1, 1, 0))], now), "a backup from the future does not count");
    }
}
