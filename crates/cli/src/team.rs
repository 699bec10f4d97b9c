//! `rapport team …`: teams that share one book through a PostgreSQL server
//! (docs/SYNC.md). So far the administrator's step: `team server-setup URL`.

use clap::Subcommand;
use rapport_sync::ServerError;
use rapport_sync::server;

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
}

pub async fn run(command: TeamCommand) -> anyhow::Result<()> {
    match command {
        TeamCommand::ServerSetup { url } => {
            let report = server::server_setup(&url).await?;
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
    }
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
