//! `rapport history ACCOUNT`: what changed in one account's records, who
//! changed it and when, from the vault's change log — the account itself and
//! its people, ties, interactions, meetings, blueprints and care records.
//! Times are shown in the home time zone from Settings (else this machine's).

use chrono::{DateTime, NaiveDate, Utc};
use clap::Args;
use rapport_core::changes::{self, Change, ChangeAction, ChangeMode};
use rapport_core::{Error, VaultPaths, settings};

use crate::blueprint::resolve_account;
use crate::meeting::with_vault;

#[derive(Args)]
pub struct HistoryArgs {
    /// The account: its id, or words from its name.
    #[arg(value_name = "ACCOUNT")]
    account: String,
    /// Only changes from this day on (YYYY-MM-DD, in the home time zone).
    #[arg(long, value_name = "DATE")]
    since: Option<String>,
    /// Print JSON (a list of changes) instead of text.
    #[arg(long)]
    json: bool,
}

pub async fn run(paths: &VaultPaths, args: HistoryArgs) -> anyhow::Result<()> {
    let since = match args.since.as_deref().map(str::trim) {
        None => None,
        Some(text) => Some(NaiveDate::parse_from_str(text, "%Y-%m-%d").map_err(|_| {
            Error::validation("since", format!("\"{text}\" is not a date; write it as YYYY-MM-DD, e.g. 2026-11-25"))
        })?),
    };
    let (name, zone, history) = with_vault(paths, async |vault| {
        let account = resolve_account(vault, &args.account).await?;
        let zone = settings::get(vault.pool()).await?.home_time_zone.and_then(|z| z.parse::<chrono_tz::Tz>().ok());
        let history = match since {
            None => changes::history(vault.pool(), "account", &account.id).await?,
            Some(day) => {
                let start = day.and_hms_opt(0, 0, 0).unwrap_or_default();
                let start = match zone {
                    Some(tz) => start.and_local_timezone(tz).earliest().map(|t| t.with_timezone(&Utc)),
                    None => start.and_local_timezone(chrono::Local).earliest().map(|t| t.with_timezone(&Utc)),
                }
                .unwrap_or_else(|| start.and_utc());
                changes::account_since(vault.pool(), &account.id, start).await?
            }
        };
        Ok((account.name, zone, history))
    })
    .await?;
    let out =
        if args.json { format!("{}\n", serde_json::to_string_pretty(&history)?) } else { text(&name, zone, &history) };
    match std::io::Write::write_all(&mut std::io::stdout().lock(), out.as_bytes()) {
        Err(e) if e.kind() != std::io::ErrorKind::BrokenPipe => Err(e.into()),
        _ => Ok(()),
    }
}

fn local(at: DateTime<Utc>, zone: Option<chrono_tz::Tz>) -> String {
    match zone {
        Some(tz) => at.with_timezone(&tz).format("%Y-%m-%d %H:%M").to_string(),
        None => at.with_timezone(&chrono::Local).format("%Y-%m-%d %H:%M").to_string(),
    }
}

/// A value as one short line: text cut at 60 characters, null as "(none)".
fn shown(value: &serde_json::Value) -> String {
    let text = match value {
        serde_json::Value::Null => return "(none)".into(),
        serde_json::Value::String(s) => s.clone(),
        other => other.to_string(),
    };
    let line: String = text.split_whitespace().collect::<Vec<_>>().join(" ");
    if line.chars().count() > 60 {
        format!("\"{}…\"", line.chars().take(59).collect::<String>())
    } else {
        format!("\"{line}\"")
    }
}

fn verb(change: &Change) -> &'static str {
    match (change.mode, change.action) {
        (ChangeMode::Import, ChangeAction::Create) => "imported",
        (_, ChangeAction::Create) => "added",
        (_, ChangeAction::Update) => "changed",
        (_, ChangeAction::Trash) => "moved to the trash",
        (_, ChangeAction::Restore) => "restored",
        (_, ChangeAction::Delete) => "deleted for good",
    }
}

/// "3 interactions", "1 person": a count with its noun.
fn counted(n: usize, entity: &str) -> String {
    let noun = entity.replace('_', " ");
    if n == 1 {
        return format!("1 {noun}");
    }
    let plural = match noun.as_str() {
        "person" => "people".to_string(),
        "story" => "stories".to_string(),
        "feedback" => "feedback".to_string(),
        n if n.ends_with("person") => format!("{}people", &n[..n.len() - "person".len()]),
        n => format!("{n}s"),
    };
    format!("{n} {plural}")
}

fn text(name: &str, zone: Option<chrono_tz::Tz>, history: &[Change]) -> String {
    let mut out = format!("History of {name}\n");
    if history.is_empty() {
        out.push_str("\nNo changes recorded.\n");
        return out;
    }
    out.push('\n');
    let mut rest = history;
    while let Some(change) = rest.first() {
        let who = change.who.as_deref().unwrap_or("someone");
        let when = local(change.at, zone);
        if change.mode == ChangeMode::Import {
            // A bulk load: one line for the whole run, counted by kind.
            let run = rest.iter().take_while(|c| c.mode == ChangeMode::Import && c.at == change.at).count();
            let mut kinds: Vec<(&str, usize)> = Vec::new();
            for c in &rest[..run] {
                match kinds.iter_mut().find(|(k, _)| *k == c.entity) {
                    Some((_, n)) => *n += 1,
                    None => kinds.push((&c.entity, 1)),
                }
            }
            let what: Vec<String> = kinds.iter().map(|(k, n)| counted(*n, k)).collect();
            out.push_str(&format!("{when}  {who} imported {}\n", what.join(", ")));
            rest = &rest[run..];
            continue;
        }
        let entity = change.entity.replace('_', " ");
        out.push_str(&format!("{when}  {who} {} {entity} {}\n", verb(change), change.entity_id));
        if change.action == ChangeAction::Update {
            for field in change.fields.iter().filter(|f| f.field != "deleted_at") {
                out.push_str(&format!(
                    "                    {}: {} → {}\n",
                    field.field,
                    shown(&field.old),
                    shown(&field.new)
                ));
            }
        }
        rest = &rest[1..];
    }
    out
}
