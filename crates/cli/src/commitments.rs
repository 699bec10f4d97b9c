//! `rapport commitments [--account A] [--open] [--json]`: what each side
//! promised the other — one account's or the whole book's, or only those
//! still owed — late first, then by the day they are due. "Late" is read
//! against today (now, or SOURCE_DATE_EPOCH).

use clap::Args;
use rapport_core::commitments::{self, Commitment, CommitmentQuery};
use rapport_core::{VaultPaths, settings};

use crate::blueprint::resolve_account;
use crate::clock;
use crate::meeting::with_vault;

#[derive(Args)]
pub struct CommitmentsArgs {
    /// Only this account's: its id, or words from its name.
    #[arg(long, value_name = "ACCOUNT")]
    account: Option<String>,
    /// Only those still owed (open or late).
    #[arg(long)]
    open: bool,
    /// Print JSON (a list of commitments) instead of text.
    #[arg(long)]
    json: bool,
}

pub async fn run(paths: &VaultPaths, args: CommitmentsArgs) -> anyhow::Result<()> {
    let now = clock::now()?;
    let (account, list) = with_vault(paths, async |vault| {
        let account = match &args.account {
            Some(wanted) => Some(resolve_account(vault, wanted).await?),
            None => None,
        };
        let day = settings::today(vault.pool(), now).await?;
        let query = CommitmentQuery {
            account_id: account.as_ref().map(|a| a.id.clone()),
            open_only: args.open,
            ..CommitmentQuery::default()
        };
        let mut list = commitments::list(vault.pool(), &query, day).await?;
        // Late first; the list is already by due day.
        list.sort_by_key(|c| c.status != commitments::CommitmentStatus::Late);
        Ok((account.map(|a| a.name), list))
    })
    .await?;
    let out = if args.json {
        format!("{}\n", serde_json::to_string_pretty(&list)?)
    } else {
        text(account.as_deref(), args.open, &list)
    };
    match std::io::Write::write_all(&mut std::io::stdout().lock(), out.as_bytes()) {
        Err(e) if e.kind() != std::io::ErrorKind::BrokenPipe => Err(e.into()),
        _ => Ok(()),
    }
}

fn text(account: Option<&str>, open: bool, list: &[Commitment]) -> String {
    let what = if open { "Commitments still owed" } else { "Commitments" };
    let mut out = match account {
        Some(name) => format!("{what} at {name}\n"),
        None => format!("{what}\n"),
    };
    if list.is_empty() {
        out.push_str(if open { "\nNothing is owed either way.\n" } else { "\nNone recorded.\n" });
        return out;
    }
    out.push('\n');
    for c in list {
        let at = if account.is_some() { String::new() } else { format!("{}: ", c.account_name) };
        out.push_str(&format!("  [{}] {at}{}\n", c.standing(), c.sentence));
    }
    out
}
