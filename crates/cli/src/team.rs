//! `rapport team …` and `rapport sync`: teams that share one book through a
//! PostgreSQL server (docs/SYNC.md). `team server-setup` is the
//! administrator's step and needs no vault; the others work on this vault's
//! membership, with the member's keys in the OS keychain.

use std::io::IsTerminal;
use std::sync::Arc;

use anyhow::Context;
use clap::Subcommand;
use rapport_core::{KeyStore, Keychain, VaultPaths};
use rapport_sync::ServerError;
use rapport_sync::server::{self, PgConnectOptions};
use rapport_sync::team::{self as teams, Invitation, TeamError};

use crate::clock;

#[derive(Subcommand)]
pub enum TeamCommand {
    /// Create or bring up to date the team schema on a PostgreSQL server (15
    /// or newer), with an administrator's connection: a role that may create
    /// schemas and roles. Safe to run again.
    ///
    /// URL: postgres://USER:PASSWORD@HOST:5432/DATABASE. Leave the password
    /// out and set PGPASSWORD (or use ~/.pgpass) to keep it out of the
    /// process list and the shell's history.
    ServerSetup {
        #[arg(value_name = "URL")]
        url: String,
    },
    /// Create a team on a server, with this vault's member as its owner.
    ///
    /// URL: this member's own server user (an administrator made it, in the
    /// role rapport_member), postgres://USER@HOST:5432/DATABASE; the
    /// password from the URL, PGPASSWORD or a prompt. It is kept in the OS
    /// keychain with the member's keys.
    Create {
        /// The team's name (kept in the vaults, never on the server).
        #[arg(value_name = "NAME", required_unless_present = "name_option")]
        name: Option<String>,
        #[arg(long = "name", value_name = "NAME", conflicts_with = "name")]
        name_option: Option<String>,
        #[arg(long, value_name = "URL")]
        server: String,
    },
    /// Print a one-time invitation code (one line) for someone to join with.
    Invite,
    /// Ask to join a team with an invitation code, as your own server user.
    /// Prints your fingerprint; the owner then admits you.
    Join {
        #[arg(value_name = "CODE")]
        code: String,
        /// Your server user; the password from PGPASSWORD or a prompt.
        #[arg(long, value_name = "USER")]
        user: String,
    },
    /// Admit members waiting to join (the owner): checks that each one's keys
    /// are those their invitation was answered with, and gives them the team
    /// key.
    Admit {
        /// The member: their id, server user or fingerprint (its start).
        #[arg(value_name = "MEMBER", required_unless_present = "all")]
        member: Option<String>,
        /// Every member waiting.
        #[arg(long, conflicts_with = "member")]
        all: bool,
    },
    /// List the team's members: server user, owner or not, admitted or
    /// waiting, fingerprint.
    Members {
        /// Print JSON instead of a table.
        #[arg(long)]
        json: bool,
    },
}

pub async fn server_setup(url: &str) -> anyhow::Result<()> {
    let report = server::server_setup(url).await?;
    match report.applied.len() {
        0 => println!("the server is up to date (schema version {})", report.version),
        n => println!(
            "set up the server: {n} migration{} applied, schema version {}",
            if n == 1 { "" } else { "s" },
            report.version
        ),
    }
    Ok(())
}

fn keychain() -> anyhow::Result<Arc<dyn KeyStore>> {
    let store = Keychain::system().map_err(|e| TeamError::Keychain(e.to_string()))?;
    Ok(Arc::new(store))
}

/// Asks for the server password when neither the URL nor PGPASSWORD gives one
/// and a person is at the terminal.
fn with_password(mut options: PgConnectOptions, url_has_password: bool) -> anyhow::Result<PgConnectOptions> {
    if url_has_password || std::env::var_os("PGPASSWORD").is_some() || !std::io::stdin().is_terminal() {
        return Ok(options);
    }
    let typed = rpassword::prompt_password("Server password: ").context("reading the password")?;
    options = options.password(&typed);
    Ok(options)
}

fn has_password(url: &str) -> bool {
    let rest = url.split_once("://").map_or(url, |(_, r)| r);
    let authority = rest.split('/').next().unwrap_or_default();
    authority.split_once('@').is_some_and(|(userinfo, _)| userinfo.contains(':'))
}

pub async fn run(paths: &VaultPaths, command: TeamCommand) -> anyhow::Result<()> {
    let now = clock::now()?;
    match command {
        TeamCommand::ServerSetup { url } => server_setup(&url).await,
        TeamCommand::Create { name, name_option, server: url } => {
            let name = name.or(name_option).unwrap_or_default();
            let store = keychain()?;
            let options = with_password(server::parse_url(&url)?, has_password(&url))?;
            let vault = crate::open(paths).await?;
            let made = teams::create(&vault, &store, &options, &name, now).await;
            vault.lock().await;
            let made = made?;
            println!(
                "created team {} ({}); you are its owner, fingerprint {}",
                made.team_name, made.team_id, made.owner_fingerprint
            );
            Ok(())
        }
        TeamCommand::Invite => {
            let vault = crate::open(paths).await?;
            let code = teams::invite(&vault, now).await;
            vault.lock().await;
            println!("{}", code?);
            Ok(())
        }
        TeamCommand::Join { code, user } => {
            let invitation = Invitation::decode(&code)?;
            let store = keychain()?;
            let options = with_password(server::parse_url(&invitation.server_as(&user))?, false)?;
            let vault = crate::open(paths).await?;
            let joined = async {
                let m = teams::join(&vault, &store, &invitation, &options, now).await?;
                Ok::<_, TeamError>((m, teams::fingerprint(&vault, &store).await?))
            }
            .await;
            vault.lock().await;
            let (m, fingerprint) = joined?;
            println!(
                "asked to join team {}: the owner admits you (rapport team admit); your fingerprint is {fingerprint}",
                m.team_name
            );
            Ok(())
        }
        TeamCommand::Admit { member, all } => {
            let store = keychain()?;
            let vault = crate::open(paths).await?;
            let which = if all { None } else { member.as_deref() };
            let done = teams::admit(&vault, &store, which).await;
            vault.lock().await;
            let (admitted, refused) = done?;
            for a in &admitted {
                println!("admitted {} ({}), fingerprint {}", a.role, a.id, a.fingerprint);
            }
            for r in &refused {
                eprintln!("rapport: not admitted: {r}");
            }
            if admitted.is_empty() {
                return Err(TeamError::Refused("no member was admitted".into()).into());
            }
            Ok(())
        }
        TeamCommand::Members { json } => {
            let store = keychain()?;
            let vault = crate::open(paths).await?;
            let list = teams::members(&vault, &store).await;
            vault.lock().await;
            let list = list?;
            if json {
                println!("{}", serde_json::to_string_pretty(&list)?);
                return Ok(());
            }
            let width = list.iter().map(|m| m.role.chars().count()).max().unwrap_or(4).max(4);
            println!("{:<width$}  {:<6}  {:<8}  {:<19}  ID", "USER", "ROLE", "STATUS", "FINGERPRINT");
            for m in &list {
                println!(
                    "{:<width$}  {:<6}  {:<8}  {:<19}  {}{}",
                    m.role,
                    if m.owner { "owner" } else { "member" },
                    if m.admitted { "admitted" } else { "waiting" },
                    m.fingerprint.as_deref().unwrap_or("-"),
                    m.id,
                    if m.you { "  (you)" } else { "" }
                );
            }
            Ok(())
        }
    }
}

/// `rapport sync`: one round, exit 0 when up to date.
pub async fn sync(paths: &VaultPaths) -> anyhow::Result<()> {
    let now = clock::now()?;
    let store = keychain()?;
    let vault = crate::open(paths).await?;
    let report = teams::sync(&vault, &store, now).await;
    vault.lock().await;
    let report = report?;
    for (seq, why) in &report.skipped {
        eprintln!("rapport: event {seq} not applied: {why}");
    }
    println!(
        "pushed {}, pulled {}, applied {}{}",
        report.pushed,
        report.pulled,
        report.applied,
        if report.skipped.is_empty() { String::new() } else { format!(", {} not applied", report.skipped.len()) }
    );
    Ok(())
}

/// The exit code for a server error, in the CLI's scheme (see main.rs).
pub fn exit_code(error: &ServerError) -> u8 {
    match error {
        ServerError::BadUrl(_) => 2,
        ServerError::Refused { .. } => 3,
        ServerError::NotAdmitted { .. } => 2,
        ServerError::Unreachable { .. }
        | ServerError::Server { .. }
        | ServerError::Migration { .. }
        | ServerError::Garbage { .. }
        | ServerError::TeamKeyUnreadable { .. } => 1,
    }
}

/// The exit code for a team step's error.
pub fn team_exit_code(error: &TeamError) -> u8 {
    match error {
        TeamError::Server(e) => exit_code(e),
        TeamError::Vault(e) => crate::exit_code(e.code()),
        TeamError::NoTeam | TeamError::Refused(_) => 2,
        TeamError::Keychain(_) => 1,
    }
}
