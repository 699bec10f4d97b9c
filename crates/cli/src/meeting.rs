//! Executive meetings from the command line: the list, a brief, a meeting
//! pack and a calendar file. The PDFs and the calendar are written to a
//! temporary file and renamed into place, and never over an existing file
//! unless `--force` says so.

use std::io::IsTerminal;
use std::ops::ControlFlow;
use std::path::{Path, PathBuf};

use chrono::{NaiveDate, NaiveDateTime};
use clap::{ArgGroup, Args, Subcommand};
use rapport_core::brief::{self, BriefOptions, Exported, PackRequest};
use rapport_core::kinds::Audience;
use rapport_core::meetings::{self, LIST_LIMIT, LOCAL_FORMAT, MeetingQuery, MeetingState, MeetingSummary};
use rapport_core::{Error, Vault, VaultPaths};

use crate::clock;

#[derive(Subcommand)]
pub enum MeetingCommand {
    /// List meetings in time order, with their local time and time zone.
    List(ListArgs),
}

#[derive(Args)]
pub struct ListArgs {
    /// First day, YYYY-MM-DD, in each meeting's own time zone.
    #[arg(long, value_name = "DATE")]
    from: Option<String>,
    /// Last day (included), YYYY-MM-DD.
    #[arg(long, value_name = "DATE")]
    to: Option<String>,
    /// Only meetings in this state of the review gate: draft, submitted,
    /// challenged, approved, declined, held or followed_up. Repeat for more.
    #[arg(long, value_name = "STATE", value_parser = parse_state)]
    state: Vec<MeetingState>,
    /// Only the meetings of this trip (any case).
    #[arg(long, value_name = "NAME")]
    trip: Option<String>,
    /// Print JSON (the meeting summaries) instead of a table.
    #[arg(long)]
    json: bool,
}

/// Where a PDF or a calendar goes.
#[derive(Args)]
pub struct Output {
    /// The file to write.
    #[arg(short, long, value_name = "FILE")]
    pub(crate) output: PathBuf,
    /// Replace FILE if it exists.
    #[arg(long)]
    pub(crate) force: bool,
}

#[derive(Args)]
pub struct BriefArgs {
    /// The meeting: its id, or words from its title that match only it.
    #[arg(value_name = "MEETING")]
    meeting: String,
    /// Show meeting times in this time zone too (an IANA name such as
    /// Europe/London); defaults to the home time zone in the settings.
    #[arg(long, value_name = "ZONE")]
    home_zone: Option<String>,
    /// List what changed at the account since this day (YYYY-MM-DD) on the
    /// first page; by default, since the last meeting with the account.
    #[arg(long, value_name = "DATE")]
    since: Option<String>,
    /// Who may read it: executive (everything), internal (no personal-tie
    /// details, nothing marked private) or shareable (with the customer).
    #[arg(long, value_name = "AUDIENCE", default_value = "executive", value_parser = parse_audience)]
    pub(crate) audience: Audience,
    #[command(flatten)]
    output: Output,
}

#[derive(Args)]
#[command(group(ArgGroup::new("which").required(true).multiple(true).args(["from", "to", "trip", "meetings"])))]
pub struct PackArgs {
    /// First day of the range, YYYY-MM-DD (each meeting's own local date).
    #[arg(long, value_name = "DATE")]
    from: Option<String>,
    /// Last day of the range (included).
    #[arg(long, value_name = "DATE")]
    to: Option<String>,
    /// The meetings of one trip.
    #[arg(long, value_name = "NAME")]
    trip: Option<String>,
    /// Hand-picked meetings: ids or words from their titles.
    #[arg(long = "meeting", value_name = "MEETING", num_args = 1..)]
    meetings: Vec<String>,
    /// The name on the cover; defaults to the traveller in the settings.
    #[arg(long, value_name = "NAME")]
    traveller: Option<String>,
    /// Show meeting times in this time zone too; defaults to the settings.
    #[arg(long, value_name = "ZONE")]
    home_zone: Option<String>,
    /// Keep declined meetings in a range or a trip (hand-picked ones always are).
    #[arg(long)]
    include_declined: bool,
    /// Who may read it: executive (everything), internal (no personal-tie
    /// details, nothing marked private) or shareable (with the customer).
    #[arg(long, value_name = "AUDIENCE", default_value = "executive", value_parser = parse_audience)]
    pub(crate) audience: Audience,
    #[command(flatten)]
    output: Output,
}

#[derive(Args)]
pub struct IcsArgs {
    /// Meetings to include: ids or words from their titles. Without any, the
    /// dates and the trip choose (all meetings when none is given).
    #[arg(value_name = "MEETING")]
    meetings: Vec<String>,
    /// First day, YYYY-MM-DD.
    #[arg(long, value_name = "DATE")]
    from: Option<String>,
    /// Last day (included).
    #[arg(long, value_name = "DATE")]
    to: Option<String>,
    /// The meetings of one trip.
    #[arg(long, value_name = "NAME")]
    trip: Option<String>,
    /// Who may read it: executive (everything), internal (no personal-tie
    /// details, nothing marked private) or shareable (with the customer).
    #[arg(long, value_name = "AUDIENCE", default_value = "executive", value_parser = parse_audience)]
    pub(crate) audience: Audience,
    #[command(flatten)]
    output: Output,
}

/// `--audience`: executive, internal or shareable.
pub(crate) fn parse_audience(text: &str) -> Result<Audience, String> {
    Audience::parse(text).map_err(|e| e.to_string())
}

fn parse_state(text: &str) -> Result<MeetingState, String> {
    MeetingState::parse(text).map_err(|e| e.to_string())
}

/// Runs `work` on the unlocked vault, then locks it whatever happened.
pub(crate) async fn with_vault<T>(
    paths: &VaultPaths,
    work: impl AsyncFnOnce(&Vault) -> anyhow::Result<T>,
) -> anyhow::Result<T> {
    let vault = crate::open(paths).await?;
    let result = work(&vault).await;
    vault.lock().await;
    result
}

// ---------------------------------------------------------------------------
// rapport meeting list

pub async fn run(paths: &VaultPaths, command: MeetingCommand) -> anyhow::Result<()> {
    match command {
        MeetingCommand::List(args) => list(paths, args).await,
    }
}

async fn list(paths: &VaultPaths, args: ListArgs) -> anyhow::Result<()> {
    let query =
        MeetingQuery { from: args.from, to: args.to, states: args.state, trip: args.trip, ..Default::default() };
    let found = with_vault(paths, async |vault| Ok(meetings::list(vault.pool(), &query).await?)).await?;
    if args.json {
        println!("{}", serde_json::to_string_pretty(&found)?);
    } else {
        print_meetings(&found);
    }
    Ok(())
}

/// "Mon 2026-11-30 09:30–11:00 Europe/Oslo", or both dates when it runs
/// past midnight.
fn when(m: &MeetingSummary) -> String {
    let parse = |s: &str| NaiveDateTime::parse_from_str(s, LOCAL_FORMAT).ok();
    match (parse(&m.starts_local), parse(&m.ends_local)) {
        (Some(s), Some(e)) if s.date() == e.date() => {
            format!("{} {}–{} {}", s.format("%a %Y-%m-%d"), s.format("%H:%M"), e.format("%H:%M"), m.time_zone)
        }
        (Some(s), Some(e)) => {
            format!("{} – {} {}", s.format("%a %Y-%m-%d %H:%M"), e.format("%a %Y-%m-%d %H:%M"), m.time_zone)
        }
        _ => format!("{} – {} {}", m.starts_local, m.ends_local, m.time_zone),
    }
}

fn print_meetings(list: &[MeetingSummary]) {
    if list.is_empty() {
        println!("no meetings");
        return;
    }
    let rows: Vec<[String; 4]> =
        list.iter().map(|m| [when(m), m.account_name.clone(), m.title.clone(), m.state.label().to_string()]).collect();
    let headers = ["WHEN (LOCAL TIME)", "ACCOUNT", "TITLE", "STATE"];
    let widths: Vec<usize> = (0..4)
        .map(|c| rows.iter().map(|r| r[c].chars().count()).chain([headers[c].len()]).max().unwrap_or(0))
        .collect();
    let line = |cells: [&str; 4]| {
        let padded: Vec<String> = cells.iter().zip(&widths).map(|(cell, w)| format!("{cell:<w$}")).collect();
        println!("{}", padded.join("  ").trim_end());
    };
    line(headers);
    for row in &rows {
        line([&row[0], &row[1], &row[2], &row[3]]);
    }
    if list.len() == LIST_LIMIT as usize {
        eprintln!("rapport: showing the first {LIST_LIMIT} meetings; narrow the dates to see the rest");
    }
}

// ---------------------------------------------------------------------------
// Naming a meeting

/// The one live meeting `wanted` names: its id, else the meeting whose title
/// contains it (ignoring case). A title equal to it wins over titles that
/// merely contain it. Several matches are refused, listing them with ids.
async fn resolve(vault: &Vault, wanted: &str) -> anyhow::Result<MeetingSummary> {
    let wanted = wanted.trim();
    if wanted.is_empty() {
        return Err(Error::validation("meeting", "give a meeting id or words from its title").into());
    }
    let all = meetings::list(vault.pool(), &MeetingQuery::default()).await?;
    if let Some(m) = all.iter().find(|m| m.id == wanted) {
        return Ok(m.clone());
    }
    // Past the first LIST_LIMIT meetings an id still works.
    let by_id = MeetingQuery { ids: vec![wanted.to_string()], ..Default::default() };
    if let Some(m) = meetings::list(vault.pool(), &by_id).await?.into_iter().next() {
        return Ok(m);
    }
    let needle = wanted.to_lowercase();
    let matching: Vec<&MeetingSummary> = all.iter().filter(|m| m.title.to_lowercase().contains(&needle)).collect();
    let exact: Vec<&MeetingSummary> = matching.iter().copied().filter(|m| m.title.to_lowercase() == needle).collect();
    match (matching.as_slice(), exact.as_slice()) {
        (_, [one]) | ([one], _) => Ok((*one).clone()),
        ([], _) => {
            let searched = if all.len() == LIST_LIMIT as usize {
                format!(" (searched the first {LIST_LIMIT} meetings by title)")
            } else {
                String::new()
            };
            Err(Error::validation(
                "meeting",
                format!("no meeting has the id or a title containing \"{wanted}\"{searched}; `rapport meeting list` shows them"),
            )
            .into())
        }
        (many, _) => Err(Error::validation(
            "meeting",
            format!("\"{wanted}\" matches {} meetings; give the id of one: {}", many.len(), candidates(many)),
        )
        .into()),
    }
}

/// "id (Mon 2026-11-30 09:30–11:00 Europe/Oslo, Account: Title); …", ten at most.
fn candidates(many: &[&MeetingSummary]) -> String {
    const SHOWN: usize = 10;
    let mut listed: Vec<String> =
        many.iter().take(SHOWN).map(|m| format!("{} ({}, {}: {})", m.id, when(m), m.account_name, m.title)).collect();
    if many.len() > SHOWN {
        listed.push(format!("and {} more", many.len() - SHOWN));
    }
    listed.join("; ")
}

async fn resolve_all(vault: &Vault, wanted: &[String]) -> anyhow::Result<Vec<String>> {
    let mut ids = Vec::with_capacity(wanted.len());
    for w in wanted {
        let id = resolve(vault, w).await?.id;
        if !ids.contains(&id) {
            ids.push(id);
        }
    }
    Ok(ids)
}

// ---------------------------------------------------------------------------
// Output files

/// Refuses an existing file unless `--force`; checked before any work.
pub(crate) fn check_output(output: &Output) -> anyhow::Result<()> {
    if output.output.exists() && !output.force {
        return Err(Error::validation(
            "output",
            format!("{} already exists; use --force to replace it", output.output.display()),
        )
        .into());
    }
    Ok(())
}

/// The clock and the home time zone given on the command line, checked
/// before the vault opens.
fn pinned_options(zone: Option<&str>) -> anyhow::Result<BriefOptions> {
    let home_zone = zone.map(|z| meetings::zone("home_zone", z)).transpose()?;
    Ok(BriefOptions::new(clock::now()?, home_zone))
}

/// The options for a brief: the settings', with the home zone and the day
/// given on the command line.
async fn brief_options(vault: &Vault, pinned: BriefOptions) -> anyhow::Result<BriefOptions> {
    let settings = BriefOptions::from_settings(vault.pool(), pinned.now).await?;
    Ok(BriefOptions { home_zone: pinned.home_zone.or(settings.home_zone), since: pinned.since, ..settings })
}

/// "12 pages, 84 KB"
fn pages_and_size(written: &Exported) -> String {
    let kb = u64::from(written.bytes).div_ceil(1024);
    format!("{} {}, {kb} KB", written.pages, if written.pages == 1 { "page" } else { "pages" })
}

fn display(path: &Path) -> String {
    path.display().to_string()
}

// ---------------------------------------------------------------------------
// rapport brief

pub async fn brief(paths: &VaultPaths, args: BriefArgs) -> anyhow::Result<()> {
    check_output(&args.output)?;
    let since = match args.since.as_deref().map(str::trim) {
        None => None,
        Some(text) => Some(NaiveDate::parse_from_str(text, "%Y-%m-%d").map_err(|_| {
            Error::validation(
                "since",
                format!("--since \"{text}\" is not a date; write it as YYYY-MM-DD, e.g. 2026-11-25"),
            )
        })?),
    };
    let pinned = BriefOptions { since, ..pinned_options(args.home_zone.as_deref())? };
    let path = &args.output.output;
    let (meeting, written) = with_vault(paths, async |vault| {
        let meeting = resolve(vault, &args.meeting).await?;
        let options = brief_options(vault, pinned).await?.for_audience(args.audience);
        let written = brief::export_brief(vault.pool(), &meeting.id, path, &options).await?;
        Ok((meeting, written))
    })
    .await?;
    println!(
        "wrote {}: the brief for \"{}\" ({}, {}), {}",
        display(path),
        meeting.title,
        meeting.account_name,
        meeting.starts_local.replace('T', " "),
        pages_and_size(&written)
    );
    Ok(())
}

// ---------------------------------------------------------------------------
// rapport pack

pub async fn pack(paths: &VaultPaths, args: PackArgs) -> anyhow::Result<()> {
    check_output(&args.output)?;
    let pinned = pinned_options(args.home_zone.as_deref())?;
    let path = &args.output.output;
    let written = with_vault(paths, async |vault| {
        let request = PackRequest {
            from: args.from.clone(),
            to: args.to.clone(),
            trip: args.trip.clone(),
            meeting_ids: resolve_all(vault, &args.meetings).await?,
            traveller: args.traveller.clone(),
            include_declined: args.include_declined,
        };
        let options = brief_options(vault, pinned).await?.for_audience(args.audience);
        let terminal = std::io::stderr().is_terminal();
        let progress = move |done: usize, total: usize| {
            if terminal {
                eprint!("\rrendering {done}/{total}");
            }
            ControlFlow::Continue(())
        };
        let written = brief::export_pack(vault.pool(), &request, path, &options, progress).await;
        if terminal {
            eprintln!();
        }
        Ok(written?)
    })
    .await?;
    println!(
        "wrote {}: {} {}, {}",
        display(path),
        written.meetings,
        if written.meetings == 1 { "meeting" } else { "meetings" },
        pages_and_size(&written)
    );
    Ok(())
}

// ---------------------------------------------------------------------------
// rapport ics

pub async fn ics(paths: &VaultPaths, args: IcsArgs) -> anyhow::Result<()> {
    check_output(&args.output)?;
    let now = clock::now()?;
    let path = &args.output.output;
    let (calendar, count) = with_vault(paths, async |vault| {
        let query = MeetingQuery {
            from: args.from.clone(),
            to: args.to.clone(),
            trip: args.trip.clone(),
            ids: resolve_all(vault, &args.meetings).await?,
            ..Default::default()
        };
        Ok(meetings::calendar_for(vault.pool(), &query, now, args.audience).await?)
    })
    .await?;
    brief::write_atomically(path, calendar.as_bytes())?;
    println!("wrote {}: {count} {}", display(path), if count == 1 { "meeting" } else { "meetings" });
    Ok(())
}
