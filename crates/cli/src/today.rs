//! `rapport today`: what needs someone today across the whole book, list by
//! list, as the desktop app's Today screen shows it — visits waiting for
//! review, the next week's meetings, accounts and ties overdue for contact,
//! feedback to reconsider or thank, goals past their date, annual reviews
//! coming up, and the promises you (the name in Settings) owe. Long lists
//! show the most pressing items and say how many there are in all.

use clap::Args;
use rapport_core::care::today::{self, Open, TodayList, TodayView};
use rapport_core::{VaultPaths, settings};

use crate::clock;
use crate::meeting::with_vault;

#[derive(Args)]
pub struct TodayArgs {
    /// Print JSON (the Today view) instead of text.
    #[arg(long)]
    json: bool,
}

pub async fn run(paths: &VaultPaths, args: TodayArgs) -> anyhow::Result<()> {
    let now = clock::now()?;
    let view = with_vault(paths, async |vault| {
        let day = settings::today(vault.pool(), now).await?;
        Ok(today::today(vault.pool(), now, day).await?)
    })
    .await?;
    let out = if args.json { format!("{}\n", serde_json::to_string_pretty(&view)?) } else { text(&view) };
    // The lists can be long: a reader that stops early (`| head`) is not an error.
    match std::io::Write::write_all(&mut std::io::stdout().lock(), out.as_bytes()) {
        Err(e) if e.kind() != std::io::ErrorKind::BrokenPipe => Err(e.into()),
        _ => Ok(()),
    }
}

/// The lists in the order the Today screen shows them, with their titles.
pub fn lists(view: &TodayView) -> [(String, &TodayList); 8] {
    [
        ("Visits waiting for review".into(), &view.awaiting_review),
        (format!("Meetings in the next {} days", today::UPCOMING_DAYS), &view.upcoming),
        ("Accounts overdue for contact".into(), &view.overdue_accounts),
        ("Ties overdue for contact".into(), &view.overdue_ties),
        ("Feedback to reconsider or thank".into(), &view.feedback),
        ("Goals past their date".into(), &view.goals_overdue),
        ("Annual customer reviews coming up".into(), &view.reviews),
        ("Promises you owe".into(), &view.promises),
    ]
}

fn text(view: &TodayView) -> String {
    let day = chrono::NaiveDate::parse_from_str(&view.today, "%Y-%m-%d")
        .map(|d| d.format("%A %-d %B %Y").to_string())
        .unwrap_or_else(|_| view.today.clone());
    let mut out = format!("Today, {day}\n");
    for (title, list) in lists(view) {
        out.push('\n');
        if list.total == 0 {
            out.push_str(&format!("{title}: none\n"));
            continue;
        }
        out.push_str(&format!("{title}: showing {} of {}\n", list.items.len(), list.total));
        for item in &list.items {
            // A review's title is the account's name: say it once.
            let what = if item.title == item.account_name {
                item.account_name.clone()
            } else {
                format!("{} — {}", item.account_name, item.title)
            };
            // A meeting's detail says what it is waiting for; its time follows.
            let when = match (&item.open, &item.when) {
                (Open::Meeting, Some(when)) => format!(" ({})", when.replace('T', " ")),
                _ => String::new(),
            };
            out.push_str(&format!("  {what}: {}{when}\n", item.detail));
        }
    }
    out
}
