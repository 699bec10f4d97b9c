//! `rapport backups` (the automatic backups, newest first) and `rapport
//! restore` (a file, or `--latest`), including the restore that brings a
//! deleted or damaged vault back, where nothing can be unlocked first.

use std::path::PathBuf;
use std::sync::Arc;

use clap::Args;
use rapport_core::backups::{self, BackupFile, KeyFrom};
use rapport_core::header::Header;
use rapport_core::{
    Error, ErrorCode, KeySource, KeyStore, Keychain, NoKeychain, Vault, VaultPaths, VaultState, accounts,
};

use crate::{clock, open, read_secret};

#[derive(Args)]
pub struct BackupsArgs {
    /// Print JSON instead of a table.
    #[arg(long)]
    json: bool,
    /// Check every backup's integrity (reads each one whole).
    #[arg(long)]
    check: bool,
}

#[derive(Args)]
pub struct RestoreArgs {
    /// The backup's database file (its header, FILE.vault, next to it).
    #[arg(value_name = "FILE", required_unless_present = "latest", conflicts_with = "latest")]
    backup: Option<PathBuf>,
    /// Restore the newest automatic backup.
    #[arg(long)]
    latest: bool,
}

/// Whether the vault can be opened here, or is missing or damaged (then
/// backups are read from the default folder and restored into place).
async fn open_if_present(paths: &VaultPaths) -> anyhow::Result<Option<Vault>> {
    match paths.state() {
        Ok(VaultState::Missing) => Ok(None),
        Err(e) if e.code() == ErrorCode::Corrupt => Ok(None),
        Err(e) => Err(e.into()),
        Ok(VaultState::Present { .. }) => match open(paths).await {
            Ok(vault) => Ok(Some(vault)),
            Err(e) if e.downcast_ref::<Error>().is_some_and(|e| e.code() == ErrorCode::Corrupt) => Ok(None),
            Err(e) => Err(e),
        },
    }
}

pub async fn list(paths: &VaultPaths, args: BackupsArgs) -> anyhow::Result<()> {
    let vault = open_if_present(paths).await?;
    let listed = match &vault {
        Some(vault) => backups::list_for(vault).await,
        None => {
            let folder = backups::default_folder(paths);
            backups::list(&folder).map(|backups| backups::BackupList {
                folder: folder.display().to_string(),
                is_default: true,
                backups,
            })
        }
    };
    let mut checks = Vec::new();
    if let (Ok(listed), true) = (&listed, args.check) {
        let Some(vault) = &vault else {
            return Err(Error::VaultMissing(format!(
                "{}: --check needs the vault; restore it first (rapport restore --latest)",
                paths.db.display()
            ))
            .into());
        };
        for backup in &listed.backups {
            checks.push(backups::check(vault, &backup.name).await);
        }
    }
    if let Some(vault) = vault {
        vault.lock().await;
    }
    let listed = listed?;
    let checks = checks.into_iter().collect::<Result<Vec<_>, _>>()?;
    if args.json {
        let mut value = serde_json::to_value(&listed)?;
        if args.check {
            value["checks"] = serde_json::to_value(&checks)?;
        }
        println!("{}", serde_json::to_string_pretty(&value)?);
        return Ok(());
    }
    println!("backups in {}", listed.folder);
    if listed.backups.is_empty() {
        println!("none yet");
    }
    for (i, backup) in listed.backups.iter().enumerate() {
        let verdict = checks.get(i).map(|c| format!("  {}", c.detail)).unwrap_or_default();
        println!("{}  {:<16}  {:>9}  {}{verdict}", backup.taken_at, backup.reason.as_str(), size(backup), backup.name);
    }
    Ok(())
}

fn size(backup: &BackupFile) -> String {
    let kib = backup.bytes.div_ceil(1024);
    if kib < 10 * 1024 { format!("{kib} KiB") } else { format!("{} MiB", kib.div_ceil(1024)) }
}

pub async fn restore(paths: &VaultPaths, args: RestoreArgs) -> anyhow::Result<()> {
    let now = clock::now()?;
    if let Some(vault) = open_if_present(paths).await? {
        let backup = match chosen(&args, || async { backups::folder(&vault).await }).await {
            Ok(backup) => backup,
            Err(e) => {
                vault.lock().await;
                return Err(e);
            }
        };
        let restored = backups::restore(vault, &backup, now).await?;
        let count = accounts::list(restored.pool()).await;
        restored.lock().await;
        println!("restored {} from {} ({} accounts)", paths.db.display(), backup.display(), count?.len());
        return Ok(());
    }
    // Nothing to unlock here: the key comes from the backup's own header.
    let backup = chosen(&args, || async { Ok(backups::default_folder(paths)) }).await?;
    let header = Header::read(&VaultPaths::new(&backup).header)?;
    let keychain: Arc<dyn KeyStore> = match header.key_source {
        KeySource::Keychain => Keychain::system().map_or_else(|_| Arc::new(NoKeychain) as _, |k| Arc::new(k) as _),
        KeySource::Passphrase => Arc::new(NoKeychain),
    };
    let silent = match header.key_source {
        KeySource::Keychain => backups::restore_into(paths, &backup, KeyFrom::Keychain(&keychain), now).await,
        KeySource::Passphrase => Err(Error::NeedsSecret("this backup needs its passphrase".into())),
    };
    let vault = match silent {
        Ok(()) => Vault::unlock_with_keychain(paths, &keychain).await?,
        Err(Error::NeedsSecret(why)) => {
            let Some(secret) = read_secret("Passphrase or recovery key: ")? else {
                return Err(Error::NeedsSecret(format!("{why}; set RAPPORT_PASSPHRASE or run in a terminal")).into());
            };
            backups::restore_into(paths, &backup, KeyFrom::Secret(&secret), now).await?;
            Vault::unlock_with_secret(paths, &secret, &keychain).await?
        }
        Err(e) => return Err(e.into()),
    };
    let count = accounts::list(vault.pool()).await;
    vault.lock().await;
    println!("restored {} from {} ({} accounts)", paths.db.display(), backup.display(), count?.len());
    Ok(())
}

async fn chosen<F: Future<Output = rapport_core::Result<PathBuf>>>(
    args: &RestoreArgs,
    folder: impl FnOnce() -> F,
) -> anyhow::Result<PathBuf> {
    match (&args.backup, args.latest) {
        (Some(file), _) => Ok(file.clone()),
        (None, _) => Ok(backups::latest(&folder().await?)?),
    }
}
