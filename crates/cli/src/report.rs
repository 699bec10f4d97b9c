//! `rapport report`: the reports as PDFs — the portfolio review for the
//! internal executive business review, and one account's annual customer
//! review (this year against last). The account is named by its id or its
//! exact name (any case). The clock is now, or `SOURCE_DATE_EPOCH` (see
//! [`clock`]); the PDF is written to a temporary file and renamed into place,
//! never over an existing file unless `--force` says so.

use std::io::IsTerminal;
use std::ops::ControlFlow;

use clap::{Args, Subcommand};
use rapport_core::accounts::{self, Account};
use rapport_core::brief::{BriefOptions, Exported};
use rapport_core::care::portfolio;
use rapport_core::kinds::Audience;
use rapport_core::report::{annual, portfolio as review};
use rapport_core::{Error, Vault, VaultPaths};

use crate::clock;
use crate::meeting::{Output, check_output, parse_audience, with_vault};

#[derive(Subcommand)]
pub enum ReportCommand {
    /// Write the portfolio review for the internal executive business review.
    ///
    /// A summary page, what needs attention, where the stories come from,
    /// and every account by tier. Accounts not scored yet today are scored
    /// first, as the app does when it unlocks. The date printed on it is
    /// now, or SOURCE_DATE_EPOCH when set.
    #[command(after_help = clock::HELP)]
    Portfolio(PortfolioArgs),
    /// Write one account's annual customer review, this year against last.
    ///
    /// This year is the twelve months to today, set against the twelve
    /// before: goals, health, coverage, cadence, feedback and stories. The
    /// date printed on it is now, or SOURCE_DATE_EPOCH when set.
    #[command(after_help = clock::HELP)]
    Annual(AnnualArgs),
}

#[derive(Args)]
pub struct PortfolioArgs {
    /// Who may read it: executive (everything), internal (no personal-tie
    /// details, nothing marked private) (shareable is refused: it names every customer).
    #[arg(long, value_name = "AUDIENCE", default_value = "executive", value_parser = parse_audience)]
    audience: Audience,
    #[command(flatten)]
    output: Output,
}

#[derive(Args)]
pub struct AnnualArgs {
    /// The account: its id, or its exact name (any case).
    #[arg(value_name = "ACCOUNT")]
    account: String,
    /// Who may read it: executive (everything), internal (no personal-tie
    /// details, nothing marked private) or shareable (with the customer).
    #[arg(long, value_name = "AUDIENCE", default_value = "executive", value_parser = parse_audience)]
    audience: Audience,
    #[command(flatten)]
    output: Output,
}

pub async fn run(paths: &VaultPaths, command: ReportCommand) -> anyhow::Result<()> {
    match command {
        ReportCommand::Portfolio(args) => portfolio_review(paths, args).await,
        ReportCommand::Annual(args) => annual_review(paths, args).await,
    }
}

/// "5 pages, 42 KB"
fn pages_and_size(written: &Exported) -> String {
    let kb = u64::from(written.bytes).div_ceil(1024);
    format!("{} {}, {kb} KB", written.pages, if written.pages == 1 { "page" } else { "pages" })
}

// ---------------------------------------------------------------------------
// rapport report portfolio

async fn portfolio_review(paths: &VaultPaths, args: PortfolioArgs) -> anyhow::Result<()> {
    check_output(&args.output)?;
    let now = clock::now()?;
    let path = &args.output.output;
    let (options, written) = with_vault(paths, async |vault| {
        let options = BriefOptions::from_settings(vault.pool(), now).await?.for_audience(args.audience);
        let shown = std::io::stderr().is_terminal();
        let scored = portfolio::record_all(vault.pool(), options.today(), |done, total| {
            if shown {
                eprint!("\rscoring today's health: {done}/{total} accounts");
            }
            ControlFlow::Continue(())
        })
        .await?;
        if shown && scored > 0 {
            eprintln!();
        }
        let written = review::export(vault.pool(), path, &options).await?;
        Ok((options, written))
    })
    .await?;
    println!(
        "wrote {}: the portfolio review for {}, {}",
        path.display(),
        options.today().format("%-d %b %Y"),
        pages_and_size(&written)
    );
    Ok(())
}

// ---------------------------------------------------------------------------
// rapport report annual

/// The live account with this id, else the one whose name is `wanted`
/// (ignoring case and spaces around). Several of that name are refused,
/// listing their ids.
async fn resolve_account(vault: &Vault, wanted: &str) -> anyhow::Result<Account> {
    let wanted = wanted.trim();
    if wanted.is_empty() {
        return Err(Error::validation("account", "give an account's id or its name").into());
    }
    let all = accounts::list(vault.pool()).await?;
    if let Some(a) = all.iter().find(|a| a.id == wanted) {
        return Ok(a.clone());
    }
    let needle = wanted.to_lowercase();
    let named: Vec<&Account> = all.iter().filter(|a| a.name.trim().to_lowercase() == needle).collect();
    match named.as_slice() {
        [one] => Ok((*one).clone()),
        [] => Err(Error::validation(
            "account",
            format!("no account has the id or the name \"{wanted}\"; `rapport account list` shows them"),
        )
        .into()),
        many => {
            let ids: Vec<&str> = many.iter().map(|a| a.id.as_str()).collect();
            Err(Error::validation(
                "account",
                format!("{} accounts are called \"{wanted}\"; give the id of one: {}", many.len(), ids.join(", ")),
            )
            .into())
        }
    }
}

async fn annual_review(paths: &VaultPaths, args: AnnualArgs) -> anyhow::Result<()> {
    check_output(&args.output)?;
    let now = clock::now()?;
    let path = &args.output.output;
    let (account, options, written) = with_vault(paths, async |vault| {
        let account = resolve_account(vault, &args.account).await?;
        let options = BriefOptions::from_settings(vault.pool(), now).await?.for_audience(args.audience);
        let written = annual::export(vault.pool(), &account.id, path, &options).await?;
        Ok((account, options, written))
    })
    .await?;
    println!(
        "wrote {}: the annual customer review of {} (the year to {}), {}",
        path.display(),
        account.name,
        options.today().format("%-d %b %Y"),
        pages_and_size(&written)
    );
    Ok(())
}
