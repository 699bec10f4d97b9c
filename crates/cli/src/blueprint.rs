//! Blueprints from the command line: the list, and one blueprint as a PDF.
//! An account is named by its id or by words from its name; an account with
//! several blueprints gives its latest period unless `--period-start` picks
//! another. The PDF is written to a temporary file and renamed into place,
//! never over an existing file unless `--force` says so.

use std::path::PathBuf;

use chrono::NaiveDate;
use clap::{Args, Subcommand};
use rapport_core::accounts::{self, Account};
use rapport_core::blueprint::store::{self, BlueprintSummary};
use rapport_core::brief::BriefOptions;
use rapport_core::kinds::Audience;
use rapport_core::report;
use rapport_core::{Error, Vault, VaultPaths};

use crate::clock;
use crate::meeting::{parse_audience, with_vault};

#[derive(Subcommand)]
pub enum BlueprintCommand {
    /// List blueprints by account, latest period first: stage, revision,
    /// goals, overdue goals and progress.
    List(ListArgs),
    /// Write one blueprint as a PDF (summary, goals, people plan, ideas by
    /// function). The generation date printed on it is now, or
    /// SOURCE_DATE_EPOCH when set.
    #[command(after_help = clock::HELP)]
    Export(ExportArgs),
}

#[derive(Args)]
pub struct ListArgs {
    /// Only this account's blueprints: its id, or words from its name.
    #[arg(long, value_name = "ACCOUNT")]
    account: Option<String>,
    /// Print JSON (the blueprint summaries) instead of a table.
    #[arg(long)]
    json: bool,
}

#[derive(Args)]
pub struct ExportArgs {
    /// The account: its id, or words from its name that match only it.
    #[arg(value_name = "ACCOUNT")]
    account: String,
    /// The blueprint whose period starts on this day (YYYY-MM-DD); without
    /// it, the account's latest period.
    #[arg(long, value_name = "DATE")]
    period_start: Option<String>,
    /// Who may read it: executive (everything), internal (no personal-tie
    /// details, nothing marked private) or shareable (with the customer).
    #[arg(long, value_name = "AUDIENCE", default_value = "executive", value_parser = parse_audience)]
    audience: Audience,
    /// The file to write.
    #[arg(short, long, value_name = "FILE")]
    output: PathBuf,
    /// Replace FILE if it exists.
    #[arg(long)]
    force: bool,
}

pub async fn run(paths: &VaultPaths, command: BlueprintCommand) -> anyhow::Result<()> {
    match command {
        BlueprintCommand::List(args) => list(paths, args).await,
        BlueprintCommand::Export(args) => export(paths, args).await,
    }
}

// ---------------------------------------------------------------------------
// rapport blueprint list

async fn list(paths: &VaultPaths, args: ListArgs) -> anyhow::Result<()> {
    let now = clock::now()?;
    let found = with_vault(paths, async |vault| {
        let account = match &args.account {
            Some(wanted) => Some(resolve_account(vault, wanted).await?.id),
            None => None,
        };
        let today = rapport_core::settings::today(vault.pool(), now).await?;
        Ok(store::list(vault.pool(), account.as_deref(), today).await?)
    })
    .await?;
    if args.json {
        println!("{}", serde_json::to_string_pretty(&found)?);
    } else {
        print_blueprints(&found);
    }
    Ok(())
}

fn period(b: &BlueprintSummary) -> String {
    format!("{} to {}", b.period.starts_on, b.period.ends_on)
}

fn print_blueprints(list: &[BlueprintSummary]) {
    if list.is_empty() {
        println!("no blueprints");
        return;
    }
    const HEADERS: [&str; 8] = ["ACCOUNT", "PERIOD", "STAGE", "REVISION", "APPROVED", "GOALS", "OVERDUE", "PROGRESS"];
    let rows: Vec<[String; 8]> = list
        .iter()
        .map(|b| {
            [
                b.account_name.clone(),
                period(b),
                b.stage.label().to_string(),
                b.revision.to_string(),
                b.approved_revision.map_or("-".into(), |r| r.to_string()),
                b.goals.to_string(),
                b.overdue_goals.to_string(),
                b.progress.map_or("-".into(), |p| format!("{p:.0}%")),
            ]
        })
        .collect();
    let widths: Vec<usize> = (0..HEADERS.len())
        .map(|c| rows.iter().map(|r| r[c].chars().count()).chain([HEADERS[c].len()]).max().unwrap_or(0))
        .collect();
    let line = |cells: [&str; 8]| {
        let padded: Vec<String> = cells.iter().zip(&widths).map(|(cell, w)| format!("{cell:<w$}")).collect();
        println!("{}", padded.join("  ").trim_end());
    };
    line(HEADERS);
    for r in &rows {
        line([&r[0], &r[1], &r[2], &r[3], &r[4], &r[5], &r[6], &r[7]]);
    }
}

// ---------------------------------------------------------------------------
// Naming an account

/// The one live account `wanted` names: its id, else the account whose name
/// contains every word of it (ignoring case). A name equal to it wins over
/// names that merely contain its words. Several matches are refused, listing
/// them with ids.
pub(crate) async fn resolve_account(vault: &Vault, wanted: &str) -> anyhow::Result<Account> {
    let wanted = wanted.trim();
    if wanted.is_empty() {
        return Err(Error::validation("account", "give an account id or words from its name").into());
    }
    let all = accounts::list(vault.pool()).await?;
    if let Some(a) = all.iter().find(|a| a.id == wanted) {
        return Ok(a.clone());
    }
    let needle = wanted.to_lowercase();
    let words: Vec<&str> = needle.split_whitespace().collect();
    let matching: Vec<&Account> =
        all.iter().filter(|a| words.iter().all(|w| a.name.to_lowercase().contains(w))).collect();
    let exact: Vec<&Account> = matching.iter().copied().filter(|a| a.name.to_lowercase() == needle).collect();
    match (matching.as_slice(), exact.as_slice()) {
        (_, [one]) | ([one], _) => Ok((*one).clone()),
        ([], _) => Err(Error::validation(
            "account",
            format!("no account has the id or a name containing \"{wanted}\"; `rapport account list` shows them"),
        )
        .into()),
        (many, _) => {
            const SHOWN: usize = 10;
            let mut listed: Vec<String> = many.iter().take(SHOWN).map(|a| format!("{} ({})", a.id, a.name)).collect();
            if many.len() > SHOWN {
                listed.push(format!("and {} more", many.len() - SHOWN));
            }
            Err(Error::validation(
                "account",
                format!("\"{wanted}\" matches {} accounts; give the id of one: {}", many.len(), listed.join("; ")),
            )
            .into())
        }
    }
}

/// The account's blueprint starting on `start`, else its latest period.
fn pick<'a>(
    account: &Account,
    blueprints: &'a [BlueprintSummary],
    start: Option<NaiveDate>,
) -> anyhow::Result<&'a BlueprintSummary> {
    let Some(latest) = blueprints.first() else {
        return Err(Error::validation(
            "account",
            format!("{} has no blueprint; start one in the app first", account.name),
        )
        .into());
    };
    let Some(start) = start else { return Ok(latest) };
    blueprints.iter().find(|b| b.period.starts_on == start).ok_or_else(|| {
        let periods: Vec<String> = blueprints.iter().map(period).collect();
        Error::validation(
            "period_start",
            format!("{} has no blueprint starting on {start}; its blueprints run {}", account.name, periods.join("; ")),
        )
        .into()
    })
}

// ---------------------------------------------------------------------------
// rapport blueprint export

async fn export(paths: &VaultPaths, args: ExportArgs) -> anyhow::Result<()> {
    if args.output.exists() && !args.force {
        return Err(Error::validation(
            "output",
            format!("{} already exists; use --force to replace it", args.output.display()),
        )
        .into());
    }
    let start = args
        .period_start
        .as_deref()
        .map(|d| {
            NaiveDate::parse_from_str(d.trim(), "%Y-%m-%d")
                .map_err(|_| Error::validation("period_start", format!("\"{d}\" is not a date; use YYYY-MM-DD")))
        })
        .transpose()?;
    let now = clock::now()?;
    let path = &args.output;
    let (account, chosen, others, written) = with_vault(paths, async |vault| {
        let account = resolve_account(vault, &args.account).await?;
        let today = rapport_core::settings::today(vault.pool(), now).await?;
        let blueprints = store::list(vault.pool(), Some(&account.id), today).await?;
        let chosen = pick(&account, &blueprints, start)?.clone();
        let options = BriefOptions::from_settings(vault.pool(), now).await?.for_audience(args.audience);
        let written = report::blueprint::export(vault.pool(), &chosen.id, path, &options).await?;
        Ok((account, chosen, blueprints.len() - 1, written))
    })
    .await?;
    let kb = u64::from(written.bytes).div_ceil(1024);
    println!(
        "wrote {}: the blueprint for {} ({}, {}), {} {}, {kb} KB",
        path.display(),
        account.name,
        period(&chosen),
        chosen.stage.label(),
        written.pages,
        if written.pages == 1 { "page" } else { "pages" },
    );
    if start.is_none() && others > 0 {
        eprintln!(
            "rapport: {} has {others} earlier {}; --period-start picks one",
            account.name,
            if others == 1 { "blueprint" } else { "blueprints" }
        );
    }
    Ok(())
}
