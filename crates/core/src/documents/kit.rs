//! The kit every document shares: what it is rendered for ([`BriefOptions`]),
//! what an export wrote ([`Exported`]), rendering off the async runtime and
//! writing the file all or nothing, and the small builders of table columns,
//! notes, dates, numbers and the blueprint's goals table. Briefs and packs
//! ([`crate::brief`]) and the reports ([`crate::report`]) both build on it
//! and never on each other's helpers. It reads the settings and nothing
//! else of the domain's state: what a document shows is passed in.

use std::ops::ControlFlow;
use std::path::Path;

use chrono::{DateTime, NaiveDate, Utc};
use chrono_tz::Tz;
use serde::{Deserialize, Serialize};
use sqlx::SqlitePool;

use crate::blueprint::{BlueprintData, Goal, Progress};
use crate::error::{Error, Result};
pub use crate::kinds::Audience;
use crate::pdf::{self as engine, Align, Block, Column, Document};
pub(crate) use crate::text::capitalised;

/// What a brief is rendered for: the clock (printed as the generation date,
/// and the only time source: same data + same clock = same bytes), the
/// traveller's home time zone, the day a brief's change list starts from
/// (`None`: since the last visit), the age after which a fact is stale, and
/// who may read it.
#[derive(Debug, Clone, Copy)]
pub struct BriefOptions {
    pub now: DateTime<Utc>,
    pub home_zone: Option<Tz>,
    /// "Changes since" this day instead of since the previous visit.
    pub since: Option<NaiveDate>,
    /// Facts older than this many days are marked stale on page one.
    pub stale_after_days: u32,
    /// Who the document is for: see [`Audience`]. The executive's copy
    /// (everything) unless an export says otherwise.
    pub audience: Audience,
}

impl BriefOptions {
    /// At `now`, with the defaults: since the last visit, stale after
    /// [`crate::settings::STALE_AFTER_DAYS`], for the executive.
    pub fn new(now: DateTime<Utc>, home_zone: Option<Tz>) -> Self {
        Self {
            now,
            home_zone,
            since: None,
            stale_after_days: crate::settings::STALE_AFTER_DAYS,
            audience: Audience::Executive,
        }
    }

    /// Uses the home time zone and the stale threshold from the settings;
    /// for the executive.
    pub async fn from_settings(pool: &SqlitePool, now: DateTime<Utc>) -> Result<Self> {
        let settings = crate::settings::get(pool).await?;
        let stale_after_days = settings.stale_after();
        let home_zone = match settings.home_time_zone {
            Some(name) => Some(crate::zone::zone("home_time_zone", &name)?),
            None => None,
        };
        Ok(Self { stale_after_days, ..Self::new(now, home_zone) })
    }

    /// The same, for another audience.
    pub fn for_audience(self, audience: Audience) -> Self {
        Self { audience, ..self }
    }

    /// The footer line of every page of a document for this audience.
    pub fn footer(&self) -> Option<String> {
        self.audience.footer().map(str::to_string)
    }

    /// The calendar day goals are due against: at home, or in UTC when no
    /// home zone is set (so the same clock gives the same brief anywhere).
    pub fn today(&self) -> chrono::NaiveDate {
        match self.home_zone {
            Some(zone) => self.now.with_timezone(&zone).date_naive(),
            None => self.now.date_naive(),
        }
    }
}

/// What an export wrote.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct Exported {
    pub path: String,
    pub pages: u32,
    pub bytes: u32,
    pub meetings: u32,
}

/// Renders a document and writes it to `path` (any report, not only briefs).
pub(crate) async fn write_document(doc: Document, path: &Path, meetings: u32) -> Result<Exported> {
    let rendered = render_blocking(doc, |_, _| ControlFlow::Continue(())).await?;
    write_atomically(path, &rendered.bytes)?;
    Ok(exported(path, &rendered, meetings))
}

pub(crate) fn exported(path: &Path, rendered: &engine::Rendered, meetings: u32) -> Exported {
    Exported {
        path: path.display().to_string(),
        pages: u32::try_from(rendered.pages).unwrap_or(u32::MAX),
        bytes: u32::try_from(rendered.bytes.len()).unwrap_or(u32::MAX),
        meetings,
    }
}

/// Lays out off the async runtime: a pack is CPU work.
pub(crate) async fn render_blocking(
    doc: Document,
    mut progress: impl FnMut(usize, usize) -> ControlFlow<()> + Send + 'static,
) -> Result<engine::Rendered> {
    tokio::task::spawn_blocking(move || engine::render_with(&doc, &mut progress))
        .await
        .map_err(|e| Error::Internal(format!("the PDF renderer stopped: {e}")))?
        .map_err(|e| match e {
            engine::PdfError::Cancelled => Error::Cancelled,
            other => Error::Internal(other.to_string()),
        })
}

/// Writes a file that holds the book in plain text, all or nothing, and
/// leaving nothing readable if the process is killed midway (see
/// [`crate::files::PrivateFile`]).
pub fn write_atomically(path: &Path, bytes: &[u8]) -> Result<()> {
    crate::files::write_private(path, bytes)
}

/// A blueprint as the customer may read it (the briefs' goals and the
/// blueprint report, shareable): the goals and how far along they are, but
/// not the sponsor's decisions and comments, the notes on check-ins nor the
/// ideas behind each goal.
pub(crate) fn plan_for_customer(plan: &mut BlueprintData) {
    let b = &mut plan.blueprint;
    b.reviews.clear();
    for c in &mut b.check_ins {
        c.note = None;
    }
    for g in &mut b.goals {
        g.idea_ids.clear();
    }
}

// ---------------------------------------------------------------------------
// Small builders shared by briefs, packs and reports

/// A left-aligned table column.
pub(crate) fn col(title: &str, width: f32) -> Column {
    Column { title: title.into(), width, align: Align::Left }
}

/// A quiet line where something is missing ("No feedback yet.").
pub(crate) fn note(text: &str) -> Block {
    Block::Note { text: text.into() }
}

/// "23 Nov 2026".
pub(crate) fn long_date(d: NaiveDate) -> String {
    d.format("%-d %b %Y").to_string()
}

/// The goals table of the blueprint report and of meeting briefs: goal, owner, counterpart, date,
/// measure, status and how far along.
pub(crate) fn goal_table(goals: &[Goal], progress: &Progress, name: impl Fn(&str) -> String) -> Block {
    let rows = goals
        .iter()
        .map(|g| {
            let p = progress.goals.iter().find(|p| p.goal_id == g.id);
            // The working goal carries the status of the latest check-in.
            let mut status = capitalised(p.map_or(g.status, |p| p.status).label());
            if p.is_some_and(|p| p.overdue) {
                status.push_str(", overdue");
            }
            vec![
                g.title.clone(),
                g.owner_id.as_deref().map(&name).unwrap_or_else(|| "—".into()),
                g.counterpart_id.as_deref().map(&name).unwrap_or_else(|| "—".into()),
                g.target_date.map(long_date).unwrap_or_else(|| "—".into()),
                g.measure
                    .as_ref()
                    .map(|m| format!("{}: {} → {} {}", m.metric, number(m.baseline), number(m.target), m.unit))
                    .unwrap_or_else(|| "—".into()),
                status,
                p.and_then(|p| p.percent).map(|v| format!("{v:.0}%")).unwrap_or_else(|| "—".into()),
            ]
        })
        .collect();
    Block::Table {
        columns: vec![
            col("Goal", 3.0),
            col("Owner", 1.6),
            col("Their side", 1.6),
            col("By", 1.5),
            col("Measure", 2.6),
            col("Status", 1.4),
            Column { title: "Done".into(), width: 0.9, align: Align::Right },
        ],
        rows,
    }
}

/// A measure's figure: whole numbers without a fraction.
pub(crate) fn number(v: f64) -> String {
    if v.fract() == 0.0 && v.abs() < 1e15 { format!("{v:.0}") } else { format!("{v}") }
}

/// "1,234,567".
pub(crate) fn group_thousands(v: i64) -> String {
    let digits = v.unsigned_abs().to_string();
    let mut out = String::new();
    for (i, ch) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(ch);
    }
    if v < 0 { format!("-{out}") } else { out }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn thousands_are_grouped() {
        assert_eq!(group_thousands(0), "0");
        assert_eq!(group_thousands(1234), "1,234");
        assert_eq!(group_thousands(-1_234_567), "-1,234,567");
    }
}
