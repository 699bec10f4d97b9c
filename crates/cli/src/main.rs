//! `rapport`: the command line over the same core as the desktop app, for
//! scripting and automation.
//!
//! Exit codes: 0 ok; 1 internal or I/O failure; 2 bad usage, invalid input or
//! a step the current state does not allow; 3 wrong or missing passphrase; 4 no
//! vault / a vault already exists; 5 a damaged or lost file; 6 another Rapport
//! kept the vault busy (an import, say) for longer than a write waits. Every
//! failure prints one line on stderr.
//!
//! The meeting commands (`meeting list`, `brief`, `pack`, `ics`) are in
//! [`meeting`], the blueprint commands (`blueprint list`, `blueprint export`)
//! in [`blueprint`], `today` in [`today`], the portfolio and annual review
//! PDFs (`report portfolio`, `report annual`) in [`report`], `backups` and
//! `restore` in [`backups`], `team` and `sync` in [`team`], `commitments` in
//! [`commitments`]; the clock they share with
//! `demo` and `export` in [`clock`].

mod backups;
mod blueprint;
mod clock;
mod commitments;
mod history;
mod meeting;
mod report;
mod team;
mod today;

use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::Arc;

use anyhow::Context;
use clap::{Parser, Subcommand, ValueEnum};
use rapport_core::accounts::{self, NewAccount, Tier};
use rapport_core::backups as vault_backups;
use rapport_core::book;
use rapport_core::files::PrivateFile;
use rapport_core::vault::VaultKey;
use rapport_core::{
    CreateOptions, Error, ErrorCode, KeySource, KeyStore, Keychain, NoKeychain, Secret, Vault, VaultPaths, VaultState,
};
use rapport_sample::{self as demo, LargeSize, Progress};

#[derive(Parser)]
#[command(
    name = "rapport",
    version,
    about = "Rapport: executive relationship planning, from the command line",
    after_help = clock::HELP
)]
struct Cli {
    /// The vault's database file. Defaults to the desktop app's vault in the
    /// platform data directory.
    #[arg(long, global = true, env = "RAPPORT_DB", value_name = "PATH")]
    db: Option<PathBuf>,
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Create a new vault and print its recovery key (shown only this once).
    Init {
        /// Where the data key is kept for an ordinary start.
        #[arg(long, value_enum, default_value_t = Keystore::Keychain)]
        keystore: Keystore,
    },
    /// Work with accounts.
    #[command(subcommand)]
    Account(AccountCommand),
    /// Write an encrypted backup (and its header, FILE.vault): to a new file,
    /// or without --output into the backup folder with the automatic ones.
    Backup {
        #[arg(short, long, value_name = "FILE")]
        output: Option<PathBuf>,
    },
    /// List the automatic backups, newest first: time, reason, size.
    #[command(after_help = clock::HELP)]
    Backups(backups::BackupsArgs),
    /// Replace the vault's contents with a backup of the same vault, after
    /// checking it and backing up the current state. The current files are
    /// kept next to it with a `.before-restore-…` suffix. Works when the
    /// vault's database is missing or damaged too.
    #[command(after_help = clock::HELP)]
    Restore(backups::RestoreArgs),
    /// Verify the database's structure and every page's authentication code.
    Check,
    /// Write the whole book (trash included) to a JSON file (docs/FORMAT.md).
    /// The file is NOT encrypted.
    Export {
        #[arg(value_name = "FILE")]
        file: PathBuf,
        /// Replace FILE if it exists.
        #[arg(long)]
        force: bool,
    },
    /// Load a book file written by `rapport export` into an empty vault, all or
    /// nothing.
    Import {
        #[arg(value_name = "FILE")]
        file: PathBuf,
    },
    /// Fill an empty vault with a sample book to try things out.
    Demo {
        /// `sample`: a dozen hand-made accounts; `large`: 10,000 accounts,
        /// 200,000 people and 1,000,000 interactions, generated.
        #[arg(long, value_enum, default_value_t = DemoSize::Sample)]
        size: DemoSize,
        /// Seed for the large book: the same seed gives the same book.
        #[arg(long, default_value_t = 1)]
        seed: u64,
    },
    /// Show the vault's path, key source, cipher version and schema version.
    Status,
    /// Work with executive meetings.
    #[command(subcommand)]
    Meeting(meeting::MeetingCommand),
    /// Write the brief for one meeting as a PDF. The generation date printed on
    /// it is now, or SOURCE_DATE_EPOCH when set.
    #[command(after_help = clock::HELP)]
    Brief(meeting::BriefArgs),
    /// Write a meeting pack (cover, itinerary, one brief per meeting, a
    /// directory) as one PDF, for a date range, a trip or hand-picked meetings.
    #[command(after_help = clock::HELP)]
    Pack(meeting::PackArgs),
    /// Write meetings to an iCalendar (.ics) file, each in its own time zone.
    #[command(after_help = clock::HELP)]
    Ics(meeting::IcsArgs),
    /// Work with blueprints: the plan per account and period.
    #[command(subcommand)]
    Blueprint(blueprint::BlueprintCommand),
    /// Show what needs someone today across the book, list by list.
    ///
    /// Visits waiting for review, the next week's meetings, accounts and ties
    /// overdue for contact, feedback to reconsider or thank, goals past their
    /// date, annual reviews coming up. Today is now, or SOURCE_DATE_EPOCH
    /// when set.
    #[command(after_help = clock::HELP)]
    Today(today::TodayArgs),
    /// Write a report as a PDF: the portfolio review, or one account's
    /// annual customer review.
    #[command(subcommand)]
    Report(report::ReportCommand),
    /// Show what changed in one account's records, who changed it and when:
    /// the account itself and its people, ties, interactions, meetings,
    /// blueprints and care records, oldest first.
    History(history::HistoryArgs),
    /// List what each side promised the other: one account's (--account) or
    /// the whole book's, or only those still owed (--open); late first.
    #[command(after_help = clock::HELP)]
    Commitments(commitments::CommitmentsArgs),
    /// Share the book with a team through a PostgreSQL server.
    #[command(subcommand)]
    Team(team::TeamCommand),
    /// Share this vault's changes with its team and take theirs, in one round:
    /// push what is new here, then pull and merge the team's. Exit 0 when up
    /// to date.
    #[command(after_help = clock::HELP)]
    Sync,
    /// Print a shell completion script to stdout, e.g.
    /// `rapport completions bash > ~/.local/share/bash-completion/completions/rapport`.
    Completions {
        #[arg(value_enum)]
        shell: clap_complete::Shell,
    },
}

#[derive(Subcommand)]
enum AccountCommand {
    /// Add an account.
    Add {
        #[arg(long)]
        name: String,
        #[arg(long, value_enum)]
        tier: Option<TierArg>,
        /// The relationship owner (one of our people).
        #[arg(long)]
        owner: Option<String>,
    },
    /// List accounts by name.
    List {
        /// Print JSON instead of a table.
        #[arg(long)]
        json: bool,
    },
}

#[derive(Clone, Copy, ValueEnum)]
enum Keystore {
    Keychain,
    Passphrase,
}

#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
enum DemoSize {
    Sample,
    Large,
}

#[derive(Clone, Copy, ValueEnum)]
enum TierArg {
    Strategic,
    Key,
    Growth,
}

impl From<TierArg> for Tier {
    fn from(t: TierArg) -> Self {
        match t {
            TierArg::Strategic => Tier::Strategic,
            TierArg::Key => Tier::Key,
            TierArg::Growth => Tier::Growth,
        }
    }
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    if let Command::Completions { shell } = cli.command {
        // Needs no vault: answered before anything is opened.
        clap_complete::generate(
            shell,
            &mut <Cli as clap::CommandFactory>::command(),
            "rapport",
            &mut std::io::stdout(),
        );
        return ExitCode::SUCCESS;
    }
    let runtime = match tokio::runtime::Builder::new_current_thread().enable_all().build() {
        Ok(rt) => rt,
        Err(e) => {
            eprintln!("rapport: cannot start: {e}");
            return ExitCode::from(1);
        }
    };
    match runtime.block_on(run(cli)) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            let code = match e.downcast_ref::<Error>() {
                Some(core) => exit_code(core.code()),
                None => match e.downcast_ref::<rapport_sync::team::TeamError>() {
                    Some(team_error) => team::team_exit_code(team_error),
                    None => e.downcast_ref::<rapport_sync::ServerError>().map_or(1, team::exit_code),
                },
            };
            eprintln!("rapport: {e:#}");
            ExitCode::from(code)
        }
    }
}

fn exit_code(code: ErrorCode) -> u8 {
    match code {
        ErrorCode::Validation | ErrorCode::Refused => 2,
        ErrorCode::WrongSecret | ErrorCode::NeedsSecret | ErrorCode::Locked => 3,
        ErrorCode::VaultMissing | ErrorCode::VaultExists | ErrorCode::NotFound => 4,
        ErrorCode::Corrupt => 5,
        ErrorCode::Busy => 6,
        ErrorCode::KeychainUnavailable | ErrorCode::Io | ErrorCode::Internal | ErrorCode::Cancelled => 1,
    }
}

async fn run(cli: Cli) -> anyhow::Result<()> {
    let command = match cli.command {
        // The team server's setup needs no vault.
        Command::Team(team::TeamCommand::ServerSetup { url }) => return team::server_setup(&url).await,
        other => other,
    };
    let paths = match cli.db {
        Some(db) => VaultPaths::new(db),
        None => VaultPaths::default_location()?,
    };
    match command {
        Command::Init { keystore } => init(&paths, keystore).await,
        Command::Account(AccountCommand::Add { name, tier, owner }) => {
            let vault = open(&paths).await?;
            let input = NewAccount { name, tier: tier.map(Tier::from), owner_name: owner };
            let account = accounts::create(vault.pool(), &input, chrono::Utc::now()).await;
            vault.lock().await;
            let account = account?;
            println!("{}", account.id);
            Ok(())
        }
        Command::Account(AccountCommand::List { json }) => {
            let vault = open(&paths).await?;
            let list = accounts::list(vault.pool()).await;
            vault.lock().await;
            let list = list?;
            if json {
                println!("{}", serde_json::to_string_pretty(&list)?);
            } else {
                print_accounts(&list);
            }
            Ok(())
        }
        Command::Backup { output } => {
            let now = clock::now()?;
            let vault = open(&paths).await?;
            let written = match &output {
                Some(output) => vault.backup(output).await,
                None => vault_backups::back_up(&vault, vault_backups::BackupReason::Manual, now)
                    .await
                    .map(|b| VaultPaths::new(b.path)),
            };
            vault.lock().await;
            let written = written?;
            println!("backup written to {} (header: {})", written.db.display(), written.header.display());
            Ok(())
        }
        Command::Backups(args) => backups::list(&paths, args).await,
        Command::Restore(args) => backups::restore(&paths, args).await,
        Command::Check => {
            let vault = open_readable(&paths).await?;
            let report = vault.check().await;
            vault.lock().await;
            let report = report?;
            if report.is_ok() {
                println!("ok: integrity_check ok, cipher_integrity_check found no bad pages");
                Ok(())
            } else {
                Err(Error::Corrupt(format!(
                    "the vault is damaged ({}); restore it from a backup (rapport restore FILE), \
                     or save what can still be read (rapport export FILE)",
                    report.summary()
                ))
                .into())
            }
        }
        Command::Export { file, force } => {
            let now = clock::now()?;
            // A damaged vault still exports what can be read.
            let vault = open_readable(&paths).await?;
            let written = export(&vault, &file, force, now).await;
            vault.lock().await;
            let counts = written?;
            eprintln!(
                "rapport: warning: {} holds your book of business in plain text: keep it safe and delete it when done",
                file.display()
            );
            println!("exported {counts} to {}", file.display());
            Ok(())
        }
        Command::Import { file } => {
            let reader = std::fs::File::open(&file).map_err(|e| Error::Io {
                action: "opening",
                path: file.display().to_string(),
                source: e,
            })?;
            let now = clock::now()?;
            let vault = open(&paths).await?;
            // The vault as it was goes to the backup folder first.
            let imported = vault_backups::import_book(&vault, reader, now).await;
            vault.lock().await;
            println!("imported {} from {}", imported?, file.display());
            Ok(())
        }
        Command::Demo { size, seed } => {
            let now = clock::now()?;
            let vault = open(&paths).await?;
            let started = std::time::Instant::now();
            let loaded = match size {
                DemoSize::Sample => demo::load_sample(vault.pool(), now).await,
                DemoSize::Large => {
                    let total = LargeSize::LARGE;
                    let report = |p: Progress| match p {
                        Progress::Written(c) => eprint!(
                            "\rgenerating: {}/{} accounts, {}/{} people, {}/{} interactions",
                            c.accounts, total.accounts, c.people, total.people, c.interactions, total.interactions
                        ),
                        Progress::Summaries => eprint!("\nrefreshing account summaries…"),
                    };
                    let generated = demo::generate_large(vault.pool(), total, seed, now, report).await;
                    eprintln!();
                    generated
                }
            };
            vault.lock().await;
            println!("loaded {} in {:.1} s", loaded?, started.elapsed().as_secs_f64());
            Ok(())
        }
        Command::Status => {
            let vault = open(&paths).await?;
            let status = vault.status().await;
            vault.lock().await;
            let status = status?;
            println!("vault:          {}", status.path);
            println!("key source:     {}", status.key_source);
            println!("unlocked with:  {}", serde_json::to_value(status.unlocked_by)?.as_str().unwrap_or("?"));
            println!("passphrase set: {}", if status.has_passphrase { "yes" } else { "no" });
            println!("cipher:         SQLCipher {}", status.cipher_version);
            println!("schema version: {}", status.schema_version);
            Ok(())
        }
        Command::Meeting(command) => meeting::run(&paths, command).await,
        Command::Brief(args) => meeting::brief(&paths, args).await,
        Command::Pack(args) => meeting::pack(&paths, args).await,
        Command::Ics(args) => meeting::ics(&paths, args).await,
        Command::Blueprint(command) => blueprint::run(&paths, command).await,
        Command::Today(args) => today::run(&paths, args).await,
        Command::Report(command) => report::run(&paths, command).await,
        Command::History(args) => history::run(&paths, args).await,
        Command::Team(command) => team::run(&paths, command).await,
        Command::Sync => team::sync(&paths).await,
        Command::Commitments(args) => commitments::run(&paths, args).await,
        Command::Completions { .. } => {
            unreachable!("answered before the vault is opened")
        }
    }
}

/// Exports through a [`PrivateFile`]: nothing under the real name until the
/// export is complete, and no plain text left anywhere if the export fails
/// or the process is killed.
async fn export(
    vault: &Vault,
    file: &Path,
    force: bool,
    now: chrono::DateTime<chrono::Utc>,
) -> anyhow::Result<book::BookCounts> {
    if file.exists() && !force {
        return Err(
            Error::validation("file", format!("{} already exists; use --force to replace it", file.display())).into()
        );
    }
    let mut private = PrivateFile::create(file)?;
    let mut out = std::io::BufWriter::new(private.file());
    let counts = book::export(vault.pool(), &mut out, now).await?;
    std::io::Write::flush(&mut out).map_err(|e| Error::Io {
        action: "writing",
        path: file.display().to_string(),
        source: e,
    })?;
    drop(out);
    // Without --force, naming fails if FILE appeared meanwhile: never overwrite.
    private.finish(force)?;
    Ok(counts)
}

fn print_accounts(list: &[accounts::Account]) {
    if list.is_empty() {
        println!("no accounts");
        return;
    }
    let width = list.iter().map(|a| a.name.chars().count()).max().unwrap_or(4).max(4);
    println!("{:<width$}  {:<9}  OWNER", "NAME", "TIER");
    for a in list {
        println!("{:<width$}  {:<9}  {}", a.name, a.tier.as_str(), a.owner_name.as_deref().unwrap_or("-"));
    }
}

/// The passphrase from `RAPPORT_PASSPHRASE`, or typed at a terminal.
fn read_secret(prompt: &str) -> anyhow::Result<Option<Secret>> {
    if let Ok(value) = std::env::var("RAPPORT_PASSPHRASE") {
        return Ok(Some(Secret::new(value)));
    }
    if !std::io::stdin().is_terminal() {
        return Ok(None);
    }
    let typed = rpassword::prompt_password(prompt).context("reading the passphrase")?;
    Ok(Some(Secret::new(typed)))
}

async fn init(paths: &VaultPaths, keystore: Keystore) -> anyhow::Result<()> {
    let (key_source, passphrase, store) = match keystore {
        Keystore::Keychain => {
            let store = Keychain::system().map_err(|e| {
                Error::validation(
                    "keystore",
                    format!("{e}; use --keystore passphrase (with RAPPORT_PASSPHRASE for scripts)"),
                )
            })?;
            (KeySource::Keychain, None, Arc::new(store) as Arc<dyn KeyStore>)
        }
        Keystore::Passphrase => {
            let Some(first) = read_secret("New passphrase: ")? else {
                return Err(Error::validation("passphrase", "set RAPPORT_PASSPHRASE or run in a terminal").into());
            };
            if std::env::var_os("RAPPORT_PASSPHRASE").is_none() {
                let again = read_secret("Repeat the passphrase: ")?.unwrap_or_else(|| Secret::new(""));
                if !first.same_as(&again) {
                    return Err(Error::validation("passphrase", "the two passphrases differ").into());
                }
            }
            (KeySource::Passphrase, Some(first), Arc::new(NoKeychain) as Arc<dyn KeyStore>)
        }
    };
    let created = Vault::create(paths, CreateOptions { key_source, passphrase }, &store, chrono::Utc::now()).await?;
    // Nothing may fail between creating the vault and showing its recovery key.
    println!("Created an encrypted vault at {}", paths.db.display());
    println!("Key kept in: {}", key_source.as_str());
    println!();
    println!("Recovery key (shown only now; store it somewhere safe, away from this computer):");
    println!();
    println!("    {}", created.recovery_key.display());
    println!();
    println!("It opens the vault if the keychain is lost or the passphrase forgotten. Rapport cannot recover it.");
    created.vault.lock().await;
    Ok(())
}

/// Unlocks the vault at `paths`: the keychain first (keychain mode), then
/// `RAPPORT_PASSPHRASE` or a prompt for the passphrase or recovery key. A
/// vault that failed its check at unlock is refused (exit 5): only `check`,
/// `export` and `restore` work on a damaged vault.
async fn open(paths: &VaultPaths) -> anyhow::Result<Vault> {
    let vault = open_readable(paths).await?;
    if let Some(why) = vault.damage() {
        vault.lock().await;
        return Err(Error::Corrupt(format!(
            "the vault is damaged ({why}); restore it from a backup (rapport restore FILE), \
             or save what can still be read (rapport export FILE)"
        ))
        .into());
    }
    Ok(vault)
}

/// [`open`], also for a vault that failed its check at unlock.
async fn open_readable(paths: &VaultPaths) -> anyhow::Result<Vault> {
    let (key, typed_in_keychain_mode) = vault_key(paths).await?;
    let vault = key.open().await?;
    if let Some(store) = typed_in_keychain_mode {
        // The keychain lost its entry: put it back, so the next run is silent.
        vault.remember_key(&store).await;
    }
    Ok(vault)
}

/// The vault's key, from the keychain or from the passphrase or recovery
/// key; with the keychain to put it back into when it was typed in keychain
/// mode.
async fn vault_key(paths: &VaultPaths) -> anyhow::Result<(VaultKey, Option<Arc<dyn KeyStore>>)> {
    let VaultState::Present { key_source, .. } = paths.state()? else {
        return Err(Error::VaultMissing(format!("{} (create one with `rapport init`)", paths.db.display())).into());
    };
    let (store, keychain_reason): (Option<Arc<dyn KeyStore>>, Option<String>) = match key_source {
        KeySource::Passphrase => (None, None),
        KeySource::Keychain => match Keychain::system() {
            Err(e) => (None, Some(format!("the keychain could not be used ({e})"))),
            Ok(keychain) => {
                let store: Arc<dyn KeyStore> = Arc::new(keychain);
                match VaultKey::from_keychain(paths, &store).await {
                    Ok(key) => return Ok((key, None)),
                    Err(Error::NeedsSecret(reason)) => (Some(store), Some(reason)),
                    Err(e) => return Err(e.into()),
                }
            }
        },
    };
    let Some(secret) = read_secret("Passphrase or recovery key: ")? else {
        let why = keychain_reason.unwrap_or_else(|| "this vault needs its passphrase".into());
        return Err(Error::NeedsSecret(format!("{why}; set RAPPORT_PASSPHRASE or run in a terminal")).into());
    };
    Ok((VaultKey::from_secret(paths, &secret).await?, store))
}
