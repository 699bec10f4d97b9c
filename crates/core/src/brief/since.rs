//! "Since your last visit": what changed at the brief's account since the
//! previous meeting with it (or a chosen day), read from the change log and
//! never guessed — and how old the facts on the first page are.
//!
//! The log keeps, for each edit, the fields it changed with their old and new
//! values. For every record touched in the window this module folds its
//! entries into what the record was at the start ([`Net::before`]) and what
//! it is now ([`Net::after`]), so an edit undone within the window says
//! nothing and a blueprint save (which rewrites its goals) shows only what
//! really moved. Entries of bulk loads (a book, a CSV file, the sample) carry
//! no fields and no news: they are skipped. Health is derived and not in the
//! log: it is compared between the score kept for the since-day (the last
//! one recorded on or before it, in `health_history`) and the score computed
//! now; with no score kept by then, there is no health line.

use std::collections::{BTreeMap, HashMap};

use chrono::{DateTime, NaiveDate, TimeZone, Utc};
use chrono_tz::Tz;
use serde_json::Value;
use sqlx::SqliteConnection;

use super::{BriefData, BriefOptions};
use crate::care::health::{self, HealthPart};
use crate::changes::{Change, ChangeAction, ChangeMode};
use crate::documents::kit::{col, note};
use crate::error::{Error, Result};
use crate::pdf::Block;

/// Lines shown on page one; the rest go to the "Changes since" section.
pub const FIRST_PAGE_LINES: usize = 5;

/// What changed at an account since a day.
#[derive(Debug, Clone, PartialEq)]
pub struct SinceLastVisit {
    /// The first day of the window.
    pub since: NaiveDate,
    pub reason: SinceReason,
    /// Oldest first.
    pub lines: Vec<ChangeLine>,
}

/// Why the window starts where it does.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SinceReason {
    /// The previous meeting with the account that one of our attendees went to.
    LastVisit { meeting_id: String, title: String },
    /// A day the user chose (`--since`, the export dialog).
    Chosen,
}

/// One thing that changed, on the day it changed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ChangeLine {
    pub on: NaiveDate,
    pub kind: ChangeKind,
    pub text: String,
}

/// What kind of change a line reports.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum ChangeKind {
    Joined,
    Left,
    Returned,
    Removed,
    Title,
    Level,
    TieNew,
    TieWeakened,
    TieStrengthened,
    TieEnded,
    TieOverdue,
    GoalNew,
    GoalMoved,
    GoalSlipped,
    GoalMet,
    GoalDropped,
    FeedbackOpened,
    FeedbackClosed,
    FeedbackReopened,
    HealthUp,
    HealthDown,
    CommitmentMade,
    CommitmentKept,
    CommitmentOpen,
    CommitmentLate,
    CommitmentDropped,
}

/// A commitment that moved in the window, as the commitments module reads
/// it: see [`commitment_lines`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CommitmentChange {
    pub on: NaiveDate,
    /// "Ines Okafor to Dana Whitfield".
    pub who: String,
    pub what: String,
    pub moved: CommitmentMove,
}

/// What happened to a commitment.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CommitmentMove {
    Made,
    Kept,
    /// Still open, due on the day.
    Open {
        by: Option<NaiveDate>,
    },
    Late {
        by: NaiveDate,
    },
    Dropped {
        reason: Option<String>,
    },
}

/// Commitments' changes as lines (made, kept, dropped, gone late). Which
/// moved is decided by `commitment_changes`; this only words them.
pub fn commitment_lines(changes: &[CommitmentChange]) -> Vec<ChangeLine> {
    changes
        .iter()
        .map(|c| {
            let (kind, text) = match &c.moved {
                CommitmentMove::Made => (ChangeKind::CommitmentMade, format!("Promise made ({}): {}", c.who, c.what)),
                CommitmentMove::Kept => (ChangeKind::CommitmentKept, format!("Promise kept ({}): {}", c.who, c.what)),
                CommitmentMove::Open { by: Some(by) } => {
                    (ChangeKind::CommitmentOpen, format!("Promise open ({}), due {}: {}", c.who, short(*by), c.what))
                }
                CommitmentMove::Open { by: None } => {
                    (ChangeKind::CommitmentOpen, format!("Promise open ({}): {}", c.who, c.what))
                }
                CommitmentMove::Late { by } => (
                    ChangeKind::CommitmentLate,
                    format!("Promise late ({}), was due {}: {}", c.who, short(*by), c.what),
                ),
                CommitmentMove::Dropped { reason } => (
                    ChangeKind::CommitmentDropped,
                    match reason {
                        Some(r) => format!("Promise dropped ({}): {} — {r}", c.who, c.what),
                        None => format!("Promise dropped ({}): {}", c.who, c.what),
                    },
                ),
            };
            ChangeLine { on: c.on, kind, text }
        })
        .collect()
}

impl SinceLastVisit {
    /// Adds lines computed elsewhere (commitments), keeping the order by day.
    pub fn add(&mut self, lines: Vec<ChangeLine>) {
        self.lines.extend(lines);
        sort(&mut self.lines);
    }

    /// "since your last visit on 3 Mar 2026 (Quarterly review)", "since 3 Mar 2026".
    pub fn heading(&self) -> String {
        match &self.reason {
            SinceReason::LastVisit { title, .. } => format!("Since your last visit: {}, {}", short(self.since), title),
            SinceReason::Chosen => format!("Since {}", short(self.since)),
        }
    }

    /// "Nothing has changed since 3 March 2026."
    pub fn nothing(&self) -> String {
        format!("Nothing has changed since {}.", self.since.format("%-d %B %Y"))
    }
}

fn sort(lines: &mut [ChangeLine]) {
    lines.sort_by(|a, b| a.on.cmp(&b.on).then(a.kind.cmp(&b.kind)).then_with(|| a.text.cmp(&b.text)));
}

// ---------------------------------------------------------------------------
// Reading

/// Where the window starts and why: the chosen day, else the previous visit.
/// `None` when nothing was chosen and there was no earlier meeting.
async fn window(
    conn: &mut SqliteConnection,
    data: &BriefData,
    options: &BriefOptions,
) -> Result<Option<(NaiveDate, DateTime<Utc>, SinceReason)>> {
    let zone = options.home_zone.unwrap_or(Tz::UTC);
    if let Some(day) = options.since {
        let start = zone
            .from_local_datetime(&day.and_time(chrono::NaiveTime::MIN))
            .earliest()
            .map_or_else(|| day.and_time(chrono::NaiveTime::MIN).and_utc(), |t| t.with_timezone(&Utc));
        return Ok(Some((day, start, SinceReason::Chosen)));
    }
    // The last visit that has begun: a meeting still ahead is not one.
    let before = data.starts_utc.min(options.now);
    let before = crate::text::timestamp(before);
    let Some(previous) = crate::store::meetings::previous(conn, &data.meeting.id, &data.account.id, &before).await?
    else {
        return Ok(None);
    };
    let ended = DateTime::parse_from_rfc3339(&previous.ends_utc)
        .map_err(|e| Error::Corrupt(format!("meeting time \"{}\": {e}", previous.ends_utc)))?
        .with_timezone(&Utc);
    let day = NaiveDate::parse_from_str(previous.starts_local.get(..10).unwrap_or_default(), "%Y-%m-%d")
        .map_err(|e| Error::Corrupt(format!("meeting time \"{}\": {e}", previous.starts_local)))?;
    Ok(Some((day, ended, SinceReason::LastVisit { meeting_id: previous.id, title: previous.title })))
}

/// What changed at the brief's account since the last visit or the chosen
/// day, up to `options.now`.
pub(crate) async fn load(
    conn: &mut SqliteConnection,
    data: &BriefData,
    options: &BriefOptions,
) -> Result<Option<SinceLastVisit>> {
    let Some((since, start, reason)) = window(conn, data, options).await? else {
        return Ok(None);
    };
    let zone = options.home_zone.unwrap_or(Tz::UTC);
    let day_of = |at: DateTime<Utc>| at.with_timezone(&zone).date_naive();
    let account_id = &data.account.id;
    let changes = crate::changes::account_between_in(conn, account_id, start, Some(options.now)).await?;
    let nets = fold(&changes);
    // The two ends of each tie touched, then every name the lines need, read
    // by id (people who have since gone included).
    let mut ends: HashMap<&str, (String, String)> = HashMap::new();
    for net in nets.iter().filter(|n| n.entity == "connection") {
        let pair = match (net.text("ours_id"), net.text("theirs_id")) {
            (Some(o), Some(t)) => Some((o.to_string(), t.to_string())),
            _ => crate::store::connections::ends(conn, net.id).await?,
        };
        ends.extend(pair.map(|p| (net.id, p)));
    }
    let mut wanted: Vec<&str> = Vec::new();
    for net in &nets {
        match net.entity {
            "person" => wanted.push(net.id),
            "feedback" => wanted.extend(net.text("person_id")),
            _ => {}
        }
    }
    wanted.extend(ends.values().flat_map(|(o, t)| [o.as_str(), t.as_str()]));
    let due: Vec<&crate::connections::Connection> = data
        .care
        .ties_due
        .iter()
        .filter(|(_, due)| *due >= since && *due < data.today)
        .filter_map(|(id, _)| data.relationship.connections.iter().find(|c| &c.id == id))
        .collect();
    wanted.extend(due.iter().flat_map(|c| [c.ours_id.as_str(), c.theirs_id.as_str()]));
    wanted.sort_unstable();
    wanted.dedup();
    let names: HashMap<String, String> =
        crate::store::people::names_of(conn, &wanted).await?.into_iter().map(|r| (r.id, r.name)).collect();
    let name = |id: &str| names.get(id).cloned().unwrap_or_else(|| "someone no longer listed".into());

    let mut lines = Vec::new();
    for net in &nets {
        match net.entity {
            "person" => lines.extend(person_lines(net, &name(net.id), &data.account.name, day_of)),
            "connection" => {
                let pair =
                    ends.get(net.id).map_or_else(|| "a tie".to_string(), |(o, t)| format!("{} – {}", name(o), name(t)));
                lines.extend(tie_lines(net, &pair, day_of));
            }
            "blueprint_goal" => {
                let goal_id = net.id.rsplit('/').next().unwrap_or(net.id);
                let title = net
                    .text("title")
                    .map(str::to_string)
                    .or_else(|| data.plan.as_ref().and_then(|p| p.blueprint.goal(goal_id)).map(|g| g.title.clone()));
                lines.extend(goal_lines(net, title.as_deref().unwrap_or("a goal"), day_of));
            }
            "feedback" => {
                let item = data.care.feedback.iter().find(|f| f.id == net.id);
                let text = net.text("text").map(str::to_string).or_else(|| item.map(|f| f.text.clone()));
                let from = net
                    .text("person_id")
                    .map(&name)
                    .or_else(|| item.and_then(|f| f.person_name.clone()))
                    .map(|n| format!(" from {n}"))
                    .unwrap_or_default();
                let what = match text {
                    Some(t) => format!("{from}: “{}”", gist(&t, 80)),
                    None => from,
                };
                lines.extend(feedback_lines(net, &what, day_of));
            }
            _ => {}
        }
    }
    // Ties past their cadence: derived from the last contact, so not in the
    // log; each fell due on a known day.
    for (id, due) in &data.care.ties_due {
        if *due < since || *due >= data.today {
            continue;
        }
        if let Some(c) = data.relationship.connections.iter().find(|c| &c.id == id) {
            lines.push(ChangeLine {
                on: *due,
                kind: ChangeKind::TieOverdue,
                text: format!("Tie went overdue: {} – {}, due {}", name(&c.ours_id), name(&c.theirs_id), short(*due)),
            });
        }
    }
    if let Some(line) = health_line(conn, data, since).await? {
        lines.push(line);
    }
    lines.extend(commitment_lines(&commitment_changes(conn, data, since, day_of).await?));
    sort(&mut lines);
    Ok(Some(SinceLastVisit { since, reason, lines }))
}

/// The account's commitments that moved in the window: made, kept or
/// dropped since `since`, or gone late on a day in it (late is derived from
/// the day they were due, so not in the log).
async fn commitment_changes(
    conn: &mut SqliteConnection,
    data: &BriefData,
    since: NaiveDate,
    day_of: impl Fn(DateTime<Utc>) -> NaiveDate,
) -> Result<Vec<CommitmentChange>> {
    use crate::commitments::{CommitmentQuery, CommitmentStatus};
    let query = CommitmentQuery { account_id: Some(data.account.id.clone()), ..Default::default() };
    let all = crate::commitments::list_in(conn, &query, data.today).await?;
    let in_window = |d: NaiveDate| d >= since && d <= data.today;
    let day = |s: &str| NaiveDate::parse_from_str(s, "%Y-%m-%d").ok();
    let mut out = Vec::new();
    for c in &all {
        let side = match c.side {
            crate::kinds::Side::Ours => "we",
            crate::kinds::Side::Theirs => "they",
        };
        let who = match (c.by_name.as_deref(), c.to_name.as_deref()) {
            (Some(by), Some(to)) => format!("{by} to {to}"),
            (Some(by), None) => by.to_string(),
            (None, Some(to)) => format!("{side} to {to}"),
            (None, None) => side.to_string(),
        };
        let change = |on: NaiveDate, moved: CommitmentMove| CommitmentChange {
            on,
            who: who.clone(),
            what: c.what.clone(),
            moved,
        };
        let made = day(&c.made_on);
        if let Some(on) = made.filter(|d| in_window(*d)) {
            out.push(change(on, CommitmentMove::Made));
        }
        match c.status {
            CommitmentStatus::Kept => {
                if let Some(on) = c.kept_on.as_deref().and_then(day).filter(|d| in_window(*d)) {
                    out.push(change(on, CommitmentMove::Kept));
                }
            }
            CommitmentStatus::Dropped => {
                let on = DateTime::parse_from_rfc3339(&c.updated_at).ok().map(|t| day_of(t.with_timezone(&Utc)));
                if let Some(on) = on.filter(|d| in_window(*d)) {
                    out.push(change(on, CommitmentMove::Dropped { reason: c.dropped_reason.clone() }));
                }
            }
            CommitmentStatus::Late => {
                if let Some(by) = c.due_on.as_deref().and_then(day).filter(|d| in_window(*d)) {
                    out.push(change(by, CommitmentMove::Late { by }));
                }
            }
            CommitmentStatus::Open => {}
        }
    }
    Ok(out)
}

/// Health then (the score kept on or before `since`) against health now.
async fn health_line(conn: &mut SqliteConnection, data: &BriefData, since: NaiveDate) -> Result<Option<ChangeLine>> {
    let Some(then) = crate::store::reports::score_on_or_before(conn, &data.account.id, since).await? else {
        return Ok(None);
    };
    let (inputs, _) = crate::care::account::inputs(conn, &data.account.id, data.today).await?;
    let now = health::score(&inputs);
    if now.score == then.score {
        return Ok(None);
    }
    let parts: Vec<(String, u32)> =
        serde_json::from_str(&then.parts).map_err(|e| Error::Corrupt(format!("a health score's parts: {e}")))?;
    let was = |part: HealthPart| parts.iter().find(|(p, _)| p == part.as_str()).map(|(_, points)| *points);
    let why: Vec<String> = now
        .parts
        .iter()
        .filter_map(|p| {
            let before = was(p.part)?;
            (before != p.points).then(|| format!("{} {before}→{} ({})", p.part.label(), p.points, p.reason))
        })
        .collect();
    let (kind, word) =
        if now.score > then.score { (ChangeKind::HealthUp, "up") } else { (ChangeKind::HealthDown, "down") };
    let mut text = format!("Health {word} from {} to {}", then.score, now.score);
    if !why.is_empty() {
        text.push_str(&format!(": {}", why.join("; ")));
    }
    Ok(Some(ChangeLine { on: data.today, kind, text }))
}

// ---------------------------------------------------------------------------
// Folding the log

/// One record as the window's entries leave it.
struct Net<'a> {
    entity: &'a str,
    id: &'a str,
    /// Live at the start of the window / at its end.
    existed: bool,
    exists: bool,
    first_at: DateTime<Utc>,
    last_at: DateTime<Utc>,
    /// Each logged field's value at the start, from the first entry naming it.
    before: BTreeMap<&'a str, &'a Value>,
    /// Each logged field's value at the end and when it was last written.
    after: BTreeMap<&'a str, (&'a Value, DateTime<Utc>)>,
}

impl<'a> Net<'a> {
    /// The field's value then and now, and when it changed, if it differs.
    fn moved(&self, field: &str) -> Option<(&'a Value, &'a Value, DateTime<Utc>)> {
        let (now, at) = *self.after.get(field)?;
        let then = *self.before.get(field)?;
        (then != now).then_some((then, now, at))
    }

    /// The field's latest known text value.
    fn text(&self, field: &str) -> Option<&'a str> {
        self.after.get(field).and_then(|(v, _)| v.as_str()).or_else(|| self.before.get(field)?.as_str())
    }
}

/// The edits of the window, record by record, in the order first touched.
fn fold(changes: &[Change]) -> Vec<Net<'_>> {
    let mut order: Vec<(&str, &str)> = Vec::new();
    let mut by_record: HashMap<(&str, &str), Vec<&Change>> = HashMap::new();
    for c in changes.iter().filter(|c| c.mode == ChangeMode::Edit) {
        let key = (c.entity.as_str(), c.entity_id.as_str());
        by_record
            .entry(key)
            .or_insert_with(|| {
                order.push(key);
                Vec::new()
            })
            .push(c);
    }
    order
        .into_iter()
        .map(|key| {
            let entries = &by_record[&key];
            let (first, last) = (entries[0], entries[entries.len() - 1]);
            let mut before = BTreeMap::new();
            let mut after = BTreeMap::new();
            for c in entries {
                for f in &c.fields {
                    before.entry(f.field.as_str()).or_insert(&f.old);
                    after.insert(f.field.as_str(), (&f.new, c.at));
                }
            }
            Net {
                entity: key.0,
                id: key.1,
                existed: !matches!(first.action, ChangeAction::Create | ChangeAction::Restore),
                exists: !matches!(last.action, ChangeAction::Delete | ChangeAction::Trash),
                first_at: first.at,
                last_at: last.at,
                before,
                after,
            }
        })
        .collect()
}

fn shown(v: &Value) -> Option<String> {
    match v {
        Value::Null => None,
        Value::String(s) if s.trim().is_empty() => None,
        Value::String(s) => Some(s.clone()),
        other => Some(other.to_string()),
    }
}

fn person_lines(net: &Net, name: &str, account: &str, day_of: impl Fn(DateTime<Utc>) -> NaiveDate) -> Vec<ChangeLine> {
    let mut out = Vec::new();
    let line = |at, kind, text: String| ChangeLine { on: day_of(at), kind, text };
    match (net.existed, net.exists) {
        (false, true) => {
            let title = net.text("title").map(|t| format!(", {t}")).unwrap_or_default();
            out.push(line(net.first_at, ChangeKind::Joined, format!("{name}{title} joined our records of {account}")));
            return out;
        }
        (true, false) => {
            out.push(line(net.last_at, ChangeKind::Removed, format!("{name} was taken off {account}'s people")));
            return out;
        }
        (false, false) => return out,
        (true, true) => {}
    }
    if let Some((_, now, at)) = net.moved("active") {
        if now.as_i64() == Some(0) {
            out.push(line(at, ChangeKind::Left, format!("{name} left {account}")));
        } else {
            out.push(line(at, ChangeKind::Returned, format!("{name} is back at {account}")));
        }
    }
    if let Some((then, now, at)) = net.moved("title") {
        let text = match (shown(then), shown(now)) {
            (Some(then), Some(now)) => format!("{name}'s title changed from {then} to {now}"),
            (None, Some(now)) => format!("{name}'s title is now {now}"),
            (Some(then), None) => format!("{name}'s title ({then}) was cleared"),
            (None, None) => return out,
        };
        out.push(line(at, ChangeKind::Title, text));
    }
    if let Some((then, now, at)) = net.moved("org_level")
        && let (Some(then), Some(now)) = (then.as_i64(), now.as_i64())
    {
        // Level 1 is the top of their organisation.
        let way = if now < then { "up" } else { "down" };
        out.push(line(at, ChangeKind::Level, format!("{name} moved {way} from level L{then} to L{now}")));
    }
    out
}

fn tie_lines(net: &Net, pair: &str, day_of: impl Fn(DateTime<Utc>) -> NaiveDate) -> Vec<ChangeLine> {
    let line = |at, kind, text: String| ChangeLine { on: day_of(at), kind, text };
    match (net.existed, net.exists) {
        (false, true) => {
            let how = match (net.text("dimension"), net.after.get("strength").and_then(|(v, _)| v.as_i64())) {
                (Some(d), Some(s)) => format!(" ({d}, {s}/5)"),
                _ => String::new(),
            };
            vec![line(net.first_at, ChangeKind::TieNew, format!("New tie: {pair}{how}"))]
        }
        (true, false) => vec![line(net.last_at, ChangeKind::TieEnded, format!("Tie ended: {pair}"))],
        (false, false) => Vec::new(),
        (true, true) => net
            .moved("strength")
            .and_then(|(then, now, at)| {
                let (then, now) = (then.as_i64()?, now.as_i64()?);
                Some(if now < then {
                    line(at, ChangeKind::TieWeakened, format!("Tie weakened: {pair}, {then}/5 to {now}/5"))
                } else {
                    line(at, ChangeKind::TieStrengthened, format!("Tie strengthened: {pair}, {then}/5 to {now}/5"))
                })
            })
            .into_iter()
            .collect(),
    }
}

/// How good a goal's status is, worst first: a move down the list is a slip.
fn status_rank(status: &str) -> u8 {
    match status {
        "off_track" => 0,
        "at_risk" => 1,
        "not_started" => 2,
        "on_track" => 3,
        _ => 4,
    }
}

fn goal_lines(net: &Net, title: &str, day_of: impl Fn(DateTime<Utc>) -> NaiveDate) -> Vec<ChangeLine> {
    let line = |at, kind, text: String| ChangeLine { on: day_of(at), kind, text };
    match (net.existed, net.exists) {
        (false, true) => return vec![line(net.first_at, ChangeKind::GoalNew, format!("New blueprint goal: {title}"))],
        (true, false) => {
            return vec![line(net.last_at, ChangeKind::GoalDropped, format!("Blueprint goal dropped: {title}"))];
        }
        (false, false) => return Vec::new(),
        (true, true) => {}
    }
    let mut out = Vec::new();
    if let Some((then, now, at)) = net.moved("status")
        && let (Some(then), Some(now)) = (then.as_str(), now.as_str())
    {
        let words = |s: &str| s.replace('_', " ");
        let (kind, text) = if now == "done" {
            (ChangeKind::GoalMet, format!("Blueprint goal met: {title}"))
        } else if status_rank(now) < status_rank(then) {
            (
                ChangeKind::GoalSlipped,
                format!("Blueprint goal slipped to {}: {title} (was {})", words(now), words(then)),
            )
        } else {
            (ChangeKind::GoalMoved, format!("Blueprint goal moved to {}: {title} (was {})", words(now), words(then)))
        };
        out.push(line(at, kind, text));
    }
    if let Some((then, now, at)) = net.moved("target_date") {
        let date = |v: &Value| v.as_str().and_then(|s| NaiveDate::parse_from_str(s, "%Y-%m-%d").ok());
        let text = match (date(then), date(now)) {
            (Some(a), Some(b)) if b > a => {
                Some((ChangeKind::GoalSlipped, format!("now due {} (was {})", short(b), short(a))))
            }
            (Some(a), Some(b)) => {
                Some((ChangeKind::GoalMoved, format!("brought forward to {} (was {})", short(b), short(a))))
            }
            (None, Some(b)) => Some((ChangeKind::GoalMoved, format!("now due {}", short(b)))),
            (Some(a), None) => Some((ChangeKind::GoalMoved, format!("no date any more (was {})", short(a)))),
            (None, None) => None,
        };
        if let Some((kind, what)) = text {
            out.push(line(at, kind, format!("Blueprint goal {title}: {what}")));
        }
    }
    out
}

fn feedback_lines(net: &Net, what: &str, day_of: impl Fn(DateTime<Utc>) -> NaiveDate) -> Vec<ChangeLine> {
    let line = |at, kind, text: String| ChangeLine { on: day_of(at), kind, text };
    let closed = |s: &str| matches!(s, "done" | "declined");
    match (net.existed, net.exists) {
        (false, true) => vec![line(net.first_at, ChangeKind::FeedbackOpened, format!("Feedback opened{what}"))],
        (true, true) => net
            .moved("state")
            .and_then(|(then, now, at)| {
                let (then, now) = (then.as_str()?, now.as_str()?);
                match (closed(then), closed(now)) {
                    (false, true) => {
                        Some(line(at, ChangeKind::FeedbackClosed, format!("Feedback closed ({now}){what}")))
                    }
                    (true, false) => Some(line(at, ChangeKind::FeedbackReopened, format!("Feedback reopened{what}"))),
                    _ => None,
                }
            })
            .into_iter()
            .collect(),
        _ => Vec::new(),
    }
}

// ---------------------------------------------------------------------------
// How old the first page's facts are

/// When each attendee's title was last set, and who of ours was at the last
/// contact.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct FactAges {
    /// Their attendees' ids, with the day their title was last written (by
    /// an edit; else the day the person was added).
    pub title_as_of: Vec<(String, NaiveDate)>,
    /// Our people at the latest interaction.
    pub last_contact_by: Vec<String>,
}

pub(crate) async fn fact_ages(conn: &mut SqliteConnection, data: &BriefData, zone: Tz) -> Result<FactAges> {
    let theirs: Vec<&crate::people::Person> = data.theirs().collect();
    let ids: Vec<&str> = theirs.iter().map(|p| p.id.as_str()).collect();
    let changed: HashMap<String, DateTime<Utc>> =
        crate::changes::field_changed_at(conn, "person", &ids, "title").await?.into_iter().collect();
    let title_as_of = theirs
        .iter()
        .filter_map(|p| {
            let at = changed
                .get(&p.id)
                .copied()
                .or_else(|| DateTime::parse_from_rfc3339(&p.created_at).ok().map(|t| t.with_timezone(&Utc)))?;
            Some((p.id.clone(), at.with_timezone(&zone).date_naive()))
        })
        .collect();
    let last_contact_by = match data.recent.first() {
        Some(last) => {
            let ids: Vec<&str> = last.people.iter().map(String::as_str).collect();
            let ours: HashMap<String, String> = crate::store::people::names_of(conn, &ids)
                .await?
                .into_iter()
                .filter(|r| r.ours)
                .map(|r| (r.id, r.name))
                .collect();
            last.people.iter().filter_map(|id| ours.get(id).cloned()).collect()
        }
        None => Vec::new(),
    };
    Ok(FactAges { title_as_of, last_contact_by })
}

// ---------------------------------------------------------------------------
// On paper

/// The compact block on page one: the first lines, and where the rest are.
pub fn first_page_block(data: &BriefData) -> Vec<Block> {
    let Some(since) = &data.since else {
        return vec![
            Block::Heading { text: "Since your last visit".into() },
            note(&format!(
                "No earlier meeting with {} on record: choose a day when exporting to list what changed since.",
                data.account.name
            )),
        ];
    };
    let mut blocks = vec![Block::Heading { text: since.heading() }];
    if since.lines.is_empty() {
        blocks.push(note(&since.nothing()));
        return blocks;
    }
    // Page one holds the latest few, in the order they happened.
    let shown = &since.lines[since.lines.len().saturating_sub(FIRST_PAGE_LINES)..];
    let items = shown.iter().map(|l| format!("{}: {}", short(l.on), gist(&l.text, 120)));
    blocks.push(Block::Bullets { items: items.collect() });
    if since.lines.len() > FIRST_PAGE_LINES {
        blocks.push(note(&format!(
            "… and {} earlier under “Changes since {}” later in this brief.",
            since.lines.len() - FIRST_PAGE_LINES,
            short(since.since)
        )));
    }
    blocks
}

/// The whole list, when page one could not hold it.
pub fn changes_section(data: &BriefData, _: &BriefOptions) -> Option<Vec<Block>> {
    let since = data.since.as_ref().filter(|s| s.lines.len() > FIRST_PAGE_LINES)?;
    let rows = since.lines.iter().map(|l| vec![short(l.on), l.text.clone()]).collect();
    Some(vec![
        Block::Heading { text: format!("Changes since {}", short(since.since)) },
        Block::Table { columns: vec![col("When", 1.4), col("What changed", 8.6)], rows },
    ])
}

/// "3 Mar 2026".
fn short(d: NaiveDate) -> String {
    d.format("%-d %b %Y").to_string()
}

/// Free text on one line, clipped to about `max` characters at a word.
fn gist(text: &str, max: usize) -> String {
    let flat = text.split_whitespace().collect::<Vec<_>>().join(" ");
    if flat.chars().count() <= max {
        return flat;
    }
    let cut: String = flat.chars().take(max).collect();
    let cut = match cut.rfind(' ') {
        Some(i) if i > max / 2 => &cut[..i],
        _ => cut.as_str(),
    };
    format!("{}…", cut.trim_end_matches([',', ';', ':', '.', ' ']))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::changes::FieldDiff;
    use serde_json::json;

    fn at(day: u32) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 3, day, 10, 0, 0).unwrap()
    }

    fn change(day: u32, action: ChangeAction, entity: &str, id: &str, fields: &[(&str, Value, Value)]) -> Change {
        Change {
            seq: i64::from(day),
            at: at(day),
            who: None,
            mode: ChangeMode::Edit,
            action,
            entity: entity.into(),
            entity_id: id.into(),
            account_id: Some("a".into()),
            fields: fields
                .iter()
                .map(|(f, o, n)| FieldDiff { field: (*f).into(), old: o.clone(), new: n.clone() })
                .collect(),
        }
    }

    #[test]
    fn a_goal_rewritten_by_a_save_shows_only_what_moved() {
        let goal = |status: &str, date: &str| {
            vec![("title", json!("Win the tender")), ("status", json!(status)), ("target_date", json!(date))]
        };
        let mut log = Vec::new();
        for (day, (old, new)) in [
            (5, (goal("on_track", "2026-06-30"), goal("on_track", "2026-06-30"))),
            (9, (goal("on_track", "2026-06-30"), goal("at_risk", "2026-09-30"))),
        ] {
            let gone: Vec<_> = old.iter().map(|(f, v)| (*f, v.clone(), Value::Null)).collect();
            let made: Vec<_> = new.iter().map(|(f, v)| (*f, Value::Null, v.clone())).collect();
            log.push(change(day, ChangeAction::Delete, "blueprint_goal", "bp/g1", &gone));
            log.push(change(day, ChangeAction::Create, "blueprint_goal", "bp/g1", &made));
        }
        let nets = fold(&log);
        assert_eq!(nets.len(), 1);
        let lines = goal_lines(&nets[0], "Win the tender", |t| t.date_naive());
        let texts: Vec<&str> = lines.iter().map(|l| l.text.as_str()).collect();
        assert_eq!(
            texts,
            [
                "Blueprint goal slipped to at risk: Win the tender (was on track)",
                "Blueprint goal Win the tender: now due 30 Sep 2026 (was 30 Jun 2026)"
            ]
        );
        assert!(lines.iter().all(|l| l.on == at(9).date_naive()), "dated by the save that moved it");
    }

    #[test]
    fn an_edit_undone_in_the_window_says_nothing_and_imports_are_not_news() {
        let log = vec![
            change(3, ChangeAction::Update, "person", "p", &[("title", json!("CFO"), json!("COO"))]),
            change(4, ChangeAction::Update, "person", "p", &[("title", json!("COO"), json!("CFO"))]),
            Change { mode: ChangeMode::Import, ..change(4, ChangeAction::Create, "person", "q", &[]) },
        ];
        let nets = fold(&log);
        assert_eq!(nets.len(), 1, "the import is skipped");
        assert!(person_lines(&nets[0], "Dana", "Acme", |t| t.date_naive()).is_empty());
    }

    #[test]
    fn commitments_come_in_through_the_hook() {
        let lines = commitment_lines(&[CommitmentChange {
            on: NaiveDate::from_ymd_opt(2026, 3, 4).unwrap(),
            who: "Ines Okafor to Dana Whitfield".into(),
            what: "send the pilot plan".into(),
            moved: CommitmentMove::Kept,
        }]);
        assert_eq!(lines[0].kind, ChangeKind::CommitmentKept);
        assert_eq!(lines[0].text, "Promise kept (Ines Okafor to Dana Whitfield): send the pilot plan");
    }
}
